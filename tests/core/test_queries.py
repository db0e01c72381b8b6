"""Queries: a claim with its actors and dates; a document's annotations in order, filtered."""

from __future__ import annotations

import pytest

from annot.core.errors import NotFound, ValidationError
from annot.core.model import AnnotationId, LinkKind, Status
from annot.core.project import Project
from annot.core.queries import claim_with_links, claims_with_links


def test_claim_with_its_actors_and_dates(project: Project) -> None:
    tags = {t.name: t.id for t in project.store.tags()}
    d0, d1 = (d.id for d in project.store.documents()[:2])
    text = project.store.document_text(d0)
    claim = project.add_annotation(d0, tags["claim"], 0, 120)
    putin = project.add_annotation(d0, tags["actor"], 300, 310)
    duma = project.add_annotation(d0, tags["actor"], 200, 210)
    when = project.add_annotation(d0, tags["date"], 3, 21)
    other_claim = project.add_annotation(d1, tags["claim"], 0, 50)
    lonely = project.add_annotation(d0, tags["claim"], 500, 520)
    project.link(LinkKind.SAID_BY, claim.id, putin.id)
    project.link(LinkKind.SAID_BY, claim.id, duma.id)
    project.link(LinkKind.DATED, claim.id, when.id)
    project.link(LinkKind.SAME_CLAIM, claim.id, other_claim.id)  # neither actor nor date

    view = claim_with_links(project.store, claim.id)
    assert view.claim == project.store.annotation(claim.id)
    assert [a.id for a in view.actors] == [duma.id, putin.id]  # text order
    assert [a.id for a in view.dates] == [when.id]
    assert view.dates[0].quote == text[3:21]
    empty = claim_with_links(project.store, lonely.id)
    assert (empty.actors, empty.dates) == ([], [])

    all_views = claims_with_links(project.store)
    assert [v.claim.id for v in all_views] == [claim.id, lonely.id, other_claim.id]
    assert all_views[0] == view
    assert [v.claim.id for v in claims_with_links(project.store, d1)] == [other_claim.id]

    with pytest.raises(ValidationError, match="not a claim"):
        claim_with_links(project.store, putin.id)
    with pytest.raises(NotFound):
        claim_with_links(project.store, AnnotationId("missing"))

    project.undo()  # the same_claim link
    project.undo()  # the date
    assert claim_with_links(project.store, claim.id).dates == []


def test_annotations_in_order_and_filtered(project: Project) -> None:
    tags = {t.name: t.id for t in project.store.tags()}
    d0, d1 = (d.id for d in project.store.documents()[:2])
    a = project.add_annotation(d0, tags["claim"], 50, 60)
    b = project.add_annotation(d0, tags["actor"], 10, 90)
    c = project.add_annotation(d0, tags["claim"], 10, 20)
    d = project.add_annotation(d1, tags["date"], 0, 5)
    bob = project.set_annotator("bob")
    e = project.add_annotation(d0, tags["claim"], 10, 15)
    project.set_status(a.id, Status.ACCEPTED)
    project.set_status(e.id, Status.REJECTED)

    def ids(**filters: object) -> list[AnnotationId]:
        return [x.id for x in project.store.annotations(**filters)]  # type: ignore[arg-type]

    assert ids(document_id=d0) == [e.id, c.id, b.id, a.id]  # by start, then end
    assert ids() == [e.id, c.id, b.id, a.id, d.id]
    assert ids(document_id=d0, tag_id=tags["claim"]) == [e.id, c.id, a.id]
    assert ids(annotator_id=bob) == [e.id]
    assert ids(status=Status.UNREVIEWED) == [c.id, b.id, d.id]
    assert ids(status=Status.ACCEPTED, tag_id=tags["claim"]) == [a.id]
    assert ids(document_id=d1, tag_id=tags["claim"]) == []


def test_tag_lookup_ignores_case_beyond_ascii(project) -> None:  # type: ignore[no-untyped-def]
    from annot.core.codebook import AddTag
    from annot.core.model import Role, Tag, TagId

    project.run(AddTag(Tag(TagId(0), "Дата", "#123456", "", "", Role.OTHER)))
    found = project.store.tag_by_name("дата")
    assert found is not None and found.name == "Дата"
    assert project.store.tag_by_name("CLAIM") is not None
    assert project.store.tag_by_name("nope") is None


def test_changing_a_tags_role_drops_the_links_it_breaks_and_undo_restores_them(project) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from annot.core.codebook import UpdateTag
    from annot.core.model import LinkKind, Role

    store = project.store
    doc = store.documents()[0].id
    claim, actor = (next(t for t in store.tags() if t.role == r) for r in (Role.CLAIM, Role.ACTOR))
    c = project.add_annotation(doc, claim.id, 0, 10)
    a = project.add_annotation(doc, actor.id, 20, 30)
    link = project.link(LinkKind.SAID_BY, c.id, a.id)
    project.run(UpdateTag(replace(actor, name="person")))  # a rename keeps the link
    assert [x.id for x in store.links_of(c.id)] == [link]
    project.run(UpdateTag(replace(actor, name="person", role=Role.OTHER)))
    assert store.links_of(c.id) == []  # an actor that is no longer an actor
    project.undo()
    assert [x.id for x in store.links_of(c.id)] == [link]
    project.redo()
    assert store.links_of(c.id) == []
