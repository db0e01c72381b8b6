"""Make docs/review.png (and, when asked, a picture of the agreement dialog) from the real app: alice's annotations of the
seeds (as in tools/screenshot.py) and bob's, who agrees on most spans, tags one date as a
claim, draws one claim shorter and adds an actor of his own; rita reviews them in
Review ▸ Compare annotators, and Review ▸ Agreement shows the figures.

    Xvfb :99 -screen 0 1600x1000x24 &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb python tools/review_screenshot.py [REVIEW.png [AGREEMENT.png]]

Runs on any Qt platform (``QT_QPA_PLATFORM=offscreen`` works too, with plainer fonts)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))


def bob(project_path: Path) -> None:
    """bob's pass over the same reports, through the core."""
    from annot.core.project import Project

    with Project.open(project_path) as project:
        store = project.store
        alice = store.annotator_by_name("alice")
        assert alice is not None
        project.set_annotator("bob")
        tags = {t.name: t.id for t in store.tags()}
        names = {t.id: t.name for t in store.tags()}
        for n, a in enumerate(store.annotations()):
            if a.annotator_id != alice.id or n % 7 == 6:
                continue  # bob missed every seventh span
            tag, start, end = a.tag_id, a.start, a.end
            text = store.document_text(a.document_id)
            if names[tag] == "date" and n % 3 == 0:
                tag = tags["claim"]  # another tag for the same words
            elif names[tag] == "claim" and n % 4 == 1:
                end = text.rfind(" ", start, end - 1)  # a shorter claim
            project.add_annotation(a.document_id, tag, start, end)
        for info in store.documents():
            text = store.document_text(info.id)
            if "Reuters" in text:
                at = text.index("Reuters")
                project.add_annotation(info.id, tags["actor"], at, at + len("Reuters"))
            if "State Duma" in text:
                at = text.index("State Duma")
                project.add_annotation(info.id, tags["actor"], at, at + len("State Duma"))


def settle(app: object) -> None:
    from PySide6.QtWidgets import QApplication

    for _ in range(10):
        QApplication.processEvents()


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "review.png"
    tmp = Path(tempfile.mkdtemp(prefix="annot-review-"))
    os.environ["ANNOT_CONFIG_DIR"] = str(tmp / "config")
    os.environ["ANNOT_DATA_DIR"] = str(tmp / "data")
    project_path = tmp / "Russia and the CPT.annot"
    from screenshot import annotate

    shown = annotate(project_path)
    bob(project_path)

    from PySide6.QtCore import Qt

    from annot.core.model import DocumentId
    from annot.core.settings import Settings
    from annot.gui.app import build_main_window, ensure_app
    from annot.gui.dialogs.agreement import AgreementDialog

    app = ensure_app()
    Settings(annotator="rita").save()
    window = build_main_window(project_path)
    window.resize(1400, 900)
    for frame in window.panes.frames():
        window.panes.close_pane(frame)
    middle = DocumentId(shown[0])
    window.panes.add_pane(middle)
    window.show()
    window.resize(1400, 900)
    window.documents_dock.hide()
    window.codebook_dock.hide()
    settle(app)
    window.menus.compare.trigger()
    window.resizeDocks([window.review.compare_dock], [470], Qt.Orientation.Vertical)
    view = window.review.compare
    assert view is not None
    view.select(1)
    settle(app)
    out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out))
    print(f"wrote {out} ({window.width()}×{window.height()})")

    if len(argv) < 2:  # the agreement dialog only when asked: ... review.png agreement.png
        window.close()
        settle(app)
        return 0
    window.menus.agreement.trigger()
    settle(app)
    dialog = window.findChild(AgreementDialog)
    assert dialog is not None
    dialog.resize(1000, 600)
    settle(app)
    agreement_png = Path(argv[1])
    dialog.grab().save(str(agreement_png))
    print(f"wrote {agreement_png}")
    dialog.close()
    window.close()
    settle(app)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
