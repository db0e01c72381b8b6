"""Write tests/data/project-v3.annot: a small project at schema 3 (tombstones).

Run from the repository root: ``python tests/data/make_project_v3.py``. The file is kept in
git so that later versions of annot are tested against a file this version wrote; do not
regenerate it after schema 3 has shipped.

Contents: one document, the default codebook, annotator alice. Alice's claim [7, 61) said_by
her actor [0, 6) and dated [15, 32); a comment on the claim. Deleted (so with tombstones): a
second actor [0, 6) with a comment on it (annotation and comment tombstones), and a dated
link removed (a link tombstone).
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from annot.core.annotations import AddAnnotation, AddLink, DeleteAnnotations, RemoveLink
from annot.core.documents import AddDocuments, SourceText, sha256_text
from annot.core.model import LinkKind
from annot.core.project import Project
from annot.core.review import AddComment

TEXT = "Russia said on 29 September 2025 that it left the convention.\r\nThe Council regretted it 👍."
TARGET = Path(__file__).with_name("project-v3.annot")


def main() -> None:
    TARGET.unlink(missing_ok=True)
    with Project.create(TARGET) as p:
        p.run(AddDocuments([SourceText(TEXT, "Report 1", "", "r1.txt", sha256_text(TEXT))]))
        doc = p.store.documents()[0].id
        tags = {t.name: t.id for t in p.store.tags()}
        alice = p.set_annotator("alice")

        def add(tag: str, start: int, end: int) -> str:
            command = AddAnnotation(doc, tags[tag], alice, start, end)
            p.run(command)
            assert command.annotation is not None
            return command.annotation.id

        claim, actor, date, gone = add("claim", 7, 61), add("actor", 0, 6), add("date", 15, 32), add("actor", 0, 6)
        p.run(AddLink(LinkKind.SAID_BY, claim, actor))  # type: ignore[arg-type]
        dated = AddLink(LinkKind.DATED, claim, date)  # type: ignore[arg-type]
        p.run(dated)
        assert dated.link is not None
        p.run(AddComment(claim, "alice", "Which outlet says 29 September?"))  # type: ignore[arg-type]
        p.run(AddComment(gone, "alice", "a duplicate"))  # type: ignore[arg-type]
        p.run(DeleteAnnotations([gone]))  # type: ignore[list-item]
        p.run(RemoveLink(dated.link.id))
    conn = sqlite3.connect(TARGET)  # fold the WAL into the file: one self-contained file
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
