"""Undo never destroys another writer's work (issue 8, part 5).

annot's own CLI is kept out by the writer's lock while a window is open (tested in
test_data_safety); these tests play "another program" with a second store on the same file
in this process (which shares the lock), as an older annot or a script would be. An undo or
redo then does exactly its own step, or is refused with a HistoryConflict that leaves the
file as it was and clears the stacks (never a raw IntegrityError, never a stuck history).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from core_helpers import dump

from annot.core.errors import HistoryConflict
from annot.core.model import LinkKind
from annot.core.project import Project
from annot.core.store import open_store

TEXT = "The minister said on Monday that the talks would resume in May.\n"


@pytest.fixture
def two(tmp_path: Path):  # type: ignore[no-untyped-def]
    f = tmp_path / "shared.annot"
    Project.create(f, seeds=True).close()
    ours = Project.open(f)
    ours.set_annotator("alice")
    theirs = Project(open_store(f))
    theirs.set_annotator("bob")
    yield f, ours, theirs
    theirs.close()
    ours.close()


def _tags(p: Project) -> dict[str, int]:
    return {t.name: t.id for t in p.store.tags()}


def _import(p: Project, folder: Path, text: str = TEXT) -> int:
    src = folder / f"report-{len(text)}.txt"
    src.write_text(text, encoding="utf-8")
    result = p.import_files([src])
    return result.document_ids[0]


def _refused(f: Path, ours: Project, step) -> str:  # type: ignore[no-untyped-def]
    before = dump(f)
    with pytest.raises(HistoryConflict) as info:
        step()
    assert dump(f) == before  # nothing was changed
    assert not ours.history.can_undo and not ours.history.can_redo  # never stuck
    assert ours.store.integrity_check() == ["ok"]
    return str(info.value)


def test_undo_of_an_import_keeps_annotations_another_writer_made_in_it(two, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f, ours, theirs = two
    doc = _import(ours, tmp_path)
    tags = _tags(theirs)
    kept = [theirs.add_annotation(doc, tags["claim"], 4, 12).id, theirs.add_annotation(doc, tags["actor"], 4, 12).id]
    message = _refused(f, ours, ours.undo)
    assert "Import" in message and "changed by another program" in message
    assert sorted(a.id for a in theirs.store.annotations(document_id=doc)) == sorted(kept)
    ours.add_annotation(doc, tags["date"], 21, 27)  # the project goes on working
    assert len(ours.store.annotations(document_id=doc)) == 3


def test_undo_of_an_annotation_another_writer_linked_to_is_refused(two) -> None:  # type: ignore[no-untyped-def]
    f, ours, theirs = two
    doc = ours.store.documents()[0].id
    tags = _tags(ours)
    actor = ours.add_annotation(doc, tags["actor"], 0, 6)
    claim = theirs.add_annotation(doc, tags["claim"], 0, 30)
    link = theirs.link(LinkKind.SAID_BY, claim.id, actor.id)
    _refused(f, ours, ours.undo)  # would cascade onto their link
    assert [lk.id for lk in ours.store.links()] == [link]


def test_undo_of_our_own_step_goes_through_beside_their_work(two) -> None:  # type: ignore[no-untyped-def]
    _, ours, theirs = two
    docs = [d.id for d in ours.store.documents()]
    tags = _tags(ours)
    first = ours.add_annotation(docs[0], tags["claim"], 0, 10)
    mine = ours.add_annotation(docs[0], tags["claim"], 20, 30)
    ours.edit_note(mine.id, "checked")
    theirs_ann = theirs.add_annotation(docs[1], tags["actor"], 5, 9)
    theirs.edit_note(first.id, "bob was here")  # their edit of another of our spans
    ours.undo()  # the note
    ours.undo()  # the annotation
    assert {a.id for a in ours.store.annotations()} == {first.id, theirs_ann.id}
    assert ours.store.annotation(first.id).note == "bob was here"
    ours.redo()
    assert ours.store.annotation(mine.id).quote == mine.quote
    assert ours.history.can_undo and ours.history.can_redo


def test_redo_that_collides_with_their_rows_is_refused_not_a_raw_error(two, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f, ours, theirs = two
    doc = _import(ours, tmp_path)
    ours.undo()
    other = _import(theirs, tmp_path, "A different report, imported by bob.\n")
    assert other == doc  # the id our redo would use again
    message = _refused(f, ours, ours.redo)
    assert "redo" in message
    assert theirs.store.document_text(other).startswith("A different report")


def test_undo_after_they_deleted_our_annotation_is_refused_cleanly(two) -> None:  # type: ignore[no-untyped-def]
    f, ours, theirs = two
    doc = ours.store.documents()[0].id
    mine = ours.add_annotation(doc, _tags(ours)["claim"], 0, 10)
    ours.edit_note(mine.id, "mine")
    theirs.delete_annotations([mine.id])
    _refused(f, ours, ours.undo)
    assert ours.store.annotation_count() == 0


def test_undo_of_our_edit_after_they_edited_the_same_span_is_refused(two) -> None:  # type: ignore[no-untyped-def]
    """Row-level: the undo would put back our old note over their newer one."""
    f, ours, theirs = two
    doc = ours.store.documents()[0].id
    mine = ours.add_annotation(doc, _tags(ours)["claim"], 0, 10)
    ours.edit_note(mine.id, "mine")
    theirs.edit_note(mine.id, "bob's, later")
    _refused(f, ours, ours.undo)
    assert ours.store.annotation(mine.id).note == "bob's, later"


def test_undo_beside_their_edit_of_another_field_of_another_row_goes_through(two) -> None:  # type: ignore[no-untyped-def]
    _, ours, theirs = two
    doc = ours.store.documents()[0].id
    tags = _tags(ours)
    mine = ours.add_annotation(doc, tags["claim"], 0, 10)
    ours.edit_note(mine.id, "mine")
    other = theirs.add_annotation(doc, tags["actor"], 20, 30)
    theirs.edit_note(other.id, "theirs")
    ours.undo()
    assert ours.store.annotation(mine.id).note == ""
    assert ours.store.annotation(other.id).note == "theirs"
    ours.redo()
    assert ours.store.annotation(mine.id).note == "mine"


def test_undo_of_our_new_span_after_they_edited_it_is_refused(two) -> None:  # type: ignore[no-untyped-def]
    """The row our step inserted was then edited by them: undoing our insert would delete
    their edit with it (a small step's insert is compared by content, not only presence)."""
    f, ours, theirs = two
    doc = ours.store.documents()[0].id
    mine = ours.add_annotation(doc, _tags(ours)["claim"], 0, 10)
    theirs.edit_note(mine.id, "important")
    _refused(f, ours, ours.undo)
    assert ours.store.annotation(mine.id).note == "important"


def test_a_step_of_ours_after_their_write_does_not_hide_it_from_an_older_undo(two) -> None:  # type: ignore[no-untyped-def]
    """They edit the note of our span; we then make an unrelated step of our own. Undoing
    that step is fine, but undoing our span's creation must still see their edit (the
    history must not count their write as seen because a later step of ours committed)."""
    f, ours, theirs = two
    doc = ours.store.documents()[0].id
    tags = _tags(ours)
    mine = ours.add_annotation(doc, tags["claim"], 0, 12)
    theirs.edit_note(mine.id, "bob's note on alice's claim")
    ours.add_annotation(doc, tags["date"], 21, 27)  # a later step of ours, unrelated
    ours.undo()  # our own latest step: nothing of theirs in it
    _refused(f, ours, ours.undo)  # the span they wrote a note on
    assert theirs.store.annotation(mine.id).note == "bob's note on alice's claim"
