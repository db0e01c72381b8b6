"""The Annotations table's queries (count, pages, rank) against a plain Python reading of the
same project, and the query plans that keep them fast with or without SQLite statistics."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from annot.core.model import Annotation, LinkKind, Role
from annot.core.project import Project
from annot.core.store import open_store
from annot.core.store.claims import linked_match_sql, linked_quotes_sql
from annot.core.store.table import SORTS, TableQuery


@pytest.fixture
def busy(project):  # type: ignore[no-untyped-def]
    """The seeds with 240 random spans by two annotators, claims linked to actors and dates,
    a few notes (one in Cyrillic) and equal starts."""
    rng = random.Random(7)
    store = project.store
    docs = [d.id for d in store.documents()]
    role = {t.role: t.id for t in store.tags()}
    by_role: dict[Role, list[Annotation]] = {r: [] for r in role}
    for n in range(240):
        if n == 120:
            project.set_annotator("Борис")
        doc = rng.choice(docs[:3])
        r = (Role.CLAIM, Role.ACTOR, Role.DATE)[n % 3]
        start = rng.randrange(0, 400)
        a = project.add_annotation(doc, role[r], start, start + rng.randint(2, 30),
                                   note=rng.choice(["", "", "Check", "check again", "ПРОВЕРИТЬ"]))  # fmt: skip
        by_role[r].append(a)
    for claim in by_role[Role.CLAIM]:
        for kind, targets in ((LinkKind.SAID_BY, by_role[Role.ACTOR]), (LinkKind.DATED, by_role[Role.DATE])):
            same = [t for t in targets if t.document_id == claim.document_id]
            if same and rng.random() < 0.6:
                project.link(kind, claim.id, rng.choice(same).id)
    return project


def _reference(project: Project, q: TableQuery) -> list[str]:
    """The ids ``q`` selects, in no particular order, read the plain way."""
    store = project.store
    linked: dict[str, list[str]] = {}
    for link in store.links():
        if link.kind in (LinkKind.SAID_BY, LinkKind.DATED):
            linked.setdefault(link.source_id, []).append(store.annotation(link.target_id).quote)
    out = []
    for a in store.annotations():
        if q.tag_id is not None and a.tag_id != q.tag_id:
            continue
        if q.annotator_id is not None and a.annotator_id != q.annotator_id:
            continue
        if q.document_id is not None and a.document_id != q.document_id:
            continue
        hay = [a.quote.casefold(), a.note.casefold(), *(t.casefold() for t in linked.get(a.id, []))]
        if all(any(w.casefold() in h for h in hay) for w in q.words):
            out.append(a.id)
    return out


def _in_text_order(project: Project, ids: list[str]) -> list[str]:
    """The quotes of these annotations in text order (as the table shows linked ones)."""
    found = [project.store.annotation(i) for i in ids]  # type: ignore[arg-type]
    return [t.quote for t in sorted(found, key=lambda t: (t.start, t.end, t.created, t.id))]


def _key(project: Project, sort: str, a: Annotation) -> object:
    """What the column shows, as the table orders it (ties: reading order)."""
    store = project.store
    reading = (a.document_id, a.start, a.end, a.created, a.id)
    links = [k for k in store.links_of(a.id) if k.source_id == a.id]

    def quotes(kind: LinkKind) -> str:
        return "; ".join(_in_text_order(project, [k.target_id for k in links if k.kind == kind]))

    main: object = {
        "": (),
        "quote": (),
        "document": (store.document_info(a.document_id).title or store.document_info(a.document_id).filename).casefold(),
        "tag": store.tag(a.tag_id).name.casefold(),
        "annotator": store.annotator(a.annotator_id).name.casefold(),
        "note": a.note.lower() if a.note.isascii() else None,
        "status": a.status.value,
        "actor": quotes(LinkKind.SAID_BY),
        "date": quotes(LinkKind.DATED),
    }[sort]
    return (main, reading)


def test_pages_count_and_rank_agree_with_a_plain_reading(busy) -> None:  # type: ignore[no-untyped-def]
    store = busy.store
    tags = {t.name: t.id for t in store.tags()}
    who = {a.name: a.id for a in store.annotators()}
    docs = [d.id for d in store.documents()]
    queries = [TableQuery(sort=s, descending=d) for s in SORTS for d in (False, True)]
    queries += [
        TableQuery(tag_id=tags["claim"]),
        TableQuery(annotator_id=who["Борис"], sort="tag"),
        TableQuery(document_id=docs[1], sort="note", descending=True),
        TableQuery(words=("RUSS",)),  # any case, in quotes or in the linked actors
        TableQuery(words=("проверить",)),  # a note in Cyrillic, folded as Python folds
        TableQuery(words=("the", "a"), tag_id=tags["claim"], sort="actor"),
        TableQuery(words=("100%",)),  # LIKE's wildcards are taken literally
    ]
    for q in queries:
        expected = _reference(busy, q)
        assert store.table_count(q) == len(expected), q
        rows = [r for start in range(0, len(expected) + 7, 7) for r in store.table_page(q, start, 7)]
        ids = [r.annotation.id for r in rows]
        assert sorted(ids) == sorted(expected), q
        if q.sort != "note":  # NOCASE folds ASCII only: checked below on ASCII notes
            keys = [_key(busy, q.sort, r.annotation) for r in rows]
            assert keys == sorted(keys, reverse=q.descending), q
        for n in range(0, len(ids), 9):
            assert store.table_rank(q, ids[n]) == n, q
        for r in rows[:20]:  # the link columns of each row: its targets' quotes, in text order
            links = [k for k in store.links_of(r.annotation.id) if k.source_id == r.annotation.id]
            for kind, shown in ((LinkKind.SAID_BY, r.actors), (LinkKind.DATED, r.dates)):
                assert list(shown) == _in_text_order(busy, [k.target_id for k in links if k.kind == kind])
    q = TableQuery(sort="note")
    notes = [r.annotation.note for r in store.table_page(q, 0, 1000) if r.annotation.note.isascii()]
    assert notes == sorted(notes, key=str.lower)
    q = TableQuery(tag_id=tags["claim"], words=("the",), sort="note")  # kept in a temp table
    n = store.table_count(q)
    at = store.document_text(docs[0]).index(" the ")
    made = busy.add_annotation(docs[0], tags["claim"], at, at + 12)  # a write renews it
    assert "the" in made.quote and store.table_count(q) == n + 1
    assert store.table_page(q, store.table_rank(q, made.id), 1)[0].annotation == made
    outside = store.table_page(TableQuery(document_id=docs[4]), 0, 1)
    assert outside == [] and store.table_rank(TableQuery(document_id=docs[4]), busy.store.annotations()[0].id) is None


def test_pages_beside_a_row_walk_reading_order_as_a_plain_reading(busy) -> None:  # type: ignore[no-untyped-def]
    """Reading order walked page by page from a row's key, forwards from the first row and
    backwards from the last (what scrolling does), equals sorting every annotation in
    Python: equal starts, one document, descending, a page size that does not divide."""
    store = busy.store
    docs = [d.id for d in store.documents()]
    made = busy.add_annotation(docs[0], store.tags()[0].id, 5, 9)
    text = store.document_text(docs[0])
    with store.atomic():  # the same span at the same instant: ordered by id alone
        store.insert_full_annotation_rows([
            (f"tie-{n}", docs[0], made.tag_id, made.annotator_id, 5, 9, text[5:9], "", "", "",
             "unreviewed", made.created, made.created, "", "")
            for n in "bac"
        ])  # fmt: skip
    for q in (TableQuery(), TableQuery(descending=True), TableQuery(sort="quote"),
              TableQuery(document_id=docs[0]), TableQuery(document_id=docs[1], descending=True)):  # fmt: skip
        plain = sorted(
            (a for a in store.annotations() if q.document_id is None or a.document_id == q.document_id),
            key=lambda a: (a.document_id, a.start, a.end, a.created, a.id), reverse=q.descending,
        )  # fmt: skip
        expected = [a.id for a in plain]
        forwards = [r.annotation for r in store.table_page(q, 0, 7)]
        backwards = [r.annotation for r in store.table_page(q, len(expected) - 1, 1)]
        for _ in range(len(expected) // 7 + 1):  # (a wrong seek could walk for ever)
            forwards += [r.annotation for r in store.table_page_beside(q, forwards[-1], 7)]
            backwards[:0] = [r.annotation for r in store.table_page_beside(q, backwards[0], 7, before=True)]
        assert [a.id for a in forwards] == expected, q
        assert [a.id for a in backwards] == expected, q
        for i, a in enumerate(plain):  # a short page each side of every row
            assert [r.annotation.id for r in store.table_page_beside(q, a, 3)] == expected[i + 1 : i + 4]
            assert [r.annotation.id for r in store.table_page_beside(q, a, 3, before=True)] == expected[max(0, i - 3) : i]
    with pytest.raises(ValueError, match="reading order"):
        store.table_page_beside(TableQuery(sort="tag"), made, 7)


def test_the_actor_date_sort_and_the_linked_filter_are_the_one_claims_join(busy) -> None:  # type: ignore[no-untyped-def]
    """The table's actor/date sort key and its filter on linked quotes are the join of
    ``Store.claim_links`` as SQL (annot.core.store.claims): for every annotation the key is
    the quotes claim_links lists, in text order; a word selects exactly the annotations with
    a linked quote holding it, some of them only through that quote — read the plain way."""
    store = busy.store
    role = {t.id: t.role for t in store.tags()}
    spans = store.annotations()
    for claim in [a for a in spans if role[a.tag_id] == Role.CLAIM][::3]:  # several actors and dates
        for target in [a for a in spans if a.document_id == claim.document_id and role[a.tag_id] != Role.CLAIM][:6]:
            kind = LinkKind.SAID_BY if role[target.tag_id] == Role.ACTOR else LinkKind.DATED
            if not any(k.target_id == target.id and k.kind == kind for k in store.links_of(claim.id)):
                busy.link(kind, claim.id, target.id)
    links = store.claim_links()
    keys = store.conn.execute(
        f"SELECT a.id, {linked_quotes_sql(LinkKind.SAID_BY)}, {linked_quotes_sql(LinkKind.DATED)} FROM annotations a"
    ).fetchall()
    assert len(keys) == len(spans) and len(links) > 20
    several = 0
    for ann_id, actors, dates in keys:  # the quotes of its targets in text order, read the plain way
        mine = [k for k in store.links_of(ann_id) if k.source_id == ann_id]
        said = _in_text_order(busy, [k.target_id for k in mine if k.kind == LinkKind.SAID_BY])
        dated = _in_text_order(busy, [k.target_id for k in mine if k.kind == LinkKind.DATED])
        assert (actors, dates) == ("; ".join(said) or None, "; ".join(dated) or None)
        several += len(said) > 1 and len(dated) > 1
    assert several > 5
    for sort in ("actor", "date"):  # the table in that order, as Python sorts those keys
        ordered = [_key(busy, sort, r.annotation) for r in store.table_page(TableQuery(sort=sort), 0, 1000)]
        assert len(ordered) == len(spans) and ordered == sorted(ordered), sort
    targets = {s[3] for said, dated in links.values() for s in said + dated}
    words = sorted({w for quote in targets for w in quote.split() if len(w) > 3 and w.isalpha()})
    assert len(words) > 10
    only_linked = 0
    for word in words:
        expected = {a for a, (said, dated) in links.items() if any(word.casefold() in s[3].casefold() for s in said + dated)}
        found = {
            r[0]
            for r in store.conn.execute(
                f"SELECT a.id FROM annotations a WHERE {linked_match_sql('t.quote LIKE ?')}", (f"%{word}%",)
            )
        }
        assert found == expected, word
        shown = {r.annotation.id for r in store.table_page(TableQuery(words=(word,)), 0, 1000)}
        assert shown == set(_reference(busy, TableQuery(words=(word,)))) and expected <= shown, word
        only_linked += sum(word.casefold() not in (a.quote + " " + a.note).casefold() for a in store.annotations_by_ids(sorted(expected)))
    assert only_linked > 10  # the filter found them through their actors and dates alone


def _plan(store, sql: str) -> str:  # type: ignore[no-untyped-def]
    return " | ".join(str(r[3]) for r in store.conn.execute("EXPLAIN QUERY PLAN " + sql))


@pytest.mark.parametrize("statistics", [False, True], ids=["no sqlite_stat1", "analyzed"])
def test_a_documents_links_are_read_by_the_source_index(busy, statistics: bool) -> None:  # type: ignore[no-untyped-def]
    """The per-document links query and a page's link columns use links(source_id), whether
    or not SQLite holds statistics (a project gets them only after some runs)."""
    store = busy.store
    if statistics:  # as a 300,000-annotation project holds them after a normal close
        store.conn.execute("ANALYZE")
        store.conn.execute("DELETE FROM sqlite_stat1")
        store.conn.executemany("INSERT INTO sqlite_stat1 VALUES (?, ?, ?)", [
            ("links", "links_by_source", "100000 1"), ("links", "links_by_target", "100000 2"),
            ("links", "sqlite_autoindex_links_2", "100000 50000 1 1"),
            ("links", "sqlite_autoindex_links_1", "100000 1"),
            ("annotations", "annotations_by_document", "300000 1000 2"),
            ("annotations", "annotations_by_tag", "300000 100000"),
            ("annotations", "sqlite_autoindex_annotations_1", "300000 1"),
        ])  # fmt: skip
        store.conn.execute("ANALYZE sqlite_schema")  # load them
    else:
        store.conn.execute("DROP TABLE IF EXISTS sqlite_stat1")
    doc = store.documents()[0].id
    with store.traced() as statements:
        store.links(doc)
        store.table_page(TableQuery(), 0, 50)
    plans = [_plan(store, s) for s in statements if "FROM links" in s or "links l" in s]
    assert len(plans) == 2, statements
    assert "SEARCH l USING INDEX links_by_source (source_id=?)" in plans[0], plans[0]
    for plan in plans:  # each link found from its source, never by scanning the links
        assert "source_id=?)" in plan and "SCAN l" not in plan, plan


def test_an_older_project_gets_the_read_indexes(tmp_path: Path) -> None:
    f = tmp_path / "v2.annot"
    shutil.copyfile(ROOT / "tests" / "data" / "project-v2.annot", f)
    with open_store(f) as store:
        names = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_schema WHERE type = 'index'")}
        assert {"links_by_source", "documents_listed"} <= names
        assert len(store.links(store.documents()[0].id)) == 1
        with store.traced() as statements:
            store.documents()
        # listing documents reads the index, not every text (stored before imported_at)
        assert "COVERING INDEX documents_listed" in _plan(store, statements[0])
