"""The cross-source timeline's data: intervals of date values, lanes per source, groups by
"same claim" links, the disagreement mark, and its CSV."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from annot.core.date_values import SetDateValue
from annot.core.documents import AddDocuments, SourceText, sha256_text
from annot.core.model import LinkKind, Role
from annot.core.project import Project
from annot.core.timeline import interval, lanes, timeline, write_timeline_csv


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-09-29", (date(2025, 9, 29), date(2025, 9, 29))),
        ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
        ("2025-W39", (date(2025, 9, 22), date(2025, 9, 28))),
        ("2025-W39-WE", (date(2025, 9, 27), date(2025, 9, 28))),
        ("2025-Q4", (date(2025, 10, 1), date(2025, 12, 31))),
        ("2025-H1", (date(2025, 1, 1), date(2025, 6, 30))),
        ("2025-WI", (date(2025, 12, 1), date(2026, 2, 28))),
        ("1998", (date(1998, 1, 1), date(1998, 12, 31))),
        ("199", (date(1990, 1, 1), date(1999, 12, 31))),
        ("PAST_REF", None),
        ("", None),
        ("2025-02-30", None),
    ],
)
def test_interval_of_a_value(value: str, expected: tuple[date, date] | None) -> None:
    assert interval(value) == expected


TEXTS = {
    "tass.txt": ("TASS", "Russia ratified the treaty in 1998, officials said."),
    "bbc.txt": ("BBC", "Russia ratified the treaty in 1996, the BBC reported."),
    "dw.txt": ("DW", "Russia joined in 1996, and it will leave next month."),
}


def _project() -> tuple[Project, dict[str, str]]:
    p = Project.in_memory()
    p.run(AddDocuments([
        SourceText(t, f"{o} report", "2025-09-30", f, sha256_text(t), outlet=o) for f, (o, t) in TEXTS.items()
    ]))  # fmt: skip
    p.set_annotator("alice")
    tags = {t.role: t.id for t in p.store.tags()}
    claims: dict[str, str] = {}
    for info in p.store.documents():
        text = p.store.document_text(info.id)
        claim = p.add_annotation(info.id, tags[Role.CLAIM], 0, text.index(","))
        year = next(y for y in ("1998", "1996") if y in text)
        at = text.index(year)
        dated = p.add_annotation(info.id, tags[Role.DATE], at, at + 4)
        p.link(LinkKind.DATED, claim.id, dated.id)
        claims[info.outlet] = claim.id
    return p, claims


def test_lanes_groups_and_the_disagreement_mark(tmp_path: Path) -> None:
    p, claims = _project()
    p.link(LinkKind.SAME_CLAIM, claims["TASS"], claims["BBC"])  # the same claim, 1998 vs 1996
    rows = timeline(p.store)
    by = {r.lane: r for r in rows}
    assert [r.value for r in rows] == ["1996", "1996", "1998"]  # by date
    assert set(lanes(rows)) == {"TASS", "BBC", "DW"}
    assert by["TASS"].group == by["BBC"].group != by["DW"].group
    assert by["TASS"].disagrees and by["BBC"].disagrees and not by["DW"].disagrees
    # a confirmed correction makes the sources agree: the mark goes
    tass_date = next(a for a in p.store.annotations() if a.quote == "1998")
    p.run(SetDateValue(tass_date.id, "1996"))
    assert not any(r.disagrees for r in timeline(p.store))
    p.undo()
    n = write_timeline_csv(p.store, timeline(p.store), tmp_path / "t.csv")
    with (tmp_path / "t.csv").open(encoding="utf-8", newline="") as fh:
        table = list(csv.DictReader(fh))
    assert n == len(table) == 3
    tass = next(r for r in table if r["outlet"] == "TASS")
    assert (tass["date"], tass["date_value"], tass["start"], tass["end"], tass["disagrees"]) == (
        "1998", "1998", "1998-01-01", "1998-12-31", "yes",
    )
    assert tass["quote"] == TEXTS["tass.txt"][1][: TEXTS["tass.txt"][1].index(",")]


def test_an_undated_claim_or_a_vague_value_is_not_placed() -> None:
    p, claims = _project()
    dw_date = next(a for a in p.store.annotations() if a.quote == "1996" and "DW" in p.store.document_info(a.document_id).outlet)
    p.run(SetDateValue(dw_date.id, "PAST_REF"))
    assert {r.lane for r in timeline(p.store)} == {"TASS", "BBC"}
    assert claims  # the DW claim exists, it just has no calendar date


def test_groups_are_the_claim_groups_of_the_board() -> None:
    from annot.core.claim_groups import group_index

    p, claims = _project()
    p.link(LinkKind.PARTLY, claims["BBC"], claims["DW"])  # aligned as partly the same claim
    rows = {r.lane: r for r in timeline(p.store)}
    index = group_index(p.store)
    assert index[claims["BBC"]][0] == index[claims["DW"]][0]
    assert rows["BBC"].group == rows["DW"].group != rows["TASS"].group
    assert not rows["BBC"].disagrees  # both 1996
