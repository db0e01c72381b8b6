"""Review benchmarks: agreement over a large project, and merging a large project.

- agreement for 3 annotators over 1M code points and 30k spans (goal < 1 s), beside the
  time numpy needs just to build the label arrays of those spans;
- merging a colleague's project holding 100k annotations (goal ≤ 3× a raw
  ``executemany`` of the same rows into the same schema).

``run()`` returns one row per figure: name, seconds, floor name, floor seconds, ratio, goal.
Run alone with ``python -m benchmarks.bench_review``.
"""

from __future__ import annotations

import shutil
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import numpy as np

from annot.core.agreement import agreement
from annot.core.documents import AddDocuments, SourceText, sha256_text
from annot.core.merge import merge_projects
from annot.core.project import Project
from annot.core.store import FullAnnotationRow
from benchmarks import Figure

DOCS = 20
DOC_LENGTH = 50_000  # 20 × 50k = 1M code points
SPANS = 30_000
MERGE_ANNOTATIONS = 100_000
STAMP = "2026-01-01T00:00:00.000Z"


def _best(fn: Any, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def _project(path: Path, seed: int, annotators: list[str]) -> Project:
    p = Project.create(path)
    rng = np.random.default_rng(seed)
    words = np.array([*"abcdefgh ", "\r\n", "👍", "é"])
    sources = []
    for d in range(DOCS):
        text = "".join(rng.choice(words, DOC_LENGTH - 10)) + f"{d:010d}"
        text = text[:DOC_LENGTH]
        sources.append(SourceText(text, f"doc {d}", "", f"d{d}.txt", sha256_text(text)))
    with p.store.atomic():
        AddDocuments(sources).apply(p.store)
    for name in annotators:
        p.set_annotator(name)
    return p


def _rows(p: Project, n: int, seed: int, annotators: list[str]) -> list[FullAnnotationRow]:
    rng = np.random.default_rng(seed)
    docs = [d.id for d in p.store.documents()]
    tags = [t.id for t in p.store.tags()]
    who = [p.store.annotator_by_name(a).id for a in annotators]  # type: ignore[union-attr]
    d = rng.integers(0, len(docs), n)
    t = rng.integers(0, len(tags), n)
    w = rng.integers(0, len(who), n)
    starts = rng.integers(0, DOC_LENGTH - 300, n)
    ends = starts + rng.integers(1, 300, n)
    texts = {doc: p.store.document_text(doc) for doc in docs}
    rows: list[FullAnnotationRow] = []
    for i in range(n):
        doc, s, e = docs[d[i]], int(starts[i]), int(ends[i])
        text = texts[doc]
        rows.append((
            str(uuid.UUID(int=int(rng.integers(0, 2**62)) << 64 | i)), doc, tags[t[i]], who[w[i]],
            s, e, text[s:e], text[max(0, s - 40):s], text[e:e + 40], "", "unreviewed", STAMP,
            STAMP, "", "",
        ))  # fmt: skip
    return rows


def _label_arrays(p: Project, annotators: list[str]) -> None:
    """The floor: only building each annotator's per-unit label arrays with numpy."""
    ids = [p.store.annotator_by_name(a).id for a in annotators]  # type: ignore[union-attr]
    rows = np.array(p.store.span_rows(annotator_ids=ids), dtype=np.int64)
    for doc in np.unique(rows[:, 0]):
        mine = rows[rows[:, 0] == doc]
        for who in ids:
            labels = np.zeros(DOC_LENGTH, dtype=np.int64)
            theirs = mine[mine[:, 1] == who]
            for bit, tag in enumerate(np.unique(theirs[:, 2])):
                spans = theirs[theirs[:, 2] == tag]
                delta = np.bincount(spans[:, 3], minlength=DOC_LENGTH + 1) - np.bincount(
                    spans[:, 4], minlength=DOC_LENGTH + 1
                )
                labels |= (np.cumsum(delta[:DOC_LENGTH]) > 0).astype(np.int64) << bit


def bench_agreement(folder: Path) -> list[Figure]:
    names = ["ann", "ben", "cat"]
    p = _project(folder / "agreement.annot", 1, names)
    with p.store.atomic():
        p.store.insert_full_annotation_rows(_rows(p, SPANS, 2, names))
    seconds = _best(lambda: agreement(p.store, annotators=names))
    floor = _best(lambda: _label_arrays(p, names))
    p.close()
    return [
        Figure(
            f"agreement, 3 annotators, {DOCS * DOC_LENGTH:,} code points, {SPANS:,} spans"
            " (floor: numpy label arrays only)",
            seconds, floor, max_value=1.0,
        )
    ]  # fmt: skip


def bench_merge(folder: Path) -> list[Figure]:
    names = ["ann", "ben"]
    theirs = _project(folder / "theirs.annot", 3, names)
    rows = _rows(theirs, MERGE_ANNOTATIONS, 4, names)
    with theirs.store.atomic():
        theirs.store.insert_full_annotation_rows(rows)
    theirs.close()
    empty = _project(folder / "ours.annot", 3, names)  # same documents, no annotations
    empty.close()

    def fresh(name: str) -> Path:
        target = folder / name
        shutil.copy(folder / "ours.annot", target)
        return target

    merge_times, raw_times = [], []
    for i in range(3):
        with Project.open(fresh(f"merge{i}.annot")) as ours:
            t0 = time.perf_counter()
            report = merge_projects(ours, theirs.path)
            merge_times.append(time.perf_counter() - t0)
            assert report.annotations.added == MERGE_ANNOTATIONS
        with Project.open(fresh(f"raw{i}.annot")) as raw:
            t0 = time.perf_counter()
            with raw.store.atomic():
                raw.store.insert_full_annotation_rows(rows)
            raw_times.append(time.perf_counter() - t0)
    seconds, floor = min(merge_times), min(raw_times)
    return [
        Figure(
            f"merge a project of {MERGE_ANNOTATIONS:,} annotations"
            " (floor: raw executemany of the same rows)",
            seconds, floor, max_ratio=3.0,
        )
    ]  # fmt: skip


def run() -> list[Figure]:
    """Measure each figure beside its floor (the runner prints the table)."""
    folder = Path(tempfile.mkdtemp(prefix="annot-bench-review-"))
    try:
        return [row for bench in (bench_agreement, bench_merge) for row in bench(folder)]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    for figure in run():
        print(figure)
