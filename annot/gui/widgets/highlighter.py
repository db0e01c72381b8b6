"""Paints annotation spans into the layout of each block (never into the document).

:class:`SpanHighlighter` is a ``QSyntaxHighlighter``: Qt asks it for one block at a time, it
looks the block's spans up in the :class:`~annot.gui.widgets.spans.SpanIndex` and sets layout
formats (backgrounds) on the segments they cover. Where spans overlap, the background is a
blend of their tags' colours and a little deeper; the editor then draws one underline per span
in stacked lanes (see :mod:`annot.gui.widgets.editor`), so overlaps stay distinguishable.

Tagging one span calls :meth:`SpanHighlighter.refresh_blocks` for the blocks it touches:
``rehighlightBlock`` each, never the whole document.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from annot.core.model import TagId
from annot.gui.widgets.spans import SpanIndex

TINT = 0.38  # how much of a tag's colour one span lays over the background
TINT_STEP = 0.14  # each further overlapping span deepens the tint by this much
TINT_MAX = 0.72
FALLBACK_COLOUR = "#999999"


def blend(colours: Iterable[str], base: QColor) -> QColor:
    """The background of a segment covered by spans of these tag colours (one per span).

    The tint is the mean of the colours, laid over ``base`` at ``TINT`` for one span and
    ``TINT_STEP`` deeper for each further span (capped at ``TINT_MAX``)."""
    rgb = [QColor(c) for c in colours]
    if not rgb:
        return QColor(base)
    n = len(rgb)
    alpha = min(TINT + TINT_STEP * (n - 1), TINT_MAX)
    r = sum(c.red() for c in rgb) / n
    g = sum(c.green() for c in rgb) / n
    b = sum(c.blue() for c in rgb) / n
    return QColor(
        round(base.red() + (r - base.red()) * alpha),
        round(base.green() + (g - base.green()) * alpha),
        round(base.blue() + (b - base.blue()) * alpha),
    )


class SpanHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, index: SpanIndex, base: QColor) -> None:
        super().__init__(document)
        self.index = index
        self.base = QColor(base)
        self.colours: dict[TagId, str] = {}
        self._formats: dict[tuple[TagId, ...], QTextCharFormat] = {}

    def set_index(self, index: SpanIndex) -> None:
        self.index = index

    def set_colours(self, colours: dict[TagId, str], base: QColor | None = None) -> None:
        self.colours = dict(colours)
        if base is not None:
            self.base = QColor(base)
        self._formats.clear()

    def _format(self, tags: tuple[TagId, ...]) -> QTextCharFormat:
        fmt = self._formats.get(tags)
        if fmt is None:
            fmt = QTextCharFormat()
            colour = blend((self.colours.get(t, FALLBACK_COLOUR) for t in tags), self.base)
            fmt.setBackground(colour)
            self._formats[tags] = fmt
        return fmt

    def highlightBlock(self, text: str) -> None:
        block = self.currentBlock()
        spans = self.index.in_block(block.blockNumber())
        if not spans:
            return
        bpos = block.position()
        blen = block.length() - 1  # UTF-16 units (``text`` counts code points)
        # sweep over span boundaries inside the block
        events: list[tuple[int, int, TagId]] = []
        for s in spans:
            a, b = max(s.qstart - bpos, 0), min(s.qend - bpos, blen)
            if a < b:
                events.append((a, 1, s.tag_id))
                events.append((b, -1, s.tag_id))
        if not events:
            return
        events.sort(key=lambda e: (e[0], e[1]))
        active: dict[TagId, int] = {}
        counted = 0
        prev = events[0][0]
        for pos, step, tag in events:
            if pos > prev and counted:
                key = tuple(sorted(t for t, k in active.items() for _ in range(k)))
                self.setFormat(prev, pos - prev, self._format(key))
            prev = pos
            active[tag] = active.get(tag, 0) + step
            if not active[tag]:
                del active[tag]
            counted += step

    def refresh_blocks(self, blocks: Iterable[int]) -> None:
        """Re-highlight only these blocks (by number)."""
        doc = self.document()
        for n in blocks:
            block = doc.findBlockByNumber(n)
            if block.isValid():
                self.rehighlightBlock(block)
