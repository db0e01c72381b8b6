"""Write tests/data/project-v6.annot: a small project at schema 6 (document origin).

Run from the repository root: ``python tests/data/make_project_v6.py``. Kept in git so that
later versions of annot are tested against a file this version wrote; do not regenerate it
after schema 6 has shipped.

Contents: the news page tests/data/formats/news_page.html imported (extractor and original
SHA-256 recorded), one plain-text document, annotator alice with an actor ("Russia") on
the page and a claim on the text.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from annot.core.documents import SourceText, sha256_text
from annot.core.project import Project

HERE = Path(__file__).resolve().parent
TARGET = HERE / "project-v6.annot"
TEXT = "Moscow joined in 1996, the report says."


def main() -> None:
    TARGET.unlink(missing_ok=True)
    with Project.create(TARGET) as p:
        p.import_files([HERE / "formats" / "news_page.html"])
        p.import_sources([SourceText(TEXT, "Report", "", "r.txt", sha256_text(TEXT))])
        news, plain = (d.id for d in p.store.documents())
        claim, actor = p.store.tag_by_name("claim"), p.store.tag_by_name("actor")
        assert claim is not None and actor is not None
        p.set_annotator("alice")
        p.add_annotation(news, actor.id, 0, 6)
        p.add_annotation(plain, claim.id, 7, 22)
    conn = sqlite3.connect(TARGET)  # fold the WAL into the file: one self-contained file
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
