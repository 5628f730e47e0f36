"""coachsim: an offline practice room for health coaching."""

__version__ = "0.1.0"
