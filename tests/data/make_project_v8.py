"""Write tests/data/project-v8.annot: a small project at schema 8 (actor registry).

Run from the repository root: ``python tests/data/make_project_v3.py``. Kept in git so that
later versions of annot are tested against a file this version wrote; do not regenerate it
after schema 8 has shipped. (Branch `actors` adds this migration; if another migration
lands first the lead renumbers it, and this file with it.)

Contents: one document published 2025-09-30, the default codebook, annotator alice, an actor
span [0, 6) "Russia", a date
span [15, 23) "Saturday" (value 2025-09-27, suggested) and a date span [27, 36) "last year"
whose value alice confirmed as 2024; the actor span assigned to the actor "Russian
Federation" (organisation, alias "Russia").
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from annot.core.actors import CreateActor
from annot.core.date_values import SetDateValue
from annot.core.documents import AddDocuments, SourceText, sha256_text
from annot.core.project import Project

TEXT = "Russia said on Saturday and last year that it would leave."
TARGET = Path(__file__).with_name("project-v8.annot")


def main() -> None:
    TARGET.unlink(missing_ok=True)
    with Project.create(TARGET) as p:
        p.run(AddDocuments([SourceText(TEXT, "Report", "2025-09-30", "r.txt", sha256_text(TEXT))]))
        (doc,) = (d.id for d in p.store.documents())
        tags = {t.name: t.id for t in p.store.tags()}
        date_tag = tags["date"]
        p.set_annotator("alice")
        russia = p.add_annotation(doc, tags["actor"], 0, 6)
        p.run(CreateActor(name="Russian Federation", kind="organisation", assign=[russia.id]))
        p.add_annotation(doc, date_tag, 15, 23)
        second = p.add_annotation(doc, date_tag, 27, 36)
        p.run(SetDateValue(second.id, "2024"))
    conn = sqlite3.connect(TARGET)  # fold the WAL into the file: one self-contained file
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
