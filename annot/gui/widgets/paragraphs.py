"""Visible space between paragraphs in a reading pane, without a character added to the text.

``QPlainTextEdit``'s layout ignores block margins and line height, so the space is added to
each paragraph's bounding rectangle here: painting, hit testing and caret rectangles all go
through :meth:`blockBoundingRect`, so they agree, and offsets stay those of the stored text.
A paragraph followed by a blank line gets no extra space (the blank line is the space)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QRectF
from PySide6.QtGui import QTextBlock, QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout

GAP_LINES = 0.6  # the space after a paragraph, in lines of the current font


class ParagraphLayout(QPlainTextDocumentLayout):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.gap = 0.0
        self._gapped: dict[int, bool] = {}  # block number -> gets the gap (the text is read-only)
        document.contentsChange.connect(lambda *_: self._gapped.clear())

    def set_gap(self, pixels: float) -> None:
        """Space below each paragraph; relays the document out when it changes."""
        if pixels != self.gap:
            self.gap = pixels
            doc = self.document()
            doc.markContentsDirty(0, doc.characterCount())

    def blockBoundingRect(self, block: QTextBlock) -> QRectF:
        rect = super().blockBoundingRect(block)
        if self.gap:
            n = block.blockNumber()
            gapped = self._gapped.get(n)
            if gapped is None:  # asked thousands of times a second while painting: cached
                following = block.next()
                gapped = block.length() > 1 and following.isValid() and following.length() > 1
                self._gapped[n] = gapped
            if gapped:
                rect.setHeight(rect.height() + self.gap)
        return rect


def paragraph_document(parent: QObject) -> tuple[QTextDocument, ParagraphLayout]:
    """A plain-text document laid out by :class:`ParagraphLayout`."""
    document = QTextDocument(parent)
    layout = ParagraphLayout(document)
    document.setDocumentLayout(layout)
    return document, layout
