"""Pre-annotation suggestions in the reading panes: each pane draws the Pre-annotation dock's
suggestions for its document pale (:class:`~annot.gui.widgets.highlighter.SpanHighlighter`,
per-block layout formats), and, with the caret (or the selection) in one and no annotation
selected, Enter accepts it and Delete rejects it, as in the dock (A and R, which the dock
also takes, stay tag and pane keys here)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent

from annot.gui.widgets.highlighter import FALLBACK_COLOUR, PaleSpan

ACCEPT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
REJECT_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


class PaleSuggestions(QObject):
    """Keeps every pane's pale suggestions in step with the dock's list."""

    def __init__(self, window: Any, panel: Any) -> None:
        super().__init__(window)
        self.w = window
        self.panel = panel  # the Pre-annotation dock's (built the first time it shows)
        model = self.panel.model
        for signal in (model.modelReset, model.rowsRemoved, model.rowsInserted):
            signal.connect(self.refresh)
        window.session.changed.connect(lambda _changes: self.refresh())  # tag colours, undo
        self._editors: dict[QObject, Any] = {}  # editor -> pane
        configure = window.panes.configure

        def configure_and_attach(pane: Any) -> None:
            if configure is not None:
                configure(pane)
            self.attach(pane)

        window.panes.configure = configure_and_attach
        for pane in window.panes.panes():
            self.attach(pane)

    def attach(self, pane: Any) -> None:
        pane.highlighter.pale_source = lambda p=pane: self.spans_for(p)
        editor = pane.editor()
        self._editors[editor] = pane
        editor.installEventFilter(self)
        editor.destroyed.connect(lambda *_a, e=editor: self._editors.pop(e, None))
        self._repaint(pane)

    def _rows_of(self, pane: Any) -> list[tuple[int, Any]]:
        """(row in the dock, suggestion) of the suggestions in the pane's document."""
        doc = pane.document_id()
        return [(i, s) for i, s in enumerate(self.panel.model.rows()) if doc is not None and s.document_id == doc]

    def spans_for(self, pane: Any) -> list[PaleSpan]:
        rows = self._rows_of(pane)
        if not rows:  # the usual case: no suggestion, nothing to read (runs on every change)
            return []
        colours = {t.role: t.colour for t in reversed(self.w.session.tags()) if t.role}
        to_qt = pane.offsets.to_qt
        return [(to_qt(s.start), to_qt(s.end), colours.get(s.role, FALLBACK_COLOUR)) for _, s in rows]

    def refresh(self, *_args: Any) -> None:
        for pane in self.w.panes.panes():
            self._repaint(pane)

    def _repaint(self, pane: Any) -> None:
        live = pane.highlighter.pale_source is not None and not self.w.session.is_closed
        if live and pane.highlighter.refresh_pale():  # the blocks that held or hold one
            pane.editor().viewport().update()

    def row_at_caret(self, pane: Any) -> int | None:
        """The dock row of the suggestion holding the caret or the selection's start."""
        cursor = pane.editor().textCursor()
        start, end = pane.offsets.span_from_qt(cursor.selectionStart(), cursor.selectionEnd())
        for row, s in self._rows_of(pane):
            if s.start <= start and (end <= s.end if end > start else start < s.end):
                return row
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or watched not in self._editors:
            return False
        assert isinstance(event, QKeyEvent)
        key = event.key()
        if key not in ACCEPT_KEYS + REJECT_KEYS or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        pane = self._editors[watched]
        if pane.selected_annotation() is not None:
            return False  # the keys act on the selected annotation, as always
        row = self.row_at_caret(pane)
        if row is None:
            return False
        if key in ACCEPT_KEYS:
            self.panel.accept_current(row, keep_focus=False)
        else:
            self.panel.reject_current(row, keep_focus=False)
        return True
