"""Figures of issue 11 (timeline): the cross-source timeline with 10,000 dated claims.

- building the timeline's rows (``annot.core.timeline.timeline``: claims, their dated links,
  the dates' values as intervals, groups by "same claim" links, the disagreement mark) vs
  reading the same annotations, links and values from the store alone, the best of three;
- painting it (1600×900, offscreen; a new canvas each time) vs painting the same number of
  dots on the same size of image, each the best of five taken in turns.
"""

from __future__ import annotations

import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from annot.core.annotations import new_id, now
from annot.core.documents import SourceText, sha256_text
from annot.core.imports.csv_annotations import import_annotations_csv
from annot.core.model import AnnotationId, Link, LinkId, LinkKind, Role
from annot.core.project import Project
from annot.core.timeline import timeline
from benchmarks import Figure

CLAIMS = 10_000
DOCS = 40


def _project(folder: Path, rng: random.Random) -> Project:
    per_doc = CLAIMS // DOCS
    sources, rows = [], ["document,annotator,start,end,tag"]
    for n in range(DOCS):
        parts: list[str] = [f"Report {n}\n\n"]
        for _ in range(per_doc):
            day = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
            when = day.strftime("%d %B %Y")
            lead = sum(len(x) for x in parts)
            sentence = f"The minister said on {when} that talks went on. "
            claim_end = lead + len(sentence) - 2
            at = lead + sentence.index(when)
            rows.append(f"r{n}.txt,bench,{lead},{claim_end},claim")
            rows.append(f"r{n}.txt,bench,{at},{at + len(when)},date")
            parts.append(sentence)
        text = "".join(parts)
        sources.append(SourceText(text, f"Report {n}", "2025-01-01", f"r{n}.txt", sha256_text(text), outlet=f"Outlet {n}"))
    project = Project.create(folder / "timeline.annot")
    project.import_sources(sources, undoable=False)
    sheet = folder / "spans.csv"
    sheet.write_text("\n".join(rows) + "\n", "utf-8")
    import_annotations_csv(project, sheet, annotator="bench")
    store = project.store
    roles = {t.id: t.role for t in store.tags()}
    anns = store.annotations()
    claims = [a for a in anns if roles[a.tag_id] == Role.CLAIM]
    dates = {(a.document_id, a.start): a for a in anns if roles[a.tag_id] == Role.DATE}
    stamp = now()
    links = []
    for c in claims:
        text_at = c.quote.index("on ") + 3
        d = dates[(c.document_id, c.start + text_at)]
        links.append(Link(LinkId(new_id()), LinkKind.DATED, c.id, d.id, stamp))
    for i in range(0, len(claims) - 1, 7):  # some claims grouped across sources
        links.append(Link(LinkId(new_id()), LinkKind.SAME_CLAIM, claims[i].id, AnnotationId(claims[i + 1].id), stamp))
    with store.atomic():
        store.insert_links(links)
    return project


def run() -> list[Figure]:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QApplication

    from annot.gui.models.timeline import TimelineModel
    from annot.gui.session import Session
    from annot.gui.widgets.timeline import TimelineCanvas

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        project = _project(Path(tmp), random.Random(3))
        store = project.store
        builds, reads = [], []
        for _ in range(3):  # the best of three of each, in turns
            started = time.perf_counter()
            rows = timeline(store)
            builds.append(time.perf_counter() - started)
            assert len(rows) == CLAIMS
            started = time.perf_counter()
            anns = store.annotations()
            links = store.links()
            store.date_values_of([a.id for a in anns])
            reads.append(time.perf_counter() - started)
            assert links
        build, read = min(builds), min(reads)
        session = Session(project)
        model = TimelineModel(session)

        def paint_once() -> float:  # a new canvas each time: nothing of a paint is reused
            canvas = TimelineCanvas(model, session)
            image = QImage(1600, 900, QImage.Format.Format_ARGB32)
            started = time.perf_counter()
            painter = QPainter(image)
            canvas.paint(painter, 1600, 900)
            painter.end()
            return time.perf_counter() - started

        def dots_once() -> float:
            image = QImage(1600, 900, QImage.Format.Format_ARGB32)
            started = time.perf_counter()
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setBrush(QColor("#1f77b4"))
            for i in range(CLAIMS):
                painter.drawEllipse(QPointF(130 + (i * 7) % 1450, 30 + (i % 40) * 20), 5, 5)
            painter.end()
            return time.perf_counter() - started

        # the best of five of each, taken in turns (one paint on a shared machine is noise)
        times = [(paint_once(), dots_once()) for _ in range(5)]
        paint, dots = min(t[0] for t in times), min(t[1] for t in times)
        session.close()
    del app
    return [
        Figure(f"timeline rows for {CLAIMS // 1000}k dated claims", build, read, max_ratio=3.0,
               note="floor: reading the same annotations, links and values"),
        Figure(f"paint the timeline, {CLAIMS // 1000}k claims", paint, dots, max_ratio=3.0,
               note="floor: the same number of dots on the same image"),
    ]  # fmt: skip
