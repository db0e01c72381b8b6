"""Every rule of the annotation commands: a broken one raises ValidationError with a clear
message, and nothing is written (same rows, same undo stack)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from core_helpers import dump

from annot.core import annotations as ops
from annot.core.errors import ValidationError
from annot.core.history import Command
from annot.core.model import AnnotationId, AnnotatorId, DocumentId, LinkKind, TagId
from annot.core.project import Project


@dataclass
class Scene:
    project: Project
    doc: DocumentId
    other_doc: DocumentId
    length: int
    tags: dict[str, TagId]
    alice: AnnotatorId
    claim: AnnotationId
    actor: AnnotationId
    date: AnnotationId
    far_actor: AnnotationId  # an actor in another document
    far_date: AnnotationId


@pytest.fixture
def scene(project: Project) -> Scene:
    docs = project.store.documents()
    tags = {t.name: t.id for t in project.store.tags()}
    a, b = docs[0].id, docs[1].id
    claim = project.add_annotation(a, tags["claim"], 0, 60)
    actor = project.add_annotation(a, tags["actor"], 70, 80)
    date = project.add_annotation(a, tags["date"], 3, 21)
    far_actor = project.add_annotation(b, tags["actor"], 10, 20)
    far_date = project.add_annotation(b, tags["date"], 30, 40)
    project.link(LinkKind.SAID_BY, claim.id, actor.id)
    return Scene(
        project, a, b, docs[0].length, tags, project.annotator_id,
        claim.id, actor.id, date.id, far_actor.id, far_date.id,
    )  # fmt: skip


def add(s: Scene, start: int, end: int, tag: str = "claim") -> Command:
    return ops.AddAnnotation(s.doc, s.tags[tag], s.alice, start, end)


CASES: list[tuple[str, Callable[[Scene], Command], str]] = [
    ("negative start", lambda s: add(s, -1, 5), "is not inside the document"),
    ("empty span", lambda s: add(s, 5, 5), "0 ≤ start < end"),
    ("reversed span", lambda s: add(s, 9, 5), "[9, 5)"),
    ("end past text", lambda s: add(s, 5, s.length + 1), "is not inside the document"),
    ("float offsets", lambda s: ops.AddAnnotation(s.doc, s.tags["claim"], s.alice, 1.5, 4), "whole numbers"),  # type: ignore[arg-type]
    ("bool offsets", lambda s: ops.AddAnnotation(s.doc, s.tags["claim"], s.alice, False, True), "whole numbers"),
    ("unknown tag", lambda s: ops.AddAnnotation(s.doc, TagId(999), s.alice, 0, 5), "no tag 999"),
    ("unknown annotator", lambda s: ops.AddAnnotation(s.doc, s.tags["claim"], AnnotatorId(77), 0, 5), "no annotator 77"),
    ("unknown document", lambda s: ops.AddAnnotation(DocumentId(55), s.tags["claim"], s.alice, 0, 5), "no document 55"),
    ("bounds outside", lambda s: ops.ChangeBounds(s.claim, start=10, end=s.length + 5), "is not inside the document"),
    ("bounds reversed", lambda s: ops.ChangeBounds(s.claim, start=10, end=2), "[10, 2)"),
    ("change to unknown tag", lambda s: ops.ChangeTag(s.claim, tag_id=TagId(999)), "no tag 999"),
    ("nothing changes", lambda s: ops.EditNote(s.claim, note=""), "nothing to change"),
    ("said_by to another document", lambda s: ops.AddLink(LinkKind.SAID_BY, s.claim, s.far_actor), "within one document"),
    ("dated to another document", lambda s: ops.AddLink(LinkKind.DATED, s.claim, s.far_date), "within one document"),
    ("said_by to a date", lambda s: ops.AddLink(LinkKind.SAID_BY, s.claim, s.date), "must point to an actor (this is a date)"),
    ("said_by from an actor", lambda s: ops.AddLink(LinkKind.SAID_BY, s.actor, s.actor), "cannot be linked to itself"),
    ("said_by from a date", lambda s: ops.AddLink(LinkKind.SAID_BY, s.date, s.actor), "must start at a claim (this is a date)"),
    ("dated to an actor", lambda s: ops.AddLink(LinkKind.DATED, s.claim, s.actor), "must point to a date (this is an actor)"),
    ("self link", lambda s: ops.AddLink(LinkKind.SAME_CLAIM, s.claim, s.claim), "cannot be linked to itself"),
    ("duplicate link", lambda s: ops.AddLink(LinkKind.SAID_BY, s.claim, s.actor), "already linked"),
    ("link to nothing", lambda s: ops.AddLink(LinkKind.DATED, s.claim, AnnotationId("nope")), "no annotation nope"),
    ("unknown link kind", lambda s: ops.AddLink("likes", s.claim, s.actor), "not a kind of link"),  # type: ignore[arg-type]
    ("delete nothing", lambda s: ops.DeleteAnnotations([]), "no annotation to delete"),
]  # fmt: skip


@pytest.mark.parametrize(("make", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_broken_rule_is_refused_and_writes_nothing(
    scene: Scene, make: Callable[[Scene], Command], words: str
) -> None:
    p = scene.project
    before = dump(p.path)
    label = p.history.undo_label
    with pytest.raises(ValidationError) as info:
        p.run(make(scene))
    assert words in str(info.value)
    assert dump(p.path) == before
    assert p.history.undo_label == label and not p.history.can_redo


def test_edges_of_the_text_are_allowed(scene: Scene) -> None:
    p = scene.project
    text = p.store.document_text(scene.doc)
    first = p.add_annotation(scene.doc, scene.tags["claim"], 0, 1)
    last = p.add_annotation(scene.doc, scene.tags["claim"], scene.length - 1, scene.length)
    assert p.store.annotation(first.id).quote == text[0]
    assert p.store.annotation(last.id).quote == text[-1]


def test_allowed_links(scene: Scene) -> None:
    p = scene.project
    p.link(LinkKind.DATED, scene.claim, scene.date)
    far_claim = p.add_annotation(scene.other_doc, scene.tags["claim"], 0, 9)
    p.link(LinkKind.SAME_CLAIM, scene.claim, far_claim.id)  # across documents is fine
    kinds = sorted(link.kind.value for link in p.store.links_of(scene.claim))
    assert kinds == ["dated", "said_by", "same_claim"]


def test_changing_a_tag_drops_the_links_it_breaks_and_undo_restores_them(scene: Scene) -> None:
    p = scene.project
    before = dump(p.path)
    p.change_tag(scene.actor, scene.tags["date"])  # said_by claim -> date is no longer valid
    assert p.store.links_of(scene.claim) == []
    p.undo()
    assert dump(p.path) == before


def test_deleting_the_same_annotation_twice_in_one_command(scene: Scene) -> None:
    p = scene.project
    before = dump(p.path)
    p.delete_annotations([scene.actor, scene.actor])
    assert not p.store.has_annotation(scene.actor)
    p.undo()
    assert dump(p.path) == before
