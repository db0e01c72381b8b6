"""Claim-alignment suggestions (annot.core.suggest) on a small synthetic corpus, offline."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from annot.core.suggest import ClaimSpan, Suggester, load_embedder, sentence_around
from tests.conftest import ROOT

# Three reports of the same events, worded differently; each proposition is a "group".
DOCS = {
    "a": (
        "Russia withdrew from the European anti-torture convention on Monday. "
        "Grain prices rose sharply in September, the agriculture ministry said. "
        "Officials denied that a missile had been tested near the border."
    ),
    "b": (
        "Officials rejected reports of a missile test close to the border. "
        "Moscow has pulled out of the European convention against torture. "
        "The ministry of agriculture said the price of grain climbed steeply in September."
    ),
    "c": (
        "The cost of grain went up steeply last month, according to the farm ministry. "
        "The Kremlin left the Council of Europe's convention for the prevention of torture. "
        "A new stadium opened in Kazan."
    ),
}
# (document, quote, group): the claim spans, found by their quote
SPANS = [
    ("a", "withdrew from the European anti-torture convention", "convention"),
    ("a", "Grain prices rose sharply", "grain"),
    ("a", "denied that a missile had been tested", "missile"),
    ("b", "rejected reports of a missile test", "missile"),
    ("b", "has pulled out of the European convention against torture", "convention"),
    ("b", "the price of grain climbed steeply", "grain"),
    ("c", "The cost of grain went up steeply", "grain"),
    ("c", "left the Council of Europe's convention", "convention"),
    ("c", "A new stadium opened in Kazan", "stadium"),
]


def _claims() -> tuple[list[ClaimSpan], dict[str, str]]:
    claims, group = [], {}
    for n, (doc, quote, g) in enumerate(SPANS):
        start = DOCS[doc].index(quote)
        claims.append(ClaimSpan(f"c{n}", doc, start, start + len(quote)))
        group[f"c{n}"] = g
    return claims, group


@pytest.mark.parametrize("semantic", [True, False], ids=["tfidf+wordllama", "tfidf-only"])
def test_the_matching_claim_ranks_first_and_never_one_of_the_same_document(semantic: bool) -> None:
    claims, group = _claims()
    suggester = Suggester(claims, DOCS, semantic=semantic)
    for claim in claims:
        ranked = suggester.suggest(claim.id, top=10)
        assert all(c.claim.document != claim.document for c in ranked)
        others = [c for c in claims if c.document != claim.document]
        assert len(ranked) == len(others)  # every claim of the other documents, once
        scores = [c.score for c in ranked]
        assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
        if group[claim.id] != "stadium":
            assert group[ranked[0].claim.id] == group[claim.id], (claim, ranked[:3])


def test_suggest_all_gives_the_same_rankings_as_one_at_a_time() -> None:
    claims, _ = _claims()
    suggester = Suggester(claims, DOCS)
    for claim, ranked in suggester.suggest_all(top=3):
        assert [c.claim.id for c in ranked] == [c.claim.id for c in suggester.suggest(claim.id, top=3)]
        assert len(ranked) == 3


def test_a_single_document_or_no_claims_gives_no_candidates() -> None:
    alone = [ClaimSpan("x", "a", 0, 6), ClaimSpan("y", "a", 10, 20)]
    assert [r for _, r in Suggester(alone, DOCS).suggest_all()] == [[], []]
    assert list(Suggester([], DOCS).suggest_all()) == []


def test_sentence_around_a_short_span_and_a_long_one() -> None:
    text = DOCS["a"]
    start = text.index("rose")
    assert sentence_around(text, start, start + 4) == (
        "Grain prices rose sharply in September, the agriculture ministry said."
    )
    # a span over two sentences keeps both, whole
    start, end = text.index("Monday"), text.index("Grain") + 5
    assert sentence_around(text, start, end).startswith("Russia withdrew")
    assert sentence_around(text, start, end).endswith("ministry said.")


def test_the_model_loads_from_the_package_with_no_network(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """WordLlama's weights and tokenizer ship inside the wheel: loading and embedding work
    with every socket refused and an empty download cache."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network disabled by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    import wordllama

    monkeypatch.setattr(wordllama.WordLlama, "DEFAULT_CACHE_DIR", tmp_path / "cache")
    load_embedder.cache_clear()
    try:
        model = load_embedder()
        vectors = model.embed(["Russia left the convention", "Moscow quit the treaty"], norm=True)
    finally:
        load_embedder.cache_clear()
    assert vectors.shape[0] == 2 and vectors.shape[1] > 0
    assert not (tmp_path / "cache").exists()  # nothing was fetched into a cache
    with pytest.raises(OSError, match="network disabled"):  # the guard itself works
        socket.create_connection(("127.0.0.1", 9))


def test_heavy_modules_are_not_imported_at_start_up() -> None:
    code = (
        "import sys, annot.cli, annot.core.suggest, annot.core.dates\n"
        "heavy = [m for m in ('sklearn', 'wordllama', 'dateparser', 'scipy') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"
