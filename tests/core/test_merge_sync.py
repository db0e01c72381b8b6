"""Merge is a sync: deletions travel as tombstones, timestamps are instants, ties break the
same way everywhere, an identity clash keeps both, and rows that break annot's rules are
refused with the file named (issue 8, part 4)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from annot.core.annotations import DeleteAnnotations, EditNote
from annot.core.codebook import DeleteTag
from annot.core.errors import ValidationError
from annot.core.export.brat import export_brat
from annot.core.merge import merge_projects
from annot.core.model import AnnotationId, LinkKind
from annot.core.project import Project
from annot.core.review import AddComment, DeleteComment
from tests.core.review_helpers import add_text, span
from tests.core.test_review_merge import SHARED_TEXT, doc_by_sha, fingerprint, make


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Project, Project]]:
    ours, theirs = make(tmp_path / "alice.annot", "alice"), make(tmp_path / "bob.annot", "bob")
    yield ours, theirs
    ours.close()
    theirs.close()


def _sql(path: Path, sql: str, *params: object) -> None:
    """Change a closed colleague's file behind annot's back (a hostile or buggy writer)."""
    conn = sqlite3.connect(path)
    conn.execute(sql, params)
    conn.commit()
    conn.close()


def tombstones(p: Project) -> dict[str, str]:
    return {i: kind for i, kind, _ in p.store.tombstones()}


# -- deletions --------------------------------------------------------------------------


def test_a_deleted_span_does_not_come_back_from_an_older_copy(pair: tuple[Project, Project]) -> None:
    ours, theirs = pair
    doc = doc_by_sha(ours, SHARED_TEXT)
    claim = span(ours, doc, "alice", "claim", 21, 63)
    actor = span(ours, doc, "alice", "actor", 0, 4)
    keep = span(ours, doc, "alice", "date", 31, 48)
    link = ours.link(LinkKind.SAID_BY, claim.id, actor.id)
    ours.run(AddComment(claim.id, "alice", "check"))
    merge_projects(theirs, ours.path)  # bob has everything of alice's
    assert theirs.store.has_annotation(claim.id)
    ours.run(DeleteAnnotations([claim.id]))  # the link and the comment go with it
    assert {claim.id: "annotation", link: "link"}.items() <= tombstones(ours).items()

    report = merge_projects(ours, theirs.path)  # bob's older copy still has the claim
    assert not ours.store.has_annotation(claim.id)
    assert ours.store.links() == [] and ours.store.comments() == []
    assert report.annotations.added == 0

    report = merge_projects(theirs, ours.path)  # and the deletion travels to bob
    assert report.annotations.deleted == 1
    assert not theirs.store.has_annotation(claim.id)
    assert theirs.store.links() == [] and theirs.store.comments() == []
    assert theirs.store.has_annotation(keep.id) and theirs.store.has_annotation(actor.id)
    assert tombstones(theirs)[claim.id] == "annotation"
    theirs.undo()  # the merge's deletion is one undo step like any other
    assert theirs.store.has_annotation(claim.id) and len(theirs.store.links()) == 1
    assert claim.id not in tombstones(theirs)


def test_removed_links_and_deleted_comments_travel_too(pair: tuple[Project, Project]) -> None:
    ours, theirs = pair
    doc = doc_by_sha(ours, SHARED_TEXT)
    claim = span(ours, doc, "alice", "claim", 21, 63)
    actor = span(ours, doc, "alice", "actor", 0, 4)
    link = ours.link(LinkKind.SAID_BY, claim.id, actor.id)
    add = AddComment(claim.id, "alice", "check")
    ours.run(add)
    assert add.comment is not None
    merge_projects(theirs, ours.path)
    ours.unlink(link)
    ours.run(DeleteComment(add.comment.id))
    merge_projects(ours, theirs.path)
    assert ours.store.links() == [] and ours.store.comments() == []
    merge_projects(theirs, ours.path)
    assert theirs.store.links() == [] and theirs.store.comments() == []
    assert theirs.store.has_annotation(claim.id)


def test_an_edit_made_after_the_deletion_keeps_the_annotation(pair: tuple[Project, Project]) -> None:
    """The rule: a deletion removes the versions modified before it, not edits made later."""
    ours, theirs = pair
    claim = span(ours, doc_by_sha(ours, SHARED_TEXT), "alice", "claim", 21, 63)
    merge_projects(theirs, ours.path)
    ours.run(DeleteAnnotations([claim.id]))
    time.sleep(0.005)  # (stamps are in milliseconds; at the same instant the deletion wins)
    theirs.run(EditNote(claim.id, note="bob still needs this"))  # later than the deletion
    merge_projects(ours, theirs.path)
    assert ours.store.annotation(claim.id).note == "bob still needs this"
    assert claim.id not in tombstones(ours)
    merge_projects(theirs, ours.path)
    assert theirs.store.annotation(claim.id).note == "bob still needs this"


def test_every_delete_path_leaves_a_tombstone_and_undo_takes_it_back(tmp_path: Path) -> None:
    p = make(tmp_path / "p.annot", "alice")
    doc = doc_by_sha(p, SHARED_TEXT)
    claim = span(p, doc, "alice", "claim", 21, 63)
    actor = span(p, doc, "alice", "actor", 0, 4)
    link = p.link(LinkKind.SAID_BY, claim.id, actor.id)
    p.undo()  # undoing an add leaves no tombstone: the file is as it was
    assert tombstones(p) == {}
    p.redo()
    p.unlink(link)
    assert tombstones(p) == {link: "link"}
    p.undo()
    assert tombstones(p) == {}
    # deleting a tag deletes its annotations, with their links and comments
    add = AddComment(actor.id, "alice", "who?")
    p.run(add)
    assert add.comment is not None
    p.run(DeleteTag(p.store.tag_by_name("actor").id))  # type: ignore[union-attr]
    assert tombstones(p) == {actor.id: "annotation", link: "link", add.comment.id: "comment"}
    p.undo()
    assert tombstones(p) == {} and p.store.has_annotation(actor.id)
    # a document deleted with its annotations (what the store does for undoing an import)
    other = add_text(p, "Another report, annotated.", "other")
    gone = span(p, other, "alice", "actor", 0, 7)
    with p.store.atomic():
        p.store.delete_document(other)
    assert tombstones(p) == {gone.id: "annotation"}
    p.close()


# -- timestamps -------------------------------------------------------------------------


def _edited(pair: tuple[Project, Project], our_stamp: str, their_stamp: str) -> tuple[Project, AnnotationId, Path]:
    """The same annotation with an edited note on both sides, stamped as given."""
    ours, theirs = pair
    claim = span(ours, doc_by_sha(ours, SHARED_TEXT), "alice", "claim", 21, 63)
    merge_projects(theirs, ours.path)
    ours.run(EditNote(claim.id, note="alice's version"))
    theirs.run(EditNote(claim.id, note="bob's version"))
    theirs.close()
    _sql(theirs.path, "UPDATE annotations SET modified = ? WHERE id = ?", their_stamp, claim.id)
    with ours.store.atomic():
        ours.store.conn.execute("UPDATE annotations SET modified = ? WHERE id = ?", (our_stamp, claim.id))
    return ours, claim.id, theirs.path


def test_timestamps_are_compared_as_instants(pair: tuple[Project, Project]) -> None:
    # 12:00+05:00 is 07:00Z: older than our 07:30Z although it sorts after it as a string
    ours, claim, theirs = _edited(pair, "2025-09-29T07:30:00.000Z", "2025-09-29T12:00:00+05:00")
    report = merge_projects(ours, theirs)
    assert ours.store.annotation(claim).note == "alice's version"
    assert report.annotations.updated == 0


def test_a_later_instant_with_an_offset_wins(pair: tuple[Project, Project]) -> None:
    ours, claim, theirs = _edited(pair, "2025-09-29T07:30:00.000Z", "2025-09-29T08:00:00.5+00:15")
    merge_projects(ours, theirs)  # 07:45:00.5Z is later than 07:30Z
    assert ours.store.annotation(claim).note == "bob's version"


def test_a_timestamp_in_the_far_future_does_not_win_for_ever(pair: tuple[Project, Project]) -> None:
    ours, claim, theirs = _edited(pair, "2025-09-29T07:30:00.000Z", "9999-12-31T23:59:59Z")
    merge_projects(ours, theirs)
    assert ours.store.annotation(claim).note == "alice's version"
    # and when such a row is ours already, a colleague's real later edit still wins
    with ours.store.atomic():
        ours.store.conn.execute(
            "UPDATE annotations SET modified = '9999-12-31T23:59:59Z', note = 'stuck' WHERE id = ?", (claim,)
        )
    _sql(theirs, "UPDATE annotations SET modified = '2026-01-01T00:00:00Z' WHERE id = ?", claim)
    merge_projects(ours, theirs)
    assert ours.store.annotation(claim).note == "bob's version"


def test_equal_timestamps_converge_both_ways(tmp_path: Path) -> None:
    a, b = make(tmp_path / "a.annot", "alice"), make(tmp_path / "b.annot", "bob")
    claim = span(a, doc_by_sha(a, SHARED_TEXT), "alice", "claim", 21, 63)
    merge_projects(b, a.path)
    a.run(EditNote(claim.id, note="from a"))
    b.run(EditNote(claim.id, note="from b"))
    for p in (a, b):
        with p.store.atomic():
            p.store.conn.execute(
                "UPDATE annotations SET modified = '2025-09-29T07:30:00.000Z' WHERE id = ?", (claim.id,)
            )
    merge_projects(a, b.path)  # A takes from B, then B from A
    merge_projects(b, a.path)
    assert a.store.annotation(claim.id).note == b.store.annotation(claim.id).note
    a.close()
    b.close()


# -- identity clashes -------------------------------------------------------------------


@pytest.mark.parametrize("clash", ["document", "author"])
def test_a_row_with_our_id_but_another_identity_is_kept_beside_ours(
    pair: tuple[Project, Project], clash: str
) -> None:
    ours, theirs = pair
    mine = span(ours, doc_by_sha(ours, SHARED_TEXT), "alice", "claim", 21, 63)
    if clash == "document":
        other = add_text(theirs, "Bob's own report, which alice does not have.", "own")
        theirs_row = span(theirs, other, "bob", "claim", 0, 10)
    else:
        theirs_row = span(theirs, doc_by_sha(theirs, SHARED_TEXT), "bob", "claim", 21, 63)
    theirs.close()
    _sql(theirs.path, "UPDATE annotations SET id = ?, modified = '2030-01-01T00:00:00Z' WHERE id = ?", mine.id, theirs_row.id)
    report = merge_projects(ours, theirs.path)
    assert ours.store.annotation(mine.id) == mine  # ours untouched
    assert ours.store.annotation_count() == 2  # theirs kept beside it, under another id
    [copy] = [a for a in ours.store.annotations() if a.id != mine.id]
    assert (copy.start, copy.end) == (theirs_row.start, theirs_row.end)
    assert len(report.conflicts) == 1 and mine.id in report.conflicts[0]
    assert "conflict" in report.summary()
    again = merge_projects(ours, theirs.path)  # merging again adds nothing more
    assert ours.store.annotation_count() == 2 and not again.changed


# -- validation -------------------------------------------------------------------------

BREAKAGES = {
    "unknown status": "UPDATE annotations SET status = 'maybe'",
    "span past the end": "UPDATE annotations SET span_end = 10000",
    "quote is not the text": "UPDATE annotations SET quote = 'something else'",
    "reversed said_by link": "UPDATE links SET source_id = target_id, target_id = source_id",
    "unreadable timestamp": "UPDATE annotations SET modified = 'yesterday'",
    "comment on a missing annotation": "UPDATE comments SET annotation_id = 'nope'",
    "empty comment": "UPDATE comments SET text = ''",
    "unknown link kind": "UPDATE links SET kind = 'loves'",
    "tag colour": "UPDATE tags SET colour = 'red'",
    "unknown tag role": "UPDATE tags SET role = 'boss' WHERE name = 'claim'",
    "deleted and present": "INSERT INTO tombstones SELECT id, 'annotation', modified FROM annotations",
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_a_file_with_rows_that_break_our_rules_is_refused_by_name(
    pair: tuple[Project, Project], tmp_path: Path, breakage: str
) -> None:
    ours, theirs = pair
    doc = doc_by_sha(theirs, SHARED_TEXT)
    claim = span(theirs, doc, "bob", "claim", 21, 63)
    actor = span(theirs, doc, "bob", "actor", 0, 4)
    theirs.link(LinkKind.SAID_BY, claim.id, actor.id)
    theirs.run(AddComment(claim.id, "bob", "a remark"))
    theirs.close()
    _sql(theirs.path, BREAKAGES[breakage])
    assert ours.store.settled()  # the background checkpoint changes the file's bytes, not its rows
    before = fingerprint(ours.path)
    with pytest.raises(ValidationError) as caught:
        merge_projects(ours, theirs.path)
    message = str(caught.value)
    assert str(theirs.path) in message and "nothing was merged" in message
    assert fingerprint(ours.path) == before and not ours.history.can_undo
    summary = export_brat(ours.store, tmp_path / "brat")  # what crashed on such rows
    assert summary is not None


def test_a_cross_document_said_by_link_is_refused(pair: tuple[Project, Project]) -> None:
    ours, theirs = pair
    claim = span(theirs, doc_by_sha(theirs, SHARED_TEXT), "bob", "claim", 21, 63)
    elsewhere = add_text(theirs, "Bob alone said this.", "bob's")
    actor = span(theirs, elsewhere, "bob", "actor", 0, 3)
    theirs.close()
    _sql(
        theirs.path,
        "INSERT INTO links (id, kind, source_id, target_id, created) VALUES (?, ?, ?, ?, ?)",
        "link-1", "said_by", claim.id, actor.id, "2025-09-29T07:30:00.000Z",
    )
    with pytest.raises(ValidationError, match="within one document"):
        merge_projects(ours, theirs.path)
    assert ours.store.annotation_count() == 0


def test_a_v2_project_upgrades_to_tombstones(tmp_path: Path) -> None:
    import shutil

    from tests.conftest import ROOT

    f = tmp_path / "v2.annot"
    shutil.copyfile(ROOT / "tests" / "data" / "project-v2.annot", f)
    with Project.open(f) as p:
        victim = p.store.annotations()[0]
        p.run(DeleteAnnotations([victim.id]))
        assert tombstones(p)[victim.id] == "annotation"


def test_annot_merge_refuses_an_invalid_file_in_one_line(
    pair: tuple[Project, Project], capsys: pytest.CaptureFixture[str]
) -> None:
    from annot.cli import main

    ours, theirs = pair
    span(theirs, doc_by_sha(theirs, SHARED_TEXT), "bob", "claim", 21, 63)
    theirs.close()
    ours.close()
    _sql(theirs.path, "UPDATE annotations SET quote = 'forged'")
    assert ours.store.settled()  # the background checkpoint changes the file's bytes, not its rows
    before = fingerprint(ours.path)
    assert main(["merge", str(ours.path), str(theirs.path)]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert str(theirs.path) in err and "is not the text" in err and "nothing was merged" in err
    assert fingerprint(ours.path) == before


def test_undo_and_redo_of_a_merge_with_deletions_are_exact(pair: tuple[Project, Project]) -> None:
    from tests.core.core_helpers import differences, dump

    ours, theirs = pair
    doc = doc_by_sha(theirs, SHARED_TEXT)
    claim = span(theirs, doc, "bob", "claim", 21, 63)
    actor = span(theirs, doc, "bob", "actor", 0, 4)
    theirs.link(LinkKind.SAID_BY, claim.id, actor.id)
    theirs.run(AddComment(claim.id, "bob", "sure?"))
    merge_projects(ours, theirs.path)
    ours.run(EditNote(actor.id, note="alice's"))  # an edit of ours that a deletion overrides
    time.sleep(0.005)
    gone = span(theirs, doc, "bob", "date", 31, 48)
    theirs.run(DeleteAnnotations([gone.id]))  # a deletion of something we never had
    theirs.run(DeleteAnnotations([claim.id, actor.id]))
    before = dump(ours.path)
    report = merge_projects(ours, theirs.path)
    assert report.annotations.deleted == 2 and report.tombstones == 5
    after = dump(ours.path)
    assert sorted(t[0] for t in after["tombstones"]) == sorted(t[0] for t in theirs.store.tombstones())
    ours.undo()
    assert not differences(before, dump(ours.path))
    ours.redo()
    assert not differences(after, dump(ours.path))
