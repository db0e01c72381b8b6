"""Every error the core raises for a person to read.

Each subclass of :class:`AnnotError` carries a message that names the file (when there is
one) and says what is wrong in plain words. The CLI prints it on one line; the GUI shows it
in a dialog. Nothing here is Qt or SQL.
"""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: Path | str) -> str:
    """``path`` as text a person can read and any terminal can print: bytes of a file name
    that are not UTF-8 (kept by Python as lone surrogates) are shown as U+FFFD."""
    try:
        return os.fsencode(path).decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate that did not come from a file name's bytes
        return str(path).encode("utf-8", "replace").decode("utf-8")


class AnnotError(Exception):
    """Base of every error meant for the user."""

    def __init__(self, message: str, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.message = message
        where = display_path(self.path) if self.path is not None else ""
        super().__init__(f"{where}: {message}" if self.path is not None else message)


class ProjectError(AnnotError):
    """The project file cannot be opened or written."""


class ProjectNotFound(ProjectError):
    """There is no file at the given path."""


class NotAProject(ProjectError):
    """The file is not an annot project (not SQLite, or SQLite of another program)."""


class CorruptProject(ProjectError):
    """The file claims to be an annot project but is damaged or truncated."""


class ProjectTooNew(ProjectError):
    """The file was written by a newer annot whose schema this version does not know."""


class ProjectReadOnly(ProjectError):
    """The file (or its folder) cannot be written."""


class ProjectLocked(ProjectError):
    """Another process holds the project for writing (see :mod:`annot.core.lock`)."""

    def __init__(self, message: str, path: Path | str | None = None, *, joined: bool = False) -> None:
        super().__init__(message, path)
        if joined and self.path is not None:  # "P is open in annot (pid N): …", one sentence
            self.args = (f"{self.path} {message}",)

    def __str__(self) -> str:
        return str(self.args[0])


class ProjectExists(ProjectError):
    """A new project would overwrite an existing file."""


class ImportProblem(AnnotError):
    """A document or annotation file cannot be imported."""


class ExportProblem(AnnotError):
    """An export cannot be written where it was asked for (the target is left as it was)."""


class ValidationError(AnnotError):
    """A command was given values that break a rule (offsets, tags, links)."""


class HistoryConflict(ValidationError):
    """Undo or redo was refused: another program changed the project since, and the step
    would have touched its work. Nothing was changed; the undo history is cleared."""


class NotFound(AnnotError):
    """An id names nothing in the project."""


class NothingToUndo(AnnotError):
    """Undo or redo was asked for with an empty stack."""


class Cancelled(AnnotError):
    """The person cancelled a long operation through its progress callback; nothing was written."""
