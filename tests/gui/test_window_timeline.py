"""The cross-source timeline dock in the window: one lane per source, a marker in the claim
tag's colour (pixel test), the disagreement ring, click → the pane at the claim, exports;
its model through qtmodeltester."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from annot.core.annotations import AddAnnotation, AddLink
from annot.core.model import LinkKind, Role
from annot.gui.models.timeline import TimelineModel
from annot.gui.session import Session
from annot.gui.widgets.timeline import DISAGREE
from tests.gui import user
from tests.gui.test_window_editing import _open

YEARS = {"002_": "1998", "004_": "1998"}  # both seeds say Russia ratified in 1998


def _dated_claims(session: Session) -> dict[str, str]:
    """In two seeds, a claim "Russia ratified … in 1998" dated by its year; the two claims
    linked as the same claim. Returns file prefix -> claim id."""
    store = session.store
    me = session.project.set_annotator("alice")
    tags = {t.role: t.id for t in store.tags()}
    claims: dict[str, str] = {}
    for prefix, year in YEARS.items():
        info = next(d for d in store.documents() if d.filename.startswith(prefix))
        text = store.document_text(info.id)
        at = text.index(year)
        start = text.rindex("Russia", 0, at)
        claim, dated = AddAnnotation(info.id, tags[Role.CLAIM], me, start, at + 4), AddAnnotation(info.id, tags[Role.DATE], me, at, at + 4)
        session.run(claim)
        session.run(dated)
        assert claim.annotation is not None and dated.annotation is not None
        session.run(AddLink(LinkKind.DATED, claim.annotation.id, dated.annotation.id))
        claims[prefix] = claim.annotation.id
    session.run(AddLink(LinkKind.SAME_CLAIM, claims["002_"], claims["004_"]))
    return claims


def _show(window):  # type: ignore[no-untyped-def]
    window.timeline_dock.show()
    window.timeline_dock.raise_()
    window.resize(1200, 800)
    QApplication.processEvents()
    canvas = window.timeline_panel.canvas
    canvas.repaint()
    QApplication.processEvents()
    return canvas


def test_a_lane_per_source_with_a_marker_in_the_claim_colour(window) -> None:  # type: ignore[no-untyped-def]
    claims = _dated_claims(window.session)
    canvas = _show(window)
    rows = window.timeline_model.rows()
    assert {r.claim_id for r in rows} == set(claims.values())
    assert len({r.lane for r in rows}) == 2 and not any(r.disagrees for r in rows)
    image = canvas.grab().toImage()
    claim_colour = QColor(next(t.colour for t in window.session.store.tags() if t.role == Role.CLAIM))
    ys = set()
    for rect, _row in canvas.markers:
        centre = rect.center().toPoint()
        assert image.pixelColor(centre).name() == claim_colour.name()
        ys.add(centre.y())
    assert len(ys) == 2  # two lanes, one marker each
    # the same claim, dated 1996 by one source: the sources now disagree, marked in red
    date_ann = next(a for a in window.session.store.annotations() if a.quote == "1998")
    from annot.core.date_values import SetDateValue

    window.session.run(SetDateValue(date_ann.id, "1996"))
    QApplication.processEvents()
    canvas.repaint()
    assert all(r.disagrees for r in window.timeline_model.rows())
    image = canvas.grab().toImage()
    rect = canvas.markers[0][0]
    ring = rect.center().toPoint()
    ring.setX(int(rect.left()))  # on the outline
    red = image.pixelColor(ring)
    assert red.red() > 150 and red.green() < 120 and red.blue() < 120, red.name()
    assert DISAGREE.name() == "#d62728"


def test_click_a_marker_brings_the_pane_to_the_claim(window) -> None:  # type: ignore[no-untyped-def]
    claims = _dated_claims(window.session)
    _open(window, "001_")  # another document in the pane
    canvas = _show(window)
    rect, row = next((r, c) for r, c in canvas.markers if c.claim_id == claims["004_"])
    user.click(window, canvas, rect.center().toPoint())
    frame = window.panes.current()
    assert frame is not None and frame.document_id() == row.document_id
    assert frame.pane.selected_span() is not None and frame.pane.selected_span().id == claims["004_"]


def test_exports_png_svg_csv(window, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from annot.gui.widgets.timeline import ExportTarget

    _dated_claims(window.session)
    _show(window)
    targets = iter([tmp_path / "t.png", tmp_path / "t.svg", tmp_path / "t.csv"])
    monkeypatch.setattr(ExportTarget, "ask", classmethod(lambda cls, parent, title, f: next(targets)))
    panel = window.timeline_panel
    panel.export_png()
    panel.export_svg()
    panel.export_csv()
    assert (tmp_path / "t.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in (tmp_path / "t.svg").read_text("utf-8")
    with (tmp_path / "t.csv").open(encoding="utf-8", newline="") as fh:
        table = list(csv.DictReader(fh))
    assert [r["date_value"] for r in table] == ["1998", "1998"]


def test_timeline_model(qtmodeltester, project) -> None:  # type: ignore[no-untyped-def]
    session = Session(project)
    _dated_claims(session)
    model = TimelineModel(session)
    assert model.rowCount() == 2
    assert model.index(0, 2).data() == "1998"
    qtmodeltester.check(model)


def test_export_goes_through_annots_file_dialog(window, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    from annot.gui.dialogs import files

    _dated_claims(window.session)
    _show(window)

    def answer(dialog: QFileDialog) -> bool:
        dialog.selectFile(str(tmp_path / "picture"))  # no suffix typed
        return True

    monkeypatch.setattr(files, "_exec", answer)
    window.timeline_panel.export_png()
    assert (tmp_path / "picture.png").read_bytes()[:4] == b"\x89PNG"


def test_disagreement_mark_and_the_dashed_join_are_painted(window) -> None:  # type: ignore[no-untyped-def]
    """The "≠" above each disagreeing marker and the dashed line joining a group's claims
    (drawn in batches: one call for every join, the mark laid out once)."""
    from annot.core.date_values import SetDateValue

    _dated_claims(window.session)
    canvas = _show(window)
    date_ann = next(a for a in window.session.store.annotations() if a.quote == "1998")
    window.session.run(SetDateValue(date_ann.id, "1996"))
    QApplication.processEvents()
    canvas.repaint()
    image = canvas.grab().toImage()
    assert len(canvas.markers) == 2 and all(r.disagrees for _, r in canvas.markers)

    def red(x: float, y: float) -> bool:
        c = image.pixelColor(int(x), int(y))
        return c.red() > 150 and c.green() < 120 and c.blue() < 120

    for rect, _row in canvas.markers:  # the mark: red pixels in the box above the marker
        box = [(rect.center().x() - 8 + dx, rect.top() - 15 + dy) for dx in range(16) for dy in range(13)]
        assert sum(red(x, y) for x, y in box) >= 5, rect
    (a, _), (b, _) = sorted(canvas.markers, key=lambda m: m[0].top())
    start, end = a.center(), b.center()
    greys = 0
    for n in range(30, 71):  # the middle of the line, between the two lanes' markers
        x = start.x() + (end.x() - start.x()) * n / 100
        y = start.y() + (end.y() - start.y()) * n / 100
        c = image.pixelColor(int(x), int(y))
        greys += abs(c.red() - c.green()) < 12 and abs(c.green() - c.blue()) < 12 and c.red() < 215
    assert 3 <= greys < 41  # drawn, and dashed (not one solid line)
