"""Property: whatever the characters, an exported quote is text[start:end], and an exported
annotations table imports back into a fresh project as the same spans."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annot.core.documents import SourceText, sha256_text
from annot.core.export.tables import export_annotations, export_claims, neutralise
from annot.core.imports.csv_annotations import import_annotations_csv
from annot.core.model import LinkKind
from annot.core.project import Project

PIECES = [
    "a", "Z", " ", ".", ",", '"', "'", "\n", "\r\n", "\r", "\t", "=", "+", "-", "@",
    "😀", "👩\u200d👩\u200d👧", "🇷🇺", "e\u0301", "\u0301", "\u202f", "\u00a0",
    "Привет", "ё", "\u200f", "\u200e", "\u202e", "שלום", "مرحبا", "年",
]  # fmt: skip

texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=60).map("".join)
notes = st.lists(st.sampled_from(PIECES), max_size=6).map("".join)


@st.composite
def corpus(draw: st.DrawFn) -> tuple[list[str], list[tuple[int, int, int, str, str]]]:
    """Two or three distinct texts and spans (doc index, start, end, tag, note) inside them."""
    docs = draw(st.lists(texts, min_size=2, max_size=3, unique=True))
    spans = []
    for _ in range(draw(st.integers(1, 12))):
        i = draw(st.integers(0, len(docs) - 1))
        start = draw(st.integers(0, len(docs[i]) - 1))
        end = draw(st.integers(start + 1, len(docs[i])))
        spans.append((i, start, end, draw(st.sampled_from(["claim", "actor", "date"])), draw(notes)))
    return docs, spans


def build(docs: list[str], spans: list[tuple[int, int, int, str, str]]) -> tuple[Project, list[int]]:
    project = Project.in_memory()
    project.set_annotator("alice")
    sources = [SourceText(t, f"doc {n}", "", f"doc{n}.txt", sha256_text(t)) for n, t in enumerate(docs)]
    ids = project.import_sources(sources).added
    tags = {t.name: t.id for t in project.store.tags()}
    made = [project.add_annotation(ids[i], tags[tag], s, e, note) for i, s, e, tag, note in spans]
    claims = [a for a in made if a.tag_id == tags["claim"]]
    for a in made:  # link every actor and date to the first claim of its document
        claim = next((c for c in claims if c.document_id == a.document_id), None)
        if claim is not None and a.tag_id in (tags["actor"], tags["date"]):
            kind = LinkKind.SAID_BY if a.tag_id == tags["actor"] else LinkKind.DATED
            project.link(kind, claim.id, a.id)
    return project, ids


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpus(), st.booleans(), st.booleans())
def test_exported_quote_is_the_slice(data, escape: bool, bom: bool) -> None:
    docs, spans = data
    project, _ids = build(docs, spans)
    by_title = {f"doc {n}": t for n, t in enumerate(docs)}
    cell = neutralise if escape else (lambda s: s)
    with tempfile.TemporaryDirectory() as tmp:
        for export, id_column in ((export_claims, "claim_id"), (export_annotations, "annotation_id")):
            out = Path(tmp) / f"{id_column}.csv"
            n = export(project.store, out, excel_bom=bom, escape_formulas=escape)
            rows = read(out)
            assert len(rows) == n
            for row in rows:
                text = by_title[row["document"]]
                start, end = int(row["start"]), int(row["end"])
                assert row["quote"] == cell(text[start:end])
                assert row["context_before"] == cell(text[max(0, start - 40) : start])
                assert row["context_after"] == cell(text[end : end + 40])
                stored = project.store.annotation(row[id_column])
                assert (stored.start, stored.end) == (start, end)
                assert row["note"] == cell(stored.note)
            if export is export_claims:
                assert n == sum(1 for s in spans if s[3] == "claim")
                for row in rows:
                    text = by_title[row["document"]]
                    targets = {LinkKind.SAID_BY: [], LinkKind.DATED: []}
                    for link in project.store.links_of(row["claim_id"]):
                        t = project.store.annotation(link.target_id)
                        targets[link.kind].append((t.start, t.end, t.created, t.id))
                    for kind, column in ((LinkKind.SAID_BY, "actor"), (LinkKind.DATED, "date")):
                        quotes = "; ".join(text[s:e] for s, e, _c, _i in sorted(targets[kind]))
                        assert row[column] == cell(quotes)
    project.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpus())
def test_export_then_import_gives_the_same_spans(data) -> None:
    docs, spans = data
    project, _ids = build(docs, spans)

    def spans_of(p: Project) -> list[tuple[str, int, int, str, str, str]]:
        tags = {t.id: t.name for t in p.store.tags()}
        people = {a.id: a.name for a in p.store.annotators()}
        return sorted(
            (p.store.document_info(a.document_id).sha256, a.start, a.end, tags[a.tag_id],
             people[a.annotator_id], a.note)
            for a in p.store.annotations()
        )  # fmt: skip

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "all.csv"
        export_annotations(project.store, out)  # the formula guard on: import undoes it
        fresh, _ = build(docs, [])
        fresh.set_annotator("someone else")
        report = import_annotations_csv(fresh, out)
        assert report.annotations.added == len(spans)
        assert spans_of(fresh) == spans_of(project)
        fresh.close()
    project.close()
