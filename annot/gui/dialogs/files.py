"""File choosers, behind classmethods so tests can patch them; all through :func:`choose`.

Every file dialog of annot is built by :func:`choose`: Qt's own (non-native) dialog with an
icon provider that names and draws files from their names alone. Qt's stock provider asks
the MIME database for the type of each file listed, which opens and closes the file to
sniff it (an ``.annot`` extension is unknown to it); in the process that holds the project,
that close drops SQLite's locks on it (POSIX locks belong to the process) and lets another
process damage the project. A native dialog would run the desktop's code in this process,
with the same risk, so it is never used.

The dialogs start in the folder used last (kept with the window state), or the user's
documents folder the first time, never in annot's hidden data folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileInfo, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QMessageBox, QWidget

from annot.core.lock import part_of_open_project
from annot.gui import state

PROJECTS = "annot projects (*.annot);;All files (*)"
TEXTS = (
    "Documents (*.txt *.md *.text *.markdown *.html *.htm *.xhtml *.docx *.pdf);;"
    "Text files (*.txt *.md *.text *.markdown);;Web pages (*.html *.htm *.xhtml);;"
    "Word documents (*.docx);;PDF documents (*.pdf);;All files (*)"
)
CSV = "CSV files (*.csv)"
ANNOTATIONS = (
    "Annotations (*.csv *.jsonld *.json *.qdpx *.qdc);;REFI-QDA projects (*.qdpx);;"
    "REFI-QDA codebooks (*.qdc);;All files (*)"
)
JSONLD = "W3C Web Annotations (*.jsonld *.json)"

OPEN, OPEN_MANY, SAVE, FOLDER = "open", "open-many", "save", "folder"


class SafeIconProvider(QFileIconProvider):
    """Icons and type names from a file's name only: it never opens a file."""

    def __init__(self) -> None:
        super().__init__()
        self.setOptions(QFileIconProvider.Option.DontUseCustomDirectoryIcons)
        self._file = super().icon(QFileIconProvider.IconType.File)
        self._folder = super().icon(QFileIconProvider.IconType.Folder)

    def icon(self, what: Any) -> Any:  # QFileInfo, or an IconType
        if isinstance(what, QFileInfo):
            return self._folder if what.isDir() else self._file
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        suffix = info.suffix().lower()
        if suffix == "annot":
            return "annot project"
        return f"{suffix.upper()} file" if suffix else "File"


def documents_folder() -> str:
    """The user's documents folder (their home folder when there is none)."""
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return docs if docs and Path(docs).is_dir() else str(Path.home())


def start_folder() -> str:
    """Where a file dialog opens: the folder used last, else the documents folder."""
    last = state.last_folder()
    return last if last and Path(last).is_dir() else documents_folder()


def _exec(dialog: QFileDialog) -> bool:
    """Show ``dialog`` modally; True when the person chose (tests replace this)."""
    return bool(dialog.exec())


def make_dialog(
    parent: QWidget | None, title: str, filters: str = "", mode: str = OPEN, suggested: str = "", suffix: str = ""
) -> QFileDialog:
    """A file dialog that never reads the files it lists (see the module's docstring)."""
    dialog = QFileDialog(parent, title, start_folder(), filters)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setOption(QFileDialog.Option.DontUseCustomDirectoryIcons, True)
    provider = SafeIconProvider()
    dialog.setIconProvider(provider)
    dialog._annot_icons = provider  # type: ignore[attr-defined]  # kept alive with the dialog
    if mode == SAVE:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        if suffix:  # added to a name typed without one, before the overwrite question
            dialog.setDefaultSuffix(suffix)
        if suggested:
            dialog.selectFile(Path(suggested).name)
    elif mode == FOLDER:
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles if mode == OPEN_MANY else QFileDialog.FileMode.ExistingFile)
    return dialog


def choose(
    parent: QWidget | None, title: str, filters: str = "", mode: str = OPEN, *,
    suggested: str = "", suffix: str = "", plain_file: bool = True,
) -> list[Path]:  # fmt: skip
    """Ask for files (or a folder); [] when cancelled. The folder is remembered.
    ``plain_file``: the choice is read or written as an ordinary file, so a project open
    in annot (or one of its -wal/-shm companions) is refused with a message."""
    dialog = make_dialog(parent, title, filters, mode, suggested, suffix)
    try:
        if not _exec(dialog):
            return []
        chosen = [Path(p) for p in dialog.selectedFiles() if p]
    finally:
        dialog.deleteLater()
    if not chosen:
        return []
    state.remember_folder(str(chosen[0] if mode == FOLDER else chosen[0].parent))
    if plain_file and any(part_of_open_project(p) for p in chosen):
        QMessageBox.warning(parent, title, "That is a project open in annot: choose another file.")
        return []
    return chosen


def _with_suffix(paths: list[Path], suffix: str) -> Path | None:
    if not paths:
        return None
    p = paths[0]
    return p if p.suffix else p.with_suffix(suffix)


class FileDialogs:
    @classmethod
    def open_project(cls, parent: QWidget | None, folder: str = "") -> Path | None:
        chosen = choose(parent, "Open project", PROJECTS, OPEN, plain_file=False)
        return chosen[0] if chosen else None

    @classmethod
    def new_project(cls, parent: QWidget | None, folder: str = "") -> Path | None:
        return _with_suffix(choose(parent, "New project", PROJECTS, SAVE, suffix="annot"), ".annot")

    @classmethod
    def import_documents(cls, parent: QWidget | None, folder: str = "") -> list[Path]:
        return choose(parent, "Import documents", TEXTS, OPEN_MANY)

    @classmethod
    def export_csv(cls, parent: QWidget | None, title: str, suggested: str) -> Path | None:
        return _with_suffix(choose(parent, title, CSV, SAVE, suggested=suggested, suffix="csv"), ".csv")

    @classmethod
    def import_annotations(cls, parent: QWidget | None, folder: str = "") -> Path | None:
        chosen = choose(parent, "Import annotations", ANNOTATIONS, OPEN)
        return chosen[0] if chosen else None

    @classmethod
    def brat_folder(cls, parent: QWidget | None, title: str, folder: str = "") -> Path | None:
        """A folder of brat ``.txt``/``.ann`` pairs (to import, or to export into)."""
        chosen = choose(parent, title, "", FOLDER)
        return chosen[0] if chosen else None

    @classmethod
    def export_jsonld(cls, parent: QWidget | None, suggested: str) -> Path | None:
        chosen = choose(parent, "Export W3C Web Annotations", JSONLD, SAVE, suggested=suggested, suffix="jsonld")
        return _with_suffix(chosen, ".jsonld")

    @classmethod
    def save_copy(cls, parent: QWidget | None, suggested: str) -> Path | None:
        """File ▸ Save a copy for a colleague…"""
        return _with_suffix(
            choose(parent, "Save a copy for a colleague", PROJECTS, SAVE, suggested=suggested, suffix="annot"), ".annot"
        )
