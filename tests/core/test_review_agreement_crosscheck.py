"""Agreement equals scikit-learn's and the krippendorff package's numbers (to 1e-9) on
hypothesis-generated projects: overlapping spans, emoji, CRLF, several documents.

The reference labels are built here independently, one code point at a time in plain
Python (the set of tags covering it), then handed to the libraries."""

from __future__ import annotations

import math
import warnings
from itertools import combinations

import krippendorff
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from annot.core.agreement import agreement
from annot.core.project import Project
from tests.core.review_helpers import add_text, span

ALPHABET = ["a", "b", " ", "\r\n", "👍", "é", "\u202f", "д", "\u200f", "🇺🇦"]
TAGS = ["claim", "actor", "date"]
NAMES = ["ann", "ben", "cat"]

texts = st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=25).map("".join)


@st.composite
def projects(draw: st.DrawFn) -> tuple[list[str], list[tuple[int, str, str, int, int]]]:
    docs = draw(st.lists(texts, min_size=1, max_size=3, unique=True))
    spans = []
    for d, text in enumerate(docs):
        n = len(text)  # code points
        for _ in range(draw(st.integers(0, 8))):
            start = draw(st.integers(0, n - 1))
            end = draw(st.integers(start + 1, n))
            spans.append((d, draw(st.sampled_from(NAMES)), draw(st.sampled_from(TAGS)), start, end))
    return docs, spans


def reference_labels(
    docs: list[str], spans: list[tuple[int, str, str, int, int]], tag: str | None = None
) -> dict[str, list[frozenset[str]]]:
    labels: dict[str, list[frozenset[str]]] = {}
    for name in NAMES:
        out: list[frozenset[str]] = []
        for d, text in enumerate(docs):
            for unit in range(len(text)):
                out.append(
                    frozenset(
                        t for (sd, who, t, s, e) in spans
                        if sd == d and who == name and s <= unit < e and (tag is None or t == tag)
                    )
                )  # fmt: skip
        labels[name] = out
    return labels


def check_close(ours: float | None, theirs: float) -> None:
    if ours is None:
        assert math.isnan(theirs)
    else:
        assert abs(ours - theirs) <= 1e-9, (ours, theirs)


def library_kappa(a: list[frozenset[str]], b: list[frozenset[str]]) -> float:
    codes = {s: i for i, s in enumerate(sorted(set(a) | set(b), key=sorted))}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(cohen_kappa_score([codes[x] for x in a], [codes[x] for x in b]))


def library_alpha(rows: list[list[frozenset[str]]]) -> float:
    codes = {s: i for i, s in enumerate(sorted({x for r in rows for x in r}, key=sorted))}
    data = np.array([[codes[x] for x in r] for r in rows], dtype=float)
    try:
        return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    except ValueError:  # "There has to be more than one value in the domain."
        return math.nan


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
def test_kappa_and_alpha_match_the_libraries(data: tuple[list[str], list]) -> None:
    docs, spans = data
    project = Project.in_memory()
    ids = [add_text(project, t, f"d{i}") for i, t in enumerate(docs)]
    for name in NAMES:
        project.set_annotator(name)
    for d, name, tag, s, e in spans:
        span(project, ids[d], name, tag, s, e)
    report = agreement(project.store, annotators=NAMES, all_documents=True)
    for tag in [None, *TAGS]:
        section = report.overall if tag is None else report.per_tag[report.tags.index(tag)]
        ref = reference_labels(docs, spans, tag)
        if tag is not None:  # binary: covered by this tag or not
            ref = {n: [frozenset({"y"}) if x else frozenset() for x in v] for n, v in ref.items()}
        assert section.tally.units == sum(len(t) for t in docs)
        for i, j in combinations(range(3), 2):
            check_close(section.tally.kappa(i, j).value, library_kappa(ref[NAMES[i]], ref[NAMES[j]]))
        check_close(section.tally.alpha().value, library_alpha([ref[n] for n in NAMES]))
    project.close()


@settings(max_examples=60, deadline=None)
@given(projects())
def test_span_f1_matches_brute_force(data: tuple[list[str], list]) -> None:
    docs, spans = data
    project = Project.in_memory()
    ids = [add_text(project, t, f"d{i}") for i, t in enumerate(docs)]
    for name in NAMES:
        project.set_annotator(name)
    for d, name, tag, s, e in spans:
        span(project, ids[d], name, tag, s, e)
    report = agreement(project.store, annotators=NAMES, all_documents=True)
    for i, j in combinations(range(3), 2):
        a = [x for x in spans if x[1] == NAMES[i]]
        b = [x for x in spans if x[1] == NAMES[j]]

        def exact(x: tuple, ys: list) -> bool:
            return any((y[0], y[2], y[3], y[4]) == (x[0], x[2], x[3], x[4]) for y in ys)

        def overlap(x: tuple, ys: list) -> bool:
            return any(y[0] == x[0] and y[2] == x[2] and y[3] < x[4] and x[3] < y[4] for y in ys)

        for kind, match in (("exact", exact), ("overlap", overlap)):
            counts = (report.overall.exact if kind == "exact" else report.overall.overlap)[(i, j)]
            assert counts.matched_a == sum(match(x, b) for x in a)
            assert counts.matched_b == sum(match(x, a) for x in b)
            scores = counts.scores()
            if b:
                assert scores["precision"].value == counts.matched_b / len(b)
            if a and b:
                p, r = counts.matched_b / len(b), counts.matched_a / len(a)
                f1 = 0.0 if p + r == 0 else 2 * p * r / (p + r)
                assert scores["f1"].value is not None and abs(scores["f1"].value - f1) <= 1e-12
    project.close()


def test_more_than_62_tags_still_match_the_libraries() -> None:
    """Past 62 tags a label set no longer fits one bitmask word: codes are given per set."""
    from annot.core.codebook import AddTag
    from annot.core.model import Role, Tag, TagId

    rng = np.random.default_rng(7)
    project = Project.in_memory()
    many = [f"t{i:02d}" for i in range(70)]
    for i, name in enumerate(many):
        project.run(AddTag(Tag(TagId(0), name, f"#{i:06x}", "", "", Role.OTHER)))
    docs = ["ab👍\r\n" * 20, "xyz" * 30]
    ids = [add_text(project, t, f"d{i}") for i, t in enumerate(docs)]
    spans = []
    for _ in range(150):
        d = int(rng.integers(0, 2))
        s = int(rng.integers(0, len(docs[d]) - 1))
        e = int(rng.integers(s + 1, min(len(docs[d]), s + 15) + 1))
        # tags t60..t69 mostly, so that sets mix bits of both words
        spans.append((d, str(rng.choice(NAMES)), many[int(rng.integers(55, 70))], s, e))
    for d, name, tag, s, e in spans:
        span(project, ids[d], name, tag, s, e)
    report = agreement(project.store, annotators=NAMES, all_documents=True)
    assert len(report.tags) == 73  # two bitmask words
    ref = reference_labels(docs, spans)
    for i, j in combinations(range(3), 2):
        check_close(report.overall.tally.kappa(i, j).value, library_kappa(ref[NAMES[i]], ref[NAMES[j]]))
    check_close(report.overall.tally.alpha().value, library_alpha([ref[n] for n in NAMES]))
    project.close()
