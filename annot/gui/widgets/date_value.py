"""The pane's "Date value…" action (key V on a selected date span)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annot.core.date_values import SetDateValue
from annot.gui.dialogs.date_value import DateValueDialog
from annot.gui.widgets.tooltips import short

if TYPE_CHECKING:
    from annot.gui.widgets.pane import ReadingPane


def edit_date_value(pane: ReadingPane) -> None:
    """Ask for the selected date span's value; OK confirms it (one undo step)."""
    span = pane.selected_span()
    if span is None:
        return
    value, status = pane.session.store.date_value(span.id) or ("", "none yet")
    about = f"“{short(pane._text[span.start : span.end], 60)}”"
    chosen = DateValueDialog.ask(pane, value, status, about)
    if chosen is not None:
        pane._run(SetDateValue(span.id, chosen))
