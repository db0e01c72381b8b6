"""The cross-source timeline dock: dated claims on a time axis, one lane per source.

A claim is a dot (a day) or a bar (a week, month, year…) in its source's lane, in its tag's
colour; the claims of one group (joined by "same claim" links) are joined by a line across
lanes; a group whose sources give different dates is marked in red (a ring and a "≠" above).
Click a claim to bring its pane to it. The picture exports as PNG or SVG, the data as CSV."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QStaticText
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from annot.core.model import Role
from annot.core.timeline import TimelineClaim, lanes, write_timeline_csv
from annot.gui import errors
from annot.gui.models.timeline import TimelineModel
from annot.gui.session import Session

LABEL_W, AXIS_H, LANE_H, MARGIN = 130, 26, 30, 14
DISAGREE = QColor("#d62728")


@dataclass(frozen=True)
class _Layout:
    """The rows as the picture places them, independent of its size: the lanes, the time
    range, each row's lane and its days from the start, the groups to join (members in
    lane order) and the markers of each pen pass, in row order."""

    rows: list[TimelineClaim]
    names: list[str]
    first: date
    last: date
    span: int
    lane: list[int]
    d0: list[int]  # days from ``first`` to the row's start
    d1: list[int]  # ... to the day after its end
    joined: list[list[int]]
    agreeing: list[int]
    disagreeing: list[int]

    @classmethod
    def of(cls, rows: list[TimelineClaim]) -> _Layout | None:
        if not rows:
            return None
        names = lanes(rows)
        lane_of = {name: i for i, name in enumerate(names)}
        first = min(r.start for r in rows) - timedelta(days=1)
        last = max(r.end for r in rows) + timedelta(days=1)
        origin = first.toordinal()
        lane = [lane_of[r.lane] for r in rows]
        groups: dict[int, list[int]] = {}
        for i, r in enumerate(rows):
            groups.setdefault(r.group, []).append(i)
        joined = [sorted(members, key=lane.__getitem__) for members in groups.values() if len(members) > 1]
        return cls(
            rows, names, first, last, max(1, (last - first).days), lane,
            [r.start.toordinal() - origin for r in rows],
            [r.end.toordinal() + 1 - origin for r in rows],
            joined,
            [i for i, r in enumerate(rows) if not r.disagrees],
            [i for i, r in enumerate(rows) if r.disagrees],
        )  # fmt: skip


class TimelineCanvas(QWidget):
    claimActivated = Signal(str, int)  # claim id, document id

    def __init__(self, model: TimelineModel, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.session = session
        self.markers: list[tuple[QRectF, TimelineClaim]] = []  # where each claim was drawn
        self._laid_out: _Layout | None = None
        self.setMinimumHeight(AXIS_H + 2 * LANE_H)
        self.setAutoFillBackground(True)
        model.modelReset.connect(self._reset)

    def _reset(self) -> None:
        self._laid_out = None
        self.setMinimumHeight(AXIS_H + max(2, len(lanes(self.model.rows()))) * LANE_H + MARGIN)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(640, AXIS_H + max(2, len(lanes(self.model.rows()))) * LANE_H + MARGIN)

    def _colour(self) -> QColor:
        claim = next((t for t in self.session.tags() if t.role == Role.CLAIM), None)
        return QColor(claim.colour if claim else "#1f77b4")

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self.paint(painter, self.width(), self.height())
        finally:
            painter.end()

    def _layout(self) -> _Layout | None:
        """What the picture needs of the rows that does not depend on its size (read once
        per model reset, not at every paint)."""
        if self._laid_out is None:
            self._laid_out = _Layout.of(self.model.rows())
        return self._laid_out

    def paint(self, p: QPainter, width: int, height: int) -> None:
        """Draw the timeline on any painter (the widget, a PNG, an SVG)."""
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(QRectF(0, 0, width, height), QColor("white"))
        layout = self._layout()
        self.markers = []
        if layout is None:
            p.setPen(QColor("#666"))
            p.drawText(QRectF(0, 0, width, height), Qt.AlignmentFlag.AlignCenter,
                       "No dated claims yet: link a claim to a date (D) to place it here.")  # fmt: skip
            return
        first, last, span = layout.first, layout.last, layout.span
        x0, x1 = LABEL_W, max(LABEL_W + 50, width - MARGIN)
        w = x1 - x0

        def x_of(d: date) -> float:
            return x0 + w * (d - first).days / span

        self._axis(p, first, last, x_of, len(layout.names))
        lane_y = [AXIS_H + i * LANE_H + LANE_H / 2 for i in range(len(layout.names))]
        for name, y in zip(layout.names, lane_y, strict=True):
            p.setPen(QColor("#333"))
            label = p.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, LABEL_W - 8)
            p.drawText(QRectF(4, y - LANE_H / 2, LABEL_W - 8, LANE_H), Qt.AlignmentFlag.AlignVCenter, label)
            p.setPen(QPen(QColor("#e4e4e4"), 1))
            p.drawLine(QPointF(x0, y), QPointF(x1, y))
        # One QRectF per marker is the only object a paint makes per claim; the float
        # arithmetic is the one QRectF (and the plain drawing) did, so the pixels are the same.
        rects: list[QRectF] = []
        dot: list[bool] = []  # a circle (a day), else a bar
        centres: list[tuple[float, float]] = []  # as QRectF.center() gives them
        for lane, d0, d1 in zip(layout.lane, layout.d0, layout.d1, strict=True):
            top = lane_y[lane] - 5
            left, right = x0 + w * d0 / span, x0 + w * d1 / span
            if right - left < 10:
                left, wide = (left + right) / 2 - 5, 10.0
            else:
                wide = right - left
            rects.append(QRectF(left, top, wide, 10))
            dot.append(wide <= 10)
            centres.append((left + wide / 2, top + 5.0))
        self.markers = list(zip(rects, layout.rows, strict=True))
        p.setPen(QPen(QColor("#888"), 1.5, Qt.PenStyle.DashLine))
        p.drawLines([QLineF(*centres[a], *centres[b]) for members in layout.joined for a, b in pairwise(members)])
        colour = self._colour()
        p.setBrush(colour)
        for pen, indices in ((QPen(colour.darker(140), 1), layout.agreeing), (QPen(DISAGREE, 2), layout.disagreeing)):
            p.setPen(pen)  # one pen per pass, not one per marker
            for i in indices:
                if dot[i]:
                    p.drawEllipse(rects[i])
                else:
                    p.drawRoundedRect(rects[i], 3, 3)
        p.setPen(DISAGREE)
        if layout.disagreeing:  # "≠" laid out once, drawn where drawText(rect, centred) puts it
            mark = QStaticText("≠")
            at = p.boundingRect(QRectF(0, 0, 16, 13), Qt.AlignmentFlag.AlignCenter, "≠").topLeft()
            dx, dy = at.x(), at.y()
            for i in layout.disagreeing:
                p.drawStaticText(QPointF(centres[i][0] - 8 + dx, lane_y[layout.lane[i]] - 5 - 15 + dy), mark)

    def _axis(self, p: QPainter, first: date, last: date, x_of: Callable[[date], float], n_lanes: int) -> None:
        p.setPen(QColor("#555"))
        years = range(first.year, last.year + 2)
        step = max(1, len(years) // 10)
        bottom = AXIS_H + n_lanes * LANE_H
        for year in years[::step]:
            tick = date(year, 1, 1)
            if first <= tick <= last:
                x = x_of(tick)
                p.setPen(QPen(QColor("#ccc"), 1))
                p.drawLine(QPointF(x, AXIS_H - 4), QPointF(x, bottom))
                p.setPen(QColor("#555"))
                p.drawText(QPointF(x + 2, AXIS_H - 8), str(year))
        if last.year - first.year < 2:  # months within a year or two
            d = date(first.year, first.month, 1)
            while d <= last:
                if d >= first and d.month != 1:
                    p.setPen(QColor("#999"))
                    p.drawText(QPointF(x_of(d) + 2, AXIS_H - 8), d.strftime("%b"))
                d = date(d.year + (d.month // 12), d.month % 12 + 1, 1)

    def claim_at(self, point: QPointF) -> TimelineClaim | None:
        for rect, r in self.markers:
            if rect.adjusted(-3, -3, 3, 3).contains(point):
                return r
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        hit = self.claim_at(event.position())
        if hit is not None and event.button() == Qt.MouseButton.LeftButton:
            self.claimActivated.emit(str(hit.claim_id), int(hit.document_id))
            event.accept()
            return
        super().mousePressEvent(event)

    def to_image(self) -> QImage:
        size = self.size().expandedTo(self.sizeHint())
        image = QImage(size, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        try:
            self.paint(painter, size.width(), size.height())
        finally:
            painter.end()
        return image

    def write_svg(self, path: Path) -> None:
        from PySide6.QtSvg import QSvgGenerator

        size = self.size().expandedTo(self.sizeHint())
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(size)
        generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
        generator.setTitle("annot timeline")
        painter = QPainter(generator)
        try:
            self.paint(painter, size.width(), size.height())
        finally:
            painter.end()


class ExportTarget:
    """Where to save (a classmethod so tests can patch it and never block on a dialog),
    through annot's file dialog (which refuses a project open in annot)."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, filter_: str) -> Path | None:
        from annot.gui.dialogs.files import SAVE, choose

        suffix = filter_.rsplit("*.", 1)[-1].rstrip(")")
        chosen = choose(parent, title, filter_, SAVE, suggested=f"timeline.{suffix}", suffix=suffix)
        if not chosen:
            return None
        return chosen[0] if chosen[0].suffix else chosen[0].with_suffix(f".{suffix}")


class TimelinePanel(QWidget):
    claimActivated = Signal(str, int)

    def __init__(self, session: Session, model: TimelineModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = model
        self.canvas = TimelineCanvas(model, session)
        self.canvas.claimActivated.connect(self.claimActivated)
        buttons = QHBoxLayout()
        for text, tip, slot in (
            ("PNG…", "Save the picture as PNG", self.export_png),
            ("SVG…", "Save the picture as SVG", self.export_svg),
            ("CSV…", "Save the timeline's data as CSV", self.export_csv),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(buttons)

    def export_png(self) -> None:
        path = ExportTarget.ask(self, "Save the timeline as PNG", "PNG image (*.png)")
        if path is not None and not self.canvas.to_image().save(str(path), "PNG"):  # type: ignore[call-overload]
            errors.show_error(self, f"{path}: could not be written", "Timeline")

    def export_svg(self) -> None:
        path = ExportTarget.ask(self, "Save the timeline as SVG", "SVG image (*.svg)")
        if path is not None:
            self.canvas.write_svg(path)

    def export_csv(self) -> None:
        path = ExportTarget.ask(self, "Save the timeline's data as CSV", "CSV (*.csv)")
        if path is not None:
            with errors.reporting(self, "Timeline"):
                write_timeline_csv(self.session.store, self.model.rows(), path)
