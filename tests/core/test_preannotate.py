"""Pre-annotation: suggested date spans (with values) and actor spans (registry names and
other documents' actor words); nothing is added until accepted; accepting is one undo step."""

from __future__ import annotations

from annot.core.actors import CreateActor, actor_of
from annot.core.model import Role
from annot.core.preannotate import AcceptSuggestion, suggest_spans
from annot.core.project import Project


def _doc(project: Project, prefix: str):  # type: ignore[no-untyped-def]
    info = next(d for d in project.store.documents() if d.filename.startswith(prefix))
    return info, project.store.document_text(info.id)


def test_dates_are_suggested_with_values_and_nothing_is_added(project: Project) -> None:
    info, text = _doc(project, "004_")  # published 2025-08-26, a Tuesday
    before = project.store.annotation_count()
    found = {(s.text, s.value) for s in suggest_spans(project.store, info.id) if s.role == Role.DATE}
    assert ("Saturday", "2025-08-23") in found
    assert ("Monday evening", "2025-08-25") in found
    assert ("1998", "1998") in found and ("March 2022", "2022-03") in found
    assert project.store.annotation_count() == before
    for s in suggest_spans(project.store, info.id):
        assert text[s.start : s.end] == s.text


def test_actor_names_from_the_registry_and_other_documents(project: Project) -> None:
    project.set_annotator("alice")
    actor_tag = next(t.id for t in project.store.tags() if t.role == Role.ACTOR)
    other, other_text = _doc(project, "001_")
    at = other_text.index("the Council of Europe")
    project.add_annotation(other.id, actor_tag, at, at + len("the Council of Europe"))
    putin = CreateActor(name="Vladimir Putin")
    project.run(putin)
    info, _text = _doc(project, "004_")
    actors = {s.text: s.actor_id for s in suggest_spans(project.store, info.id) if s.role == Role.ACTOR}
    assert actors.get("Vladimir Putin") == putin.id
    assert "the Council of Europe" in actors and actors["the Council of Europe"] == ""


def test_accepting_adds_the_span_its_value_and_its_actor_in_one_step(project: Project) -> None:
    me = project.set_annotator("alice")
    putin = CreateActor(name="Vladimir Putin")
    project.run(putin)
    info, _ = _doc(project, "004_")
    tags = {t.role: t.id for t in project.store.tags()}
    suggestions = suggest_spans(project.store, info.id)
    name = next(s for s in suggestions if s.actor_id)
    project.run(AcceptSuggestion(name, tags[Role.ACTOR], me))
    (span,) = project.store.annotations(document_id=info.id)
    assert (span.start, span.end, span.tag_id) == (name.start, name.end, tags[Role.ACTOR])
    assert actor_of(project.store, span.id).id == putin.id  # type: ignore[union-attr]
    saturday = next(s for s in suggestions if s.text == "Saturday")
    project.run(AcceptSuggestion(saturday, tags[Role.DATE], me))
    date_span = next(a for a in project.store.annotations(document_id=info.id) if a.quote == "Saturday")
    assert project.store.date_value(date_span.id) == ("2025-08-23", "suggested")
    assert all(s.text != "Saturday" for s in suggest_spans(project.store, info.id))  # now annotated
    project.undo()
    project.undo()
    assert project.store.annotations(document_id=info.id) == []
    assert project.store.mention_rows() == []
