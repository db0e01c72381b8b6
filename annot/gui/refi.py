"""REFI-QDA in the window: File ▸ Export REFI-QDA project…, and the Codebook dock's
⋯ menu (import/export of a ``.qdc`` codebook). (A ``.qdpx`` is imported by File ▸ Import
annotations…, like the other interchange formats.) The export takes the window's
:class:`~annot.gui.context.OpContext`; the codebook's two take the session and the dock."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from annot.core.errors import AnnotError
from annot.gui import errors
from annot.gui.context import OpContext
from annot.gui.dialogs.refi import RefiDialogs
from annot.gui.dialogs.simple import Summary

if TYPE_CHECKING:
    from annot.gui.session import Session


def export_qdpx(ctx: OpContext) -> Path | None:
    """File ▸ Export REFI-QDA project…: what REFI-QDA cannot hold is said in a box."""
    from annot.core.refi.export import export_qdpx as export

    suggested = str(ctx.project_path.with_name(f"{ctx.project_path.stem}.qdpx"))
    target = RefiDialogs.export_qdpx(ctx.parent, suggested)
    if target is None:
        return None
    store = ctx.session.store
    try:
        summary = ctx.run("Exporting REFI-QDA project…", lambda progress: export(store, target, progress=progress))
    except AnnotError as exc:
        errors.show_error(ctx.parent, exc, "Export REFI-QDA project")
        return None
    if summary.cancelled:
        ctx.say("Export cancelled; nothing was written.", 10000)
        return None
    lines = summary.lines()
    ctx.say(
        f"Exported {summary.annotations} annotation(s) and {summary.links} link(s)"
        f" of {summary.documents} document(s) to {target}.", 10000,
    )  # fmt: skip
    if summary.not_expressible:
        Summary.show(ctx.parent, "Export REFI-QDA project", "\n".join(lines), problem=True)
    return target


def export_codebook(session: Session, parent: QWidget) -> Path | None:
    """Codebook dock ▸ ⋯ ▸ Export codebook: the codebook as a ``.qdc`` file."""
    from annot.core.refi.export import export_qdc

    path = session.project.path
    target = RefiDialogs.export_qdc(parent, str(path.with_name(f"{path.stem}-codebook.qdc")))
    if target is None:
        return None
    try:
        export_qdc(session.store, target)
    except AnnotError as exc:
        errors.show_error(parent, exc, "Export codebook")
        return None
    return target


def import_codebook(session: Session, parent: QWidget, path: Path | None = None) -> int:
    """Codebook dock ▸ ⋯ ▸ Import codebook: add the codes of a ``.qdc`` (or ``.qdpx``) file that the
    codebook lacks (one undo step); returns how many tags were added."""
    from annot.core.refi.read import import_qdc

    if path is None:
        path = RefiDialogs.import_qdc(parent, str(session.project.path.parent))
        if path is None:
            return 0
    try:
        report = import_qdc(session.project, path)
    except AnnotError as exc:
        errors.show_error(parent, exc, "Import codebook")
        return 0
    text = f"{len(report.new_tags)} tag(s) added from {path.name}"
    if report.new_tags:
        text += ": " + ", ".join(report.new_tags)
    if report.tags.skipped:
        text += f"\n{report.tags.skipped} already in the codebook (left as they are)"
    Summary.show(parent, "Import codebook", text, problem=False)
    return len(report.new_tags)
