"""What a reading pane shows: one document's title, outlet and date above its highlighted text.

The view owns the span index, the highlighter and the selected annotation, and refreshes from
``session.changed``: when the report names the annotation ids it re-reads only those and
repaints only their blocks, otherwise it reloads the document's spans whole; a recoloured
tag repaints its spans' blocks. The codebook, the annotators and the documents list come
from the session's shared tables. It never changes
the project and reads no keys or clicks: :class:`~annot.gui.widgets.pane_input.PaneInput`
(the input controller) does, through this class's public methods; the dependency goes one way.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from annot.core.errors import AnnotError, NotFound
from annot.core.model import (
    AnnotationId,
    AnnotatorId,
    Changes,
    DocumentId,
    DocumentInfo,
    Role,
    Status,
    Tag,
    TagId,
)
from annot.gui.offsets import OffsetMap
from annot.gui.session import Session
from annot.gui.widgets.editor import AnnotEditor
from annot.gui.widgets.highlighter import FALLBACK_COLOUR, SpanHighlighter
from annot.gui.widgets.spans import Span, SpanIndex, SpanRow, snap_to_words
from annot.gui.widgets.tooltips import span_tooltip


class PaneView(QWidget):
    annotationSelected = Signal(object)  # AnnotationId | None
    documentShown = Signal(object)  # DocumentId | None (another document, or none)

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
        self._editor = AnnotEditor(self, self)
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

    # -- what is shown ------------------------------------------------------------------------

    def editor(self) -> AnnotEditor:
        return self._editor

    def document_id(self) -> DocumentId | None:
        return self._doc_id

    @property
    def text(self) -> str:
        """The shown document's text (code points, as stored)."""
        return self._text

    def quote(self, span: Span) -> str:
        return self._text[span.start : span.end]

    def show_document(self, doc_id: DocumentId | None) -> None:
        """Show this document (or nothing) with its annotations."""
        store = self.session.store
        self._doc_id = doc_id
        had_selection = self._selected is not None
        self._selected = None
        if doc_id is None:
            self._text = ""
            self._title.setText("")
            self._meta.setText("")
        else:
            doc = store.document(doc_id)
            self._text = doc.text
            self._show_header(doc.info)
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
        self.documentShown.emit(doc_id)

    def set_banner(self, text: str | None) -> None:
        """A line above the text saying what the pane waits for (None hides it)."""
        self._banner.setText(text or "")
        self._banner.setVisible(bool(text))

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

    # -- selection and scrolling ----------------------------------------------------------------

    def selected_annotation(self) -> AnnotationId | None:
        return self._selected

    def selected_span(self) -> Span | None:
        return self.index.get(self._selected)

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

    def clear_selection(self) -> None:
        """No selected text, no selected annotation."""
        cursor = self._editor.textCursor()
        cursor.clearSelection()
        self._editor.setTextCursor(cursor)
        self.select_annotation(None, scroll=False, flash=False)

    def selected_text(self) -> tuple[int, int] | None:
        """The selected text as code points (snapped to words if :attr:`snap_to_words`), or
        None when no text (or only white space) is selected."""
        cursor = self._editor.textCursor()
        if self._doc_id is None or not cursor.hasSelection():
            return None
        start, end = self.offsets.span_from_qt(cursor.selectionStart(), cursor.selectionEnd())
        if self.snap_to_words:
            start, end = snap_to_words(self._text, start, end)
        return (start, end) if start < end else None

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

    # -- the codebook and the people, as the view holds them ----------------------------------

    def colour_of(self, tag_id: TagId) -> str:
        tag = self._tags.get(tag_id)
        return tag.colour if tag is not None else FALLBACK_COLOUR

    def tags(self) -> list[Tag]:
        return list(self._tags.values())

    def role(self, tag_id: TagId) -> Role | None:
        tag = self._tags.get(tag_id)
        return tag.role if tag is not None else None

    def tag_name(self, tag_id: TagId) -> str:
        tag = self._tags.get(tag_id)
        return tag.name if tag is not None else "annotation"

    def annotator_name(self, annotator_id: AnnotatorId) -> str:
        name = self._names.get(annotator_id)
        if name is None:
            self._names = {a.id: a.name for a in self.session.annotators()}
            name = self._names.get(annotator_id, "?")
        return name

    def own_id(self) -> AnnotatorId | None:
        try:
            return self.session.project.annotator_id
        except AnnotError:
            return None

    def tooltip_at(self, qpos: int) -> str:
        """The tooltip (HTML) of the spans at Qt position ``qpos``, or "" if none."""
        return span_tooltip(
            self.session.store,
            self.index.at(qpos),
            lambda t: self._tags[t].name if t in self._tags else "?",
            self.colour_of,
            self.annotator_name,
        )

    # -- following the project ------------------------------------------------------------------

    def _query(self) -> list[SpanRow]:
        assert self._doc_id is not None
        found = self.session.store.annotation_spans(self._doc_id)
        if self._annotators is not None:
            found = [r for r in found if r[2] in self._annotators]
        return found

    def _show_header(self, info: DocumentInfo | None = None) -> None:
        assert self._doc_id is not None
        if info is None:
            info = next(d for d in self.session.documents() if d.id == self._doc_id)
        self._title.setText(info.title or info.filename or "(untitled)")
        meta = [p for p in (info.outlet, info.published) if p]
        self._meta.setText(" · ".join(meta) if meta else info.filename)

    def _load_codebook(self) -> set[int]:
        """Take the session's codebook; the blocks holding spans whose colour changed."""
        before = {t.id: t.colour for t in self._tags.values()}
        self._tags = {t.id: t for t in self.session.tags()}
        colours = {t.id: t.colour for t in self._tags.values()}
        self.highlighter.set_colours(colours)
        recoloured = {i for i in before.keys() | colours.keys() if before.get(i) != colours.get(i)}
        blocks: set[int] = set()
        if recoloured:
            offsets = self.offsets
            for span in self.index.spans.values():
                if span.tag_id in recoloured:
                    blocks.update(offsets.block_range(span.qstart, span.qend))
        return blocks

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
            if self._doc_id not in self.session.document_ids():
                self.show_document(None)
                return
            self._show_header()
        if changes.annotators:
            self._names = {}
        blocks: set[int] = set()
        if changes.codebook:  # a recoloured tag: only its spans' blocks are repainted
            blocks = self._load_codebook()
        if self._doc_id in changes.annotations:
            touched = changes.annotation_ids
            if touched is None:  # the report does not name them: read the document's spans again
                self._reload_spans()
                return
            blocks |= self._update_spans(touched)  # (a deleted tag's spans are named too)
        elif not blocks:
            return
        self.highlighter.refresh_blocks(sorted(blocks))
        self._editor.invalidate_lanes(blocks)
        self._after_span_change(blocks)

    def _update_spans(self, touched: Iterable[AnnotationId]) -> set[int]:
        """Read these annotations again; the blocks to repaint."""
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
        return blocks
