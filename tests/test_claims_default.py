"""Once a review exists, the claims CSV holds the reviewed set unless asked for everything."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from annot.cli import main
from annot.core.project import Project
from annot.core.review import AcceptAnnotation
from tests.core.review_helpers import span, who


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def reviewed(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "p.annot"
    with Project.create(path, seeds=True) as p:
        doc = p.store.documents()[0].id
        a = span(p, doc, "alice", "claim", 0, 10)
        span(p, doc, "bob", "claim", 20, 30)
        command = AcceptAnnotation(a.id, who(p, "rita"))
        p.run(command)
        assert command.copy is not None
        return path, command.copy.id


def test_cli_claims_default_to_the_reviewed_set(reviewed, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    path, copy_id = reviewed
    out = tmp_path / "claims.csv"
    assert main(["export", "claims", str(path), "-o", str(out)]) == 0
    assert [r["claim_id"] for r in _rows(out)] == [copy_id]
    assert "reviewed set" in capsys.readouterr().err
    assert main(["export", "claims", str(path), "-o", str(out), "--status", "all"]) == 0
    assert len(_rows(out)) == 3  # alice's and bob's originals and the reviewed copy


def test_cli_claims_without_a_review_export_everything(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.annot"
    with Project.create(path, seeds=True) as p:
        doc = p.store.documents()[0].id
        span(p, doc, "alice", "claim", 0, 10)
        span(p, doc, "bob", "claim", 20, 30)
    out = tmp_path / "claims.csv"
    assert main(["export", "claims", str(path), "-o", str(out)]) == 0
    assert len(_rows(out)) == 2
    assert "reviewed set" not in capsys.readouterr().err
