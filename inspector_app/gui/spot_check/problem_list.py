"""What stands in the way, in red inside a dialog: an optional header line and one bullet a problem.

The dialogs of the spot-check window show the service's refusals here (in the interface language) instead of a
message box, so the form and everything typed in it stay in view while the inspector corrects it.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

logger = logging.getLogger(__name__)

PROBLEM_COLOUR = "#c62828"


class ProblemList(QLabel):
    """A rich-text label listing problems; hidden while there are none.

    Signals: none.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemsLabel")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._lines: list[str] = []
        self.hide()

    def problems(self) -> list[str]:
        """The header (when there is one) and the problems, as last shown."""
        return list(self._lines)

    def show_problems(self, problems: Sequence[str], header: str = "") -> None:
        """Show ``problems`` under ``header``; an empty list hides the label."""
        problems = list(problems)
        self._lines = ([header] if header and problems else []) + problems
        if not problems:
            self.clear()
            self.hide()
            return
        items = "".join(f"<li>{html.escape(line)}</li>" for line in problems)
        head = f"<p>{html.escape(header)}</p>" if header else ""
        self.setText(f"<div style='color:{PROBLEM_COLOUR}'>{head}<ul>{items}</ul></div>")
        self.show()
