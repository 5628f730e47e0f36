"""Drills: short timed exercises whose answers are coded by the real rubric."""
from simulator.drills.load import bundled_drills, check_references, load_drill, read_drill
from simulator.drills.models import Drill, Item, Scoring

__all__ = ["Drill", "Item", "Scoring", "bundled_drills", "check_references", "load_drill",
           "read_drill"]
