"""Date normalisation (annot.core.dates): each rule around a publication date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from annot.core.dates import normalise, normalise_in_text

MONDAY = date(2025, 9, 29)  # a Monday; September: autumn


@pytest.mark.parametrize(
    ("expression", "context", "value"),
    [
        # a weekday equal to the publication weekday is that day (dateparser: a week back)
        ("on Monday", "Putin said on Monday that Russia would leave.", "2025-09-29"),
        ("Monday", "", "2025-09-29"),
        ("Monday evening", "He spoke on Monday evening.", "2025-09-29"),
        # another weekday: the one before, or the one after when the words are future
        ("on Saturday", "Talks ended on Saturday.", "2025-09-27"),
        ("Friday", "The vote will take place on Friday.", "2025-10-03"),
        ("Friday", "The vote took place on Friday.", "2025-09-26"),
        ("last Monday", "", "2025-09-22"),
        ("next Monday", "", "2025-10-06"),
        ("Tuesday, September 23", "", "2025-09-23"),
        ("Tuesday's", "Tuesday's vote was close.", "2025-09-23"),
        # the weekend: on a weekday with past words the one just gone, else the coming one
        ("the weekend", "Protests took place during the weekend.", "2025-W39-WE"),
        ("the weekend", "Talks will resume at the weekend.", "2025-W40-WE"),
        ("this past weekend", "", "2025-W39-WE"),
        # a day of the month alone: this month, or the next when future
        ("the 12th", "It was signed on the 12th.", "2025-09-12"),
        ("the 3rd", "It will be signed on the 3rd.", "2025-10-03"),
    ],
)
def test_weekdays_around_the_publication_day(expression: str, context: str, value: str) -> None:
    assert normalise(expression, MONDAY, context) == value


@pytest.mark.parametrize(
    ("expression", "context", "value"),
    [
        # a month after the publication month: this year when the words look ahead or say
        # nothing and it is near; last year when they are past
        ("October", "The law will take effect in October.", "2025-10"),
        ("October", "The law took effect in October.", "2024-10"),
        ("early December", "The talks will resume in early December.", "2025-12"),
        ("early December", "", "2025-12"),
        ("November 12", "An event to be held on November 12 was announced.", "2025-11-12"),
        ("November 12", "The treaty was signed on November 12.", "2024-11-12"),
        # a month before it: this year
        ("March", "Sales fell in March.", "2025-03"),
        ("11 December", "", "2025-12-11"),
        ("April 2nd", "", "2025-04-02"),
        ("late 2006", "", "2006"),
        ("November 2008", "", "2008-11"),
        ("last September", "", "2024-09"),  # September now: the one before
        ("September 29, 2025", "", "2025-09-29"),
        ("29.09.2025", "", "2025-09-29"),
        ("7/8/07", "", "2007-07-08"),
        ("2025-09-27", "", "2025-09-27"),
    ],
)
def test_months_and_explicit_dates(expression: str, context: str, value: str) -> None:
    assert normalise(expression, MONDAY, context) == value


def test_a_later_month_with_no_tense_goes_back_when_nearer_in_the_past() -> None:
    # November written in March is four months back, eight ahead: last year
    assert normalise("November", date(2009, 3, 13)) == "2008-11"
    # December written in January: last month, not next year's
    assert normalise("December", date(2026, 1, 10)) == "2025-12"


@pytest.mark.parametrize(
    ("published", "expression", "value"),
    [
        (MONDAY, "last summer", "2025-SU"),  # September: this year's summer is over
        (date(2025, 7, 1), "last summer", "2024-SU"),  # in the summer: the one before
        (date(2026, 1, 10), "last summer", "2025-SU"),
        (date(2026, 1, 10), "this summer", "2026-SU"),
        (MONDAY, "next summer", "2026-SU"),
        (MONDAY, "autumn", "2025-FA"),
        (MONDAY, "winter 2010", "2010-WI"),
        (MONDAY, "the spring of 2009", "2009-SP"),
    ],
)
def test_seasons(published: date, expression: str, value: str) -> None:
    assert normalise(expression, published) == value


@pytest.mark.parametrize(
    ("expression", "context", "value"),
    [
        ("the 1990s", "", "199"),
        ("the '90s", "", "199"),
        ("70s", "", "197"),
        ("the nineties", "", "199"),
        ("the past decade", "", "201"),
        ("the 20th century", "", "19"),
        ("the 1800s", "", "18"),
        ("the first quarter of 2009", "", "2009-Q1"),
        ("the third quarter of this year", "", "2025-Q3"),
        ("the first quarter of last year", "", "2024-Q1"),
        ("Q2", "", "2025-Q2"),
        ("the fourth quarter", "Sales will rise in the fourth quarter.", "2025-Q4"),
        ("the last quarter", "", "2025-Q2"),
        ("the second half of 2024", "", "2024-H2"),
        ("this week", "", "2025-W40"),
        ("last week", "", "2025-W39"),
        ("next week", "", "2025-W41"),
        ("this weekend", "", "2025-W40-WE"),
        ("week 12", "", "2025-W12"),
        ("the last week of March", "", "2025-W13"),
        ("last month", "", "2025-08"),
        ("next month", "", "2025-10"),
        ("this year", "", "2025"),
        ("last year", "", "2024"),
        ("two years ago", "", "2023"),
        ("three days ago", "", "2025-09-26"),
        ("a week ago", "", "2025-09-22"),
        ("six months ago", "", "2025-03"),
        ("yesterday", "", "2025-09-28"),
        ("today", "", "2025-09-29"),
        ("tomorrow", "", "2025-09-30"),
        ("1996", "", "1996"),
        ("'82", "", "1982"),
        ("mid-2011", "", "2011"),
    ],
)
def test_relative_units_quarters_weeks_decades(expression: str, context: str, value: str) -> None:
    assert normalise(expression, MONDAY, context) == value


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("recently", "PAST_REF"),
        ("currently", "PRESENT_REF"),
        ("now", "PRESENT_REF"),
        ("the future", "FUTURE_REF"),
        ("the near term", "FUTURE_REF"),
        # not a date: a duration, or no time at all
        ("six years", ""),
        ("over a decade", ""),
        ("the past nine days", ""),
        ("the Joint Strike Fighter program", ""),
        ("", ""),
        ("   ", ""),
    ],
)
def test_vague_references_and_non_dates(expression: str, value: str) -> None:
    assert normalise(expression, MONDAY) == value


def test_without_a_publication_date_only_absolute_values() -> None:
    assert normalise("March 1, 2008", None) == "2008-03-01"
    assert normalise("the 1990s", None) == "199"
    assert normalise("2009", None) == "2009"
    assert normalise("on Monday", None) == ""
    assert normalise("last month", None) == ""
    assert normalise("October", None) == ""


def test_the_same_day_refers_back_to_the_day_named_before() -> None:
    text = "Shares fell on Friday.\nThe index lost 3% on the same day, traders said."
    start = text.index("the same day")
    assert normalise_in_text(text, start, start + len("the same day"), MONDAY) == "2025-09-26"
    start = text.index("Friday")
    assert normalise_in_text(text, start, start + len("Friday"), MONDAY) == "2025-09-26"


def test_tense_is_read_in_the_expression_s_own_sentence() -> None:
    # the "will" of the next sentence does not make Friday future
    text = "The vote took place on Friday. The result will be published later."
    start = text.index("Friday")
    assert normalise_in_text(text, start, start + 6, MONDAY) == "2025-09-26"
    # and a decimal point is no sentence end: the past verb before it still counts
    text = "The economy contracted by 0.9% between April and June."
    start = text.index("April")
    assert normalise_in_text(text, start, start + 5, date(2008, 11, 18)) == "2008-04"


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        # counted from the date named before, not from the report
        ("Russia joined in 1996. Two years later it ratified the treaty.", "Two years later", "1998"),
        ("The bill passed on September 17. Three days later the council approved it.",
         "Three days later", "2025-09-20"),
        ("Russia quit in March 2022. Later that year it left the other convention.", "that year", "2022"),
        ("Talks began in May 2024 and ended the same month.", "the same month", "2024-05"),
        # no date before it, or an event after it: no value rather than a wrong one
        ("Two years later it ratified the treaty.", "Two years later", ""),
        ("It ratified the treaty in 1998, two years after joining the Council.", "two years after", ""),
        ("That year was hard.", "That year", ""),
    ],
)
def test_expressions_counted_from_an_earlier_date(text: str, expression: str, value: str) -> None:
    start = text.index(expression)
    assert normalise_in_text(text, start, start + len(expression), MONDAY) == value


def test_a_two_digit_year_is_never_far_in_the_future() -> None:
    assert normalise("07.12.25", MONDAY) == "2025-12-07"
    assert normalise("the class of '99", MONDAY) == ""
    assert normalise("'99", MONDAY) == "1999"
    assert normalise("'31", MONDAY) == "2031"  # up to ten years ahead of the report
    assert normalise("'36", MONDAY) == "1936"


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("Monday at 10 a.m.", "2025-09-29"),  # a clock time after a day: the day
        ("Friday at 9pm EST", "2025-09-26"),
        ("September 29, 2025 at 14:00", "2025-09-29"),
        ("fiscal 1989", "FY1989"),  # TIMEX3's fiscal year, not the calendar year
        ("the latest quarter", "2025-Q2"),
        ("a year earlier", "2024"),  # no date named before it: earlier than the report
        ("by the end of the decade", "202"),
        ("a century ago", "19"),
        ("2024/25", ""),  # a season span, not a day dateparser would invent
    ],
)
def test_clock_times_fiscal_years_and_other_news_forms(expression: str, value: str) -> None:
    assert normalise(expression, MONDAY) == value


def _normalise_in_text_unbounded(text: str, start: int, end: int, published: date | None) -> str:
    """normalise_in_text as it was before the sentence's end was looked for in a window."""
    import re

    from annot.core.dates import normalise

    sentence_end = re.search(r"[.!?](?:\s|$)|\n", text[end:])
    stop = end + sentence_end.start() + 1 if sentence_end else len(text)
    context_start = max(0, start - 600)
    return normalise(text[start:end], published, text[context_start:stop], at=start - context_start)


def test_the_sentence_window_gives_what_the_whole_rest_of_the_text_gave() -> None:
    """Every date-like expression of the sample corpus, and the same texts with their full
    stops and line breaks gone (no sentence end for thousands of characters)."""
    import re

    from annot.core.dates import normalise_in_text

    seeds = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
    pattern = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday"
                         r"|last week|next year|(?:January|February|March|April|May|June|July|August"
                         r"|September|October|November|December)(?: \d{1,2})?|(?:19|20)\d\d)\b")  # fmt: skip
    checked = 0
    for path in seeds:
        text = path.read_text("utf-8")
        for variant in (text, re.sub(r"[.!?\n]", " ", text) * 3):
            for m in list(pattern.finditer(variant))[:40]:
                want = _normalise_in_text_unbounded(variant, m.start(), m.end(), date(2025, 9, 29))
                assert normalise_in_text(variant, m.start(), m.end(), date(2025, 9, 29)) == want, m[0]
                checked += 1
    assert checked > 100
