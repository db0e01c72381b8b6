"""Make docs/screenshot.png from the real app: the seeds project with a handful of real
claims, actors and dates (linked) in three reports, three panes side by side.

    Xvfb :99 -screen 0 1600x1000x24 &  DISPLAY=:99 python tools/screenshot.py [OUT.png]

Runs on any Qt platform (``QT_QPA_PLATFORM=offscreen`` works too, with plainer fonts)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# file prefix -> [(tag, quote[, a longer text around it that locates it])]
ANNOTATIONS = {
    "001": [
        ("claim", "Russian President Vladimir Putin signed a law officially pulling Russia out of the European Convention"),
        ("actor", "Russian President Vladimir Putin"),
        ("date", "Monday, September 29, 2025"),
        ("claim", "Russia joined the convention in 1998"),
        ("date", "1998", "Russia joined the convention in 1998"),
        ("claim", "the Council of Europe expelled Moscow from its ranks in March 2022"),
        ("actor", "the Council of Europe", "the Council of Europe expelled"),
        ("date", "March 2022", "expelled Moscow from its ranks in March 2022"),
    ],
    "002": [
        ("claim", "Russia has begun the process of exiting the European Convention for the Prevention of Torture"),
        ("actor", "Russian Prime Minister Mikhail Mishustin"),
        ("claim", "Russia signed it on February 28, 1996, and ratified it on March 28, 1998"),
        ("date", "February 28, 1996"),
        ("date", "March 28, 1998"),
    ],
    "004": [
        ("claim", "Russia will formally withdraw from Europe’s convention for the prevention of torture"),
        ("claim", "a move some rights advocates say is largely symbolic"),
        ("actor", "some rights advocates"),
        ("actor", "Prime Minister Mikhail Mishustin"),
        ("claim", "Russia ratified the treaty in 1998, two years after joining the Council of Europe"),
        ("date", "1998", "Russia ratified the treaty in 1998"),
        ("claim", "the withdrawal could worsen conditions in Russian prisons"),
        ("actor", "The rights group Crew Against Torture"),
    ],
}
LINKS = {  # claim quote -> (actor quote or "", date quote or "")
    "Russian President Vladimir Putin signed a law officially pulling Russia out of the European Convention": (
        "Russian President Vladimir Putin", "Monday, September 29, 2025"),
    "Russia joined the convention in 1998": ("", "1998"),
    "the Council of Europe expelled Moscow from its ranks in March 2022": ("the Council of Europe", "March 2022"),
    "Russia has begun the process of exiting the European Convention for the Prevention of Torture": (
        "Russian Prime Minister Mikhail Mishustin", ""),
    "Russia signed it on February 28, 1996, and ratified it on March 28, 1998": ("", "February 28, 1996"),
    "a move some rights advocates say is largely symbolic": ("some rights advocates", ""),
    "Russia ratified the treaty in 1998, two years after joining the Council of Europe": ("", "1998"),
    "the withdrawal could worsen conditions in Russian prisons": ("The rights group Crew Against Torture", ""),
}  # fmt: skip


def annotate(project_path: Path) -> list[int]:
    """Create the project and annotate it through the core; returns the shown documents."""
    from annot.core.model import LinkKind
    from annot.core.project import Project

    shown = []
    with Project.create(project_path, seeds=True) as project:
        project.set_annotator("alice")
        tags = {t.name: t.id for t in project.store.tags()}
        for info in project.store.documents():
            prefix = info.filename[:3]
            if prefix not in ANNOTATIONS:
                continue
            shown.append(int(info.id))
            text = project.store.document_text(info.id)
            made = {}
            for tag, quote, *within in ANNOTATIONS[prefix]:
                context = within[0] if within else quote
                start = text.index(context) + context.index(quote)
                made[quote] = project.add_annotation(info.id, tags[tag], start, start + len(quote))
            for claim, (actor, date) in LINKS.items():
                if claim not in made:
                    continue
                if actor:
                    project.link(LinkKind.SAID_BY, made[claim].id, made[actor].id)
                if date:
                    project.link(LinkKind.DATED, made[claim].id, made[date].id)
    return shown


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshot.png"
    tmp = Path(tempfile.mkdtemp(prefix="annot-shot-"))
    os.environ["ANNOT_CONFIG_DIR"] = str(tmp / "config")
    os.environ["ANNOT_DATA_DIR"] = str(tmp / "data")
    project_path = tmp / "Russia and the CPT.annot"
    shown = annotate(project_path)

    from PySide6.QtWidgets import QApplication

    from annot.core.model import DocumentId
    from annot.core.settings import Settings
    from annot.gui.app import build_main_window, ensure_app

    app = ensure_app()
    Settings(annotator="alice").save()
    window = build_main_window(project_path)
    window.resize(1400, 850)
    for frame in window.panes.frames():
        window.panes.close_pane(frame)
    for doc in shown:
        window.panes.add_pane(DocumentId(doc))
    window.show()
    window.resize(1400, 850)
    for _ in range(10):
        app.processEvents()
    # select a claim in the middle pane: it is outlined there and in the annotations dock
    middle = window.panes.frames()[1]
    claims = [a for a in window.session.store.annotations(document_id=DocumentId(shown[1]))
              if window.session.store.tag(a.tag_id).name == "claim"]
    window.panes.set_current(middle)
    middle.pane.select_annotation(claims[-1].id, scroll=True, flash=False)
    for frame in window.panes.frames():
        frame.pane.editor().verticalScrollBar().setValue(0) if frame is not middle else None
    for _ in range(10):
        app.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out))
    print(f"wrote {out} ({window.width()}×{window.height()})")
    window.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
