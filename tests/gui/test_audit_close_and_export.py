"""File ▸ Export claims CSV onto the open project file: refused with a message, and the
project (its documents and annotations) is intact afterwards (it used to be replaced by
the CSV)."""

from __future__ import annotations

from annot.core.project import Project
from annot.gui.dialogs.files import FileDialogs


def test_export_claims_onto_the_open_project_is_refused(open_window, project_file, monkeypatch, errors_shown) -> None:  # type: ignore[no-untyped-def]
    window = open_window(project_file)
    session = window.session
    doc = session.store.documents()[0]
    claim = next(t for t in session.store.tags() if t.name == "claim")
    from annot.core.annotations import AddAnnotation

    session.run(AddAnnotation(doc.id, claim.id, session.project.annotator_id, 3, 21))
    monkeypatch.setattr(FileDialogs, "export_csv", classmethod(lambda cls, p, title, suggested: project_file))
    window.menus.export_claims.trigger()
    assert any("project file itself" in m for m in errors_shown)
    window.close()
    with Project.open(project_file) as p:
        assert len(p.store.documents()) == 5
        assert [a.quote for a in p.store.annotations()] == ["September 29, 2025"]


def test_closing_right_after_an_action_raises_nothing(open_window, project_file, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The documents and codebook docks recount on a 0 ms timer; closing the window before it
    fired used to raise "Cannot operate on a closed database" from the event loop."""
    from annot.core.annotations import AddAnnotation

    window = open_window(project_file)
    session = window.session
    doc = session.store.documents()[0]
    claim = next(t for t in session.store.tags() if t.name == "claim")
    session.run(AddAnnotation(doc.id, claim.id, session.project.annotator_id, 3, 21))
    window.close()
    qtbot.wait(50)  # let the queued timers fire (pytest-qt fails on an exception there)
    with Project.open(project_file) as p:
        assert [a.quote for a in p.store.annotations()] == ["September 29, 2025"]
