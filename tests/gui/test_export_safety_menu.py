"""File ▸ Export brat standoff into an earlier export folder, through the main window: the
user's files stay, a hand-edited file is replaced only after the person says yes."""

from __future__ import annotations

from pathlib import Path

import pytest

from annot.gui import transfer
from annot.gui.dialogs.files import FileDialogs


def test_brat_export_asks_before_replacing_a_hand_edited_file(  # type: ignore[no-untyped-def]
    window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors_shown
) -> None:
    project = window.session.project
    info = project.store.documents()[0]
    project.add_annotation(info.id, project.store.tags()[0].id, 0, 5)
    folder = tmp_path / "brat"
    monkeypatch.setattr(FileDialogs, "brat_folder", classmethod(lambda cls, parent, title, start="": folder))
    window.menus.export_brat.trigger()
    assert errors_shown == []
    (folder / "my_notes.txt").write_text("notes", "utf-8")
    ann = next(a for a in sorted(folder.glob("*.ann")) if a.read_text("utf-8"))
    edited = ann.read_bytes() + b"#77\tAnnotatorNotes T1\tmine\n"
    ann.write_bytes(edited)
    project.add_annotation(info.id, project.store.tags()[0].id, 6, 9)

    asked: list[list[str]] = []
    answer = {"yes": False}
    monkeypatch.setattr(
        transfer.ConfirmOverwrite, "ask",
        classmethod(lambda cls, parent, where, files: asked.append(files) or answer["yes"]),
    )  # fmt: skip
    window.menus.export_brat.trigger()  # the person says no
    assert asked == [[ann.name]]
    assert ann.read_bytes() == edited
    assert errors_shown == [] and "nothing was written" in window.statusBar().currentMessage()
    answer["yes"] = True
    window.menus.export_brat.trigger()
    assert errors_shown == [] and len(asked) == 2
    assert sum(x.startswith("T") for x in ann.read_text("utf-8").splitlines()) == 2
    assert (folder / "my_notes.txt").read_text("utf-8") == "notes"
