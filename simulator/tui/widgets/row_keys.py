"""Home and End for list screens: DataTable's own Home/End scroll sideways, which does nothing
useful for a list of rows."""
from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable

ROW_JUMP_BINDINGS = [
    Binding("home", "first_row", "First", show=False, priority=True),
    Binding("end", "last_row", "Last", show=False, priority=True),
]


class RowJumps:
    """Mixed into a Screen that holds one row-cursor DataTable."""

    def action_first_row(self) -> None:
        """Move to the first row."""
        self.query_one(DataTable).move_cursor(row=0)

    def action_last_row(self) -> None:
        """Move to the last row."""
        table = self.query_one(DataTable)
        table.move_cursor(row=max(0, table.row_count - 1))
