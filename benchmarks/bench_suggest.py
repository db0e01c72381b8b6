"""Figures of issues 10 and 11 (algorithms): date values and claim-alignment suggestions.

- suggesting values for 10,000 date spans (``normalise_in_text``) vs dateparser alone on the
  same expressions (one parser per publication date, as the shared baseline does);
- ``suggest-alignments`` over 300 documents / 10,000 claims (read the project, vectors,
  rank every claim, JSON) vs computing the TF-IDF matrix of the same claims alone;
- suggestions for one selected claim (the interactive path) in that project: median after
  the first call (goal < 100 ms) vs the sparse TF-IDF product of one row alone.

Texts are synthetic news-like sentences; nothing is downloaded.
"""

from __future__ import annotations

import json
import random
import re
import statistics
import tempfile
import time
import warnings
from datetime import date, datetime, timedelta
from pathlib import Path

from annot.core.dates import normalise_in_text
from annot.core.documents import SourceText, sha256_text
from annot.core.imports.csv_annotations import import_annotations_csv
from annot.core.project import Project, seed_paths
from annot.core.store import open_readonly
from benchmarks import Figure

DATE_SPANS = 10_000
DOCS = 300
CLAIMS = 10_000
INTERACTIVE = 200
EXPRESSIONS = (
    "Monday", "on Tuesday", "last Friday", "next Wednesday", "Saturday evening", "yesterday",
    "today", "last week", "this week", "next month", "last month", "last year", "this year",
    "October", "early December", "June 18", "March 3, 2021", "11 December", "2019",
    "the 1990s", "two years ago", "three days ago", "last summer", "the first quarter of 2020",
    "the fourth quarter", "recently", "the past decade", "29.09.2025", "mid-2011", "spring",
)  # fmt: skip
VERBS_PAST = ("said", "announced", "reported", "denied", "confirmed", "ratified", "signed")
VERBS_FUTURE = ("will sign", "will vote", "is expected to announce", "plans to open")


def _words(rng: random.Random, n: int) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choices(letters, k=rng.randrange(3, 10))) for _ in range(n)]


def _date_corpus(rng: random.Random) -> list[tuple[str, int, int, date]]:
    """10,000 date spans in sentences of a 300-document project (300 publication dates)."""
    vocab = _words(rng, 2000)
    published_dates = [date(2005, 1, 1) + timedelta(days=rng.randrange(0, 7300)) for _ in range(DOCS)]
    out = []
    for _ in range(DATE_SPANS):
        expr = rng.choice(EXPRESSIONS)
        verb = rng.choice(VERBS_FUTURE if rng.random() < 0.3 else VERBS_PAST)
        before = " ".join(rng.choices(vocab, k=rng.randrange(3, 12)))
        after = " ".join(rng.choices(vocab, k=rng.randrange(3, 12)))
        text = f"The {before} {verb} {expr} that {after}."
        start = text.index(f" {expr} ") + 1
        published = rng.choice(published_dates)
        out.append((text, start, start + len(expr), published))
    return out


def _dates() -> list[Figure]:
    warnings.filterwarnings("ignore")
    from dateparser.date import DateDataParser

    corpus = _date_corpus(random.Random(11))
    started = time.perf_counter()
    values = [normalise_in_text(t, s, e, p) for t, s, e, p in corpus]
    ours = time.perf_counter() - started
    parsers: dict[date, DateDataParser] = {}
    started = time.perf_counter()
    for text, s, e, published in corpus:
        if published not in parsers:
            base = datetime(published.year, published.month, published.day)
            parsers[published] = DateDataParser(
                languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
            )
        parsers[published].get_date_data(text[s:e])
    floor = time.perf_counter() - started
    pattern = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|"
                         r"february|march|april|may|june|july|august|september|october|november|"
                         r"december|\d{4}|today|yesterday|week|month|year)\b", re.IGNORECASE)  # fmt: skip
    started = time.perf_counter()
    for text, s, e, _published in corpus:
        pattern.search(text, s, e)
    regex = time.perf_counter() - started
    empty = sum(not v for v in values)
    name = f"date values for {DATE_SPANS // 1000}k spans"
    return [
        Figure(name, ours, floor, max_ratio=1.0, note=f"floor: dateparser alone; {empty} empty values"),
        Figure(name + " (vs a regex pass)", ours, regex, note="floor: one regex search per span"),
    ]


def _claims_project(folder: Path, rng: random.Random) -> tuple[Path, list[str]]:
    """300 documents of 40 sentences: words of the sample corpus (real English, in its
    frequencies) mixed with made-up names, so that the vocabulary is that of a large project."""
    real = re.findall(r"[A-Za-z]+", " ".join(p.read_text("utf-8") for p in seed_paths()))
    names = [w.capitalize() for w in _words(rng, 5000)]
    texts = []
    for n in range(DOCS):
        sentences = []
        for _ in range(40):
            words = [rng.choice(names) if rng.random() < 0.15 else rng.choice(real)
                     for _ in range(rng.randrange(12, 26))]  # fmt: skip
            sentences.append(" ".join(words).capitalize() + ".")
        texts.append(f"Report number {n} of the bench\n\n" + " ".join(sentences))
    path = folder / "bench.annot"
    project = Project.create(path)
    sources = [SourceText(t, f"Report number {n} of the bench", "", f"r{n}.txt", sha256_text(t))
               for n, t in enumerate(texts)]  # fmt: skip
    project.import_sources(sources, undoable=False)
    sheet = folder / "claims.csv"
    rows = ["document,annotator,start,end,tag"]
    for i in range(CLAIMS):
        doc = i % DOCS
        text = texts[doc]
        start = rng.randrange(40, len(text) - 120)
        start = text.index(" ", start) + 1
        end = text.index(" ", start + rng.randrange(10, 80))
        rows.append(f"r{doc}.txt,bench,{start},{end},claim")
    sheet.write_text("\n".join(rows) + "\n", "utf-8")
    import_annotations_csv(project, sheet, annotator="bench")
    project.close()
    return path, texts


def _suggestions() -> list[Figure]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from annot.core.suggest import (
        alignment_table,
        load_embedder,
        project_suggester,
        sentence_around,
    )

    with tempfile.TemporaryDirectory() as tmp:
        path, _texts = _claims_project(Path(tmp), random.Random(7))
        load_embedder.cache_clear()  # the command loads the model each time
        started = time.perf_counter()
        with open_readonly(path) as store:
            suggester, titles = project_suggester(store)
            table = alignment_table(suggester, titles, 10)
        json.dumps(table)
        ours = time.perf_counter() - started
        # floor: the TF-IDF matrix of the same claims (span + sentence) alone
        contexts = []
        for c in suggester.claims:
            text = suggester._texts[c.document]
            span = text[c.start : c.end]
            contexts.append(f"{span} {span} {sentence_around(text, c.start, c.end)}")
        started = time.perf_counter()
        matrix = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit_transform(contexts).tocsr()
        floor = time.perf_counter() - started
        # interactive: one selected claim at a time, vectors cached after the first
        rng = random.Random(3)
        picks = [rng.randrange(len(suggester.claims)) for _ in range(INTERACTIVE)]
        fresh, _ = _fresh(path)
        started = time.perf_counter()
        fresh.suggest(fresh.claims[picks[0]].id)
        first = time.perf_counter() - started
        times, floors = [], []
        for i in picks[1:]:
            started = time.perf_counter()
            fresh.suggest(fresh.claims[i].id, top=10)
            times.append(time.perf_counter() - started)
            started = time.perf_counter()
            (matrix[i] @ matrix.T).toarray()
            floors.append(time.perf_counter() - started)
    return [
        Figure(f"suggest-alignments, {DOCS} docs / {CLAIMS // 1000}k claims", ours, floor,
               note="floor: TF-IDF matrix alone"),
        Figure(f"suggestions for one claim at {CLAIMS // 1000}k claims, first call", first, None),
        Figure(f"suggestions for one claim at {CLAIMS // 1000}k claims, median after", statistics.median(times),
               statistics.median(floors), max_value=0.1, note="floor: one sparse TF-IDF row product"),
    ]  # fmt: skip


def _fresh(path: Path) -> tuple[object, dict[object, str]]:
    from annot.core.suggest import project_suggester

    with open_readonly(path) as store:
        return project_suggester(store)


def run() -> list[Figure]:
    return _dates() + _suggestions()
