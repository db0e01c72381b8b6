"""Property: three copies of one project, edited at random and merged in random orders,
end with the same rows; a deleted annotation comes back only if someone edited it after
the deletion (issue 8, part 4)."""

from __future__ import annotations

import random
import shutil
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from unittest.mock import patch

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annot.core import annotations as ops
from annot.core.annotations import link_problem
from annot.core.documents import AddDocuments, SourceText, sha256_text
from annot.core.errors import AnnotError
from annot.core.history import Command
from annot.core.merge import merge_projects
from annot.core.merge_rules import instant
from annot.core.model import LinkKind
from annot.core.project import Project
from annot.core.review import AddComment, DeleteComment, EditComment

TEXTS = [
    "Russia said on 29 September 2025 that it left the convention 👍.\r\nThe Council regretted it.",
    "Moscow joined in 1996, the report says; others say 1998.",
]
NAMES = ["ann", "ben", "cat"]
EDITS = ["add", "add", "delete", "retag", "bounds", "note", "link", "link", "unlink", "comment"]
EDITS += ["edit comment", "delete comment", "merge", "merge"]

steps = st.lists(
    st.tuples(st.integers(0, 2), st.sampled_from(EDITS), st.integers(0, 10**6)), min_size=5, max_size=40
)


def base_project(folder: Path) -> Path:
    path = folder / "base.annot"
    with Project.create(path) as p:
        p.run(AddDocuments([SourceText(t, f"r{i}", "", f"r{i}.txt", sha256_text(t)) for i, t in enumerate(TEXTS)]))
        p.set_annotator("base")
        tags = {t.name: t.id for t in p.store.tags()}
        doc = p.store.documents()[0].id
        claim = p.add_annotation(doc, tags["claim"], 7, 32)
        actor = p.add_annotation(doc, tags["actor"], 0, 6)
        p.link(LinkKind.SAID_BY, claim.id, actor.id)
        p.run(AddComment(claim.id, "base", "which date?"))
    return path


def edit(p: Project, name: str, kind: str, rng: random.Random, deleted: dict[str, list[str]]) -> None:
    """One random edit through the project's history (refused edits are fine)."""
    store = p.store
    anns, tags = store.annotations(), [t for t in store.tags() if t.name in ("claim", "actor", "date")]
    comments, links = store.comments(), store.links()
    command: Command | None = None
    if kind == "add" or not anns:
        doc = rng.choice(store.documents())
        start = rng.randrange(doc.length - 1)
        end = min(doc.length, start + rng.randint(1, 20))
        command = ops.AddAnnotation(doc.id, rng.choice(tags).id, p.set_annotator(name), start, end)
    elif kind == "delete":
        command = ops.DeleteAnnotations([rng.choice(anns).id])
    elif kind == "retag":
        command = ops.ChangeTag(rng.choice(anns).id, tag_id=rng.choice(tags).id)
    elif kind == "bounds":
        a = rng.choice(anns)
        length = store.document_info(a.document_id).length
        start = min(length - 1, max(0, a.start + rng.randint(-4, 4)))
        command = ops.ChangeBounds(a.id, start=start, end=min(length, max(start + 1, a.end + rng.randint(-4, 4))))
    elif kind == "note":
        command = ops.EditNote(rng.choice(anns).id, note=rng.choice(["", "check", "1996?", "🙂\r\n", "x"]))
    elif kind == "link":
        a, b = rng.choice(anns), rng.choice(anns)
        command = ops.AddLink(rng.choice([LinkKind.SAID_BY, LinkKind.DATED, LinkKind.SAME_CLAIM]), a.id, b.id)
    elif kind == "unlink" and links:
        command = ops.RemoveLink(rng.choice(links).id)
    elif kind == "comment":
        command = AddComment(rng.choice(anns).id, name, rng.choice(["why?", "ok", "see p. 2"]))
    elif kind == "edit comment" and comments:
        command = EditComment(rng.choice(comments).id, rng.choice(["agreed", "no", "later"]))
    elif kind == "delete comment" and comments:
        command = DeleteComment(rng.choice(comments).id)
    if command is None:
        return
    try:
        p.run(command)
    except AnnotError:
        return
    if isinstance(command, ops.DeleteAnnotations):
        stamps = {i: d for i, _, d in store.tombstones()}
        for i in command.ids:
            deleted.setdefault(i, []).append(stamps[i])


def rows(p: Project) -> dict[str, Any]:
    """Every row, with names and checksums in place of the project's local numbers."""
    s = p.store
    sha = {d.id: d.sha256 for d in s.documents()}
    tag = {t.id: t.name for t in s.tags()}
    who = {w.id: w.name for w in s.annotators()}
    return {
        "annotations": sorted(
            (a.id, sha[a.document_id], tag[a.tag_id], who[a.annotator_id], a.start, a.end, a.quote,
             a.context_before, a.context_after, a.note, a.status.value, a.created, a.modified)
            for a in s.annotations()
        ),
        "links": sorted((k.id, k.kind.value, k.source_id, k.target_id, k.created) for k in s.links()),
        "comments": sorted((c.id, c.annotation_id, c.author, c.text, c.created, c.modified) for c in s.comments()),
        "tombstones": sorted(s.tombstones()),
        "annotators": sorted(who.values()),
        "documents": sorted(sha.values()),
    }


def check_valid(p: Project) -> None:
    s = p.store
    for a in s.annotations():
        assert a.quote == s.document_text(a.document_id)[a.start : a.end]
    for link in s.links():
        assert not link_problem(s, link.kind, s.annotation(link.source_id), s.annotation(link.target_id))
    assert s.integrity_check() == ["ok"]


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(steps=steps, order=st.randoms(use_true_random=False), frozen=st.booleans())
def test_any_order_of_merges_converges(
    steps: list[tuple[int, str, int]], order: random.Random, frozen: bool
) -> None:
    """``frozen``: every edit carries the same instant, so only the tie rule decides."""
    with ExitStack() as stack:
        if frozen:
            for module in ("annot.core.annotations", "annot.core.review"):
                stack.enter_context(patch(f"{module}.now", lambda: "2026-01-01T00:00:00.000Z"))
        tmp = stack.enter_context(tempfile.TemporaryDirectory())
        folder = Path(tmp)
        base = base_project(folder)
        copies: list[Project] = []
        for name in NAMES:
            shutil.copyfile(base, folder / f"{name}.annot")
            p = Project.open(folder / f"{name}.annot")
            p.set_annotator(name)
            copies.append(p)
        deleted: dict[str, list[str]] = {}
        try:
            for who, kind, seed in steps:
                rng = random.Random(seed)
                if kind == "merge":
                    other = (who + 1 + rng.randrange(2)) % 3
                    merge_projects(copies[who], copies[other].path)
                else:
                    edit(copies[who], NAMES[who], kind, rng, deleted)
            pairs = [(i, j) for i in range(3) for j in range(3) if i != j]
            for _ in range(2):  # every copy merges every other, in a random order, twice
                order.shuffle(pairs)
                for i, j in pairs:
                    merge_projects(copies[i], copies[j].path)
            final = [rows(p) for p in copies]
            assert final[0] == final[1] == final[2]
            for i, j in pairs:  # and merging again changes nothing
                assert not merge_projects(copies[i], copies[j].path).changed
            for p in copies:
                check_valid(p)
            present = {r[0]: r for r in final[0]["annotations"]}
            for ann_id, stamps in deleted.items():
                if ann_id in present:  # back only if edited after every deletion of it
                    edited = instant(present[ann_id][-1])
                    assert edited is not None
                    assert all(edited > instant(d) for d in stamps), (ann_id, stamps, present[ann_id])  # type: ignore[operator]
        finally:
            for p in copies:
                p.close()
