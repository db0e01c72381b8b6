"""Normalised date values: suggested on every path that creates a date span, relative to the
document's publication date; editable (one undo step, confirmed); kept across undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annot.core.date_values import SetDateValue
from annot.core.documents import AddDocuments, SourceText, sha256_text
from annot.core.errors import ValidationError
from annot.core.export.brat import export_brat
from annot.core.export.wadm import export_wadm
from annot.core.imports.brat import import_brat
from annot.core.imports.csv_annotations import import_annotations_csv
from annot.core.imports.wadm import import_wadm
from annot.core.model import AnnotationId, DocumentId, Role, TagId
from annot.core.project import Project

TEXT = "Moscow said on Saturday that it left on 29 September 2025, and will talk next month."
SATURDAY = (TEXT.index("Saturday"), TEXT.index("Saturday") + len("Saturday"))
EXPLICIT = (TEXT.index("29 September 2025"), TEXT.index("29 September 2025") + len("29 September 2025"))
NEXT_MONTH = (TEXT.index("next month"), TEXT.index("next month") + len("next month"))


def _project(published: str = "2025-10-01") -> tuple[Project, DocumentId]:
    p = Project.in_memory()
    p.run(AddDocuments([SourceText(TEXT, "Report", published, "r.txt", sha256_text(TEXT))]))
    p.set_annotator("alice")
    return p, p.store.documents()[0].id


def _tag(p: Project, role: Role) -> TagId:
    return next(t.id for t in p.store.tags() if t.role == role)


def test_a_new_date_span_gets_a_suggested_value_relative_to_publication() -> None:
    p, doc = _project("2025-10-01")  # a Wednesday
    date = _tag(p, Role.DATE)
    saturday = p.add_annotation(doc, date, *SATURDAY)
    explicit = p.add_annotation(doc, date, *EXPLICIT)
    ahead = p.add_annotation(doc, date, *NEXT_MONTH)
    assert p.store.date_value(saturday.id) == ("2025-09-27", "suggested")
    assert p.store.date_value(explicit.id) == ("2025-09-29", "suggested")
    assert p.store.date_value(ahead.id) == ("2025-11", "suggested")
    # the same words in a report published a week later name another Saturday
    q, doc2 = _project("2025-10-08")
    assert q.store.date_value(q.add_annotation(doc2, _tag(q, Role.DATE), *SATURDAY).id) == (
        "2025-10-04", "suggested",
    )


def test_other_spans_get_no_value_until_they_become_dates() -> None:
    p, doc = _project()
    claim = p.add_annotation(doc, _tag(p, Role.CLAIM), *SATURDAY)
    assert p.store.date_value(claim.id) is None
    p.change_tag(claim.id, _tag(p, Role.DATE))
    assert p.store.date_value(claim.id) == ("2025-09-27", "suggested")


def test_without_a_publication_date_a_relative_date_has_no_value() -> None:
    p, doc = _project("")
    date = _tag(p, Role.DATE)
    assert p.store.date_value(p.add_annotation(doc, date, *SATURDAY).id) == ("", "suggested")
    assert p.store.date_value(p.add_annotation(doc, date, *EXPLICIT).id) == ("2025-09-29", "suggested")


def test_editing_a_value_confirms_it_and_is_one_undo_step() -> None:
    p, doc = _project()
    span = p.add_annotation(doc, _tag(p, Role.DATE), *SATURDAY)
    p.run(SetDateValue(span.id, "2025-09-20"))
    assert p.store.date_value(span.id) == ("2025-09-20", "confirmed")
    assert p.history.undo_label == "Set date value"
    p.undo()
    assert p.store.date_value(span.id) == ("2025-09-27", "suggested")
    p.redo()
    assert p.store.date_value(span.id) == ("2025-09-20", "confirmed")
    # confirming the suggestion as it is is a change of status
    p.undo()
    p.run(SetDateValue(span.id, "2025-09-27"))
    assert p.store.date_value(span.id) == ("2025-09-27", "confirmed")


@pytest.mark.parametrize("bad", ["Saturday", "2025-13", "2025-9-1", "20255"])
def test_a_value_that_is_no_date_value_is_refused(bad: str) -> None:
    p, doc = _project()
    span = p.add_annotation(doc, _tag(p, Role.DATE), *SATURDAY)
    with pytest.raises(ValidationError, match="is not a date value"):
        p.run(SetDateValue(span.id, bad))
    assert p.store.date_value(span.id) == ("2025-09-27", "suggested")


def test_only_a_date_span_takes_a_value() -> None:
    p, doc = _project()
    claim = p.add_annotation(doc, _tag(p, Role.CLAIM), *SATURDAY)
    with pytest.raises(ValidationError, match="only a date span"):
        p.run(SetDateValue(claim.id, "2025"))


def test_a_confirmed_value_survives_delete_and_undo() -> None:
    p, doc = _project()
    span = p.add_annotation(doc, _tag(p, Role.DATE), *SATURDAY)
    p.run(SetDateValue(span.id, "2025-09-20"))
    p.delete_annotations([span.id])
    p.undo()
    assert p.store.date_value(span.id) == ("2025-09-20", "confirmed")


def test_a_new_publication_date_moves_suggested_values_not_confirmed_ones(tmp_path: Path) -> None:
    p, doc = _project("2025-10-01")
    date = _tag(p, Role.DATE)
    suggested = p.add_annotation(doc, date, *SATURDAY)
    ahead = p.add_annotation(doc, date, *NEXT_MONTH)
    p.run(SetDateValue(ahead.id, "2025-11"))
    sheet = tmp_path / "s.csv"
    sheet.write_text("file,published\nr.txt,2025-10-08\n", "utf-8")
    p.set_metadata(sheet)
    assert p.store.date_value(suggested.id) == ("2025-10-04", "suggested")
    assert p.store.date_value(ahead.id) == ("2025-11", "confirmed")
    p.undo()
    assert p.store.date_value(suggested.id) == ("2025-09-27", "suggested")


def test_csv_import_suggests_values(tmp_path: Path) -> None:
    p, _ = _project()
    csv = tmp_path / "a.csv"
    csv.write_text(
        "document,annotator,start,end,tag\n"
        f"r.txt,bob,{SATURDAY[0]},{SATURDAY[1]},date\nr.txt,bob,{EXPLICIT[0]},{EXPLICIT[1]},claim\n",
        "utf-8",
    )
    import_annotations_csv(p, csv)
    values = {a.quote: p.store.date_value(a.id) for a in p.store.annotations()}
    assert values == {"Saturday": ("2025-09-27", "suggested"), "29 September 2025": None}
    p.undo()
    p.redo()  # the same ids come back with their values
    assert {a.quote: p.store.date_value(a.id) for a in p.store.annotations()} == values


def _source_with_dates() -> Project:
    p, doc = _project()
    date = _tag(p, Role.DATE)
    p.add_annotation(doc, date, *SATURDAY)
    p.add_annotation(doc, date, *EXPLICIT)
    return p


def test_w3c_import_suggests_values(tmp_path: Path) -> None:
    export_wadm(_source_with_dates().store, tmp_path / "a.jsonld")
    target, _ = _project("2025-10-08")  # the same text, published a week later
    import_wadm(target, tmp_path / "a.jsonld")
    values = {a.quote: p for a in target.store.annotations() if (p := target.store.date_value(a.id))}
    assert values == {"Saturday": ("2025-10-04", "suggested"), "29 September 2025": ("2025-09-29", "suggested")}


def test_brat_import_suggests_values(tmp_path: Path) -> None:
    export_brat(_source_with_dates().store, tmp_path / "brat")
    target = Project.in_memory()
    target.set_annotator("carol")
    import_brat(target, tmp_path / "brat")
    spans = target.store.annotations()
    assert {a.quote for a in spans} == {"Saturday", "29 September 2025"}
    values = {a.quote: target.store.date_value(a.id) for a in spans}
    assert values["29 September 2025"] == ("2025-09-29", "suggested")
    assert values["Saturday"] is not None and values["Saturday"][1] == "suggested"


def test_value_of_an_unknown_span_is_a_clear_error() -> None:
    p, _ = _project()
    with pytest.raises(ValidationError, match="no annotation"):
        p.run(SetDateValue(AnnotationId("nope"), "2025"))


def _read(path: Path) -> list[dict[str, str]]:
    import csv

    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_exports_carry_date_values(tmp_path: Path) -> None:
    from annot.core.export.tables import export_annotations, export_claims
    from annot.core.model import LinkKind

    p, doc = _project()
    date = _tag(p, Role.DATE)
    claim = p.add_annotation(doc, _tag(p, Role.CLAIM), 0, len(TEXT) - 1)
    ahead = p.add_annotation(doc, date, *NEXT_MONTH)
    saturday = p.add_annotation(doc, date, *SATURDAY)
    p.run(SetDateValue(ahead.id, "2025-11"))
    p.link(LinkKind.DATED, claim.id, ahead.id)
    p.link(LinkKind.DATED, claim.id, saturday.id)
    export_claims(p.store, tmp_path / "claims.csv")
    (row,) = _read(tmp_path / "claims.csv")
    assert row["date"] == "Saturday; next month"  # document order
    assert row["date_value"] == "2025-09-27; 2025-11"
    export_annotations(p.store, tmp_path / "all.csv")
    by_quote = {r["quote"]: r["date_value"] for r in _read(tmp_path / "all.csv")}
    assert by_quote == {TEXT[:-1]: "2025-09-27; 2025-11", "next month": "2025-11", "Saturday": "2025-09-27"}


def test_merge_brings_a_colleagues_values_by_uuid(tmp_path: Path) -> None:
    import shutil

    from annot.core.merge import merge_projects

    ours_path = tmp_path / "ours.annot"
    with Project.create(ours_path) as p:
        p.run(AddDocuments([SourceText(TEXT, "Report", "2025-10-01", "r.txt", sha256_text(TEXT))]))
        p.set_annotator("alice")
        doc = p.store.documents()[0].id
        span = p.add_annotation(doc, _tag(p, Role.DATE), *SATURDAY)
    theirs_path = tmp_path / "theirs.annot"
    shutil.copyfile(ours_path, theirs_path)
    with Project.open(theirs_path) as q:
        q.set_annotator("bob")
        q.run(SetDateValue(span.id, "2025-09-20"))  # bob corrects it
        extra = q.add_annotation(doc, _tag(q, Role.DATE), *EXPLICIT)
        q.run(SetDateValue(extra.id, "2025-09-28"))
    with Project.open(ours_path) as p:
        report = merge_projects(p, theirs_path)
        assert (report.date_values.added, report.date_values.updated) == (1, 1)
        assert p.store.date_value(span.id) == ("2025-09-20", "confirmed")
        assert p.store.date_value(extra.id) == ("2025-09-28", "confirmed")
        p.undo()
        assert p.store.date_value(span.id) == ("2025-09-27", "suggested")
        assert not p.store.has_annotation(extra.id)
        p.redo()
        # merging again changes nothing
        assert not merge_projects(p, theirs_path).changed
        assert p.store.date_value(span.id) == ("2025-09-20", "confirmed")


def test_editing_the_publication_date_in_the_window_moves_suggested_values() -> None:
    from annot.core.documents import UpdateDocument

    p, doc = _project("2025-10-01")
    span = p.add_annotation(doc, _tag(p, Role.DATE), *SATURDAY)
    p.run(UpdateDocument(doc, published="2025-10-08"))
    assert p.store.date_value(span.id) == ("2025-10-04", "suggested")
    p.undo()
    assert p.store.date_value(span.id) == ("2025-09-27", "suggested")
    p.redo()
    assert p.store.date_value(span.id) == ("2025-10-04", "suggested")
    p.run(UpdateDocument(doc, title="Another title"))  # the date stays: nothing moves
    assert p.store.date_value(span.id) == ("2025-10-04", "suggested")


@pytest.mark.parametrize(
    ("quote", "expected"),
    [("the Kremlin", False), ("Vladimir Putin", False), ("Saturday", True), ("1998", True),
     ("last summer", True), ("the day before", True), ("Christmas Eve", True), ("recently", True)],
)
def test_only_a_span_made_of_date_words_goes_to_the_parser(quote: str, expected: bool) -> None:
    from annot.core.date_values import could_be_date

    assert could_be_date(quote) is expected


def test_merge_suggests_a_value_for_a_date_span_that_arrives_without_one(tmp_path: Path) -> None:
    """Their date spans without a value (under our date tag, and under a date tag of theirs
    the merge adds) get a suggestion; their claim gets none; undo takes them away."""
    import shutil

    from annot.core.merge import merge_projects
    from annot.core.model import Tag

    ours_path = tmp_path / "ours.annot"
    with Project.create(ours_path) as p:
        p.run(AddDocuments([SourceText(TEXT, "Report", "2025-10-01", "r.txt", sha256_text(TEXT))]))
        p.set_annotator("alice")
    theirs_path = tmp_path / "theirs.annot"
    shutil.copyfile(ours_path, theirs_path)
    with Project.open(theirs_path) as q:
        q.set_annotator("bob")
        doc = q.store.documents()[0].id
        with q.store.atomic():
            when = q.store.add_tag(Tag(TagId(0), "when", "#123456", "", "", Role.DATE))
        spans = [q.add_annotation(doc, _tag(q, Role.DATE), *SATURDAY), q.add_annotation(doc, when, *NEXT_MONTH),
                 q.add_annotation(doc, _tag(q, Role.CLAIM), *EXPLICIT)]  # fmt: skip
        with q.store.atomic():
            q.store.delete_date_values([s.id for s in spans])
    with Project.open(ours_path) as p:
        merge_projects(p, theirs_path)
        assert [p.store.date_value(s.id) for s in spans] == [("2025-09-27", "suggested"), ("2025-11", "suggested"), None]
        p.undo()
        assert all(p.store.date_value(s.id) is None for s in spans)


_WORDS = ["may", "March", "today", "today's", "summer", "\u017fummer", "wee\u212a", "t\u0131me", "Eve", "year", "4th", "s", "day"]
_TRICKY = ["\u212a", "\u017f", "\u0131", "\u0130", "ß", "é", "'", "’", "-", "_", " ", "\n", "👍", "٣", "x"]


@given(st.lists(st.one_of(st.sampled_from(_WORDS), st.sampled_from(_TRICKY), st.text(max_size=4)), max_size=12))
@settings(max_examples=400, deadline=None)
def test_the_date_word_filter_is_the_date_word_pattern(parts: list[str]) -> None:
    """The filter (a set lookup per run of letters) says what the plain pattern of every
    date word says, on any text: cases, letters re folds to a-z (Kelvin sign, long s,
    dotless i), digits of any script, apostrophes, words glued to letters."""
    from annot.core.date_values import could_be_date, date_words, date_words_pattern

    quote = "".join(parts)
    assert could_be_date(quote) is (date_words_pattern(date_words()).search(quote) is not None), quote


def test_the_date_word_filter_drops_no_value_on_meantime() -> None:
    """Every MEANTIME time expression that gets a value still reaches the parser."""
    import csv as csv_module
    from datetime import date as day

    from annot.core.date_values import could_be_date
    from annot.core.dates import normalise

    data = Path("/work/shared/data/meantime")
    if not (data / "mentions.csv").exists():
        pytest.skip("the shared MEANTIME data is not on this machine")
    with (data / "documents.csv").open(encoding="utf-8", newline="") as fh:
        published = {r["document"]: day.fromisoformat(r["published"]) for r in csv_module.DictReader(fh)}
    with (data / "mentions.csv").open(encoding="utf-8", newline="") as fh:
        timex = [r for r in csv_module.DictReader(fh) if r["kind"] == "timex"]
    assert len(timex) > 400
    lost = [r["text"] for r in timex if not could_be_date(r["text"]) and normalise(r["text"], published[r["document"]])]
    assert lost == []


def test_the_date_spans_without_a_value_among_ids_are_those_a_plain_reading_finds() -> None:
    """The spans among many ids (one JSON array, as a merge passes 100k) are exactly the
    date spans of those ids without a stored value, by document, each once."""
    p, doc = _project()
    other_text = "On Monday, not Tuesday."
    p.run(AddDocuments([SourceText(other_text, "Other", "2025-10-01", "o.txt", sha256_text(other_text))]))
    doc2 = next(d.id for d in p.store.documents() if d.id != doc)
    date, claim = _tag(p, Role.DATE), _tag(p, Role.CLAIM)
    spans = [p.add_annotation(doc2, date, 3, 9), p.add_annotation(doc, date, *SATURDAY),
             p.add_annotation(doc, claim, *EXPLICIT), p.add_annotation(doc, date, *NEXT_MONTH),
             p.add_annotation(doc2, date, 15, 22)]  # fmt: skip
    with p.store.atomic():
        p.store.delete_date_values([spans[1].id, spans[3].id, spans[4].id])
    ids = [s.id for s in spans] + [spans[3].id, "not-an-annotation"]  # a repeat, an unknown id
    found = p.store.date_spans_without_value(ids)
    valued = {s.id for s in spans if p.store.date_value(s.id) is not None}
    plain = [(s.id, s.document_id, s.start, s.end) for s in spans if s.tag_id == date and s.id not in valued]
    assert sorted(found) == sorted(plain) and len(found) == 3
    assert [r[1] for r in found] == sorted(r[1] for r in found)  # by document
    assert p.store.date_spans_without_value([]) == []
