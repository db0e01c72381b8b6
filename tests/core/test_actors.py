"""The actor registry: create, assign, rename, merge, split — each one undo step — and
alias suggestions that never assign."""

from __future__ import annotations

import pytest

from annot.core.actor_suggest import suggest_actors
from annot.core.actors import (
    ActorKind,
    AssignActor,
    CreateActor,
    EditActor,
    MergeActors,
    SplitActor,
    actor_of,
    actors,
    get_actor,
)
from annot.core.documents import AddDocuments, SourceText, sha256_text
from annot.core.errors import ValidationError
from annot.core.model import Role
from annot.core.project import Project

TEXTS = [
    "Vladimir Putin signed the law. Putin said Russia would leave. The Kremlin agreed.",
    "President Vladimir Putin spoke on Monday. The Council of Europe regretted it.",
]


def _project() -> tuple[Project, dict[str, list[str]]]:
    """Two documents with actor spans; returns quote -> annotation ids (document order)."""
    p = Project.in_memory()
    p.run(AddDocuments([SourceText(t, f"R{i}", "2025-10-01", f"r{i}.txt", sha256_text(t)) for i, t in enumerate(TEXTS)]))
    p.set_annotator("alice")
    actor_tag = next(t.id for t in p.store.tags() if t.role == Role.ACTOR)
    spans: dict[str, list[str]] = {}
    for doc, text in zip(p.store.documents(), TEXTS, strict=True):
        for quote in ("President Vladimir Putin", "Vladimir Putin", "Putin", "The Kremlin", "The Council of Europe"):
            start = text.find(quote)
            while start >= 0 and any(a.start <= start < a.end for a in p.store.annotations(document_id=doc.id)):
                start = text.find(quote, start + 1)  # an occurrence not inside a longer span
            if start >= 0:
                spans.setdefault(quote, []).append(p.add_annotation(doc.id, actor_tag, start, start + len(quote)).id)
    return p, spans


def test_create_with_spans_then_undo_redo() -> None:
    p, spans = _project()
    command = CreateActor(name="Vladimir  Putin", assign=[spans["Vladimir Putin"][0], spans["Putin"][0]])
    p.run(command)
    (putin,) = actors(p.store)
    assert (putin.name, putin.kind, putin.aliases) == ("Vladimir Putin", ActorKind.PERSON, ("Putin",))
    assert actor_of(p.store, spans["Putin"][0]) == putin
    p.undo()
    assert actors(p.store) == [] and actor_of(p.store, spans["Putin"][0]) is None
    p.redo()
    assert actors(p.store)[0].id == command.id and actor_of(p.store, spans["Putin"][0]).id == command.id  # type: ignore[union-attr]


def test_only_actor_spans_are_assigned() -> None:
    p, _ = _project()
    claim_tag = next(t.id for t in p.store.tags() if t.role == Role.CLAIM)
    doc = p.store.documents()[0].id
    claim = p.add_annotation(doc, claim_tag, 0, 10)
    with pytest.raises(ValidationError, match="only an actor span"):
        p.run(CreateActor(name="X", assign=[claim.id]))
    assert actors(p.store) == []


def test_assign_adds_the_alias_and_unassign_undoes() -> None:
    p, spans = _project()
    create = CreateActor(name="Vladimir Putin", kind="person")
    p.run(create)
    p.run(AssignActor(annotation_ids=[spans["President Vladimir Putin"][0]], actor_id=create.id))
    assert get_actor(p.store, create.id).aliases == ("President Vladimir Putin",)
    assert p.history.undo_label == "Assign actor"
    p.run(AssignActor(annotation_ids=[spans["President Vladimir Putin"][0]], actor_id=""))
    assert actor_of(p.store, spans["President Vladimir Putin"][0]) is None
    p.undo()
    assert actor_of(p.store, spans["President Vladimir Putin"][0]).id == create.id  # type: ignore[union-attr]
    p.undo()
    assert actor_of(p.store, spans["President Vladimir Putin"][0]) is None
    assert get_actor(p.store, create.id).aliases == ()


def test_rename_keeps_the_old_name_as_an_alias() -> None:
    p, spans = _project()
    create = CreateActor(name="Kremlin", kind="organisation", assign=spans["The Kremlin"])
    p.run(create)
    p.run(EditActor(actor_id=create.id, name="Russian presidential administration"))
    renamed = get_actor(p.store, create.id)
    assert renamed.name == "Russian presidential administration"
    assert set(renamed.aliases) == {"The Kremlin", "Kremlin"}
    assert renamed.kind == ActorKind.ORGANISATION
    p.undo()
    assert get_actor(p.store, create.id).name == "Kremlin"
    with pytest.raises(ValidationError, match="kind is one of"):
        p.run(EditActor(actor_id=create.id, kind="robot"))


def test_merge_moves_spans_keeps_a_tombstone_and_undoes() -> None:
    p, spans = _project()
    a, b = CreateActor(name="Vladimir Putin", assign=spans["Vladimir Putin"]), CreateActor(name="Putin", assign=spans["Putin"])
    p.run(a)
    p.run(b)
    p.run(MergeActors(keep=a.id, gone=b.id))
    assert [x.id for x in actors(p.store)] == [a.id]
    assert {actor_of(p.store, s).id for s in spans["Putin"] + spans["Vladimir Putin"]} == {a.id}  # type: ignore[union-attr]
    assert get_actor(p.store, b.id).id == a.id  # the old UUID leads to the survivor
    assert "Putin" in get_actor(p.store, a.id).aliases
    p.undo()
    assert {x.name for x in actors(p.store)} == {"Vladimir Putin", "Putin"}
    assert actor_of(p.store, spans["Putin"][0]).id == b.id  # type: ignore[union-attr]
    with pytest.raises(ValidationError, match="into itself"):
        p.run(MergeActors(keep=a.id, gone=a.id))


def test_split_moves_some_spans_to_a_new_actor_and_undoes() -> None:
    p, spans = _project()
    everyone = spans["Vladimir Putin"] + spans["The Kremlin"]
    a = CreateActor(name="Putin", assign=everyone)
    p.run(a)
    split = SplitActor(actor_id=a.id, annotation_ids=spans["The Kremlin"], name="Kremlin", kind="organisation")
    p.run(split)
    assert actor_of(p.store, spans["The Kremlin"][0]).name == "Kremlin"  # type: ignore[union-attr]
    assert actor_of(p.store, spans["Vladimir Putin"][0]).id == a.id  # type: ignore[union-attr]
    assert get_actor(p.store, split.new_id).kind == ActorKind.ORGANISATION
    p.undo()
    assert len(actors(p.store)) == 1 and actor_of(p.store, spans["The Kremlin"][0]).id == a.id  # type: ignore[union-attr]
    with pytest.raises(ValidationError, match="is a rename"):
        p.run(SplitActor(actor_id=a.id, annotation_ids=everyone, name="All"))


def test_suggestions_rank_by_name_and_alias_and_never_assign() -> None:
    p, spans = _project()
    putin = CreateActor(name="Vladimir Putin", aliases=["the Russian President"])
    coe = CreateActor(name="Council of Europe", kind="organisation")
    p.run(putin)
    p.run(coe)
    ranked = suggest_actors(p.store, "Putin")
    assert ranked[0][0].id == putin.id and ranked[0][1] >= 80
    assert all(a.id != coe.id for a, _ in ranked)
    assert suggest_actors(p.store, "The Council of Europe")[0][0].id == coe.id
    assert suggest_actors(p.store, "the russian president")[0] == (get_actor(p.store, putin.id), 100.0)
    assert suggest_actors(p.store, "Zelensky") == []
    assert all(actor_of(p.store, s) is None for ids in spans.values() for s in ids)


def test_claims_csv_carries_the_actor_id_and_canonical_name(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import csv

    from annot.core.export.tables import export_annotations, export_claims
    from annot.core.model import LinkKind

    p, spans = _project()
    doc = p.store.documents()[0]
    claim_tag = next(t.id for t in p.store.tags() if t.role == Role.CLAIM)
    claim = p.add_annotation(doc.id, claim_tag, TEXTS[0].index("Putin said"), TEXTS[0].index(" The Kremlin"))
    a = CreateActor(name="Vladimir Putin", assign=[spans["Putin"][0]])
    b = CreateActor(name="Putin (old entry)", assign=[spans["Vladimir Putin"][0]])
    p.run(a)
    p.run(b)
    p.link(LinkKind.SAID_BY, claim.id, spans["Putin"][0])
    p.link(LinkKind.SAID_BY, claim.id, spans["Vladimir Putin"][0])
    p.link(LinkKind.SAID_BY, claim.id, spans["The Kremlin"][0])  # not assigned to anyone
    p.run(MergeActors(keep=a.id, gone=b.id))
    export_claims(p.store, tmp_path / "c.csv")
    with (tmp_path / "c.csv").open(encoding="utf-8", newline="") as fh:
        (row,) = list(csv.DictReader(fh))
    assert row["actor"] == "Vladimir Putin; Putin; The Kremlin"
    assert row["actor_id"] == f"{a.id}; {a.id}; "  # the merged entry leads to the survivor
    assert row["actor_name"] == "Vladimir Putin; Vladimir Putin; "
    export_annotations(p.store, tmp_path / "a.csv")
    with (tmp_path / "a.csv").open(encoding="utf-8", newline="") as fh:
        rows = {r["annotation_id"]: r for r in csv.DictReader(fh)}
    assert rows[spans["Putin"][0]]["actor_name"] == "Vladimir Putin"
    assert rows[spans["The Kremlin"][0]]["actor_id"] == ""


def test_every_registry_command_undoes_to_the_exact_rows(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.core.core_helpers import differences, dump

    path = tmp_path / "p.annot"
    p = Project.create(path)
    p.run(AddDocuments([SourceText(t, f"R{i}", "", f"r{i}.txt", sha256_text(t)) for i, t in enumerate(TEXTS)]))
    p.set_annotator("alice")
    actor_tag = next(t.id for t in p.store.tags() if t.role == Role.ACTOR)
    doc = p.store.documents()[0].id
    one, two = (p.add_annotation(doc, actor_tag, s, e).id for s, e in ((0, 14), (31, 36)))
    a, b = CreateActor(name="Vladimir Putin", assign=[one]), CreateActor(name="Putin", assign=[two])
    commands = [
        lambda: a, lambda: b, lambda: AssignActor(annotation_ids=[two], actor_id=a.id),
        lambda: EditActor(actor_id=a.id, name="V. Putin"), lambda: MergeActors(keep=b.id, gone=a.id),
        lambda: SplitActor(actor_id=b.id, annotation_ids=[one], name="Other"),
        lambda: AssignActor(annotation_ids=[one], actor_id=""),
    ]  # fmt: skip
    for make in commands:
        command = make()
        before = dump(path)
        p.run(command)
        after = dump(path)
        p.undo()
        assert not differences(before, dump(path)), command.label
        p.redo()
        assert not differences(after, dump(path)), command.label
    p.close()
