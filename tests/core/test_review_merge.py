"""Merging colleagues' project files: counts, stability, updates, undo, bad files."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from annot.core.annotations import EditNote
from annot.core.codebook import AddTag
from annot.core.errors import CorruptProject, NotAProject, ProjectTooNew
from annot.core.merge import MergeCancelled, merge_projects
from annot.core.model import LinkKind, Role, Tag, TagId
from annot.core.project import Project
from annot.core.review import AcceptAnnotation, AddComment, EditComment
from tests.conftest import SEEDS
from tests.core.review_helpers import add_text, span, who

SHARED_TEXT = "Both have this text. It says 29 September 2025 with an emoji 👍\r\nand CRLF."
SEED = sorted(SEEDS.glob("*.txt"))[0]


def make(path: Path, name: str) -> Project:
    p = Project.create(path)
    p.set_annotator(name)
    p.import_files([SEED], undoable=False)
    add_text(p, SHARED_TEXT, "shared")
    return p


def doc_by_sha(p: Project, text: str) -> int:
    from annot.core.documents import sha256_text

    found = p.store.document_by_sha(sha256_text(text))
    assert found is not None
    return found


def fingerprint(path: Path) -> list[str]:
    """Bytes of the project file and its WAL (if any)."""
    return [
        hashlib.sha256(f.read_bytes()).hexdigest() if f.exists() else "-"
        for f in (path, path.with_name(path.name + "-wal"))
    ]


def rows(p: Project) -> list[tuple[str, int, str, str, int, int, str, str]]:
    """Every annotation as (id, document sha, tag name, annotator, start, end, note, modified)."""
    tags = {t.id: t.name for t in p.store.tags()}
    names = {a.id: a.name for a in p.store.annotators()}
    shas = {d.id: d.sha256 for d in p.store.documents()}
    return sorted(
        (a.id, shas[a.document_id], tags[a.tag_id], names[a.annotator_id], a.start, a.end, a.note, a.modified)  # type: ignore[misc]
        for a in p.store.annotations()
    )


@pytest.fixture
def pair(tmp_path: Path):  # type: ignore[no-untyped-def]
    """alice's project (ours) and bob's, annotated independently."""
    ours, theirs = make(tmp_path / "alice.annot", "alice"), make(tmp_path / "bob.annot", "bob")
    yield ours, theirs
    ours.close()
    theirs.close()


def test_merge_then_merge_again(pair: tuple[Project, Project]) -> None:
    ours, theirs = pair
    doc_a, doc_b = doc_by_sha(ours, SHARED_TEXT), doc_by_sha(theirs, SHARED_TEXT)
    span(ours, doc_a, "alice", "claim", 0, 20)
    claim = span(theirs, doc_b, "bob", "claim", 21, 63)
    actor = span(theirs, doc_b, "bob", "actor", 0, 4)
    theirs.set_annotator("bob")
    theirs.link(LinkKind.SAID_BY, claim.id, actor.id)
    theirs.run(AddComment(claim.id, "bob", "unsure about the date"))
    own_text = "Only bob has this report."
    only_bob = add_text(theirs, own_text, "bob's report")
    span(theirs, only_bob, "bob", "date", 5, 8)

    report = merge_projects(ours, theirs.path)
    assert (report.documents.added, report.documents.skipped) == (1, 2)
    assert (report.annotators.added, report.tags.skipped) == (1, 3)
    assert (report.annotations.added, report.annotations.updated, report.annotations.skipped) == (3, 0, 0)
    assert (report.links.added, report.comments.added) == (1, 1)
    # everything of bob's is now in ours, with the same ids, on the right documents
    assert set(rows(theirs)) <= set(rows(ours))
    assert len(rows(ours)) == 4
    assert ours.store.find_link(LinkKind.SAID_BY, claim.id, actor.id) is not None
    assert [c.text for c in ours.store.comments([claim.id])] == ["unsure about the date"]
    assert ours.store.document_text(doc_by_sha(ours, own_text)) == own_text
    snapshot = rows(ours)

    again = merge_projects(ours, theirs.path)
    assert not again.changed
    assert again.annotations.skipped == 3 and again.links.skipped == 1 and again.comments.skipped == 1
    assert again.documents.skipped == 3
    assert rows(ours) == snapshot
    assert ours.history.undo_label == f"Merge {theirs.path.name}"  # no empty step was added


def test_an_edit_is_updated_not_duplicated(pair: tuple[Project, Project]) -> None:
    ours, theirs = pair
    doc_b = doc_by_sha(theirs, SHARED_TEXT)
    claim = span(theirs, doc_b, "bob", "claim", 21, 63)
    theirs.run(AddComment(claim.id, "bob", "first"))
    merge_projects(ours, theirs.path)
    theirs.change_bounds(claim.id, 21, 46)
    theirs.edit_note(claim.id, "narrowed")
    [comment] = theirs.store.comments([claim.id])
    theirs.run(EditComment(comment.id, "second thoughts"))
    report = merge_projects(ours, theirs.path)
    assert (report.annotations.added, report.annotations.updated) == (0, 1)
    assert report.comments.updated == 1
    mine = ours.store.annotation(claim.id)
    assert (mine.start, mine.end, mine.note) == (21, 46, "narrowed")
    assert mine.quote == SHARED_TEXT[21:46]
    assert ours.store.annotation_count() == 1
    assert ours.store.comment(comment.id).text == "second thoughts"
    # an older version does not overwrite a newer one: edit ours later, merge again
    ours.run(EditNote(claim.id, note="alice's newer note"))
    report = merge_projects(ours, theirs.path)
    assert report.annotations.skipped == 1 and report.annotations.updated == 0
    assert ours.store.annotation(claim.id).note == "alice's newer note"
    # undo the update: the earlier version comes back
    ours.undo()  # alice's note
    assert ours.store.annotation(claim.id).note == "narrowed"
    ours.undo()  # the second merge
    assert (ours.store.annotation(claim.id).end, ours.store.annotation(claim.id).note) == (63, "")
    assert ours.store.comment(comment.id).text == "first"


def test_merge_is_one_undo_step(pair: tuple[Project, Project]) -> None:
    ours, theirs = pair
    add_text(theirs, "A text only bob has.", "new")
    theirs.run(AddTag(Tag(TagId(0), "place", "#123456", "p", "where", Role.OTHER)))
    ours.run(AddTag(Tag(TagId(0), "person", "#abcdef", "p", "", Role.OTHER)))
    new_doc = doc_by_sha(theirs, "A text only bob has.")
    span(theirs, new_doc, "bob", "place", 2, 6)
    before = (rows(ours), [t.name for t in ours.store.tags()], len(ours.store.documents()))
    merge_projects(ours, theirs.path)
    place = ours.store.tag_by_name("PLACE")
    assert place is not None
    # colour and description kept; key "p" is ours already (person), so the new tag gets none
    assert (place.colour, place.description, place.key) == ("#123456", "where", "")
    ours.undo()
    assert (rows(ours), [t.name for t in ours.store.tags()], len(ours.store.documents())) == before
    assert ours.store.annotator_by_name("bob") is None
    ours.redo()
    assert set(rows(theirs)) <= set(rows(ours))
    assert ours.store.tag_by_name("place") == place


def test_tags_match_case_insensitively(pair: tuple[Project, Project]) -> None:
    ours, theirs = pair
    theirs.run(AddTag(Tag(TagId(0), "Place", "#123456", "p", "", Role.OTHER)))
    ours.run(AddTag(Tag(TagId(0), "place", "#654321", "q", "", Role.OTHER)))
    doc_b = doc_by_sha(theirs, SHARED_TEXT)
    span(theirs, doc_b, "bob", "Place", 0, 4)
    report = merge_projects(ours, theirs.path)
    assert report.tags.added == 0
    [merged] = ours.store.annotations(annotator_id=who(ours, "bob"))
    assert ours.store.tag(merged.tag_id).colour == "#654321"


def test_reviewed_set_travels_back_to_the_author(pair: tuple[Project, Project]) -> None:
    ours, theirs = pair  # bob annotates, alice reviews, bob merges alice's file back
    claim = span(theirs, doc_by_sha(theirs, SHARED_TEXT), "bob", "claim", 21, 63)
    merge_projects(ours, theirs.path)
    ours.run(AcceptAnnotation(claim.id, who(ours, "alice")))
    ours.run(AddComment(claim.id, "alice", "accepted, but check the date"))
    report = merge_projects(theirs, ours.path)
    assert report.annotations.added == 1 and report.annotations.skipped == 1
    [copy] = theirs.store.reviewed_from(claim.id)
    assert (copy.reviewer, copy.status.value) == ("alice", "accepted")
    assert [c.author for c in theirs.store.comments([claim.id])] == ["alice"]


def test_merging_a_project_into_itself_is_refused_and_changes_nothing(pair: tuple[Project, Project]) -> None:
    from annot.core.errors import ValidationError

    ours, _ = pair
    span(ours, doc_by_sha(ours, SHARED_TEXT), "alice", "claim", 0, 5)
    before = rows(ours)
    with pytest.raises(ValidationError, match="is this project itself"):
        merge_projects(ours, ours.path)
    assert rows(ours) == before


def test_cancel_changes_nothing(pair: tuple[Project, Project]) -> None:
    ours, theirs = pair
    span(theirs, doc_by_sha(theirs, SHARED_TEXT), "bob", "claim", 0, 5)
    before = rows(ours)
    with pytest.raises(MergeCancelled):
        merge_projects(ours, theirs.path, progress=lambda done, total: False)
    assert rows(ours) == before and not ours.history.can_undo


def test_merge_an_old_schema_1_file(pair: tuple[Project, Project], tmp_path: Path) -> None:
    """A colleague's file from annot with schema 1 is read as it is, not migrated."""
    from tests.core.test_review_migration import make_v1_file

    ours, _ = pair
    old = make_v1_file(tmp_path / "old.annot", text=SHARED_TEXT)
    before = fingerprint(old)
    report = merge_projects(ours, old)
    assert report.annotations.added == 2 and report.annotators.added == 1
    assert fingerprint(old) == before
    [a, _] = ours.store.annotations(annotator_id=who(ours, "vera"))
    assert (a.reviewer, a.source_id, a.quote) == ("", "", SHARED_TEXT[a.start : a.end])


@pytest.mark.parametrize("damage", ["newer", "truncated", "garbage", "foreign", "not sqlite"])
def test_bad_files_are_refused_and_nothing_changes(
    pair: tuple[Project, Project], tmp_path: Path, damage: str
) -> None:
    ours, theirs = pair
    span(theirs, doc_by_sha(theirs, SHARED_TEXT), "bob", "claim", 0, 5)
    theirs.close()
    bad = tmp_path / "bad.annot"
    shutil.copy(theirs.path, bad)
    expected: type[Exception] = CorruptProject
    if damage == "newer":
        conn = sqlite3.connect(bad)
        conn.execute("PRAGMA user_version = 99")
        conn.close()
        expected = ProjectTooNew
    elif damage == "truncated":
        bad.write_bytes(bad.read_bytes()[:3000])
    elif damage == "garbage":
        data = bytearray(bad.read_bytes())
        data[4096 : 4096 * 3] = b"\xff" * 8192  # ruin pages 2 and 3
        bad.write_bytes(bytes(data))
    elif damage == "foreign":
        bad.unlink()
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE t (x)")
        conn.close()
        expected = NotAProject
    else:
        bad.write_text("id,start,end\n1,2,3\n", "utf-8")
        expected = NotAProject
    assert ours.store.settled()  # the background checkpoint changes the file's bytes, not its rows
    before, snapshot = fingerprint(ours.path), rows(ours)
    with pytest.raises(expected) as caught:
        merge_projects(ours, bad)
    assert str(bad) in str(caught.value)
    assert fingerprint(ours.path) == before
    assert rows(ours) == snapshot and not ours.history.can_undo


def test_changes_name_our_documents(pair: tuple[Project, Project]) -> None:
    ours, theirs = pair
    add_text(theirs, "Only bob's, imported first so that ids differ.", "first")
    doc_b = doc_by_sha(theirs, SHARED_TEXT)
    claim = span(theirs, doc_b, "bob", "claim", 21, 63)
    theirs.run(AddComment(claim.id, "bob", "note"))
    seen = []
    ours.history.subscribe(seen.append)
    merge_projects(ours, theirs.path)
    [changes] = seen
    assert doc_by_sha(ours, SHARED_TEXT) in changes.annotations
    assert set(changes.annotations) <= {d.id for d in ours.store.documents()}
    assert changes.documents and changes.annotators and not changes.codebook


def test_merging_leaves_no_side_files_beside_the_colleagues_file(pair: tuple[Project, Project]) -> None:
    ours, theirs = pair
    span(theirs, doc_by_sha(theirs, SHARED_TEXT), "bob", "claim", 0, 5)
    theirs.close()
    folder = theirs.path.parent
    before = sorted(p.name for p in folder.iterdir() if p.name.startswith("bob"))
    assert before == ["bob.annot"]
    digest = fingerprint(theirs.path)
    assert merge_projects(ours, theirs.path).annotations.added == 1
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith("bob")) == before
    assert fingerprint(theirs.path) == digest


def test_a_file_missing_a_table_is_refused(pair: tuple[Project, Project], tmp_path: Path) -> None:
    ours, theirs = pair
    theirs.close()
    bad = tmp_path / "half.annot"
    shutil.copy(theirs.path, bad)
    conn = sqlite3.connect(bad)
    conn.execute("DROP TABLE comments")  # passes SQLite's checks; fails when read
    conn.commit()
    conn.close()
    assert ours.store.settled()  # the background checkpoint changes the file's bytes, not its rows
    before = fingerprint(ours.path)
    with pytest.raises(CorruptProject, match="cannot be read") as caught:
        merge_projects(ours, bad)
    assert str(bad) in str(caught.value)
    assert fingerprint(ours.path) == before
