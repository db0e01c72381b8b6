"""One route (issue 9, part 1): every write reaches the history's listeners with a report
that names the tables written — a bulk step's too — and who asked; the writes that are not
undoable (a new annotator's name, a new project's samples, the CLI's import) are reported
the same way and clear the history instead of leaving a step that could clobber them."""

from __future__ import annotations

import uuid
from pathlib import Path

from annot.core.model import Changes, DocumentId
from annot.core.project import Project
from annot.core.store import Store


class _Bulk:
    """Many annotations in one step (past the size up to which a report names each id)."""

    label = "Bulk"

    def __init__(self, doc: DocumentId, tag: int, who: int, n: int) -> None:
        self.doc, self.tag, self.who, self.n = doc, tag, who, n

    def apply(self, store: Store) -> Changes:
        stamp = "2026-01-01T00:00:00.000Z"
        rows = [
            (str(uuid.uuid4()), self.doc, self.tag, self.who, i % 50, i % 50 + 3, "x", "", "", "", "unreviewed", stamp, stamp)
            for i in range(self.n)
        ]
        store.insert_annotation_rows(rows)  # type: ignore[arg-type]
        return Changes(annotations=frozenset({self.doc}))


def test_a_bulk_step_reports_its_tables_but_not_each_id(project: Project) -> None:
    doc = project.store.documents()[0].id
    heard: list[Changes] = []
    project.history.subscribe(heard.append)
    changes = project.run(_Bulk(doc, project.store.tags()[0].id, project.annotator_id, 6000), initiator="me")
    assert changes.tables == {"annotations"} and changes.spans_changed and not changes.links_changed
    assert changes.annotation_ids is None and changes.initiator == "me"  # views reload the document
    undone = project.undo()
    assert "annotations" in undone.tables and undone.annotation_ids is not None and len(undone.annotation_ids) == 6000
    assert heard == [changes, undone]


def test_a_new_annotator_is_reported_and_clears_the_history(project: Project) -> None:
    """Choosing a new name writes through the history (the views hear of it) but is no
    undo step; an undone import's annotator cannot come back over the new name's row."""
    from annot.core.annotations import AddAnnotation

    store = project.store
    doc, tag = store.documents()[0].id, store.tags()[0].id
    carol = project.set_annotator("carol")
    project.run(AddAnnotation(doc, tag, carol, 0, 5))
    heard: list[Changes] = []
    project.history.subscribe(heard.append)
    project.set_annotator("alice")  # known: nothing written, nothing heard
    assert heard == [] and project.history.can_undo
    dave = project.set_annotator("dave")
    assert heard and heard[-1].annotators and heard[-1].tables == {"annotators"}
    assert not project.history.can_undo and not project.history.can_redo
    assert store.annotator(dave).name == "dave"


def test_a_redo_cannot_rename_a_new_annotator(tmp_path: Path, project: Project) -> None:
    """The hazard the clearing prevents: an import that added annotator "erin" is undone,
    then "dave" is chosen (SQLite gives him erin's old id); a redo would have put erin's
    row back over dave's."""
    csv = tmp_path / "erin.csv"
    info = project.store.documents()[0]
    csv.write_text(f"document,annotator,start,end,tag\n{info.filename},erin,0,5,claim\n", encoding="utf-8")
    from annot.core.imports.csv_annotations import import_annotations_csv

    import_annotations_csv(project, csv)
    erin = project.store.annotator_by_name("erin")
    assert erin is not None
    project.undo()
    dave = project.set_annotator("dave")
    assert dave == erin.id  # the id came back
    assert not project.history.can_redo
    assert project.store.annotator(dave).name == "dave"


def test_a_new_project_s_samples_go_through_the_history_and_leave_no_step(tmp_path: Path) -> None:
    with Project.create(tmp_path / "new.annot", seeds=True) as p:
        assert len(p.store.documents()) == 5 and not p.history.can_undo
