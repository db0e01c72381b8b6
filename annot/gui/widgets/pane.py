"""A reading pane: one document's title, outlet and date above its highlighted text.

Every change goes through ``session.run(command)`` with the core's commands; the pane refreshes
from ``session.changed`` and, when it can tell which annotations the last command touched,
re-reads only those and repaints only their blocks.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from annot.core import annotations as ops
from annot.core.errors import AnnotError, NotFound, ValidationError
from annot.core.history import Command
from annot.core.model import (
    Annotation,
    AnnotationId,
    AnnotatorId,
    Changes,
    DocumentId,
    LinkId,
    LinkKind,
    Role,
    Status,
    Tag,
    TagId,
)
from annot.gui import errors
from annot.gui.dialogs.note import NoteDialog
from annot.gui.dialogs.others import OthersSpanDialog
from annot.gui.dialogs.picker import IN_TEXT, SpanPicker
from annot.gui.offsets import OffsetMap
from annot.gui.session import Session
from annot.gui.widgets.actor_pick import pick_actor
from annot.gui.widgets.date_value import edit_date_value
from annot.gui.widgets.editor import AnnotEditor
from annot.gui.widgets.highlighter import FALLBACK_COLOUR, SpanHighlighter
from annot.gui.widgets.spans import Span, SpanIndex, SpanRow, snap_to_words
from annot.gui.widgets.tooltips import short, span_tooltip

_TARGET_ROLE = {LinkKind.SAID_BY: Role.ACTOR, LinkKind.DATED: Role.DATE}


def show_error(parent: QWidget, exc: AnnotError) -> None:
    """Tell the user what went wrong, through the window's one error dialog (tests patch
    this name to collect the messages)."""
    errors.show_error(parent, exc)


class ReadingPane(QWidget):
    annotationSelected = Signal(object)  # AnnotationId | None

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.snap_to_words = True
        self._doc_id: DocumentId | None = None
        self._text = ""
        self.offsets = OffsetMap("")
        self.index: SpanIndex = SpanIndex(self.offsets)
        self._selected: AnnotationId | None = None
        self._annotators: set[AnnotatorId] | None = None
        self._tags: dict[TagId, Tag] = {}
        self._names: dict[AnnotatorId, str] = {}
        self._cycle: tuple[int, list[AnnotationId], int] | None = None
        self._linking: tuple[LinkKind, AnnotationId] | None = None  # waiting for the target
        self._agreed: AnnotationId | None = None  # a colleague's span the user agreed to change

        self._title = QLabel()
        self._title.setObjectName("paneTitle")
        self._title.setWordWrap(True)
        font = QFont(self._title.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self._title.setFont(font)
        self._meta = QLabel()
        self._meta.setObjectName("paneMeta")
        meta_palette = self._meta.palette()
        meta_palette.setColor(
            QPalette.ColorRole.WindowText, meta_palette.color(QPalette.ColorRole.PlaceholderText)
        )
        self._meta.setPalette(meta_palette)
        self._editor = AnnotEditor(self)
        self._editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._editor.customContextMenuRequested.connect(self._context_menu)
        text_font = QFont(self._editor.font())
        text_font.setPointSizeF(max(text_font.pointSizeF(), 10.0) * 1.15)
        self._editor.setFont(text_font)
        self._editor.document().setDocumentMargin(10)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(2)
        layout.addWidget(self._title)
        layout.addWidget(self._meta)
        self._banner = QLabel()
        self._banner.setObjectName("paneLinking")
        self._banner.setWordWrap(True)
        self._banner.setStyleSheet(
            "background: #fff4c2; border: 1px solid #e0c56e; border-radius: 3px; padding: 3px;"
        )
        self._banner.hide()
        layout.addWidget(self._banner)
        layout.addWidget(self._editor, 1)

        base = self._editor.palette().color(QPalette.ColorRole.Base)
        self.highlighter = SpanHighlighter(self._editor.document(), self.index, base)
        self._load_codebook()
        session.changed.connect(self._on_changed)

    # -- public interface ---------------------------------------------------------------------

    def editor(self) -> QPlainTextEdit:
        return self._editor

    def document_id(self) -> DocumentId | None:
        return self._doc_id

    def selected_annotation(self) -> AnnotationId | None:
        return self._selected

    def show_document(self, doc_id: DocumentId | None) -> None:
        """Show this document (or nothing) with its annotations."""
        store = self.session.store
        self._doc_id = doc_id
        self._cycle = None
        self._stop_linking()
        had_selection = self._selected is not None
        self._selected = None
        if doc_id is None:
            self._text = ""
            self._title.setText("")
            self._meta.setText("")
        else:
            doc = store.document(doc_id)
            self._text = doc.text
            self._show_header()
        self.offsets = OffsetMap(self._text)
        self.index = SpanIndex(self.offsets)
        if doc_id is not None:
            self.index.load(self._query())
        self.highlighter.set_index(self.index)
        self._editor.setPlainText(self._text)
        self.highlighter.reset()
        self.highlighter.rehighlight()
        self._editor.invalidate_lanes()
        if had_selection:
            self.annotationSelected.emit(None)

    def select_annotation(
        self, ann_id: AnnotationId | None, *, scroll: bool = True, flash: bool = True
    ) -> None:
        span = self.index.get(ann_id)
        new = span.id if span is not None else None
        changed = new != self._selected
        old = self.selected_span()
        if old is not None and changed:
            self._editor.update_span(old.qstart, old.qend)
        self._selected = new
        if changed:
            self._agreed = None
        if span is not None and scroll:
            cursor = self._editor.textCursor()
            cursor.setPosition(span.qstart)
            self._editor.setTextCursor(cursor)
            self._editor.centerCursor()
        if span is not None and flash:
            self._editor.flash()
        if span is not None:
            self._editor.update_span(span.qstart, span.qend)
        if changed:
            self.annotationSelected.emit(new)

    def tag_selection(self, tag_id: TagId) -> Annotation | None:
        """Tag the selected text (snapped to words if :attr:`snap_to_words`); the new
        annotation, or None when nothing is selected or the core refuses."""
        if self._doc_id is None:
            return None
        cursor = self._editor.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self.offsets.span_from_qt(cursor.selectionStart(), cursor.selectionEnd())
        if self.snap_to_words:
            start, end = snap_to_words(self._text, start, end)
        if start >= end:
            return None
        try:
            annotator = self.session.project.annotator_id
        except AnnotError as exc:
            show_error(self, exc)
            return None
        command = ops.AddAnnotation(self._doc_id, tag_id, annotator, start, end)
        if not self._run(command) or command.annotation is None:
            return None
        cursor.clearSelection()
        self._editor.setTextCursor(cursor)
        self.select_annotation(command.annotation.id, scroll=False, flash=False)
        if self._linking is not None and self._role(tag_id) == _TARGET_ROLE[self._linking[0]]:
            self._finish_linking(command.annotation.id)
        return command.annotation

    def zoom(self, steps: int) -> None:
        if steps > 0:
            self._editor.zoomIn(steps)
        elif steps < 0:
            self._editor.zoomOut(-steps)
        self._editor.invalidate_lanes()
        self._editor.viewport().update()

    def set_annotator_filter(self, ids: set[AnnotatorId] | None) -> None:
        """Show only these annotators' spans (None: everyone's)."""
        self._annotators = set(ids) if ids is not None else None
        self._reload_spans()

    # -- helpers for the editor -----------------------------------------------------------------

    def selected_span(self) -> Span | None:
        return self.index.get(self._selected)

    def colour_of(self, tag_id: TagId) -> str:
        tag = self._tags.get(tag_id)
        return tag.colour if tag is not None else FALLBACK_COLOUR

    def handle_click(self, qpos: int) -> None:
        """A click at Qt position ``qpos``: select the span there, cycling on repeated clicks."""
        spans = self.index.at(qpos)
        if self._linking is not None:
            wanted = _TARGET_ROLE[self._linking[0]]
            target = next((s for s in spans if self._role(s.tag_id) == wanted), None)
            if target is not None:
                self._finish_linking(target.id)
                return
        ids = [s.id for s in spans]
        if not ids:
            self._cycle = None
            self.select_annotation(None, scroll=False, flash=False)
            return
        if self._cycle is not None and self._cycle[0] == qpos and self._cycle[1] == ids:
            i = (self._cycle[2] + 1) % len(ids)
        else:
            i = 0
        self._cycle = (qpos, ids, i)
        self.select_annotation(ids[i], scroll=False, flash=False)

    def handle_key(self, event: QKeyEvent) -> bool:
        """Handle a key pressed in the editor; False lets the editor have it."""
        key, mods = event.key(), event.modifiers()
        M = Qt.KeyboardModifier
        span = self.selected_span()
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
            self._stop_linking()
            cursor = self._editor.textCursor()
            cursor.clearSelection()
            self._editor.setTextCursor(cursor)
            self.select_annotation(None, scroll=False, flash=False)
            return True
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.select_next(backwards=key == Qt.Key.Key_Backtab or bool(mods & M.ShiftModifier))
            return True
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_selected()
            return True
        text = event.text()
        tag = self._tag_for_key(text)
        if tag is not None:
            self._tag_or_retag(tag.id)
            return True
        lower = text.lower()
        if lower == "n" and span is not None:
            self.edit_note()
            return True
        if lower == "v" and span is not None and self._role(span.tag_id) == Role.DATE:
            edit_date_value(self)
            return True
        if lower == "i" and span is not None and self._role(span.tag_id) == Role.ACTOR:
            pick_actor(self)
            return True
        if lower in ("a", "d") and span is not None:
            self.link_selected(LinkKind.SAID_BY if lower == "a" else LinkKind.DATED)
            return True
        return False

    def select_next(self, *, backwards: bool = False) -> None:
        """Select the annotation after (before) the selected one, or after the caret."""
        current = self.selected_span()
        if current is not None:
            ref: tuple[int, int, str] = (current.qstart, current.qend, current.id)
        else:
            pos = self._editor.textCursor().position()
            ref = (pos, -1, "") if not backwards else (pos, 1 << 62, "")
        offsets = self.offsets
        blocks = (
            range(offsets.block_of(ref[0]), -1, -1)
            if backwards
            else range(offsets.block_of(ref[0]), offsets.block_count)
        )
        for n in blocks:
            keys = [(s.qstart, s.qend, s.id) for s in self.index.in_block(n)]
            found = [k for k in keys if (k < ref if backwards else k > ref)]
            if found:
                best = max(found) if backwards else min(found)
                self.select_annotation(AnnotationId(best[2]), scroll=True, flash=False)
                return

    def snapped_bounds_qt(self, edge: str, qstart: int, qend: int) -> tuple[int, int]:
        """Bounds (Qt positions) while an end of the selected span is dragged: the moved end
        (``edge`` "start" or "end") snapped to a word boundary like a selection."""
        if not self.snap_to_words:
            return qstart, qend
        start, end = self.offsets.span_from_qt(qstart, qend)
        s, e = snap_to_words(self._text, start, end)
        if s >= e:
            return qstart, qend
        start, end = (s, end) if edge == "start" else (start, e)
        return self.offsets.to_qt(start), self.offsets.to_qt(end)

    def delete_selected(self) -> None:
        span = self.selected_span()
        if span is not None and self._may_change(span, "delete it"):
            self._run(ops.DeleteAnnotations([span.id]))

    def move_selected_bounds_qt(self, qstart: int, qend: int) -> None:
        span = self.selected_span()
        if span is not None:
            start, end = self.offsets.span_from_qt(qstart, qend)
            self._change_bounds(span, start, end)

    def tooltip_at(self, qpos: int) -> str:
        """The tooltip (HTML) of the spans at Qt position ``qpos``, or "" if none."""
        return span_tooltip(
            self.session.store,
            self.index.at(qpos),
            lambda t: self._tags[t].name if t in self._tags else "?",
            self.colour_of,
            self._annotator_name,
        )

    def edit_note(self) -> None:
        span = self.selected_span()
        if span is None:
            return
        try:
            current = self.session.store.annotation(span.id).note
        except AnnotError as exc:
            show_error(self, exc)
            return
        about = f"the {self._tag_name(span.tag_id)} “{short(self._text[span.start : span.end], 60)}”"
        if span.annotator_id != self._own_id():
            about += f" by {self._annotator_name(span.annotator_id)}"
        note = NoteDialog.ask(self, current, about)
        if note is not None and note != current:
            self._run(ops.EditNote(span.id, note=note))

    def link_selected(self, kind: LinkKind) -> None:
        """Link the selected claim to an actor (SAID_BY) or a date (DATED) of this document."""
        span = self.selected_span()
        if span is None:
            return
        claim = self._tags.get(span.tag_id)
        if claim is None or claim.role != Role.CLAIM:
            show_error(
                self, ValidationError("select a claim first, then press A (actor) or D (date)")
            )
            return
        role, word = _TARGET_ROLE[kind], _TARGET_ROLE[kind].value
        targets = [s for s in self.index.spans.values() if self._role(s.tag_id) == role]
        if not targets:
            self._start_linking(kind, span)
            return
        targets.sort(key=lambda s: (abs(s.start - span.start), s.start))
        items = [(self._picker_label(s, span), s.id) for s in targets]
        chosen = SpanPicker.ask(
            self,
            f"Choose the {word}",
            f"The {word} of “{short(self._text[span.start : span.end])}”:",
            items,
        )
        if chosen == IN_TEXT:
            self._start_linking(kind, span)
        elif chosen is not None:
            self._run(ops.AddLink(kind, span.id, chosen))

    def linking(self) -> tuple[LinkKind, AnnotationId] | None:
        """(kind, claim) while the pane waits for the user to click or tag the target."""
        return self._linking

    def _start_linking(self, kind: LinkKind, claim: Span) -> None:
        word = _TARGET_ROLE[kind].value
        key = next(
            (t.key for t in self._tags.values() if t.role == _TARGET_ROLE[kind] and t.key), ""
        )
        how = f", or select its words and press {key}" if key else ""
        self._linking = (kind, claim.id)
        self._banner.setText(
            f"Click the {word} of “{short(self._text[claim.start : claim.end], 40)}”{how}."
            " Esc cancels."
        )
        self._banner.show()

    def _stop_linking(self) -> None:
        self._linking = None
        self._banner.hide()

    def _finish_linking(self, target: AnnotationId) -> None:
        assert self._linking is not None
        kind, claim = self._linking
        self._stop_linking()
        if self._run(ops.AddLink(kind, claim, target)):
            self.select_annotation(claim, scroll=False, flash=True)

    # -- internals --------------------------------------------------------------------------------

    def _run(self, command: Command) -> bool:
        try:
            self.session.run(command)
        except AnnotError as exc:
            show_error(self, exc)
            return False
        return True

    def _change_bounds(self, span: Span, start: int, end: int) -> None:
        start, end = max(0, start), min(len(self._text), end)
        if start >= end or (start, end) == (span.start, span.end):
            return
        if self._may_change(span, "move its boundaries"):
            self._run(ops.ChangeBounds(span.id, start=start, end=end))

    def _own_id(self) -> AnnotatorId | None:
        try:
            return self.session.project.annotator_id
        except AnnotError:
            return None

    def _may_change(self, span: Span, what: str) -> bool:
        """Whether ``span`` may be changed: one's own always; a colleague's only after the
        user agreed (asked once per selected span: Alt+→ pressed five times asks once)."""
        if span.annotator_id == self._own_id() or self._agreed == span.id:
            return True
        if not OthersSpanDialog.ask(self, self._annotator_name(span.annotator_id), what):
            return False
        self._agreed = span.id
        return True

    def _tag_name(self, tag_id: TagId) -> str:
        tag = self._tags.get(tag_id)
        return tag.name if tag is not None else "annotation"

    def _tag_for_key(self, text: str) -> Tag | None:
        if not text:
            return None
        for tag in self._tags.values():
            if tag.key and tag.key == text:
                return tag
        return None

    def _role(self, tag_id: TagId) -> Role | None:
        tag = self._tags.get(tag_id)
        return tag.role if tag is not None else None

    def _picker_label(self, s: Span, claim: Span) -> str:
        if s.start >= claim.start and s.end <= claim.end:
            where = "inside"
        else:
            where = "before" if s.start < claim.start else "after"
        return f"{short(self._text[s.start : s.end])}   ({where} the claim)"

    def _annotator_name(self, annotator_id: AnnotatorId) -> str:
        name = self._names.get(annotator_id)
        if name is None:
            self._names = {a.id: a.name for a in self.session.store.annotators()}
            name = self._names.get(annotator_id, "?")
        return name

    def _query(self) -> list[SpanRow]:
        assert self._doc_id is not None
        found = self.session.store.annotation_spans(self._doc_id)
        if self._annotators is not None:
            found = [r for r in found if r[2] in self._annotators]
        return found

    def _show_header(self) -> None:
        assert self._doc_id is not None
        info = self.session.store.document_info(self._doc_id)
        self._title.setText(info.title or info.filename or "(untitled)")
        meta = [p for p in (info.outlet, info.published) if p]
        self._meta.setText(" · ".join(meta) if meta else info.filename)

    def _load_codebook(self) -> None:
        self._tags = {t.id: t for t in self.session.store.tags()}
        self.highlighter.set_colours({t.id: t.colour for t in self._tags.values()})

    def _reload_spans(self) -> None:
        self.index.load(self._query() if self._doc_id is not None else [])
        self.highlighter.rehighlight()
        self._editor.invalidate_lanes()
        self._after_span_change()

    def _after_span_change(self, blocks: Iterable[int] | None = None) -> None:
        """Drop a selection whose span went away; repaint these blocks (None: everything)."""
        if self._selected is not None and self._selected not in self.index:
            self._selected = None
            self.annotationSelected.emit(None)
        if blocks is None:
            self._editor.viewport().update()
        else:
            self._editor.update_blocks(blocks)

    def _on_changed(self, changes: Changes) -> None:
        if self._doc_id is None:
            return
        if changes.documents:
            if self._doc_id not in {d.id for d in self.session.store.documents()}:
                self.show_document(None)
                return
            self._show_header()
        if changes.annotators:
            self._names = {}
        if changes.codebook:
            self._load_codebook()
            self._reload_spans()  # a deleted tag takes its annotations along
            return
        if self._doc_id not in changes.annotations:
            return
        touched = changes.annotation_ids
        if touched is None:  # the report does not name them (a bulk step): reload it whole
            self._reload_spans()
            return
        blocks: set[int] = set()
        store = self.session.store
        for ann_id in touched:
            try:
                a = store.annotation(ann_id)
            except NotFound:
                blocks.update(self.index.remove(ann_id))
                continue
            visible = self._annotators is None or a.annotator_id in self._annotators
            visible = visible and not (a.source_id and a.status is Status.REJECTED)  # a decline
            if a.document_id == self._doc_id and visible:
                blocks.update(self.index.add(a))
            else:
                blocks.update(self.index.remove(ann_id))
        self.highlighter.refresh_blocks(sorted(blocks))
        self._editor.invalidate_lanes(blocks)
        self._after_span_change(blocks)

    def _context_menu(self, point: QPoint) -> None:
        from annot.gui.widgets.pane_menu import show_context_menu

        show_context_menu(self, point)

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
        self._run(ops.RemoveLink(link_id))

    def _tag_or_retag(self, tag_id: TagId) -> None:
        if self._editor.textCursor().hasSelection():
            self.tag_selection(tag_id)
        else:
            span = self.selected_span()
            if (
                span is not None
                and span.tag_id != tag_id
                and self._may_change(span, f"change its tag to {self._tag_name(tag_id)}")
            ):
                self._run(ops.ChangeTag(span.id, tag_id=tag_id))
