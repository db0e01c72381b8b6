"""The File menu's interchange work: merge a colleague's project, import annotations (CSV,
W3C Web Annotation JSON-LD, a brat folder), export JSON-LD and brat.

Each runs under a cancellable progress dialog; a core error becomes a dialog
(:func:`annot.gui.errors.show_error`); what was done goes to the status bar, and what could
not be done (annotations that could not be anchored, brat lines not imported) to a summary
box (:class:`Summary`, patched in tests)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from annot.core.errors import AnnotError, Cancelled
from annot.gui import errors
from annot.gui.dialogs.files import FileDialogs
from annot.gui.progress import run_with_progress

if TYPE_CHECKING:
    from annot.core.imports.report import ImportReport
    from annot.gui.window import MainWindow


class Summary:
    """A box saying what an import or merge did (information) or could not do (warning)."""

    @classmethod
    def show(cls, parent: QWidget | None, title: str, text: str, *, problem: bool) -> None:
        box = QMessageBox.warning if problem else QMessageBox.information
        box(parent, title, text)


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


def _status(window: MainWindow, text: str) -> None:
    window.statusBar().showMessage(text, 10000)


# -- merge ----------------------------------------------------------------------------------


def merge(window: MainWindow, paths: list[Path] | None = None) -> list[ImportReport]:
    """File ▸ Merge colleague's project…: each file is one undo step."""
    from annot.gui.dialogs.merge import merge_files

    reports = merge_files(window.session, window, paths)
    if reports:
        _status(window, "; ".join(r.headline()[:1].upper() + r.headline()[1:] for r in reports) + ".")
    return reports


# -- import ---------------------------------------------------------------------------------


def import_annotations(
    window: MainWindow, path: Path | None = None, annotator: str | None = None
) -> ImportReport | None:
    """File ▸ Import annotations…: a CSV or JSON-LD file, or a brat folder (by the path's
    kind). Returns the importer's report, or None when nothing was imported."""
    from annot.core.interchange import import_annotations_any

    if path is None:
        path = FileDialogs.import_annotations(window)
        if path is None:
            return None
    path = Path(path)
    if path.is_dir() and annotator is None:
        annotator = BratAnnotator.ask(window, window.settings.annotator)
        if annotator is None:
            return None
    project = window.session.project
    try:
        report = run_with_progress(
            window, f"Importing annotations from {path.name}…",
            lambda progress: import_annotations_any(project, path, annotator=annotator, progress=progress),
        )  # fmt: skip
    except Cancelled:
        _status(window, "Import cancelled; nothing was imported.")
        return None
    except AnnotError as exc:
        errors.show_error(window, exc, "Import annotations")
        return None
    if report.cancelled:
        _status(window, "Import cancelled; nothing was imported.")
        return None
    # (the import ran as one command through the history: the session told the views)
    _report_import(window, path, report)
    return report


def import_brat(window: MainWindow, folder: Path | None = None) -> ImportReport | None:
    """File ▸ Import brat folder…"""
    if folder is None:
        folder = FileDialogs.brat_folder(window, "Import brat folder")
        if folder is None:
            return None
    return import_annotations(window, folder)


def _report_import(window: MainWindow, path: Path, report: ImportReport) -> None:
    """The report's headline in the status bar; its summary in a box when something was not
    imported or was created (documents, tags)."""
    headline = report.headline()
    _status(window, headline[:1].upper() + headline[1:] + ".")
    if report.incomplete or report.new_tags or report.documents.added:
        Summary.show(window, "Import annotations", f"{path.name}\n\n{report.summary()}", problem=report.incomplete)


# -- export ---------------------------------------------------------------------------------


def export_jsonld(window: MainWindow) -> Path | None:
    """File ▸ Export W3C Web Annotations (JSON-LD)…"""
    from annot.core.interchange import export_jsonld as export

    suggested = f"{window.project_path.stem}.jsonld"  # in the folder the dialog starts in
    target = FileDialogs.export_jsonld(window, suggested)
    if target is None:
        return None
    return _export(window, target, "Export W3C Web Annotations", export)


def export_brat(window: MainWindow) -> Path | None:
    """File ▸ Export brat standoff…: into a new or empty folder, or an earlier brat export
    (whose files are replaced only when unedited, or when the person says so)."""
    from annot.core.interchange import export_brat_folder

    target = FileDialogs.brat_folder(window, "Export brat standoff into folder")
    if target is None:
        return None
    return _export(window, target, "Export brat standoff", export_brat_folder)


def _export(window: MainWindow, target: Path, title: str, export: Any) -> Path | None:
    from annot.core.export.folder import ExportConflict

    project = window.session.project
    options: dict[str, Any] = {}
    while True:
        try:
            summary = run_with_progress(
                window, f"{title}…", lambda progress: export(project, target, progress=progress, **options)
            )
        except Cancelled:
            summary = None
        except ExportConflict as exc:
            if options:  # already overwriting: cannot happen, but never loop
                errors.show_error(window, exc, title)
                return None
            if not ConfirmOverwrite.ask(window, target, exc.files):
                _status(window, f"Export cancelled: {len(exc.files)} edited file(s) in {target} kept; nothing was written.")
                return None
            options["overwrite"] = True
            continue
        except AnnotError as exc:
            errors.show_error(window, exc, title)
            return None
        break
    if summary is None or summary.cancelled:
        _status(window, "Export cancelled; nothing was written.")
        return None
    text = (
        f"Exported {summary.annotations} annotation(s) and {summary.links} link(s)"
        f" of {summary.documents} document(s) to {target}"
    )
    if summary.skipped_links:
        text += f"; {summary.skipped_links} link(s) across documents cannot be written in brat"
    if summary.kept:
        text += f"; kept {len(summary.kept)} edited file(s) of an earlier export: {', '.join(summary.kept)}"
    _status(window, text + ".")
    return target
