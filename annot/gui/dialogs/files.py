"""File choosers, behind classmethods so tests can patch them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

PROJECTS = "annot projects (*.annot);;All files (*)"
TEXTS = "Text files (*.txt *.md *.text *.markdown);;All files (*)"
CSV = "CSV files (*.csv)"
ANNOTATIONS = "Annotations (*.csv *.jsonld *.json);;All files (*)"
JSONLD = "W3C Web Annotations (*.jsonld *.json)"


class FileDialogs:
    @classmethod
    def open_project(cls, parent: QWidget | None, folder: str = "") -> Path | None:
        path, _ = QFileDialog.getOpenFileName(parent, "Open project", folder, PROJECTS)
        return Path(path) if path else None

    @classmethod
    def new_project(cls, parent: QWidget | None, folder: str = "") -> Path | None:
        path, _ = QFileDialog.getSaveFileName(parent, "New project", folder, PROJECTS)
        if not path:
            return None
        p = Path(path)
        return p if p.suffix else p.with_suffix(".annot")

    @classmethod
    def import_documents(cls, parent: QWidget | None, folder: str = "") -> list[Path]:
        paths, _ = QFileDialog.getOpenFileNames(parent, "Import documents", folder, TEXTS)
        return [Path(p) for p in paths]

    @classmethod
    def export_csv(cls, parent: QWidget | None, title: str, suggested: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, CSV)
        if not path:
            return None
        p = Path(path)
        return p if p.suffix else p.with_suffix(".csv")

    @classmethod
    def import_annotations(cls, parent: QWidget | None, folder: str = "") -> Path | None:
        path, _ = QFileDialog.getOpenFileName(parent, "Import annotations", folder, ANNOTATIONS)
        return Path(path) if path else None

    @classmethod
    def brat_folder(cls, parent: QWidget | None, title: str, folder: str = "") -> Path | None:
        """A folder of brat ``.txt``/``.ann`` pairs (to import, or to export into)."""
        path = QFileDialog.getExistingDirectory(parent, title, folder)
        return Path(path) if path else None

    @classmethod
    def export_jsonld(cls, parent: QWidget | None, suggested: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(parent, "Export W3C Web Annotations", suggested, JSONLD)
        if not path:
            return None
        p = Path(path)
        return p if p.suffix else p.with_suffix(".jsonld")
