"""The File menu's work: new/open project, import documents, export CSV tables.

Import and export show a cancellable progress dialog (:mod:`annot.gui.progress`); every
core error becomes a dialog (:mod:`annot.gui.errors`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annot.core.errors import AnnotError, Cancelled
from annot.gui import errors
from annot.gui.dialogs.files import FileDialogs
from annot.gui.progress import run_with_progress

if TYPE_CHECKING:
    from annot.gui.window import MainWindow


def import_paths(window: MainWindow, paths: Sequence[str | Path]) -> int:
    """Import text files as documents (one undo step); returns how many were added."""
    paths = [Path(p) for p in paths]
    if not paths:
        return 0
    project = window.session.project
    try:
        result = run_with_progress(
            window, f"Importing {len(paths)} file{'s' if len(paths) != 1 else ''}…",
            lambda progress: project.import_files(paths, progress=progress),
        )  # fmt: skip
    except AnnotError as exc:
        errors.show_error(window, exc, "Import")
        return 0
    # (one command through the history: the session told the views)
    n = len(result.added)
    window.statusBar().showMessage(f"Imported {n} document{'s' if n != 1 else ''}.", 5000)
    notes = list(result.problems) + [f"{name} is already in the project" for name in result.duplicates]
    if notes or result.notes:  # result.notes: files read with a repair (a cut last character)
        head = f"Imported {n} of {len(paths)} files." + (" Skipped:\n\n" if notes else "\n\n")
        shown = notes[:20] + (["…"] if len(notes) > 20 else []) + [f"Note: {x}" for x in result.notes[:10]]
        errors.show_error(window, head + "\n".join(shown), "Import")
    if result.added:
        window.panes.open_document(result.added[0])
    return n


def import_documents(window: MainWindow) -> None:
    import_paths(window, FileDialogs.import_documents(window))


def export_table(window: MainWindow, which: str) -> Path | None:
    """Export the claims (``which="claims"``) or all annotations as CSV."""
    from annot.core.export import tables

    settings = window.settings
    project_path = window.session.project.path
    scope = _claims_scope(window) if which == "claims" else None
    if scope is _CANCEL:
        return None
    status = scope
    suggested = f"{project_path.stem}-{which}.csv"  # in the folder the dialog starts in
    title = "Export claims CSV" if which == "claims" else "Export annotations CSV"
    target = FileDialogs.export_csv(window, title, suggested)
    if target is None:
        return None
    export = tables.export_claims if which == "claims" else tables.export_annotations
    try:
        rows = run_with_progress(
            window, f"Exporting {which}…",
            lambda progress: export(
                window.session.store, target, excel_bom=settings.excel_bom,
                escape_formulas=settings.escape_formulas, progress=progress,
                status=status,
            ),
        )  # fmt: skip
    except Cancelled:
        window.statusBar().showMessage("Export cancelled; no file was written.", 5000)
        return None
    except AnnotError as exc:
        errors.show_error(window, exc, title)
        return None
    window.statusBar().showMessage(f"Exported {rows} row{'s' if rows != 1 else ''} to {target}.", 8000)
    return target


def save_copy(window: MainWindow) -> Path | None:
    """File ▸ Save a copy for a colleague…: the whole project as one self-contained file
    (through SQLite, never by copying the open file)."""
    project = window.session.project
    target = FileDialogs.save_copy(window, f"{project.path.stem}-copy.annot")
    if target is None:
        return None
    try:
        project.save_copy(target, replace=True)  # the dialog asked before replacing a file
    except AnnotError as exc:
        errors.show_error(window, exc, "Save a copy")
        return None
    window.statusBar().showMessage(f"Saved a copy of the project to {target}.", 8000)
    return target


_CANCEL = object()


def _claims_scope(window: MainWindow) -> Any:
    """The claims to export: the reviewed set (status accepted) or everything (None), asked
    once a review exists; ``_CANCEL`` when the user cancels."""
    from annot.core.model import Role, Status
    from annot.core.review import has_review
    from annot.gui.dialogs.claims_scope import EVERYTHING, ClaimsScopeDialog

    store = window.session.store
    if not has_review(store):
        return None
    reviewed = store.export_count(role=Role.CLAIM, status=Status.ACCEPTED)
    answer = ClaimsScopeDialog.ask(window, reviewed, store.export_count(role=Role.CLAIM))
    if answer is None:
        return _CANCEL
    return None if answer == EVERYTHING else Status.ACCEPTED


def new_project(window: MainWindow) -> None:
    from annot.core.project import Project

    path = FileDialogs.new_project(window)
    if path is None:
        return
    try:
        Project.create(path).close()
    except AnnotError as exc:
        errors.show_error(window, exc, "New project")
        return
    window.switch_project(path)


def open_project(window: MainWindow, path: Path | None = None) -> None:
    if path is None:
        path = FileDialogs.open_project(window)
        if path is None:
            return
    window.switch_project(path)
