"""Every command and the module that defines it (as ``command``), imported only when used.

Add a command by adding one line here. Loading lazily keeps ``coachsim --help`` and the
app's start-up from importing every command's dependencies.
"""

COMMANDS: dict[str, str] = {
    "app": "simulator.cli.app",
    "play": "simulator.cli.play",
    "assess": "simulator.cli.assess",
    "serve": "simulator.cli.serve",
    "validate": "simulator.cli.validate",
    "schema": "simulator.cli.schema",
    "diagram": "simulator.cli.diagram",
    "calibrate": "simulator.cli.calibrate",
    "drill": "simulator.cli.drill",
    "review": "simulator.cli.review",
    "config": "simulator.cli.config",
    "portfolio": "simulator.cli.portfolio",
}
