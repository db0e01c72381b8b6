"""What the pane paints: read the pixels of a grab of its viewport."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette

from annot.core.model import Role
from annot.gui.session import Session
from annot.gui.widgets.highlighter import TINT, TINT_STEP
from annot.gui.widgets.pane import ReadingPane


@pytest.fixture
def pane(qtbot, project):  # type: ignore[no-untyped-def]
    p = ReadingPane(Session(project))
    qtbot.addWidget(p)
    p.resize(760, 560)
    p.show()
    qtbot.waitExposed(p)
    p.show_document(project.store.documents()[0].id)
    return p


def tint(colours: list[str], base: QColor) -> tuple[int, int, int]:
    """The expected background: the mean tag colour laid over the base, deeper per overlap."""
    alpha = TINT + TINT_STEP * (len(colours) - 1)
    qc = [QColor(c) for c in colours]
    mean = [sum(getattr(c, ch)() for c in qc) / len(qc) for ch in ("red", "green", "blue")]
    b = (base.red(), base.green(), base.blue())
    return tuple(round(b[i] + (mean[i] - b[i]) * alpha) for i in range(3))  # type: ignore[return-value]


def dominant_colour(pane: ReadingPane, qstart: int, qend: int) -> tuple[int, int, int]:
    """The most common pixel colour inside the first line rectangle of ``[qstart, qend)``:
    the background, since glyphs and underlines cover far fewer pixels."""
    editor = pane.editor()
    rect = editor.span_rects(qstart, qend)[0].toRect()
    image: QImage = editor.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    inner = QRect(rect.left() + 1, rect.top() + 1, rect.width() - 2, rect.height() - 6)
    counts: Counter[tuple[int, int, int]] = Counter()
    for y in range(inner.top(), inner.bottom()):
        for x in range(inner.left(), inner.right()):
            c = image.pixelColor(int(x * ratio), int(y * ratio))
            counts[(c.red(), c.green(), c.blue())] += 1
    return counts.most_common(1)[0][0]


def close(a: tuple[int, int, int], b: tuple[int, int, int], tol: int = 3) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def _tag(qtbot, pane, word: str, role: Role) -> tuple[int, int, str]:  # type: ignore[no-untyped-def]
    session = pane.session
    tag = next(t for t in session.store.tags() if t.role == role)
    text = session.store.document_text(pane.document_id())
    start = text.index(word)
    editor = pane.editor()
    cursor = editor.textCursor()
    cursor.setPosition(pane.offsets.to_qt(start))
    cursor.setPosition(pane.offsets.to_qt(start + len(word)), cursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key(ord(tag.key)))
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # no outline, no text selection over the span
    return pane.offsets.to_qt(start), pane.offsets.to_qt(start + len(word)), tag.colour


def test_span_is_painted_in_its_tag_colour_and_undo_removes_it(qtbot, pane) -> None:  # type: ignore[no-untyped-def]
    base = pane.editor().palette().color(QPalette.ColorRole.Base)
    text = pane.session.store.document_text(pane.document_id())
    word = "Federation Council"
    qs = pane.offsets.to_qt(text.index(word))
    qe = qs + len(word)
    before = dominant_colour(pane, qs, qe)
    assert close(before, (base.red(), base.green(), base.blue()))
    qs, qe, colour = _tag(qtbot, pane, word, Role.CLAIM)
    qtbot.waitUntil(
        lambda: close(dominant_colour(pane, qs, qe), tint([colour], base)), timeout=2000
    )
    assert not close(tint([colour], base), before)  # the test can tell the two apart
    pane.session.undo()
    qtbot.waitUntil(lambda: close(dominant_colour(pane, qs, qe), before), timeout=2000)


def test_overlap_is_a_deeper_blend_of_both_colours(qtbot, pane) -> None:  # type: ignore[no-untyped-def]
    base = pane.editor().palette().color(QPalette.ColorRole.Base)
    _, oe, claim = _tag(qtbot, pane, "the State Duma on September 17", Role.CLAIM)
    is_, ie, actor = _tag(qtbot, pane, "State Duma", Role.ACTOR)
    qtbot.waitUntil(
        lambda: close(dominant_colour(pane, is_, ie), tint([claim, actor], base)), timeout=2000
    )
    # the part covered by the claim only keeps the claim's own tint
    tail = pane.editor().span_rects(ie + 1, oe)
    assert tail
    assert close(dominant_colour(pane, ie + 1, oe), tint([claim], base))
    assert not close(tint([claim, actor], base), tint([claim], base))


def test_selected_annotation_is_outlined(qtbot, pane) -> None:  # type: ignore[no-untyped-def]
    qs, qe, colour = _tag(qtbot, pane, "Federation Council", Role.CLAIM)
    ann = pane.index.at(qs)[0].id
    editor = pane.editor()
    rect = editor.span_rects(qs, qe)[0].toRect()
    y = rect.center().y()

    def left_edge() -> QColor:
        image = editor.viewport().grab().toImage()
        r = image.devicePixelRatio()
        return image.pixelColor(int((rect.left() - 1) * r), int(y * r))

    plain = left_edge()
    pane.select_annotation(ann, scroll=False, flash=False)
    outline = QColor(colour).darker(170)
    qtbot.waitUntil(lambda: close(left_edge().getRgb()[:3], outline.getRgb()[:3], 40), timeout=2000)
    assert not close(plain.getRgb()[:3], outline.getRgb()[:3], 40)


def test_spans_far_down_a_long_document_are_painted_when_scrolled_to(qtbot, pane, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from annot.core.documents import AddDocuments, read_source

    session = pane.session
    text = "".join(f"Paragraph {i} says nothing 😀 in particular.\r\n" for i in range(3000))
    text += "The last paragraph names the Federation Council.\r\n"
    path = tmp_path / "long.txt"
    path.write_bytes(text.encode("utf-8"))
    command = AddDocuments([read_source(path)])
    session.run(command)
    doc = command.result.added[0]
    claim = next(t for t in session.store.tags() if t.role == Role.CLAIM)
    start = text.index("Federation Council")
    ann = session.project.add_annotation(doc, claim.id, start, start + len("Federation Council"))
    pane.show_document(doc)
    base = pane.editor().palette().color(QPalette.ColorRole.Base)
    pane.select_annotation(ann.id, scroll=True, flash=False)
    pane.select_annotation(None, scroll=False, flash=False)  # no outline over the pixels
    qs, qe = pane.offsets.span_to_qt(ann.start, ann.end)
    qtbot.waitUntil(
        lambda: close(dominant_colour(pane, qs, qe), tint([claim.colour], base)), timeout=2000
    )


def test_paint_survives_zoom_and_resize(qtbot, pane) -> None:  # type: ignore[no-untyped-def]
    base = pane.editor().palette().color(QPalette.ColorRole.Base)
    qs, qe, colour = _tag(qtbot, pane, "Federation Council", Role.CLAIM)
    pane.zoom(3)
    pane.resize(520, 600)
    qtbot.waitUntil(
        lambda: close(dominant_colour(pane, qs, qe), tint([colour], base)), timeout=2000
    )
    pane.zoom(-3)
    pane.resize(900, 600)
    qtbot.waitUntil(
        lambda: close(dominant_colour(pane, qs, qe), tint([colour], base)), timeout=2000
    )


def _underline_coverage(pane: ReadingPane, qstart: int, qend: int, colour: str) -> float:
    """Share of the pixels along the first lane's underline of ``[qstart, qend)`` that have
    the tag's colour (a solid line covers nearly all, a dashed or dotted one clearly less)."""
    editor = pane.editor()
    rect = editor.span_rects(qstart, qend)[0]
    image: QImage = editor.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    want = QColor(colour)
    best = 0.0
    for y in range(int(rect.bottom()) - 3, int(rect.bottom()) + 1):  # the 2-px pen's rows
        xs = range(int(rect.left()) + 1, int(rect.right()) - 1)
        hits = sum(
            1
            for x in xs
            if close(
                (lambda c: (c.red(), c.green(), c.blue()))(
                    image.pixelColor(int(x * ratio), int(y * ratio))
                ),
                (want.red(), want.green(), want.blue()),
                tol=40,
            )
        )
        best = max(best, hits / max(1, len(xs)))
    return best


def test_annotators_are_told_apart_by_underline_style(qtbot, pane) -> None:  # type: ignore[no-untyped-def]
    """Layers (issue 5): with two annotators' spans in a pane, the second person's underlines
    are dashed while the tag colour stays; with one annotator all underlines are solid."""
    project = pane.session.project
    text = project.store.document_text(pane.document_id())
    claim = next(t for t in project.store.tags() if t.role == Role.CLAIM)
    first, second = "Federation Council", "State Duma"
    project.add_annotation(
        pane.document_id(), claim.id, text.index(first), text.index(first) + len(first)
    )
    qs1, qe1 = pane.offsets.span_to_qt(text.index(first), text.index(first) + len(first))
    qtbot.waitUntil(lambda: _underline_coverage(pane, qs1, qe1, claim.colour) > 0.9, timeout=2000)
    alice_solid = _underline_coverage(pane, qs1, qe1, claim.colour)

    project.set_annotator("bob")
    project.add_annotation(
        pane.document_id(), claim.id, text.index(second), text.index(second) + len(second)
    )
    qs2, qe2 = pane.offsets.span_to_qt(text.index(second), text.index(second) + len(second))
    qtbot.waitUntil(
        lambda: 0.2 < _underline_coverage(pane, qs2, qe2, claim.colour) < 0.8, timeout=2000
    )
    assert alice_solid > 0.9
    assert _underline_coverage(pane, qs1, qe1, claim.colour) > 0.9  # the first person stays solid
