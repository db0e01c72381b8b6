"""Merging date values and the actor registry (by UUID) as part of a project merge.

A value we lack is added. One we have is replaced when the colleague's ranks higher:
confirmed over suggested, then the later ``modified``. Date spans that arrive without a
value get a suggestion. Undo puts our values back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annot.core.date_values import Suggested
from annot.core.model import AnnotationId
from annot.core.store import Store
from annot.core.store.actors import ActorRow, MentionRow
from annot.core.store.values import DateValueRow

_RANK = {"suggested": 0, "confirmed": 1}


def _rank(row: DateValueRow) -> tuple[int, str]:
    return (_RANK.get(row[2], 0), row[3])


@dataclass
class ValueMerge:
    theirs: list[DateValueRow]
    _new: list[DateValueRow] = field(default_factory=list, init=False)
    _changed: list[tuple[DateValueRow, DateValueRow]] = field(default_factory=list, init=False)
    _suggested: Suggested = field(default_factory=Suggested, init=False)

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
                if row[0] in incoming_ids or store.has_annotation(AnnotationId(row[0])):
                    self._new.append(row)
            elif _rank(row) > _rank(mine) and row[1:3] != mine[1:3]:
                self._changed.append((mine, row))
        return len(self._new), len(self._changed)

    def apply(self, store: Store, inserted_ids: list[str]) -> None:
        store.put_date_values(self._new)
        store.put_date_values(after for _, after in self._changed)
        self._suggested.apply(store, inserted_ids)


@dataclass
class ActorMerge:
    """The colleague's actor registry, by UUID. An actor we lack is added; one we have
    takes the colleague's version when it is newer, except that our tombstone (an actor we
    merged into another) is never revived. An assignment we lack is added (for spans we
    have or the merge adds); one we have takes theirs when newer. Merged actors are followed
    when read, so a colleague's span assigned to an actor we merged lands on the survivor."""

    actors: list[ActorRow]
    mentions: list[MentionRow]
    _actors: list[tuple[ActorRow | None, ActorRow]] = field(default_factory=list, init=False)
    _mentions: list[tuple[MentionRow | None, MentionRow]] = field(default_factory=list, init=False)

    @property
    def changed(self) -> bool:
        return bool(self._actors or self._mentions)

    def plan(self, store: Store, incoming_ids: set[str]) -> tuple[int, int]:
        ours = {r[0]: r for r in store.actor_rows(with_merged=True)}
        for row in self.actors:
            mine = ours.get(row[0])
            if mine is None:
                self._actors.append((None, row))
            elif row[6] > mine[6] and row[:6] != mine[:6] and not (mine[5] and not row[5]):
                self._actors.append((mine, row))
        assigned = {r[0]: r for r in store.mention_rows()}
        for mention in self.mentions:
            had = assigned.get(mention[0])
            if had is None:
                if mention[0] in incoming_ids or store.has_annotation(AnnotationId(mention[0])):
                    self._mentions.append((None, mention))
            elif mention[2] > had[2] and mention[1] != had[1]:
                self._mentions.append((had, mention))
        return len(self._actors), len(self._mentions)

    def apply(self, store: Store) -> None:
        store.put_actor_rows(after for _, after in self._actors)
        store.put_mentions(after for _, after in self._mentions)
