"""Pre-annotation: spans annot suggests in a document, for a person to accept or reject.

- **dates**: date expressions found by pattern ("September 29, 2025", "29.09.2025", "March
  2022", "in 1998", "on Monday evening", "last month", "yesterday"), each with its value
  relative to the publication date (:func:`annot.core.dates.normalise_in_text`);
- **actors**: the names and aliases of the registry's actors, and the words of actor spans
  in other documents, found as whole words in this one (a registry name comes with its actor).

Nothing enters the annotations until accepted (:class:`AcceptSuggestion`, one undo step: the
span, and its actor when the suggestion names one). Text already covered by a span of the
same role is not suggested again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from annot.core.annotations import AddAnnotation
from annot.core.dates_words import MONTHS, WEEKDAYS
from annot.core.model import AnnotatorId, Changes, DocumentId, Role, TagId
from annot.core.store import Store

_MONTH = "|".join(sorted((m for m in MONTHS if len(m) > 3), key=len, reverse=True)) + r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
_DAY = "|".join(sorted((d for d in WEEKDAYS if len(d) > 4), key=len, reverse=True))
_DATE = re.compile(
    rf"""\b(?:
        (?:(?:{_DAY}),?\s+)?(?:{_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?
      | (?:(?:{_DAY}),?\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH})\.?(?:,?\s+(?:19|20)\d\d)?
      | \d{{1,2}}\.\d{{1,2}}\.(?:19|20)\d\d | (?:19|20)\d\d-\d\d-\d\d
      | (?:early|mid|late)[-\s](?:{_MONTH}|(?:19|20)\d\d)(?:\s+(?:19|20)\d\d)?
      | (?:{_MONTH})\s+(?:19|20)\d\d
      | (?:last|next|this|earlier\s+this|later\s+this)\s+(?:week|month|year|spring|summer|autumn|fall|winter|{_DAY})
      | (?:{_DAY})(?:\s+(?:morning|afternoon|evening|night))?
      | yesterday | today | tomorrow
      | (?:19|20)\d0s
      | (?<=\bin\s)(?:19|20)\d\d | (?<=\bsince\s)(?:19|20)\d\d | (?<=\buntil\s)(?:19|20)\d\d
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Suggestion:
    document_id: DocumentId
    start: int
    end: int
    role: Role  # DATE or ACTOR
    text: str
    value: str = ""  # a date's value
    actor_id: str = ""  # the registry actor a name belongs to
    actor_name: str = ""


def suggest_spans(store: Store, document_id: DocumentId) -> list[Suggestion]:
    """Date and actor spans suggested in one document, in text order."""
    from annot.core.dates import normalise_in_text

    text = store.document_text(document_id)
    info = store.document_info(document_id)
    try:
        published = date.fromisoformat(info.published) if info.published else None
    except ValueError:
        published = None
    roles = {t.id: t.role for t in store.tags()}
    taken: dict[Role, list[tuple[int, int]]] = {Role.DATE: [], Role.ACTOR: []}
    for _id, tag_id, _who, start, end in store.annotation_spans(document_id):
        if roles.get(tag_id) in taken:
            taken[roles[tag_id]].append((start, end))
    found: list[Suggestion] = []
    for m in _DATE.finditer(text):
        value = normalise_in_text(text, m.start(), m.end(), published)
        if value:
            found.append(Suggestion(document_id, m.start(), m.end(), Role.DATE, m.group(), value))
    for name, actor_id, actor_name in _actor_names(store, document_id, roles):
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            found.append(Suggestion(document_id, m.start(), m.end(), Role.ACTOR, m.group(), "", actor_id, actor_name))
    kept: list[Suggestion] = []
    for s in sorted(found, key=lambda s: (s.role.value, s.start, -(s.end - s.start))):
        if any(a < s.end and s.start < b for a, b in taken[s.role]):
            continue  # already annotated, or inside a longer suggestion of the same role
        taken[s.role].append((s.start, s.end))
        kept.append(s)
    return sorted(kept, key=lambda s: (s.start, s.end, s.role.value))


def _actor_names(store: Store, document_id: DocumentId, roles: dict[TagId, Role]) -> list[tuple[str, str, str]]:
    """(name, actor id, canonical name) to look for: the registry first, then the words of
    other documents' actor spans; longest first, each name once."""
    from annot.core.actors import actors

    names: dict[str, tuple[str, str]] = {}
    for actor in actors(store):
        for name in (actor.name, *actor.aliases):
            if len(name) >= 3:
                names.setdefault(name, (actor.id, actor.name))
    for tag_id, role in roles.items():
        if role == Role.ACTOR:
            for a in store.annotations(tag_id=tag_id):
                quote = " ".join(a.quote.split())
                if a.document_id != document_id and len(quote) >= 3 and quote == a.quote:
                    names.setdefault(quote, ("", ""))
    return sorted(((n, i, c) for n, (i, c) in names.items()), key=lambda x: -len(x[0]))


@dataclass
class AcceptSuggestion:
    """Accept a suggestion: the span (and its actor, when it names one) as one undo step."""

    suggestion: Suggestion
    tag_id: TagId
    annotator_id: AnnotatorId
    _add: AddAnnotation | None = field(default=None, init=False)
    _assign: object | None = field(default=None, init=False)

    @property
    def label(self) -> str:
        return f"Accept suggested {self.suggestion.role.value}"

    def apply(self, store: Store) -> Changes:
        from annot.core.actors import AssignActor

        s = self.suggestion
        if self._add is None:
            self._add = AddAnnotation(s.document_id, self.tag_id, self.annotator_id, s.start, s.end)
        changes = self._add.apply(store)
        if s.actor_id:
            if self._assign is None:
                assert self._add.annotation is not None
                self._assign = AssignActor(annotation_ids=[self._add.annotation.id], actor_id=s.actor_id)
            assert isinstance(self._assign, AssignActor)
            changes = changes | self._assign.apply(store)
        return changes
