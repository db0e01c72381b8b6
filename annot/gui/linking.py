"""The window's one linking mode: link the selected annotation of one pane to another
annotation, in the same pane or in any other.

It **starts** on a selected claim: ``A`` (said by) or ``D`` (dated) once "pick in the text" is
chosen, or ``Ctrl+L`` (Claims ▸ Align selected claim) for whatever the target allows. It
**finishes** on the target, chosen with the mouse or the keyboard in any pane:

- a target in the **same document** links at once when clicked (or tagged while linking): an
  actor as *said by*, a date as *dated* (its tag's role says which). Selected by keyboard
  (``Tab``), ``Enter`` links it.
- a claim of **another document** (click it, or ``F6`` to its pane and ``Tab`` to it) waits
  for ``S`` (same claim), ``C`` (contradicts) or ``P`` (partly).

The kinds allowed between two ends come from the core's link rules
(:data:`annot.core.model.LINK_RULES`). ``Esc`` cancels; the status bar (and a line
above the source pane's text) says what to do. Each link is one command, one undo step.

The panes' input controllers tell this object about clicks and new spans; selections reach it
through the views' ``annotationSelected`` signal, whoever makes them (a click, ``Tab``, a
suggestion opened beside the claim).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from annot.core.annotations import AddLink
from annot.core.errors import AnnotError, NotFound
from annot.core.model import ALIGNMENT_KINDS, LINK_RULES, AnnotationId, Changes, LinkKind, Role
from annot.gui import errors
from annot.gui.widgets.pane_view import PaneView
from annot.gui.widgets.spans import Span
from annot.gui.widgets.tooltips import short

CHOICE_KEYS = {
    int(Qt.Key.Key_S): LinkKind.SAME_CLAIM,
    int(Qt.Key.Key_C): LinkKind.CONTRADICTS,
    int(Qt.Key.Key_P): LinkKind.PARTLY,
}
ENTER_KEYS = (int(Qt.Key.Key_Return), int(Qt.Key.Key_Enter))
WORDS = {
    LinkKind.SAID_BY: "said by",
    LinkKind.DATED: "dated",
    LinkKind.SAME_CLAIM: "same claim",
    LinkKind.CONTRADICTS: "contradicts",
    LinkKind.PARTLY: "partly",
}
CHOOSE_ALIGNMENT = "press S same claim, C contradicts, P partly"


def _app() -> QCoreApplication:
    app = QApplication.instance()
    assert app is not None
    return app


class Linking(QObject):
    started = Signal(str)  # a claim that may be aligned (the Suggestions dock follows it)
    ended = Signal()  # linked or cancelled
    message = Signal(str)  # what to do next (the window shows it in the status bar)

    def __init__(self, session: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.current: Callable[[], PaneView | None] = lambda: None  # the window's current pane
        self.source: AnnotationId | None = None
        self.source_view: PaneView | None = None
        self.kind: LinkKind | None = None  # asked for (A, D); None: what the target allows
        self.target: tuple[PaneView, AnnotationId, LinkKind] | None = None  # same document
        self.partner: tuple[PaneView, AnnotationId] | None = None  # another document's claim
        session.changed.connect(self._on_changed)

    # -- state --------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        return self.source is not None

    def state(self) -> tuple[LinkKind | None, AnnotationId] | None:
        """(the kind asked for, or None for any; the source annotation) while linking."""
        return (self.kind, self.source) if self.source is not None else None

    def kinds(self, view: PaneView, span: Span) -> list[LinkKind]:
        """The links allowed from the source to ``span`` (shown in ``view``)."""
        src = self.source_view
        if self.source is None or src is None or span.id == self.source:
            return []
        source = src.index.get(self.source)
        if source is None:
            return []
        src_role, tgt_role = src.role(source.tag_id), view.role(span.tag_id)
        same = src.document_id() == view.document_id()
        out = []
        for kind, (from_role, to_role, within) in LINK_RULES.items():
            if (from_role, to_role) != (src_role, tgt_role) or self.kind not in (None, kind):
                continue
            if (within and not same) or (kind in ALIGNMENT_KINDS and same):
                continue
            out.append(kind)
        return out

    def _say(self, text: str) -> None:
        self.message.emit(text)

    # -- starting and ending ------------------------------------------------------------

    def start(self, view: PaneView | None, kind: LinkKind | None = None) -> bool:
        """Start linking the claim selected in ``view`` (to a ``kind`` target, or any)."""
        self.cancel(None)
        span = view.selected_span() if view is not None else None
        if view is None or span is None or view.role(span.tag_id) != Role.CLAIM:
            self._say(
                "Select a claim first (click it, or Tab to it), then press Ctrl+L to link it,"
                " or A (actor) or D (date)."
            )
            return False
        self.source, self.source_view, self.kind = span.id, view, kind
        view.documentShown.connect(self._source_gone)
        view.destroyed.connect(self._source_destroyed)
        _app().installEventFilter(self)
        quote = f"“{short(view.quote(span), 50)}”"
        if kind is None:
            self.started.emit(str(span.id))
            guide = (
                f"Linking {quote}: select the matching claim in another pane (click it, or F6 to"
                f" the pane and Tab to it), then {CHOOSE_ALIGNMENT}; or click an actor or date of"
                " its own document. Esc cancels."
            )
        else:
            role = Role.ACTOR if kind == LinkKind.SAID_BY else Role.DATE
            key = next((t.key for t in view.tags() if t.role == role and t.key), "")
            how = f", or select its words and press {key}" if key else ""
            guide = f"Click the {role.value} of {quote}{how} (Tab to it and Enter). Esc cancels."
        view.set_banner(guide)
        self._say(guide)
        return True

    def cancel(self, message: str | None = "Linking cancelled.") -> None:
        if self.source is None:
            return
        view = self.source_view
        self._end()
        if view is not None:
            view.set_banner(None)
        if message:
            self._say(message)

    def _end(self) -> None:
        view = self.source_view
        if view is not None:
            try:
                view.documentShown.disconnect(self._source_gone)
                view.destroyed.disconnect(self._source_destroyed)
            except (RuntimeError, TypeError):  # pragma: no cover - already gone
                pass
        _app().removeEventFilter(self)
        self.source = self.source_view = self.kind = self.target = self.partner = None
        self.ended.emit()

    def _on_changed(self, changes: Changes) -> None:
        """The claim being linked was deleted (or its creation undone): stop waiting."""
        if self.source is None or not (changes.annotations or changes.codebook):
            return
        ids = changes.annotation_ids
        if ids is not None and self.source not in ids and not changes.codebook:
            return
        try:
            self.session.store.annotation(self.source)
        except NotFound:
            self.cancel("Linking cancelled: the claim is gone.")

    def _source_gone(self, *_args: object) -> None:
        self.cancel("Linking cancelled: the claim's pane shows another document.")

    def _source_destroyed(self, *_args: object) -> None:
        self.source_view = None  # the C++ object is gone: do not touch it again
        self._end()

    # -- the target ---------------------------------------------------------------------

    def clicked(self, view: PaneView, spans: list[Span]) -> bool:
        """A click on ``spans`` (shortest first) while linking: a target of the same document
        links at once; False lets the click select as usual (another document's claim then
        becomes the partner, through the selection)."""
        for span in spans:
            kinds = [k for k in self.kinds(view, span) if k not in ALIGNMENT_KINDS]
            if kinds:
                self.link(kinds[0], span.id)
                return True
        return False

    def tagged(self, view: PaneView, ann_id: AnnotationId) -> bool:
        """A span just tagged in ``view`` while linking: links it if it is a target of the
        same document (an actor for said by, a date for dated)."""
        span = view.index.get(ann_id)
        return span is not None and self.clicked(view, [span])

    def selected(self, view: PaneView, ann_id: AnnotationId | None) -> None:
        """An annotation was selected in ``view`` (by any means) while linking."""
        if self.source is None:
            return
        span = view.index.get(ann_id)
        kinds = self.kinds(view, span) if span is not None else []
        if span is None or not kinds:
            if view is not self.source_view:
                self.partner = None
            self.target = None
            return
        quote = f"“{short(view.quote(span), 60)}”"
        if kinds[0] in ALIGNMENT_KINDS:
            self.partner, self.target = (view, span.id), None
            self._say(f"Link with {quote}: {CHOOSE_ALIGNMENT}. Esc cancels.")
        else:
            self.target = (view, span.id, kinds[0])
            self._say(f"Press Enter to link as {WORDS[kinds[0]]} {quote}. Esc cancels.")

    def choose(self, kind: LinkKind) -> bool:
        """Link the source with the chosen target as ``kind``; False if none is chosen."""
        if self.source is None:
            return False
        if kind in ALIGNMENT_KINDS:
            view = self.current()
            chosen = view.selected_span() if view is not None else None  # also one selected before
            if (
                view is not None
                and chosen is not None
                and ALIGNMENT_KINDS & set(self.kinds(view, chosen))
            ):
                self.partner = (view, chosen.id)
            if self.partner is None:
                self._say("Select the matching claim in another pane first (Esc cancels).")
                return False
            return self.link(kind, self.partner[1])
        if self.target is None or self.target[2] != kind:
            return False
        return self.link(kind, self.target[1])

    def link(self, kind: LinkKind, target: AnnotationId) -> bool:
        """Run the link (one undo step) and leave the mode; False if the core refused."""
        assert self.source is not None
        source, view = self.source, self.source_view
        self.cancel(None)
        if kind in ALIGNMENT_KINDS:
            from annot.core.claim_groups import Align

            command: Any = Align(kind, source, target)
        else:
            command = AddLink(kind, source, target)
        try:
            self.session.run(command)
        except AnnotError as exc:
            errors.show_error(view, exc)
            self._say("Not linked.")
            return False
        self._say(f"Linked: {WORDS[kind]} (Ctrl+Z undoes it).")
        if view is not None and kind not in ALIGNMENT_KINDS:
            view.select_annotation(source, scroll=False, flash=True)
        return True

    # -- keys ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.source is None or event.type() not in (
            QEvent.Type.KeyPress,
            QEvent.Type.ShortcutOverride,
        ):
            return False
        assert isinstance(event, QKeyEvent)
        view = self.source_view
        if (
            view is None
            or not isinstance(watched, QWidget)
            or watched.window() is not view.window()
        ):
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        key = int(event.key())
        takes = key == Qt.Key.Key_Escape
        takes = takes or (key in CHOICE_KEYS and self.kind is None)
        takes = takes or (key in ENTER_KEYS and self.target is not None)
        if not takes:
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # the key comes to us as a KeyPress, not to a shortcut
            return True
        if key == Qt.Key.Key_Escape:
            self.cancel()
        elif key in CHOICE_KEYS:
            self.choose(CHOICE_KEYS[key])
        elif self.target is not None:
            self.choose(self.target[2])
        return True
