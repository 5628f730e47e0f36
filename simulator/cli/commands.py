"""Registers every command module with the group (one import each)."""
from simulator.cli import cli

COMMAND_MODULES = [
    "simulator.cli.play",
    "simulator.cli.assess",
    "simulator.cli.serve",
]


def _load() -> None:
    import importlib

    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        cli.add_command(module.command)


_load()
