"""Paints annotation spans into the layout of each block (never into the document's text).

:class:`SpanHighlighter` sets *per-block layout formats* (``QTextLayout.setFormats``, the
mechanism ``QSyntaxHighlighter`` uses underneath) on the blocks that hold spans, looked up in the
:class:`~annot.gui.widgets.spans.SpanIndex`: backgrounds only, so the layout never changes
shape. Where spans overlap, the background is a blend of their tags' colours and a little
deeper; the editor then draws one underline per span in stacked lanes (see
:mod:`annot.gui.widgets.editor`), so overlaps stay distinguishable.

Unlike a ``QSyntaxHighlighter`` it never walks the blocks without spans: opening a 10 MB
document with no annotations costs nothing here, and tagging one span re-formats only the
blocks it touches (:meth:`SpanHighlighter.refresh_blocks`), never the whole document. The
document's own char formats and undo stack are never touched.

Pre-annotation suggestions (not annotations yet) are painted the same way, pale (a light
tint of their tag's colour and a dotted underline) and under any real span: ``pale_source``
returns them as (Qt start, Qt end, colour) for the document shown; :meth:`refresh_pale`
re-reads it and re-formats only the blocks that change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtGui import QColor, QTextBlock, QTextCharFormat, QTextDocument, QTextLayout

from annot.core.model import TagId
from annot.gui.widgets.spans import SpanIndex

TINT = 0.38  # how much of a tag's colour one span lays over the background
TINT_STEP = 0.14  # each further overlapping span deepens the tint by this much
TINT_MAX = 0.72
FALLBACK_COLOUR = "#999999"
PALE = 0.16  # how much of its tag's colour a pre-annotation suggestion lays over the background
PaleSpan = tuple[int, int, str]  # Qt start, Qt end, tag colour


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


class SpanHighlighter:
    def __init__(self, document: QTextDocument, index: SpanIndex, base: QColor) -> None:
        self._doc = document
        self.index = index
        self.base = QColor(base)
        self.colours: dict[TagId, str] = {}
        self._formats: dict[tuple[TagId, ...], QTextCharFormat] = {}
        self._formatted: set[int] = set()  # blocks that currently carry formats
        self._pending: set[int] = set()  # blocks with spans not formatted yet (not seen yet)
        self.pale_source: Callable[[], list[PaleSpan]] | None = None
        self._pale: dict[int, list[PaleSpan]] = {}  # block -> suggestions in it

    def document(self) -> QTextDocument:
        return self._doc

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

    def _pale_format(self, colour: str) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setBackground(_over(colour, self.base, PALE))
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        fmt.setUnderlineColor(QColor(colour))
        return fmt

    def _read_pale(self) -> set[int]:
        """Re-read the suggestions; the blocks that held or hold one."""
        before = set(self._pale)
        self._pale = {}
        doc = self._doc
        for qstart, qend, colour in self.pale_source() if self.pale_source is not None else []:
            first, last = doc.findBlock(qstart).blockNumber(), doc.findBlock(max(qend - 1, qstart)).blockNumber()
            for n in range(first, last + 1):
                self._pale.setdefault(n, []).append((qstart, qend, colour))
        return before | set(self._pale)

    def refresh_pale(self) -> list[int]:
        """The suggestions changed: re-format the blocks concerned (returned, to repaint)."""
        blocks = sorted(self._read_pale())
        self.refresh_blocks(blocks)
        return blocks

    def ranges(self, block: QTextBlock) -> list[QTextLayout.FormatRange]:
        """The format ranges of one block: one per run of text covered by the same spans
        (after the pale ranges of the suggestions, which the spans' formats cover)."""
        spans = self.index.in_block(block.blockNumber())
        out: list[QTextLayout.FormatRange] = []
        bpos = block.position()
        blen = block.length() - 1  # UTF-16 units
        for qstart, qend, colour in self._pale.get(block.blockNumber(), ()):
            a, b = max(qstart - bpos, 0), min(qend - bpos, blen)
            if a < b:
                r = QTextLayout.FormatRange()
                r.start, r.length, r.format = a, b - a, self._pale_format(colour)
                out.append(r)
        if not spans:
            return out
        events: list[tuple[int, int, TagId]] = []
        for s in spans:
            a, b = max(s.qstart - bpos, 0), min(s.qend - bpos, blen)
            if a < b:
                events.append((a, 1, s.tag_id))
                events.append((b, -1, s.tag_id))
        events.sort(key=lambda e: (e[0], e[1]))
        active: dict[TagId, int] = {}
        counted = 0
        prev = events[0][0] if events else 0
        for pos, step, tag in events:
            if pos > prev and counted:
                key = tuple(sorted(t for t, k in active.items() for _ in range(k)))
                r = QTextLayout.FormatRange()
                r.start, r.length, r.format = prev, pos - prev, self._format(key)
                out.append(r)
            prev = pos
            active[tag] = active.get(tag, 0) + step
            if not active[tag]:
                del active[tag]
            counted += step
        return out

    def _apply(self, block: QTextBlock) -> bool:
        """Set the block's formats; True if anything changed."""
        n = block.blockNumber()
        ranges = self.ranges(block)
        if not ranges and n not in self._formatted:
            return False
        layout = block.layout()
        if ranges:
            layout.setFormats(ranges)
            self._formatted.add(n)
        else:
            layout.clearFormats()
            self._formatted.discard(n)
        return True

    def refresh_blocks(self, blocks: Iterable[int]) -> None:
        """Re-format only these blocks (by number). Backgrounds do not change the layout's
        shape, so nothing is laid out again: the caller repaints just these blocks (a
        ``markContentsDirty`` here would make the editor repaint its whole viewport)."""
        doc = self._doc
        for n in blocks:
            self._pending.discard(n)
            block = doc.findBlockByNumber(n)
            if block.isValid():
                self._apply(block)

    def rehighlight(self) -> None:
        """After a whole-document reload: clear the blocks that had formats now, and format
        the blocks with spans lazily, as they come into view (:meth:`format_pending`), so that
        opening a document costs what its first screen costs, whatever its size."""
        self._read_pale()
        wanted = set(self.index.blocks()) | set(self._pale)
        stale = sorted(self._formatted - wanted)
        self._pending = wanted | self._formatted
        self.refresh_blocks(stale)

    def format_pending(self, first: int, last: int) -> bool:
        """Format the not yet formatted blocks among ``first``..``last`` (the blocks in
        view); True if any was formatted (they will be laid out and painted again)."""
        pending = self._pending
        if not pending:
            return False
        todo = [n for n in range(first, last + 1) if n in pending]
        if not todo:
            return False
        pending.difference_update(todo)
        self.refresh_blocks(todo)
        return True

    def is_pending(self, block: int) -> bool:
        return block in self._pending

    def reset(self) -> None:
        """Forget formats after the document's text was replaced (its blocks are new)."""
        self._formatted.clear()
        self._pending.clear()
        self._pale.clear()


def _over(colour: str, base: QColor, alpha: float) -> QColor:
    c = QColor(colour)
    return QColor(
        round(base.red() + (c.red() - base.red()) * alpha),
        round(base.green() + (c.green() - base.green()) * alpha),
        round(base.blue() + (c.blue() - base.blue()) * alpha),
    )
