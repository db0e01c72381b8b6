"""Inter-annotator agreement, exactly as PRODUCT.md ("Agreement, defined once") says.

**Units** are the code points of each chosen document's text, whitespace included. For an
annotator a unit's **label** is the set of tags whose spans (of that annotator) cover it;
the empty set means "none". Annotators, documents and tags can be narrowed down; with one
tag, the label is "covered by this tag or not".

- **Cohen's κ**, for each pair of annotators: ``(p_o - p_e) / (1 - p_e)`` where ``p_o`` is
  the share of units on which both gave the same label and ``p_e = Σ_k p_A(k) p_B(k)``.
- **Krippendorff's α** (nominal), over all chosen annotators: every annotator labels every
  unit, so ``α = 1 - (n - 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k`` with the usual coincidence
  matrix ``o`` and ``n = units × annotators``.
- **Span F1** for each pair, A the reference and B the hypothesis. *Exact*: a span of one
  matches when the other has one with the same document, start, end and tag. *Overlap*: it
  matches when the other has one with the same document and tag sharing at least one code
  point. Precision = share of B's spans that match, recall = share of A's spans that match,
  F1 = their harmonic mean (0 when one side has no spans and the other has some).

Each is given **overall** (all chosen documents' units together), **per tag** (κ and α on
the binary label "covered by this tag or not"; F1 on that tag's spans) and **per document**.

A measure that is not defined gives ``None`` and a reason starting "not defined:" — one
annotator, no units, no spans, or expected agreement 1 (a single label everywhere) — never a
made-up number. The results match scikit-learn's ``cohen_kappa_score`` and the
``krippendorff`` package (tests/core/test_agreement_crosscheck.py).

The JSON written by :meth:`AgreementReport.to_json` has a stable shape, version 1 (also in
docs/agreement-json.md)::

    {
      "format": "annot-agreement", "version": 1,
      "annotators": ["alice", "bob"],           # in the order pairs are formed
      "tags": ["claim", "actor", "date"],       # the tags taken into account
      "documents": [{"id": 1, "title": "…", "sha256": "…", "units": 5120}],
      "units": 5120,                            # code points of all chosen documents
      "overall": SECTION,
      "per_tag": [{"tag": "claim", **SECTION}, …],
      "per_document": [{"document": 1, "title": "…", **SECTION}, …]
    }
    SECTION = {"units": int, "alpha": VALUE, "pairs": [PAIR, …]}
    PAIR    = {"a": "alice", "b": "bob", "kappa": VALUE, "exact": SPANS, "overlap": SPANS}
    SPANS   = {"spans_a": int, "spans_b": int, "matched_a": int, "matched_b": int,
               "precision": VALUE, "recall": VALUE, "f1": VALUE}
    VALUE   = {"value": float | null, "reason": null | "not defined: …"}

Pairs are the unordered pairs (a before b in ``annotators`` order).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np
import numpy.typing as npt

from annot.core.errors import Cancelled, ValidationError
from annot.core.model import AnnotatorId, DocumentId, DocumentInfo, TagId
from annot.core.store import Store

Progress = Callable[[int, int], bool]  # (done, total) -> keep going?
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

JSON_FORMAT = "annot-agreement"
JSON_VERSION = 1


class AgreementCancelled(Cancelled):
    """The person cancelled the computation."""


# -- values -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Value:
    """A measure: a number, or None with the reason it is not defined."""

    value: float | None
    reason: str | None = None

    @classmethod
    def undefined(cls, why: str) -> Value:
        return cls(None, f"not defined: {why}")

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "reason": self.reason}

    def __str__(self) -> str:
        return "n/a" if self.value is None else f"{self.value:.3f}"


@dataclass
class Tally:
    """What κ and α need from a set of units: per annotator how often each label occurs,
    and per pair of annotators on how many units they gave the same label."""

    units: int
    hist: list[Counter[int]]
    agree: dict[tuple[int, int], int]

    @classmethod
    def empty(cls, m: int) -> Tally:
        return cls(0, [Counter() for _ in range(m)], {p: 0 for p in combinations(range(m), 2)})

    def add(self, other: Tally) -> None:
        self.units += other.units
        for mine, theirs in zip(self.hist, other.hist, strict=True):
            mine.update(theirs)
        for pair, n in other.agree.items():
            self.agree[pair] += n

    def kappa(self, i: int, j: int) -> Value:
        n = self.units
        if n == 0:
            return Value.undefined("there are no units (no document, or empty documents)")
        s = sum(c * self.hist[j].get(label, 0) for label, c in self.hist[i].items())
        if n * n == s:
            return Value.undefined(
                "expected agreement is 1 (both gave every unit the same single label)"
            )
        return Value((self.agree[(i, j)] * n - s) / (n * n - s))

    def alpha(self) -> Value:
        m = len(self.hist)
        if m < 2:
            return Value.undefined("α needs at least two annotators")
        if self.units == 0:
            return Value.undefined("there are no units (no document, or empty documents)")
        n = self.units * m
        totals: Counter[int] = Counter()
        for h in self.hist:
            totals.update(h)
        spread = n * n - sum(c * c for c in totals.values())  # Σ_{c≠k} n_c n_k
        if spread == 0:
            return Value.undefined("only one label occurs, so expected disagreement is 0")
        disagree = m * (m - 1) * self.units - 2 * sum(self.agree.values())  # × (m - 1) o_ck
        return Value(1 - (n - 1) * disagree / ((m - 1) * spread))


@dataclass
class SpanCounts:
    spans_a: int = 0
    spans_b: int = 0
    matched_a: int = 0  # A's spans that B matches (recall numerator)
    matched_b: int = 0  # B's spans that A matches (precision numerator)

    def add(self, other: SpanCounts) -> None:
        self.spans_a += other.spans_a
        self.spans_b += other.spans_b
        self.matched_a += other.matched_a
        self.matched_b += other.matched_b

    def scores(self) -> dict[str, Value]:
        if self.spans_a == 0 and self.spans_b == 0:
            none = Value.undefined("neither annotator has spans here")
            return {"precision": none, "recall": none, "f1": none}
        p = (
            Value(self.matched_b / self.spans_b)
            if self.spans_b
            else Value.undefined("B has no spans here")
        )
        r = (
            Value(self.matched_a / self.spans_a)
            if self.spans_a
            else Value.undefined("A has no spans here")
        )
        if p.value is None or r.value is None or p.value + r.value == 0:
            f1 = Value(0.0)
        else:
            f1 = Value(2 * p.value * r.value / (p.value + r.value))
        return {"precision": p, "recall": r, "f1": f1}

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "spans_a": self.spans_a,
            "spans_b": self.spans_b,
            "matched_a": self.matched_a,
            "matched_b": self.matched_b,
        }
        out.update({k: v.to_json() for k, v in self.scores().items()})
        return out


@dataclass
class Section:
    """κ, α and span F1 over one set of units (all, one tag's binary view, one document)."""

    tally: Tally
    exact: dict[tuple[int, int], SpanCounts]
    overlap: dict[tuple[int, int], SpanCounts]

    @classmethod
    def empty(cls, m: int) -> Section:
        pairs = list(combinations(range(m), 2))
        return cls(
            Tally.empty(m), {p: SpanCounts() for p in pairs}, {p: SpanCounts() for p in pairs}
        )

    def add(self, other: Section) -> None:
        self.tally.add(other.tally)
        for p, c in other.exact.items():
            self.exact[p].add(c)
        for p, c in other.overlap.items():
            self.overlap[p].add(c)

    def to_json(self, names: Sequence[str]) -> dict[str, Any]:
        return {
            "units": self.tally.units,
            "alpha": self.tally.alpha().to_json(),
            "pairs": [
                {
                    "a": names[i],
                    "b": names[j],
                    "kappa": self.tally.kappa(i, j).to_json(),
                    "exact": self.exact[(i, j)].to_json(),
                    "overlap": self.overlap[(i, j)].to_json(),
                }
                for i, j in self.exact
            ],
        }


@dataclass
class AgreementReport:
    annotators: list[str]
    tags: list[str]
    documents: list[DocumentInfo]
    overall: Section
    per_tag: list[Section]  # parallel to tags
    per_document: list[Section]  # parallel to documents
    extra: dict[str, Any] = field(default_factory=dict)

    def pairs(self) -> list[tuple[int, int]]:
        return list(combinations(range(len(self.annotators)), 2))

    def to_json(self) -> dict[str, Any]:
        names = self.annotators
        return {
            "format": JSON_FORMAT,
            "version": JSON_VERSION,
            "annotators": list(names),
            "tags": list(self.tags),
            "documents": [
                {"id": d.id, "title": d.title, "sha256": d.sha256, "units": d.length}
                for d in self.documents
            ],
            "units": self.overall.tally.units,
            "overall": self.overall.to_json(names),
            "per_tag": [
                {"tag": t, **s.to_json(names)}
                for t, s in zip(self.tags, self.per_tag, strict=True)
            ],
            "per_document": [
                {"document": d.id, "title": d.title, **s.to_json(names)}
                for d, s in zip(self.documents, self.per_document, strict=True)
            ],
        }


# -- computing ----------------------------------------------------------------------------


def _coverage(length: int, starts: IntArray, ends: IntArray) -> BoolArray:
    """Which of ``length`` units the spans [starts, ends) cover."""
    delta = np.bincount(starts, minlength=length + 1) - np.bincount(ends, minlength=length + 1)
    covered: BoolArray = np.cumsum(delta[:length]) > 0
    return covered


def _hist(labels: IntArray, small: bool) -> Counter[int]:
    if small:
        counts = np.bincount(labels)
        nz = np.flatnonzero(counts)
        return Counter(dict(zip(nz.tolist(), counts[nz].tolist(), strict=True)))
    values, counts = np.unique(labels, return_counts=True)
    return Counter(dict(zip(values.tolist(), counts.tolist(), strict=True)))


def _tally(labels: list[IntArray], small: bool) -> Tally:
    m = len(labels)
    return Tally(
        int(labels[0].shape[0]) if labels else 0,
        [_hist(x, small) for x in labels],
        {(i, j): int(np.count_nonzero(labels[i] == labels[j])) for i, j in combinations(range(m), 2)},
    )


class _LabelCodes:
    """Turns per-unit tag sets into integers comparable across documents: a bitmask of tag
    positions when there are at most 62 tags, otherwise codes given to each distinct set."""

    def __init__(self, n_tags: int) -> None:
        self.words = max(1, (n_tags + 61) // 62)
        self.small = n_tags <= 16  # bitmask < 65536: counting by np.bincount is cheapest
        self._codes: dict[tuple[int, ...], int] = {}

    def labels(self, cover: list[list[BoolArray | None]], length: int) -> list[IntArray]:
        """``cover[i][t]``: units covered by annotator i's spans of tag t (None: no spans)."""
        per_word: list[list[IntArray]] = []
        for tags in cover:
            words = [np.zeros(length, dtype=np.int64) for _ in range(self.words)]
            for t, cov in enumerate(tags):
                if cov is not None:
                    words[t // 62] |= cov.astype(np.int64) << (t % 62)
            per_word.append(words)
        if self.words == 1:
            return [w[0] for w in per_word]
        stacked = np.concatenate([np.stack(w, axis=1) for w in per_word])
        uniq, inverse = np.unique(stacked, axis=0, return_inverse=True)
        codes = np.array(
            [self._codes.setdefault(tuple(row), len(self._codes)) for row in uniq.tolist()],
            dtype=np.int64,
        )
        flat = codes[inverse.reshape(-1)]
        return [flat[i * length : (i + 1) * length] for i in range(len(cover))]


def _span_counts(
    a: tuple[IntArray, IntArray, IntArray],
    b: tuple[IntArray, IntArray, IntArray],
    cover_a: BoolArray | None,
    cover_b: BoolArray | None,
    length: int,
) -> tuple[SpanCounts, SpanCounts]:
    """Exact and overlap counts between A's and B's spans of one tag in one document."""
    (_, sa, ea), (_, sb, eb) = a, b
    exact = SpanCounts(len(sa), len(sb))
    overlap = SpanCounts(len(sa), len(sb))
    if len(sa) and len(sb):
        key_a, key_b = sa * (length + 1) + ea, sb * (length + 1) + eb
        exact.matched_a = int(np.count_nonzero(np.isin(key_a, key_b)))
        exact.matched_b = int(np.count_nonzero(np.isin(key_b, key_a)))
        assert cover_a is not None and cover_b is not None
        for (s, e, other), attr in (((sa, ea, cover_b), "matched_a"), ((sb, eb, cover_a), "matched_b")):
            prefix = np.concatenate(([0], np.cumsum(other, dtype=np.int64)))
            setattr(overlap, attr, int(np.count_nonzero(prefix[e] - prefix[s] > 0)))
    return exact, overlap


def measure(
    documents: Sequence[tuple[DocumentInfo, IntArray]],
    n_annotators: int,
    n_tags: int,
    progress: Progress | None = None,
) -> tuple[Section, list[Section], list[Section]]:
    """The computation without a store. For each document, ``spans`` is an (k, 4) array of
    rows (annotator index, tag index, start, end). Returns overall, per tag, per document."""
    m = n_annotators
    pairs = list(combinations(range(m), 2))
    codes = _LabelCodes(n_tags)
    overall = Section.empty(m)
    per_tag = [Section.empty(m) for _ in range(n_tags)]
    per_doc: list[Section] = []
    for done, (info, spans) in enumerate(documents):
        if progress is not None and not progress(done, len(documents)):
            raise AgreementCancelled("agreement cancelled")
        length = info.length
        order = np.lexsort((spans[:, 1], spans[:, 0])) if len(spans) else np.zeros(0, np.int64)
        spans = spans[order]
        groups: dict[tuple[int, int], tuple[IntArray, IntArray, IntArray]] = {}
        if len(spans):
            keys = spans[:, 0] * n_tags + spans[:, 1]
            cuts = np.flatnonzero(np.diff(keys)) + 1
            for chunk in np.split(spans, cuts):
                groups[(int(chunk[0, 0]), int(chunk[0, 1]))] = (chunk[:, 1], chunk[:, 2], chunk[:, 3])
        empty: tuple[IntArray, IntArray, IntArray] = (
            np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
        )  # fmt: skip
        cover: list[list[BoolArray | None]] = [[None] * n_tags for _ in range(m)]
        for (i, t), (_, s, e) in groups.items():
            cover[i][t] = _coverage(length, s, e)
        doc = Section.empty(m)
        doc.tally = _tally(codes.labels(cover, length), codes.small)
        for t in range(n_tags):
            section = Section.empty(m)
            binary: list[IntArray] = []
            for c in cover:
                cov = c[t]
                binary.append(np.zeros(length, np.int64) if cov is None else cov.astype(np.int64))
            section.tally = _tally(binary, True)
            for i, j in pairs:
                ex, ov = _span_counts(
                    groups.get((i, t), empty), groups.get((j, t), empty), cover[i][t], cover[j][t], length
                )
                section.exact[(i, j)], section.overlap[(i, j)] = ex, ov
                doc.exact[(i, j)].add(ex)
                doc.overlap[(i, j)].add(ov)
            per_tag[t].add(section)
        overall.add(doc)
        per_doc.append(doc)
    return overall, per_tag, per_doc


def agreement(
    store: Store,
    *,
    annotators: Sequence[str] | None = None,
    documents: Sequence[DocumentId] | None = None,
    tag: str | None = None,
    progress: Progress | None = None,
) -> AgreementReport:
    """Agreement between ``annotators`` (names; by default every annotator with at least
    one annotation) over ``documents`` (ids; by default all), on every tag of the codebook
    or on ``tag`` alone."""
    known = {a.name: a.id for a in store.annotators()}
    if annotators is None:
        used = {row[1] for row in store.span_rows(annotator_ids=list(known.values()))}
        names = [n for n in known if known[n] in used]
    else:
        names = list(dict.fromkeys(a.strip() for a in annotators if a.strip()))
        missing = [n for n in names if n not in known]
        if missing:
            raise ValidationError(
                f"no annotator named {', '.join(map(repr, missing))} in this project"
                f" (there are: {', '.join(known) or 'none'})"
            )
    all_docs = store.documents()
    if documents is None:
        docs = all_docs
    else:
        by_id = {d.id: d for d in all_docs}
        unknown = [str(d) for d in documents if d not in by_id]
        if unknown:
            raise ValidationError(f"no document with id {', '.join(unknown)} in this project")
        docs = [by_id[d] for d in dict.fromkeys(documents)]
    if tag is None:
        tags = store.tags()
    else:
        found = store.tag_by_name(tag)
        if found is None:
            raise ValidationError(f"there is no tag named {tag!r} in the codebook")
        tags = [found]
    ann_index = {known[n]: i for i, n in enumerate(names)}
    tag_index: dict[TagId, int] = {t.id: i for i, t in enumerate(tags)}
    rows = store.span_rows(
        annotator_ids=[AnnotatorId(known[n]) for n in names],
        document_ids=[d.id for d in docs],
        tag_ids=list(tag_index),
    )
    by_doc: dict[int, list[tuple[int, int, int, int]]] = {d.id: [] for d in docs}
    for doc_id, who, tag_id, start, end in rows:
        by_doc[doc_id].append((ann_index[AnnotatorId(who)], tag_index[TagId(tag_id)], start, end))
    inputs = [
        (d, np.array(by_doc[d.id], dtype=np.int64).reshape(-1, 4)) for d in docs
    ]
    overall, per_tag, per_doc = measure(inputs, len(names), len(tags), progress)
    return AgreementReport(names, [t.name for t in tags], docs, overall, per_tag, per_doc)
