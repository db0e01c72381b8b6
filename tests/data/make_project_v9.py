"""Write tests/data/project-v9.annot: a small project at schema 9 (rejected suggestions).

Run from the repository root: ``python tests/data/make_project_v9.py``. Kept in git so that
later versions of annot are tested against a file this version wrote; do not regenerate it
after schema 9 has shipped. (Branch `gaps` adds this migration; if another migration lands
first the lead renumbers it, and this file with it.)

Contents: two documents, the default codebook, annotator alice, one claim in each
("Russia left the convention" [0, 26), "Moscow quit the treaty" [0, 22)), and the
suggestion that the second reports the first rejected by alice; an actor span [0, 6)
"Russia" (the migration tests read the latest file's actor spans).
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from annot.core.claim_groups import RejectSuggestion
from annot.core.documents import AddDocuments, SourceText, sha256_text
from annot.core.project import Project

TEXTS = ("Russia left the convention on Friday.", "Moscow quit the treaty, officials said.")
TARGET = Path(__file__).with_name("project-v9.annot")


def main() -> None:
    TARGET.unlink(missing_ok=True)
    with Project.create(TARGET) as p:
        p.run(AddDocuments([SourceText(t, f"R{n}", "2025-09-30", f"r{n}.txt", sha256_text(t))
                            for n, t in enumerate(TEXTS)]))  # fmt: skip
        docs = [d.id for d in p.store.documents()]
        tags = {t.name: t.id for t in p.store.tags()}
        claim = tags["claim"]
        p.set_annotator("alice")
        p.add_annotation(docs[0], tags["actor"], 0, 6)
        first = p.add_annotation(docs[0], claim, 0, 26)
        second = p.add_annotation(docs[1], claim, 0, 22)
        p.run(RejectSuggestion(first.id, second.id))
    conn = sqlite3.connect(TARGET)  # fold the WAL into the file: one self-contained file
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
