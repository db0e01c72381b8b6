"""Property test of undo recorded at the write (issue 9, part 2): random sequences of every
command (annotations, links, tags, documents, review decisions, comments, claim alignments,
rejected suggestions and group labels, the actor registry (split too) and date values,
accepted suggestions, metadata sheets, imports of CSV, W3C, brat and REFI-QDA files and
codebooks, merges of a colleague's project) → undo all → the database equals the initial
one, row for row; redo all → it equals the final one. Every step on the way back and forth
equals the state it stood for.

Every command class of the core (found in the code, ``tests/commands.py``) must be run by
one of the :data:`ACTIONS`: a new command fails :func:`test_every_action_is_a_command_class`
until an action runs it."""

from __future__ import annotations

import random
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from commands import command_classes
from core_helpers import Dump, differences, dump
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_undo_roundtrip import random_command

from annot.core import actors as reg
from annot.core import annotations as ops
from annot.core import claim_groups as cg
from annot.core import review
from annot.core.codebook import AddTag, DeleteTag, UpdateTag
from annot.core.date_values import SetDateValue
from annot.core.documents import AddDocuments, UpdateDocument
from annot.core.errors import AnnotError
from annot.core.export.tables import export_annotations
from annot.core.history import History
from annot.core.imports.plan import ApplyImport
from annot.core.interchange import export_brat_folder, export_jsonld, import_annotations_any
from annot.core.merge import MergeProject, merge_projects
from annot.core.metadata import SetMetadata
from annot.core.model import (
    ALIGNMENT_KINDS,
    Annotation,
    AnnotationId,
    Changes,
    Comment,
    LinkKind,
    Role,
    Status,
    Tag,
    TagId,
)
from annot.core.preannotate import AcceptSuggestion
from annot.core.project import AddAnnotator, Project
from annot.core.store import Store

Action = Callable[[Project, random.Random], object]


@pytest.fixture(scope="module")
def sources() -> object:
    """A colleague's project (annotations, links, comments, a deletion) and its exports, each
    export with a claim of its own (so each import writes), and a REFI-QDA codebook with
    codes the project lacks."""
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
        from annot.core.refi.export import export_qdc, export_qdpx

        exports: list[tuple[int, Callable[[], object]]] = [
            (100, lambda: export_annotations(p.store, folder / "theirs.csv")),
            (140, lambda: export_jsonld(p, folder / "theirs.jsonld")),
            (180, lambda: export_brat_folder(p, folder / "brat")),
            (220, lambda: export_qdpx(p.store, folder / "theirs.qdpx")),
        ]
        for start, export in exports:
            p.add_annotation(doc, tags["claim"], start, start + 30)
            export()
    with Project.create(folder / "codebook.annot", seeds=True) as p:
        for name in ("evidence", "hedge"):
            p.run(AddTag(Tag(TagId(0), name, "#336699", "", "", Role.OTHER)))
        export_qdc(p.store, folder / "theirs.qdc")
    template = folder / "template.annot"
    with Project.create(template, seeds=True) as p:
        p.set_annotator("alice")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _core(kind: str) -> Action:
    """One kind of the core's commands on annotations, links, tags and documents (refused
    when the project has nothing it could act on)."""

    def act(p: Project, rng: random.Random) -> object:
        command = random_command(rng, p.store, p.annotator_id, kind)
        if type(command) is not CORE[kind]:
            raise AnnotError(f"nothing to {kind}")
        return p.run(command)

    return act


def _originals(p: Project) -> list[Annotation]:
    found = [a for a in p.store.annotations() if not a.source_id]  # not a reviewed copy
    if not found:
        raise AnnotError("nothing to review")
    return found


def _accept(p: Project, rng: random.Random) -> object:
    a = rng.choice(_originals(p)).id
    tag = rng.choice([None, rng.choice(p.store.tags()).id])
    return p.run(review.AcceptAnnotation(a, p.annotator_id, tag_id=tag))


def _adjudicate(p: Project, rng: random.Random) -> object:
    anns = _originals(p)
    a, b = rng.choice(anns).id, rng.choice(anns).id
    if rng.random() < 0.5:
        return p.run(review.accept_both(a, b, p.annotator_id))
    return p.run(review.accept_neither([a, b], p.annotator_id))


def _a_comment(p: Project, rng: random.Random) -> Comment:
    comments = p.store.comments()
    if not comments:
        raise AnnotError("no comment yet")
    return rng.choice(comments)


def _comment(p: Project, rng: random.Random) -> object:
    anns = p.store.annotations()
    if not anns:
        raise AnnotError("nothing to comment on")
    return p.run(review.AddComment(rng.choice(anns).id, "alice", f"why {rng.randrange(100)}?"))


def _span(role: str) -> Action:
    """A new span of the tag of ``role`` (claim, actor or date)."""

    def act(p: Project, rng: random.Random) -> object:
        tag = next((t for t in p.store.tags() if t.role.value == role), None)
        if tag is None:
            raise AnnotError(f"the codebook lost its {role} tag")
        doc = rng.choice(p.store.documents())
        start = rng.randrange(doc.length - 1)
        return p.add_annotation(doc.id, tag.id, start, min(doc.length, start + rng.randint(1, 40)))

    return act


def _claim_pair(p: Project, rng: random.Random) -> tuple[AnnotationId, AnnotationId]:
    """Two claims of different documents (claims across documents)."""
    claim = p.store.tag_by_name("claim")
    claims = p.store.annotations(tag_id=claim.id) if claim else []
    if len({c.document_id for c in claims}) < 2:
        raise AnnotError("no two claims of different documents")
    a = rng.choice(claims)
    b = rng.choice([c for c in claims if c.document_id != a.document_id])
    return a.id, b.id


def _spans_of(p: Project, role: str) -> list[Annotation]:
    tag = next((t for t in p.store.tags() if t.role.value == role), None)
    return p.store.annotations(tag_id=tag.id) if tag else []


def _known_actors(p: Project) -> list[str]:
    known = [r[0] for r in p.store.actor_rows()]
    if not known:
        raise AnnotError("no actor in the registry")
    return known


def _create_actor(p: Project, rng: random.Random) -> object:
    spans = _spans_of(p, "actor")
    chosen = [a.id for a in rng.sample(spans, min(len(spans), rng.randint(0, 3)))]  # none too
    return p.run(reg.CreateActor(name=f"Actor {rng.randrange(50)}", assign=chosen))


def _assign_actor(p: Project, rng: random.Random) -> object:
    spans = _spans_of(p, "actor")
    if not spans:
        raise AnnotError("no actor span")
    return p.run(reg.AssignActor(annotation_ids=[rng.choice(spans).id], actor_id=rng.choice([*_known_actors(p), ""])))


def _merge_actors(p: Project, rng: random.Random) -> object:
    known = _known_actors(p)
    if len(known) < 2:
        raise AnnotError("one actor only")
    keep, gone = rng.sample(known, 2)
    return p.run(reg.MergeActors(keep=keep, gone=gone))


def _split_actor(p: Project, rng: random.Random) -> object:
    """Split some of an actor's spans off to a new actor (one with two spans at least)."""
    several = [(a, m) for a in _known_actors(p) if len(m := p.store.mentions_of_actor(a)) > 1]
    if not several:
        raise AnnotError("no actor with two spans")
    actor, mentions = rng.choice(several)
    moving = rng.sample(mentions, rng.randint(1, len(mentions) - 1))
    return p.run(reg.SplitActor(actor_id=actor, annotation_ids=moving, name=f"Split {rng.randrange(50)}"))


def _date_value(p: Project, rng: random.Random) -> object:
    from annot.core.date_values import SetDateValue

    dates = _spans_of(p, "date")
    if not dates:
        raise AnnotError("no date span")
    return p.run(SetDateValue(rng.choice(dates).id, rng.choice(["2025-09-29", "2025", ""])))


def _accept_suggestion(p: Project, rng: random.Random) -> object:
    """A suggested date or actor span of one document (with its value or actor), accepted."""
    from annot.core.preannotate import AcceptSuggestion, suggest_spans

    doc = rng.choice(p.store.documents())
    roles = {t.role: t.id for t in p.store.tags()}
    found = [s for s in suggest_spans(p.store, doc.id) if s.role in roles]
    if not found:
        raise AnnotError("nothing suggested")
    s = rng.choice(found)
    return p.run(AcceptSuggestion(s, roles[s.role], p.annotator_id))


def _metadata(p: Project, rng: random.Random) -> object:
    """A metadata sheet (CSV) giving one document a title and a publication date."""
    doc = rng.choice(p.store.documents())
    sheet = Path(p.path).parent / f"sheet-{rng.randrange(10**9)}.csv"
    day = rng.choice(["2025-09-29", "2024-02-29", "2025-01-01"])
    sheet.write_text(f"file,title,published\n{doc.filename},Sheet {rng.randrange(9)},{day}\n", encoding="utf-8")
    try:
        return p.set_metadata(sheet)
    finally:
        sheet.unlink()


def _importer(name: str) -> Action:
    def act(p: Project, rng: random.Random) -> object:
        return import_annotations_any(p, Path(p.path).parent / name)

    return act


CORE = {
    "add": ops.AddAnnotation, "delete": ops.DeleteAnnotations, "tag": ops.ChangeTag,
    "bounds": ops.ChangeBounds, "note": ops.EditNote, "status": ops.SetStatus, "link": ops.AddLink,
    "unlink": ops.RemoveLink, "add_tag": AddTag, "update_tag": UpdateTag, "delete_tag": DeleteTag,
    "import": AddDocuments, "doc_meta": UpdateDocument,
}  # fmt: skip
# action -> what it does; in the order the coverage walk below takes them (what an action
# needs comes before it, the deletions last; the CSV finds documents by their titles, so
# before they change)
ACTIONS: dict[str, Action] = {
    "command": lambda p, rng: p.run(random_command(rng, p.store, p.annotator_id)),
    "csv": _importer("theirs.csv"),
    "w3c": _importer("theirs.jsonld"),
    "brat": _importer("brat"),
    "refi": _importer("theirs.qdpx"),
    "qdc": _importer("theirs.qdc"),
    "merge": lambda p, rng: merge_projects(p, Path(p.path).parent / "colleague.annot"),
    **{kind: _core(kind) for kind in CORE if kind not in ("delete", "delete_tag")},
    "claim": _span("claim"),
    "actor span": _span("actor"),
    "date span": _span("date"),
    "align": lambda p, rng: p.run(cg.Align(rng.choice(sorted(ALIGNMENT_KINDS)), *_claim_pair(p, rng))),
    "label group": lambda p, rng: p.run(
        cg.SetGroupLabel(_claim_pair(p, rng)[0], rng.choice(["", "the decree", "casualties"]), rng.choice(["", "n"]))
    ),
    "unalign": lambda p, rng: p.run(cg.Unalign(*_claim_pair(p, rng))),
    "reject suggestion": lambda p, rng: p.run(cg.RejectSuggestion(*_claim_pair(p, rng))),
    "create actor": _create_actor,
    "assign actor": _assign_actor,
    "edit actor": lambda p, rng: p.run(reg.EditActor(actor_id=rng.choice(_known_actors(p)), name=f"Renamed {rng.randrange(50)}")),
    "split actor": _split_actor,
    "merge actors": _merge_actors,
    "date value": _date_value,
    "accept suggestion": _accept_suggestion,
    "metadata": _metadata,
    "comment": _comment,
    "edit comment": lambda p, rng: p.run(review.EditComment(_a_comment(p, rng).id, f"edited {rng.randrange(100)}")),
    "accept": _accept,
    "decline": lambda p, rng: p.run(review.DeclineAnnotation(rng.choice(_originals(p)).id, p.annotator_id)),
    "reject": lambda p, rng: p.run(review.RejectAnnotation(rng.choice(_originals(p)).id, reviewer_id=p.annotator_id)),
    "adjudicate": _adjudicate,
    "delete comment": lambda p, rng: p.run(review.DeleteComment(_a_comment(p, rng).id)),
    "delete": _core("delete"),
    "delete_tag": _core("delete_tag"),
}
# action -> the command classes it may run (History.run); the test below checks it as the
# walks go, and that together they are every command class of the core
COMMANDS: dict[str, set[type]] = {
    "command": set(CORE.values()),
    **{kind: {cls} for kind, cls in CORE.items()},
    "claim": {ops.AddAnnotation}, "actor span": {ops.AddAnnotation}, "date span": {ops.AddAnnotation},
    "align": {cg.Align}, "label group": {cg.SetGroupLabel}, "unalign": {cg.Unalign},
    "reject suggestion": {cg.RejectSuggestion}, "create actor": {reg.CreateActor},
    "assign actor": {reg.AssignActor}, "edit actor": {reg.EditActor}, "split actor": {reg.SplitActor},
    "merge actors": {reg.MergeActors}, "date value": {SetDateValue},
    "accept suggestion": {AcceptSuggestion}, "metadata": {SetMetadata},
    "csv": {ApplyImport}, "w3c": {ApplyImport}, "brat": {ApplyImport}, "refi": {ApplyImport},
    "qdc": {ApplyImport}, "merge": {MergeProject},
    "comment": {review.AddComment}, "edit comment": {review.EditComment},
    "delete comment": {review.DeleteComment}, "accept": {review.AcceptAnnotation},
    "decline": {review.DeclineAnnotation}, "reject": {review.RejectAnnotation},
    "adjudicate": {review.Adjudicate, review.AcceptAnnotation, review.DeclineAnnotation},
}  # fmt: skip
# not in a walk: adding an annotator (Project.set_annotator) is not undoable and clears the
# history (test_adding_an_annotator_is_not_a_step below)
NOT_UNDOABLE = {AddAnnotator}
# the coverage walk takes these more than once (what the next ones need)
AGAIN = {"actor span": 3, "create actor": 3, "claim": 2}
# hypothesis draws the actions with these weights
WEIGHTED = [*ACTIONS, *["command"] * 4, *["add", "link", "claim", "actor span"] * 2]
STEPS: list[int] = []  # steps taken per example (the test below checks the walks are long)


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


@contextmanager
def _recording(ran: set[type]) -> Iterator[None]:
    """Note the class of every command History.run runs (and of an Adjudicate's decisions)."""
    real = History.run

    def run(self: History, command: Any, *args: Any, **kw: Any) -> Changes:
        ran.add(type(command))
        ran.update(type(inner) for inner in getattr(command, "decisions", ()))
        return real(self, command, *args, **kw)

    History.run = run  # type: ignore[method-assign]
    try:
        yield
    finally:
        History.run = real  # type: ignore[method-assign]


def walk(folder: Path, actions: Iterable[tuple[str, int]], until_written: bool = False) -> dict[str, set[type]]:
    """Take ``actions`` (name, seed) on a copy of the template, checking each step; then undo
    all (each state on the way back equals the one it stood for, and the initial rows come
    back) and redo all (to the final rows). With ``until_written``, an action that wrote
    nothing is tried again with the next seeds (up to 12). Returns, for each action that
    wrote, the command classes it ran."""
    f = folder / f"walk-{random.randrange(10**9)}.annot"
    shutil.copyfile(folder / "template.annot", f)
    wrote: dict[str, set[type]] = {}
    try:
        with Project.open(f) as p:
            p.set_annotator("alice")
            initial = dump(f)
            states: list[Dump] = [initial]
            for name, seed in actions:
                for attempt in range(12 if until_written else 1):
                    depth = p.history.depth
                    ran: set[type] = set()
                    try:
                        with _recording(ran):
                            ACTIONS[name](p, random.Random(seed + attempt))
                    except AnnotError:
                        assert dump(f) == states[-1], f"a refused {name} wrote something"
                        continue
                    finally:
                        assert ran <= COMMANDS[name], f"{name} ran {ran - COMMANDS[name]}: add it to COMMANDS"
                    now = dump(f)
                    if now != states[-1]:
                        assert p.history.depth == depth + 1, name
                        states.append(now)
                        wrote.setdefault(name, set()).update(ran)
                        break
                    assert p.history.depth == depth, name  # nothing to do (a file imported twice): no empty step
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
    return wrote


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(WEIGHTED), st.integers(0, 2**32)), min_size=10, max_size=40))
def test_undo_all_gives_the_initial_rows_and_redo_all_the_final(
    sources: Path, actions: list[tuple[str, int]]
) -> None:
    walk(sources, actions)


def test_every_action_is_a_command_class() -> None:
    """The actions run every command class of the core (found in the code): a new command
    makes this fail until an action runs it (and COMMANDS says so)."""
    assert set(COMMANDS) == set(ACTIONS)
    found = command_classes()
    named = set().union(*COMMANDS.values())
    assert not {c.__qualname__ for c in named - found}, "COMMANDS names a class that is not a command"
    missing = {c.__qualname__ for c in found - named - NOT_UNDOABLE}
    assert not missing, f"commands the undo property test does not run: {sorted(missing)}"


def test_every_command_class_is_undone_and_redone(sources: Path) -> None:
    """One walk through every action in turn, each tried until it writes: every action
    writes, and every command class of the core runs in it, undone and redone row for row."""
    steps = [name for name in ACTIONS for _ in range(AGAIN.get(name, 1))]
    wrote = walk(sources, [(name, 1000 * n) for n, name in enumerate(steps)], until_written=True)
    assert not set(ACTIONS) - set(wrote), f"actions that never wrote: {sorted(set(ACTIONS) - set(wrote))}"
    missing = {c.__qualname__ for c in command_classes() - set().union(*wrote.values()) - NOT_UNDOABLE}
    assert not missing, f"command classes no step ran: {sorted(missing)}"


def test_adding_an_annotator_is_not_a_step(sources: Path, tmp_path: Path) -> None:
    """The one command outside the walks: a new annotator's name is written for good (no
    undo step, and the history is cleared)."""
    f = tmp_path / "who.annot"
    shutil.copyfile(sources / "template.annot", f)
    ran: set[type] = set()
    with Project.open(f) as p, _recording(ran):
        p.set_annotator("alice")
        doc, tag = p.store.documents()[0], p.store.tags()[0]
        p.add_annotation(doc.id, tag.id, 0, 5)
        assert p.history.can_undo
        p.set_annotator("carol")
        assert ran & NOT_UNDOABLE == NOT_UNDOABLE
        assert not p.history.can_undo and "carol" in {a.name for a in p.store.annotators()}


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
        [a] = p.import_sources([SourceText(first, "A", "", "a.txt", sha256_text(first))]).document_ids
        assert p.store.document_text(a) == first  # read once: cached
        p.undo()
        [b] = p.import_sources([SourceText(second, "B", "", "b.txt", sha256_text(second))]).document_ids
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
