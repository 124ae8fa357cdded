"""The `data` and `training` sections are declared once in the engine: every reader takes its
defaults from the declarations, a bad value is named with its path, and a change of a setting
goes through one engine call that tells its listeners what changed."""

import ast
from pathlib import Path

import pytest

from engine.data.prepare import prepare_data
from engine.data.synthetic import load as load_synthetic
from engine.graph import Graph
from engine.project import Project, SectionChanged
from engine.project_analysis import analyse_project
from engine.project_io import load_project, save_project
from engine.sections import DATA, SECTIONS, TRAINING, learning_rate
from engine.training.settings import SettingsError, read_settings

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*sorted((ROOT / "engine").rglob("*.py")), *sorted((ROOT / "gui").rglob("*.py")),
           ROOT / "main.py"]
DECLARATIONS = ROOT / "engine" / "sections"


def _numeric_defaults() -> dict[str, set]:
    """Each declared path -> its numeric default (a choice such as "none" is also written
    where it is meant, not as a default)."""
    found: dict[str, set] = {}
    for section in SECTIONS.values():
        for field in section.fields:
            if isinstance(field.default, int | float) and not isinstance(field.default, bool):
                found.setdefault(field.name, set()).add(field.default)
    return found


def _declared_choices() -> list[set]:
    return [set(f.choices) for s in SECTIONS.values() for f in s.fields if len(f.choices) > 1]


def _literal(node):
    return node.value if isinstance(node, ast.Constant) else None


def _restated(tree: ast.AST, defaults: dict[str, set]):
    """(line, path, value) of each default written again: `.get("epochs", 30)` (a read
    with a fallback, matched by its last key), `{"split": {"test": 0.2}}` (a written
    section, matched by its path), or a list of a setting's choices."""
    declared_paths = {f.name for section in SECTIONS.values() for f in section.fields}
    by_last_key: dict[str, set] = {}
    for path, values in defaults.items():
        by_last_key.setdefault(path.rsplit(".", 1)[-1], set()).update(values)

    def declared_at(path: str) -> set:
        """The defaults a written path may restate: its own, or for a single key that is no
        setting of its own ({"samples": 200} in a dataset), those of settings so named."""
        if "." not in path and path not in defaults and path not in declared_paths:
            return by_last_key.get(path, set())
        return {v for declared, values in defaults.items() for v in values
                if path == declared or path.endswith("." + declared)}

    def numeric(value):
        return isinstance(value, int | float) and not isinstance(value, bool)

    def in_dict(node: ast.Dict, prefix: str):
        for key, value in zip(node.keys, node.values, strict=True):
            name = _literal(key) if key is not None else None
            if not isinstance(name, str):
                continue
            path = f"{prefix}.{name}" if prefix else name
            if isinstance(value, ast.Dict):
                yield from in_dict(value, path)
            elif numeric(_literal(value)) and _literal(value) in declared_at(path):
                yield value.lineno, path, _literal(value)

    nested = {id(v) for n in ast.walk(tree) if isinstance(n, ast.Dict)
              for v in n.values if isinstance(v, ast.Dict)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict) and id(node) not in nested:
            yield from in_dict(node, "")
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("get", "setdefault") and len(node.args) == 2):
            key, value = _literal(node.args[0]), _literal(node.args[1])
            if isinstance(key, str) and numeric(value) and value in by_last_key.get(key, ()):
                yield node.lineno, key, value
        if isinstance(node, ast.List | ast.Tuple) and len(node.elts) > 1:
            items = {_literal(e) for e in node.elts}
            if any(items == choices for choices in _declared_choices()):
                yield node.lineno, "choices", sorted(items)


def test_no_source_outside_the_declarations_writes_a_section_default_again():
    defaults = _numeric_defaults()
    assert {"epochs", "batch_size", "split.test", "split.validation", "split.seed",
            "dataset.samples", "dataset.noise", "early_stopping.patience"} <= set(defaults)
    restated = []
    for path in SOURCES:
        if DECLARATIONS in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        restated += [f"{path.relative_to(ROOT)}:{line}: {key} = {value!r}"
                     for line, key, value in _restated(tree, defaults)]
    assert restated == []


def test_the_scan_finds_the_repeated_defaults_this_project_once_had():
    old = "\n".join([
        'epochs = spec.get("epochs", 30)',
        'dataset = {"source": "synthetic", "samples": 200, "noise": 0.1}',
        'training = {"epochs": 30, "batch_size": 32, "seed": 42}',  # a chosen seed is fine
        'data = {"split": {"test": 0.2, "validation": 0.25, "seed": 42}}',
        'SCALINGS = ["none", "standard", "divide255"]'])
    found = sorted((line, path) for line, path, _ in _restated(ast.parse(old),
                                                                 _numeric_defaults()))
    assert found == [(1, "epochs"), (2, "noise"), (2, "samples"), (3, "batch_size"),
                     (3, "epochs"), (4, "split.seed"), (4, "split.test"), (5, "choices")]


def test_each_setting_is_declared_once_with_a_default_that_passes_its_own_check():
    for section in SECTIONS.values():
        paths = [f.name for f in section.fields]
        assert len(paths) == len(set(paths)), section.name
        for field in section.fields:
            assert field.check(field.default) is None, field.name
            assert field.help, field.name


def test_readers_of_empty_sections_get_the_declared_defaults():
    settings = read_settings(None)
    assert settings.epochs == TRAINING.default("epochs") == 30
    assert settings.batch_size == TRAINING.default("batch_size") == 32
    assert settings.seed is TRAINING.default("seed") is None  # unseeded unless asked
    assert learning_rate(None) == 0.01 and learning_rate({"optimizer": {"name": "adam"}}) == 0.001
    early = read_settings({"early_stopping": {}}).early_stopping
    assert early == {"monitor": "val_loss", "patience": TRAINING.default("early_stopping.patience"),
                     "restore_best_weights": True}
    dataset = load_synthetic("moons")
    assert len(dataset.x) == DATA.default("dataset.samples")
    prepared = prepare_data({"dataset": {"source": "synthetic", "name": "moons"}})
    assert prepared.scaling == DATA.default("scaling") == "none"
    assert prepared.seed == DATA.default("split.seed") == 42
    total = sum(len(s) for s in prepared.splits.values())
    assert len(prepared.splits["test"]) == round(total * DATA.default("split.test"))


def test_a_bad_section_value_is_an_error_of_the_analysis_naming_its_path(tmp_path):
    project = Project("bad settings", Graph(), {"split": {"test": 1.5}, "scaling": "minmax"},
                      {"epochs": 0, "batch_size": "many", "early_stopping": 3})
    problems = {p.where: p for p in analyse_project(project).problems if p.where}
    assert problems["training.epochs"].message == ("expected an integer from 1 up to 1000000, "
                                                   "got 0")
    assert problems["training.batch_size"].is_error
    assert problems["training.early_stopping"].message == "expected null or an object, got 3"
    assert problems["data.split.test"].message.startswith("expected a number from 0 below 1")
    assert "data.scaling" in problems
    with pytest.raises(SettingsError, match="training.epochs: expected an integer"):
        read_settings({"epochs": 0})


def test_set_setting_writes_one_value_and_tells_listeners_with_a_typed_event():
    project = Project()
    heard: list[SectionChanged] = []
    project.subscribe_sections(heard.append)
    project.set_setting("training", "epochs", 12)
    assert project.training == {"epochs": 12}
    assert heard == [SectionChanged("training", None, {"epochs": 12})]
    assert project.setting("training", "batch_size") == 32
    assert project.set_setting("training", "epochs", 12) is None  # no change, no event
    project.set_setting("data", "split.seed", None)
    assert project.data == {"split": {"seed": None}}
    assert heard[-1].section == "data" and len(heard) == 2
    with pytest.raises(KeyError):
        project.set_setting("training", "epoch", 3)


def test_sections_written_through_the_api_round_trip_through_the_file(tmp_path):
    project = load_project(ROOT / "projects" / "xor.dendrite")
    project.set_setting("training", "early_stopping.patience", 4)
    project.set_setting("data", "split.validation", 0.0)
    save_project(project, tmp_path / "p.dendrite")
    again = load_project(tmp_path / "p.dendrite")
    assert again.training == project.training and again.data == project.data
    assert again.setting("training", "early_stopping.patience") == 4
    assert again.setting("data", "split.test") == project.setting("data", "split.test")
