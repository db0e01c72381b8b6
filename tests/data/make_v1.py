"""Build tests/data/project-v1.annot: a project file at schema version 1, as annot 0.1
wrote it, for the test that old project files keep opening.

It uses only sqlite3 and migration 1 (shipped migrations never change), with fixed ids
and timestamps, so running it again gives the same rows. Run from the repository root:

    python tests/data/make_v1.py
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from annot.core.migrations import APPLICATION_ID, MIGRATIONS  # noqa: E402

OUT = HERE / "project-v1.annot"
STAMP = "2025-10-01T09:00:00.000Z"
TAGS = [
    (1, "claim", "#f2a33a", "1", "A statement of fact or opinion that a source reports.", "claim", 1),
    (2, "actor", "#4b9be0", "2", "The person or body that makes or is credited with a claim.", "actor", 2),
    (3, "date", "#5cbf6a", "3", "A date or time a claim refers to.", "date", 3),
    (4, "number", "#e15759", "", "A figure the sources disagree on.", "", 4),
]
TITLES = {"002": "Russia withdraws from anti-torture convention"}
PUBLISHED = {"003": "2025-12-07", "004": "2025-08-26"}
# (uuid, document number, tag id, annotator id, the quoted words (first occurrence), note, status)
SPANS = [
    ("00000000-0000-4000-8000-000000000001", 1, 1, 1,
     "Russia had been a signatory to the convention since 1996", "joined 1996?", "accepted"),
    ("00000000-0000-4000-8000-000000000002", 1, 2, 1, "Russia", "", "unreviewed"),
    ("00000000-0000-4000-8000-000000000003", 1, 3, 1, "September 29, 2025", "", "unreviewed"),
    ("00000000-0000-4000-8000-000000000004", 2, 1, 2,
     "Russian President Vladimir Putin signed a law", "", "rejected"),
    ("00000000-0000-4000-8000-000000000005", 2, 2, 2, "Vladimir Putin", "", "unreviewed"),
    ("00000000-0000-4000-8000-000000000006", 5, 4, 2, "1987", "Ω — “quoted”\r\n", "unreviewed"),
]  # fmt: skip
LINKS = [
    ("10000000-0000-4000-8000-000000000001", "said_by", SPANS[0][0], SPANS[1][0]),
    ("10000000-0000-4000-8000-000000000002", "dated", SPANS[0][0], SPANS[2][0]),
    ("10000000-0000-4000-8000-000000000003", "said_by", SPANS[3][0], SPANS[4][0]),
    ("10000000-0000-4000-8000-000000000004", "same_claim", SPANS[0][0], SPANS[3][0]),
]


def main() -> None:
    if OUT.exists():
        OUT.unlink()
    conn = sqlite3.connect(OUT, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN")
    MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO meta VALUES ('created_by', 'tests/data/make_v1.py')")
    conn.executemany("INSERT INTO tags VALUES (?, ?, ?, ?, ?, ?, ?)", TAGS)
    conn.executemany("INSERT INTO annotators VALUES (?, ?)", [(1, "alice"), (2, "bob")])
    texts = {}
    for n, path in enumerate(sorted((ROOT / "seeds").glob("*.txt")), start=1):
        text = path.read_bytes().decode("utf-8")
        texts[n] = text
        prefix = path.name[:3]
        conn.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                n, hashlib.sha256(text.encode("utf-8")).hexdigest(),
                TITLES.get(prefix, path.stem), "", "", PUBLISHED.get(prefix, ""),
                path.name, len(text), text, STAMP,
            ),
        )  # fmt: skip
    for ann_id, doc, tag, who, words, note, status in SPANS:
        text = texts[doc]
        start = text.index(words)
        end = start + len(words)
        conn.execute(
            "INSERT INTO annotations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                ann_id, doc, tag, who, start, end, text[start:end],
                text[max(0, start - 40) : start], text[end : end + 40], note, status, STAMP, STAMP,
            ),
        )  # fmt: skip
    conn.executemany("INSERT INTO links VALUES (?, ?, ?, ?, ?)", [(*row, STAMP) for row in LINKS])
    conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file in the repository
    conn.execute("VACUUM")
    conn.close()
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
