"""Cross-document alignments in the interchange formats: W3C `linking` annotations with both
targets (valid against the W3C suite, restored on import); brat cannot say them (counted);
the board export on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from annot.cli import main
from annot.core.claim_groups import Align, SetGroupLabel
from annot.core.export.wadm import export_wadm
from annot.core.imports.wadm import import_wadm
from annot.core.interchange import export_brat_folder
from annot.core.model import ALIGNMENT_KINDS, AnnotationId, LinkKind
from annot.core.project import Project
from tests.core.test_interchange_wadm import annotate_seeds, copy_documents, run_checker, snapshot


def align_seeds(project: Project) -> list[AnnotationId]:
    """annotate_seeds, then the first claim of document 1 aligned with 2 (same), 3 (partly)
    and 4 (contradicts)."""
    annotate_seeds(project)
    claim_tag = project.store.tag_by_name("claim")
    assert claim_tag is not None
    claims = [
        project.store.annotations(document_id=d.id, tag_id=claim_tag.id)[0].id
        for d in project.store.documents()
    ]
    project.run(Align(LinkKind.SAME_CLAIM, claims[0], claims[1]))
    project.run(Align(LinkKind.PARTLY, claims[2], claims[0]))
    project.run(Align(LinkKind.CONTRADICTS, claims[0], claims[3]))
    project.run(SetGroupLabel(claims[0], "Russia withdrew"))
    return claims


def test_w3c_export_of_alignments_passes_the_suite_and_reimports(
    project: Project, tmp_path: Path
) -> None:
    align_seeds(project)
    out = tmp_path / "all.jsonld"
    summary = export_wadm(project.store, out)
    args: list[str | Path] = [out]
    for info in project.store.documents():
        text_file = tmp_path / f"{info.id}.txt"
        text_file.write_bytes(project.store.document_text(info.id).encode("utf-8"))
        args += ["--source-map", f"urn:sha256:{info.sha256}={text_file}"]
    result = run_checker(*args)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "RESULT: PASS" in result.stdout
    items = json.loads(out.read_text("utf-8"))["first"]["items"]
    aligned = [i for i in items if i.get("annot:linkKind") in {k.value for k in ALIGNMENT_KINDS}]
    assert sorted(i["annot:linkKind"] for i in aligned) == ["contradicts", "partly", "same_claim"]
    for item in aligned:
        assert item["motivation"] == "linking"
        sources = [t["source"] for t in item["target"]]
        assert len(sources) == 2 and sources[0] != sources[1]  # two documents
    assert summary.links == len(project.store.links())
    fresh = copy_documents(project)
    report = import_wadm(fresh, out)
    assert not report.unanchored and not report.skipped_links
    assert snapshot(fresh) == snapshot(project)


def test_brat_counts_the_alignments_it_cannot_express(project: Project, tmp_path: Path) -> None:
    align_seeds(project)
    summary = export_brat_folder(project, tmp_path / "brat")
    assert summary.skipped_links == 3
    written = "".join(p.read_text("utf-8") for p in (tmp_path / "brat").glob("*.ann"))
    assert "same_claim" not in written and "contradicts" not in written and "partly" not in written


@pytest.mark.parametrize("wide", [False, True])
def test_cli_export_board(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str], wide: bool
) -> None:
    claims = align_seeds(project)
    project.close()
    out = tmp_path / "board.csv"
    args = ["export", "board", str(project.path), "-o", str(out)] + (["--wide"] if wide else [])
    assert main(args) == 0
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    if wide:
        assert len(frame) == 2 and frame.loc[0, "group_label"] == "Russia withdrew"
        assert frame.loc[0, "sources"] == "3"
    else:
        rows = frame[frame["claim_id"] == claims[2]]
        assert list(rows["relation"]) == ["partly"]
        assert set(frame["relation"]) == {"same", "partly", "contradicts", "absent"}
    assert "wrote" in capsys.readouterr().out
