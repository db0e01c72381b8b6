"""Figures of issue 11 (stored date values): suggesting values for 10,000 date spans.

- ``suggest_missing`` over 10,000 date spans of a 100-document project (read the spans and
  texts, normalise each relative to its document's publication date, write the values) vs
  ``normalise_in_text`` alone on the same spans: the store's own cost, as a ratio;
- a CSV import of 10,000 date spans (each gets its suggested value) vs the same import as
  claims (no value to suggest).
"""

from __future__ import annotations

import random
import tempfile
import time
import warnings
from datetime import date, timedelta
from pathlib import Path

from annot.core.date_values import suggest_missing
from annot.core.dates import normalise_in_text
from annot.core.documents import SourceText, sha256_text
from annot.core.imports.csv_annotations import import_annotations_csv
from annot.core.project import Project
from benchmarks import Figure

SPANS = 10_000
DOCS = 100
EXPRESSIONS = (
    "Monday", "on Tuesday", "last Friday", "next Wednesday", "yesterday", "last week",
    "next month", "last year", "October", "early December", "June 18", "March 3, 2021",
    "11 December", "2019", "the 1990s", "two years ago", "last summer", "29.09.2025",
)  # fmt: skip


def _corpus(rng: random.Random) -> tuple[list[SourceText], list[str]]:
    sources, rows = [], ["document,annotator,start,end,tag"]
    per_doc = SPANS // DOCS
    for n in range(DOCS):
        parts, spans = [f"Report {n} of the bench\n\n"], []
        for _ in range(per_doc):
            expr = rng.choice(EXPRESSIONS)
            verb = rng.choice(("said", "announced", "will sign", "denied"))
            lead = "".join(parts)
            sentence = f"The minister {verb} {expr} that the talks went on. "
            start = len(lead) + sentence.index(expr)
            spans.append((start, start + len(expr)))
            parts.append(sentence)
        text = "".join(parts)
        published = (date(2010, 1, 1) + timedelta(days=rng.randrange(5000))).isoformat()
        sources.append(SourceText(text, f"Report {n}", published, f"r{n}.txt", sha256_text(text)))
        rows += [f"r{n}.txt,bench,{s},{e},TAG" for s, e in spans]
    return sources, rows


def _project(folder: Path, name: str, sources: list[SourceText]) -> Project:
    project = Project.create(folder / name)
    project.import_sources(sources, undoable=False)
    return project


def run() -> list[Figure]:
    warnings.filterwarnings("ignore")
    sources, rows = _corpus(random.Random(5))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        dates_csv, claims_csv = folder / "dates.csv", folder / "claims.csv"
        dates_csv.write_text("\n".join(r.replace("TAG", "date") for r in rows) + "\n", "utf-8")
        claims_csv.write_text("\n".join(r.replace("TAG", "claim") for r in rows) + "\n", "utf-8")
        normalise_in_text("on Monday", 0, 9, date(2020, 1, 1))  # dateparser loaded once, outside

        with _project(folder, "claims.annot", sources) as p:
            started = time.perf_counter()
            import_annotations_csv(p, claims_csv, annotator="bench")
            import_floor = time.perf_counter() - started
        with _project(folder, "dates.annot", sources) as p:
            started = time.perf_counter()
            import_annotations_csv(p, dates_csv, annotator="bench")
            import_dates = time.perf_counter() - started
            assert len(p.store.date_value_rows()) == SPANS
            spans = p.store.date_spans_without_value()
            assert not spans
            with p.store.atomic():
                p.store.delete_date_values([r[0] for r in p.store.date_value_rows()])
            started = time.perf_counter()
            with p.store.atomic():
                done = len(suggest_missing(p.store))
            ours = time.perf_counter() - started
            assert done == SPANS
            texts = {d.id: (p.store.document_text(d.id), date.fromisoformat(d.published)) for d in p.store.documents()}
            work = [(texts[a.document_id], a.start, a.end) for a in p.store.annotations()]
        started = time.perf_counter()
        for (text, published), s, e in work:
            normalise_in_text(text, s, e, published)
        floor = time.perf_counter() - started
    name = f"suggest values for {SPANS // 1000}k date spans"
    return [
        Figure(name, ours, floor, max_ratio=1.5, note="floor: normalise_in_text alone on the same spans"),
        Figure(
            f"CSV import of {SPANS // 1000}k date spans", import_dates, import_floor,
            note="floor: the same rows imported as claims (no value)",
        ),
    ]
