"""Agreement on hand-made cases; every expected value is worked out in the comments."""

from __future__ import annotations

import csv
import io
import json

import pytest

from annot.core.agreement import JSON_VERSION, agreement
from annot.core.agreement_tables import CSV_COLUMNS, to_csv, to_text
from annot.core.errors import ValidationError
from annot.core.project import Project
from tests.core.review_helpers import add_text, span, who


@pytest.fixture
def p() -> Project:
    project = Project.in_memory()
    yield project
    project.close()


def case_two(p: Project) -> int:
    """10 units "abcdefghij"; c = claim, a = actor.
    alice: claim [0,4), actor [2,6)  -> labels  c c ca ca a a - - - -
    bob:   claim [0,4), actor [6,8)  -> labels  c c c  c  - - a a - -
    """
    doc = add_text(p, "abcdefghij")
    span(p, doc, "alice", "claim", 0, 4)
    span(p, doc, "alice", "actor", 2, 6)
    span(p, doc, "bob", "claim", 0, 4)
    span(p, doc, "bob", "actor", 6, 8)
    return doc


def test_kappa_alpha_f1_by_hand(p: Project) -> None:
    case_two(p)
    r = agreement(p.store, annotators=["alice", "bob"])
    o = r.overall
    # p_o: units 0,1 ({c}) and 8,9 (none) agree -> 4/10.
    # alice: {c} 2, {c,a} 2, {a} 2, none 4; bob: {c} 4, {a} 2, none 4
    # p_e = .2*.4 + .2*0 + .2*.2 + .4*.4 = .28;  κ = (.4 - .28) / .72 = 1/6
    assert o.tally.kappa(0, 1).value == pytest.approx(1 / 6, abs=1e-12)
    # α: n = 20; disagreeing units 6 -> Σ_{c≠k} o_ck = 12; n_c = {c} 6, {c,a} 2, {a} 4,
    # none 8 -> Σ n_c² = 120, Σ_{c≠k} n_c n_k = 400 - 120 = 280; α = 1 - 19·12/280 = 52/280
    assert o.tally.alpha().value == pytest.approx(52 / 280, abs=1e-12)
    # exact: claim [0,4) matches; actor [2,6) vs [6,8) do not -> P = R = F1 = 1/2
    # overlap: [2,6) and [6,8) share no code point (half-open) -> also 1/2
    for counts in (o.exact[(0, 1)], o.overlap[(0, 1)]):
        s = counts.scores()
        assert (s["precision"].value, s["recall"].value, s["f1"].value) == (0.5, 0.5, 0.5)
    claim, actor = r.per_tag[r.tags.index("claim")], r.per_tag[r.tags.index("actor")]
    # claim, binary: identical coverage -> κ = α = 1
    assert claim.tally.kappa(0, 1).value == pytest.approx(1.0)
    assert claim.tally.alpha().value == pytest.approx(1.0)
    # actor, binary: alice covers 2..5 (4 units), bob 6,7 (2 units); agree on 0,1,8,9
    # p_o = .4, p_e = .4*.2 + .6*.8 = .56, κ = -.16/.44 = -4/11
    assert actor.tally.kappa(0, 1).value == pytest.approx(-4 / 11, abs=1e-12)
    # α: n_1 = 6, n_0 = 14 -> 400 - 36 - 196 = 168; 6 disagreeing units -> 12
    # α = 1 - 19·12/168 = -60/168
    assert actor.tally.alpha().value == pytest.approx(-60 / 168, abs=1e-12)
    assert actor.exact[(0, 1)].scores()["f1"].value == 0.0
    # date: nobody used it -> undefined, with the reason
    date = r.per_tag[r.tags.index("date")]
    assert date.tally.kappa(0, 1).value is None
    assert date.tally.kappa(0, 1).reason.startswith("not defined:")
    assert date.exact[(0, 1)].scores()["f1"].value is None


def test_overlap_differs_from_exact(p: Project) -> None:
    doc = add_text(p, "0123456789" * 2)
    # A (alice): claim [0,5), claim [10,12), claim [15,18); B (bob): claim [3,8), claim [15,18)
    span(p, doc, "alice", "claim", 0, 5)
    span(p, doc, "alice", "claim", 10, 12)
    span(p, doc, "alice", "claim", 15, 18)
    span(p, doc, "bob", "claim", 3, 8)
    span(p, doc, "bob", "claim", 15, 18)
    o = agreement(p.store, annotators=["alice", "bob"]).overall
    exact, overlap = o.exact[(0, 1)].scores(), o.overlap[(0, 1)].scores()
    # exact: only [15,18) -> P = 1/2 (of B's 2), R = 1/3 (of A's 3), F1 = 2·(1/6)/(5/6) = 0.4
    assert exact["precision"].value == 0.5
    assert exact["recall"].value == pytest.approx(1 / 3)
    assert exact["f1"].value == pytest.approx(0.4)
    # overlap: both of B's overlap an A span -> P = 1; A's [0,5) and [15,18) -> R = 2/3
    # F1 = 2·(2/3)/(5/3) = 0.8
    assert overlap["precision"].value == 1.0
    assert overlap["recall"].value == pytest.approx(2 / 3)
    assert overlap["f1"].value == pytest.approx(0.8)


def test_alpha_three_annotators(p: Project) -> None:
    """Units 4; values (none=0, claim=1, actor=2): u1 0,0,0  u2 1,1,0  u3 0,1,1  u4 2,2,2.
    Pairs agree 3 + 2 + 3 = 8 -> Σ_{c≠k} o_ck = (3·2·4 - 2·8)/2 = 4;
    n_c = 5, 4, 3 -> 144 - 50 = 94; α = 1 - 11·4/94 = 50/94."""
    doc = add_text(p, "wxyz")
    span(p, doc, "ann1", "claim", 1, 2)
    span(p, doc, "ann2", "claim", 1, 3)
    span(p, doc, "ann3", "claim", 2, 3)
    for name in ("ann1", "ann2", "ann3"):
        span(p, doc, name, "actor", 3, 4)
    r = agreement(p.store)
    assert r.annotators == ["ann1", "ann2", "ann3"]
    assert r.overall.tally.alpha().value == pytest.approx(50 / 94, abs=1e-12)
    assert len(r.pairs()) == 3


def test_code_points_not_utf16(p: Project) -> None:
    # "👍" is one code point (two UTF-16 units): the text has 4 units, not 5
    doc = add_text(p, "a👍\r\n")
    span(p, doc, "alice", "claim", 1, 2)
    span(p, doc, "bob", "claim", 1, 2)
    r = agreement(p.store)
    assert r.overall.tally.units == 4
    assert r.overall.tally.kappa(0, 1).value == 1.0


def test_edge_cases_are_not_defined(p: Project) -> None:
    doc = add_text(p, "abcdef")
    span(p, doc, "alice", "claim", 0, 6)
    # one annotator: α undefined, no pairs at all
    r = agreement(p.store)
    assert r.annotators == ["alice"]
    assert r.overall.tally.alpha().value is None
    assert "two annotators" in (r.overall.tally.alpha().reason or "")
    assert r.pairs() == []
    # one label only: both cover everything with claim -> p_e = 1 -> κ and α undefined
    span(p, doc, "bob", "claim", 0, 6)
    r = agreement(p.store)
    assert r.overall.tally.kappa(0, 1).value is None
    assert "expected agreement is 1" in (r.overall.tally.kappa(0, 1).reason or "")
    assert r.overall.tally.alpha().value is None
    assert r.overall.exact[(0, 1)].scores()["f1"].value == 1.0
    # no annotations by the chosen annotators: nothing defined, nothing crashes
    who(p, "carol")
    who(p, "dave")
    r = agreement(p.store, annotators=["carol", "dave"])
    assert r.overall.tally.kappa(0, 1).value is None
    assert r.overall.exact[(0, 1)].scores()["f1"].reason.startswith("not defined:")
    # no documents at all
    r = agreement(p.store, annotators=["alice", "bob"], documents=[])
    assert r.overall.tally.units == 0
    assert "no units" in (r.overall.tally.kappa(0, 1).reason or "")
    text = to_text(r)
    assert "n/a" in text and "not defined" in text


def test_filters(p: Project) -> None:
    case_two(p)
    other = add_text(p, "klmnopqrst", "second")
    span(p, other, "alice", "date", 0, 2)
    span(p, other, "carol", "date", 0, 2)
    r = agreement(p.store, annotators=["alice", "bob"], tag="actor")
    assert r.tags == ["actor"] and r.annotators == ["alice", "bob"]
    assert r.overall.tally.units == 20
    # actor only over both documents: doc 1 as above (agree 4 of 10), doc 2 all none (10/10)
    # p_o = 14/20 = .7; alice 4 covered, bob 2 -> p_e = .2·.1 + .8·.9 = .74; κ = -.04/.26
    assert r.overall.tally.kappa(0, 1).value == pytest.approx(-0.04 / 0.26, abs=1e-12)
    # per document: the first as in test_kappa_alpha_f1_by_hand's actor figures; in the
    # second neither used actor, so both say "none" everywhere: not defined
    first, second = r.per_document
    assert first.tally.kappa(0, 1).value == pytest.approx(-4 / 11, abs=1e-12)
    assert first.exact[(0, 1)].spans_a == 1 and first.exact[(0, 1)].matched_a == 0
    assert second.tally.kappa(0, 1).value is None and second.tally.units == 10
    assert second.exact[(0, 1)].scores()["f1"].value is None
    r = agreement(p.store, documents=[other])
    assert r.annotators == ["alice", "bob", "carol"]
    assert [d.id for d in r.documents] == [other]
    assert r.overall.tally.kappa(0, 2).value == pytest.approx(1.0)  # alice × carol
    with pytest.raises(ValidationError, match="no annotator named 'zoe'"):
        agreement(p.store, annotators=["alice", "zoe"])
    with pytest.raises(ValidationError, match="no document with id 99"):
        agreement(p.store, documents=[99])  # type: ignore[list-item]
    with pytest.raises(ValidationError, match="no tag named 'nope'"):
        agreement(p.store, tag="nope")


def test_json_shape_and_csv(p: Project) -> None:
    doc = case_two(p)
    r = agreement(p.store, annotators=["alice", "bob"])
    data = json.loads(json.dumps(r.to_json()))
    assert data["format"] == "annot-agreement" and data["version"] == JSON_VERSION
    assert data["annotators"] == ["alice", "bob"]
    assert data["documents"] == [{"id": doc, "title": "doc", "sha256": data["documents"][0]["sha256"], "units": 10}]
    pair = data["overall"]["pairs"][0]
    assert set(pair) == {"a", "b", "kappa", "exact", "overlap"}
    assert pair["kappa"]["value"] == pytest.approx(1 / 6)
    assert set(pair["exact"]) == {"spans_a", "spans_b", "matched_a", "matched_b", "precision", "recall", "f1"}
    assert [t["tag"] for t in data["per_tag"]] == ["claim", "actor", "date"]
    assert data["per_tag"][2]["pairs"][0]["kappa"] == {
        "value": None,
        "reason": data["per_tag"][2]["pairs"][0]["kappa"]["reason"],
    }
    assert data["per_document"][0]["document"] == doc
    rows = list(csv.DictReader(io.StringIO(to_csv(r))))
    assert tuple(rows[0]) == CSV_COLUMNS
    kappa = [x for x in rows if x["scope"] == "overall" and x["measure"] == "kappa"]
    assert float(kappa[0]["value"]) == pytest.approx(1 / 6)
    undefined = [x for x in rows if x["tag"] == "date" and x["measure"] == "kappa"]
    assert undefined[0]["value"] == "" and undefined[0]["reason"].startswith("not defined:")


def test_cancel(p: Project) -> None:
    from annot.core.agreement import AgreementCancelled

    case_two(p)
    calls: list[tuple[int, int]] = []

    def stop_at_second(done: int, total: int) -> bool:
        calls.append((done, total))
        return len(calls) < 2

    with pytest.raises(AgreementCancelled):
        agreement(p.store, progress=stop_at_second)
    assert len(calls) == 2 and calls[0][0] == 0
