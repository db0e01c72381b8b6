"""Claim board figures of issue 10, on 300 documents with 10,000 claims (a third of them
aligned in groups of 2–5 across documents, some contradicting) and an actor per claim:

- opening the Claim board (the board built from the store and a table view painted) vs
  the floor of reading every annotation and link row with plain ``sqlite3`` (goal ≤ 0.5 s);
- the board's long CSV export vs the same floor (a ratio, for the record);
- selecting an aligned claim in the window's terms: loading the alignments and finding its
  partners, vs a raw ``SELECT`` of the alignment links.
"""

from __future__ import annotations

import itertools
import random
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from annot.core.claim_groups import Alignments
from annot.core.documents import SourceText, sha256_text
from annot.core.export.board import export_board
from annot.core.model import AnnotationId, Link, LinkId, LinkKind
from annot.core.project import Project
from benchmarks import Figure

DOCS = 300
CLAIMS = 10_000
STAMP = "2025-09-01T12:00:00.000Z"
TEXT = ("Moscow said on Monday that it left the convention, officials reported. " * 40)[:2400]


def _build(path: Path) -> tuple[Project, list[str]]:
    rng = random.Random(10)
    p = Project.create(path)
    p.set_annotator("bench")
    sources = [
        SourceText(
            f"{n}: {TEXT}", f"Report {n}", "2025-09-01", f"r{n}.txt", sha256_text(f"{n}: {TEXT}")
        )
        for n in range(DOCS)
    ]
    p.import_sources(sources, undoable=False)
    docs = [d.id for d in p.store.documents()]
    tags = {t.name: t.id for t in p.store.tags()}
    who = p.annotator_id
    claims: list[tuple[str, int]] = []
    rows = []
    links: list[Link] = []
    per_doc = CLAIMS // DOCS + 1
    for i in range(CLAIMS):
        doc = docs[i // per_doc]
        start = (i % per_doc) * 60 + 5
        claim, actor = (
            str(uuid.UUID(int=rng.getrandbits(128))),
            str(uuid.UUID(int=rng.getrandbits(128))),
        )
        text = f"{doc - 1}: {TEXT}"
        for ann, tag, s, e in (
            (claim, tags["claim"], start, start + 40),
            (actor, tags["actor"], start, start + 6),
        ):
            rows.append(
                (
                    ann,
                    doc,
                    tag,
                    who,
                    s,
                    e,
                    text[s:e],
                    "",
                    "",
                    "",
                    "unreviewed",
                    STAMP,
                    STAMP,
                    "",
                    "",
                )
            )
        links.append(
            Link(
                LinkId(str(uuid.uuid4())),
                LinkKind.SAID_BY,
                AnnotationId(claim),
                AnnotationId(actor),
                STAMP,
            )
        )
        claims.append((claim, doc))
    aligned = rng.sample(claims, CLAIMS // 3)
    i = 0
    while i < len(aligned) - 1:
        size = rng.randint(2, 5)
        group = [c for c in aligned[i : i + size]]
        for a, b in itertools.pairwise(group):
            if a[1] != b[1]:
                kind = LinkKind.CONTRADICTS if rng.random() < 0.1 else LinkKind.SAME_CLAIM
                links.append(
                    Link(
                        LinkId(str(uuid.uuid4())),
                        kind,
                        AnnotationId(a[0]),
                        AnnotationId(b[0]),
                        STAMP,
                    )
                )
        i += size
    with p.store.atomic():
        p.store.insert_full_annotation_rows(rows)
        p.store.insert_links(links)
    return p, [c for c, _ in aligned]


def _best(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def _floor(path: Path) -> float:
    def read() -> None:
        conn = sqlite3.connect(path)
        conn.execute("SELECT * FROM annotations").fetchall()
        conn.execute("SELECT * FROM links").fetchall()
        conn.close()

    return _best(read)


def _open_board(project: Project) -> float:
    from PySide6.QtWidgets import QApplication, QTableView

    from annot.gui.models.board import BoardModel
    from annot.gui.session import Session

    app = QApplication.instance() or QApplication([])
    session = Session(project)
    view = QTableView()
    view.resize(1200, 600)
    view.show()

    def open_it() -> None:
        model = BoardModel(session)
        view.setModel(model)
        app.processEvents()
        assert model.rowCount() > 1000

    seconds = _best(open_it)
    view.close()
    return seconds


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "claims.annot"
        project, aligned = _build(path)
        floor = _floor(path)
        board = _open_board(project)
        export = _best(lambda: export_board(project.store, Path(tmp) / "board.csv"), repeat=2)
        claim = AnnotationId(aligned[0])

        def partners() -> None:
            Alignments.load(project.store).partners(claim)

        def raw_links() -> None:
            project.store.conn.execute("SELECT * FROM links WHERE kind != 'said_by'").fetchall()

        follow, follow_floor = _best(partners, 5), _best(raw_links, 5)
        project.close()
    read = "reading all annotations and links (sqlite3)"
    return [
        Figure(
            f"claim board opens, 10,000 claims / 300 docs (floor: {read})",
            board,
            floor,
            max_value=0.5,
        ),
        Figure(f"board CSV (long) export, 10,000 claims (floor: {read})", export, floor),
        Figure(
            "partners of a selected claim (floor: SELECT the alignment links)",
            follow,
            follow_floor,
            max_value=0.05,
        ),
    ]
