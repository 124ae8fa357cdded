"""Headless commands of `main.py`. Each is a module with HELP, add_arguments(parser) and
run(args) -> exit code; adding a command means one line in COMMANDS."""

import importlib

COMMANDS = {
    "check": "engine.commands.check",
    "summary": "engine.commands.summary",
    "train": "engine.commands.train",
    "export": "engine.commands.export",
    "import": "engine.commands.import_model",
    "trace": "engine.commands.trace",
    "gradients": "engine.commands.gradients",
    "runs": "engine.commands.runs",
    "search": "engine.commands.search",
}


def load(name: str):
    return importlib.import_module(COMMANDS[name])
