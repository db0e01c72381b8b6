"""Round trip and undo/redo: every command, undone, restores exactly the prior rows; redone,
exactly the rows it made; a closed and reopened project holds identical rows."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from core_helpers import Dump, differences, dump

from annot.core import annotations as ops
from annot.core.codebook import AddTag, DeleteTag, UpdateTag
from annot.core.documents import AddDocuments, SourceText, UpdateDocument, sha256_text
from annot.core.errors import AnnotError, NothingToUndo
from annot.core.history import Command
from annot.core.model import Changes, LinkKind, Role, Status, Tag, TagId
from annot.core.project import Project
from annot.core.store import Store

SNIPPETS = [
    "Кремль заявил",
    "e\u0301t\u00e9 🙂",
    "line\r\nbreak",
    "12\u202f000",
    "\u200fשלום\u200e",
]


def _source(rng: random.Random) -> SourceText:
    words = [
        rng.choice(SNIPPETS) if rng.random() < 0.2 else f"w{rng.randrange(1000)}" for _ in range(80)
    ]
    text = " ".join(words)
    return SourceText(
        text, "A random report", "", f"r{rng.randrange(10**6)}.txt", sha256_text(text)
    )


def random_command(rng: random.Random, store: Store, annotator: int, kind: str | None = None) -> Command:
    """A random command over the project's current content (of ``kind`` when given and
    possible: add, delete, tag, bounds, note, status, link, unlink, add_tag, update_tag,
    delete_tag, import, doc_meta); some are invalid on purpose."""
    docs = store.documents()
    tags = store.tags()
    anns = store.annotations()
    links = store.links()
    kinds = ["add"] * 6 + ["delete", "tag", "bounds", "note", "status", "link", "link", "link"]
    kinds += ["unlink", "add_tag", "update_tag", "delete_tag", "import", "doc_meta"]
    kind = (kind or rng.choice(kinds)) if anns else "add"
    if not tags:
        kind = "add_tag"
    if kind == "add":
        doc = rng.choice(docs)
        start = rng.randrange(doc.length)
        end = min(doc.length, start + rng.randint(1, 60))
        return ops.AddAnnotation(
            doc.id, rng.choice(tags).id, annotator, start, end, note=rng.choice(["", "n"])
        )  # type: ignore[arg-type]
    if kind == "delete":
        return ops.DeleteAnnotations(
            [a.id for a in rng.sample(anns, min(len(anns), rng.randint(1, 3)))]
        )
    a = rng.choice(anns) if anns else None
    if a is None:
        return AddTag(Tag(TagId(0), f"t{rng.randrange(10**6)}", "#123456", "", "", Role.OTHER))
    if kind == "tag":
        return ops.ChangeTag(a.id, tag_id=rng.choice(tags).id)
    if kind == "bounds":
        length = store.document_info(a.document_id).length
        start = max(0, a.start + rng.randint(-5, 5))
        return ops.ChangeBounds(
            a.id, start=start, end=min(length, max(start + 1, a.end + rng.randint(-5, 5)))
        )
    if kind == "note":
        return ops.EditNote(a.id, note=rng.choice(["", "checked", "see 1996 vs 1998", "🙂\r\n"]))
    if kind == "status":
        return ops.SetStatus(a.id, status=rng.choice(list(Status)))
    if kind == "link":
        b = rng.choice(anns)
        return ops.AddLink(rng.choice(list(LinkKind)), a.id, b.id)
    if kind == "unlink" and links:
        return ops.RemoveLink(rng.choice(links).id)
    if kind == "add_tag":
        n = rng.randrange(10**6)
        return AddTag(Tag(TagId(0), f"tag{n}", f"#{n % 0xFFFFFF:06x}", "", "mine", Role.OTHER))
    if kind == "update_tag":
        t = rng.choice(tags)
        return UpdateTag(
            Tag(t.id, t.name, f"#{rng.randrange(0xFFFFFF):06x}", t.key, "edited", t.role)
        )
    if kind == "delete_tag":
        return DeleteTag(rng.choice(tags).id)
    if kind == "import":
        return AddDocuments([_source(rng)])
    return UpdateDocument(
        rng.choice(docs).id, title=f"Title {rng.randrange(100)}", published="2025-09-29"
    )


def check_report(before: Dump, after: Dump, changes: Changes) -> None:
    """The change report names everything that changed (views refresh only that)."""
    doc_of = {r[0]: r[1] for r in before["annotations"] + after["annotations"]}
    touched = {r[1] for r in set(before["annotations"]) ^ set(after["annotations"])}
    for link in set(before["links"]) ^ set(after["links"]):
        touched |= {doc_of[link[2]], doc_of[link[3]]}
    assert touched <= changes.annotations, (touched, changes)
    if before["documents"] != after["documents"]:
        assert changes.documents
    if before["tags"] != after["tags"]:
        assert changes.codebook
    if changes.annotations_net is not None:  # a view counting every annotation trusts it
        assert changes.annotations_net == len(after["annotations"]) - len(before["annotations"]), changes


@pytest.mark.parametrize("seed", range(6))
def test_random_walk_undo_redo_restores_exact_rows(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    f = tmp_path / "walk.annot"
    p = Project.create(f, seeds=True)
    annotator = p.set_annotator("alice")
    initial = dump(f)
    states: list[Dump] = [initial]  # states[i] = rows after i commands on the undo stack
    redo_states: list[Dump] = []
    refused = 0
    for _ in range(120):
        r = rng.random()
        if r < 0.15 and p.history.can_undo:
            changes = p.undo()
            redo_states.append(states.pop())
            assert not differences(states[-1], dump(f))
            check_report(redo_states[-1], states[-1], changes)
        elif r < 0.25 and p.history.can_redo:
            changes = p.redo()
            states.append(redo_states.pop())
            assert not differences(states[-1], dump(f))
            check_report(states[-2], states[-1], changes)
        else:
            command = random_command(rng, p.store, annotator)
            label = p.history.undo_label
            try:
                changes = p.run(command)
            except AnnotError:
                refused += 1
                assert dump(f) == states[-1], f"refused {command} wrote something"
                assert p.history.undo_label == label
                continue
            states.append(dump(f))
            check_report(states[-2], states[-1], changes)
            redo_states.clear()
            assert states[-1] != states[-2], f"{command} changed nothing"
    while p.history.can_redo:  # bring the walk to its furthest state
        p.redo()
        states.append(redo_states.pop())
        assert not differences(states[-1], dump(f))
    assert len(states) > 20 and refused > 0
    final = states[-1]
    while p.history.can_undo:
        p.undo()
    assert not differences(initial, dump(f))
    with pytest.raises(NothingToUndo):
        p.undo()
    while p.history.can_redo:
        p.redo()
    assert not differences(final, dump(f))
    p.close()
    assert not differences(final, dump(f))
    with Project.open(f) as again:
        assert again.store.integrity_check() == ["ok"]
    assert not differences(final, dump(f))


def test_round_trip_through_close_and_reopen(tmp_path: Path) -> None:
    f = tmp_path / "trip.annot"
    p = Project.create(f, seeds=True)
    p.set_annotator("alice")
    tags = {t.name: t.id for t in p.store.tags()}
    doc = p.store.documents()[2]
    text = p.store.document_text(doc.id)
    at = text.index("Mikhail Mishustin")
    claim = p.add_annotation(doc.id, tags["claim"], at - 40, at + 60, note="the decree")
    actor = p.add_annotation(doc.id, tags["actor"], at, at + len("Mikhail Mishustin"))
    other = p.add_annotation(doc.id, tags["date"], 0, 6)
    p.change_tag(other.id, tags["actor"])
    p.undo()
    p.redo()  # other is an actor
    p.change_bounds(claim.id, at - 30, at + 50)
    p.edit_note(claim.id, "the decree, per the government site")
    p.set_status(claim.id, Status.ACCEPTED)
    said = p.link(LinkKind.SAID_BY, claim.id, actor.id)
    p.link(LinkKind.SAID_BY, claim.id, other.id)
    p.unlink(said)
    p.undo()  # said is back
    p.delete_annotations([other.id])
    p.undo()
    p.redo()  # other deleted again, with its link
    before_close = dump(f)
    p.close()
    after = dump(f)
    assert after == before_close
    with Project.open(f) as q:
        assert dump(f) == before_close
        c = q.store.annotation(claim.id)
        assert (c.start, c.end, c.status, c.note) == (
            at - 30,
            at + 50,
            Status.ACCEPTED,
            "the decree, per the government site",
        )
        assert c.quote == q.store.document_text(doc.id)[at - 30 : at + 50]
        assert [(link.kind, link.target_id) for link in q.store.links_of(claim.id)] == [
            (LinkKind.SAID_BY, actor.id)
        ]
        assert not q.store.has_annotation(other.id)
        assert q.store.annotation_count() == 2
