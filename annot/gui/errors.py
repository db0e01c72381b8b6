"""One place where errors meet the person: every core :class:`AnnotError` becomes a clear
dialog, never a traceback. Tests patch :func:`show_error` (call it as ``errors.show_error``)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from annot.core.errors import AnnotError


def describe(error: BaseException | str) -> str:
    """The text a person reads: the file's name first, then what is wrong."""
    if isinstance(error, AnnotError):
        if error.path is not None:
            return f"{error.path.name} {error.message}\n\n{error.path}"
        return error.message[:1].upper() + error.message[1:]
    return str(error)


def show_error(parent: QWidget | None, error: BaseException | str, title: str = "annot") -> None:
    """Show ``error`` in a modal warning box."""
    QMessageBox.warning(parent, title, describe(error))


@contextmanager
def reporting(parent: QWidget | None, title: str = "annot") -> Iterator[None]:
    """Run a block; a core error raised inside becomes a dialog instead of propagating."""
    try:
        yield
    except AnnotError as exc:
        show_error(parent, exc, title)


def install_excepthook() -> None:
    """Unexpected exceptions go to stderr and a short dialog; the app keeps running."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        import traceback

        traceback.print_exception(kind, value, tb, file=sys.stderr)
        if isinstance(value, AnnotError):
            show_error(None, value)
        else:
            show_error(None, f"Something went wrong inside annot ({kind.__name__}: {value}).\n\n"
                       "Your work up to the last action is saved in the project file.")

    sys.excepthook = hook
