"""Actors in the interchange formats: brat N lines, a W3C identifying body (valid against the
W3C test suite), and a merge of colleagues' registries by UUID."""

from __future__ import annotations

import json
from pathlib import Path

from annot.core.actors import CreateActor, MergeActors
from annot.core.export.brat import export_brat
from annot.core.export.wadm import export_wadm
from annot.core.imports.brat import import_brat
from annot.core.model import Role
from annot.core.project import Project
from tests.core.test_interchange_wadm import annotate_seeds, run_checker


def _actor_spans(project: Project) -> list[str]:
    actor_tag = next(t.id for t in project.store.tags() if t.role == Role.ACTOR)
    return [a.id for a in project.store.annotations(tag_id=actor_tag)]


def _registry(project: Project) -> tuple[str, list[str]]:
    """Every "Russia" actor span assigned to one actor (through a merge of two)."""
    spans = _actor_spans(project)
    keep = CreateActor(name="Russian Federation", kind="organisation", assign=spans[:2])
    gone = CreateActor(name="Russia", assign=spans[2:])
    project.run(keep)
    project.run(gone)
    project.run(MergeActors(keep=keep.id, gone=gone.id))
    return keep.id, spans


def test_brat_export_writes_a_normalisation_line_per_assigned_span(project: Project, tmp_path: Path) -> None:
    annotate_seeds(project)
    actor_id, spans = _registry(project)
    summary = export_brat(project.store, tmp_path / "brat")
    assert summary.documents == 5
    n_lines = []
    for ann in sorted((tmp_path / "brat").glob("*.ann")):
        lines = ann.read_text("utf-8").splitlines()
        t_of = {line.split("\t")[0]: line for line in lines if line.startswith("T")}
        for line in lines:
            if line.startswith("N"):
                n_id, ref, name = line.split("\t")
                kind, tid, db_id = ref.split(" ")
                assert (kind, db_id, name) == ("Reference", f"annot_actor:{actor_id}", "Russian Federation")
                assert t_of[tid].split("\t")[2] == "Russia"
                n_lines.append(n_id)
    assert len(n_lines) == len(spans) == 5
    # brat reads it back: the N lines are counted as held outside annot, the spans all come in
    fresh = Project.in_memory()
    fresh.set_annotator("carol")
    report = import_brat(fresh, tmp_path / "brat")
    assert report.annotations.added == len(project.store.annotations())


def test_w3c_export_has_an_identifying_body_and_passes_the_suite(project: Project, tmp_path: Path) -> None:
    annotate_seeds(project)
    actor_id, spans = _registry(project)
    out = tmp_path / "all.jsonld"
    export_wadm(project.store, out)
    items = {i["id"]: i for i in json.loads(out.read_text("utf-8"))["first"]["items"]}
    for span in spans:
        bodies = [b for b in items[f"urn:uuid:{span}"]["body"] if b.get("purpose") == "identifying"]
        assert bodies == [{
            "type": "SpecificResource", "purpose": "identifying", "source": f"urn:uuid:{actor_id}",
            "annot:actorName": "Russian Federation", "annot:actorKind": "organisation",
        }]  # fmt: skip
    args: list[str | Path] = [out]
    for info in project.store.documents():
        text_file = tmp_path / f"{info.id}.txt"
        text_file.write_bytes(project.store.document_text(info.id).encode("utf-8"))
        args += ["--source-map", f"urn:sha256:{info.sha256}={text_file}"]
    result = run_checker(*args)
    assert result.returncode == 0, result.stdout[-3000:]


def test_registries_merge_across_projects_by_uuid(tmp_path: Path) -> None:
    import shutil

    from annot.core.actors import AssignActor, EditActor, actor_of, actors, get_actor
    from annot.core.merge import merge_projects

    ours = tmp_path / "ours.annot"
    with Project.create(ours, seeds=True) as p:
        p.set_annotator("alice")
        annotate_seeds(p)
        spans = _actor_spans(p)
        a = CreateActor(name="Russia", assign=spans[:1])
        b = CreateActor(name="Russian Federation", kind="organisation")
        p.run(a)
        p.run(b)
    theirs = tmp_path / "theirs.annot"
    shutil.copyfile(ours, theirs)
    with Project.open(theirs) as q:  # bob assigns two more spans to "Russia" and renames it
        q.run(AssignActor(annotation_ids=spans[1:3], actor_id=a.id))
        q.run(EditActor(actor_id=a.id, name="Russia (state)"))
    with Project.open(ours) as p:  # meanwhile alice merges "Russia" into "Russian Federation"
        p.run(MergeActors(keep=b.id, gone=a.id))
        report = merge_projects(p, theirs)
        assert report.changed
        # bob's spans follow alice's merge; her tombstone is not revived by bob's rename
        assert {actor_of(p.store, s).id for s in spans[:3]} == {b.id}  # type: ignore[union-attr]
        assert [x.name for x in actors(p.store)] == ["Russian Federation"]
        p.undo()
        assert actor_of(p.store, spans[1]) is None
        assert get_actor(p.store, a.id).id == b.id
        p.redo()
        assert not merge_projects(p, theirs).changed  # merging again changes nothing
