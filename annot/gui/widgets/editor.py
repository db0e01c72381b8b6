"""The read-only text view of a reading pane.

It paints on top of the highlighted text, for the visible blocks only: one underline per span in
stacked lanes (so overlapping spans stay distinguishable), an outline around the selected
annotation, its flash, and the preview while its ends are dragged. What it paints it reads from
its host (the pane's view, :class:`~annot.gui.widgets.pane_view.PaneView`, through the small
:class:`EditorHost` interface); what the user does with the mouse leaves as signals
(:attr:`AnnotEditor.clicked`, :attr:`AnnotEditor.boundsDragged`) and keys reach the pane's
input controller through an event filter: the editor calls nothing back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from PySide6.QtCore import QEvent, QLineF, QPoint, QPointF, QRectF, Qt, QVariantAnimation, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTextBlock,
    QTextCursor,
    QTextLine,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from annot.core.model import AnnotatorId, TagId
from annot.gui.widgets.highlighter import SpanHighlighter
from annot.gui.widgets.paragraphs import GAP_LINES, paragraph_document
from annot.gui.widgets.spans import Span, SpanIndex

LANE_GAP = 2  # pixels between stacked underlines (they stay below the glyphs)
MAX_LANES = 3
# Underline dash patterns (in pen widths) that tell annotators apart: solid, dashed, dotted,
# dash-dot, long dashes. Gaps are wide enough to see at a glance.
ANNOTATOR_STYLES: tuple[tuple[float, ...], ...] = ((), (3, 2), (1, 1.5), (4, 1.5, 1, 1.5), (7, 3))
GRAB_PIXELS = 5  # how close to a selected span's end a Shift+press starts dragging that end
GRAB_MODIFIER = Qt.KeyboardModifier.ShiftModifier  # a plain drag always selects text


class EditorHost(Protocol):
    """What the editor reads from the view that shows it (to paint and to tell)."""

    index: SpanIndex
    highlighter: SpanHighlighter

    def selected_span(self) -> Span | None: ...
    def colour_of(self, tag_id: TagId) -> str: ...
    def tooltip_at(self, qpos: int) -> str: ...
    def snapped_bounds_qt(self, edge: str, qstart: int, qend: int) -> tuple[int, int]: ...


class AnnotEditor(QPlainTextEdit):
    clicked = Signal(int)  # a plain click (no drag) on the character at this Qt position
    boundsDragged = Signal(int, int)  # the selected span's end was dragged: its new Qt bounds

    def __init__(self, host: EditorHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        document, self._paragraphs = paragraph_document(self)
        self.setDocument(document)
        self._update_gap()
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setUndoRedoEnabled(False)
        self.setMouseTracking(True)
        self.drag_edge: str | None = None  # "start" / "end" while dragging a span's end
        self.drag_bounds: tuple[int, int] | None = None  # Qt positions of the preview
        self._press_pos: QPoint | None = None
        self._lanes: dict[int, list[tuple[QPen, list[QLineF]]]] = {}
        self._styles: dict[AnnotatorId, tuple[float, ...]] | None = None
        self.flash_level = 0.0
        self._flash = QVariantAnimation(self)
        self._flash.setStartValue(1.0)
        self._flash.setEndValue(0.0)
        self._flash.setDuration(700)
        self._flash.valueChanged.connect(self._on_flash)

    # -- flash ---------------------------------------------------------------------------------

    def flash(self) -> None:
        self._flash.stop()
        self._flash.start()

    def _on_flash(self, value: object) -> None:
        self.flash_level = float(value)  # type: ignore[arg-type]
        span = self.host.selected_span()
        if span is not None:
            self.update_span(span.qstart, span.qend)

    # -- repainting only what changed ----------------------------------------------------------

    def update_span(self, qstart: int, qend: int) -> None:
        """Repaint the visible lines of ``[qstart, qend)`` (with room for the outline)."""
        viewport = self.viewport()
        for rect in self.span_rects(qstart, qend):
            viewport.update(rect.adjusted(-4, -3, 4, 3).toAlignedRect())

    def update_blocks(self, blocks: Iterable[int]) -> None:
        """Repaint these blocks (by number) where they are visible."""
        doc = self.document()
        viewport = self.viewport()
        offset = self.contentOffset()
        height = viewport.height()
        for n in blocks:
            block = doc.findBlockByNumber(n)
            if not block.isValid():
                continue
            geo = self.blockBoundingGeometry(block).translated(offset)
            if geo.bottom() >= 0 and geo.top() <= height:
                viewport.update(0, int(geo.top()) - 1, viewport.width(), int(geo.height()) + 3)

    # -- geometry helpers ------------------------------------------------------------------

    def position_at(self, point: QPoint) -> int:
        """The Qt position of the character under ``point`` (not the nearest caret gap)."""
        cursor = self.cursorForPosition(point)
        pos = cursor.position()
        if pos > 0 and point.x() < self.cursorRect(cursor).x():
            pos -= 1
        return pos

    def span_rects(self, qstart: int, qend: int) -> list[QRectF]:
        """Viewport rectangles of the visible lines covering ``[qstart, qend)``."""
        rects: list[QRectF] = []
        doc = self.document()
        offset = self.contentOffset()
        bottom = self.viewport().height()
        block = doc.findBlock(qstart)
        while block.isValid() and block.position() < qend:
            geo = self.blockBoundingGeometry(block).translated(offset)
            if geo.top() > bottom:
                break
            if geo.bottom() >= 0 and block.isVisible():
                rects.extend(_line_rects(block, geo.topLeft(), qstart, qend))
            block = block.next()
        return rects

    # -- painting ----------------------------------------------------------------------------

    def invalidate_lanes(self, blocks: Iterable[int] | None = None) -> None:
        """Forget the cached underlines of these blocks (None: of every block)."""
        if blocks is None:
            self._lanes.clear()
            self._styles = None
        else:
            for n in blocks:
                self._lanes.pop(n, None)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._lanes.clear()  # lines wrap differently
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._lanes.clear()
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._update_gap()

    def _update_gap(self) -> None:
        """Space between paragraphs: a fraction of a line of the current font (zoom too)."""
        self._paragraphs.set_gap(round(QFontMetricsF(self.font()).lineSpacing() * GAP_LINES))

    def visible_blocks(self, margin: int = 0) -> tuple[int, int]:
        """Numbers of the first and last block in view, widened by ``margin`` blocks."""
        block = self.firstVisibleBlock()
        first = last = block.blockNumber()
        offset = self.contentOffset()
        bottom = self.viewport().height()
        while block.isValid():
            if self.blockBoundingGeometry(block).translated(offset).top() > bottom:
                break
            last = block.blockNumber()
            block = block.next()
        return max(0, first - margin), last + margin

    def format_visible(self) -> None:
        """Let the highlighter format the blocks in view that it has not formatted yet."""
        first, last = self.visible_blocks(margin=8)
        if self.host.highlighter.format_pending(first, last):
            self.viewport().update()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self.format_visible()

    def paintEvent(self, event: QPaintEvent) -> None:
        self.format_visible()
        super().paintEvent(event)
        index = self.host.index
        painter = QPainter(self.viewport())
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            offset = self.contentOffset()
            area = event.rect()
            block = self.firstVisibleBlock()
            while block.isValid():
                geo = self.blockBoundingGeometry(block).translated(offset)
                if geo.top() > area.bottom():
                    break
                n = block.blockNumber()
                if geo.bottom() >= area.top() and block.isVisible() and index.in_block(n):
                    lanes = self._lanes.get(n)
                    if lanes is None:
                        lanes = self._lanes[n] = self._block_lanes(block, index.in_block(n))
                    painter.translate(geo.topLeft())
                    for pen, lines in lanes:
                        painter.setPen(pen)
                        painter.drawLines(lines)
                    painter.translate(-geo.topLeft())
                block = block.next()
            self._paint_selected(painter)
        finally:
            painter.end()

    def _block_lanes(self, block: QTextBlock, spans: list[Span]) -> list[tuple[QPen, list[QLineF]]]:
        """One underline per span, stacked in lanes so overlapping spans each keep theirs;
        grouped by colour, in block coordinates."""
        lanes_end: list[int] = []
        by_colour: dict[tuple[str, tuple[float, ...]], list[QLineF]] = {}
        origin = QPointF(0, 0)
        lines_of_block = _lines(block)
        for s in sorted(spans, key=lambda s: (s.qstart, -s.qend, s.id)):
            lane = next((i for i, e in enumerate(lanes_end) if e <= s.qstart), len(lanes_end))
            if lane == len(lanes_end):
                lanes_end.append(s.qend)
            else:
                lanes_end[lane] = s.qend
            style = self.annotator_style(s.annotator_id)
            lines = by_colour.setdefault((self.host.colour_of(s.tag_id), style), [])
            for rect in _line_rects(block, origin, s.qstart, s.qend, lines_of_block):
                y = rect.bottom() - 1 - (lane % MAX_LANES) * LANE_GAP
                lines.append(QLineF(rect.left(), y, rect.right(), y))
        return [(_pen(c, style), lines) for (c, style), lines in by_colour.items()]

    def annotator_style(self, annotator_id: AnnotatorId) -> tuple[float, ...]:
        """How this annotator's underlines are drawn: solid when the pane shows one person's
        spans; otherwise solid, dashed, dotted, … by annotator, so that colleagues are told
        apart while the colour keeps saying the tag."""
        styles = self._styles
        if styles is None or annotator_id not in styles:
            people = sorted(
                {span.annotator_id for span in self.host.index.spans.values()} | {annotator_id}
            )
            styles = {a: ANNOTATOR_STYLES[i % len(ANNOTATOR_STYLES)] for i, a in enumerate(people)}
            if self._styles is not None:  # someone new: every cached underline may change
                self._lanes.clear()
            self._styles = styles
        if len(styles) == 1:
            return ANNOTATOR_STYLES[0]
        return styles[annotator_id]

    def _paint_selected(self, painter: QPainter) -> None:
        span = self.host.selected_span()
        if span is None:
            return
        qs, qe = self.drag_bounds if self.drag_bounds else (span.qstart, span.qend)
        colour = QColor(self.host.colour_of(span.tag_id)).darker(170)
        rects = self.span_rects(qs, qe)
        if self.flash_level > 0:
            fill = QColor(self.host.colour_of(span.tag_id))
            fill.setAlphaF(0.75 * self.flash_level)
            for r in rects:
                painter.fillRect(r, fill)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(colour, 2)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for r in rects:
            painter.drawRoundedRect(r.adjusted(-1, 0, 1, 0), 3, 3)

    # -- input -------------------------------------------------------------------------------

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab / Shift+Tab step through the annotations (the pane's keys), as documented: a
        read-only text view would otherwise hand them to focus navigation, and the keys
        would land in the pane's document chooser. F6 and the mouse still move focus."""
        return False

    def _edge_at(self, point: QPoint) -> str | None:
        span = self.host.selected_span()
        if span is None:
            return None
        for edge, pos in (("start", span.qstart), ("end", span.qend)):
            cursor = QTextCursor(self.document())
            cursor.setPosition(pos)
            rect = self.cursorRect(cursor)
            if (
                abs(point.x() - rect.x()) <= GRAB_PIXELS
                and rect.top() <= point.y() <= rect.bottom()
            ):
                return edge
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A press selects text, as in any reader; only Shift+press on an end of the selected
        annotation grabs that end (a drag that merely starts on a span's first character,
        e.g. an actor at the start of a claim, must select the actor's name)."""
        point = event.position().toPoint()
        self._press_pos = point
        if event.button() == Qt.MouseButton.LeftButton and event.modifiers() & GRAB_MODIFIER:
            edge = self._edge_at(point)
            if edge is not None:
                span = self.host.selected_span()
                assert span is not None
                self.drag_edge, self.drag_bounds = edge, (span.qstart, span.qend)
                event.accept()
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        if self.drag_edge and self.drag_bounds:
            pos = self.cursorForPosition(point).position()
            qs, qe = self.drag_bounds
            if self.drag_edge == "start":
                qs = min(pos, qe - 1)
            else:
                qe = max(pos, qs + 1)
            self.drag_bounds = self.host.snapped_bounds_qt(self.drag_edge, qs, qe)
            self.viewport().update()
            return
        grab = bool(event.modifiers() & GRAB_MODIFIER) and self._edge_at(point) is not None
        cursor_shape = Qt.CursorShape.SizeHorCursor if grab else Qt.CursorShape.IBeamCursor
        self.viewport().setCursor(cursor_shape)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        if self.drag_edge and self.drag_bounds:
            bounds = self.drag_bounds
            self.drag_edge, self.drag_bounds = None, None
            self.viewport().update()
            self.boundsDragged.emit(*bounds)
            return
        super().mouseReleaseEvent(event)
        press, self._press_pos = self._press_pos, None
        if (
            event.button() == Qt.MouseButton.LeftButton
            and not self.textCursor().hasSelection()
            and press is not None
            and (press - point).manhattanLength() < 4
        ):
            self.clicked.emit(self.position_at(point))

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            help_event: QHelpEvent = event  # type: ignore[assignment]
            text = self.host.tooltip_at(self.position_at(help_event.pos()))
            if text:
                QToolTip.showText(help_event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)


_LineInfo = tuple[int, int, float, float, QTextLine]  # text start, text end, y, height, line


def _pen(colour: str, dashes: tuple[float, ...]) -> QPen:
    pen = QPen(QColor(colour), 2)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    if dashes:
        pen.setDashPattern(list(dashes))
    return pen


def _lines(block: QTextBlock) -> list[_LineInfo]:
    layout = block.layout()
    if layout is None:
        return []
    out: list[_LineInfo] = []
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        start = line.textStart()
        out.append((start, start + line.textLength(), line.y(), line.height(), line))
    return out


def _line_rects(
    block: QTextBlock, origin: QPointF, qstart: int, qend: int, lines: list[_LineInfo] | None = None
) -> list[QRectF]:
    """Rectangles (viewport coordinates) of the parts of the block's lines in [qstart, qend);
    ``lines`` (from :func:`_lines`) saves asking the layout again for each span of a block."""
    bpos = block.position()
    a, b = max(qstart - bpos, 0), min(qend - bpos, block.length() - 1)
    rects: list[QRectF] = []
    if a >= b:
        return rects
    for ls, le, y, height, line in _lines(block) if lines is None else lines:
        if le <= a:
            continue
        if ls >= b:
            break
        s, e = max(a, ls), min(b, le)
        if s >= e:
            continue
        x1, x2 = _x(line.cursorToX(s)), _x(line.cursorToX(e))
        left, right = min(x1, x2), max(x1, x2)
        rects.append(QRectF(origin.x() + left, origin.y() + y, right - left, height))
    return rects


def _x(result: object) -> float:
    """PySide returns ``(x, cursorPos)`` from ``QTextLine.cursorToX``."""
    return float(result[0] if isinstance(result, tuple) else result)  # type: ignore[arg-type]
