"""Re-anchoring by quote gives exactly what scoring every occurrence one by one gives
(the plain algorithm below, as annot had it), now that a TextIndex does it near-linearly
for many quotes in one text (issue 8, part 10; the speed is measured in make bench)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annot.core.documents import SourceText, sha256_text
from annot.core.imports.anchoring import TextIndex, _context_score, anchor
from annot.core.imports.wadm import import_wadm
from annot.core.project import Project


def plain_anchor(text: str, exact: str | None, prefix: str, suffix: str, start: int | None, end: int | None):  # type: ignore[no-untyped-def]
    """Every occurrence scored in turn: the definition."""
    has_position = isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
    if has_position and start is not None and end is not None:
        if exact is None:
            return (start, end, False)
        if text[start:end] == exact and _context_score(text, start, end, prefix, suffix) == len(prefix) + len(suffix):
            return (start, end, False)
    if not exact:
        return None
    old = start if isinstance(start, int) else 0
    best = None
    best_at = -1
    at = text.find(exact)
    while at >= 0:
        key = (_context_score(text, at, at + len(exact), prefix, suffix), -abs(at - old))
        if best is None or key > best:
            best, best_at = key, at
        at = text.find(exact, at + 1)
    if best is None:
        return None
    return (best_at, best_at + len(exact), not (has_position and best_at == start and best_at + len(exact) == end))


small = st.text(alphabet="ab c👍\n", max_size=6)


@settings(max_examples=600, deadline=None)
@given(
    st.text(alphabet="ab c👍\n", min_size=0, max_size=60),
    st.one_of(st.none(), st.text(alphabet="ab c👍", max_size=3)),
    small,
    small,
    st.one_of(st.none(), st.integers(-3, 70)),
    st.one_of(st.none(), st.integers(-3, 70)),
)
def test_same_place_as_scoring_every_occurrence(text: str, exact: str | None, prefix: str, suffix: str, start: int | None, end: int | None) -> None:
    ours = anchor(text, exact=exact, prefix=prefix, suffix=suffix, start=start, end=end)
    expected = plain_anchor(text, exact, prefix, suffix, start, end)
    assert (None if ours is None else (ours.start, ours.end, ours.moved)) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab c", min_size=1, max_size=80), st.lists(st.tuples(st.integers(0, 79), st.integers(1, 4), st.integers(0, 5), st.integers(0, 5), st.booleans()), max_size=20))
def test_one_index_for_many_quotes_matches_fresh_ones(text: str, spans: list[tuple[int, int, int, int, bool]]) -> None:
    index = TextIndex(text)
    for s, n, lp, ls, drift in spans:
        s = min(s, len(text) - 1)
        e = min(len(text), s + n)
        prefix, suffix = text[max(0, s - lp) : s], text[e : e + ls]
        if drift:  # the text changed around it: a context that no longer quite fits
            prefix, suffix = "c" + prefix[1:], suffix[:-1] + "b"
        got = index.anchor(exact=text[s:e], prefix=prefix, suffix=suffix)
        assert got is not None
        assert (got.start, got.end, got.moved) == plain_anchor(text, text[s:e], prefix, suffix, None, None)


def test_quote_only_items_in_a_repetitive_text_land_on_their_own_sentence(tmp_path: Path) -> None:
    """Sentences that repeat, told apart only by a number in their context."""
    text = "".join(f"Item {i}: the minister said no. " for i in range(300))
    p = Project.in_memory()
    p.set_annotator("x")
    p.import_sources([SourceText(text, "T", "", "t.txt", sha256_text(text))])
    rng = random.Random(5)
    items, expected = [], []
    for k in range(200):
        i = rng.randrange(300)
        s = text.index(f"Item {i}:") + len(f"Item {i}: ")
        e = s + len("the minister said")
        expected.append((s, e))
        items.append({
            "id": f"urn:uuid:00000000-0000-4000-8000-{k:012d}", "type": "Annotation",
            "body": [{"type": "TextualBody", "purpose": "tagging", "value": "claim"}],
            "target": {"source": f"urn:sha256:{sha256_text(text)}", "selector": {
                "type": "TextQuoteSelector", "exact": text[s:e], "prefix": text[max(0, s - 12) : s], "suffix": text[e : e + 4]}},
        })  # fmt: skip
    path = tmp_path / "quotes.jsonld"
    path.write_text(json.dumps(items), "utf-8")
    report = import_wadm(p, path, annotator="x")
    assert report.unanchored == []
    got = sorted((a.start, a.end) for a in p.store.annotations())
    assert got == sorted(expected)
    p.close()
