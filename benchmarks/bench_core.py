"""Core figures of issue 2: CSV import, CSV export and adding one annotation.

- importing 100k annotations from CSV vs raw ``executemany`` of the same rows (≤ 2.5×);
- exporting 1M annotations (claims and all-annotations CSV) vs ``sqlite3 -csv`` (≤ 3×);
- adding one annotation (command + commit) at 100k annotations: median (≤ 1 ms) and p95,
  vs a raw single INSERT + COMMIT.

The data is built with bulk inserts; the whole module runs in well under two minutes.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from annot.core.documents import SourceText, sha256_text
from annot.core.export.tables import export_annotations, export_claims
from annot.core.imports.csv_annotations import import_annotations_csv
from annot.core.model import CONTEXT_CHARS
from annot.core.project import Project
from benchmarks import Figure

DOCS = 100
DOC_CHARS = 30_000
IMPORT_ROWS = 100_000
EXPORT_ROWS = 1_000_000
SINGLE_ADDS = 400
STAMP = "2025-09-01T12:00:00.000Z"
WORDS = (
    "the", "minister", "said", "that", "Russia", "withdraw", "convention", "torture", "Council",
    "of", "Europe", "1996", "1998", "reported", "officials", "denied", "—", "«цитата»", "Привет",
    "😀", "e\u0301", "\u202f", "",
)  # fmt: skip

ANNOTATION_INSERT = (
    "INSERT INTO annotations (id, document_id, tag_id, annotator_id, span_start, span_end,"
    " quote, context_before, context_after, note, status, created, modified)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _texts(rng: random.Random) -> list[str]:
    out = []
    for n in range(DOCS):
        words = rng.choices(WORDS, k=DOC_CHARS // 2)  # always longer than DOC_CHARS
        text = f"Report {n}\r\n" + " ".join(words)
        out.append(text[:DOC_CHARS])
    return out


def _new_project(path: Path, texts: list[str]) -> Project:
    project = Project.create(path)
    sources = [SourceText(t, f"Report {n}", "", f"report{n}.txt", sha256_text(t)) for n, t in enumerate(texts)]
    project.import_sources(sources, undoable=False)
    project.set_annotator("alice")
    return project


def _fake_id(kind: int, i: int) -> str:
    return f"00000000-0000-4000-{8000 + kind:04x}-{i:012x}"


def _spans(rng: random.Random, n: int) -> list[tuple[int, int, int]]:
    """(document index, start, end) triples; every three share a document."""
    out = []
    for i in range(n):
        doc = (i // 3) % DOCS
        start = rng.randrange(0, DOC_CHARS - 80)
        out.append((doc, start, start + rng.randrange(5, 60)))
    return out


def _checkpoint(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


# -- import -------------------------------------------------------------------------------------


def _bench_import(tmp: Path, texts: list[str], rng: random.Random) -> tuple[list[Figure], Project, Path]:
    base = _new_project(tmp / "base.annot", texts)
    doc_ids = [d.id for d in base.store.documents()]
    base.close()
    _checkpoint(tmp / "base.annot")
    shutil.copy(tmp / "base.annot", tmp / "floor.annot")

    csv_path = tmp / "import.csv"
    tags = ("claim", "actor", "date")
    with csv_path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("document,annotator,start,end,tag,note\r\n")
        for i, (d, s, e) in enumerate(_spans(rng, IMPORT_ROWS)):
            fh.write(f"{doc_ids[d]},bob,{s},{e},{tags[i % 3]},\r\n")

    project = Project.open(tmp / "base.annot")
    project.set_annotator("alice")
    started = time.perf_counter()
    report = import_annotations_csv(project, csv_path)
    ours = time.perf_counter() - started
    assert report.annotations.added == IMPORT_ROWS

    rows = project.store.conn.execute(
        "SELECT id, document_id, tag_id, annotator_id, span_start, span_end, quote,"
        " context_before, context_after, note, status, created, modified FROM annotations"
    ).fetchall()
    conn = sqlite3.connect(tmp / "floor.annot", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("INSERT INTO annotators (id, name) VALUES (2, 'bob')")
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(ANNOTATION_INSERT, rows)
    conn.execute("COMMIT")
    floor = time.perf_counter() - started
    conn.close()
    figure = Figure(f"import {IMPORT_ROWS // 1000}k annotations from CSV", ours, floor, max_ratio=2.5,
                    note="floor: executemany of the same rows in one transaction")  # fmt: skip
    return [figure], project, tmp / "floor.annot"


# -- one annotation ---------------------------------------------------------------------------------


def _bench_single(project: Project, floor_path: Path, rng: random.Random) -> list[Figure]:
    docs = project.store.documents()
    claim = next(t for t in project.store.tags() if t.name == "claim")
    ours: list[float] = []
    for _ in range(SINGLE_ADDS):
        d = rng.choice(docs)
        s = rng.randrange(0, d.length - 60)
        started = time.perf_counter()
        project.add_annotation(d.id, claim.id, s, s + 30)
        ours.append(time.perf_counter() - started)
    text = project.store.document_text(docs[0].id)
    conn = sqlite3.connect(floor_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    floor: list[float] = []
    for i in range(SINGLE_ADDS):
        s = rng.randrange(0, len(text) - 60)
        row = (_fake_id(7, i), docs[0].id, claim.id, 1, s, s + 30, text[s : s + 30],
               text[s - CONTEXT_CHARS : s], text[s + 30 : s + 70], "", "unreviewed", STAMP, STAMP)  # fmt: skip
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(ANNOTATION_INSERT, row)
        conn.execute("COMMIT")
        floor.append(time.perf_counter() - started)
    conn.close()

    def p95(xs: list[float]) -> float:
        return sorted(xs)[int(len(xs) * 0.95)]

    n = f"{project.store.annotation_count() // 1000}k"
    return [
        Figure(f"add one annotation at {n}, median", statistics.median(ours), statistics.median(floor),
               max_value=0.001, note="floor: raw INSERT + COMMIT (WAL, synchronous=NORMAL)"),
        Figure(f"add one annotation at {n}, p95", p95(ours), p95(floor)),
    ]  # fmt: skip


# -- export -----------------------------------------------------------------------------------------


def _build_million(tmp: Path, texts: list[str], rng: random.Random) -> Project:
    """A project of 1M annotations (claim, actor, date in turn; each claim said by the actor
    and dated by the date after it), bulk-inserted without a journal (data set-up only)."""
    path = tmp / "million.annot"
    project = _new_project(path, texts)
    doc_ids = [d.id for d in project.store.documents()]
    tag = {t.name: t.id for t in project.store.tags()}
    tag_of = (tag["claim"], tag["actor"], tag["date"])
    who = project.annotator_id
    project.close()
    notes = ("", "", "", "checked against the other report", "=needs review", 'says "maybe"')
    spans = _spans(rng, EXPORT_ROWS)

    def rows():  # type: ignore[no-untyped-def]
        for i, (d, s, e) in enumerate(spans):
            text = texts[d]
            yield (_fake_id(1, i), doc_ids[d], tag_of[i % 3], who, s, e, text[s:e],
                   text[max(0, s - CONTEXT_CHARS) : s], text[e : e + CONTEXT_CHARS],
                   notes[i % len(notes)], "unreviewed", STAMP, STAMP)  # fmt: skip

    def links():  # type: ignore[no-untyped-def]
        for i in range(0, EXPORT_ROWS - 2, 3):
            yield (_fake_id(2, i), "said_by", _fake_id(1, i), _fake_id(1, i + 1), STAMP)
            yield (_fake_id(3, i), "dated", _fake_id(1, i), _fake_id(1, i + 2), STAMP)

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    conn.executemany(ANNOTATION_INSERT, rows())
    conn.executemany(
        "INSERT INTO links (id, kind, source_id, target_id, created) VALUES (?, ?, ?, ?, ?)",
        links(),
    )
    conn.execute("COMMIT")
    conn.close()
    return Project.open(path)


FLOOR_SQL = """
SELECT a.id, {tag} d.title, d.outlet, d.published, a.span_start, a.span_end, a.quote,
  a.context_before, a.context_after,
  (SELECT group_concat(t.quote, '; ') FROM links l JOIN annotations t ON t.id = l.target_id
     WHERE l.source_id = a.id AND l.kind = 'said_by'),
  (SELECT group_concat(t.quote, '; ') FROM links l JOIN annotations t ON t.id = l.target_id
     WHERE l.source_id = a.id AND l.kind = 'dated'),
  n.name, a.note, a.status, a.created, a.modified
FROM annotations a JOIN documents d ON d.id = a.document_id JOIN tags g ON g.id = a.tag_id
  JOIN annotators n ON n.id = a.annotator_id
{where} ORDER BY a.document_id, a.span_start, a.span_end, a.created, a.id
"""


def _bench_export(tmp: Path, texts: list[str], rng: random.Random) -> list[Figure]:
    sqlite = shutil.which("sqlite3")
    names = ("export annotations CSV at 1M", "export claims CSV at 1M")
    if sqlite is None:
        why = "the sqlite3 command line is missing (install it: apt-get install sqlite3)"
        return [Figure(name, None, None, max_ratio=3, note=why) for name in names]
    project = _build_million(tmp, texts, rng)
    figures = []
    for name, export, sql in (
        (names[0], export_annotations, FLOOR_SQL.format(tag="g.name,", where="")),
        (names[1], export_claims, FLOOR_SQL.format(tag="", where="WHERE g.role = 'claim'")),
    ):
        out = tmp / "ours.csv"
        started = time.perf_counter()
        n = export(project.store, out)
        ours = time.perf_counter() - started
        with (tmp / "floor.csv").open("wb") as fh:
            started = time.perf_counter()
            subprocess.run([sqlite, "-csv", "-header", str(project.path), sql], stdout=fh, check=True)
            floor = time.perf_counter() - started
        figures.append(Figure(f"{name} ({n // 1000}k rows)", ours, floor, max_ratio=3,
                              note="floor: sqlite3 -csv of the same rows and columns"))  # fmt: skip
    project.close()
    return figures


def run() -> list[Figure]:
    rng = random.Random(2)
    texts = _texts(rng)
    with tempfile.TemporaryDirectory(prefix="annot-bench-") as name:
        tmp = Path(name)
        figures, project, floor_path = _bench_import(tmp, texts, rng)
        figures += _bench_single(project, floor_path, rng)
        project.close()
        figures += _bench_export(tmp, texts, rng)
    return figures
