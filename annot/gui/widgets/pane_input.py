"""A reading pane's input controller: what the keys, clicks, drags and the context menu do.

It acts on a :class:`~annot.gui.widgets.pane_view.PaneView` through the view's public methods
(the view knows nothing of it) and changes the project only through ``session.run(command)``
with the core's commands: tag the selected text, retag, delete, move a span's ends, edit its
note, link a claim to its actor or date. Linking itself is the window's one mode
(:class:`~annot.gui.linking.Linking`): this controller starts it (``A``, ``D``) and hands it
the clicks and new spans while it waits for a target, in this pane or another.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from annot.core import annotations as ops
from annot.core.errors import AnnotError, NotFound, ValidationError
from annot.core.history import Command
from annot.core.model import Annotation, AnnotationId, LinkId, LinkKind, Role, TagId
from annot.gui import errors
from annot.gui.dialogs.note import NoteDialog
from annot.gui.dialogs.others import OthersSpanDialog
from annot.gui.dialogs.picker import IN_TEXT, SpanPicker
from annot.gui.linking import Linking
from annot.gui.session import Session
from annot.gui.widgets.pane_view import PaneView
from annot.gui.widgets.spans import Span
from annot.gui.widgets.tooltips import short

TARGET_ROLE = {LinkKind.SAID_BY: Role.ACTOR, LinkKind.DATED: Role.DATE}


def show_error(parent: QWidget, exc: AnnotError) -> None:
    """Tell the user what went wrong, through the window's one error dialog (tests patch
    this name to collect the messages)."""
    errors.show_error(parent, exc)


class PaneInput(QObject):
    def __init__(self, view: PaneView, linking: Linking) -> None:
        super().__init__(view)
        self.view = view
        self.linking = linking
        self._cycle: tuple[int, list[AnnotationId], int] | None = None  # repeated clicks
        self._agreed: AnnotationId | None = None  # a colleague's span the user agreed to change
        editor = view.editor()
        editor.installEventFilter(self)
        editor.clicked.connect(self.handle_click)
        editor.boundsDragged.connect(self.move_selected_bounds_qt)
        editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        editor.customContextMenuRequested.connect(self._context_menu)
        view.annotationSelected.connect(self._selected)
        view.documentShown.connect(self._document_shown)

    @property
    def session(self) -> Session:
        return self.view.session

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and watched is self.view.editor():
            assert isinstance(event, QKeyEvent)
            return self.handle_key(event)
        return False

    def _selected(self, ann_id: AnnotationId | None) -> None:
        self._agreed = None
        self.linking.selected(self.view, ann_id)

    def _document_shown(self, _doc: object) -> None:
        self._cycle = None

    # -- tagging ----------------------------------------------------------------------------

    def tag_selection(self, tag_id: TagId) -> Annotation | None:
        """Tag the selected text (snapped to words if the view says so); the new
        annotation, or None when nothing is selected or the core refuses."""
        view = self.view
        doc, bounds = view.document_id(), view.selected_text()
        if doc is None or bounds is None:
            return None
        try:
            annotator = self.session.project.annotator_id
        except AnnotError as exc:
            show_error(view, exc)
            return None
        command = ops.AddAnnotation(doc, tag_id, annotator, *bounds)
        if not self.run(command) or command.annotation is None:
            return None
        editor = view.editor()
        cursor = editor.textCursor()
        cursor.clearSelection()
        editor.setTextCursor(cursor)
        view.select_annotation(command.annotation.id, scroll=False, flash=False)
        if self.linking.active:
            self.linking.tagged(view, command.annotation.id)
        return command.annotation

    def tag_or_retag(self, tag_id: TagId) -> None:
        view = self.view
        if view.editor().textCursor().hasSelection():
            self.tag_selection(tag_id)
            return
        span = view.selected_span()
        if (
            span is not None
            and span.tag_id != tag_id
            and self.may_change(span, f"change its tag to {view.tag_name(tag_id)}")
        ):
            self.run(ops.ChangeTag(span.id, tag_id=tag_id))

    def delete_selected(self) -> None:
        span = self.view.selected_span()
        if span is not None and self.may_change(span, "delete it"):
            self.run(ops.DeleteAnnotations([span.id]))

    def move_selected_bounds_qt(self, qstart: int, qend: int) -> None:
        span = self.view.selected_span()
        if span is not None:
            start, end = self.view.offsets.span_from_qt(qstart, qend)
            self._change_bounds(span, start, end)

    def _change_bounds(self, span: Span, start: int, end: int) -> None:
        start, end = max(0, start), min(len(self.view.text), end)
        if start >= end or (start, end) == (span.start, span.end):
            return
        if self.may_change(span, "move its boundaries"):
            self.run(ops.ChangeBounds(span.id, start=start, end=end))

    def edit_note(self) -> None:
        view = self.view
        span = view.selected_span()
        if span is None:
            return
        try:
            current = self.session.store.annotation(span.id).note
        except AnnotError as exc:
            show_error(view, exc)
            return
        about = f"the {view.tag_name(span.tag_id)} “{short(view.quote(span), 60)}”"
        if span.annotator_id != view.own_id():
            about += f" by {view.annotator_name(span.annotator_id)}"
        note = NoteDialog.ask(view, current, about)
        if note is not None and note != current:
            self.run(ops.EditNote(span.id, note=note))

    # -- linking a claim to its actor or date -------------------------------------------------

    def link_selected(self, kind: LinkKind) -> None:
        """Link the selected claim to an actor (SAID_BY) or a date (DATED) of this document:
        pick one from a list, or start the window's linking mode to click or tag it."""
        view = self.view
        span = view.selected_span()
        if span is None:
            return
        if view.role(span.tag_id) != Role.CLAIM:
            show_error(
                view, ValidationError("select a claim first, then press A (actor) or D (date)")
            )
            return
        role, word = TARGET_ROLE[kind], TARGET_ROLE[kind].value
        targets = [s for s in view.index.spans.values() if view.role(s.tag_id) == role]
        if not targets:
            self.linking.start(view, kind)
            return
        targets.sort(key=lambda s: (abs(s.start - span.start), s.start))
        items = [(self._picker_label(s, span), s.id) for s in targets]
        chosen = SpanPicker.ask(
            view, f"Choose the {word}", f"The {word} of “{short(view.quote(span))}”:", items
        )
        if chosen == IN_TEXT:
            self.linking.start(view, kind)
        elif chosen is not None:
            self.run(ops.AddLink(kind, span.id, chosen))

    def _picker_label(self, s: Span, claim: Span) -> str:
        if s.start >= claim.start and s.end <= claim.end:
            where = "inside"
        else:
            where = "before" if s.start < claim.start else "after"
        return f"{short(self.view.quote(s))}   ({where} the claim)"

    def link_removals(self, ann_id: AnnotationId) -> list[tuple[str, LinkId]]:
        """The links of an annotation, each as (menu text, link id), for "Remove link"."""
        store = self.session.store
        out: list[tuple[str, LinkId]] = []
        for link in store.links_of(ann_id):
            other = link.target_id if link.source_id == ann_id else link.source_id
            try:
                quote = store.annotation(other).quote
            except NotFound:
                continue
            out.append((f"{link.kind.value.replace('_', ' ')} “{short(quote, 40)}”", link.id))
        return out

    def remove_link(self, link_id: LinkId, *_checked: object) -> None:
        """Remove one link (one undo step)."""
        self.run(ops.RemoveLink(link_id))

    # -- mouse and keys -----------------------------------------------------------------------

    def handle_click(self, qpos: int) -> None:
        """A click at Qt position ``qpos``: a target while linking; otherwise select the span
        there, cycling through overlapping spans on repeated clicks."""
        view = self.view
        spans = view.index.at(qpos)
        if self.linking.active and self.linking.clicked(view, spans):
            return
        ids = [s.id for s in spans]
        if not ids:
            self._cycle = None
            view.select_annotation(None, scroll=False, flash=False)
            return
        if self._cycle is not None and self._cycle[0] == qpos and self._cycle[1] == ids:
            i = (self._cycle[2] + 1) % len(ids)
        else:
            i = 0
        self._cycle = (qpos, ids, i)
        view.select_annotation(ids[i], scroll=False, flash=False)

    def handle_key(self, event: QKeyEvent) -> bool:
        """Handle a key pressed in the view's editor; False lets the editor have it."""
        view = self.view
        key, mods = event.key(), event.modifiers()
        M = Qt.KeyboardModifier
        span = view.selected_span()
        if (
            mods & M.AltModifier
            and key in (Qt.Key.Key_Left, Qt.Key.Key_Right)
            and span is not None
            and not mods & (M.ControlModifier | M.MetaModifier)
        ):
            step = -1 if key == Qt.Key.Key_Left else 1
            if mods & M.ShiftModifier:
                self._change_bounds(span, span.start, span.end + step)
            else:
                self._change_bounds(span, span.start + step, span.end)
            return True
        if mods & (M.ControlModifier | M.AltModifier | M.MetaModifier):
            return False
        if key == Qt.Key.Key_Escape:
            view.clear_selection()
            return True
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            view.select_next(backwards=key == Qt.Key.Key_Backtab or bool(mods & M.ShiftModifier))
            return True
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_selected()
            return True
        text = event.text()
        tag = next((t for t in view.tags() if text and t.key == text), None)
        if tag is not None:
            self.tag_or_retag(tag.id)
            return True
        lower = text.lower()
        role = view.role(span.tag_id) if span is not None else None
        if lower == "n" and span is not None:
            self.edit_note()
            return True
        if lower == "v" and role == Role.DATE:
            from annot.gui.widgets.date_value import edit_date_value

            edit_date_value(self)
            return True
        if lower == "i" and role == Role.ACTOR:
            from annot.gui.widgets.actor_pick import pick_actor

            pick_actor(self)
            return True
        if lower in ("a", "d") and span is not None:
            self.link_selected(LinkKind.SAID_BY if lower == "a" else LinkKind.DATED)
            return True
        return False

    # -- helpers ------------------------------------------------------------------------------

    def run(self, command: Command) -> bool:
        try:
            self.session.run(command)
        except AnnotError as exc:
            show_error(self.view, exc)
            return False
        return True

    def may_change(self, span: Span, what: str) -> bool:
        """Whether ``span`` may be changed: one's own always; a colleague's only after the
        user agreed (asked once per selected span: Alt+→ pressed five times asks once)."""
        view = self.view
        if span.annotator_id == view.own_id() or self._agreed == span.id:
            return True
        if not OthersSpanDialog.ask(view, view.annotator_name(span.annotator_id), what):
            return False
        self._agreed = span.id
        return True

    def _context_menu(self, point: QPoint) -> None:
        from annot.gui.widgets.pane_menu import show_context_menu

        show_context_menu(self, point)
