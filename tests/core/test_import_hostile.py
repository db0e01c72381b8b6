"""Annotation files built to break the importers: huge integers, deep JSON, lone
surrogates, booleans for numbers, unterminated CSV quotes, two importers at once. Each is
refused with a message naming the file (and the line), and nothing is imported
(issue 8, part 6)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from core_helpers import dump

from annot.core.errors import ImportProblem
from annot.core.imports.brat import import_brat
from annot.core.imports.csv_annotations import import_annotations_csv
from annot.core.imports.wadm import import_wadm
from annot.core.project import Project
from tests.conftest import ROOT

HEADER = "document,annotator,start,end,tag,note\r\n"
HUGE = "1" * 5000  # past Python's 4,300-digit limit for int()


def refused(project: Project, call: object, path: Path, *words: str) -> str:
    before = dump(project.path)
    with pytest.raises(ImportProblem) as info:
        call(project, path)  # type: ignore[operator]
    message = str(info.value)
    assert str(path) in message, message
    for w in words:
        assert w in message, message
    assert dump(project.path) == before  # nothing imported
    return message


def first_doc(project: Project) -> tuple[int, str]:
    info = project.store.documents()[0]
    return info.id, info.sha256


# -- huge integers ---------------------------------------------------------------------------


def test_csv_offset_with_5000_digits(project: Project, tmp_path: Path) -> None:
    doc, _ = first_doc(project)
    f = tmp_path / "a.csv"
    f.write_text(HEADER + f"{doc},bob,0,5,claim,\r\n{doc},bob,{HUGE},5,claim,\r\n", "utf-8")
    refused(project, import_annotations_csv, f, "line 3", "start", "digits")


def w3c(sha: str, selector: dict[str, object], body: object = "claim") -> dict[str, object]:
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationPage",
        "items": [
            {
                "id": "urn:uuid:6f1d9a52-3f49-4a8e-9d7a-0c1c3a1f0b11",
                "type": "Annotation",
                "motivation": "tagging",
                "body": [{"type": "TextualBody", "purpose": "tagging", "value": body}],
                "target": {"source": f"urn:sha256:{sha}", "selector": selector},
            }
        ],
    }


def test_w3c_offset_with_5000_digits(project: Project, tmp_path: Path) -> None:
    _, sha = first_doc(project)
    f = tmp_path / "a.jsonld"
    data = json.dumps(w3c(sha, {"type": "TextPositionSelector", "start": 0, "end": 5}))
    f.write_text(data.replace('"start": 0', f'"start": {HUGE}'), "utf-8")
    refused(project, import_wadm, f, "digits")


def test_brat_offset_with_5000_digits(project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "a.txt").write_text("Some text here.", "utf-8")
    (folder / "a.ann").write_text(f"T1\tClaim 0 4\tSome\nT2\tClaim {HUGE} 4\tSome\n", "utf-8")
    refused(project, lambda p, _path: import_brat(p, folder), folder / "a.ann", "line 2", "digits")


# -- JSON ------------------------------------------------------------------------------------


def test_deeply_nested_json(project: Project, tmp_path: Path) -> None:
    f = tmp_path / "deep.jsonld"
    f.write_text("[" * 200_000 + "]" * 200_000, "utf-8")
    refused(project, import_wadm, f, "nested")


def test_lone_surrogate_in_w3c_is_refused(project: Project, tmp_path: Path) -> None:
    _, sha = first_doc(project)
    f = tmp_path / "s.jsonld"
    item = w3c(sha, {"type": "TextQuoteSelector", "exact": "Russia"}, body="SURR")
    f.write_text(json.dumps(item).replace("SURR", "cl\\ud800aim"), "utf-8")
    refused(project, import_wadm, f, "surrogate")


def test_a_boolean_is_not_an_offset(project: Project, tmp_path: Path) -> None:
    _, sha = first_doc(project)
    f = tmp_path / "b.jsonld"
    f.write_text(json.dumps(w3c(sha, {"type": "TextPositionSelector", "start": True, "end": 5})), "utf-8")
    refused(project, import_wadm, f, "start", "not a whole number")


def test_a_float_offset_is_refused_too(project: Project, tmp_path: Path) -> None:
    _, sha = first_doc(project)
    f = tmp_path / "b.jsonld"
    f.write_text(json.dumps(w3c(sha, {"type": "TextPositionSelector", "start": 1.5, "end": 5})), "utf-8")
    refused(project, import_wadm, f, "start", "not a whole number")


# -- CSV quotes ------------------------------------------------------------------------------


def test_unterminated_quote_does_not_swallow_rows(project: Project, tmp_path: Path) -> None:
    doc, _ = first_doc(project)
    body = HEADER + "".join(
        f'{doc},bob,{i},{i + 3},claim,{chr(34) + "oops" if i == 10 else "fine"}\r\n' for i in range(0, 60, 5)
    )
    f = tmp_path / "q.csv"
    f.write_text(body, "utf-8")
    refused(project, import_annotations_csv, f, "line 4", "quote")


def test_quote_closed_rows_later_is_refused(project: Project, tmp_path: Path) -> None:
    doc, _ = first_doc(project)
    f = tmp_path / "q.csv"
    f.write_text(
        HEADER + f'{doc},bob,0,3,claim,"oops\r\n{doc},bob,5,9,claim,"x"\r\n{doc},bob,10,13,claim,ok\r\n',
        "utf-8",
    )
    refused(project, import_annotations_csv, f, "line 2", "quote")


def test_quoted_notes_with_line_breaks_still_import(project: Project, tmp_path: Path) -> None:
    doc, _ = first_doc(project)
    f = tmp_path / "ok.csv"
    f.write_text(HEADER + f'{doc},bob,0,3,claim,"two\r\nlines"\r\n{doc},bob,5,9,claim,"say ""hi"""\r\n', "utf-8")
    assert import_annotations_csv(project, f).annotations.added == 2
    assert sorted(a.note for a in project.store.annotations()) == ['say "hi"', "two\r\nlines"]


# -- two importers at once -------------------------------------------------------------------


def test_the_duplicate_check_runs_inside_the_write_transaction(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process imports the same file after this one read it and before it writes:
    the rows it added must count as duplicates here."""
    doc, _ = first_doc(project)
    f = tmp_path / "same.csv"
    f.write_text(HEADER + "".join(f"{doc},bob,{i},{i + 4},claim,\r\n" for i in range(0, 40, 5)), "utf-8")
    other = Project.open(project.path)
    real_run = project.run

    def run_after_the_other(command, initiator=None):  # type: ignore[no-untyped-def]
        assert import_annotations_csv(other, f).annotations.added == 8
        return real_run(command, initiator)

    monkeypatch.setattr(project, "run", run_after_the_other)
    try:
        report = import_annotations_csv(project, f)
    finally:
        other.close()
    assert len(project.store.annotations()) == 8
    assert report.annotations.added == 0 and report.annotations.skipped == 8


def test_two_processes_import_the_same_csv_once(project: Project, tmp_path: Path) -> None:
    doc, _ = first_doc(project)
    f = tmp_path / "same.csv"
    f.write_text(HEADER + "".join(f"{doc},bob,{i},{i + 4},claim,\r\n" for i in range(0, 400, 5)), "utf-8")
    path = project.path
    project.close()
    for _ in range(3):
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "annot", "import-annotations", str(path), str(f)],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        outs = [p.communicate(timeout=120) for p in procs]
        for p, (_out, err) in zip(procs, outs, strict=True):
            assert "Traceback" not in err, err
            assert p.returncode in (0, 1)
        with Project.open(path) as again:
            assert len(again.store.annotations()) == 80



def test_a_w3c_file_imported_meanwhile_by_another_process_is_not_added_twice(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annot.core.export.wadm import export_wadm

    doc, _ = first_doc(project)
    claim = project.store.tag_by_name("claim")
    assert claim is not None
    for i in range(0, 40, 5):
        project.add_annotation(doc, claim.id, i, i + 4)
    out = tmp_path / "all.jsonld"
    export_wadm(project.store, out)
    target = tmp_path / "target.annot"
    Project.create(target, seeds=True).close()
    with Project.open(target) as ours, Project.open(target) as other:
        real_run = ours.run

        def run_after_the_other(command, initiator=None):  # type: ignore[no-untyped-def]
            assert import_wadm(other, out).annotations.added == 8
            return real_run(command, initiator)

        monkeypatch.setattr(ours, "run", run_after_the_other)
        report = import_wadm(ours, out)
        assert report.annotations.added == 0 and report.annotations.skipped == 8
        assert len(ours.store.annotations()) == 8


def test_a_long_note_imports_and_a_long_unclosed_quote_is_named(project: Project, tmp_path: Path) -> None:
    doc, _ = first_doc(project)
    long_note = "word " * 60_000  # 300 kB: past the csv module's default cell limit
    f = tmp_path / "long.csv"
    f.write_text(HEADER + f'{doc},bob,0,3,claim,"{long_note}"\r\n', "utf-8")
    assert import_annotations_csv(project, f).annotations.added == 1
    assert project.store.annotations()[0].note == long_note
    g = tmp_path / "unclosed.csv"
    rows = "".join(f"{doc},bob,{i % 50},{i % 50 + 3},claim,row {i}\r\n" for i in range(20_000))
    g.write_text(HEADER + f'{doc},bob,5,9,claim,"oops\r\n' + rows, "utf-8")
    refused(project, import_annotations_csv, g, "line 2", "never closed")


def test_a_brat_folder_imported_meanwhile_by_another_process_is_not_added_twice(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "a.txt").write_text("Putin said on Monday that the law was signed.", "utf-8")
    (folder / "a.ann").write_text(
        "T1\tClaim 0 44\tPutin said on Monday that the law was signed\nT2\tActor 0 5\tPutin\n"
        "R1\tsaid_by Arg1:T1 Arg2:T2\n",
        "utf-8",
    )
    with Project.open(project.path) as other:
        real_run = project.run

        def run_after_the_other(command, initiator=None):  # type: ignore[no-untyped-def]
            assert import_brat(other, folder, annotator="bob").annotations.added == 2
            return real_run(command, initiator)

        monkeypatch.setattr(project, "run", run_after_the_other)
        report = import_brat(project, folder, annotator="bob")
    assert report.annotations.added == 0 and report.annotations.skipped == 2
    assert len(project.store.annotations()) == 2
    assert len(project.store.documents()) == 6
    assert len(project.store.links_of(project.store.annotations()[0].id)) == 1
