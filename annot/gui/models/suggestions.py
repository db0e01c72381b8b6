"""Suggested partners for the claim being aligned: the claims of the other documents most
likely reporting the same proposition (:mod:`annot.core.suggest`), best first, with their
score. The vectors are computed once per state of the project in a worker thread (the first
time loads scikit-learn and WordLlama: seconds), so the window never waits; asking again for
another claim is then a few milliseconds. Nothing is ever linked from here: a suggestion is
only a way to find the partner, which the user then aligns by key (S/C/P)."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from annot.core.model import AnnotationId, Changes, DocumentId
from annot.gui.session import Session

Index = QModelIndex | QPersistentModelIndex
CLAIM_ROLE = Qt.ItemDataRole.UserRole + 1
DOCUMENT_ROLE = Qt.ItemDataRole.UserRole + 2
TOP = 10


class SuggestionsModel(QAbstractListModel):
    statusChanged = Signal(str)

    def __init__(self, session: Session, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.claim: AnnotationId | None = None
        self.rows: list[tuple[AnnotationId, DocumentId, str, str, float]] = []  # id, doc, title, quote, score
        self.status = ""
        self._suggester: Any = None
        self._titles: dict[Any, str] = {}
        self._generation = 0
        self._building = -1
        # The worker thread never touches a Qt object (a signal emitted from it after the
        # window or the application is gone crashed the process at exit): it fills a Future,
        # and this timer, which dies with the model, collects it on the GUI thread.
        self._pending: tuple[Future[Any], Any, int] | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(50)
        self._poll.timeout.connect(self._collect)
        session.changed.connect(self._on_changed)

    def _say(self, text: str) -> None:
        self.status = text
        self.statusChanged.emit(text)

    def _on_changed(self, changes: Changes) -> None:
        if changes.annotations or changes.documents or changes.codebook:
            self._generation += 1  # claims changed: the vectors are rebuilt on the next ask
            self._suggester = None

    def request(self, claim: AnnotationId | None) -> None:
        """Show the suggestions for ``claim`` (as soon as the vectors are ready)."""
        self.claim = claim
        if claim is None:
            self._fill([])
            return
        if self._suggester is not None:
            self._show()
            return
        self._fill([])
        if self._building == self._generation:
            return
        from annot.core.suggest import project_suggester

        suggester, self._titles = project_suggester(self.session.store)  # reads on this thread
        generation = self._building = self._generation
        self._say("Preparing suggestions… (the first time takes a few seconds)")

        done: Future[Any] = Future()

        def work() -> None:
            try:
                suggester.prepare()  # numpy, scikit-learn, WordLlama: no store access, no Qt
                done.set_result(None)
            except BaseException as exc:  # reported on the GUI thread
                done.set_exception(exc)

        self._pending = (done, suggester, generation)
        threading.Thread(target=work, name="annot-suggestions", daemon=True).start()
        self._poll.start()

    def _collect(self) -> None:
        if self._pending is None:
            self._poll.stop()
            return
        done, suggester, generation = self._pending
        if not done.done():
            return
        self._pending = None
        self._poll.stop()
        if done.exception() is not None:
            self._building = -1
            self._say(f"Suggestions could not be prepared: {done.exception()}")
            return
        self._on_built(suggester, generation)

    def _on_built(self, suggester: Any, generation: int) -> None:
        if generation != self._generation or self.session.is_closed:
            return  # the project changed meanwhile
        self._suggester = suggester
        self._show()

    def _show(self) -> None:
        claim = self.claim
        if claim is None or self._suggester is None:
            return
        if claim not in self._suggester._index:
            self._fill([])
            self._say("No suggestions: this is not a claim the suggestions know")
            return
        store = self.session.store
        rows = []
        for c in self._suggester.suggest(claim, TOP):
            text = store.document_text(c.claim.document)
            title = self._titles.get(c.claim.document, str(c.claim.document))
            rows.append((AnnotationId(c.claim.id), DocumentId(c.claim.document), title,
                         text[c.claim.start : c.claim.end], c.score))  # fmt: skip
        self._fill(rows)
        self._say(f"{len(rows)} suggestion(s): Enter or double-click opens one; then S, C or P aligns")

    def _fill(self, rows: list[tuple[AnnotationId, DocumentId, str, str, float]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    # -- Qt model -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        claim, doc, title, quote, score = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            short = " ".join(quote.split())
            short = short if len(short) <= 90 else short[:89] + "…"
            return f"{score:.2f}  {title} — “{short}”"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{title}\n{quote}\nscore {score:.3f}"
        if role == CLAIM_ROLE:
            return str(claim)
        if role == DOCUMENT_ROLE:
            return int(doc)
        return None
