"""`annot suggest-alignments`: the JSON shape of issue 10, read-only, documented."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from annot.cli import build_parser, main
from tests.core.test_suggest import DOCS, SPANS

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TITLES = {"a": "Russia leaves the torture convention", "b": "Moscow quits the anti-torture treaty",
          "c": "Kremlin and grain prices today"}  # fmt: skip


def _project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    project = tmp_path / "p.annot"
    assert main(["new", str(project)]) == 0
    files = []
    for doc, text in DOCS.items():
        path = tmp_path / f"{doc}.txt"
        path.write_text(f"{TITLES[doc]}\n\n{text}", "utf-8")
        files.append(str(path))
    assert main(["import", str(project), *files]) == 0
    sheet = tmp_path / "claims.csv"
    rows = ["document,annotator,start,end,tag"]
    for doc, quote, _group in SPANS:
        start = len(TITLES[doc]) + 2 + DOCS[doc].index(quote)
        rows.append(f"{doc}.txt,tester,{start},{start + len(quote)},claim")
    rows.append(f"a.txt,tester,0,{len('Russia')},actor")  # not a claim: never listed
    sheet.write_text("\n".join(rows) + "\n", "utf-8")
    assert main(["import-annotations", str(project), str(sheet)]) == 0
    capsys.readouterr()
    return project


def test_json_lists_every_claim_with_ranked_candidates_of_other_documents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path, capsys)
    before = project.stat()
    assert main(["suggest-alignments", str(project), "--json", "--top", "2"]) == 0
    table = json.loads(capsys.readouterr().out)
    assert isinstance(table, list) and len(table) == len(SPANS)
    texts = {TITLES[d]: f"{TITLES[d]}\n\n{DOCS[d]}" for d in DOCS}
    quotes = {quote: group for _doc, quote, group in SPANS}
    for entry in table:
        assert set(entry) == {"claim", "document", "start", "end", "candidates"}
        assert UUID.match(entry["claim"]) and entry["document"] in texts
        assert isinstance(entry["start"], int) and isinstance(entry["end"], int)
        quote = texts[entry["document"]][entry["start"] : entry["end"]]
        assert quote in quotes
        assert len(entry["candidates"]) == 2
        for cand in entry["candidates"]:
            assert set(cand) == {"claim", "document", "start", "end", "score"}
            assert UUID.match(cand["claim"]) and cand["document"] != entry["document"]
            assert isinstance(cand["score"], float) and 0 <= cand["score"] <= 1
        scores = [c["score"] for c in entry["candidates"]]
        assert scores == sorted(scores, reverse=True)
        best = entry["candidates"][0]
        if quotes[quote] != "stadium":  # the same proposition in another report comes first
            assert quotes[texts[best["document"]][best["start"] : best["end"]]] == quotes[quote]
    # read only: the project file was not touched and left no journal beside it
    after = project.stat()
    assert (after.st_mtime_ns, after.st_size) == (before.st_mtime_ns, before.st_size)
    assert not Path(f"{project}-wal").exists() and not Path(f"{project}-journal").exists()


def test_text_output_and_bad_arguments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _project(tmp_path, capsys)
    assert main(["suggest-alignments", str(project), "--top", "1"]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == 2 * len(SPANS) and "9 claim(s)" in captured.err
    assert re.match(r"^  0\.\d{3}  [0-9a-f-]{36}  ", lines[1])
    with pytest.raises(SystemExit) as exc:
        main(["suggest-alignments", str(project), "--top", "0"])
    assert exc.value.code == 2
    assert main(["suggest-alignments", str(tmp_path / "missing.annot")]) == 1
    assert "missing.annot" in capsys.readouterr().err


def test_help_describes_the_json() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    text = sub.choices["suggest-alignments"].format_help()  # type: ignore[attr-defined]
    assert "--json" in text and "--top" in text and "candidates" in text


def test_an_old_project_is_read_without_being_upgraded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Opening for writing would migrate a schema-1 file and keep a .v1.bak beside it."""
    import shutil

    from tests.conftest import ROOT

    old = tmp_path / "old.annot"
    shutil.copyfile(ROOT / "tests" / "data" / "project-v1.annot", old)
    before = old.stat()
    assert main(["suggest-alignments", str(old), "--json"]) == 0
    table = json.loads(capsys.readouterr().out)
    assert len(table) == 2 and [len(e["candidates"]) for e in table] == [1, 1]
    assert table[0]["candidates"][0]["claim"] == table[1]["claim"]
    after = old.stat()
    assert (after.st_mtime_ns, after.st_size) == (before.st_mtime_ns, before.st_size)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.annot"]
