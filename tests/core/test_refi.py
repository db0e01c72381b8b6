"""REFI-QDA: the .qdpx export validates against the QDA-XML schema; annot → .qdpx → annot
gives the same documents, tags, annotators, spans, notes and links; files written the way
QualCoder and ATLAS.ti write them land at the right code points; .qdc codebooks."""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from pathlib import Path

import pytest

from annot.cli import main
from annot.core.codebook import AddTag
from annot.core.documents import SourceText, sha256_text
from annot.core.errors import ImportProblem
from annot.core.model import LinkKind, Role, Status, Tag, TagId
from annot.core.project import Project
from annot.core.refi.export import export_qdc, export_qdpx
from annot.core.refi.read import import_qdc, import_qdpx
from annot.core.review import AcceptAnnotation, AddComment
from tests.conftest import REFERENCE

XSD = REFERENCE / "refi" / "Project-mrt2019.xsd"
HARD = "Russia said on 29 September 2025 that it left.\r\nThe Council regretted it 👍 — «вот».\u202fEnd\f."
PLAIN = "Moscow joined in 1996, the report says. Others say 1998."


def validate(qde: bytes) -> None:
    import xmlschema

    xmlschema.XMLSchema(str(XSD)).validate(io.BytesIO(qde))


def qde_of(path: Path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read("project.qde")


def span_set(p: Project) -> set[tuple[str, str, int, int, str, str, str, str]]:
    s = p.store
    tags = {t.id: t.name for t in s.tags()}
    names = {a.id: a.name for a in s.annotators()}
    shas = {d.id: d.sha256 for d in s.documents()}
    return {
        (a.id, shas[a.document_id], a.start, a.end, tags[a.tag_id], names[a.annotator_id], a.note, a.quote)
        for a in s.annotations()
    }


def make_rich_project(path: Path) -> Project:
    p = Project.create(path)
    p.import_sources([
        SourceText(HARD, "Hard report", "2025-09-30", "hard.txt", sha256_text(HARD), outlet="Ledger",
                   url="https://ledger.example.org/a"),
        SourceText(PLAIN, "Plain report", "", "plain.txt", sha256_text(PLAIN)),
    ])  # fmt: skip
    p.run(AddTag(Tag(TagId(0), "places/city", "#123abc", "", "A city named in the text")))
    p.run(AddTag(Tag(TagId(0), "places/country", "#abcdef", "", "")))
    p.run(AddTag(Tag(TagId(0), "quote & <mark>", "#0f0f0f", "", "odd characters", Role.OTHER)))
    p.run(AddTag(Tag(TagId(0), "before / after", "#0a0a0a", "", "")))  # not a hierarchy
    p.run(AddTag(Tag(TagId(0), "Places/harbour", "#0b0b0b", "", "")))  # another parent than places
    hard, plain = (d.id for d in p.store.documents())
    tags = {t.name: t.id for t in p.store.tags()}
    p.set_annotator("alice")
    claim = p.add_annotation(hard, tags["claim"], 7, 46, note="the key claim\r\nsecond line")
    actor = p.add_annotation(hard, tags["actor"], 0, 6)
    date = p.add_annotation(hard, tags["date"], 15, 32)
    p.add_annotation(hard, tags["quote & <mark>"], 60, 79)  # emoji, «», U+202F inside
    p.add_annotation(hard, tags["places/city"], 76, 86)  # across the form feed
    p.link(LinkKind.SAID_BY, claim.id, actor.id)
    p.link(LinkKind.DATED, claim.id, date.id)
    p.set_annotator("Zoë 👩‍🔬")
    other = p.add_annotation(plain, tags["claim"], 0, 22)
    p.add_annotation(hard, tags["actor"], 0, 6)  # the same span as alice's, by another annotator
    p.link(LinkKind.SAME_CLAIM, claim.id, other.id)
    p.run(AddComment(claim.id, "rita", "Which outlet says 29 September?"))
    return p


def test_export_is_valid_qda_xml_and_round_trips(tmp_path: Path) -> None:
    with make_rich_project(tmp_path / "a.annot") as a:
        summary = export_qdpx(a.store, tmp_path / "a.qdpx")
        assert (summary.annotations, summary.links, summary.documents) == (7, 3, 2)
        before_spans = span_set(a)
        before_tags = {(t.name, t.colour, t.description, t.role) for t in a.store.tags()}
        before_docs = {(d.sha256, d.title, d.outlet, d.url, d.published) for d in a.store.documents()}
        before_links = {(k.kind, k.source_id, k.target_id) for k in a.store.links()}
        before_people = {x.name for x in a.store.annotators()}
    validate(qde_of(tmp_path / "a.qdpx"))
    with zipfile.ZipFile(tmp_path / "a.qdpx") as z:  # the texts, byte for byte, in sources/
        texts = {z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("sources/")}
    assert texts == {HARD, PLAIN}
    with Project.create(tmp_path / "b.annot") as b:
        report = import_qdpx(b, tmp_path / "a.qdpx", annotator="nobody")
        assert report.annotations.added == 7 and report.links.added == 3 and not report.unanchored
        spans = span_set(b)
        claim = next(s for s in spans if s[6].startswith("the key claim"))
        assert claim[6] == "the key claim\r\nsecond line\n\nWhich outlet says 29 September?"  # comment kept
        assert {s if s[0] != claim[0] else (*s[:6], "the key claim\r\nsecond line", s[7]) for s in spans} == before_spans
        assert {(t.name, t.colour, t.description, t.role) for t in b.store.tags()} == before_tags
        assert {(d.sha256, d.title, d.outlet, d.url, d.published) for d in b.store.documents()} == before_docs
        assert {(k.kind, k.source_id, k.target_id) for k in b.store.links()} == before_links
        assert {x.name for x in b.store.annotators()} == before_people
        for ann in b.store.annotations():
            assert b.store.document_text(ann.document_id)[ann.start : ann.end] == ann.quote
        again = import_qdpx(b, tmp_path / "a.qdpx")  # importing twice adds nothing
        assert again.annotations.added == 0 and (again.annotations.skipped, again.links.skipped) == (7, 3)
        assert len(b.store.annotations()) == 7
        b.undo()  # the first import was one undo step... (the second added nothing)
        assert b.store.annotations() == [] and b.store.documents() == []


def test_export_counts_what_refi_cannot_hold(tmp_path: Path) -> None:
    with make_rich_project(tmp_path / "a.annot") as a:
        first = a.store.annotations()[0]
        a.run(AcceptAnnotation(first.id, a.set_annotator("rita")))
        reviewed = [x for x in a.store.annotations() if x.status != Status.UNREVIEWED]
        assert reviewed
        summary = export_qdpx(a.store, tmp_path / "a.qdpx")
    assert summary.not_expressible["review status (accepted/rejected) of annotations"] == len(reviewed)
    assert any("review status" in line for line in summary.lines())


def _qualcoder_qdpx(path: Path, text: str, selections: list[tuple[int, int, str]], *, boms: int = 1,
                    origin: str = "QualCoder 3.6") -> None:  # fmt: skip
    """A .qdpx as QualCoder writes it: a BOM before the text, upper-case GUIDs, ``name`` the
    selected text, one user and one code."""
    user, code, source = (str(uuid.uuid4()).upper() for _ in range(3))
    sels = "".join(
        f'<PlainTextSelection guid="{uuid.uuid4()}" startPosition="{s}" endPosition="{e}" name="{n}"'
        f' creatingUser="{user}" creationDateTime="2024-05-01T10:00:00Z">'
        f'<Coding guid="{uuid.uuid4()}" creatingUser="{user}"><CodeRef targetGUID="{code}"/></Coding>'
        "</PlainTextSelection>"
        for s, e, n in selections
    )
    qde = (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="qc" origin="{origin}">'
        f'<Users><User guid="{user}" name="colin"/></Users>'
        f'<CodeBook><Codes><Code guid="{str(uuid.uuid4()).upper()}" name="Themes" isCodable="false">'
        f'<Code guid="{code}" name="Detention" isCodable="true" color="#F0A"/></Code></Codes></CodeBook>'
        f'<Sources><TextSource guid="{source}" name="interview.txt" plainTextPath="internal://{source}.txt">'
        f"{sels}</TextSource></Sources></Project>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        z.writestr(f"Sources/{source}.txt", ("\ufeff" * boms + text).encode("utf-8"))


TEXT = "Prisoners said the guards beat them. The ministry denied it."


@pytest.mark.parametrize(("boms", "shift"), [(1, 0), (2, 1)])
def test_qualcoder_byte_order_marks_do_not_shift_the_spans(tmp_path: Path, boms: int, shift: int) -> None:
    """One BOM: positions count from after it. Two (a file that went through QualCoder's own
    import and export again): positions count the second mark as a character."""
    wanted = [(0, 9, "Prisoners"), (19, 35, "guards beat them"), (37, 49, "The ministry")]
    f = tmp_path / "qc.qdpx"
    _qualcoder_qdpx(f, TEXT, [(s + shift, e + shift, n) for s, e, n in wanted], boms=boms)
    validate(qde_of(f))
    with Project.create(tmp_path / "p.annot") as p:
        report = import_qdpx(p, f)
        [doc] = p.store.documents()
        assert p.store.document_text(doc.id) == TEXT  # no mark in the stored text
        got = sorted((a.start, a.end, a.quote) for a in p.store.annotations())
        assert got == wanted and not report.reanchored and not report.unanchored
        assert {t.name for t in p.store.tags()} >= {"Themes/Detention"}  # hierarchy flattened
        assert "Themes" not in {t.name for t in p.store.tags()}  # not codable: no tag
        assert p.store.tag_by_name("Themes/Detention").colour == "#ff00aa"  # type: ignore[union-attr]
        assert [a.name for a in p.store.annotators()] == ["colin"]
        assert {a.created for a in p.store.annotations()} == {"2024-05-01T10:00:00Z"}


def test_a_name_with_a_raw_line_break_still_confirms_the_position(tmp_path: Path) -> None:
    text = "Prisoners said the guards beat them.\nThe ministry denied it."
    start = text.index("them.")
    f = tmp_path / "raw.qdpx"  # QualCoder writes the selected text into name= unescaped
    _qualcoder_qdpx(f, text, [(start, start + 17, text[start : start + 17])])
    assert b"them.\nThe ministr\"" in zipfile.ZipFile(f).read("project.qde")
    with Project.create(tmp_path / "p.annot") as p:
        report = import_qdpx(p, f)
        [a] = p.store.annotations()
        assert (a.start, a.end) == (start, start + 17) and not report.reanchored


def test_positions_counting_crlf_as_one_character_are_placed(tmp_path: Path) -> None:
    text = "First line.\r\nSecond line has the claim.\r\nThird."
    start = text.index("the claim")
    crlf_as_one = start - 1  # one CRLF before it, counted once
    f = tmp_path / "atlas.qdpx"
    _qualcoder_qdpx(f, text, [(crlf_as_one, crlf_as_one + 9, "the claim")], boms=0, origin="ATLAS.ti 23")
    with Project.create(tmp_path / "p.annot") as p:
        import_qdpx(p, f)
        [a] = p.store.annotations()
        assert (a.start, a.end, a.quote) == (start, start + 9, "the claim")


def test_a_selection_whose_text_is_nowhere_is_reported_not_guessed(tmp_path: Path) -> None:
    f = tmp_path / "bad.qdpx"
    _qualcoder_qdpx(f, TEXT, [(0, 9, "Prisoners"), (10, 14, "zebra")])
    with Project.create(tmp_path / "p.annot") as p:
        report = import_qdpx(p, f)
        assert report.annotations.added == 1 and len(report.unanchored) == 1
        assert "could not be anchored: 1" in report.summary()


def test_links_refi_tools_make_between_other_things_are_counted(tmp_path: Path) -> None:
    f = tmp_path / "links.qdpx"
    _qualcoder_qdpx(f, TEXT, [(0, 9, "Prisoners")])
    with zipfile.ZipFile(f) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    link = f'<Links><Link guid="{uuid.uuid4()}" name="Memo-Quotation Relation" originGUID="{uuid.uuid4()}" targetGUID="{uuid.uuid4()}"/></Links>'
    parts["project.qde"] = parts["project.qde"].replace(b"</Sources>", b"</Sources>" + link.encode())
    with zipfile.ZipFile(f, "w") as z:
        for n, d in parts.items():
            z.writestr(n, d)
    validate(parts["project.qde"])
    with Project.create(tmp_path / "p.annot") as p:
        report = import_qdpx(p, f)
        assert sum(report.not_imported.values()) == 1
        assert "not imported (links other than annot's link kinds): 1" in report.summary()


def test_qdc_codebook_export_and_import(tmp_path: Path) -> None:
    with make_rich_project(tmp_path / "a.annot") as a:
        n = export_qdc(a.store, tmp_path / "book.qdc")
        wanted = {(t.name, t.colour, t.description, t.role) for t in a.store.tags()}
    assert n == len(wanted)
    xml = (tmp_path / "book.qdc").read_bytes()
    assert b"urn:QDA-XML:codebook:1.0" in xml
    # the codebook schema's CodeBook is the project schema's, in another namespace
    as_project = re.sub(rb"<\?xml[^>]*\?>", b"", xml).replace(b"urn:QDA-XML:codebook:1.0", b"urn:QDA-XML:project:1.0")
    as_project = as_project.replace(b' origin="', b' x-origin="', 1)
    body = as_project.split(b">", 1)[1].rsplit(b"</CodeBook>", 1)[0]
    codes, _, sets = body.partition(b"<Sets>")
    sets = (b"<Sets>" + sets).replace(b'MemberCode guid="', b'MemberCode targetGUID="') if sets else b""
    validate(b'<Project xmlns="urn:QDA-XML:project:1.0" name="x"><CodeBook>' + codes + b"</CodeBook>" + sets + b"</Project>")
    with Project.create(tmp_path / "b.annot") as b:
        report = import_qdc(b, tmp_path / "book.qdc")
        assert {(t.name, t.colour, t.description, t.role) for t in b.store.tags()} == wanted
        assert sorted(report.new_tags) == sorted(
            ["places/city", "places/country", "quote & <mark>", "before / after", "Places/harbour"]
        )
        assert report.tags.skipped == 3  # claim, actor, date were there
        b.undo()
        assert {t.name for t in b.store.tags()} == {"claim", "actor", "date"}


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"not a zip", "not a ZIP archive"), (None, "without a project.qde")],
)
def test_a_bad_qdpx_is_refused_naming_it(tmp_path: Path, content: bytes | None, words: str) -> None:
    f = tmp_path / "broken.qdpx"
    if content is None:
        with zipfile.ZipFile(f, "w") as z:
            z.writestr("readme.txt", "hello")
    else:
        f.write_bytes(content)
    with Project.create(tmp_path / "p.annot") as p, pytest.raises(ImportProblem, match=f"broken.qdpx.*{words}"):
        import_qdpx(p, f)


def test_cli_export_qdpx_new_from_and_import_annotations(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with make_rich_project(tmp_path / "a.annot") as a:
        spans = span_set(a)
        a.run(AcceptAnnotation(a.store.annotations()[0].id, a.set_annotator("rita")))
    assert main(["export", "qdpx", str(tmp_path / "a.annot"), "-o", str(tmp_path / "a.qdpx")]) == 0
    out = capsys.readouterr()
    assert "wrote 8 annotation(s), 3 link(s)" in out.out and "review status" in out.err
    assert main(["new", str(tmp_path / "b.annot"), "--from", str(tmp_path / "a.qdpx")]) == 0
    assert "imported 8 annotation(s) and 3 link(s)" in capsys.readouterr().out
    with Project.open(tmp_path / "b.annot") as b:
        got = {s[:6] for s in span_set(b)}
        assert {s[:6] for s in spans} <= got
        assert all(x.status == Status.UNREVIEWED for x in b.store.annotations())
    assert main(["import-annotations", str(tmp_path / "b.annot"), str(tmp_path / "a.qdpx")]) == 0
    assert "imported 0 annotation(s)" in capsys.readouterr().out
    assert main(["export", "qdc", str(tmp_path / "a.annot"), "-o", str(tmp_path / "a.qdc")]) == 0
    assert main(["import-annotations", str(tmp_path / "b.annot"), str(tmp_path / "a.qdc")]) == 0
    assert main(["new", str(tmp_path / "c.annot"), "--from", str(tmp_path / "missing.qdpx")]) == 1
    assert not (tmp_path / "c.annot").exists()


from hypothesis import given  # noqa: E402
from test_interchange_roundtrip import SETTINGS, Corpus, annotations_of, build, corpora, links_of  # noqa: E402


@SETTINGS
@given(corpora())
def test_refi_round_trip_keeps_every_span_on_hostile_texts(corpus: Corpus) -> None:
    """Emoji, ZWJ sequences, combining marks, CRLF, U+2028, RTL marks, TABs: the same spans,
    annotators, notes and links come back (the review status is not part of REFI-QDA)."""
    import tempfile

    source = build(corpus)
    fresh = Project.in_memory()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "x.qdpx"
        export_qdpx(source.store, out)
        validate(qde_of(out))
        report = import_qdpx(fresh, out)
    assert not report.unanchored and not report.reanchored and not report.skipped_links
    assert annotations_of(fresh, with_ids=False) == annotations_of(source, with_ids=False)
    who = {(a.id, a.start, a.end) for a in source.store.annotations()}
    assert {(a.id, a.start, a.end) for a in fresh.store.annotations()} == who
    names = lambda p: sorted(p.store.annotator(a.annotator_id).name for a in p.store.annotations())  # noqa: E731
    assert names(fresh) == names(source)
    assert links_of(fresh, with_ids=True) == links_of(source, with_ids=True)


def test_a_fifo_or_folder_named_qdpx_is_refused_without_blocking(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.qdpx"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.qdc"
    folder.mkdir()
    with Project.create(tmp_path / "p.annot") as p:
        with pytest.raises(ImportProblem, match=r"pipe\.qdpx: is a named pipe"):
            import_qdpx(p, fifo)
        with pytest.raises(ImportProblem, match=r"folder\.qdc: is a folder"):
            import_qdc(p, folder)


def test_a_text_written_back_with_windows_line_ends_matches_the_documents_text(tmp_path: Path) -> None:
    """A tool that exported the text with CRLF (QualCoder's option for Windows programs):
    the document is matched in the project (LF) and the positions are moved to it."""
    lf = "Prisoners said the guards beat them.\nThe ministry denied it.\nNo inquiry followed."
    crlf = lf.replace("\n", "\r\n")
    at = crlf.index("denied")  # in the CRLF text
    f = tmp_path / "win.qdpx"
    _qualcoder_qdpx(f, crlf, [(at, at + 9, "denied it"), (0, 9, "Prisoners")])
    with Project.create(tmp_path / "p.annot") as p:
        p.import_sources([SourceText(lf, "t", "", "t.txt", sha256_text(lf))])
        report = import_qdpx(p, f)
        assert report.documents.skipped == 1 and report.documents.added == 0
        assert sorted(a.quote for a in p.store.annotations()) == ["Prisoners", "denied it"]
        assert not report.reanchored and len(p.store.documents()) == 1


def test_claim_groups_come_back_from_their_links_and_labels_are_counted(tmp_path: Path) -> None:
    from annot.core.claim_groups import Align, SetGroupLabel, claim_groups

    with make_rich_project(tmp_path / "a.annot") as a:
        hard, plain = (d.id for d in a.store.documents())
        tags = {t.name: t.id for t in a.store.tags()}
        a.set_annotator("alice")
        left = a.add_annotation(hard, tags["claim"], 0, 32)
        right = a.add_annotation(plain, tags["claim"], 23, 38)
        a.run(Align(LinkKind.PARTLY, left.id, right.id))
        a.run(SetGroupLabel(left.id, "Date of the withdrawal", "sources disagree"))
        groups = {(frozenset(g.members), g.partly) for g in claim_groups(a.store).aligned()}
        assert len(groups) == 2  # the rich project's same_claim pair and this partly pair
        summary = export_qdpx(a.store, tmp_path / "a.qdpx")
    assert summary.not_expressible["labels and notes of claim groups"] == 1
    assert any("Link elements between selections: 4" in line for line in summary.lines())
    validate(qde_of(tmp_path / "a.qdpx"))
    with Project.create(tmp_path / "b.annot") as b:
        import_qdpx(b, tmp_path / "a.qdpx")
        assert {(frozenset(g.members), g.partly) for g in claim_groups(b.store).aligned()} == groups
        assert b.store.group_labels() == {}  # said, not silently lost: see the summary above
