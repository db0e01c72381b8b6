"""The history keeps the undo log's last entry in Python (a key press asks SQLite nothing
for it): whatever else writes on the connection between steps (a raw write outside any
step, an undo, a redo, a cleared history, a write no one can undo, a step inside a
caller's transaction, a command that fails half-way), the kept mark is the log's real last
entry whenever the history trusts it, and every step undone then redone puts back exactly
the rows it wrote."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from core_helpers import differences, dump
from test_undo_roundtrip import random_command

from annot.core.errors import AnnotError
from annot.core.history import History
from annot.core.project import Project


def _check_mark(history: History) -> None:
    store = history.store
    if history._marked():
        assert history._mark is not None
        assert history._mark[0] == store.undo_log_mark(), "the kept mark is not the log's last entry"
        if history._only_steps:  # then the log holds nothing but the stacks' steps
            steps = history._undo + history._redo
            for e in store.undo_entries(1):
                assert any(s.first <= e.seq <= s.last for s in steps), f"entry {e.seq} is in no step"


@pytest.mark.parametrize("seed", range(4))
def test_the_kept_mark_is_the_log_s_last_entry_whatever_writes_between_steps(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    f = tmp_path / "mark.annot"
    p = Project.create(f, seeds=True)
    annotator = p.set_annotator("alice")
    history = p.history
    for i in range(80):
        r = rng.random()
        if r < 0.12 and history.can_undo:
            p.undo()
        elif r < 0.2 and history.can_redo:
            p.redo()
        elif r < 0.26:  # a write outside any step (logged, never undone)
            p.store.set_meta("probe", str(i))
        elif r < 0.3:
            history.clear()
        elif r < 0.34:  # a new annotator: run, no step, the history cleared
            p.set_annotator(f"ann{i}")
            p.set_annotator("alice")
        else:
            command = random_command(rng, p.store, annotator)
            nested = rng.random() < 0.2
            before = dump(f)
            depth = history.depth
            try:
                if nested:  # a step inside a caller's transaction (which commits)
                    with p.store.atomic():
                        p.run(command)
                else:
                    p.run(command)
            except AnnotError:
                assert not differences(before, dump(f))
                _check_mark(history)
                continue
            if history.depth > depth:  # it made a step: undone, then redone, row for row
                after = dump(f)
                _check_mark(history)
                p.undo()
                assert not differences(before, dump(f))
                _check_mark(history)
                p.redo()
                assert not differences(after, dump(f))
        _check_mark(history)


def test_a_small_step_s_after_images_are_filled_through_the_key_s_index(tmp_path: Path) -> None:
    """The one UPDATE that fills a new span's after-image finds the row by its key's index
    (a key compared with the log's untyped column would scan every annotation)."""
    p = Project.create(tmp_path / "plan.annot", seeds=True)
    p.set_annotator("alice")
    doc = p.store.documents()[0]
    with p.store.traced() as statements:
        p.add_annotation(doc.id, p.store.tags()[0].id, 0, 5)
    (fill,) = [s for s in statements if s.startswith("UPDATE temp.undo_log SET new = (SELECT")]
    plan = [str(r[3]) for r in p.store.conn.execute("EXPLAIN QUERY PLAN " + fill)]
    assert not any(step.startswith("SCAN t") for step in plan), plan
