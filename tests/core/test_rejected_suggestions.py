"""Issue 10: a rejected suggestion is remembered in the project (schema 9), undone in one
step, merged by the pair of claim UUIDs, and never suggested again (suggester and CLI)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from annot.cli import main
from annot.core.claim_groups import RejectSuggestion
from annot.core.documents import AddDocuments, SourceText, sha256_text
from annot.core.errors import ValidationError
from annot.core.merge import merge_projects
from annot.core.model import AnnotationId
from annot.core.project import Project
from annot.core.suggest import project_suggester

TEXTS = (
    "Russia left the torture convention on Friday. Grain prices rose.",
    "Moscow quit the anti-torture convention on Friday. Wheat prices rose.",
    "The Kremlin left the torture treaty, officials said.",
)
QUOTES = ("Russia left the torture convention", "Moscow quit the anti-torture convention",
          "The Kremlin left the torture treaty")  # fmt: skip


def _project(path: Path) -> list[AnnotationId]:
    with Project.create(path) as p:
        p.set_annotator("alice")
        p.run(AddDocuments([SourceText(t, f"R{n}", "", f"r{n}.txt", sha256_text(t)) for n, t in enumerate(TEXTS)]))
        claim = p.store.tag_by_name("claim")
        assert claim is not None
        ids = []
        for doc, text, quote in zip((d.id for d in p.store.documents()), TEXTS, QUOTES, strict=True):
            start = text.index(quote)
            ids.append(p.add_annotation(doc, claim.id, start, start + len(quote)).id)
    return ids


def _partners(p: Project, claim: AnnotationId) -> list[str]:
    suggester, _ = project_suggester(p.store, semantic=False)
    return [c.claim.id for c in suggester.suggest(claim, 10)]


def test_reject_is_stored_undone_redone_and_kept_on_reopening(tmp_path: Path) -> None:
    path = tmp_path / "p.annot"
    a, b, c = _project(path)
    with Project.open(path) as p:
        assert set(_partners(p, a)) == {b, c}
        p.run(RejectSuggestion(a, b))
        assert [(r[0], r[1]) for r in p.store.rejected_pairs()] == [(min(a, b), max(a, b))]
        assert _partners(p, a) == [c] and b not in _partners(p, a)
        assert a not in _partners(p, b)  # rejected both ways
        with pytest.raises(ValidationError, match="already rejected"):
            p.run(RejectSuggestion(b, a))
        p.undo()
        assert p.store.rejected_pairs() == [] and set(_partners(p, a)) == {b, c}
        p.redo()
    with Project.open(path) as p:
        assert [(r[0], r[1]) for r in p.store.rejected_pairs()] == [(min(a, b), max(a, b))]
        assert _partners(p, a) == [c]


def test_rejections_merge_by_the_pair_and_undo_with_the_merge(tmp_path: Path) -> None:
    ours = tmp_path / "ours.annot"
    a, b, c = _project(ours)
    theirs = tmp_path / "theirs.annot"
    shutil.copyfile(ours, theirs)
    with Project.open(theirs) as p:
        p.run(RejectSuggestion(a, c))
        p.run(RejectSuggestion(b, a))
    with Project.open(ours) as p:
        p.run(RejectSuggestion(a, b))  # the same pair on both sides: one row
        report = merge_projects(p, theirs)
        assert report.changed and report.rejected == 1
        assert {(r[0], r[1]) for r in p.store.rejected_pairs()} == {(min(a, b), max(a, b)), (min(a, c), max(a, c))}
        assert _partners(p, a) == []
        p.undo()
        assert [(r[0], r[1]) for r in p.store.rejected_pairs()] == [(min(a, b), max(a, b))]
        p.redo()
        assert not merge_projects(p, theirs).changed  # converged


def test_suggest_alignments_skips_rejected_pairs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.annot"
    a, b, c = _project(path)
    with Project.open(path) as p:
        p.run(RejectSuggestion(a, b))
    assert main(["suggest-alignments", str(path), "--json"]) == 0
    table = {e["claim"]: [x["claim"] for x in e["candidates"]] for e in json.loads(capsys.readouterr().out)}
    assert table[a] == [c] and table[b] == [c]
    assert set(table[c]) == {a, b}
