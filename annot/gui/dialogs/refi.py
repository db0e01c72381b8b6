"""File choosers for REFI-QDA exchange, behind classmethods so tests can patch them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

QDPX = "REFI-QDA projects (*.qdpx)"
QDC = "REFI-QDA codebooks (*.qdc);;REFI-QDA projects (*.qdpx)"


def _with_suffix(path: str, suffix: str) -> Path | None:
    if not path:
        return None
    p = Path(path)
    return p if p.suffix else p.with_suffix(suffix)


class RefiDialogs:
    @classmethod
    def export_qdpx(cls, parent: QWidget | None, suggested: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(parent, "Export REFI-QDA project", suggested, QDPX)
        return _with_suffix(path, ".qdpx")

    @classmethod
    def export_qdc(cls, parent: QWidget | None, suggested: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(parent, "Export codebook (REFI-QDA)", suggested, "REFI-QDA codebooks (*.qdc)")
        return _with_suffix(path, ".qdc")

    @classmethod
    def import_qdc(cls, parent: QWidget | None, folder: str = "") -> Path | None:
        path, _ = QFileDialog.getOpenFileName(parent, "Import codebook (REFI-QDA)", folder, QDC)
        return Path(path) if path else None
