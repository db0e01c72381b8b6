"""W3C Web Annotation export and import: conformance with the W3C test suite, exact quotes,
re-anchoring, reporting of what cannot be placed, undo, and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annot.core.documents import SourceText, UpdateDocument, sha256_text
from annot.core.errors import ExportProblem, ImportProblem
from annot.core.export.wadm import export_wadm
from annot.core.imports.anchoring import anchor
from annot.core.imports.wadm import import_wadm
from annot.core.model import LinkKind, Status
from annot.core.project import Project
from tests.conftest import REFERENCE

CHECK_WADM = REFERENCE / "check_wadm.py"


def annotate_seeds(project: Project) -> None:
    """Claims, actors and dates with notes, a status and links in every seed document."""
    tags = {t.name: t for t in project.store.tags()}
    for n, info in enumerate(project.store.documents()):
        text = project.store.document_text(info.id)
        actor_at = text.index("Russia")
        claim_end = text.index(".", actor_at) + 1
        claim = project.add_annotation(
            info.id, tags["claim"].id, actor_at, claim_end, note=f"claim {n}: «quoted»\nsecond line"
        )
        actor = project.add_annotation(info.id, tags["actor"].id, actor_at, actor_at + 6)
        project.link(LinkKind.SAID_BY, claim.id, actor.id)
        for year in ("2025", "1996", "2022"):
            if year in text:
                at = text.index(year)
                date = project.add_annotation(info.id, tags["date"].id, at, at + 4)
                project.link(LinkKind.DATED, claim.id, date.id)
                break
        project.set_status(actor.id, Status.ACCEPTED)


def run_checker(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(CHECK_WADM), *map(str, args)], capture_output=True, text=True, timeout=300
    )


def snapshot(project: Project) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    store = project.store
    names = {a.id: a.name for a in store.annotators()}
    tags = {t.id: t.name for t in store.tags()}
    sha = {d.id: d.sha256 for d in store.documents()}
    annotations = sorted(
        (a.id, sha[a.document_id], a.start, a.end, tags[a.tag_id], names[a.annotator_id], a.note,
         a.status.value, a.created, a.modified)
        for a in store.annotations()
    )  # fmt: skip
    links = sorted((k.id, k.kind.value, k.source_id, k.target_id, k.created) for k in store.links())
    return annotations, links


def copy_documents(source: Project) -> Project:
    fresh = Project.in_memory()
    for info in source.store.documents():
        text = source.store.document_text(info.id)
        fresh.import_sources([SourceText(text, info.title, "", info.filename, sha256_text(text))])
    return fresh


def test_seeds_export_passes_the_w3c_suite_per_document(project: Project, tmp_path: Path) -> None:
    annotate_seeds(project)
    for info in project.store.documents():
        text_file = tmp_path / f"{info.id}.txt"
        text_file.write_bytes(project.store.document_text(info.id).encode("utf-8"))
        out = tmp_path / f"{info.id}.jsonld"
        summary = export_wadm(project.store, out, documents=[info.id])
        assert summary.annotations == len(project.store.annotations(document_id=info.id)) >= 2
        assert summary.links >= 1
        result = run_checker(out, "--source-text", text_file)
        assert result.returncode == 0, result.stdout[-3000:]
        assert "RESULT: PASS" in result.stdout
        assert result.stdout.count("PASS  annotation") == summary.annotations + summary.links


def test_whole_project_export_passes_with_a_source_map(project: Project, tmp_path: Path) -> None:
    annotate_seeds(project)
    out = tmp_path / "all.jsonld"
    summary = export_wadm(project.store, out)
    args: list[str | Path] = [out]
    for info in project.store.documents():
        text_file = tmp_path / f"{info.id}.txt"
        text_file.write_bytes(project.store.document_text(info.id).encode("utf-8"))
        args += ["--source-map", f"urn:sha256:{info.sha256}={text_file}"]
    result = run_checker(*args)
    assert result.returncode == 0, result.stdout[-3000:]
    data = json.loads(out.read_text("utf-8"))
    assert data["type"] == "AnnotationCollection"
    assert data["total"] == summary.annotations + summary.links == len(data["first"]["items"])


def test_export_quotes_equal_the_stored_text(project: Project, tmp_path: Path) -> None:
    annotate_seeds(project)
    out = tmp_path / "x.jsonld"
    export_wadm(project.store, out)
    texts = {f"urn:sha256:{d.sha256}": project.store.document_text(d.id) for d in project.store.documents()}
    items = json.loads(out.read_text("utf-8"))["first"]["items"]
    spans = [i for i in items if i["motivation"] == "tagging"]
    assert len(spans) == project.store.annotation_count()
    for item in spans:
        quote, position = item["target"]["selector"]
        text = texts[item["target"]["source"]]
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text[: position["start"]].endswith(quote["prefix"])
        assert text[position["end"] :].startswith(quote["suffix"])
        stored = project.store.annotation(item["id"].removeprefix("urn:uuid:"))
        assert item["body"][0]["value"] == project.store.tag(stored.tag_id).name
        assert item["annot:status"] == stored.status.value
    links = [i for i in items if i["motivation"] == "linking"]
    assert {(i["annot:linkKind"], i["annot:from"], i["annot:to"]) for i in links} == {
        (k.kind.value, f"urn:uuid:{k.source_id}", f"urn:uuid:{k.target_id}") for k in project.store.links()
    }


def test_document_url_is_the_source_when_set(project: Project, tmp_path: Path) -> None:
    annotate_seeds(project)
    info = project.store.documents()[0]
    project.run(UpdateDocument(info.id, url="https://news.example.org/cpt?id=1"))
    out = tmp_path / "x.jsonld"
    export_wadm(project.store, out, documents=[info.id])
    items = json.loads(out.read_text("utf-8"))["first"]["items"]
    sources = {i["target"]["source"] for i in items if i["motivation"] == "tagging"}
    assert sources == {"https://news.example.org/cpt?id=1"}
    fresh = copy_documents(project)
    fresh.run(UpdateDocument(fresh.store.documents()[0].id, url="https://news.example.org/cpt?id=1"))
    report = import_wadm(fresh, out)
    assert report.annotations.added == len(project.store.annotations(document_id=info.id))


def test_round_trip_keeps_ids_links_and_undo_is_one_step(project: Project, tmp_path: Path) -> None:
    annotate_seeds(project)
    out = tmp_path / "x.jsonld"
    export_wadm(project.store, out)
    fresh = copy_documents(project)
    before = snapshot(fresh)
    report = import_wadm(fresh, out)
    assert not report.unanchored and not report.reanchored and not report.skipped_links
    assert snapshot(fresh) == snapshot(project)
    fresh.undo()
    assert snapshot(fresh) == before
    assert [a.name for a in fresh.store.annotators()] == []
    fresh.redo()
    assert snapshot(fresh) == snapshot(project)
    again = import_wadm(fresh, out)
    assert again.annotations.added == 0 and again.annotations.skipped == project.store.annotation_count()
    assert again.links.skipped == len(project.store.links())


OLD = "Moscow said on Monday that the treaty was void. Observers disagreed with that view.\r\nThe end 😀."
NEW = (
    "Breaking: a new first sentence was added, mentioning Moscow and Monday once more. "
    + OLD.replace("Observers", "Many observers")
)


def test_reanchoring_after_a_sentence_was_added(tmp_path: Path) -> None:
    old = Project.in_memory()
    old.set_annotator("alice")
    old.import_sources([SourceText(OLD, "t", "", "r.txt", sha256_text(OLD))])
    doc = old.store.documents()[0].id
    old.run(UpdateDocument(doc, url="https://example.org/r"))
    tags = {t.name: t.id for t in old.store.tags()}
    wanted = {}
    for word, tag in (("Moscow", "actor"), ("Monday", "date"), ("the treaty was void", "claim"),
                      ("disagreed", "claim"), ("😀", "date")):  # fmt: skip
        at = OLD.index(word)
        a = old.add_annotation(doc, tags[tag], at, at + len(word))
        wanted[a.id] = word
    out = tmp_path / "old.jsonld"
    export_wadm(old.store, out)

    new = Project.in_memory()
    new.import_sources([SourceText(NEW, "t", "", "r.txt", sha256_text(NEW))])
    new_doc = new.store.documents()[0].id
    new.run(UpdateDocument(new_doc, url="https://example.org/r"))
    report = import_wadm(new, out)
    assert report.annotations.added == len(wanted) and not report.unanchored
    assert set(report.reanchored) == set(wanted)
    offset = NEW.index(OLD[:20])
    for a in new.store.annotations():
        assert NEW[a.start : a.end] == wanted[a.id]
        # the right occurrence: the one in the old sentence, not the new first sentence
        assert a.start >= offset


def test_unanchorable_annotations_are_reported_not_dropped_silently(tmp_path: Path) -> None:
    text = "Alpha beta gamma. Delta epsilon."
    p = Project.in_memory()
    p.import_sources([SourceText(text, "t", "", "t.txt", sha256_text(text))])
    sha = p.store.documents()[0].sha256

    def item(n: int, source: str, exact: str, start: int, end: int) -> dict[str, object]:
        return {
            "id": f"urn:uuid:00000000-0000-4000-8000-00000000000{n}",
            "type": "Annotation",
            "body": {"type": "TextualBody", "purpose": "tagging", "value": "claim"},
            "target": {"source": source, "selector": [
                {"type": "TextQuoteSelector", "exact": exact},
                {"type": "TextPositionSelector", "start": start, "end": end}]},
        }  # fmt: skip

    items = [
        item(1, f"urn:sha256:{sha}", "beta", 6, 10),  # fine
        item(2, f"urn:sha256:{sha}", "zeta", 6, 10),  # quote no longer in the text
        item(3, "urn:sha256:" + "0" * 64, "beta", 6, 10),  # unknown document
        item(4, f"urn:sha256:{sha}", "Delta", 0, 5),  # moved: found by quote
    ]
    f = tmp_path / "a.json"
    f.write_text(json.dumps({"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationPage",
                             "items": items}), "utf-8")  # fmt: skip
    p.set_annotator("carol")
    report = import_wadm(p, f)
    assert report.annotations.added == 2
    assert report.unanchored == ["00000000-0000-4000-8000-000000000002", "00000000-0000-4000-8000-000000000003"]
    assert report.reanchored == ["00000000-0000-4000-8000-000000000004"]
    assert "matches no document" in report.summary() and "could not be anchored: 2" in report.summary()
    assert sorted(text[a.start : a.end] for a in p.store.annotations()) == ["Delta", "beta"]
    assert {a.name for a in p.store.annotators()} == {"carol"}


def test_anchor_prefers_context_then_nearest() -> None:
    text = "x the cat. y the cat. z the cat."
    a = anchor(text, exact="the cat", prefix="y ", suffix=".", start=0, end=7)
    assert a is not None and (a.start, a.moved) == (13, True)
    b = anchor(text, exact="the cat", start=23, end=30)
    assert b is not None and b.start == 24
    assert anchor(text, exact="the dog", start=2, end=9) is None
    c = anchor(text, exact="the cat", prefix="x ", suffix=".", start=2, end=9)
    assert c is not None and (c.start, c.moved) == (2, False)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "is not valid JSON"),
        (b'{"type": "Person", "name": "x"}', "not W3C Web Annotations"),
        (b'{"type": "AnnotationCollection", "first": "https://example.org/page1"}', "pages are not embedded"),
        (b'{"type": "AnnotationPage", "items": [42]}', "item 0 is not an embedded Annotation"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
    ],
)
def test_bad_files_are_refused_and_nothing_changes(
    project: Project, tmp_path: Path, content: bytes, message: str
) -> None:
    annotate_seeds(project)
    before = snapshot(project), project.store.tags(), project.store.annotators()
    bad = tmp_path / "bad.jsonld"
    bad.write_bytes(content)
    with pytest.raises(ImportProblem) as err:
        import_wadm(project, bad)
    assert str(bad) in str(err.value) and message in str(err.value)
    assert (snapshot(project), project.store.tags(), project.store.annotators()) == before


def test_cancelled_or_failed_export_leaves_the_old_file(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import annot.core.export.wadm as wadm

    annotate_seeds(project)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "x.jsonld"
    out.write_text("previous", "utf-8")
    monkeypatch.setattr(wadm, "_EVERY", 1)
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return done < 3

    summary = export_wadm(project.store, out, progress=progress)
    assert summary.cancelled and seen[-1][0] == 3
    assert seen[-1][1] == project.store.annotation_count() + len(project.store.links())
    assert out.read_text("utf-8") == "previous"
    assert [p.name for p in folder.iterdir()] == ["x.jsonld"]  # no temporary file left
    with pytest.raises(ExportProblem, match="does not exist"):
        export_wadm(project.store, tmp_path / "missing" / "x.jsonld")


def test_exported_files_get_ordinary_permissions_not_private_ones(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """mkstemp makes 0600 files; an export must be readable like any file the user writes."""
    import os
    import stat

    from annot.core.export.wadm import export_wadm
    from annot.core.project import Project

    p = Project.create(tmp_path / "p.annot", seeds=True)
    target = tmp_path / "out.jsonld"
    mask = os.umask(0o022)
    try:
        export_wadm(p.store, target)
    finally:
        os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    p.close()
