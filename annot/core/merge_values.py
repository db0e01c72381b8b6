"""Merging date values (by annotation UUID) as part of a project merge.

A value we lack is added. One we have is replaced when the colleague's ranks higher:
confirmed over suggested, then the later ``modified``. Date spans that arrive without a
value get a suggestion. Undo puts our values back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annot.core.store import Store
from annot.core.store.values import DateValueRow

_RANK = {"suggested": 0, "confirmed": 1}


def _rank(row: DateValueRow) -> tuple[int, str]:
    return (_RANK.get(row[2], 0), row[3])


@dataclass
class ValueMerge:
    theirs: list[DateValueRow]
    _new: list[DateValueRow] = field(default_factory=list, init=False)
    _changed: list[tuple[DateValueRow, DateValueRow]] = field(default_factory=list, init=False)

    @property
    def changed(self) -> bool:
        return bool(self._new or self._changed)

    def plan(self, store: Store, incoming_ids: set[str]) -> tuple[int, int]:
        """Decide (reads only); ``incoming_ids`` are the annotations the merge adds.
        Returns (added, updated)."""
        ours = {r[0]: r for r in store.date_value_rows()}
        for row in self.theirs:
            mine = ours.get(row[0])
            if mine is None:
                if row[0] in incoming_ids or store.has_annotation(row[0]):  # type: ignore[arg-type]
                    self._new.append(row)
            elif _rank(row) > _rank(mine) and row[1:3] != mine[1:3]:
                self._changed.append((mine, row))
        return len(self._new), len(self._changed)

    def apply(self, store: Store, inserted_ids: list[str]) -> None:
        from annot.core.date_values import suggest_missing

        store.put_date_values(self._new)
        store.put_date_values(after for _, after in self._changed)
        suggest_missing(store, inserted_ids)

    def revert(self, store: Store) -> None:
        store.put_date_values(before for before, _ in self._changed)
        store.delete_date_values(r[0] for r in self._new)
