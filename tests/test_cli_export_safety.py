"""`annot export brat` into an earlier export folder, from the command line (issue 8, part 8)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annot.cli import main


def test_brat_export_keeps_notes_refuses_hand_edits_until_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p.annot"
    assert main(["new", str(project), "--seeds"]) == 0
    out = tmp_path / "brat"
    assert main(["export", "brat", str(project), "-o", str(out)]) == 0
    (out / "my_notes.txt").write_text("my notes", "utf-8")
    ann = sorted(out.glob("*.ann"))[0]
    edited = ann.read_bytes() + b"#99\tAnnotatorNotes T1\tmy correction\n"
    ann.write_bytes(edited)
    capsys.readouterr()
    assert main(["export", "brat", str(project), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert ann.name in err and "--overwrite" in err and len(err.strip().splitlines()) == 1
    assert ann.read_bytes() == edited
    assert main(["export", "brat", str(project), "-o", str(out), "--overwrite"]) == 0
    assert ann.read_bytes() != edited
    assert (out / "my_notes.txt").read_text("utf-8") == "my notes"


def test_export_onto_the_upgrade_backup_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "p.annot"
    assert main(["new", str(project), "--seeds"]) == 0
    backup = tmp_path / "p.annot.v1.bak"
    backup.write_bytes(b"the only copy of the old project")
    for what in ("claims", "annotations", "jsonld"):
        capsys.readouterr()
        assert main(["export", what, str(project), "-o", str(backup)]) == 1
        assert str(backup) in capsys.readouterr().err
    assert main(["agreement", str(project), "--csv", str(backup)]) == 1
    assert backup.read_bytes() == b"the only copy of the old project"
