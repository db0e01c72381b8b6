"""Write tests/data/project-v5.annot: a small project at schema 5 (claim groups).

Run from the repository root: ``python tests/data/make_project_v5.py``. The file is kept in
git so that later versions of annot are tested against a file this version wrote; do not
regenerate it after schema 5 has shipped.

As project-v2.annot (no deletions, so no tombstones), plus: alice's claim in document 1 and
bob's claim in document 2 aligned as the same claim, the group labelled "Russia left the
convention" with the note "joined 1996 or 1998?".

Contents: two documents (the first with CRLF and an emoji), the default codebook,
annotators alice, bob and rita. Document 1: alice's claim [7, 61) "said on … convention.",
actor [0, 6) "Russia" and date [15, 32) "29 September 2025", the claim said_by the actor;
bob's actor [0, 6), rejected by rita; rita's accepted copy of alice's claim; rita's comment
on alice's claim. Document 2: bob's claim [7, 22) "joined in 1996,".
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from annot.core.annotations import AddAnnotation, AddLink
from annot.core.claim_groups import Align, SetGroupLabel
from annot.core.documents import AddDocuments, SourceText, sha256_text
from annot.core.model import LinkKind
from annot.core.project import Project
from annot.core.review import AcceptAnnotation, AddComment, RejectAnnotation

TEXTS = [
    "Russia said on 29 September 2025 that it left the convention.\r\nThe Council regretted it 👍.",
    "Moscow joined in 1996, the report says.",
]
TARGET = Path(__file__).with_name("project-v5.annot")


def main() -> None:
    TARGET.unlink(missing_ok=True)
    with Project.create(TARGET) as p:
        sources = [
            SourceText(t, f"Report {i + 1}", "", f"r{i + 1}.txt", sha256_text(t))
            for i, t in enumerate(TEXTS)
        ]
        p.run(AddDocuments(sources))
        d1, d2 = (d.id for d in p.store.documents())
        tags = {t.name: t.id for t in p.store.tags()}
        alice, bob, rita = (p.set_annotator(n) for n in ("alice", "bob", "rita"))

        def add(doc: int, tag: str, who: int, start: int, end: int, note: str = "") -> str:
            command = AddAnnotation(doc, tags[tag], who, start, end, note)  # type: ignore[arg-type]
            p.run(command)
            assert command.annotation is not None
            return command.annotation.id

        claim = add(d1, "claim", alice, 7, 61, "the key claim")
        actor = add(d1, "actor", alice, 0, 6)
        add(d1, "date", alice, 15, 32)
        bob_actor = add(d1, "actor", bob, 0, 6)
        far_claim = add(d2, "claim", bob, 7, 22)
        p.run(AddLink(LinkKind.SAID_BY, claim, actor))  # type: ignore[arg-type]
        p.run(AcceptAnnotation(claim, rita))  # type: ignore[arg-type]
        p.run(RejectAnnotation(bob_actor, reviewer_id=rita))  # type: ignore[arg-type]
        p.run(AddComment(claim, "rita", "Which outlet says 29 September?"))  # type: ignore[arg-type]
        p.run(Align(LinkKind.SAME_CLAIM, claim, far_claim))  # type: ignore[arg-type]
        p.run(SetGroupLabel(claim, "Russia left the convention", "joined 1996 or 1998?"))  # type: ignore[arg-type]
    conn = sqlite3.connect(TARGET)  # fold the WAL into the file: one self-contained file
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
