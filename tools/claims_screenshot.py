"""Make docs/claims.png from the real app: three sample reports side by side with their
claims aligned across the panes (markers beside each aligned claim), and the Claim board.

    Xvfb :99 -screen 0 1600x1000x24 &  DISPLAY=:99 python tools/claims_screenshot.py [OUT.png]

Uses the claims, actors and dates of tools/screenshot.py, then aligns them as the README's
walk-through does (``QT_QPA_PLATFORM=offscreen`` works too, with plainer fonts)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

# (prefix, quote) pairs aligned as (kind, a, b); a claim added in report 003 to contradict
EXTRA = ("003", "which the country had originally joined in 1996")
WITHDRAWAL = ("002", "Russia has begun the process of exiting the European Convention for the Prevention of Torture")
ALIGN = [
    ("same_claim", WITHDRAWAL, ("004", "Russia will formally withdraw from Europe’s convention for the prevention of torture")),
    ("partly", ("001", "Russian President Vladimir Putin signed a law officially pulling Russia out of the European Convention"), WITHDRAWAL),
    ("same_claim", ("002", "Russia signed it on February 28, 1996, and ratified it on March 28, 1998"),
     ("004", "Russia ratified the treaty in 1998, two years after joining the Council of Europe")),
    ("partly", ("001", "Russia joined the convention in 1998"),
     ("004", "Russia ratified the treaty in 1998, two years after joining the Council of Europe")),
    ("contradicts", ("001", "Russia joined the convention in 1998"), EXTRA),
]  # fmt: skip
LABELS = [(WITHDRAWAL, "Russia withdraws from the anti-torture convention"),
          (("004", "Russia ratified the treaty in 1998, two years after joining the Council of Europe"),
           "Russia ratified the convention in 1998")]  # fmt: skip


def align(project_path: Path) -> None:
    from annot.core.claim_groups import Align, SetGroupLabel
    from annot.core.model import LinkKind
    from annot.core.project import Project

    with Project.open(project_path) as project:
        project.set_annotator("alice")
        store = project.store
        claim_tag = store.tag_by_name("claim")
        assert claim_tag is not None
        docs = {d.filename[:3]: d.id for d in store.documents()}
        text = store.document_text(docs[EXTRA[0]])
        start = text.index(EXTRA[1])
        project.add_annotation(docs[EXTRA[0]], claim_tag.id, start, start + len(EXTRA[1]))
        claims = {(d.filename[:3], a.quote): a.id for d in store.documents() for a in store.annotations(document_id=d.id, tag_id=claim_tag.id)}
        for kind, a, b in ALIGN:
            project.run(Align(LinkKind(kind), claims[a], claims[b]))
        for claim, label in LABELS:
            project.run(SetGroupLabel(claims[claim], label))


def main(argv: list[str]) -> int:
    from screenshot import annotate

    out = Path(argv[0]) if argv else ROOT / "docs" / "claims.png"
    tmp = Path(tempfile.mkdtemp(prefix="annot-claims-shot-"))
    os.environ["ANNOT_CONFIG_DIR"] = str(tmp / "config")
    os.environ["ANNOT_DATA_DIR"] = str(tmp / "data")
    project_path = tmp / "Russia and the CPT.annot"
    shown = annotate(project_path)
    align(project_path)

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from annot.core.model import DocumentId
    from annot.core.settings import Settings
    from annot.gui.app import build_main_window, ensure_app

    app = ensure_app()
    Settings(annotator="alice").save()
    window = build_main_window(project_path)
    window.resize(1500, 950)
    for frame in window.panes.frames():
        window.panes.close_pane(frame)
    for doc in shown:
        window.panes.add_pane(DocumentId(doc))
    window.show()
    window.resize(1500, 950)
    window.documents_dock.hide()  # room for the board's five source columns
    window.codebook_dock.hide()
    window.claims.board_dock.show()
    window.claims.board_dock.raise_()
    window.resizeDocks([window.claims.board_dock], [330], Qt.Orientation.Vertical)
    for _ in range(10):
        app.processEvents()
    # select the withdrawal claim in the middle pane: its partners are selected in the others
    middle = window.panes.frames()[1]
    store = window.session.store
    claim = next(a for a in store.annotations(document_id=DocumentId(shown[1])) if a.quote == WITHDRAWAL[1])
    window.panes.set_current(middle)
    middle.pane.select_annotation(claim.id, scroll=True, flash=False)
    for _ in range(10):
        app.processEvents()
    window.claims.board_panel.view.resizeRowsToContents()
    for _ in range(5):
        app.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out))
    print(f"wrote {out} ({window.width()}×{window.height()})")
    window.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
