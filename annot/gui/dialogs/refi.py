"""File choosers for REFI-QDA exchange, behind classmethods so tests can patch them; built by
:func:`annot.gui.dialogs.files.choose` like every file dialog of annot (never sniffs files)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from annot.gui.dialogs.files import OPEN, SAVE, choose

QDPX = "REFI-QDA projects (*.qdpx)"
QDC = "REFI-QDA codebooks (*.qdc)"


def _with_suffix(paths: list[Path], suffix: str) -> Path | None:
    if not paths:
        return None
    p = paths[0]
    return p if p.suffix else p.with_suffix(suffix)


class RefiDialogs:
    @classmethod
    def export_qdpx(cls, parent: QWidget | None, suggested: str) -> Path | None:
        chosen = choose(parent, "Export REFI-QDA project", QDPX, SAVE, suggested=suggested, suffix="qdpx")
        return _with_suffix(chosen, ".qdpx")

    @classmethod
    def export_qdc(cls, parent: QWidget | None, suggested: str) -> Path | None:
        chosen = choose(parent, "Export codebook (REFI-QDA)", QDC, SAVE, suggested=suggested, suffix="qdc")
        return _with_suffix(chosen, ".qdc")

    @classmethod
    def import_qdc(cls, parent: QWidget | None, folder: str = "") -> Path | None:
        chosen = choose(parent, "Import codebook (REFI-QDA)", f"{QDC};;{QDPX}", OPEN)
        return chosen[0] if chosen else None
