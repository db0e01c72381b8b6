"""Issue 8 through the window: the real file dialog on the project's folder never drops the
window's locks; CLI writers are refused while it is open; File ▸ Save a copy for a
colleague…; undo of an import beside a refused CLI import. Issue 14: the file dialogs start
in the documents folder and remember the last one; the pane layout is kept per project file
however its path was typed."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QFileInfo
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QFileSystemModel

from annot.core.project import Project
from annot.core.settings import Settings
from annot.gui import app
from annot.gui.dialogs import files
from annot.gui.offsets import OffsetMap

ROOT = Path(__file__).resolve().parents[2]
GETLK = textwrap.dedent(
    """
    import fcntl, os, struct, sys
    fd = os.open(sys.argv[1], os.O_RDWR)
    query = struct.pack("hhqqixxxx", fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0)
    kind, _, _, _, pid = struct.unpack("hhqqixxxx", fcntl.fcntl(fd, fcntl.F_GETLK, query))
    print(0 if kind == fcntl.F_UNLCK else pid)
    """
)


def sqlite_lock_holder(path: Path) -> int:
    """The pid holding an SQLite (POSIX) lock on ``path``, asked from another process."""
    out = subprocess.run([sys.executable, "-c", GETLK, str(path)], capture_output=True, text=True, check=True)
    return int(out.stdout)


def annot(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "annot", *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=120)


def _tag_in_window(window, qtbot, doc_index: int, start: int, end: int, key: str = "1") -> None:  # type: ignore[no-untyped-def]
    """Select [start, end) in the current pane and press a tag's key, as a person would."""
    from PySide6.QtGui import QTextCursor

    frame = window.panes.current()
    text = window.session.store.document_text(frame.document_id())
    mapping = OffsetMap(text)
    editor = frame.pane.editor()
    cursor = QTextCursor(editor.document())
    cursor.setPosition(mapping.to_qt(start))
    cursor.setPosition(mapping.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    editor.setFocus()
    qtbot.keyClick(editor, key)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder with a Documents folder (where the dialogs start the first time)."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    return home


def test_the_real_file_dialog_beside_cli_commands_loses_nothing(window, project_file, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    count = window.session.store.annotation_count
    _tag_in_window(window, qtbot, 0, 0, 8)
    assert count() == 1
    assert sqlite_lock_holder(project_file) == os.getpid()  # SQLite's lock, seen from outside
    listed: list[str] = []

    def browse_then_cancel(dialog: QFileDialog) -> bool:
        """The person looks around the project's folder (every file listed, with its icon
        and type), then cancels."""
        dialog.setDirectory(str(project_file.parent))
        dialog.selectNameFilter("All files (*)")
        dialog.show()
        model = dialog.findChild(QFileSystemModel)
        assert model is not None and model.iconProvider() is not None
        root = model.index(str(project_file.parent))
        qtbot.waitUntil(lambda: model.index(str(project_file)).isValid() and model.rowCount(root) >= 3, timeout=5000)
        qtbot.wait(500)  # the file-info thread fetches icons and types
        for row in range(model.rowCount(root)):
            index = model.index(row, 0, root)
            listed.append(model.fileName(index))
            model.fileIcon(index)
            model.type(index)
        dialog.reject()
        return False

    monkeypatch.setattr(files, "_exec", browse_then_cancel)
    window.menus.import_docs.trigger()  # File ▸ Import documents…, Cancel
    assert project_file.name in listed
    assert sqlite_lock_holder(project_file) == os.getpid()  # still held: nothing sniffed it

    info = annot("info", project_file)
    assert info.returncode == 0 and "annotations 1" in info.stdout
    assert Path(f"{project_file}-wal").exists()  # not deleted under the window
    _tag_in_window(window, qtbot, 0, 10, 18, "2")
    csv = project_file.parent / "more.csv"
    doc_id = window.session.store.documents()[0].id
    csv.write_text(f"document,annotator,start,end,tag\n{doc_id},carol,20,30,claim\n", encoding="utf-8")
    refused = annot("import-annotations", project_file, csv)
    assert refused.returncode == 1
    assert refused.stderr == f"annot: {project_file} is open in annot (pid {os.getpid()}): close it, or merge a copy\n"
    _tag_in_window(window, qtbot, 0, 40, 48, "3")
    made = sorted((a.start, a.end, a.tag_id) for a in window.session.store.annotations())
    assert len(made) == 3
    window.close()
    with Project.open_readonly(project_file) as p:
        assert p.store.integrity_check() == ["ok"]
        assert sorted((a.start, a.end, a.tag_id) for a in p.store.annotations()) == made


def test_the_stock_icon_provider_would_have_dropped_the_lock(tmp_path: Path) -> None:
    """Why the dialogs use their own icon provider: Qt's sniffs the file's type, and the
    close of that descriptor drops this process's SQLite lock (the test's detector works)."""
    f = tmp_path / "sniffed.annot"
    with Project.create(f, seeds=True) as p:
        p.set_annotator("alice")
        p.add_annotation(p.store.documents()[0].id, p.store.tags()[0].id, 0, 4)
        assert sqlite_lock_holder(f) == os.getpid()
        files.SafeIconProvider().type(QFileInfo(str(f)))
        files.SafeIconProvider().icon(QFileInfo(str(f)))
        assert sqlite_lock_holder(f) == os.getpid()
        QFileIconProvider().type(QFileInfo(str(f)))
        assert sqlite_lock_holder(f) == 0


def test_no_file_dialog_bypasses_the_helper() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "annot").rglob("*.py")
        if p.name != "files.py" and "QFileDialog" in p.read_text("utf-8")
    ]
    assert offenders == []


def test_dialogs_start_in_documents_and_remember_the_last_folder(window, home, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    picks = tmp_path / "sources"
    picks.mkdir()
    text = picks / "report.txt"
    text.write_text("A report kept in my sources folder.\n", encoding="utf-8")
    answers: list[list[str]] = [[], [str(text)], []]

    def answer(dialog: QFileDialog) -> bool:
        seen.append(dialog.directory().absolutePath())
        chosen = answers.pop(0)
        if chosen:
            dialog.selectFile(chosen[0])
        return bool(chosen)

    monkeypatch.setattr(files, "_exec", answer)
    window.menus.import_docs.trigger()  # first time: the documents folder
    window.menus.import_docs.trigger()  # the person picks a file in another folder
    assert window.session.store.documents()[-1].filename == "report.txt"
    window.menus.export_claims.trigger()  # the next dialog starts where they were
    assert seen == [str(home / "Documents"), str(home / "Documents"), str(picks)]
    assert str(project_file_parent(window)) not in seen  # never annot's own folder


def project_file_parent(window) -> Path:  # type: ignore[no-untyped-def]
    return Path(window.project_path).resolve().parent


def test_save_a_copy_for_a_colleague(window, home, qtbot, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _tag_in_window(window, qtbot, 0, 0, 8)
    _tag_in_window(window, qtbot, 0, 10, 18, "2")
    target = home / "Documents" / "for-bob.annot"

    def save(dialog: QFileDialog) -> bool:
        assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
        dialog.selectFile(str(target))
        return True

    monkeypatch.setattr(files, "_exec", save)
    made = sorted((a.start, a.end, a.tag_id) for a in window.session.store.annotations())
    assert len(made) == 2
    window.menus.save_copy.trigger()
    assert target.read_bytes()[18:20] == b"\x01\x01"  # one self-contained file
    assert not Path(f"{target}-wal").exists()
    with Project.open_readonly(target) as copy:
        assert sorted((a.start, a.end, a.tag_id) for a in copy.store.annotations()) == made
    shown: list[str] = []
    monkeypatch.setattr(files.QMessageBox, "warning", lambda *a: shown.append(a[2]))
    monkeypatch.setattr(files, "_exec", lambda d: (d.selectFile(str(window.project_path)), True)[1])
    before = window.session.store.annotation_count()
    window.menus.save_copy.trigger()  # the project itself: refused, nothing written
    assert shown and "open in annot" in shown[0]
    assert window.session.store.annotation_count() == before


def test_undo_of_an_import_while_the_cli_is_refused(window, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    report = tmp_path / "new-report.txt"
    report.write_text("Officials said on Monday that the talks would resume.\n", encoding="utf-8")
    monkeypatch.setattr(files, "_exec", lambda d: (d.selectFile(str(report)), True)[1])
    window.menus.import_docs.trigger()
    doc = window.session.store.documents()[-1]
    csv = tmp_path / "two.csv"
    csv.write_text(f"document,annotator,start,end,tag\n{doc.id},carol,0,9,actor\n{doc.id},carol,10,14,claim\n", encoding="utf-8")
    run = annot("import-annotations", window.project_path, csv)
    assert run.returncode == 1 and "is open in annot" in run.stderr
    window.menus.undo.trigger()
    assert [d.id for d in window.session.store.documents()] == [d.id for d in window.session.store.documents()[:5]]
    assert window.documents_model.rowCount() == 5
    window.close()
    gone = annot("import-annotations", window.project_path, csv)
    assert gone.returncode == 1 and "no document" in gone.stderr.lower(), gone.stderr  # that document is gone


def test_pane_layout_is_kept_however_the_path_was_typed(open_window, project_file, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(project_file.parent / "..")
    typed = Path("..") / project_file.parent.parent.name / project_file.parent.name / project_file.name
    first = open_window(typed)
    docs = [d.id for d in first.session.store.documents()]
    first.panes.current().show_document(docs[3])
    first.menus.add_pane.trigger()
    first.panes.current().show_document(docs[4])
    layout = first.panes.documents()
    first.close()
    settings = Settings.load()
    again = app.first_window([], settings)  # `annot`: the last project, by its absolute path
    assert again is not None
    qtbot.addWidget(again)
    assert str(again.project_path) == str(project_file.resolve())
    assert again.panes.documents() == layout
    again.close()


def test_the_open_project_is_never_read_as_a_plain_file(window, project_file, qtbot, monkeypatch, errors_shown) -> None:  # type: ignore[no-untyped-def]
    """Dropping the project (or its -wal) on the window, or choosing it as an export's
    target, is refused: reading or replacing it outside SQLite would drop the locks or
    destroy the project."""
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    _tag_in_window(window, qtbot, 0, 0, 8)
    assert sqlite_lock_holder(project_file) == os.getpid()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(project_file)), QUrl.fromLocalFile(f"{project_file}-wal")])
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    assert window.documents_model.rowCount() == 5
    assert len(errors_shown) == 1 and "is an open annot project" in errors_shown[0]
    assert sqlite_lock_holder(project_file) == os.getpid()
    warned: list[str] = []
    monkeypatch.setattr(files.QMessageBox, "warning", lambda *a: warned.append(a[2]))
    monkeypatch.setattr(files, "_exec", lambda d: (d.selectFile(str(project_file)), True)[1])
    window.menus.export_claims.trigger()
    assert warned and "open in annot" in warned[0]
    window.close()
    with Project.open_readonly(project_file) as p:
        assert p.store.integrity_check() == ["ok"] and p.store.annotation_count() == 1


def test_undo_beside_another_writers_work_is_refused_in_the_window(window, project_file, tmp_path, monkeypatch, errors_shown) -> None:  # type: ignore[no-untyped-def]
    """Another program (here a second store on the file, as an older annot or a script
    would be) annotates the document the window just imported: Undo says why it cannot,
    keeps their work, and the Edit menu no longer offers the step."""
    from annot.core.store import open_store

    report = tmp_path / "fresh.txt"
    report.write_text("Officials said on Monday that the talks would resume.\n", encoding="utf-8")
    monkeypatch.setattr(files, "_exec", lambda d: (d.selectFile(str(report)), True)[1])
    window.menus.import_docs.trigger()
    doc = window.session.store.documents()[-1].id
    with Project(open_store(project_file)) as theirs:
        theirs.set_annotator("bob")
        theirs.add_annotation(doc, theirs.store.tags()[0].id, 0, 9)
    window.menus.undo.trigger()
    assert len(errors_shown) == 1 and "changed by another program" in errors_shown[0]
    assert window.documents_model.rowCount() == 6
    assert window.session.store.annotation_count() == 1
    assert not window.menus.undo.isEnabled() and window.menus.undo.text() == "&Undo"
