"""The actor registry: who is who across documents.

An :class:`Actor` (UUID, canonical name, kind, aliases, note) groups actor spans ("Putin",
"Vladimir Putin", "the Russian President") across documents. Each actor span is assigned to
at most one actor. Every change is a command (one undo step): create, edit (rename), assign,
merge two actors, split one. A merged actor is kept as a tombstone naming the actor it went
into, so that a colleague's file still assigning spans to it merges onto the survivor.
Suggestions (``annot.core.actor_suggest``) only propose; nothing is assigned without a
command.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from annot.core.errors import NotFound, ValidationError
from annot.core.model import AnnotationId, Changes, DocumentId, Role
from annot.core.store import Store
from annot.core.store.actors import ActorRow, MentionRow


class ActorKind(str, Enum):
    PERSON = "person"
    ORGANISATION = "organisation"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Actor:
    id: str  # a UUID, the same in every project
    name: str  # canonical name
    kind: ActorKind
    aliases: tuple[str, ...]
    note: str = ""
    merged_into: str = ""  # set on a tombstone: the actor this one was merged into
    modified: str = ""

    def row(self) -> ActorRow:
        return (self.id, self.name, self.kind.value, "\n".join(self.aliases), self.note,
                self.merged_into, self.modified)  # fmt: skip

    @classmethod
    def from_row(cls, row: ActorRow) -> Actor:
        aliases = tuple(a for a in row[3].split("\n") if a)
        return cls(row[0], row[1], ActorKind(row[2]), aliases, row[4], row[5], row[6])


def actors(store: Store) -> list[Actor]:
    """Every actor still in use (not merged into another), by name."""
    return [Actor.from_row(r) for r in store.actor_rows()]


def get_actor(store: Store, actor_id: str) -> Actor:
    """The actor ``actor_id`` names, following merges to the survivor."""
    seen: set[str] = set()
    while True:
        row = store.actor_row(actor_id)
        if row is None:
            raise NotFound(f"there is no actor {actor_id} in this project")
        actor = Actor.from_row(row)
        if not actor.merged_into or actor.id in seen:
            return actor
        seen.add(actor.id)
        actor_id = actor.merged_into


def resolver(store: Store) -> Callable[[str], Actor | None]:
    """A function from an actor id to the actor it is now (following merges), reading the
    registry once (for exports)."""
    rows = {r[0]: Actor.from_row(r) for r in store.actor_rows(with_merged=True)}

    def resolve(actor_id: str) -> Actor | None:
        seen: set[str] = set()
        actor = rows.get(actor_id)
        while actor is not None and actor.merged_into and actor.id not in seen:
            seen.add(actor.id)
            actor = rows.get(actor.merged_into)
        return actor

    return resolve


def actor_of(store: Store, annotation_id: str) -> Actor | None:
    found = store.actor_of(annotation_id)
    return get_actor(store, found) if found else None


def _kind(value: str | ActorKind) -> ActorKind:
    try:
        return ActorKind(value)
    except ValueError:
        kinds = ", ".join(k.value for k in ActorKind)
        raise ValidationError(f"an actor's kind is one of {kinds}, not {value!r}") from None


def _with_alias(aliases: Sequence[str], name: str, *more: str) -> tuple[str, ...]:
    """``aliases`` plus ``more`` (one line each, case-insensitively new, not the name)."""
    out = list(aliases)
    seen = {a.casefold() for a in out} | {name.casefold()}
    for alias in more:
        alias = " ".join(alias.split())
        if alias and alias.casefold() not in seen:
            out.append(alias)
            seen.add(alias.casefold())
    return tuple(out)


# -- commands -----------------------------------------------------------------------------


@dataclass
class _RegistryCommand:
    """Base: :meth:`plan` says which actors and assignments to write; apply writes them
    (undo and redo replay the rows History logged)."""

    _actors: list[tuple[ActorRow | None, ActorRow]] = field(default_factory=list, init=False)
    _mentions: list[tuple[str, MentionRow | None, MentionRow | None]] = field(default_factory=list, init=False)
    _docs: frozenset[DocumentId] = field(default_factory=frozenset, init=False)
    _planned: bool = field(default=False, init=False)

    @property
    def label(self) -> str:
        return "Edit actors"

    def plan(self, store: Store) -> tuple[list[Actor], dict[str, str | None]]:
        raise NotImplementedError

    def apply(self, store: Store) -> Changes:
        if not self._planned:
            from annot.core.annotations import now

            stamp = now()
            new_actors, assignments = self.plan(store)
            for actor in new_actors:
                row = (*actor.row()[:6], stamp)
                self._actors.append((store.actor_row(actor.id), row))
            current = store.mention_rows_of(list(assignments))
            docs: set[DocumentId] = set()
            for ann_id, actor_id in assignments.items():
                after_row = (ann_id, actor_id, stamp) if actor_id else None
                self._mentions.append((ann_id, current.get(ann_id), after_row))
                docs.add(store.annotation(AnnotationId(ann_id)).document_id)
            for actor in new_actors:
                for ann_id in store.mentions_of_actor(actor.id):
                    docs.add(store.annotation(AnnotationId(ann_id)).document_id)
            self._docs = frozenset(docs)
            self._planned = True
        store.put_actor_rows(after for _, after in self._actors)
        store.put_mentions(after for _, _, after in self._mentions if after is not None)
        store.delete_mentions(ann for ann, _, after in self._mentions if after is None)
        return Changes(annotations=self._docs)


def _actor_spans(store: Store, ids: Sequence[str]) -> list[tuple[str, str]]:
    """(id, quote) of each annotation, checked to be an actor span."""
    if not ids:
        raise ValidationError("no actor span is selected")
    out: list[tuple[str, str]] = []
    for ann_id in dict.fromkeys(ids):
        try:
            ann = store.annotation(AnnotationId(ann_id))
        except NotFound as exc:
            raise ValidationError(f"cannot assign: {exc.message}") from exc
        if store.tag(ann.tag_id).role != Role.ACTOR:
            raise ValidationError(f"only an actor span is assigned to an actor (“{ann.quote}” is not one)")
        out.append((ann.id, ann.quote))
    return out


@dataclass
class CreateActor(_RegistryCommand):
    """A new actor, optionally with actor spans assigned to it at once."""

    name: str = ""
    kind: ActorKind | str = ActorKind.PERSON
    aliases: Sequence[str] = ()
    note: str = ""
    assign: Sequence[str] = ()
    id: str = ""

    @property
    def label(self) -> str:
        return f"New actor {self.name.strip()}"

    def plan(self, store: Store) -> tuple[list[Actor], dict[str, str | None]]:
        from annot.core.annotations import new_id

        name = " ".join(self.name.split())
        if not name:
            raise ValidationError("an actor needs a name")
        spans = _actor_spans(store, self.assign) if self.assign else []
        self.id = self.id or new_id()
        aliases = _with_alias((), name, *self.aliases, *(q for _, q in spans))
        actor = Actor(self.id, name, _kind(self.kind), aliases, self.note.strip())
        return [actor], {ann: self.id for ann, _ in spans}


@dataclass
class EditActor(_RegistryCommand):
    """Rename (the old name stays an alias), change kind, aliases or note."""

    actor_id: str = ""
    name: str | None = None
    kind: ActorKind | str | None = None
    aliases: Sequence[str] | None = None
    note: str | None = None

    @property
    def label(self) -> str:
        return "Rename actor" if self.name is not None else "Edit actor"

    def plan(self, store: Store) -> tuple[list[Actor], dict[str, str | None]]:
        old = get_actor(store, self.actor_id)
        name = " ".join(self.name.split()) if self.name is not None else old.name
        if not name:
            raise ValidationError("an actor needs a name")
        aliases = tuple(self.aliases) if self.aliases is not None else old.aliases
        aliases = _with_alias((), name, *aliases, old.name)
        new = Actor(old.id, name, _kind(self.kind) if self.kind is not None else old.kind, aliases,
                    self.note.strip() if self.note is not None else old.note)  # fmt: skip
        if new.row()[:6] == old.row()[:6]:
            raise ValidationError("nothing to change")
        return [new], {}


@dataclass
class AssignActor(_RegistryCommand):
    """Assign actor spans to an actor (``actor_id`` empty: unassign). A span's text that
    the actor does not know yet becomes one of its aliases."""

    annotation_ids: Sequence[str] = ()
    actor_id: str = ""

    @property
    def label(self) -> str:
        return "Assign actor" if self.actor_id else "Unassign actor"

    def plan(self, store: Store) -> tuple[list[Actor], dict[str, str | None]]:
        spans = _actor_spans(store, self.annotation_ids)
        if not self.actor_id:
            return [], {ann: None for ann, _ in spans}
        actor = get_actor(store, self.actor_id)
        aliases = _with_alias(actor.aliases, actor.name, *(q for _, q in spans))
        changed = [Actor(actor.id, actor.name, actor.kind, aliases, actor.note)] if aliases != actor.aliases else []
        return changed, {ann: actor.id for ann, _ in spans}


@dataclass
class MergeActors(_RegistryCommand):
    """Merge ``gone`` into ``keep``: its spans, name and aliases go to ``keep``; ``gone``
    stays as a tombstone pointing at ``keep``."""

    keep: str = ""
    gone: str = ""

    @property
    def label(self) -> str:
        return "Merge actors"

    def plan(self, store: Store) -> tuple[list[Actor], dict[str, str | None]]:
        keep, gone = get_actor(store, self.keep), get_actor(store, self.gone)
        if keep.id == gone.id:
            raise ValidationError("an actor cannot be merged into itself")
        aliases = _with_alias(keep.aliases, keep.name, gone.name, *gone.aliases)
        note = "\n".join(n for n in (keep.note, gone.note) if n)
        survivor = Actor(keep.id, keep.name, keep.kind, aliases, note)
        tombstone = Actor(gone.id, gone.name, gone.kind, gone.aliases, gone.note, merged_into=keep.id)
        return [survivor, tombstone], {ann: keep.id for ann in store.mentions_of_actor(gone.id)}


@dataclass
class SplitActor(_RegistryCommand):
    """Move some of an actor's spans to a new actor named ``name``."""

    actor_id: str = ""
    annotation_ids: Sequence[str] = ()
    name: str = ""
    kind: ActorKind | str | None = None
    new_id: str = ""

    @property
    def label(self) -> str:
        return "Split actor"

    def plan(self, store: Store) -> tuple[list[Actor], dict[str, str | None]]:
        from annot.core.annotations import new_id

        old = get_actor(store, self.actor_id)
        mine = set(store.mentions_of_actor(old.id))
        moving = [a for a in dict.fromkeys(self.annotation_ids)]
        if not moving or any(a not in mine for a in moving):
            raise ValidationError(f"choose some of the spans assigned to {old.name} to split off")
        if len(moving) == len(mine):
            raise ValidationError(f"splitting off every span of {old.name} is a rename")
        name = " ".join(self.name.split())
        if not name:
            raise ValidationError("the new actor needs a name")
        spans = _actor_spans(store, moving)
        self.new_id = self.new_id or new_id()
        kind = _kind(self.kind) if self.kind is not None else old.kind
        new = Actor(self.new_id, name, kind, _with_alias((), name, *(q for _, q in spans)))
        return [new], {ann: self.new_id for ann in moving}
