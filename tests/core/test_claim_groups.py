"""Aligning claims across documents: link rules, claim groups, labels, undo/redo, merge."""

from __future__ import annotations

from pathlib import Path

import pytest
from core_helpers import dump

from annot.core import annotations as ops
from annot.core.claim_groups import Align, SetGroupLabel, Unalign, claim_groups
from annot.core.errors import ValidationError
from annot.core.merge import merge_projects
from annot.core.model import AnnotationId, LinkKind
from annot.core.project import Project


def _claims(p: Project, n_docs: int = 3) -> list[AnnotationId]:
    """One claim in each of the first ``n_docs`` seeds, and a second claim in the first."""
    tags = {t.name: t.id for t in p.store.tags()}
    docs = p.store.documents()
    out = [p.add_annotation(docs[i].id, tags["claim"], 10, 40).id for i in range(n_docs)]
    out.append(p.add_annotation(docs[0].id, tags["claim"], 50, 90).id)
    return out


def test_alignment_kinds_need_claims_of_two_documents(project: Project) -> None:
    a, b, _c, a2 = _claims(project)
    actor = project.add_annotation(
        project.store.documents()[1].id, project.store.tag_by_name("actor").id, 0, 5
    )  # type: ignore[union-attr]
    before = dump(project.path)
    for kind, src, tgt, words in [
        (LinkKind.SAME_CLAIM, a, a2, "two different documents"),
        (LinkKind.PARTLY, a, a2, "two different documents"),
        (LinkKind.CONTRADICTS, a, actor.id, "must point to a claim"),
    ]:
        with pytest.raises(ValidationError, match=words):
            project.run(Align(kind, src, tgt))
        with pytest.raises(ValidationError, match=words):
            project.run(ops.AddLink(kind, src, tgt))
    project.link(LinkKind.SAME_CLAIM, a, b)
    with pytest.raises(ValidationError, match="already aligned"):  # the other way round too
        project.link(LinkKind.CONTRADICTS, b, a)
    project.undo()
    assert dump(project.path) == before


def test_groups_are_the_components_of_same_and_partly_links(project: Project) -> None:
    a, b, c, a2 = _claims(project)
    project.run(Align(LinkKind.SAME_CLAIM, a, b))
    project.run(Align(LinkKind.PARTLY, c, b))
    project.run(Align(LinkKind.CONTRADICTS, a2, c))
    groups = claim_groups(project.store)
    g = groups.of(a)
    earliest = min(
        (project.store.annotation(i) for i in (a, b, c)), key=lambda x: (x.created, x.id)
    )
    assert set(g.members) == {a, b, c} and g.id == earliest.id  # the earliest claim anchors it
    assert groups.of(c) is g and g.partly == {c}  # only partly linked, whichever anchors the group
    assert g.contradicted_by == {a2}
    assert groups.of(a2).members == (a2,) and groups.of(a2).contradicted_by == {c}
    assert {x.id for x in groups.aligned()} == {g.id, a2}


def test_align_replaces_another_kind_in_one_step_and_undo_redo_are_exact(project: Project) -> None:
    a, b, _c, _a2 = _claims(project)
    start = dump(project.path)
    command = Align(LinkKind.SAME_CLAIM, a, b)
    project.run(command)
    aligned = dump(project.path)
    project.run(Align(LinkKind.CONTRADICTS, b, a))
    links = project.store.alignment_links()
    assert [(k.kind, k.source_id, k.target_id) for k in links] == [(LinkKind.CONTRADICTS, b, a)]
    contradicted = dump(project.path)
    project.undo()
    assert dump(project.path) == aligned
    project.redo()
    assert dump(project.path) == contradicted
    project.undo()
    project.undo()
    assert dump(project.path) == start
    project.redo()
    assert dump(project.path) == aligned  # same UUID and timestamp again
    assert project.store.alignment_links()[0].id == command.link.id  # type: ignore[union-attr]
    project.run(Unalign(b, a))
    assert project.store.alignment_links() == []
    project.undo()
    assert dump(project.path) == aligned


def test_label_lives_on_the_anchor_and_survives_joining_groups(project: Project) -> None:
    a, b, c, _a2 = _claims(project)
    project.run(Align(LinkKind.SAME_CLAIM, b, c))
    group_id = claim_groups(project.store).of(c).id
    assert group_id in (b, c)
    before = dump(project.path)
    project.run(SetGroupLabel(c, "  Russia left the convention ", "check the date"))
    g = claim_groups(project.store).of(b)
    assert (g.id, g.label, g.note) == (group_id, "Russia left the convention", "check the date")
    with pytest.raises(ValidationError, match="nothing to change"):
        project.run(SetGroupLabel(b, "Russia left the convention", "check the date"))
    project.run(Align(LinkKind.SAME_CLAIM, a, b))  # whichever is earlier, group_id holds the label
    g = claim_groups(project.store).of(a)
    assert (g.id, g.label) == (group_id, "Russia left the convention")
    project.undo()
    project.undo()
    assert dump(project.path) == before
    project.redo()
    project.run(SetGroupLabel(c, "", ""))  # cleared: an empty, newer row (it merges too)
    [row] = project.store.group_labels().values()
    assert (row.claim_id, row.label, row.note) == (group_id, "", "")


def test_deleting_the_anchor_and_undo_restores_its_label(project: Project) -> None:
    a, b, _c, _a2 = _claims(project)
    project.run(Align(LinkKind.SAME_CLAIM, a, b))
    project.run(SetGroupLabel(b, "label"))
    anchor = claim_groups(project.store).of(a).id
    before = dump(project.path)
    project.delete_annotations([anchor])
    assert project.store.group_labels() == {}
    project.undo()
    assert dump(project.path) == before


def test_merge_of_two_projects_with_groups_converges(tmp_path: Path) -> None:
    base = Project.create(tmp_path / "base.annot", seeds=True)
    base.set_annotator("alice")
    a, b, c, _a2 = _claims(base)
    base.close()
    mine, theirs = tmp_path / "mine.annot", tmp_path / "theirs.annot"
    import shutil

    shutil.copyfile(tmp_path / "base.annot", mine)
    shutil.copyfile(tmp_path / "base.annot", theirs)
    with Project.open(mine) as p:
        p.set_annotator("alice")
        p.run(Align(LinkKind.SAME_CLAIM, a, b))
        p.run(SetGroupLabel(a, "mine"))
    with Project.open(theirs) as p:
        p.set_annotator("bob")
        p.run(Align(LinkKind.SAME_CLAIM, a, b))  # the same alignment, another link UUID
        p.run(Align(LinkKind.CONTRADICTS, c, b))
        p.run(SetGroupLabel(b, "theirs, later", "a note"))
    with Project.open(mine) as p:
        merge_projects(p, theirs)
    with Project.open(theirs) as p:
        merge_projects(p, mine)
    views = []
    for f in (mine, theirs):
        with Project.open(f) as p:
            g = claim_groups(p.store)
            views.append(
                (
                    {
                        (x.id, x.members, x.label, x.note, x.contradicted_by)
                        for x in g.groups.values()
                    },
                    sorted(k.kind.value for k in p.store.alignment_links()),
                )
            )
    assert views[0] == views[1]
    groups, kinds = views[0]
    assert any(
        set(m) == {a, b} and (lab, note, con) == ("theirs, later", "a note", frozenset({c}))
        for _i, m, lab, note, con in groups
    )
    assert kinds in (["contradicts", "same_claim"], ["contradicts", "same_claim", "same_claim"])


def test_kept_v5_file_opens_with_its_group(tmp_path: Path) -> None:
    import shutil

    from tests.conftest import ROOT

    path = tmp_path / "v5.annot"
    shutil.copy(ROOT / "tests" / "data" / "project-v5.annot", path)
    with Project.open(path) as p:
        groups = claim_groups(p.store)
        [g] = groups.aligned()
        quotes = sorted(groups.claims[m].quote for m in g.members)
        assert quotes == [
            "joined in 1996,",
            "said on 29 September 2025 that it left the convention.",
        ]
        assert (g.label, g.note) == ("Russia left the convention", "joined 1996 or 1998?")


def test_merging_a_v2_file_reads_no_group_labels(project: Project) -> None:
    from annot.core.store import open_readonly
    from tests.conftest import ROOT

    with open_readonly(ROOT / "tests" / "data" / "project-v2.annot") as old:
        assert old.group_labels() == {}
    report = merge_projects(project, ROOT / "tests" / "data" / "project-v2.annot")
    assert report.groups.added == 0 and report.annotations.added == 6  # 5 spans + a reviewed copy


def test_a_lone_partly_link_makes_both_ends_partly(project: Project) -> None:
    from annot.core.board import PARTLY, build_board

    a, b, _c, _a2 = _claims(project)
    project.run(Align(LinkKind.PARTLY, b, a))
    assert claim_groups(project.store).of(a).partly == {a, b}
    [row] = build_board(project.store).rows
    assert [c.relation for c in row.cells[:2]] == [PARTLY, PARTLY] and row.sources == 2


def test_merge_carries_a_cleared_label_and_a_deleted_anchor_and_undo_restores(tmp_path: Path) -> None:
    import shutil

    base = Project.create(tmp_path / "base.annot", seeds=True)
    base.set_annotator("alice")
    a, b, _c, _a2 = _claims(base)
    base.run(Align(LinkKind.SAME_CLAIM, a, b))
    base.run(SetGroupLabel(a, "label", "note"))
    anchor = claim_groups(base.store).of(a).id
    base.close()
    mine, theirs = tmp_path / "mine.annot", tmp_path / "theirs.annot"
    shutil.copyfile(tmp_path / "base.annot", mine)
    shutil.copyfile(tmp_path / "base.annot", theirs)
    with Project.open(theirs) as p:
        p.set_annotator("bob")
        p.run(SetGroupLabel(b, "", ""))
    with Project.open(mine) as p:
        report = merge_projects(p, theirs)
        assert report.groups.updated == 1
        assert claim_groups(p.store).of(a).label == ""
    with Project.open(theirs) as p:
        p.set_annotator("bob")
        p.delete_annotations([anchor])
    with Project.open(mine) as p:
        before = dump(mine)
        report = merge_projects(p, theirs)
        assert not p.store.has_annotation(anchor) and p.store.group_labels() == {}
        assert report.groups.deleted == 1
        p.undo()
        assert dump(mine) == before
