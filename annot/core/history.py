"""Undo and redo, in the core, recorded where the data is written.

One user action is one :class:`Command`: :meth:`History.run` applies it inside one
transaction and pushes it on the undo stack. Commands only go forward: they never say how
to undo themselves. Every row they write (cascades, and the tombstones the file's triggers
write, included) is recorded as it is written by TEMP triggers into a TEMP log
(:mod:`annot.core.store.undolog`, SQLite's "automatic undo/redo" technique): the row's
image before and after. A step is a range of that log. Undo puts the before-images back in
reverse order; redo puts the after-images back in order: the same rows, same UUIDs, same
timestamps. Tombstones are put back to the step's net state afterwards (the file's triggers
write them again while rows are put back). The change report of an undo or redo is read
from the log: the documents whose annotations, links or comments changed, and whether
documents, tags or annotators did.

Another writer may change the file between two steps (another program on the same file;
annot's own CLI is kept out by the writer's lock, :mod:`annot.core.lock`). The history
notices it (``PRAGMA data_version``; once noticed, for every step made before it, even
after later steps of ours) and then lets an undo or redo through only when every
row it would put back is exactly as the step left it (undo) or found it (redo) — for a row
the step inserted in bulk (annotations, links, comments, documents: logged by key only, for
speed) that it is still there — and it
touches no row outside the step (a cascade onto the other writer's link, a document that
now holds their annotations): otherwise it is refused with a :class:`HistoryConflict`,
nothing is changed, and the stacks are cleared so that history is never stuck.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol

from annot.core.errors import AnnotError, HistoryConflict, NothingToUndo
from annot.core.model import AnnotationId, Changes, DocumentId
from annot.core.store import Store
from annot.core.store.undolog import DERIVED_TABLES, LAZY_INSERT_TABLES, Key, LogEntry


class Command(Protocol):
    @property
    def label(self) -> str:
        """What the Edit menu shows: "Undo <label>"."""
        ...

    def apply(self, store: Store) -> Changes:
        """Write the change (once: redo replays the logged rows, it does not call this)."""
        ...


Listener = Callable[[Changes], None]


@dataclass
class _Step:
    command: Command
    first: int  # its entries in the undo log, first ..
    last: int  # .. last (first > last: it wrote nothing)
    changes: Changes  # what its apply reported


class _Mismatch(Exception):
    pass


def changes_of(entries: list[LogEntry], undo: bool = False) -> Changes:
    """What a list of log entries changed (put back in reverse when ``undo``), for the
    views; with how many annotations it added less those it removed."""
    docs: set[DocumentId] = set()
    ids: set[AnnotationId] = set()
    tables: set[str] = set()
    existed: dict[object, tuple[bool, bool]] = {}  # annotation key: (before, after) the entries
    for e in entries:
        tables.add(e.table)
        docs.update(DocumentId(d) for d in e.docs if d is not None)
        ids.update(AnnotationId(a) for a in e.annotations if a is not None)
        if e.table == "annotations":  # (an insert's after-image may not be filled yet)
            after = e.old is None or e.new is not None
            existed[e.key] = (existed[e.key][0] if e.key in existed else e.old is not None, after)
    net = sum(int(after) - int(before) for before, after in existed.values())
    changes = Changes(annotations=frozenset(docs), annotation_ids=frozenset(ids), annotations_net=-net if undo else net)
    return _flags(changes, frozenset(tables))


def _flags(changes: Changes, tables: frozenset[str]) -> Changes:
    """``changes`` with the tables written, and the flags they imply."""
    return replace(
        changes,
        tables=changes.tables | tables,
        documents=changes.documents or "documents" in tables,
        codebook=changes.codebook or "tags" in tables,
        annotators=changes.annotators or "annotators" in tables,
    )


def _changed(entries: list[LogEntry]) -> bool:
    """Whether the entries changed a row (not only rewrote it as it was)."""
    return any(not e.capture and (e.old is None or e.new is None or e.old != e.new) for e in entries)


_PRECISE = 5000  # log entries up to which a run's report is completed from the log


def _combined(logged: Changes, own: Changes) -> Changes:
    """The log names every row written; the command's own report may add rows it affects
    without writing them (the claims whose actor column shows an edited span)."""
    return Changes(
        annotations=logged.annotations | own.annotations,
        documents=logged.documents or own.documents,
        codebook=logged.codebook or own.codebook,
        annotators=logged.annotators or own.annotators,
        annotation_ids=(logged.annotation_ids or frozenset()) | (own.annotation_ids or frozenset()),
        tables=logged.tables | own.tables,
        initiator=own.initiator,
        annotations_net=logged.annotations_net,
    )


class History:
    def __init__(self, store: Store, limit: int = 500) -> None:
        self.store = store
        self.limit = limit
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []
        self._listeners: list[Listener] = []
        store.start_undo_log()
        # the log's last entry, and the connection's total_changes when it was
        self._mark: tuple[int, int] | None = (store.undo_log_mark(), store.total_changes)
        self._only_steps = False  # (while the mark holds) the log holds only the stacks' steps
        self._replayed = 0  # the log's last entry after a replay
        self._seen = store.data_version()
        # another program wrote since some step of the stacks was made: from then on every
        # undo and redo checks its rows (a later step of ours must not make that write "seen")
        self._foreign = False

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener(changes)`` after every run, undo and redo."""
        self._listeners.append(listener)

    def _emit(self, changes: Changes) -> Changes:
        for listener in list(self._listeners):
            listener(changes)
        return changes

    def run(self, command: Command, initiator: object | None = None, *, undoable: bool = True) -> Changes:
        """Apply ``command`` in one transaction; on any error nothing is written. A command
        that changed no row adds no undo step (and leaves the redo stack as it was). The
        report says which tables were written (read from the log) and carries
        ``initiator`` (the view that asked, so it can skip its own echo).

        ``undoable=False`` (a new project's sample documents, the CLI's one-shot import:
        no one can undo them) applies it the same way and reports it to the listeners,
        but keeps no step, and clears the history: an older step undone over rows written
        since could silently undo them too."""
        if not undoable:
            changes = self.run(command, initiator)
            if self._undo and self._undo[-1].command is command:
                self.clear()
            return changes
        store = self.store
        entries: list[LogEntry] | None = None  # a small step's log, read once
        outermost = not store.in_transaction  # (a caller's transaction may still roll back)
        with store.atomic():
            first = self._log_mark(outermost) + 1
            before = store.total_changes  # every row written, the log's entries included
            changes = command.apply(store)
            written = store.total_changes - before
            if not written:  # nothing written, nothing logged: no statement to ask
                last = first - 1
            elif written <= _PRECISE:  # (each entry is a row written): read it, once
                entries = store.undo_entries(first)
                last = entries[-1].seq if entries else first - 1
            else:
                last = store.undo_log_mark()
                entries = store.undo_entries(first, last) if last - first < _PRECISE else None
            step = _Step(command, first, last, changes)
            changed = _changed(entries) if entries is not None else store.changed_anything(first, last)
            # the undone steps, and what this connection wrote outside any step, are not
            # kept (nor the entries of a step that changed nothing); seq starts at 1
            start = max((self._undo[-1].last + 1 if self._undo else 1) if changed else first, 1)
            end = first - 1 if changed else step.last
            if end >= start:
                store.drop_undo_entries(start, end)
            if changed and entries is not None:
                # a small step's inserts get their after-image now (bulk steps read it at
                # their first undo, for speed): so an undo after another writer edited a row
                # this step added (a note on our new span) is refused, not silently undone
                self._fill_inserts(entries)
            elif changed:  # a bulk step: only which tables it wrote (one indexed scan)
                changes = _flags(changes, store.undo_tables(step.first, step.last))
        seen = store.data_version()  # (our own commits never change it)
        if seen != self._seen:
            self._foreign = True
        self._seen = seen
        changes = replace(changes, initiator=initiator)
        if not changed:  # (a file imported again, a value set to what it was): no step
            if outermost:  # its entries went: the log ends where it ended before
                self._mark = (first - 1, store.total_changes)
            else:
                self._mark = None
            return self._emit(changes)
        if entries is not None:
            # the log names every row written, the command may name more (a claim whose
            # actor column shows an edited span); a bulk step's report is the command's own
            # (the views reload its documents whole when it names no annotation ids)
            changes = _combined(changes_of(entries), changes)
        self._redo.clear()
        self._undo.append(step)
        if len(self._undo) > self.limit:
            oldest = self._undo.pop(0)
            self.store.drop_undo_entries(0, oldest.last)
        if outermost:  # the log ends at the step's last entry, and holds only steps
            self._mark, self._only_steps = (step.last, store.total_changes), True
        else:
            self._mark = None
        return self._emit(changes)

    def _log_mark(self, outermost: bool) -> int:
        """The last entry of the undo log. Only this connection's TEMP triggers write the
        log, and every row they write (or delete) moves the connection's ``total_changes``:
        the mark kept at the end of the last run holds while that count has not moved
        (nothing written since, no undo, no rollback); else it is read again."""
        if outermost and self._marked():
            assert self._mark is not None
            return self._mark[0]
        self._mark, self._only_steps = None, False
        return self.store.undo_log_mark()

    def _marked(self) -> bool:
        """Whether the kept mark still holds (nothing written since it was taken)."""
        return self._mark is not None and self._mark[1] == self.store.total_changes

    def _fill_inserts(self, entries: list[LogEntry]) -> None:
        """A small step's inserts logged by key only get their after-image: the old image
        of the next write to that row in the step, else (one statement per table) the row
        as it is now."""
        later: dict[Key, str | None] = {}
        filled: list[tuple[int, str]] = []
        now: set[str] = set()
        for e in reversed(entries):
            key = (e.table, e.key)
            if e.old is None and e.new is None and e.table in LAZY_INSERT_TABLES:
                image = later.get(key)
                if image is not None:
                    filled.append((e.seq, image))
                else:
                    now.add(e.table)
            later[key] = e.old
        if filled:
            self.store.fill_undo_images(filled)
        for table in sorted(now):
            self.store.fill_undo_images_now(table, entries[0].seq, entries[-1].seq)

    def _replay(self, step: _Step, undo: bool, foreign: bool) -> list[LogEntry]:
        """Put back the rows of ``step`` (inside the caller's transaction); its entries."""
        store = self.store
        entries = store.undo_entries(step.first, step.last)
        if undo:
            entries = self._fill_lazy(entries)
        target: dict[Key, str | None] = {}  # each row's net state after the replay
        expected: dict[Key, str | None] = {}  # ... and what it must hold before it
        for e in reversed(entries) if undo else entries:  # the last write wins:
            if undo or not e.capture:  # (a capture says what a row was, not what it became)
                target[(e.table, e.key)] = e.old if undo else e.new  # undo: the first old image
        for e in entries if undo else reversed(entries):
            expected[(e.table, e.key)] = e.new if undo else e.old  # undo: the last new image
        if foreign:
            for (table, k), image in expected.items():
                if store.row_image(table, k) != image:
                    raise _Mismatch
        mark = store.undo_log_mark()
        store.defer_foreign_keys()
        for e in reversed(entries) if undo else entries:
            if e.table not in DERIVED_TABLES and (undo or not e.capture):
                store.put_row(e.table, e.key, e.old if undo else e.new)
        written = store.undo_entries(mark + 1)
        before: dict[Key, str | None] = {}
        for e in written:
            key = (e.table, e.key)
            if key not in target:
                if e.table not in DERIVED_TABLES:
                    raise _Mismatch  # a cascade reached a row outside the step
                before.setdefault(key, e.old)
        for (table, k), image in {**before, **{k: v for k, v in target.items() if k[0] in DERIVED_TABLES}}.items():
            store.put_row(table, k, image)
        store.drop_undo_entries(mark + 1)
        self._replayed = mark
        return entries

    def _fill_lazy(self, entries: list[LogEntry]) -> list[LogEntry]:
        """Give the inserts logged by key only (bulk tables) their after-image: the old image
        of the next write to that row in the step, else the row as it is now (then only its
        presence can be checked against another writer). Kept in the log for redo."""
        later: dict[Key, str | None] = {}
        filled: list[tuple[int, str]] = []
        out = list(entries)
        for i in range(len(out) - 1, -1, -1):
            e = out[i]
            key = (e.table, e.key)
            if e.old is None and e.new is None and e.table in LAZY_INSERT_TABLES:
                image = later[key] if key in later else self.store.row_image(e.table, e.key)
                if image is None:
                    raise _Mismatch  # a row this step added is gone
                out[i] = replace(e, new=image)
                filled.append((e.seq, image))
            later[key] = e.old
        if filled:
            self.store.fill_undo_images(filled)
        return out

    def _step(self, step: _Step, undo: bool, initiator: object | None = None) -> Changes:
        """Undo or redo ``step`` in one transaction; refuse it when another writer changed
        a row it would put back, or it would reach that writer's rows."""
        what = "undo" if undo else "redo"
        foreign = self._foreign = self._foreign or self.store.data_version() != self._seen
        outermost = not self.store.in_transaction
        if not self._marked():  # something wrote since: the log may hold more than steps
            self._only_steps = False
        try:
            with self.store.atomic():
                entries = self._replay(step, undo, foreign)
        except (_Mismatch, sqlite3.IntegrityError) as exc:
            self.clear()
            self._emit(self._everything(initiator))
            why = (
                "the project was changed by another program since, and this would change its work too"
                if foreign or isinstance(exc, _Mismatch)
                else f"it clashes with what the project holds now ({exc})"
            )
            raise HistoryConflict(
                f"cannot {what} “{step.command.label}”: {why}. Nothing was changed; the undo"
                " history was cleared."
            ) from exc
        except AnnotError as exc:
            if not foreign:
                raise
            self.clear()
            self._emit(self._everything(initiator))
            raise HistoryConflict(
                f"cannot {what} “{step.command.label}”: the project was changed by another"
                f" program since ({exc}). Nothing was changed; the undo history was cleared."
            ) from exc
        self._seen = self.store.data_version()
        # the replay's own entries went: the log ends where it ended before
        self._mark = (self._replayed, self.store.total_changes) if outermost else None
        return _combined(changes_of(entries, undo), replace(step.changes, initiator=initiator))

    def _everything(self, initiator: object | None) -> Changes:
        """The report after a refused undo/redo (the file was changed by another program,
        the history cleared): the views reload whatever they show."""
        return Changes(
            annotations=frozenset(d.id for d in self.store.documents()),
            documents=True,
            codebook=True,
            annotators=True,
            tables=self.store.logged_tables(),
            initiator=initiator,
        )

    def undo(self, initiator: object | None = None) -> Changes:
        if not self._undo:
            raise NothingToUndo("there is nothing to undo")
        step = self._undo[-1]
        changes = self._step(step, undo=True, initiator=initiator)
        self._undo.pop()
        self._redo.append(step)
        return self._emit(changes)

    def redo(self, initiator: object | None = None) -> Changes:
        if not self._redo:
            raise NothingToUndo("there is nothing to redo")
        step = self._redo[-1]
        changes = self._step(step, undo=False, initiator=initiator)
        self._redo.pop()
        self._undo.append(step)
        return self._emit(changes)

    def clear(self) -> None:
        emptied = self._only_steps and self._marked() and not self.store.in_transaction
        for step in self._undo + self._redo:
            self.store.drop_undo_entries(step.first, step.last)
        self._undo.clear()
        self._redo.clear()
        # a log that held only the steps' entries is empty now
        self._mark = (0, self.store.total_changes) if emptied else None
        self._foreign = False  # no step is left that another program's write could concern
        self._seen = self.store.data_version()

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def depth(self) -> int:
        """How many steps :meth:`undo` can take back."""
        return len(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_command(self) -> Command | None:
        """The command :meth:`undo` would revert (None when there is none)."""
        return self._undo[-1].command if self._undo else None

    @property
    def redo_command(self) -> Command | None:
        """The command :meth:`redo` would apply again (None when there is none)."""
        return self._redo[-1].command if self._redo else None

    @property
    def undo_label(self) -> str:
        return self._undo[-1].command.label if self._undo else ""

    @property
    def redo_label(self) -> str:
        return self._redo[-1].command.label if self._redo else ""
