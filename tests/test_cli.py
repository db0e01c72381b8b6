"""The command line: exit codes, messages, and that every command is documented."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from annot.cli import build_parser, commands, main
from tests.conftest import ROOT, SEEDS


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annot", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def test_new_with_seeds_then_info(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "p.annot"
    assert main(["new", str(target), "--seeds"]) == 0
    assert main(["info", str(target)]) == 0
    out = capsys.readouterr().out
    assert "documents 5" in out
    assert "Russia withdraws from anti-torture convention" in out
    assert re.search(r"claim\s+0", out)


def test_new_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "p.annot"
    target.write_bytes(b"precious")
    assert main(["new", str(target)]) == 1
    err = capsys.readouterr().err
    assert str(target) in err and "already exists" in err
    assert target.read_bytes() == b"precious"


def test_import_reports_bad_files_and_keeps_good_ones(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "p.annot"
    main(["new", str(target)])
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    good = tmp_path / "report.txt"
    good.write_text("A headline of four words\n\nBody text.", "utf-8")
    assert main(["import", str(target), str(good), str(binary), str(SEEDS / "002_97098c4533dbd254.txt")]) == 0
    captured = capsys.readouterr()
    assert "imported 2 document(s)" in captured.out  # the ImportReport's summary, as for annotations
    assert f"skipped: {binary}: looks like a binary file" in captured.out
    # importing the same again adds nothing and says so
    assert main(["import", str(target), str(good)]) == 0
    captured = capsys.readouterr()
    assert "imported 0 document(s)" in captured.out and "skipped: report.txt is already in the project" in captured.out


def test_bad_project_is_exit_1_with_one_line(tmp_path: Path) -> None:
    not_a_project = tmp_path / "notes.annot"
    not_a_project.write_text("hello", "utf-8")
    result = run("info", str(not_a_project))
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert str(not_a_project) in result.stderr and "not an annot project" in result.stderr
    assert not_a_project.read_text("utf-8") == "hello"


def test_usage_error_is_exit_2() -> None:
    assert run("export", "claims").returncode == 2
    assert run("info").returncode == 2
    assert run("export", "nonsense", "x.annot", "-o", "y").returncode == 2


def test_help_lists_every_command() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in commands():
        assert command.split()[0] in result.stdout


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    missing = [c for c in commands(build_parser()) if f"annot {c}" not in readme]
    assert not missing, f"README.md does not document: {missing}"


def test_merge_and_agreement_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import csv
    import json

    from annot.core.project import Project

    seed = SEEDS / "002_97098c4533dbd254.txt"
    paths = []
    for name, (start, end) in (("alice", (0, 10)), ("bob", (0, 12))):
        path = tmp_path / f"{name}.annot"
        with Project.create(path) as p:
            p.set_annotator(name)
            p.import_files([seed], undoable=False)
            doc = p.store.documents()[0].id
            claim = p.store.tag_by_name("claim")
            assert claim is not None
            p.add_annotation(doc, claim.id, start, end)
        paths.append(path)
    ours, theirs = paths
    assert main(["merge", str(ours), str(theirs)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"annotations\s+1 added, 0 updated, 0 skipped", out)
    assert main(["merge", str(ours), str(theirs)]) == 0
    assert re.search(r"annotations\s+0 added, 0 updated, 1 skipped", capsys.readouterr().out)

    assert main(["agreement", str(ours), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["annotators"] == ["alice", "bob"]
    pair = data["overall"]["pairs"][0]
    assert pair["exact"]["f1"]["value"] == 0.0 and pair["overlap"]["f1"]["value"] == 1.0
    assert main(["agreement", str(ours), "--annotators", "alice,bob", "--tag", "claim"]) == 0
    text = capsys.readouterr().out
    assert "alice × bob: κ" in text and "tag claim" in text
    table = tmp_path / "agreement.csv"
    assert main(["agreement", str(ours), "--csv", str(table), "--documents", "1"]) == 0
    rows = list(csv.DictReader(table.open(encoding="utf-8", newline="")))
    assert {r["scope"] for r in rows} == {"overall", "tag", "document"}

    assert main(["agreement", str(ours), "--annotators", "alice,zoe"]) == 1
    assert "no annotator named 'zoe'" in capsys.readouterr().err


def test_merge_refuses_a_bad_file_and_merges_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ours, good, bad = tmp_path / "ours.annot", tmp_path / "good.annot", tmp_path / "bad.annot"
    main(["new", str(ours)])
    main(["new", str(good), "--seeds"])
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    before = ours.read_bytes()
    assert main(["merge", str(ours), str(good), str(bad)]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and err.count("\n") == 1
    assert ours.read_bytes() == before


def test_export_and_import_jsonld_and_brat(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from annot.core.model import LinkKind
    from annot.core.project import Project

    source = tmp_path / "source.annot"
    with Project.create(source, seeds=True) as p:
        p.set_annotator("alice")
        tags = {t.name: t.id for t in p.store.tags()}
        doc = p.store.documents()[0]
        text = p.store.document_text(doc.id)
        at = text.index("Russia")
        claim = p.add_annotation(doc.id, tags["claim"], at, text.index(".", at), note="n")
        actor = p.add_annotation(doc.id, tags["actor"], at, at + 6)
        p.link(LinkKind.SAID_BY, claim.id, actor.id)
    jsonld, brat = tmp_path / "out.jsonld", tmp_path / "brat"
    assert main(["export", "jsonld", str(source), "-o", str(jsonld)]) == 0
    assert "wrote 2 annotation(s) and 1 link(s) of 5 document(s)" in capsys.readouterr().out
    assert main(["export", "brat", str(source), "-o", str(brat)]) == 0
    assert (brat / "annotation.conf").is_file() and len(list(brat.glob("*.ann"))) == 5
    capsys.readouterr()

    target = tmp_path / "target.annot"
    main(["new", str(target), "--seeds"])
    assert main(["import-annotations", str(target), str(jsonld)]) == 0
    out = capsys.readouterr().out
    assert "imported 2 annotation(s) and 1 link(s)" in out and "new annotators: alice" in out
    assert main(["import-annotations", str(target), str(brat), "--annotator", "bob"]) == 0
    out = capsys.readouterr().out
    assert "imported 2 annotation(s) and 1 link(s)" in out and "5 already in the project" in out
    with Project.open(target) as p:
        names = {a.id: a.name for a in p.store.annotators()}
        assert sorted(names[a.annotator_id] for a in p.store.annotations()) == ["alice", "alice", "bob", "bob"]
        assert len(p.store.links()) == 2


def test_interchange_bad_input_is_exit_1_naming_the_file(tmp_path: Path) -> None:
    target = tmp_path / "p.annot"
    main(["new", str(target)])
    bad = tmp_path / "broken.jsonld"
    bad.write_text("{oops", "utf-8")
    result = run("import-annotations", str(target), str(bad))
    assert result.returncode == 1 and f"{bad}: is not valid JSON" in result.stderr
    other = tmp_path / "data.xlsx"
    other.write_bytes(b"PK")
    result = run("import-annotations", str(target), str(other))
    assert result.returncode == 1 and "not a format annot imports" in result.stderr
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.docx").write_bytes(b"x")
    result = run("export", "brat", str(target), "-o", str(mine))
    assert result.returncode == 1 and "not empty" in result.stderr
    assert [f.name for f in mine.iterdir()] == ["thesis.docx"]


def _seeded(tmp_path: Path) -> Path:
    target = tmp_path / "p.annot"
    assert main(["new", str(target), "--seeds"]) == 0
    return target


def test_importing_the_same_csv_twice_adds_nothing_the_second_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _seeded(tmp_path)
    table = tmp_path / "a.csv"
    table.write_text(
        "document,annotator,start,end,tag\r\n"
        "002_97098c4533dbd254,ann,0,6,claim\r\n"
        "002_97098c4533dbd254.txt,ann,7,16,actor\r\n",
        "utf-8",
    )
    assert main(["import-annotations", str(target), str(table)]) == 0
    assert "imported 2 annotation(s)" in capsys.readouterr().out
    assert main(["import-annotations", str(target), str(table)]) == 0
    assert "imported 0 annotation(s)" in capsys.readouterr().out
    assert main(["info", str(target)]) == 0
    out = capsys.readouterr().out
    assert "annotations 2" in out
    assert "annotators 1: ann" in out  # nobody else was registered by the import


def test_a_misspelt_tag_is_created_and_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = _seeded(tmp_path)
    table = tmp_path / "a.csv"
    table.write_text("document,annotator,start,end,tag\r\n3,ann,0,6,cliam\r\n", "utf-8")
    assert main(["import-annotations", str(target), str(table)]) == 0
    assert "new tag(s) created: cliam" in capsys.readouterr().err


def test_merging_a_project_into_itself_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = _seeded(tmp_path)
    before = target.read_bytes()
    assert main(["merge", str(target), str(target)]) == 1
    assert "is this project itself" in capsys.readouterr().err
    assert target.read_bytes() == before


def test_info_into_a_closed_pipe_is_quiet(tmp_path: Path) -> None:
    target = _seeded(tmp_path)
    result = subprocess.run(
        f"{sys.executable} -m annot info {target} | head -1",
        shell=True, capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert result.stdout.startswith("project")
    assert "Broken pipe" not in result.stderr and "annot::" not in result.stderr


def test_jsonld_whose_documents_are_missing_is_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from annot.core.project import Project

    source = _seeded(tmp_path)
    with Project.open(source) as p:
        p.set_annotator("ann")
        tag = p.store.tags()[0]
        p.add_annotation(p.store.documents()[0].id, tag.id, 0, 5)
    exported = tmp_path / "x.jsonld"
    assert main(["export", "jsonld", str(source), "-o", str(exported)]) == 0
    empty = tmp_path / "empty.annot"
    assert main(["new", str(empty)]) == 0
    capsys.readouterr()
    assert main(["import-annotations", str(empty), str(exported)]) == 1
    assert "nothing could be imported" in capsys.readouterr().err
