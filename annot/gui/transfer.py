"""The File menu's interchange work: merge a colleague's project, import annotations (CSV,
W3C Web Annotation JSON-LD, a brat folder), export JSON-LD and brat.

Each runs under a cancellable progress dialog; a core error becomes a dialog
(:func:`annot.gui.errors.show_error`); what was done goes to the status bar, and what could
not be done (annotations that could not be anchored, brat lines not imported) to a summary
box (:class:`Summary`, patched in tests). Each takes the window's
:class:`~annot.gui.context.OpContext`, never the window."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from annot.core.errors import AnnotError, Cancelled
from annot.gui import errors
from annot.gui.context import OpContext
from annot.gui.dialogs.files import FileDialogs
from annot.gui.dialogs.simple import Summary

if TYPE_CHECKING:
    from annot.core.imports.report import ImportReport

__all__ = ["BratAnnotator", "ConfirmOverwrite", "Summary"]  # Summary: patched here in tests


class ConfirmOverwrite:
    """Files of an earlier export were edited: replace them? (patched in tests)"""

    @classmethod
    def ask(cls, parent: QWidget | None, folder: Path, files: list[str]) -> bool:
        shown = "\n".join(files[:10]) + (f"\n… and {len(files) - 10} more" if len(files) > 10 else "")
        answer = QMessageBox.question(
            parent,
            "Overwrite edited files?",
            f"These files in {folder} were changed since annot exported them, or are not"
            f" annot's:\n\n{shown}\n\nReplace them with the new export? Your other files in"
            " the folder are kept either way.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes


class BratAnnotator:
    """brat files do not say who annotated them: ask, defaulting to the current annotator."""

    @classmethod
    def ask(cls, parent: QWidget | None, default: str) -> str | None:
        name, ok = QInputDialog.getText(
            parent, "Import brat folder", "Whose annotations are these?", QLineEdit.EchoMode.Normal, default
        )
        return (name.strip() or None) if ok else None


def _status(ctx: OpContext, text: str) -> None:
    ctx.say(text, 10000)


# -- merge ----------------------------------------------------------------------------------


def merge(ctx: OpContext, paths: list[Path] | None = None) -> list[ImportReport]:
    """File ▸ Merge colleague's project…: each file is one undo step."""
    from annot.gui.dialogs.merge import merge_files

    reports = merge_files(ctx, paths)
    if reports:
        _status(ctx, "; ".join(r.headline()[:1].upper() + r.headline()[1:] for r in reports) + ".")
    return reports


# -- import ---------------------------------------------------------------------------------


def import_annotations(
    ctx: OpContext, path: Path | None = None, annotator: str | None = None
) -> ImportReport | None:
    """File ▸ Import annotations…: a CSV or JSON-LD file, or a brat folder (by the path's
    kind). Returns the importer's report, or None when nothing was imported."""
    from annot.core.interchange import import_annotations_any

    if path is None:
        path = FileDialogs.import_annotations(ctx.parent)
        if path is None:
            return None
    path = Path(path)
    if path.is_dir() and annotator is None:
        annotator = BratAnnotator.ask(ctx.parent, ctx.settings.annotator)
        if annotator is None:
            return None
    project = ctx.session.project
    try:
        report = ctx.run(
            f"Importing annotations from {path.name}…",
            lambda progress: import_annotations_any(project, path, annotator=annotator, progress=progress),
        )  # fmt: skip
    except Cancelled:
        _status(ctx, "Import cancelled; nothing was imported.")
        return None
    except AnnotError as exc:
        errors.show_error(ctx.parent, exc, "Import annotations")
        return None
    if report.cancelled:
        _status(ctx, "Import cancelled; nothing was imported.")
        return None
    # (the import ran as one command through the history: the session told the views)
    _report_import(ctx, path, report)
    return report


def import_brat(ctx: OpContext, folder: Path | None = None) -> ImportReport | None:
    """File ▸ Import brat folder…"""
    if folder is None:
        folder = FileDialogs.brat_folder(ctx.parent, "Import brat folder")
        if folder is None:
            return None
    return import_annotations(ctx, folder)


def _report_import(ctx: OpContext, path: Path, report: ImportReport) -> None:
    """The report's headline in the status bar; its summary in a box when something was not
    imported or was created (documents, tags)."""
    headline = report.headline()
    _status(ctx, headline[:1].upper() + headline[1:] + ".")
    if report.incomplete or report.new_tags or report.documents.added:
        Summary.show(ctx.parent, "Import annotations", f"{path.name}\n\n{report.summary()}", problem=report.incomplete)


# -- export ---------------------------------------------------------------------------------


def export_jsonld(ctx: OpContext) -> Path | None:
    """File ▸ Export W3C Web Annotations (JSON-LD)…"""
    from annot.core.interchange import export_jsonld as export

    suggested = f"{ctx.project_path.stem}.jsonld"  # in the folder the dialog starts in
    target = FileDialogs.export_jsonld(ctx.parent, suggested)
    if target is None:
        return None
    return _export(ctx, target, "Export W3C Web Annotations", export)


def export_brat(ctx: OpContext) -> Path | None:
    """File ▸ Export brat standoff…: into a new or empty folder, or an earlier brat export
    (whose files are replaced only when unedited, or when the person says so)."""
    from annot.core.interchange import export_brat_folder

    target = FileDialogs.brat_folder(ctx.parent, "Export brat standoff into folder")
    if target is None:
        return None
    return _export(ctx, target, "Export brat standoff", export_brat_folder)


def _export(ctx: OpContext, target: Path, title: str, export: Any) -> Path | None:
    from annot.core.export.folder import ExportConflict

    project = ctx.session.project
    options: dict[str, Any] = {}
    while True:
        try:
            summary = ctx.run(
                f"{title}…", lambda progress: export(project, target, progress=progress, **options)
            )
        except Cancelled:
            summary = None
        except ExportConflict as exc:
            if options:  # already overwriting: cannot happen, but never loop
                errors.show_error(ctx.parent, exc, title)
                return None
            if not ConfirmOverwrite.ask(ctx.parent, target, exc.files):
                _status(ctx, f"Export cancelled: {len(exc.files)} edited file(s) in {target} kept; nothing was written.")
                return None
            options["overwrite"] = True
            continue
        except AnnotError as exc:
            errors.show_error(ctx.parent, exc, title)
            return None
        break
    if summary is None or summary.cancelled:
        _status(ctx, "Export cancelled; nothing was written.")
        return None
    text = (
        f"Exported {summary.annotations} annotation(s) and {summary.links} link(s)"
        f" of {summary.documents} document(s) to {target}"
    )
    if summary.skipped_links:
        text += f"; {summary.skipped_links} link(s) across documents cannot be written in brat"
    if summary.kept:
        text += f"; kept {len(summary.kept)} edited file(s) of an earlier export: {', '.join(summary.kept)}"
    _status(ctx, text + ".")
    return target
