"""Preferences: the annotator's name, word snapping, CSV options, reading font size."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from annot.core.settings import Settings


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self._settings = settings
        form = QFormLayout(self)
        self.annotator = QLineEdit(settings.annotator)
        self.snap = QCheckBox("Snap selections to whole words")
        self.snap.setChecked(settings.snap_to_words)
        self.bom = QCheckBox("Add a byte-order mark to CSV files (for Excel)")
        self.bom.setChecked(settings.excel_bom)
        self.escape = QCheckBox("Neutralise spreadsheet formulas in CSV cells")
        self.escape.setChecked(settings.escape_formulas)
        self.font_size = QSpinBox()
        self.font_size.setRange(0, 48)
        self.font_size.setSpecialValueText("system default")
        self.font_size.setValue(settings.font_size)
        form.addRow("Your name", self.annotator)
        form.addRow("Reading", self.snap)
        form.addRow("Font size", self.font_size)
        form.addRow("CSV export", self.bom)
        form.addRow("", self.escape)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def result_settings(self) -> Settings:
        return replace(
            self._settings,
            annotator=self.annotator.text().strip() or self._settings.annotator,
            snap_to_words=self.snap.isChecked(),
            excel_bom=self.bom.isChecked(),
            escape_formulas=self.escape.isChecked(),
            font_size=self.font_size.value(),
        )

    @classmethod
    def ask(cls, parent: QWidget | None, settings: Settings) -> Settings | None:
        dialog = cls(settings, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_settings()
