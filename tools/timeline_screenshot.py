"""Make docs/timeline.png: the Timeline dock on the seeds, where the sources date the same
claims (when Russia joined the convention, when Putin signed the withdrawal, when the Council
of Europe expelled it).

    QT_QPA_PLATFORM=offscreen python tools/timeline_screenshot.py [OUT.png]
"""

from __future__ import annotations

import sys
import tempfile
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# (file prefix, claim, its date's words, a group name: claims of one group are the same claim)
CLAIMS = [  # groups become "same claim" alignments
    ("001", "Russia joined the convention in 1998", "1998", "joined"),
    ("003", "which the country had originally joined in 1996", "1996", "joined"),
    ("000", "Russia had been a signatory to the convention since 1996", "1996", "joined"),
    ("001", "Russian President Vladimir Putin signed a law officially pulling Russia out of the European Convention",
     "Monday, September 29, 2025", "signed"),
    ("003", "Vladimir Putin signed a law withdrawing Russia from the European Convention for the Prevention of Torture",
     "29 September 2025", "signed"),
    ("002", "Russia signed it on February 28, 1996", "February 28, 1996", "signature"),
    ("004", "Russia quit the Council of Europe in March 2022", "March 2022", "quit"),
    ("001", "the Council of Europe expelled Moscow from its ranks in March 2022", "March 2022", "quit"),
]


def main(out: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from annot.core.model import LinkKind, Role
    from annot.core.project import Project
    from annot.gui.session import Session

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "seeds.annot"
        project = Project.create(path, seeds=True)
        project.set_annotator("alice")
        store = project.store
        tags = {t.role: t.id for t in store.tags()}
        docs = {d.filename[:3]: d for d in store.documents()}
        groups: dict[str, list[str]] = {}
        for prefix, claim, when, group in CLAIMS:
            text = store.document_text(docs[prefix].id)
            start = text.index(claim)
            at = text.index(when, start) if when in text[start:] else text.index(when)
            c = project.add_annotation(docs[prefix].id, tags[Role.CLAIM], start, start + len(claim))
            d = project.add_annotation(docs[prefix].id, tags[Role.DATE], at, at + len(when))
            project.link(LinkKind.DATED, c.id, d.id)
            groups.setdefault(group, []).append(c.id)
        for ids in groups.values():
            for a, b in pairwise(ids):
                project.link(LinkKind.SAME_CLAIM, a, b)
        from annot.gui.models.timeline import TimelineModel
        from annot.gui.widgets.timeline import TimelinePanel

        session = Session(project)
        model = TimelineModel(session)
        panel = TimelinePanel(session, model)
        panel.resize(1100, 260)
        panel.show()
        app.processEvents()
        panel.canvas.to_image().save(str(out))
        session.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "timeline.png")
