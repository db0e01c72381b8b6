"""Property tests: export → import into a fresh project gives the same annotations and links,
for W3C Web Annotation and brat, over texts full of characters that break offset arithmetic
(emoji, ZWJ sequences, flags, combining marks, CRLF, U+202F, Cyrillic, Hebrew with RTL marks,
TABs, U+2028)."""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annot.core.codebook import AddTag
from annot.core.documents import SourceText, sha256_text
from annot.core.export.brat import export_brat
from annot.core.export.wadm import export_wadm
from annot.core.imports.brat import import_brat
from annot.core.imports.wadm import import_wadm
from annot.core.model import LinkKind, Role, Status, Tag, TagId
from annot.core.project import Project

PIECES = [
    "😀", "👩‍👩‍👧", "🇺🇦", "e\u0301", "\r\n", "\n", "\u202f", "Привет", "\u200f", "\u200e",
    "שלום", "a", " ", "\t", "word", "\u2028", "\\", "«»",
]  # fmt: skip
EXTRA_TAGS = ["key figure", "Zeuge/Zeugin", "дата ✓", "x-x41-y_z"]
ANNOTATORS = ["alice", "Zoë 👩‍🔬"]
NOTE_CHARS = st.sampled_from(["a", " ", "\n", "\r\n", "\t", "\\", "\\n", "😀", "e\u0301", "\u2028", "й"])

texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=20).map("".join)


@dataclass
class Corpus:
    texts: list[str]
    spans: list[tuple[int, int, int, str, str, str, Status]]  # doc, start, end, tag, annotator, note, status
    links: list[tuple[int, int, LinkKind]]  # indexes into spans


@st.composite
def corpora(draw: st.DrawFn) -> Corpus:
    docs = [f"{i}:" + draw(texts) for i in range(draw(st.integers(1, 2)))]
    spans = []
    for _ in range(draw(st.integers(1, 12))):
        d = draw(st.integers(0, len(docs) - 1))
        n = len(docs[d])
        start = draw(st.integers(0, n - 1))
        end = draw(st.integers(start + 1, n))
        tag = draw(st.sampled_from(["claim", "actor", "date", *EXTRA_TAGS]))
        note = "".join(draw(st.lists(NOTE_CHARS, max_size=6)))
        spans.append((d, start, end, tag, draw(st.sampled_from(ANNOTATORS)), note, draw(st.sampled_from(list(Status)))))
    links = []
    for i, a in enumerate(spans):
        for j, b in enumerate(spans):
            if a[3] != "claim" or i == j or not draw(st.booleans()):
                continue
            if b[3] == "actor" and a[0] == b[0]:
                links.append((i, j, LinkKind.SAID_BY))
            elif b[3] == "date" and a[0] == b[0]:
                links.append((i, j, LinkKind.DATED))
            elif b[3] == "claim" and a[0] != b[0] and i < j:  # alignments join two documents
                links.append((i, j, draw(st.sampled_from([LinkKind.SAME_CLAIM, LinkKind.PARTLY, LinkKind.CONTRADICTS]))))
    return Corpus(docs, spans, links)


def build(corpus: Corpus) -> Project:
    p = Project.in_memory()
    for i, name in enumerate(EXTRA_TAGS):
        p.run(AddTag(Tag(TagId(0), name, f"#10203{i}", "", "", Role.OTHER)))
    add_documents(p, corpus.texts)
    docs = p.store.documents()
    tags = {t.name: t.id for t in p.store.tags()}
    ids = []
    for d, start, end, tag, annotator, note, status in corpus.spans:
        p.set_annotator(annotator)
        a = p.add_annotation(docs[d].id, tags[tag], start, end, note=note)
        if status != Status.UNREVIEWED:
            p.set_status(a.id, status)
        ids.append(a.id)
    for i, j, kind in corpus.links:
        p.link(kind, ids[i], ids[j])
    return p


def add_documents(p: Project, docs: list[str]) -> None:
    for n, text in enumerate(docs):
        p.import_sources([SourceText(text, f"doc {n}", "", f"doc {n}.txt", sha256_text(text))])


def annotations_of(p: Project, *, with_ids: bool) -> Counter[tuple[object, ...]]:
    store = p.store
    tags = {t.id: t.name for t in store.tags()}
    names = {a.id: a.name for a in store.annotators()}
    sha = {d.id: d.sha256 for d in store.documents()}
    rows: Counter[tuple[object, ...]] = Counter()
    for a in store.annotations():
        key: tuple[object, ...] = (sha[a.document_id], a.start, a.end, tags[a.tag_id], a.note)
        assert a.quote == store.document_text(a.document_id)[a.start : a.end]
        if with_ids:
            key += (a.id, names[a.annotator_id], a.status.value, a.created, a.modified)
        rows[key] += 1
    return rows


def links_of(p: Project, *, with_ids: bool) -> Counter[tuple[object, ...]]:
    store = p.store
    tags = {t.id: t.name for t in store.tags()}
    sha = {d.id: d.sha256 for d in store.documents()}

    def key(ann_id: str) -> tuple[object, ...]:
        a = store.annotation(ann_id)  # type: ignore[arg-type]
        return (a.id,) if with_ids else (sha[a.document_id], a.start, a.end, tags[a.tag_id], a.note)

    return Counter(
        ((link.id,) if with_ids else ()) + (link.kind.value, key(link.source_id), key(link.target_id))
        for link in store.links()
    )


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(corpora())
def test_w3c_round_trip_keeps_every_annotation_and_link(corpus: Corpus) -> None:
    source = build(corpus)
    fresh = Project.in_memory()
    add_documents(fresh, corpus.texts)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "x.jsonld"
        summary = export_wadm(source.store, out)
        report = import_wadm(fresh, out)
    assert summary.annotations == len(corpus.spans) and summary.links == len(corpus.links)
    assert not report.unanchored and not report.reanchored and not report.skipped_links
    assert annotations_of(fresh, with_ids=True) == annotations_of(source, with_ids=True)
    assert links_of(fresh, with_ids=True) == links_of(source, with_ids=True)


@SETTINGS
@given(corpora())
def test_brat_round_trip_keeps_spans_tags_notes_and_links(corpus: Corpus) -> None:
    source = build(corpus)
    fresh = Project.in_memory()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "brat"
        summary = export_brat(source.store, out)
        report = import_brat(fresh, out, annotator="importer")
    across = sum(1 for i, j, _ in corpus.links if corpus.spans[i][0] != corpus.spans[j][0])
    assert summary.skipped_links == across
    assert report.annotations.added == len(corpus.spans) and not report.not_imported
    assert {d.sha256 for d in fresh.store.documents()} == {sha256_text(t) for t in corpus.texts}
    assert annotations_of(fresh, with_ids=False) == annotations_of(source, with_ids=False)
    same_document = links_of(source, with_ids=False)
    for key in list(same_document):
        if key[1][0] != key[2][0]:  # type: ignore[index]
            del same_document[key]
    assert links_of(fresh, with_ids=False) == same_document
