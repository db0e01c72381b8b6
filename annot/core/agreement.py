"""Inter-annotator agreement, exactly as PRODUCT.md ("Agreement, defined once") says.

**Units** are the code points of each chosen document's text, whitespace included. By default
the documents are those where at least one chosen annotator has a span: a document nobody
annotated would only add agreeing "none" units (``all_documents`` takes them all in). For
an annotator a unit's **label** is the set of tags whose spans (of that annotator) cover
it; the empty set means "none". Annotators, documents and tags can be narrowed down; with
one tag, the label is "covered by this tag or not".

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
``krippendorff`` package (tests/core/test_review_agreement_crosscheck.py).

The JSON written by :meth:`AgreementReport.to_json` has a stable shape, version 1 (also in
docs/agreement-json.md)::

    {
      "format": "annot-agreement", "version": 1,
      "annotators": ["alice", "bob"],           # in the order pairs are formed
      "tags": ["claim", "actor", "date"],       # the tags taken into account
      "documents": [{"id": 1, "title": "…", "sha256": "…", "units": 5120}],
      "document_selection": "annotated",        # or "all" (--documents all), "chosen" (ids)
      "documents_left_out": [DOCUMENT, …],      # no span by a chosen annotator (same shape)
      "units": 5120,                            # code points of all documents used
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
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np
import numpy.typing as npt

from annot.core.errors import Cancelled, ValidationError
from annot.core.model import AnnotatorId, DocumentId, DocumentInfo, TagId
from annot.core.progress import Progress
from annot.core.store import Store

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

    def kappa(self, i: int, j: int) -> Value:
        n = self.units
        if n == 0:
            return Value.undefined("there are no units (no document where a chosen annotator has a span, or empty documents)")
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
            return Value.undefined("there are no units (no document where a chosen annotator has a span, or empty documents)")
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
    selection: str = "annotated"  # "annotated" (the default), "all" or "chosen" (by id)
    left_out: list[DocumentInfo] = field(default_factory=list)  # no span by a chosen annotator

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
            "document_selection": self.selection,
            "documents_left_out": [
                {"id": d.id, "title": d.title, "sha256": d.sha256, "units": d.length}
                for d in self.left_out
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
#
# All chosen documents are laid end to end on one axis of units (spans never cross a
# document's end), so every step is a handful of numpy passes whatever the number of
# documents; per-document figures are then counted with np.bincount over document indices.


def _coverage(length: int, starts: IntArray, ends: IntArray) -> BoolArray:
    """Which of ``length`` units the spans [starts, ends) cover."""
    delta = np.bincount(starts, minlength=length + 1) - np.bincount(ends, minlength=length + 1)
    covered: BoolArray = np.cumsum(delta[:length]) > 0
    return covered


class _LabelCodes:
    """Turns per-unit tag sets into small integer codes 0..K-1 shared by all annotators:
    through a bitmask of tag positions (62 tags per 64-bit word)."""

    def __init__(self, n_tags: int) -> None:
        self.words = max(1, (n_tags + 61) // 62)

    def codes(self, cover: list[list[BoolArray | None]], units: int) -> tuple[list[IntArray], int]:
        """``cover[i][t]``: units covered by annotator i's spans of tag t (None: no spans).
        Returns each annotator's code per unit, and the number of distinct codes K."""
        per_annotator: list[IntArray] = []
        for tags in cover:
            words = [np.zeros(units, dtype=np.int64) for _ in range(self.words)]
            for t, cov in enumerate(tags):
                if cov is not None:
                    words[t // 62] |= cov.astype(np.int64) << (t % 62)
            if self.words == 1:
                per_annotator.append(words[0])
            else:  # several words: fold each distinct row of words into one number below
                per_annotator.append(np.stack(words, axis=1))
        if not per_annotator:
            return [], 0
        if self.words == 1:
            top = max(int(x.max(initial=0)) for x in per_annotator)
            if top < 1 << 20:  # few tags: a lookup table is cheaper than sorting
                seen = np.zeros(top + 1, dtype=np.bool_)
                for x in per_annotator:
                    seen[x] = True
                table = np.cumsum(seen, dtype=np.int64) - 1
                return [table[x] for x in per_annotator], int(seen.sum())
            values = np.unique(np.concatenate(per_annotator))
            return [np.searchsorted(values, x).astype(np.int64) for x in per_annotator], len(values)
        stacked = np.concatenate(per_annotator)
        uniq, inverse = np.unique(stacked, axis=0, return_inverse=True)
        flat = inverse.reshape(-1).astype(np.int64)
        return [flat[i * units : (i + 1) * units] for i in range(len(cover))], len(uniq)


def _prefix(covered: BoolArray) -> IntArray:
    """prefix[u] = covered units before unit u (so a span [s, e) covers prefix[e] - prefix[s])."""
    out = np.zeros(len(covered) + 1, dtype=np.int64)
    np.cumsum(covered, out=out[1:])
    return out


def _counter(row: IntArray) -> Counter[int]:
    nz = np.flatnonzero(row)
    return Counter(dict(zip(nz.tolist(), row[nz].tolist(), strict=True)))


def measure(
    documents: Sequence[tuple[DocumentInfo, IntArray]],
    n_annotators: int,
    n_tags: int,
    progress: Progress | None = None,
) -> tuple[Section, list[Section], list[Section]]:
    """The computation without a store. For each document, ``spans`` is an (k, 4) array of
    rows (annotator index, tag index, start, end). Returns overall, per tag, per document."""
    m, n_docs = n_annotators, len(documents)
    pairs = list(combinations(range(m), 2))
    steps = m + len(pairs) * max(n_tags, 1) + 1

    def tick(done: int) -> None:
        if progress is not None and not progress(done, steps):
            raise AgreementCancelled("agreement cancelled")

    tick(0)
    lengths = np.array([info.length for info, _ in documents], dtype=np.int64)
    offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    units = int(offsets[-1])
    unit_doc = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
    parts = [
        np.column_stack((np.full(len(sp), d, np.int64), sp[:, :2], sp[:, 2:] + offsets[d]))
        for d, (_, sp) in enumerate(documents)
        if len(sp)
    ]
    rows = np.concatenate(parts) if parts else np.zeros((0, 5), np.int64)
    # spans grouped by (annotator, tag): document index, global start, global end
    groups: dict[tuple[int, int], tuple[IntArray, IntArray, IntArray]] = {}
    if len(rows):
        rows = rows[np.lexsort((rows[:, 2], rows[:, 1]))]
        keys = rows[:, 1] * n_tags + rows[:, 2]
        for chunk in np.split(rows, np.flatnonzero(np.diff(keys)) + 1):
            groups[(int(chunk[0, 1]), int(chunk[0, 2]))] = (chunk[:, 0], chunk[:, 3], chunk[:, 4])
    cover: list[list[BoolArray | None]] = [[None] * n_tags for _ in range(m)]
    for (i, t), (_, gs, ge) in groups.items():
        cover[i][t] = _coverage(units, gs, ge)

    # κ and α on label sets: overall and per document
    codes, k = _LabelCodes(n_tags).codes(cover, units)
    tick(m)
    hist_all = [np.bincount(c, minlength=k) for c in codes]
    hist_doc = [np.bincount(unit_doc * k + c, minlength=n_docs * k).reshape(n_docs, k) for c in codes]
    agree_all: dict[tuple[int, int], int] = {}
    agree_doc: dict[tuple[int, int], IntArray] = {}
    for i, j in pairs:
        same = codes[i] == codes[j]
        agree_all[(i, j)] = int(np.count_nonzero(same))
        agree_doc[(i, j)] = np.bincount(unit_doc[same], minlength=n_docs)
    overall = Section.empty(m)
    overall.tally = Tally(units, [_counter(h) for h in hist_all], agree_all)
    per_doc = [Section.empty(m) for _ in range(n_docs)]
    for d, section in enumerate(per_doc):
        section.tally = Tally(
            int(lengths[d]),
            [_counter(h[d]) for h in hist_doc],
            {p: int(agree_doc[p][d]) for p in pairs},
        )

    # per tag: κ and α on "covered by this tag or not", and span F1 on its spans
    per_tag = [Section.empty(m) for _ in range(n_tags)]
    none = np.zeros(units, dtype=np.bool_)
    empty = (np.zeros(0, np.int64),) * 3
    for t, section in enumerate(per_tag):
        binary: list[BoolArray] = []
        for c in cover:
            cov = c[t]
            binary.append(none if cov is None else cov)
        covered = [int(np.count_nonzero(b)) for b in binary]
        section.tally = Tally(
            units,
            [Counter({0: units - c, 1: c}) for c in covered],
            {(i, j): int(np.count_nonzero(binary[i] == binary[j])) for i, j in pairs},
        )
        for i, j in pairs:
            tick(m + 1)
            (da, sa, ea), (db, sb, eb) = groups.get((i, t), empty), groups.get((j, t), empty)
            flags = {"exact": (np.zeros(len(sa), bool), np.zeros(len(sb), bool))}
            flags["overlap"] = (np.zeros(len(sa), bool), np.zeros(len(sb), bool))
            if len(sa) and len(sb):
                key_a, key_b = sa * (units + 1) + ea, sb * (units + 1) + eb
                flags["exact"] = (np.isin(key_a, key_b), np.isin(key_b, key_a))
                pre_a, pre_b = _prefix(binary[i]), _prefix(binary[j])
                flags["overlap"] = (pre_b[ea] - pre_b[sa] > 0, pre_a[eb] - pre_a[sb] > 0)
            n_a, n_b = np.bincount(da, minlength=n_docs), np.bincount(db, minlength=n_docs)
            for kind, (fa, fb) in flags.items():
                m_a = np.bincount(da[fa], minlength=n_docs)
                m_b = np.bincount(db[fb], minlength=n_docs)
                getattr(section, kind)[(i, j)] = SpanCounts(
                    len(sa), len(sb), int(fa.sum()), int(fb.sum())
                )
                getattr(overall, kind)[(i, j)].add(getattr(section, kind)[(i, j)])
                for d in np.flatnonzero(n_a + n_b).tolist():
                    getattr(per_doc[d], kind)[(i, j)].add(
                        SpanCounts(int(n_a[d]), int(n_b[d]), int(m_a[d]), int(m_b[d]))
                    )
    tick(steps)
    return overall, per_tag, per_doc


def agreement(
    store: Store,
    *,
    annotators: Sequence[str] | None = None,
    documents: Sequence[DocumentId] | None = None,
    all_documents: bool = False,
    tag: str | None = None,
    progress: Progress | None = None,
) -> AgreementReport:
    """Agreement between ``annotators`` (names; by default every annotator with at least
    one annotation) on every tag of the codebook or on ``tag`` alone, over ``documents``
    (ids, taken as given); by default over the documents where at least one chosen
    annotator has a span (of any tag), or every document with ``all_documents``. A document
    nobody annotated would only add units of agreeing "none" labels and inflate κ and α;
    the report lists the documents used and those left out."""
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
    selection = "all" if all_documents else "annotated"
    if documents is None:
        docs = all_docs
    else:
        selection = "chosen"
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
    left_out: list[DocumentInfo] = []
    if selection == "annotated":
        touched = _annotated(store, [AnnotatorId(known[n]) for n in names], tag is not None, by_doc)
        left_out = [d for d in docs if d.id not in touched]
        docs = [d for d in docs if d.id in touched]
    inputs = [
        (d, np.array(by_doc[d.id], dtype=np.int64).reshape(-1, 4)) for d in docs
    ]
    overall, per_tag, per_doc = measure(inputs, len(names), len(tags), progress)
    return AgreementReport(
        names, [t.name for t in tags], docs, overall, per_tag, per_doc,
        selection=selection, left_out=left_out,
    )  # fmt: skip


def _annotated(
    store: Store,
    annotators: list[AnnotatorId],
    one_tag: bool,
    by_doc: dict[int, list[tuple[int, int, int, int]]],
) -> set[int]:
    """The documents where at least one of ``annotators`` has a span of any tag (with one
    tag chosen, a document annotated with other tags was still read and judged)."""
    if not one_tag:
        return {d for d, spans in by_doc.items() if spans}
    if not annotators:
        return set()
    return {row[0] for row in store.span_rows(annotator_ids=annotators, document_ids=[DocumentId(d) for d in by_doc])}
