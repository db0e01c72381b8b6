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
