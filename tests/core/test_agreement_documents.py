"""Agreement counts the documents that were annotated (issue 8, part 9): documents no chosen
annotator touched add no "none" units by default, the report says which documents were used,
and ``all_documents`` (CLI ``--documents all``) takes every document in."""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annot.cli import main
from annot.core.agreement import agreement
from annot.core.agreement_tables import to_csv
from annot.core.project import Project
from tests.core.review_helpers import add_text, span
from tests.core.test_review_agreement_crosscheck import (
    NAMES,
    check_close,
    library_alpha,
    library_kappa,
    projects,
    reference_labels,
)

LONG = "Nobody annotated this report about the weather. " * 40


def two_annotators(project: Project) -> tuple[list[str], list[tuple[int, str, str, int, int]]]:
    """Two documents with spans by ann and ben, three long ones nobody annotated."""
    rng = np.random.default_rng(3)
    docs = ["The minister said taxes rise. Critics disagree strongly. " * 3, "Ein Bericht 👍 über\r\nSteuern. " * 4]
    unannotated = [LONG, LONG.upper(), LONG[::-1]]
    ids = [add_text(project, t, f"a{i}") for i, t in enumerate(docs)]
    for i, t in enumerate(unannotated):
        add_text(project, t, f"quiet{i}")
    spans = []
    for _ in range(30):
        d = int(rng.integers(0, 2))
        s = int(rng.integers(0, len(docs[d]) - 10))
        e = s + int(rng.integers(1, 10))
        spans.append((d, str(rng.choice(NAMES[:2])), str(rng.choice(["claim", "actor"])), s, e))
    for d, name, tag, s, e in spans:
        span(project, ids[d], name, tag, s, e)
    return docs, spans


def test_kappa_counts_only_the_annotated_documents_as_scikit_learn_does() -> None:
    project = Project.in_memory()
    docs, spans = two_annotators(project)
    report = agreement(project.store, annotators=NAMES[:2])
    ref = reference_labels(docs, spans)
    ours = report.overall.tally.kappa(0, 1).value
    check_close(ours, library_kappa(ref["ann"], ref["ben"]))
    assert [d.title for d in report.documents] == ["a0", "a1"]
    assert [d.title for d in report.left_out] == ["quiet0", "quiet1", "quiet2"]
    assert report.overall.tally.units == sum(len(t) for t in docs)
    everything = agreement(project.store, annotators=NAMES[:2], all_documents=True)
    assert len(everything.documents) == 5 and everything.left_out == []
    assert everything.overall.tally.kappa(0, 1).value != ours  # the "none" units inflate κ
    project.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects(), st.lists(st.sampled_from(["xyz ", "é\r\n", "👍"]), min_size=1, max_size=30).map("".join))
def test_default_matches_the_libraries_on_annotated_documents(data: tuple[list[str], list], quiet: str) -> None:
    docs, spans = data
    project = Project.in_memory()
    ids = [add_text(project, t, f"d{i}") for i, t in enumerate(docs)]
    add_text(project, quiet + " unannotated", "quiet")
    for name in NAMES:
        project.set_annotator(name)
    for d, name, tag, s, e in spans:
        span(project, ids[d], name, tag, s, e)
    report = agreement(project.store, annotators=NAMES)
    used = sorted({d for d, *_ in spans})
    assert [d.id for d in report.documents] == [ids[d] for d in used]
    kept_docs = [docs[d] for d in used]
    kept_spans = [(used.index(d), *rest) for d, *rest in spans]
    ref = reference_labels(kept_docs, kept_spans)
    if not used:  # nothing annotated: no units, nothing defined (the libraries refuse)
        assert report.overall.tally.units == 0 and report.overall.tally.alpha().value is None
        project.close()
        return
    for i, j in combinations(range(3), 2):
        check_close(report.overall.tally.kappa(i, j).value, library_kappa(ref[NAMES[i]], ref[NAMES[j]]))
    check_close(report.overall.tally.alpha().value, library_alpha([ref[n] for n in NAMES]))
    project.close()


def test_a_document_only_an_unchosen_annotator_touched_is_left_out() -> None:
    project = Project.in_memory()
    a = add_text(project, "abcdefghij", "a")
    b = add_text(project, "klmnopqrst", "b")
    span(project, a, "ann", "claim", 0, 4)
    span(project, b, "cat", "claim", 0, 4)  # cat is not chosen
    project.set_annotator("ben")
    report = agreement(project.store, annotators=["ann", "ben"])
    assert [d.title for d in report.documents] == ["a"]
    chosen = agreement(project.store, annotators=["ann", "ben"], documents=[a, b])
    assert [d.title for d in chosen.documents] == ["a", "b"]  # chosen by id: taken as given
    project.close()


def test_json_and_csv_say_which_documents_were_used() -> None:
    project = Project.in_memory()
    two_annotators(project)
    report = agreement(project.store, annotators=NAMES[:2])
    data = report.to_json()
    assert [d["title"] for d in data["documents"]] == ["a0", "a1"]
    assert data["document_selection"] == "annotated"
    assert [d["title"] for d in data["documents_left_out"]] == ["quiet0", "quiet1", "quiet2"]
    rows = to_csv(report).splitlines()
    assert {r.split(",")[3] for r in rows if r.startswith("document,")} == {"a0", "a1"}
    project.close()


def test_cli_prints_the_documents_and_takes_documents_all(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.annot"
    project = Project.create(path)
    two_annotators(project)
    project.close()
    capsys.readouterr()
    assert main(["agreement", str(path)]) == 0
    out = capsys.readouterr().out
    assert "2 of 5 document(s)" in out and "[1] a0" in out and "[2] a1" in out
    assert "left out" in out and "quiet0" in out
    assert main(["agreement", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["documents"]) == 2
    assert main(["agreement", str(path), "--json", "--documents", "all"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["documents"]) == 5 and data["document_selection"] == "all"
    assert main(["agreement", str(path), "--json", "--documents", "3"]) == 0
    assert [d["title"] for d in json.loads(capsys.readouterr().out)["documents"]] == ["quiet0"]
