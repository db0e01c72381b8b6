"""Property test of undo recorded at the write (issue 9, part 2): random sequences of every
command (annotations, links, tags, documents, review decisions, comments, claim alignments
and group labels, the actor registry and date values, imports of CSV, W3C, brat and
REFI-QDA files, merges of a colleague's project) → undo all → the database equals the
initial one, row for row; redo all → it equals the final one. Every step on the way back
and forth equals the state it stood for."""

from __future__ import annotations

import random
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from core_helpers import Dump, differences, dump
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_undo_roundtrip import random_command

from annot.core import review
from annot.core.errors import AnnotError
from annot.core.export.tables import export_annotations
from annot.core.interchange import export_brat_folder, export_jsonld, import_annotations_any
from annot.core.merge import merge_projects
from annot.core.model import ALIGNMENT_KINDS, Changes, LinkKind, Status
from annot.core.project import Project
from annot.core.store import Store

Action = Callable[[Project, random.Random], object]


@pytest.fixture(scope="module")
def sources() -> object:
    """A colleague's project (annotations, links, comments, a deletion) and its exports."""
    folder = Path(tempfile.mkdtemp(prefix="annot-undo-property-"))
    colleague = folder / "colleague.annot"
    with Project.create(colleague, seeds=True) as p:
        p.set_annotator("bob")
        tags = {t.name: t.id for t in p.store.tags()}
        doc = p.store.documents()[1].id
        claim = p.add_annotation(doc, tags["claim"], 0, 40)
        actor = p.add_annotation(doc, tags["actor"], 5, 15)
        gone = p.add_annotation(doc, tags["date"], 50, 60)
        p.link(LinkKind.SAID_BY, claim.id, actor.id)
        p.run(review.AddComment(claim.id, "bob", "is this the minister?"))
        p.delete_annotations([gone.id])  # a tombstone that travels
        export_annotations(p.store, folder / "theirs.csv")
        export_jsonld(p, folder / "theirs.jsonld")
        export_brat_folder(p, folder / "brat")
        from annot.core.refi.export import export_qdpx

        export_qdpx(p.store, folder / "theirs.qdpx")
    template = folder / "template.annot"
    with Project.create(template, seeds=True) as p:
        p.set_annotator("alice")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _review(p: Project, rng: random.Random) -> object:
    anns = p.store.annotations()
    if not anns:
        raise AnnotError("nothing to review")
    me = p.annotator_id
    a, b = rng.choice(anns).id, rng.choice(anns).id
    command = rng.choice(
        [
            review.AcceptAnnotation(a, me),
            review.AcceptAnnotation(a, me, tag_id=rng.choice(p.store.tags()).id),
            review.DeclineAnnotation(a, me),
            review.RejectAnnotation(a, reviewer_id=me),
            review.accept_both(a, b, me),
            review.accept_neither([a, b], me),
        ]
    )
    return p.run(command)


def _comment(p: Project, rng: random.Random) -> object:
    comments = p.store.comments()
    if comments and rng.random() < 0.5:
        c = rng.choice(comments)
        if rng.random() < 0.5:
            return p.run(review.EditComment(c.id, f"edited {rng.randrange(100)}"))
        return p.run(review.DeleteComment(c.id))
    anns = p.store.annotations()
    if not anns:
        raise AnnotError("nothing to comment on")
    return p.run(review.AddComment(rng.choice(anns).id, "alice", f"why {rng.randrange(100)}?"))


def _claims(p: Project, rng: random.Random) -> object:
    """Align, unalign and label claim groups (claims across documents)."""
    from annot.core import claim_groups as cg

    claim = p.store.tag_by_name("claim")
    docs = p.store.documents()
    if claim is None:
        raise AnnotError("no claim tag")
    claims = p.store.annotations(tag_id=claim.id)
    if len({c.document_id for c in claims}) < 2 or rng.random() < 0.3:
        doc = rng.choice(docs)
        start = rng.randrange(doc.length - 1)
        return p.add_annotation(doc.id, claim.id, start, min(doc.length, start + rng.randint(1, 40)))
    a = rng.choice(claims)
    b = rng.choice([c for c in claims if c.document_id != a.document_id])
    roll = rng.random()
    if roll < 0.5:
        return p.run(cg.Align(rng.choice(sorted(ALIGNMENT_KINDS)), a.id, b.id))
    if roll < 0.7:
        return p.run(cg.Unalign(a.id, b.id))
    return p.run(cg.SetGroupLabel(a.id, rng.choice(["", "the decree", "casualties"]), rng.choice(["", "n"])))


def _actors(p: Project, rng: random.Random) -> object:
    """The actor registry and date values (tables written with INSERT OR REPLACE)."""
    from annot.core import actors as reg
    from annot.core.date_values import SetDateValue

    roles = {t.role.value: t.id for t in p.store.tags()}
    if "actor" not in roles or "date" not in roles:
        raise AnnotError("the codebook lost its actor or date tag")
    spans = p.store.annotations(tag_id=roles["actor"])
    dates = p.store.annotations(tag_id=roles["date"])
    known = [r[0] for r in p.store.actor_rows()]
    roll = rng.random()
    if roll < 0.25 or not spans:
        doc = rng.choice(p.store.documents())
        start = rng.randrange(doc.length - 1)
        tag = roles["actor"] if rng.random() < 0.6 else roles["date"]
        return p.add_annotation(doc.id, tag, start, min(doc.length, start + rng.randint(1, 20)))
    if roll < 0.45 or not known:
        chosen = [a.id for a in rng.sample(spans, min(len(spans), rng.randint(0, 2)))]
        return p.run(reg.CreateActor(name=f"Actor {rng.randrange(50)}", assign=chosen))
    if roll < 0.65:
        return p.run(reg.AssignActor(annotation_ids=[rng.choice(spans).id], actor_id=rng.choice([*known, ""])))
    if roll < 0.8 and len(known) > 1:
        keep, gone = rng.sample(known, 2)
        return p.run(reg.MergeActors(keep=keep, gone=gone))
    if dates:
        return p.run(SetDateValue(rng.choice(dates).id, rng.choice(["2025-09-29", "2025", ""])))
    return p.run(reg.EditActor(actor_id=rng.choice(known), name=f"Renamed {rng.randrange(50)}"))


def _importer(name: str) -> Action:
    def act(p: Project, rng: random.Random) -> object:
        return import_annotations_any(p, Path(p.path).parent / name)

    return act


ACTIONS: dict[str, Action] = {
    "command": lambda p, rng: p.run(random_command(rng, p.store, p.annotator_id)),
    "review": _review,
    "comment": _comment,
    "claims": _claims,
    "actors": _actors,
    "csv": _importer("theirs.csv"),
    "w3c": _importer("theirs.jsonld"),
    "brat": _importer("brat"),
    "refi": _importer("theirs.qdpx"),
    "merge": lambda p, rng: merge_projects(p, Path(p.path).parent / "colleague.annot"),
}
STEPS: list[int] = []  # steps taken per example (the test below checks the walks are long)
WEIGHTED = ["command"] * 8 + ["review"] * 2 + ["comment"] * 2 + ["claims"] * 3 + ["actors"] * 3 + ["csv", "w3c", "brat", "refi", "merge"]


def check_report(before: Dump, after: Dump, changes: Changes) -> None:
    """An undo or redo names every annotation (and document) whose rows it changed: read
    from the undo log, so the views refresh exactly those."""
    ids = {r[0] for r in set(before["annotations"]) ^ set(after["annotations"])}
    ids |= {end for r in set(before["links"]) ^ set(after["links"]) for end in (r[2], r[3])}
    ids |= {r[1] for r in set(before["comments"]) ^ set(after["comments"])}
    doc_of = {r[0]: r[1] for r in before["annotations"] + after["annotations"]}
    assert changes.annotation_ids is not None and ids <= changes.annotation_ids
    assert {doc_of[i] for i in ids} <= changes.annotations
    if before["documents"] != after["documents"]:
        assert changes.documents
    if before["tags"] != after["tags"]:
        assert changes.codebook
    if before["annotators"] != after["annotators"]:
        assert changes.annotators
    # how many annotations it added less removed (a view counting every annotation trusts it)
    assert changes.annotations_net == len(after["annotations"]) - len(before["annotations"]), changes


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(WEIGHTED), st.integers(0, 2**32)), min_size=10, max_size=30))
def test_undo_all_gives_the_initial_rows_and_redo_all_the_final(
    sources: Path, actions: list[tuple[str, int]]
) -> None:
    f = sources / f"walk-{random.randrange(10**9)}.annot"
    shutil.copyfile(sources / "template.annot", f)
    try:
        with Project.open(f) as p:
            p.set_annotator("alice")
            initial = dump(f)
            states: list[Dump] = [initial]
            for name, seed in actions:
                depth = p.history.depth
                try:
                    ACTIONS[name](p, random.Random(seed))
                except AnnotError:
                    assert dump(f) == states[-1], f"a refused {name} wrote something"
                    continue
                now = dump(f)
                if now != states[-1]:
                    assert p.history.depth == depth + 1, name
                    states.append(now)
                else:  # nothing to do (a file imported twice): no empty undo step
                    assert p.history.depth == depth, name
            final = states[-1]
            STEPS.append(len(states) - 1)
            for i in range(len(states) - 1, 0, -1):
                changes = p.undo()
                assert not differences(states[i - 1], dump(f))
                check_report(states[i], states[i - 1], changes)
            assert not p.history.can_undo
            assert not differences(initial, dump(f))
            for i in range(1, len(states)):
                changes = p.redo()
                assert not differences(states[i], dump(f))
                check_report(states[i - 1], states[i], changes)
            assert not p.history.can_redo
            assert not differences(final, dump(f))
            assert p.store.integrity_check() == ["ok"]
    finally:
        for side in ("", "-wal", "-shm", ".lock"):
            Path(f"{f}{side}").unlink(missing_ok=True)


def test_an_undone_merge_of_a_newer_deletion_restores_our_tombstone(sources: Path, tmp_path: Path) -> None:
    """A merge that replaces one of our tombstones with the colleague's (INSERT OR REPLACE)
    is undone to our tombstone exactly, and redone to theirs."""
    f = tmp_path / "ours.annot"
    shutil.copyfile(sources / "template.annot", f)
    with Project.open(f) as p:
        p.set_annotator("alice")
        theirs = Project.open_readonly(sources / "colleague.annot")
        try:
            tomb = theirs.store.tombstones()
        finally:
            theirs.close()
        assert tomb, "the colleague's file holds a deletion"
        before = dump(f)
        merge_projects(p, sources / "colleague.annot")
        after = dump(f)
        assert {t[0] for t in tomb} <= {t[0] for t in after["tombstones"]}
        p.undo()
        assert not differences(before, dump(f))
        p.redo()
        assert not differences(after, dump(f))


def test_status_values_survive_replay(sources: Path, tmp_path: Path) -> None:
    """Replayed rows keep their values' types (an image is SQL literals, not text)."""
    f = tmp_path / "types.annot"
    shutil.copyfile(sources / "template.annot", f)
    with Project.open(f) as p:
        p.set_annotator("alice")
        doc = p.store.documents()[0]
        tag = p.store.tags()[0]
        a = p.add_annotation(doc.id, tag.id, 0, 5)
        p.set_status(a.id, Status.ACCEPTED)
        p.undo()
        p.undo()
        p.redo()
        p.redo()
        again = p.store.annotation(a.id)
        assert (again.start, again.end, again.status, again.created) == (0, 5, Status.ACCEPTED, a.created)
        row = p.store.conn.execute(
            "SELECT typeof(span_start), typeof(document_id) FROM annotations WHERE id = ?", (a.id,)
        ).fetchone()
        assert row == ("integer", "integer")


class _Upsert:
    """A command of a table added after this history was written (as the claim groups and
    actor registry add theirs), writing it with INSERT OR REPLACE, with no revert."""

    label = "Upsert"

    def __init__(self, key: str, value: str) -> None:
        self.key, self.value = key, value

    def apply(self, store: Store) -> Changes:
        store.conn.execute("INSERT OR REPLACE INTO extra (id, value) VALUES (?, ?)", (self.key, self.value))
        store.conn.execute("INSERT INTO keyless (value) VALUES (?)", (self.value,))
        return Changes()


def test_a_table_added_later_is_undone_without_registering_it(sources: Path, tmp_path: Path) -> None:
    f = tmp_path / "extra.annot"
    shutil.copyfile(sources / "template.annot", f)
    with Project.open(f) as p:
        p.store.conn.execute("CREATE TABLE extra (id TEXT PRIMARY KEY, value TEXT NOT NULL)")
        p.store.conn.execute("CREATE TABLE keyless (value TEXT NOT NULL)")  # keyed by rowid
        p.store.conn.execute("INSERT INTO extra VALUES ('a', 'first')")
    with Project.open(f) as p:
        initial = dump(f)
        p.run(_Upsert("a", "second"))
        p.run(_Upsert("b", "new"))
        final = dump(f)
        assert final["extra"] == [("a", "second"), ("b", "new")]
        p.undo()
        p.undo()
        assert not differences(initial, dump(f))
        p.redo()
        p.redo()
        assert not differences(final, dump(f))


def test_a_document_undone_leaves_no_stale_text_behind(sources: Path, tmp_path: Path) -> None:
    """Undo of an import removes the text from the store's cache too: the next import reuses
    the id, and its annotations quote its own text."""
    from annot.core.documents import SourceText, sha256_text

    f = tmp_path / "texts.annot"
    shutil.copyfile(sources / "template.annot", f)
    with Project.open(f) as p:
        p.set_annotator("alice")
        first, second = "Alpha beta gamma delta.", "Zeta eta theta iota kappa."
        [a] = p.import_sources([SourceText(first, "A", "", "a.txt", sha256_text(first))]).added
        assert p.store.document_text(a) == first  # read once: cached
        p.undo()
        [b] = p.import_sources([SourceText(second, "B", "", "b.txt", sha256_text(second))]).added
        assert b == a  # SQLite gives the id again
        ann = p.add_annotation(b, p.store.tags()[0].id, 0, 4)
        assert ann.quote == "Zeta" and p.store.document_text(b) == second


def test_a_command_that_changes_nothing_adds_no_step_and_keeps_redo(sources: Path, tmp_path: Path) -> None:
    from annot.core.codebook import UpdateTag

    f = tmp_path / "noop.annot"
    shutil.copyfile(sources / "template.annot", f)
    with Project.open(f) as p:
        p.set_annotator("alice")
        doc, tag = p.store.documents()[0], p.store.tags()[0]
        a = p.add_annotation(doc.id, tag.id, 0, 5)
        p.undo()
        p.run(UpdateTag(tag))  # the tag as it is: rewritten, not changed
        assert p.history.depth == 0 and p.history.can_redo
        p.redo()
        assert p.store.annotation(a.id) == a


def test_the_walks_were_long(sources: Path) -> None:
    """The property test above took real steps (not only refused commands)."""
    if not STEPS:
        pytest.skip("run together with the property test")
    assert max(STEPS) >= 8 and sum(STEPS) >= 5 * len(STEPS), STEPS
