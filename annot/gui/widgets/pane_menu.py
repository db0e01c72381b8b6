"""A reading pane's context menu: tag or retag, note, links, delete (the input controller's
actions on the selected text or annotation)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu

from annot.core.model import LinkKind, Role

if TYPE_CHECKING:
    from annot.gui.widgets.pane_input import PaneInput


def show_context_menu(control: PaneInput, point: QPoint) -> None:
    view = control.view
    editor = view.editor()
    menu: QMenu = editor.createStandardContextMenu()
    has_text = editor.textCursor().hasSelection()
    span = view.selected_span()
    tags = view.tags()
    if tags and (has_text or span is not None):
        menu.addSeparator()
        for tag in tags:
            label = f"Tag as {tag.name}" if has_text else f"Change tag to {tag.name}"
            action = menu.addAction(f"{label}\t{tag.key}" if tag.key else label)
            action.triggered.connect(lambda _=False, t=tag.id: control.tag_or_retag(t))
    if span is not None:
        role = view.role(span.tag_id)
        menu.addSeparator()
        menu.addAction("Edit note…\tN", control.edit_note)
        if role == Role.CLAIM:
            menu.addAction("Said by actor…\tA", lambda: control.link_selected(LinkKind.SAID_BY))
            menu.addAction("Dated…\tD", lambda: control.link_selected(LinkKind.DATED))
        if role == Role.ACTOR:
            from annot.gui.widgets.actor_pick import pick_actor

            menu.addAction("Actor…\tI", lambda: pick_actor(control))
        if role == Role.DATE:
            from annot.gui.widgets.date_value import edit_date_value

            menu.addAction("Date value…\tV", lambda: edit_date_value(control))
        removable = control.link_removals(span.id)
        if removable:
            sub = menu.addMenu("Remove link")
            for text, link_id in removable:
                action = sub.addAction(text)
                action.triggered.connect(partial(control.remove_link, link_id))
        menu.addAction("Delete annotation\tDel", control.delete_selected)
    menu.exec(editor.viewport().mapToGlobal(point))
