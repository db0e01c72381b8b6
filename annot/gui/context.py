"""What an operation (a menu's work: import, export, merge, review…) may use of the window:
the session, the preferences, a parent for its dialogs, the status bar and the one progress
helper — and nothing else. The window builds one :class:`OpContext` (again only when the
preferences change); operations never import the window, so they can be driven from a test
with a context of their own, and the window's modules cannot form a cycle again (an
import-linter contract in ``pyproject.toml`` says so)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from annot.core.progress import Progress
    from annot.core.settings import Settings
    from annot.gui.session import Session

T = TypeVar("T")
STATUS_MS = 8000  # how long a status message stays


def run_with_progress(parent: QWidget | None, label: str, work: Callable[[Progress], T]) -> T:
    """The one progress helper (:func:`annot.gui.progress.run_with_progress`), looked up when
    called, so that a test may stand in for it."""
    from annot.gui import progress

    return progress.run_with_progress(parent, label, work)


def _silent(_text: str, _ms: int = STATUS_MS) -> None:
    pass


@dataclass(frozen=True)
class OpContext:
    session: Session
    settings: Settings
    parent: QWidget | None = None  # the dialogs' parent
    status: Callable[[str, int], None] = _silent  # (message, milliseconds shown)
    progress: Callable[[QWidget | None, str, Callable[[Progress], Any]], Any] = field(
        default=run_with_progress
    )

    def run(self, label: str, work: Callable[[Progress], T]) -> T:
        """``work(progress)`` under the progress dialog (its Cancel works)."""
        result: T = self.progress(self.parent, label, work)
        return result

    def say(self, text: str, ms: int = STATUS_MS) -> None:
        self.status(text, ms)

    @property
    def project_path(self) -> Path:
        return self.session.project.path
