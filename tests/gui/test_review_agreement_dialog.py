"""Tools ▸ Agreement: the table shows the core's numbers; CSV and JSON exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annot.core.project import Project
from annot.gui.dialogs.agreement import AgreementDialog
from annot.gui.session import Session
from tests.core.review_helpers import add_text, span, who


@pytest.fixture
def dialog(qtbot):  # type: ignore[no-untyped-def]
    project = Project.in_memory()
    doc = add_text(project, "abcdefghij")
    # as in tests/core/test_review_agreement.py: κ overall = 1/6
    span(project, doc, "alice", "claim", 0, 4)
    span(project, doc, "alice", "actor", 2, 6)
    span(project, doc, "bob", "claim", 0, 4)
    span(project, doc, "bob", "actor", 6, 8)
    who(project, "idle")  # no annotations: unchecked by default
    d = AgreementDialog(Session(project))
    qtbot.addWidget(d)
    yield d
    project.close()


def cell(d: AgreementDialog, scope: str, measure: str, tag: str = "") -> tuple[str, str]:
    m = d.model
    for r in range(m.rowCount()):
        values = [m.data(m.index(r, c)) for c in range(m.columnCount())]
        if values[0] == scope and values[6] == measure and values[1] == tag:
            return values[7], m.data(m.index(r, 7), Qt.ItemDataRole.ToolTipRole)  # type: ignore[return-value]
    raise AssertionError(f"no row {scope} {measure} {tag}")


def test_table_shows_the_numbers(dialog: AgreementDialog, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    assert dialog.chosen() == ["alice", "bob"]
    assert cell(dialog, "overall", "kappa")[0] == f"{1 / 6:.3f}"
    value, why = cell(dialog, "tag", "kappa", "date")
    assert value == "n/a" and why.startswith("not defined:")
    qtmodeltester.check(dialog.model)
    dialog.tag_box.setCurrentIndex(dialog.tag_box.findData("actor"))
    dialog.compute()
    assert cell(dialog, "overall", "kappa")[0] == f"{-4 / 11:.3f}"


def test_one_annotator_says_not_defined(dialog: AgreementDialog) -> None:
    dialog.annotators.item(0).setCheckState(Qt.CheckState.Unchecked)  # alice off
    dialog.compute()
    assert "n/a" in dialog.summary.text() and "two annotators" in dialog.summary.text()


def test_exports(dialog: AgreementDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "agreement.json"
    monkeypatch.setattr(AgreementDialog, "ask_path", classmethod(lambda cls, *a: target))
    dialog.json_button.click()
    data = json.loads(target.read_text("utf-8"))
    assert data["overall"]["pairs"][0]["kappa"]["value"] == pytest.approx(1 / 6)
    target = tmp_path / "agreement.csv"
    dialog.csv_button.click()
    assert target.read_text("utf-8").startswith("scope,tag,document")
    assert str(target) in dialog.summary.text()


@pytest.mark.parametrize("button", ["csv_button", "json_button"])
def test_exports_refuse_the_project_file(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, button: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.annot"
    project = Project.create(path)
    doc = add_text(project, "abcdefghij")
    span(project, doc, "alice", "claim", 0, 4)
    span(project, doc, "bob", "claim", 0, 5)
    d = AgreementDialog(Session(project))
    qtbot.addWidget(d)
    monkeypatch.setattr(AgreementDialog, "ask_path", classmethod(lambda cls, *a: path))
    getattr(d, button).click()
    assert "project file itself" in d.summary.text()
    assert len(project.store.annotations()) == 2
    project.close()
    reopened = Project.open(path)
    assert len(reopened.store.annotations()) == 2
    reopened.close()


def test_a_reviewer_with_only_reviewed_copies_is_not_checked(qtbot) -> None:  # type: ignore[no-untyped-def]
    from annot.core.review import AcceptAnnotation

    project = Project.in_memory()
    doc = add_text(project, "abcdefghij")
    first = span(project, doc, "alice", "claim", 0, 4)
    span(project, doc, "bob", "claim", 0, 5)
    project.run(AcceptAnnotation(first.id, who(project, "rita")))
    d = AgreementDialog(Session(project))
    qtbot.addWidget(d)
    assert d.chosen() == ["alice", "bob"]
    project.close()
