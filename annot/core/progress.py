"""The one progress type of every long operation (imports, merges, exports, agreement).

A long operation takes ``progress(done, total) -> keep going?`` and, when it returns False,
stops with :class:`annot.core.errors.Cancelled` (or a subclass naming the operation),
leaving the project and the files as they were. The GUI's one progress helper
(:mod:`annot.gui.progress`) hands in a callable that moves its dialog and lets the window
repaint; the CLI passes None.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from annot.core.errors import Cancelled

Progress = Callable[[int, int], bool]  # (done, total) -> keep going?

__all__ = ["IMPORT_CANCELLED", "Cancelled", "Progress", "check"]


IMPORT_CANCELLED = "the import was cancelled; nothing was imported"  # every import says this


def check(
    progress: Progress | None, done: int, total: int, message: str, path: Path | str | None = None
) -> None:
    """Report ``done`` of ``total``; raise :class:`Cancelled` (``message``, naming ``path``)
    when told to stop."""
    if progress is not None and not progress(done, total):
        raise Cancelled(message, path)
