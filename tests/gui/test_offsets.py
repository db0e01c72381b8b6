"""Offsets: code points ↔ Qt positions, checked against what a real QTextDocument holds."""

from __future__ import annotations

import random

import pytest
from PySide6.QtWidgets import QPlainTextEdit

from annot.gui.offsets import OffsetMap

SAMPLES = [
    "plain ascii text",
    "emoji 😀 in the middle and at the end 🎉",
    "family 👨\u200d👩\u200d👧 ZWJ sequence, flag 🇫🇷",
    "combining: e\u0301te\u0301, cafe\u0301",
    "CRLF line one\r\nline two\r\n\r\nline four",
    "lone CR\rnext\n\rafter LF CR",
    "narrow no-break: 10\u202f000 km\u202f!",
    "Кириллица: Россия вышла из конвенции",
    "RTL marks \u200fשלום\u200e and \u202bembedding\u202c",
    "U+2028 line\u2028separator and U+2029 para\u2029graph",
    "mixed 😀\r\nКириллица 🇺🇦\r\n\u202f\r",
    "\r\n",
    "",
    "😀",
    "trailing CR\r",
    "form\x0cfeed and tab\tand NUL\x00",
]


_ALIVE: list[QPlainTextEdit] = []  # keep each editor (and its document) alive for the test


def _document(qtbot, text):  # type: ignore[no-untyped-def]
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    editor.setPlainText(text)
    doc = editor.document()
    _ALIVE.append(editor)
    return doc


def _expected_units(text: str) -> list[str]:
    """The UTF-16 units Qt should hold for each code point: surrogates, folded breaks."""
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\r" and text[i + 1 : i + 2] == "\n":
            out.append((i, "\u2029"))
            i += 2
            continue
        if ch in "\r\n":
            ch = "\u2029"
        units = ch.encode("utf-16-le")
        for k in range(0, len(units), 2):
            out.append((i, units[k : k + 2].decode("utf-16-le", "surrogatepass")))
        i += 1
    return [u for _, u in out]


@pytest.fixture(params=["python", "numpy"], autouse=True)
def path(request, monkeypatch):  # type: ignore[no-untyped-def]
    """Every test runs on the pure-Python tables and on the vectorised (numpy) ones."""
    from annot.gui import offsets

    if request.param == "numpy":
        pytest.importorskip("numpy")
        monkeypatch.setattr(offsets, "_NUMPY_FROM", 0)
        monkeypatch.setattr(offsets, "_NUMPY_MANY", 0)
    return request.param


@pytest.mark.parametrize("text", SAMPLES)
def test_every_code_point_maps_to_its_character(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = _document(qtbot, text)
    m = OffsetMap(text)
    assert m.qt_length == doc.characterCount() - 1  # Qt adds one final paragraph separator
    for i, ch in enumerate(text):
        pos = m.to_qt(i)
        got = doc.characterAt(pos)
        if ch == "\n" and i > 0 and text[i - 1] == "\r":
            continue  # the "\n" of a CRLF has no position of its own
        if ch in "\r\n\u2029":
            assert got == "\u2029", (text, i)
        elif ord(ch) > 0xFFFF:
            pair = ch.encode("utf-16-le")
            assert ord(got) == int.from_bytes(pair[:2], "little")
            assert ord(doc.characterAt(pos + 1)) == int.from_bytes(pair[2:], "little")
        else:
            assert got == ch, (text, i)
        assert m.from_qt(pos) == i
    assert m.to_qt(len(text)) == m.qt_length
    assert m.from_qt(m.qt_length) == len(text)


@pytest.mark.parametrize("text", SAMPLES)
def test_spans_round_trip_through_a_qt_cursor(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    """A span selected in Qt and converted back quotes exactly the stored slice."""
    from PySide6.QtGui import QTextCursor

    doc = _document(qtbot, text)
    m = OffsetMap(text)
    cursor = QTextCursor(doc)
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1):
            qs, qe = m.span_to_qt(start, end)
            cursor.setPosition(qs)
            cursor.setPosition(qe, QTextCursor.MoveMode.KeepAnchor)
            selected = cursor.selectedText()  # Qt shows breaks as U+2029
            s, e = m.span_from_qt(cursor.selectionStart(), cursor.selectionEnd())
            quote = text[s:e]
            folded = quote.replace("\r\n", "\u2029").replace("\r", "\u2029").replace("\n", "\u2029")
            if text[start:end].startswith("\n") and start > 0 and text[start - 1] == "\r":
                continue  # a span starting inside a CRLF has no Qt start of its own
            assert folded == selected, (text, start, end)
            if not (end < len(text) and text[end - 1] == "\r" and text[end] == "\n"):
                assert (s, e) == (start, end)


def test_surrogate_middle_rounds_down() -> None:
    m = OffsetMap("a😀b")
    assert m.to_qt(1) == 1 and m.to_qt(2) == 3
    assert m.from_qt(2) == 1  # inside the pair: the emoji itself


@pytest.mark.parametrize("text", SAMPLES)
def test_blocks_match_qt(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = _document(qtbot, text)
    m = OffsetMap(text)
    assert m.block_count == doc.blockCount()
    for pos in range(m.qt_length + 1):
        block = doc.findBlock(pos)
        assert m.block_position(pos) == (block.blockNumber(), pos - block.position())


def test_random_texts_agree_with_qt(qtbot) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(7)
    alphabet = [
        "a",
        "Я",
        "😀",
        "\r\n",
        "\r",
        "\n",
        "\u2029",
        "\u2028",
        "\u202f",
        "e\u0301",
        " ",
        "\u200d",
    ]
    for _ in range(30):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        doc = _document(qtbot, text)
        m = OffsetMap(text)
        assert m.qt_length == doc.characterCount() - 1
        assert m.block_count == doc.blockCount()
        assert _expected_units(text) == [doc.characterAt(p) for p in range(m.qt_length)]
        for i in range(len(text) + 1):
            if 0 < i < len(text) and text[i - 1] == "\r" and text[i] == "\n":
                continue
            assert m.from_qt(m.to_qt(i)) == i
        every = list(range(len(text) + 1))
        assert m.many_to_qt(every) == [m.to_qt(i) for i in every]
        qt = list(range(m.qt_length + 1))
        assert m.blocks_of(qt) == [doc.findBlock(p).blockNumber() for p in qt]
