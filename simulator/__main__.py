"""``python -m simulator``: the same as the ``coachsim`` command."""
from simulator.cli import main

main()
