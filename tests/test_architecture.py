"""The layers hold: engine/ never imports gui/ or Qt (directly or through another module),
and gui/ uses only the engine's public modules, never one whose name starts with "_"."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _private_engine_modules() -> list[str]:
    names = []
    for path in sorted((ROOT / "engine").rglob("_*.py")):
        if path.name == "__init__.py":
            continue
        names.append(".".join(path.relative_to(ROOT).with_suffix("").parts))
    return names


def test_import_contracts_hold(tmp_path):
    private = _private_engine_modules()
    config = (ROOT / ".importlinter").read_text(encoding="utf-8")
    if private:
        config += ("\n[importlinter:contract:gui-uses-public-engine]\n"
                   "name = gui/ imports no private engine module\n"
                   "type = forbidden\nallow_indirect_imports = True\n"
                   "source_modules =\n    gui\nforbidden_modules =\n"
                   + "".join(f"    {name}\n" for name in private))
    path = tmp_path / "contracts.ini"
    path.write_text(config, encoding="utf-8")
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache", str(path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
