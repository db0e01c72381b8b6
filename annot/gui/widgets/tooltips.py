"""What hovering a span shows: its tag, annotator, note and links (HTML for a tooltip)."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable

from annot.core.errors import NotFound
from annot.core.model import AnnotatorId, LinkKind, TagId
from annot.core.store import Store
from annot.gui.widgets.spans import Span

# (seen from the link's source, seen from its target)
LINK_NAMES = {
    LinkKind.SAID_BY: ("said by", "says"),
    LinkKind.DATED: ("dated", "date of"),
    LinkKind.SAME_CLAIM: ("same claim as", "same claim as"),
    LinkKind.CONTRADICTS: ("contradicts", "contradicted by"),
    LinkKind.PARTLY: ("partly the same as", "partly the same as"),
}


def short(text: str, limit: int = 60) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def span_tooltip(
    store: Store,
    spans: Iterable[Span],
    tag_name: Callable[[TagId], str],
    colour_of: Callable[[TagId], str],
    annotator_name: Callable[[AnnotatorId], str],
) -> str:
    """One section per span: colour swatch, tag, annotator; a date's value and its status;
    note; each link and its quote."""
    parts: list[str] = []
    for s in spans:
        try:
            a = store.annotation(s.id)
        except NotFound:
            continue
        lines = [
            f'<span style="color:{html.escape(colour_of(s.tag_id))}">■</span> '
            f"<b>{html.escape(tag_name(s.tag_id))}</b> — {html.escape(annotator_name(a.annotator_id))}"
        ]
        value = store.date_value(a.id)
        if value is not None:
            shown = value[0] or "none"
            lines.append(f"value: <b>{html.escape(shown)}</b> ({html.escape(value[1])})")
        if a.note:
            lines.append(f"<i>{html.escape(a.note)}</i>")
        for link in store.links_of(a.id):
            outgoing = link.source_id == a.id
            other = link.target_id if outgoing else link.source_id
            try:
                quote = store.annotation(other).quote
            except NotFound:
                continue
            names = LINK_NAMES.get(link.kind, (link.kind.value, link.kind.value))
            label = names[0] if outgoing else names[1]
            lines.append(f"{html.escape(label)}: “{html.escape(short(quote))}”")
        parts.append("<br>".join(lines))
    return "<hr>".join(parts)
