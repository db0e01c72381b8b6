"""Regressions found by the review of the merged code: each test failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from annot.cli import main
from annot.core.project import Project


def _annotated(path: Path) -> Project:
    p = Project.create(path, seeds=True)
    p.set_annotator("alice")
    return p


@pytest.mark.parametrize("kind", ["claims", "annotations", "jsonld"])
@pytest.mark.parametrize("suffix", ["", "-wal"])
def test_export_onto_the_project_file_is_refused_and_the_project_survives(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, suffix: str
) -> None:
    target = tmp_path / "p.annot"
    assert main(["new", str(target), "--seeds"]) == 0
    csv = tmp_path / "a.csv"
    csv.write_text("document,annotator,start,end,tag\n1,bob,3,21,claim\n", encoding="utf-8")
    assert main(["import-annotations", str(target), str(csv)]) == 0
    capsys.readouterr()
    out = Path(str(target) + suffix)
    assert main(["export", kind, str(target), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "project file itself" in err and str(out) in err
    reopened = Project.open(target)
    try:
        assert len(reopened.store.documents()) == 5
        assert [a.quote for a in reopened.store.annotations()] == ["September 29, 2025"]
    finally:
        reopened.close()


def test_export_refuses_the_project_file_reached_through_another_path(tmp_path: Path) -> None:
    from annot.core.errors import ExportProblem
    from annot.core.export.tables import export_claims

    p = _annotated(tmp_path / "p.annot")
    try:
        (tmp_path / "sub").mkdir()
        with pytest.raises(ExportProblem, match="project file itself"):
            export_claims(p.store, tmp_path / "sub" / ".." / "p.annot")
        assert len(p.store.documents()) == 5
    finally:
        p.close()


def test_importing_the_same_csv_twice_adds_nothing_the_second_time(tmp_path: Path) -> None:
    from annot.core.imports.csv_annotations import import_annotations_csv

    csv = tmp_path / "a.csv"
    csv.write_text(
        "document,annotator,start,end,tag,note\n"
        "1,bob,3,21,claim,first\n"
        "1,bob,3,21,Claim,first\n"  # the project may hold the same span twice: kept
        "1,bob,26,32,actor,\n",
        encoding="utf-8",
    )
    p = _annotated(tmp_path / "p.annot")
    try:
        first = import_annotations_csv(p, csv)
        assert (first.annotations.added, first.annotations.skipped) == (3, 0)
        undo_depth = p.history.can_undo
        second = import_annotations_csv(p, csv)
        assert (second.annotations.added, second.annotations.skipped) == (0, 3)
        spans = sorted((a.start, a.end) for a in p.store.annotations())
        assert spans == [(3, 21), (3, 21), (26, 32)]
        assert p.history.undo_label == "Import 3 annotation(s) from a.csv" and undo_depth
        p.history.undo()
        assert p.store.annotations() == []
    finally:
        p.close()


def test_agreement_csv_onto_the_project_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "p.annot"
    assert main(["new", str(target), "--seeds"]) == 0
    before = target.read_bytes()
    assert main(["agreement", str(target), "--csv", str(target)]) == 1
    assert "project file itself" in capsys.readouterr().err
    assert target.read_bytes() == before
    Project.open(target).close()  # still a project


def test_agreement_csv_into_a_missing_folder_is_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "p.annot"
    assert main(["new", str(target), "--seeds"]) == 0
    out = tmp_path / "missing" / "a.csv"
    assert main(["agreement", str(target), "--csv", str(out)]) == 1
    err = capsys.readouterr().err
    assert str(out) in err and "does not exist" in err


def test_a_failed_import_leaves_no_new_annotator_behind(tmp_path: Path) -> None:
    target = tmp_path / "p.annot"
    assert main(["new", str(target)]) == 0
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "one.txt").write_text("Other text here.\n", encoding="utf-8")
    (folder / "one.ann").write_text("T1\tclaim 0 5\tOther\nT2\tactor 3 999\toops\n", encoding="utf-8")
    assert main(["import-annotations", str(target), str(folder), "--annotator", "dan"]) == 1
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text("document,annotator,start,end,tag\n9,,1,2,claim\n", encoding="utf-8")
    assert main(["import-annotations", str(target), str(bad_csv), "--annotator", "eve"]) == 1
    with Project.open(target) as p:
        assert p.store.annotators() == [] and p.store.documents() == []


def test_csv_import_names_only_the_annotators_it_used(tmp_path: Path) -> None:
    target = tmp_path / "p.annot"
    assert main(["new", str(target), "--seeds"]) == 0
    csv = tmp_path / "a.csv"
    csv.write_text("document,annotator,start,end,tag\n1,bob,3,21,claim\n", encoding="utf-8")
    assert main(["import-annotations", str(target), str(csv), "--annotator", "eve"]) == 0
    with Project.open(target) as p:
        assert [a.name for a in p.store.annotators()] == ["bob"]  # eve made nothing
    csv.write_text("document,annotator,start,end,tag\n1,,26,32,actor\n", encoding="utf-8")
    assert main(["import-annotations", str(target), str(csv), "--annotator", "eve"]) == 0
    with Project.open(target) as p:
        names = {a.id: a.name for a in p.store.annotators()}
        assert sorted(names.values()) == ["bob", "eve"]
        assert sorted((names[a.annotator_id], a.start) for a in p.store.annotations()) == [("bob", 3), ("eve", 26)]


def test_export_to_dash_writes_the_table_to_standard_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import csv
    import io

    target = tmp_path / "p.annot"
    assert main(["new", str(target), "--seeds"]) == 0
    src = tmp_path / "a.csv"
    src.write_text("document,annotator,start,end,tag\n1,bob,3,21,claim\n", encoding="utf-8")
    assert main(["import-annotations", str(target), str(src)]) == 0
    capsys.readouterr()
    monkeypatch.chdir(tmp_path)
    assert main(["export", "claims", str(target), "-o", "-"]) == 0
    out, err = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert [r["quote"] for r in rows] == ["September 29, 2025"]
    assert "1 row(s) to standard output" in err
    assert not (tmp_path / "-").exists()


def test_an_os_error_message_has_no_double_colon(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import annot.cli as cli

    def broken(args: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cli, "cmd_info", broken)
    assert cli.main(["info", "x.annot"]) == 1
    assert capsys.readouterr().err == "annot: Permission denied\n"


def test_a_markdown_headline_becomes_the_title_without_its_hashes(tmp_path: Path) -> None:
    from annot.core.documents import find_title

    assert find_title("# Police detain 12 in Tbilisi\n\nText.", "a") == "Police detain 12 in Tbilisi"
    assert find_title("## Police detain 12 in Tbilisi\n", "a") == "Police detain 12 in Tbilisi"
    assert find_title("#hashtag politics today matters\n", "a") == "#hashtag politics today matters"


def test_adjudicating_does_not_change_the_reviewers_agreement() -> None:
    """A reviewer who also annotated: her accepted copies of bob's spans used to count as
    her own annotations, so adjudicating raised the agreement figures."""
    from annot.core.agreement import agreement
    from annot.core.review import AcceptAnnotation
    from tests.core.review_helpers import add_text, span, who

    p = Project.in_memory()
    try:
        doc = add_text(p, "abcdefghijklmnop")
        span(p, doc, "ann", "claim", 0, 4)
        bobs = span(p, doc, "bob", "claim", 8, 12)
        span(p, doc, "bob", "actor", 12, 14)
        before = agreement(p.store).to_json()
        p.run(AcceptAnnotation(bobs.id, who(p, "ann")))  # ann adjudicates bob's claim
        after = agreement(p.store).to_json()
        assert after == before
        assert agreement(p.store, annotators=["ann"]).to_json()["overall"]["pairs"] == []
    finally:
        p.close()


def test_compare_is_unchanged_when_one_of_the_two_adjudicates() -> None:
    """ann compares herself with bob and accepts bob's span: her reviewed copy used to show
    up as her own span, turning "only in B" into an agreement."""
    from annot.core.compare import compare, decisions
    from annot.core.review import AcceptAnnotation
    from tests.core.review_helpers import add_text, span, who

    p = Project.in_memory()
    try:
        doc = add_text(p, "abcdefghijklmnop")
        span(p, doc, "ann", "claim", 0, 4)
        bobs = span(p, doc, "bob", "claim", 8, 12)
        ann, bob = who(p, "ann"), who(p, "bob")
        before = [(d.kind, d.start, d.end) for d in compare(p.store, doc, ann, bob)]
        p.run(AcceptAnnotation(bobs.id, ann))
        diffs = compare(p.store, doc, ann, bob)
        assert [(d.kind, d.start, d.end) for d in diffs] == before
        assert "B accepted" in decisions(p.store, doc, diffs)
    finally:
        p.close()
