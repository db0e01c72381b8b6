"""Titles, outlets and dates from what a text states (general rules, checked on the seeds)."""

from __future__ import annotations

import pytest

from annot.core.project import Project
from annot.core.titles import describe, find_outlet, first_sentence_title, shorten
from tests.conftest import SEEDS


def test_the_seeds_get_readable_titles_and_their_stated_dates() -> None:
    found = {p.name[:3]: describe(p.read_text(encoding="utf-8"), p.stem) for p in sorted(SEEDS.glob("*.txt"))}
    titles = {k: d.title for k, d in found.items()}
    for k, title in titles.items():
        assert not title.startswith(k + "_"), f"{k} is titled by its file name"
        assert len(title) <= 110
    assert titles["000"].startswith("On September 29, 2025, Russia officially denounced")
    assert titles["000"].endswith("…") and len(titles["000"]) <= 81
    assert titles["001"].startswith("On Monday, September 29, 2025, Russian President Vladimir Putin")
    assert titles["002"] == "Russia withdraws from anti-torture convention"
    assert titles["003"].startswith("Russia leaving European Convention for the Prevention of Torture")
    assert titles["004"].startswith("Russia will formally withdraw from Europe’s convention")  # no "date …"
    assert {k: d.published for k, d in found.items()} == {
        "000": "", "001": "", "002": "", "003": "2025-12-07", "004": "2025-08-26",
    }  # fmt: skip
    # outlets the stories merely mention ("reported by Reuters", "The Moscow Times") are not theirs
    assert {d.outlet for d in found.values()} == {""}


def test_a_new_sample_project_shows_those_titles() -> None:
    with Project.in_memory() as p:
        p.import_files(sorted(SEEDS.glob("*.txt")), undoable=False)
        titles = [d.title for d in p.store.documents()]
    assert not any(t.startswith(("000_", "001_", "004_")) for t in titles)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Mr. Putin signed the law on Sept. 29. It takes effect at once.", "Mr. Putin signed the law on Sept. 29"),
        ("MOSCOW (Reuters) - Russia said on Monday it would leave. More.", "Russia said on Monday it would leave"),
        ("date 2025-08-26 Russia will leave the convention, officials say.", "Russia will leave the convention, officials say"),
        ("Published: May 3, 2025\nThe ministry said it would leave the treaty.", "The ministry said it would leave the treaty"),
    ],
)
def test_first_sentence_titles(text: str, title: str) -> None:
    assert first_sentence_title(text) == title


def test_long_sentences_are_cut_at_a_word_and_not_after_a_small_word() -> None:
    long = "The parliament of the country voted on a long list of measures concerning the treaty obligations of the state today"
    cut = shorten(long)
    assert cut.endswith("…") and len(cut) <= 81
    assert long.startswith(cut[:-1])
    assert cut[:-1].split()[-1] not in {"the", "of", "a", "on", "for"}
    assert long[len(cut) - 1] == " "  # a whole word


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("Source: The Moscow Times\n\nRussia left.", "The Moscow Times"),
        ("MOSCOW, Sept 29 (Reuters) — Russia left the convention.", "Reuters"),
        ("Story.\n\n© 2025 Meduza. All rights reserved.", "Meduza"),
        ("The law, widely reported by outlets including Reuters and The Guardian, passed.", ""),
    ],
)
def test_outlet_only_where_the_text_states_it(text: str, outlet: str) -> None:
    assert find_outlet(text) == outlet
    if outlet:
        assert describe(text, "f").outlet == outlet
