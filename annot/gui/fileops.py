"""The File menu's work: new/open project, import documents, export CSV tables.

Each operation takes the window's :class:`~annot.gui.context.OpContext`, never the window:
it returns what the window should show next (the documents added, the project to open).
Import and export run under the one progress helper (its Cancel works); every core error
becomes a dialog (:mod:`annot.gui.errors`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from annot.core.errors import AnnotError, Cancelled
from annot.core.model import DocumentId
from annot.gui import errors
from annot.gui.context import OpContext
from annot.gui.dialogs.files import FileDialogs


def import_paths(ctx: OpContext, paths: Sequence[str | Path]) -> list[DocumentId]:
    """Import text files as documents (one undo step); returns the documents added. Says
    what was done as every import does: the report's headline in the status bar, its
    summary (the CLI's text) in a box when a file was skipped, refused or repaired."""
    paths = [Path(p) for p in paths]
    if not paths:
        return []
    project = ctx.session.project
    try:
        report = ctx.run(
            f"Importing {len(paths)} file{'s' if len(paths) != 1 else ''}…",
            lambda progress: project.import_files(paths, progress=progress, initiator=ctx.initiator),
        )  # fmt: skip
    except Cancelled:
        ctx.say("Import cancelled; nothing was imported.", 5000)
        return []
    except AnnotError as exc:
        errors.show_error(ctx.parent, exc, "Import")
        return []
    # (one command through the history: the session told the views)
    headline = report.headline()
    ctx.say(headline[:1].upper() + headline[1:] + ".", 5000)
    if report.problems or report.duplicates or report.notes:  # the summary, in the error box
        errors.show_error(ctx.parent, report.summary(), "Import documents")
    return list(report.document_ids)


def import_documents(ctx: OpContext) -> list[DocumentId]:
    return import_paths(ctx, FileDialogs.import_documents(ctx.parent))


def export_table(ctx: OpContext, which: str) -> Path | None:
    """Export the claims (``which="claims"``) or all annotations as CSV."""
    from annot.core.export import tables

    settings = ctx.settings
    project_path = ctx.project_path
    scope = _claims_scope(ctx) if which == "claims" else None
    if scope is _CANCEL:
        return None
    status = scope
    suggested = f"{project_path.stem}-{which}.csv"  # in the folder the dialog starts in
    title = "Export claims CSV" if which == "claims" else "Export annotations CSV"
    target = FileDialogs.export_csv(ctx.parent, title, suggested)
    if target is None:
        return None
    export = tables.export_claims if which == "claims" else tables.export_annotations
    try:
        rows = ctx.run(
            f"Exporting {which}…",
            lambda progress: export(
                ctx.session.store, target, excel_bom=settings.excel_bom,
                escape_formulas=settings.escape_formulas, progress=progress,
                status=status,
            ),
        )  # fmt: skip
    except Cancelled:
        ctx.say("Export cancelled; no file was written.", 5000)
        return None
    except AnnotError as exc:
        errors.show_error(ctx.parent, exc, title)
        return None
    ctx.say(f"Exported {rows} row{'s' if rows != 1 else ''} to {target}.", 8000)
    return target


def save_copy(ctx: OpContext) -> Path | None:
    """File ▸ Save a copy for a colleague…: the whole project as one self-contained file
    (through SQLite, never by copying the open file)."""
    project = ctx.session.project
    target = FileDialogs.save_copy(ctx.parent, f"{project.path.stem}-copy.annot")
    if target is None:
        return None
    try:
        project.save_copy(target, replace=True)  # the dialog asked before replacing a file
    except AnnotError as exc:
        errors.show_error(ctx.parent, exc, "Save a copy")
        return None
    ctx.say(f"Saved a copy of the project to {target}.", 8000)
    return target


_CANCEL = object()


def _claims_scope(ctx: OpContext) -> Any:
    """The claims to export: the reviewed set (status accepted) or everything (None), asked
    once a review exists; ``_CANCEL`` when the user cancels."""
    from annot.core.model import Role, Status
    from annot.core.review import has_review
    from annot.gui.dialogs.claims_scope import EVERYTHING, ClaimsScopeDialog

    store = ctx.session.store
    if not has_review(store):
        return None
    reviewed = store.export_count(role=Role.CLAIM, status=Status.ACCEPTED)
    answer = ClaimsScopeDialog.ask(ctx.parent, reviewed, store.export_count(role=Role.CLAIM))
    if answer is None:
        return _CANCEL
    return None if answer == EVERYTHING else Status.ACCEPTED


def new_project(ctx: OpContext) -> Path | None:
    """File ▸ New project…: the new project's path (the window opens it), or None."""
    from annot.core.project import Project

    path = FileDialogs.new_project(ctx.parent)
    if path is None:
        return None
    try:
        Project.create(path).close()
    except AnnotError as exc:
        errors.show_error(ctx.parent, exc, "New project")
        return None
    return path


def choose_project(ctx: OpContext) -> Path | None:
    """File ▸ Open project…: the project chosen (the window opens it), or None."""
    return FileDialogs.open_project(ctx.parent)
