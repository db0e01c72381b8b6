"""The Claim board model on the aligned seeds: qtmodeltester, sort by sources, filter,
unaligned claims on request, refresh after an alignment."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annot.core.claim_groups import Align, Unalign
from annot.core.model import LinkKind
from annot.gui.models.board import RELATION_ROLE, BoardFilter, BoardModel
from annot.gui.session import Session
from tests.core.test_claim_interchange import align_seeds


def test_board_model_sorts_filters_and_refreshes(qtmodeltester, qtbot, project) -> None:  # type: ignore[no-untyped-def]
    claims = align_seeds(project)  # 0-1 same, 2-0 partly, 0-3 contradicts
    session = Session(project)
    model = BoardModel(session)
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.columnCount() == 2 + 5
    proxy = BoardFilter()
    proxy.setSourceModel(model)
    proxy.sort(1, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy)
    assert [proxy.index(r, 1).data() for r in range(2)] == ["3", "1"]
    assert proxy.index(0, 0).data() == "Russia withdrew"
    assert [proxy.index(0, c).data(RELATION_ROLE) for c in range(2, 7)] == [
        "same",
        "same",
        "partly",
        "contradicts",
        "absent",
    ]
    proxy.set_text("withdrew")
    assert proxy.rowCount() == 1
    proxy.set_text("")
    model.set_unaligned(True)
    assert model.rowCount() == 2 + (
        len(project.store.annotations(tag_id=project.store.tag_by_name("claim").id)) - 4
    )  # type: ignore[union-attr]
    model.set_unaligned(False)
    session.run(Unalign(claims[0], claims[3]))  # the contradiction goes: one row left
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    session.run(Align(LinkKind.SAME_CLAIM, claims[3], claims[4]))
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    qtmodeltester.check(model)


def _shown(board) -> list[object]:  # type: ignore[no-untyped-def]
    return [
        (r.group_id, r.label, r.note, [(c.relation, c.quote, c.actors, c.dates, c.actors_differ) for c in r.cells])
        for r in board.rows
    ]


def test_the_board_rebuilds_exactly_when_the_report_concerns_it(qtbot, project) -> None:  # type: ignore[no-untyped-def]
    """The board decides from the change report (no command type test): after each action,
    undo and redo it equals a board built afresh, and it was rebuilt only when what it
    shows may have changed (a link, a label, a shown claim's bounds or tag, its actor's
    quote; with "unaligned" on, a new claim) — not for a note, a status or a span aligned
    with nothing."""
    from annot.core.annotations import AddAnnotation, AddLink, ChangeBounds, EditNote, SetStatus
    from annot.core.board import build_board
    from annot.core.claim_groups import SetGroupLabel
    from annot.core.model import Status

    claims = align_seeds(project)
    store = project.store
    session = Session(project)
    model = BoardModel(session)
    builds: list[int] = []
    real = model.reload
    model.reload = lambda: (builds.append(1), real())[1]  # type: ignore[method-assign]
    model._timer.timeout.disconnect()
    model._timer.timeout.connect(model.reload)
    tags = {t.name: t.id for t in store.tags()}
    me = project.annotator_id
    doc0 = store.annotation(claims[0]).document_id
    actor = AddAnnotation(doc0, tags["actor"], me, 0, 6)
    session.run(actor)
    a0 = store.annotation(claims[0])
    cases = [  # (what, command, rebuilt with unaligned off, ... on)
        ("note on a shown claim", lambda: EditNote(claims[0], note="checked"), False, False),
        ("status of a shown claim", lambda: SetStatus(claims[1], status=Status.ACCEPTED), False, False),
        ("a new claim", lambda: AddAnnotation(doc0, tags["claim"], me, 300, 320), False, True),
        ("a new actor span", lambda: AddAnnotation(doc0, tags["actor"], me, 330, 340), False, False),
        ("said by", lambda: AddLink(LinkKind.SAID_BY, claims[0], actor.annotation.id), True, True),  # type: ignore[union-attr]
        ("the actor's bounds", lambda: ChangeBounds(actor.annotation.id, start=0, end=7), True, True),  # type: ignore[union-attr]
        ("a shown claim's bounds", lambda: ChangeBounds(claims[0], start=a0.start, end=a0.end - 1), True, True),
        ("a label", lambda: SetGroupLabel(claims[0], "renamed"), True, True),
        ("an alignment", lambda: Align(LinkKind.SAME_CLAIM, claims[3], claims[4]), True, True),
    ]
    for unaligned in (False, True):
        model.set_unaligned(unaligned)
        for what, make, off, on in cases:
            for step in ("run", "undo", "redo"):
                builds.clear()
                if step == "run":
                    session.run(make())
                else:
                    getattr(session, step)()
                qtbot.wait(5)
                assert _shown(model.board) == _shown(build_board(store, unaligned=unaligned)), (what, step)
                assert bool(builds) == (on if unaligned else off), (what, step, unaligned)
        for _ in range(len(cases) * 1):
            session.undo()
        qtbot.wait(5)
