"""The one report of every import (CSV, W3C, brat, REFI-QDA) and merge (a colleague's project).

Per kind of row it counts what was added, updated, deleted and skipped (already in the
project: a duplicate, or for a merge not newer than ours); it names the tags and annotators
it created, the items it re-anchored by their quote or could not anchor, counts what the
format holds that annot cannot import (by kind), and lists conflicts and other problems.
Nothing is dropped silently. :meth:`ImportReport.summary` is the text the CLI prints and the
GUI shows; :meth:`ImportReport.headline` its one line for a status bar.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePath

SHOWN = 10  # ids or messages listed by name before "… and N more"


@dataclass
class Counts:
    added: int = 0
    updated: int = 0
    skipped: int = 0  # already in the project (or, in a merge, not newer than ours)
    deleted: int = 0

    def __str__(self) -> str:
        text = f"{self.added} added, {self.updated} updated, {self.skipped} skipped"
        return text + (f", {self.deleted} deleted" if self.deleted else "")

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.deleted)


@dataclass
class ImportReport:
    """What one import or merge did, and what it could not do."""

    source: str = ""  # the file or folder read
    merge: bool = False  # a colleague's project merged: the summary has one line per kind
    documents: Counts = field(default_factory=Counts)
    tags: Counts = field(default_factory=Counts)
    annotators: Counts = field(default_factory=Counts)
    annotations: Counts = field(default_factory=Counts)
    links: Counts = field(default_factory=Counts)
    comments: Counts = field(default_factory=Counts)
    groups: Counts = field(default_factory=Counts)  # claim-group labels (by anchor claim)
    date_values: Counts = field(default_factory=Counts)  # not lines of the summary
    actors: Counts = field(default_factory=Counts)  # actors and assignments (merge)
    tombstones: int = 0  # deletions recorded (a merge: theirs, newer than what we knew)
    rejected: int = 0  # rejected suggestions (pairs of claims) added by a merge
    new_tags: list[str] = field(default_factory=list)  # names of the tags created
    new_annotators: list[str] = field(default_factory=list)  # names of the annotators created
    reanchored: list[str] = field(default_factory=list)  # placed by their quote (ids, or "line N")
    unanchored: list[str] = field(default_factory=list)  # could not be placed: not imported
    not_imported: Counter[str] = field(default_factory=Counter)  # kind of item -> count
    skipped_links: list[str] = field(default_factory=list)  # one message per link not added
    conflicts: list[str] = field(default_factory=list)  # identity clashes, both sides kept
    problems: list[str] = field(default_factory=list)  # other messages for the person
    cancelled: bool = False

    KINDS = ("documents", "tags", "annotators", "annotations", "links", "comments", "groups")

    @property
    def name(self) -> str:
        """The file's name (for a status bar or a table)."""
        return PurePath(self.source).name

    def counts(self) -> dict[str, Counts]:
        """The count of each kind the summary lists, in order."""
        return {kind: getattr(self, kind) for kind in self.KINDS}

    @property
    def changed(self) -> bool:
        extras = self.date_values.changed or self.actors.changed or self.rejected or self.tombstones
        return bool(extras) or any(c.changed for c in self.counts().values())

    @property
    def incomplete(self) -> bool:
        """Something in the file was not imported (besides what the project already had)."""
        return bool(
            self.unanchored or self.not_imported or self.skipped_links or self.problems or self.conflicts
        )

    def headline(self) -> str:
        """One line: what was imported (or merged) from where, and what was not."""
        if self.cancelled:
            return f"{'merged' if self.merge else 'imported'} nothing from {self.name}: cancelled"
        if self.merge:
            a = self.annotations
            text = f"merged {self.name}: {a.added} annotation(s) added, {a.updated} updated, {a.deleted} deleted"
        else:
            text = f"imported {self._added()} from {self.name}"
        extra = []
        if self.unanchored:
            extra.append(f"{len(self.unanchored)} could not be anchored")
        if self.not_imported:
            extra.append(f"{sum(self.not_imported.values())} item(s) not imported")
        if self.skipped_links:
            extra.append(f"{len(self.skipped_links)} link(s) not imported")
        if self.new_tags:
            extra.append("new tags: " + ", ".join(self.new_tags))
        if self.new_annotators:
            extra.append("new annotators: " + ", ".join(self.new_annotators))
        if self._duplicates():
            extra.append(f"{self._duplicates()} already in the project")
        if self.conflicts:
            extra.append(f"{len(self.conflicts)} conflict(s), both kept")
        return text + "".join(f"; {e}" for e in extra)

    def _added(self) -> str:
        text = f"{self.annotations.added} annotation(s)"
        if self.links.added or self.links.skipped or self.skipped_links or self.merge:
            text += f" and {self.links.added} link(s)"
        return text

    def _duplicates(self) -> int:
        return 0 if self.merge else self.annotations.skipped + self.links.skipped

    def summary(self) -> str:
        """A few lines for the CLI or a message box (a merge: one line per kind of row)."""
        if self.cancelled:
            return f"cancelled: nothing was {'merged' if self.merge else 'imported'}"
        if self.merge:
            lines = [f"merged {self.source}" + ("" if self.changed else " (nothing new)")]
            lines += [f"  {kind:<12} {counts}" for kind, counts in self.counts().items()]
            if self.tombstones:
                lines.append(f"  {'deletions':<12} {self.tombstones} recorded")
        else:
            lines = [f"imported {self._added()}"]
            docs = self.documents
            if docs.added or docs.skipped:
                lines.append(f"documents: {docs.added} added, {docs.skipped} already in the project")
            if self._duplicates():
                lines.append(f"already in the project, not added again: {self._duplicates()}")
        if self.new_tags:
            lines.append("new tags: " + ", ".join(self.new_tags))
        if self.new_annotators:
            lines.append("new annotators: " + ", ".join(self.new_annotators))
        if self.reanchored:
            lines.append(f"re-anchored by their quote (the text had changed): {len(self.reanchored)}")
        if self.unanchored:
            lines.append(f"NOT imported, could not be anchored: {len(self.unanchored)} ({_shown(self.unanchored)})")
        for kind, n in sorted(self.not_imported.items()):
            lines.append(f"not imported ({kind}): {n}")
        lines += [f"link not imported: {message}" for message in self.skipped_links[:SHOWN]]
        if len(self.skipped_links) > SHOWN:
            lines.append(f"… and {len(self.skipped_links) - SHOWN} more links not imported")
        if self.conflicts:
            lines.append(f"  {len(self.conflicts)} conflict(s), both sides kept:")
            lines += [f"    {c}" for c in self.conflicts]
        lines.extend(self.problems)
        return "\n".join(lines)


def _shown(items: list[str]) -> str:
    return ", ".join(items[:SHOWN]) + (" …" if len(items) > SHOWN else "")
