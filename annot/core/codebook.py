"""The codebook: tags with colour, shortcut key, description and role; and its commands."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace

from annot.core.annotations import link_problem
from annot.core.errors import ValidationError
from annot.core.model import Changes, Link, LinkId, Role, Tag, TagId
from annot.core.paths import data_folder
from annot.core.store import Store

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")

# Used when the packaged resources/codebook.json cannot be read.
_FALLBACK = [
    {"name": "claim", "colour": "#f2a33a", "key": "1", "role": "claim",
     "description": "A statement of fact or opinion that a source reports."},
    {"name": "actor", "colour": "#4b9be0", "key": "2", "role": "actor",
     "description": "The person or body that makes or is credited with a claim."},
    {"name": "date", "colour": "#5cbf6a", "key": "3", "role": "date",
     "description": "A date or time a claim refers to."},
]  # fmt: skip


def default_tags() -> list[Tag]:
    """The default codebook (claim, actor, date), from resources/codebook.json."""
    try:
        raw = json.loads((data_folder("resources") / "codebook.json").read_text("utf-8"))
    except (OSError, ValueError):
        raw = _FALLBACK
    return [
        Tag(TagId(0), t["name"], t["colour"], t.get("key", ""), t.get("description", ""), Role(t.get("role", "")))
        for t in raw
    ]


def install_defaults(store: Store) -> None:
    """Add the default tags to an empty codebook (no undo: part of creating a project)."""
    with store.atomic():
        if not store.tags():
            for tag in default_tags():
                store.add_tag(tag)


def validate_tag(store: Store, tag: Tag) -> None:
    name = tag.name.strip()
    if not name:
        raise ValidationError("a tag needs a name")
    if name != tag.name or "\n" in name or "\t" in name:
        raise ValidationError(f"tag name {tag.name!r} has surrounding spaces or control characters")
    if not _COLOUR.match(tag.colour):
        raise ValidationError(f"colour {tag.colour!r} is not of the form #rrggbb")
    if len(tag.key) > 1 or tag.key.isspace():
        raise ValidationError(f"shortcut key {tag.key!r} must be a single character or empty")
    for other in store.tags():
        if other.id == tag.id:
            continue
        if other.name.casefold() == name.casefold():
            raise ValidationError(f"there is already a tag named {other.name!r}")
        if tag.key and other.key == tag.key:
            raise ValidationError(f"key {tag.key!r} is already used by tag {other.name!r}")


def tag_for(store: Store, name: str, *, create: bool = False, colour: str = "") -> Tag:
    """The tag named ``name`` (case-insensitive); created with a free colour when asked."""
    tag = store.tag_by_name(name)
    if tag is not None:
        return tag
    if not create:
        raise ValidationError(f"there is no tag named {name!r} in the codebook")
    new = Tag(TagId(0), name.strip(), colour or next_colour(store), "", "", Role.OTHER)
    validate_tag(store, new)
    return store.tag(store.add_tag(new))


PALETTE = ["#e15759", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7", "#9c755f", "#59a14f", "#bab0ac"]


def next_colour(store: Store) -> str:
    used = {t.colour.lower() for t in store.tags()}
    for colour in PALETTE:
        if colour not in used:
            return colour
    return PALETTE[len(used) % len(PALETTE)]


@dataclass
class AddTag:
    tag: Tag

    @property
    def label(self) -> str:
        return f"Add tag {self.tag.name}"

    def apply(self, store: Store) -> Changes:
        validate_tag(store, self.tag)
        self.tag = replace(self.tag, id=store.add_tag(self.tag))
        return Changes(codebook=True)


@dataclass
class UpdateTag:
    """Rename, recolour, change key, description or role of a tag. A new role can break
    said_by/dated links of its annotations (an actor is no longer an actor): those links are
    removed with the change and come back on undo."""

    tag: Tag

    @property
    def label(self) -> str:
        return f"Edit tag {self.tag.name}"

    def apply(self, store: Store) -> Changes:
        before = store.tag(self.tag.id)
        validate_tag(store, self.tag)
        store.update_tag(self.tag)
        if before.role != self.tag.role:
            for link in _broken_links(store, self.tag.id):
                store.delete_link(link.id)
        return Changes(codebook=True, annotations=frozenset(d.id for d in store.documents()))


def _broken_links(store: Store, tag_id: TagId) -> list[Link]:
    """Links touching annotations of ``tag_id`` that the link rules no longer allow."""
    broken: dict[LinkId, Link] = {}
    for a in store.annotations(tag_id=tag_id):
        for link in store.links_of(a.id):
            source, target = store.annotation(link.source_id), store.annotation(link.target_id)
            if link_problem(store, link.kind, source, target):
                broken[link.id] = link
    return list(broken.values())


@dataclass
class DeleteTag:
    """Delete a tag with every annotation that carries it (undo brings all back)."""

    tag_id: TagId
    _tag: Tag | None = field(default=None, init=False)

    @property
    def label(self) -> str:
        return f"Delete tag {self._tag.name}" if self._tag else "Delete tag"

    def apply(self, store: Store) -> Changes:
        self._tag = store.tag(self.tag_id)
        annotations = store.annotations(tag_id=self.tag_id)
        docs = {a.document_id for a in annotations}
        for a in annotations:
            for link in store.links_of(a.id):  # the other end may lie in another document
                docs |= {store.annotation(link.source_id).document_id, store.annotation(link.target_id).document_id}
        for a in annotations:
            store.delete_annotation(a.id)  # links and comments cascade
        store.delete_tag(self.tag_id)
        return Changes(codebook=True, annotations=frozenset(docs))
