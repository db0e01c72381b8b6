"""One claims query (issue 9, part 3): a claim's actors and dates come from
``Store.claim_links`` in text order, and the claims CSV, the Annotations table, the claim
board, the timeline and ``queries`` all show exactly that."""

from __future__ import annotations

import csv
import io

from annot.core.board import build_board
from annot.core.date_values import SetDateValue
from annot.core.export.tables import export_claims
from annot.core.model import LinkKind, Role
from annot.core.project import Project
from annot.core.queries import claims_with_links
from annot.core.store.table import TableQuery
from annot.core.timeline import timeline


def test_every_view_of_a_claims_links_is_the_one_query(project: Project) -> None:
    store = project.store
    tags = {t.role: t.id for t in store.tags()}
    first, second = store.documents()[:2]
    text = store.document_text(first.id)
    claim = project.add_annotation(first.id, tags[Role.CLAIM], 0, 40)
    late = project.add_annotation(first.id, tags[Role.ACTOR], 60, 66)
    early = project.add_annotation(first.id, tags[Role.ACTOR], 44, 50)
    day = project.add_annotation(first.id, tags[Role.DATE], 70, 74)
    project.run(SetDateValue(day.id, "2025-09-29"))
    for target in (late, early):  # linked against text order: shown in text order
        project.link(LinkKind.SAID_BY, claim.id, target.id)
    project.link(LinkKind.DATED, claim.id, day.id)
    other = project.add_annotation(second.id, tags[Role.CLAIM], 0, 20)
    project.link(LinkKind.SAME_CLAIM, claim.id, other.id)
    unlinked = project.add_annotation(first.id, tags[Role.CLAIM], 80, 90)

    links = store.claim_links([claim.id, other.id, unlinked.id])
    assert set(links) == {claim.id}  # claims without actors or dates are not keys
    actors, dates = links[claim.id]
    assert [a[0] for a in actors] == [early.id, late.id]
    assert [(d[0], d[1], d[2], d[3]) for d in dates] == [(day.id, 70, 74, text[70:74])]
    assert store.claim_links() == links  # every claim: one query
    quotes = (text[44:50], text[60:66])

    [row] = [r for r in store.table_page(TableQuery(), 0, 100) if r.annotation.id == claim.id]
    assert (row.actors, row.dates) == (quotes, (text[70:74],))

    out = io.StringIO()
    export_claims(store, out)
    [exported] = [r for r in csv.DictReader(io.StringIO(out.getvalue())) if r["claim_id"] == claim.id]
    assert (exported["actor"], exported["date"], exported["date_value"]) == ("; ".join(quotes), text[70:74], "2025-09-29")

    [board_row] = build_board(store).rows
    cell = next(c for c in board_row.cells if claim in c.claims)
    assert (cell.actors, cell.dates) == (quotes, (text[70:74],))

    [placed] = timeline(store)
    assert (placed.claim_id, placed.date_quote, placed.value) == (claim.id, text[70:74], "2025-09-29")

    view = next(v for v in claims_with_links(store, first.id) if v.claim.id == claim.id)
    assert ([a.id for a in view.actors], [d.id for d in view.dates]) == ([early.id, late.id], [day.id])
