"""File ▸ Export W3C Web Annotations / brat standoff and File ▸ Import annotations / brat
folder, through the real main window with the file dialogs patched."""

from __future__ import annotations

import subprocess
import sys

import pytest

from annot.core.model import LinkKind
from annot.core.project import Project
from annot.gui import progress, transfer
from annot.gui.dialogs.files import FileDialogs
from tests.conftest import REFERENCE

CHECK_WADM = REFERENCE / "check_wadm.py"


def annotate(project: Project) -> int:
    """A claim said by an actor, on a date, in the first two seeds (emoji-free and not)."""
    tags = {t.name: t for t in project.store.tags()}
    n = 0
    for info in project.store.documents()[:2]:
        text = project.store.document_text(info.id)
        at = text.index("Russia")
        claim = project.add_annotation(info.id, tags["claim"].id, at, text.index(".", at) + 1, note="note «x»")
        actor = project.add_annotation(info.id, tags["actor"].id, at, at + 6)
        project.link(LinkKind.SAID_BY, claim.id, actor.id)
        n += 2
    return n


def quotes(project: Project) -> list[tuple[str, str, str]]:
    store = project.store
    tags = {t.id: t.name for t in store.tags()}
    titles = {d.id: d.sha256 for d in store.documents()}
    return sorted(
        (titles[a.document_id], tags[a.tag_id], store.document_text(a.document_id)[a.start : a.end])
        for a in store.annotations()
    )


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    texts: list[str] = []
    monkeypatch.setattr(transfer.Summary, "show", classmethod(lambda cls, p, title, text, problem: texts.append(text)))
    return texts


def test_export_jsonld_by_menu_passes_the_w3c_checker_and_imports_back(  # type: ignore[no-untyped-def]
    window, open_window, tmp_path, monkeypatch, errors_shown, shown
) -> None:
    project = window.session.project
    n = annotate(project)
    target = tmp_path / "out.jsonld"
    monkeypatch.setattr(FileDialogs, "export_jsonld", classmethod(lambda cls, parent, suggested: target))
    window.menus.export_jsonld.trigger()
    assert target.is_file() and errors_shown == []
    assert f"Exported {n} annotation(s) and 2 link(s)" in window.statusBar().currentMessage()
    sources = []
    for info in project.store.documents():
        text_file = tmp_path / f"{info.id}.txt"
        text_file.write_bytes(project.store.document_text(info.id).encode("utf-8"))
        sources += ["--source-map", f"urn:sha256:{info.sha256}={text_file}"]
    done = subprocess.run(
        [sys.executable, str(CHECK_WADM), *sources, str(target)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PASS" in done.stdout
    expected = quotes(project)

    fresh_path = tmp_path / "fresh.annot"
    Project.create(fresh_path, seeds=True).close()
    fresh = open_window(fresh_path)
    monkeypatch.setattr(FileDialogs, "import_annotations", classmethod(lambda cls, parent, folder="": target))
    fresh.menus.import_annotations.trigger()
    assert quotes(fresh.session.project) == expected
    assert len(fresh.session.store.links()) == 2
    assert f"Imported {n} annotation(s) and 2 link(s) from out.jsonld." in fresh.statusBar().currentMessage()
    fresh.annotations_model.flush()
    assert fresh.annotations_panel.proxy.rowCount() == n
    fresh.menus.undo.trigger()  # one undo step takes the whole import back
    assert fresh.session.store.annotations() == []


def test_export_brat_by_menu_and_import_the_folder_back(  # type: ignore[no-untyped-def]
    window, open_window, tmp_path, monkeypatch, errors_shown, shown
) -> None:
    project = window.session.project
    n = annotate(project)
    folder = tmp_path / "brat"
    monkeypatch.setattr(FileDialogs, "brat_folder", classmethod(lambda cls, parent, title, start="": folder))
    window.menus.export_brat.trigger()
    assert errors_shown == []
    assert (folder / "annotation.conf").is_file()
    anns = sorted(folder.glob("*.ann"))
    assert len(anns) == len(project.store.documents())
    assert sum(line.startswith("T") for a in anns for line in a.read_text("utf-8").splitlines()) == n
    expected = quotes(project)

    fresh_path = tmp_path / "empty.annot"
    Project.create(fresh_path).close()
    fresh = open_window(fresh_path)
    asked: list[str] = []
    monkeypatch.setattr(transfer.BratAnnotator, "ask", classmethod(lambda cls, p, default: asked.append(default) or "carol"))
    fresh.menus.import_brat.trigger()
    assert asked == ["alice"]  # defaults to the current annotator
    store = fresh.session.store
    assert quotes(fresh.session.project) == expected
    assert {store.annotator(a.annotator_id).name for a in store.annotations()} == {"carol"}
    assert fresh.documents_model.rowCount() == len(anns)
    assert len(shown) == 1 and "documents: 5 added" in shown[0]


def test_brat_lines_annot_cannot_hold_are_reported(  # type: ignore[no-untyped-def]
    window, tmp_path, monkeypatch, errors_shown, shown
) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    text = "Russia left the convention. 👍\n"
    (folder / "a.txt").write_text(text, "utf-8")
    (folder / "a.ann").write_text(
        "T1\tActor 0 6\tRussia\nT2\tLeave 7 11\tleft\nE1\tLeave:T2 Agent:T1\nA1\tNegated E1\n", "utf-8"
    )
    monkeypatch.setattr(transfer.BratAnnotator, "ask", classmethod(lambda cls, p, default: "bob"))
    report = transfer.import_annotations(window.ctx, folder)
    assert report is not None and report.annotations.added == 2
    message = window.statusBar().currentMessage()
    assert "Imported 2 annotation(s)" in message and "2 item(s) not imported" in message  # an event and an attribute
    assert len(shown) == 1 and "not imported" in shown[0]


def test_a_broken_file_is_named_and_changes_nothing(window, tmp_path, monkeypatch, errors_shown) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "broken.jsonld"
    bad.write_text('{"@context": "http://www.w3.org/ns/anno.jsonld", "type": ', "utf-8")
    monkeypatch.setattr(FileDialogs, "import_annotations", classmethod(lambda cls, parent, folder="": bad))
    window.menus.import_annotations.trigger()
    assert len(errors_shown) == 1 and "broken.jsonld" in errors_shown[0]
    assert window.session.store.annotations() == []
    assert not window.menus.undo.isEnabled()


def test_annotations_csv_exported_by_menu_imports_into_a_fresh_project(  # type: ignore[no-untyped-def]
    window, open_window, tmp_path, monkeypatch, errors_shown
) -> None:
    project = window.session.project
    n = annotate(project)
    target = tmp_path / "annotations.csv"
    monkeypatch.setattr(FileDialogs, "export_csv", classmethod(lambda cls, p, title, suggested: target))
    window.menus.export_annotations.trigger()
    assert target.is_file()
    fresh_path = tmp_path / "fresh.annot"
    Project.create(fresh_path, seeds=True).close()
    fresh = open_window(fresh_path)
    monkeypatch.setattr(FileDialogs, "import_annotations", classmethod(lambda cls, parent, folder="": target))
    fresh.menus.import_annotations.trigger()
    assert errors_shown == []
    assert quotes(fresh.session.project) == quotes(project)
    assert f"Imported {n} annotation(s) from annotations.csv" in fresh.statusBar().currentMessage()


def test_annotations_that_cannot_be_anchored_are_reported(  # type: ignore[no-untyped-def]
    window, open_window, tmp_path, monkeypatch, errors_shown, shown
) -> None:
    n = annotate(window.session.project)
    target = tmp_path / "out.jsonld"
    monkeypatch.setattr(FileDialogs, "export_jsonld", classmethod(lambda cls, parent, suggested: target))
    window.menus.export_jsonld.trigger()
    empty_path = tmp_path / "empty.annot"
    Project.create(empty_path).close()  # none of the documents
    empty = open_window(empty_path)
    monkeypatch.setattr(FileDialogs, "import_annotations", classmethod(lambda cls, parent, folder="": target))
    empty.menus.import_annotations.trigger()
    assert empty.session.store.annotations() == []
    assert f"{n} could not be anchored" in empty.statusBar().currentMessage()
    assert len(shown) == 1 and "could not be anchored" in shown[0]


def test_cancelled_exports_write_nothing(window, tmp_path, monkeypatch, errors_shown) -> None:  # type: ignore[no-untyped-def]
    from annot.core.export import wadm

    annotate(window.session.project)
    monkeypatch.setattr(wadm, "_EVERY", 1)  # ask after every annotation, as for a large project
    real = progress.run_with_progress
    monkeypatch.setattr(
        progress, "run_with_progress", lambda parent, label, work: real(parent, label, lambda p: work(lambda d, t: False))
    )  # the person presses Cancel at the first chance
    target = tmp_path / "out.jsonld"
    folder = tmp_path / "brat"
    monkeypatch.setattr(FileDialogs, "export_jsonld", classmethod(lambda cls, parent, suggested: target))
    monkeypatch.setattr(FileDialogs, "brat_folder", classmethod(lambda cls, parent, title, start="": folder))
    window.menus.export_jsonld.trigger()
    assert not target.exists()
    assert window.statusBar().currentMessage() == "Export cancelled; nothing was written."
    window.menus.export_brat.trigger()
    assert not folder.exists() or not any(folder.iterdir())
    assert window.statusBar().currentMessage() == "Export cancelled; nothing was written."
    assert errors_shown == []
