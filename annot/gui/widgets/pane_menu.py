"""A reading pane's context menu: tag or retag, note, links, delete."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu

from annot.core.model import LinkKind, Role

if TYPE_CHECKING:
    from annot.gui.widgets.pane import ReadingPane


def show_context_menu(pane: ReadingPane, point: QPoint) -> None:
    editor = pane.editor()
    menu: QMenu = editor.createStandardContextMenu()
    has_text = editor.textCursor().hasSelection()
    span = pane.selected_span()
    tags = pane.session.tags()
    if tags and (has_text or span is not None):
        menu.addSeparator()
        for tag in tags:
            label = f"Tag as {tag.name}" if has_text else f"Change tag to {tag.name}"
            action = menu.addAction(f"{label}\t{tag.key}" if tag.key else label)
            action.triggered.connect(lambda _=False, t=tag.id: pane._tag_or_retag(t))
    if span is not None:
        menu.addSeparator()
        menu.addAction("Edit note…\tN", pane.edit_note)
        if pane._role(span.tag_id) == Role.CLAIM:
            menu.addAction("Said by actor…\tA", lambda: pane.link_selected(LinkKind.SAID_BY))
            menu.addAction("Dated…\tD", lambda: pane.link_selected(LinkKind.DATED))
        if pane._role(span.tag_id) == Role.ACTOR:
            from annot.gui.widgets.actor_pick import pick_actor

            menu.addAction("Actor…\tI", lambda: pick_actor(pane))
        if pane._role(span.tag_id) == Role.DATE:
            from annot.gui.widgets.date_value import edit_date_value

            menu.addAction("Date value…\tV", lambda: edit_date_value(pane))
        removable = pane.link_removals(span.id)
        if removable:
            sub = menu.addMenu("Remove link")
            for text, link_id in removable:
                action = sub.addAction(text)
                action.triggered.connect(partial(pane.remove_link, link_id))
        menu.addAction("Delete annotation\tDel", pane.delete_selected)
    menu.exec(editor.viewport().mapToGlobal(point))
