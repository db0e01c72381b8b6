"""Date values in the window: a date span tagged by key gets a suggested value relative to
the document's publication date; the tooltip shows it; V edits (confirms) it; undo."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from annot.core.model import Role
from tests.gui import user
from tests.gui.test_window_editing import _open


def test_tagging_a_date_suggests_its_value_and_v_confirms_it(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from annot.gui.dialogs.date_value import DateValueDialog

    pane, doc, text = _open(window, "004_")
    store = window.session.store
    published = date.fromisoformat(store.document_info(doc).published)
    date_tag = next(t for t in store.tags() if t.role == Role.DATE)
    start = text.index("Saturday")
    user.drag_text(window, pane, text, start, start + len("Saturday"))
    user.key(window, date_tag.key)
    (span,) = [a for a in store.annotations(document_id=doc) if a.tag_id == date_tag.id]
    value, status = store.date_value(span.id)
    day = date.fromisoformat(value)
    assert status == "suggested"
    assert day.weekday() == 5 and 0 < (published - day).days <= 7  # the Saturday before
    assert f"value: <b>{value}</b> (suggested)" in pane.tooltip_at(pane.offsets.to_qt(start + 1))

    asked: list[tuple[str, str]] = []

    def ask(cls, parent, current, state, about):  # type: ignore[no-untyped-def]
        asked.append((current, state))
        return "2025-08-16"

    monkeypatch.setattr(DateValueDialog, "ask", classmethod(ask))
    user.key(window, "v")
    assert asked == [(value, "suggested")]
    assert store.date_value(span.id) == ("2025-08-16", "confirmed")
    assert "value: <b>2025-08-16</b> (confirmed)" in pane.tooltip_at(pane.offsets.to_qt(start + 1))
    user.key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.date_value(span.id) == (value, "suggested")


def test_v_on_a_claim_does_nothing(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from annot.gui.dialogs.date_value import DateValueDialog

    pane, doc, text = _open(window, "004_")
    claim_tag = next(t for t in window.session.store.tags() if t.role == Role.CLAIM)
    start = text.index("Prime Minister")
    user.drag_text(window, pane, text, start, start + len("Prime Minister"))
    user.key(window, claim_tag.key)
    assert pane.selected_span() is not None  # the new claim is selected: V reaches it
    monkeypatch.setattr(DateValueDialog, "ask", classmethod(lambda *a: (_ for _ in ()).throw(AssertionError("asked"))))
    user.key(window, "v")
    (claim,) = window.session.store.annotations(document_id=doc)
    assert window.session.store.date_value(claim.id) is None
