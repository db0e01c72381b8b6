"""Connector bands between adjacent reading panes, as a diff tool joins matching lines: for
each alignment between a claim shown in one pane and a claim shown in the pane beside it, a
band from the first claim's lines to the second's, across the gap between the two texts,
coloured by the relation. A transparent overlay on the pane area (mouse clicks go through)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPolygonF
from PySide6.QtWidgets import QWidget

from annot.core.model import AnnotationId, DocumentId, LinkKind

End = tuple[LinkKind, AnnotationId, DocumentId, AnnotationId, DocumentId]


class Connectors(QWidget):
    def __init__(self, area: Any, colours: dict[LinkKind, str]) -> None:
        super().__init__(area)
        self.area = area
        self.colours = colours
        self.ends: Sequence[End] = ()
        self.setObjectName("alignmentConnectors")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        area.installEventFilter(self)
        area.splitter.splitterMoved.connect(lambda *_: self.update())
        self.setGeometry(area.rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self.area.rect())
        return False

    def set_ends(self, ends: Sequence[End], watch: Callable[[Any], None]) -> None:
        """Show these alignments; ``watch(editor)`` is called for each pane's editor so that
        its scrolling repaints the bands."""
        self.ends = ends
        for frame in self.area.frames():
            watch(frame.pane.editor())
        self.raise_()
        self.update()

    def _lines(self, frame: Any, claim: AnnotationId) -> tuple[float, float] | None:
        """The top and bottom of the claim's visible lines, in this overlay's coordinates."""
        pane = frame.pane
        span = pane.index.get(claim)
        if span is None:
            return None
        editor = pane.editor()
        rects = editor.span_rects(span.qstart, span.qend)
        if not rects:
            return None
        viewport = editor.viewport()
        top = viewport.mapTo(self.area, QPointF(0, min(r.top() for r in rects)).toPoint()).y()
        bottom = viewport.mapTo(self.area, QPointF(0, max(r.bottom() for r in rects)).toPoint()).y()
        return float(top), float(bottom)

    def bands(self) -> list[tuple[QPolygonF, LinkKind]]:
        """Each visible band, as a polygon in this overlay's coordinates, with its relation."""
        out: list[tuple[QPolygonF, LinkKind]] = []
        frames = sorted(
            (f for f in self.area.frames() if f.isVisible()),
            key=lambda f: f.mapTo(self.area, f.rect().topLeft()).x(),
        )
        for left, right in pairwise(frames):
            ld, rd = left.document_id(), right.document_id()
            if ld is None or rd is None:
                continue
            editor = left.pane.editor()
            x1 = float(editor.mapTo(self.area, editor.rect().topRight()).x() + 1)
            viewport = right.pane.editor().viewport()
            x2 = float(viewport.mapTo(self.area, viewport.rect().topLeft()).x())
            for kind, s, sd, t, td in self.ends:
                if (sd, td) == (ld, rd):
                    a, b = s, t
                elif (sd, td) == (rd, ld):
                    a, b = t, s
                else:
                    continue
                ly, ry = self._lines(left, a), self._lines(right, b)
                if ly is None or ry is None:
                    continue
                polygon = QPolygonF(
                    [QPointF(x1, ly[0]), QPointF(x2, ry[0]), QPointF(x2, ry[1]), QPointF(x1, ly[1])]
                )
                out.append((polygon, kind))
        return out

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.ends:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        for polygon, kind in self.bands():
            painter.setBrush(QColor(self.colours[kind]))
            painter.drawPolygon(polygon)
        painter.end()
