"""The pane's "Date value…" action (key V on a selected date span)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annot.core.date_values import SetDateValue
from annot.gui.dialogs.date_value import DateValueDialog
from annot.gui.widgets.tooltips import short

if TYPE_CHECKING:
    from annot.gui.widgets.pane_input import PaneInput


def edit_date_value(control: PaneInput) -> None:
    """Ask for the selected date span's value; OK confirms it (one undo step)."""
    view = control.view
    span = view.selected_span()
    if span is None:
        return
    value, status = view.session.store.date_value(span.id) or ("", "none yet")
    about = f"“{short(view.quote(span), 60)}”"
    chosen = DateValueDialog.ask(view, value, status, about)
    if chosen is not None:
        control.run(SetDateValue(span.id, chosen))
