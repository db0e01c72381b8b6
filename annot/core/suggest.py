"""Suggest which claims of other documents report the same proposition as a claim.

Offline, nothing downloaded: every claim is represented by its span and the sentence
around it (a claim may be a verb phrase or a whole sentence), and two claims are compared by

- a lexical score: the cosine of TF-IDF vectors (scikit-learn; words and word pairs,
  sublinear counts) of span + sentence, fitted on the claims of the project;
- two semantic scores: the cosines of WordLlama embeddings of the sentence and of the span
  alone (a static embedding model that ships inside the ``wordllama`` wheel and is loaded
  from it with downloads disabled);
- and, as a prior, the TF-IDF cosine of the two documents (reports of the same story share
  their claims), at half the weight of each score above.

The suggestion score is the weighted mean (in [0, 1]); candidates come only from
other documents, best first. :class:`Suggester` computes the vectors once, so that asking
for one selected claim again costs a few milliseconds (the interactive path). Heavy
imports (scikit-learn, wordllama) happen on first use, never at start-up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Candidate", "ClaimSpan", "Suggester", "load_embedder", "sentence_around"]

MAX_CONTEXT = 400  # code points of sentence kept on either side of a span
LARGE = 1000  # claims from which terms seen only once are left out of TF-IDF
BLOCK = 512  # claims scored at once when ranking them all (bounds memory at 10k claims)
DOCUMENT_WEIGHT = 0.5  # the two reports' similarity: a prior, half the weight of a claim score
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s)|\n\s*\n|\n")


@dataclass(frozen=True, slots=True)
class ClaimSpan:
    """A claim: its id, its document (any hashable key) and ``[start, end)`` in that text."""

    id: str
    document: Any
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Candidate:
    claim: ClaimSpan
    score: float


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) holding ``text[start:end]``: from the end of the sentence before the
    span to the end of the sentence where it ends (at most MAX_CONTEXT on either side)."""
    lo = max(0, start - MAX_CONTEXT)
    left = lo
    for m in _SENTENCE_END.finditer(text, lo, start):
        left = m.end()
    right_match = _SENTENCE_END.search(text, end, min(len(text), end + MAX_CONTEXT))
    right = right_match.end() if right_match else min(len(text), end + MAX_CONTEXT)
    return text[left:right].strip()


@lru_cache(maxsize=1)
def load_embedder() -> Any:
    """The WordLlama model shipped inside the wordllama package (no network, ever)."""
    from pathlib import Path

    import wordllama

    package = Path(wordllama.__file__).parent  # holds weights/ and tokenizers/
    return wordllama.WordLlama.load(cache_dir=package, disable_download=True)


class Suggester:
    """Rank, for a claim, the claims of other documents. Vectors are computed once.

    ``texts`` maps each document key to its text. ``semantic=False`` leaves WordLlama out
    (lexical score only)."""

    def __init__(
        self, claims: Sequence[ClaimSpan], texts: Mapping[Any, str], *, semantic: bool = True
    ) -> None:
        self.claims = list(claims)
        self._index = {c.id: i for i, c in enumerate(self.claims)}
        self._texts = texts
        self.semantic = semantic
        self._lexical: Any = None  # sparse TF-IDF rows, L2-normalised
        self._lexical_t: Any = None
        self._dense: np.ndarray | None = None  # [sentence | span] embeddings, L2-normalised
        self._rows_of_doc: dict[Any, np.ndarray] = {}  # the claims of each document
        self._doc_number: np.ndarray | None = None  # each claim's document, numbered
        self._doc_similarity: np.ndarray | None = None  # TF-IDF cosine of the documents
        self._rejected: dict[int, list[int]] = {}  # row -> rows never suggested for it

    def set_rejected(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Pairs of claim ids the user rejected: neither is suggested for the other (cheap:
        the vectors are kept)."""
        rejected: dict[int, list[int]] = {}
        for a, b in pairs:
            i, j = self._index.get(a), self._index.get(b)
            if i is not None and j is not None:
                rejected.setdefault(i, []).append(j)
                rejected.setdefault(j, []).append(i)
        self._rejected = rejected

    # -- vectors ------------------------------------------------------------------------

    def _inputs(self) -> tuple[list[str], list[str]]:
        spans, contexts = [], []
        for c in self.claims:
            text = self._texts[c.document]
            span = text[c.start : c.end]
            spans.append(span)
            contexts.append(sentence_around(text, c.start, c.end))
        return spans, contexts

    def prepare(self) -> None:
        """Compute every vector (done on first use; call it early to pay the cost up front)."""
        if self._doc_similarity is not None:
            return
        import numpy as np

        spans, contexts = self._inputs()
        self._lexical = _tfidf([f"{s} {s} {c}" for s, c in zip(spans, contexts, strict=True)])
        self._lexical_t = self._lexical.T.tocsr()  # transposed once, not for every block
        if self.semantic and self.claims:
            # [sentence | span]: one product gives the sum of the two cosines
            self._dense = np.hstack([_embed(contexts), _embed(spans)])
        rows: dict[Any, list[int]] = {}
        for i, c in enumerate(self.claims):
            rows.setdefault(c.document, []).append(i)
        self._rows_of_doc = {doc: np.array(r) for doc, r in rows.items()}
        number = {doc: i for i, doc in enumerate(rows)}
        self._doc_number = np.array([number[c.document] for c in self.claims], dtype=np.intp)
        documents = _tfidf([self._texts[doc] for doc in rows], every_term=True)
        self._doc_similarity = np.asarray((documents @ documents.T).toarray(), dtype=np.float32)

    def _scores(self, rows: Sequence[int]) -> np.ndarray:
        """Scores of ``rows`` against every claim: the weighted mean of the lexical cosine, the
        two semantic ones (sentence, span) and the documents' similarity; -inf for the claims
        of the row's own document."""
        import numpy as np

        self.prepare()
        scores: np.ndarray = (self._lexical[rows] @ self._lexical_t).toarray()
        parts = 1.0 + DOCUMENT_WEIGHT
        if self._dense is not None:
            scores += self._dense[rows] @ self._dense.T
            parts += 2.0
        assert self._doc_similarity is not None and self._doc_number is not None
        scores += DOCUMENT_WEIGHT * self._doc_similarity[self._doc_number[rows]][:, self._doc_number]
        scores /= parts
        np.clip(scores, 0.0, 1.0, out=scores)  # opposite embeddings: no similarity
        for i, row in enumerate(rows):
            scores[i, self._rows_of_doc[self.claims[row].document]] = -np.inf
            if row in self._rejected:
                scores[i, self._rejected[row]] = -np.inf
        return scores

    # -- asking -------------------------------------------------------------------------

    def suggest(self, claim_id: str, top: int = 10) -> list[Candidate]:
        """The ``top`` claims of other documents most likely to report ``claim_id``'s
        proposition, best first (the interactive path: fast once prepared)."""
        return self._ranked(self._scores([self._index[claim_id]]), top)[0]

    def suggest_all(self, top: int = 10) -> Iterator[tuple[ClaimSpan, list[Candidate]]]:
        """Every claim with its ranked candidates, in the order of ``claims``."""
        for lo in range(0, len(self.claims), BLOCK):
            rows = list(range(lo, min(lo + BLOCK, len(self.claims))))
            yield from zip((self.claims[r] for r in rows), self._ranked(self._scores(rows), top), strict=True)

    def _ranked(self, scores: np.ndarray, top: int) -> list[list[Candidate]]:
        """Each row's ``top`` best columns, best first (ties: the earlier claim first)."""
        import numpy as np

        n = scores.shape[1]
        k = min(top, n)
        if k <= 0:
            return [[] for _ in range(scores.shape[0])]
        if k < n:  # the k largest of each row, in no order (no negated copy of the block)
            best = np.argpartition(scores, n - k, axis=1)[:, n - k :]
        else:
            best = np.tile(np.arange(n), (len(scores), 1))
        values = np.take_along_axis(scores, best, axis=1)
        order = np.lexsort((best, -values), axis=1)
        best = np.take_along_axis(best, order, axis=1)
        values = np.take_along_axis(values, order, axis=1)
        return [
            [Candidate(self.claims[j], round(float(v), 6)) for j, v in zip(b.tolist(), vs.tolist(), strict=True)
             if v != -np.inf]
            for b, vs in zip(best, values, strict=True)
        ]  # fmt: skip


def _embed(texts: list[str]) -> np.ndarray:
    """L2-normalised WordLlama embeddings; each distinct text embedded once."""
    import numpy as np

    unique = list(dict.fromkeys(texts))
    where = {t: i for i, t in enumerate(unique)}
    vectors = np.nan_to_num(load_embedder().embed(unique, norm=True, batch_size=256))
    picked: np.ndarray = np.asarray(vectors[[where[t] for t in texts]], dtype=np.float32)
    return picked


def _tfidf(texts: list[str], *, every_term: bool = False) -> Any:
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not texts:
        return csr_matrix((0, 1))
    # A term of a single claim links no two claims; in a large project dropping those keeps
    # the products sparse (and fast) at no cost in ranking measured on MEANTIME.
    min_df = 2 if len(texts) >= LARGE and not every_term else 1
    vectoriser = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, dtype=np.float32, min_df=min_df)
    try:
        return vectoriser.fit_transform(texts).tocsr()
    except ValueError:  # only empty texts: no vocabulary
        return csr_matrix((len(texts), 1))


# -- a project's claims -------------------------------------------------------------------


def project_suggester(store: Any, *, semantic: bool = True) -> tuple[Suggester, dict[Any, str]]:
    """A :class:`Suggester` over every claim (annotation of a claim-role tag) of ``store``,
    and the documents' titles by id."""
    from annot.core.model import Role

    claim_tags = [t.id for t in store.tags() if t.role == Role.CLAIM]
    claims = [
        ClaimSpan(a.id, a.document_id, a.start, a.end)
        for tag in claim_tags
        for a in store.annotations(tag_id=tag)
    ]
    claims.sort(key=lambda c: (c.document, c.start, c.end, c.id))
    titles = {d.id: d.title for d in store.documents()}
    needed = {c.document for c in claims}
    texts = {doc: store.document_text(doc) for doc in needed}
    suggester = Suggester(claims, texts, semantic=semantic)
    suggester.set_rejected((a, b) for a, b, _ in store.rejected_pairs())
    return suggester, titles


def alignment_table(suggester: Suggester, titles: Mapping[Any, str], top: int) -> list[dict[str, Any]]:
    """The ``suggest-alignments --json`` list: each claim with its ranked candidates."""

    def entry(c: ClaimSpan) -> dict[str, Any]:
        return {"claim": c.id, "document": titles.get(c.document, str(c.document)),
                "start": c.start, "end": c.end}  # fmt: skip

    return [
        {**entry(claim), "candidates": [{**entry(x.claim), "score": x.score} for x in ranked]}
        for claim, ranked in suggester.suggest_all(top)
    ]
