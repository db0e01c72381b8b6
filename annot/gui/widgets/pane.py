"""A reading pane: the view of one document (:mod:`annot.gui.widgets.pane_view`) with its input
controller (:mod:`annot.gui.widgets.pane_input`).

The view shows the document and follows the session's change reports; the controller turns
keys, clicks and drags into the core's commands and hands linking to the window's one
:class:`~annot.gui.linking.Linking` mode (a pane made on its own gets a mode of its own).
The dependency goes one way: controller → view.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from annot.core.model import Annotation, AnnotationId, LinkId, LinkKind, TagId
from annot.gui.linking import Linking
from annot.gui.session import Session
from annot.gui.widgets.pane_input import PaneInput
from annot.gui.widgets.pane_view import PaneView


class ReadingPane(PaneView):
    """A :class:`PaneView` with its :class:`PaneInput`; the shell's entry points (the
    toolbar's tag buttons, the context menu) reach the controller through these few methods."""

    def __init__(
        self, session: Session, parent: QWidget | None = None, *, linking: Linking | None = None
    ) -> None:
        super().__init__(session, parent)
        self.input = PaneInput(self, linking if linking is not None else Linking(session, self))

    def tag_selection(self, tag_id: TagId) -> Annotation | None:
        return self.input.tag_selection(tag_id)

    def delete_selected(self) -> None:
        self.input.delete_selected()

    def edit_note(self) -> None:
        self.input.edit_note()

    def link_selected(self, kind: LinkKind) -> None:
        self.input.link_selected(kind)

    def link_removals(self, ann_id: AnnotationId) -> list[tuple[str, LinkId]]:
        return self.input.link_removals(ann_id)

    def remove_link(self, link_id: LinkId, *_checked: object) -> None:
        self.input.remove_link(link_id)

    def linking(self) -> tuple[LinkKind | None, AnnotationId] | None:
        """(kind asked for, claim) while the linking mode waits for a target from this pane."""
        mode = self.input.linking
        return mode.state() if mode.source_view is self else None
