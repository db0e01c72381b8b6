"""The order of a filtered or sorted Annotations table, built off the GUI thread.

Filtering 300,000 annotations by text or sorting them by a column is one scan and one sort
in SQLite (about a second at that size): it runs on a second, read-only connection in a
worker thread while the window keeps painting, and arrives as the list of rowids in order
(:meth:`Store.table_order`). A newer request interrupts the one running; a result read
before a write the project has since seen is built again."""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from annot.core.store import Store, open_reader
from annot.core.store.table import TableQuery

if TYPE_CHECKING:  # the worker's modules load with its first use (start-up stays light)
    from concurrent.futures import Future, ThreadPoolExecutor


class OrderBuilder(QObject):
    built = Signal(object, object)  # TableQuery, list[int] (rowids in order)

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._reader: Store | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._generation = 0
        self._future: Future[list[int]] | None = None
        self._request: tuple[TableQuery, int] | None = None  # query, writes when asked
        self._closed = False
        # The worker thread never touches a Qt object (a signal it emitted after this object
        # was gone crashed the process): this timer, which dies with the builder, collects
        # the finished Future on the GUI thread.
        self._future_generation = 0
        self._poll = QTimer(self)
        self._poll.setInterval(10)
        self._poll.timeout.connect(self._collect)

    @property
    def busy(self) -> bool:
        return self._future is not None

    @property
    def building(self) -> TableQuery | None:
        """The query whose order is being built."""
        return self._request[0] if self._future is not None and self._request else None

    def request(self, query: TableQuery) -> None:
        """Build the order of ``query``; :attr:`built` is emitted when it is ready."""
        if self._closed:
            return
        self._generation += 1
        if str(self.store.path) == ":memory:":  # no second connection sees it: here and now
            self.built.emit(query, self.store.table_order(query))
            return
        if self._executor is None:
            from concurrent.futures import ThreadPoolExecutor

            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="annot-order")
        self._interrupt()  # superseded: stop reading for the last request
        self._request = (query, self.store.writes)
        generation = self._generation

        def build() -> list[int]:
            if generation != self._generation:  # superseded while it waited its turn
                return []
            # a connection for this read only: none stays open beside the project's
            reader = open_reader(self.store)
            if reader is None:
                return self.store.table_order(query)
            self._reader = reader
            try:
                return reader.table_order(query)
            finally:
                self._reader = None
                reader.close()

        future = self._executor.submit(build)
        self._future = future
        self._future_generation = generation
        self._poll.start()

    def _collect(self) -> None:
        future = self._future
        if future is None or self._closed:
            self._poll.stop()
            return
        if future.done():
            self._poll.stop()
            self._finish(self._future_generation, future)

    def request_none(self) -> None:
        """Forget the order being built (the table went back to an indexed query)."""
        self._generation += 1
        self._interrupt()
        self._future = None

    def _interrupt(self) -> None:
        reader = self._reader
        if reader is not None:
            with suppress(Exception):  # it may have just finished and closed
                reader.conn.interrupt()

    def _finish(self, generation: int, future: Any) -> None:
        pending = self._future
        if self._closed or generation != self._generation or pending is None or future is not pending:
            return  # superseded, or already taken by wait()
        self._future = None
        assert self._request is not None
        query, writes = self._request
        try:
            order = pending.result()
        except Exception:  # interrupted or failed there: read it here instead
            order = self.store.table_order(query)
        else:
            if self.store.writes != writes:  # the project changed meanwhile: read again
                self.request(query)
                return
        self.built.emit(query, order)

    def wait(self) -> None:
        """Apply the order being built now (tests, and flushing the model)."""
        while (future := self._future) is not None:
            with suppress(Exception):  # _finish reads it again here when it failed there
                future.result()
            self._finish(self._generation, future)

    def shutdown(self) -> None:
        self._closed = True
        self._poll.stop()
        self._generation += 1
        self._interrupt()
        if self._executor is not None:
            self._executor.shutdown(wait=True)
        self._executor, self._future = None, None
