"""The one place where stored offsets meet Qt positions.

Stored offsets count Unicode code points of the document's text. A ``QTextDocument`` filled by
``QPlainTextEdit.setPlainText(text)`` counts UTF-16 units and folds line breaks:

* a character outside the Basic Multilingual Plane (emoji, some CJK, …) takes TWO positions
  (a surrogate pair);
* ``"\\r\\n"`` becomes ONE paragraph separator (U+2029), so it takes one position, not two;
* a lone ``"\\r"``, ``"\\n"`` and U+2029 each become one paragraph separator (one position);
* everything else (U+2028, U+202F, form feed, NUL, BOM, RTL marks, combining marks, ZWJ) keeps
  one position and stays inside its block (U+2028 breaks the line, not the block).

:class:`OffsetMap` precomputes, once per text, the sorted list of the places where the two
counts drift apart, so each conversion is one ``bisect`` (and none at all for the common text
without astral characters and CRLF). It also knows where each block (paragraph) starts, so
the highlighter can find which blocks a span touches without asking the document.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate
from typing import Any

_EVENTS = re.compile("([\U00010000-\U0010ffff]|\r\n)")
_BREAKS = re.compile("\r\n|[\r\n\u2029]")
_NUMPY_FROM = 1_000_000  # code points: from this size numpy (when installed) finds the events
_NUMPY_MANY = 2_000  # conversions at once: from this many numpy (when installed) does them


class OffsetMap:
    """Code points ↔ Qt positions for one text (see the module docstring)."""

    __slots__ = (
        "_block_starts", "_built", "_cp", "_cum", "_identity", "_qafter", "_qt_length",
        "_text_for_blocks", "cp_length",
    )  # fmt: skip

    def __init__(self, text: str) -> None:
        self.cp_length = len(text)
        # The tables are built on first use: a pane showing a long document without
        # annotations may never need them before the user acts.
        self._built = False
        self._block_starts: list[int] | None = None
        self._text_for_blocks: str | None = text

    def _build(self) -> None:
        text = self._text_for_blocks or ""
        # _cp[j]: the code point index after which the drift changes (an astral character's
        # own index, or the index of the "\n" of a CRLF); _cum[j]: the drift before event j;
        # _qafter[j]: the Qt position of the code point just after event j.
        cp: list[int] = []
        cum: list[int] = [0]
        qafter: list[int] = []
        vectorised = (
            not text.isascii() and len(text) >= _NUMPY_FROM and _numpy() is not None
        )  # one pass finds both kinds of events
        astral = (
            not vectorised and not text.isascii() and len(text.encode("utf-16-le")) != 2 * len(text)
        )
        if vectorised:
            cp, cum, qafter = _events_numpy(text)
        elif astral or "\r\n" in text:
            # split() keeps the separators (the events) at odd indices; running sums of the
            # piece lengths give each event's offset, all in C-speed iterators
            pieces = _EVENTS.split(text) if astral else _split_keep(text, "\r\n")
            ends = list(accumulate(map(len, pieces)))
            seps = pieces[1::2]
            deltas = [-1 if sep == "\r\n" else 1 for sep in seps]
            # the drift changes after the event's last code point
            cp = [e - 1 for e in ends[1::2]]
            cum = [0, *accumulate(deltas)]
            qafter = [k + 1 + d for k, d in zip(cp, cum[1:], strict=True)]
        self._cp, self._cum, self._qafter = cp, cum, qafter
        self._identity = not cp
        self._qt_length = self.cp_length + cum[-1]
        self._built = True

    @property
    def identity(self) -> bool:
        """True when code points and Qt positions coincide (no astral character, no CRLF)."""
        if not self._built:
            self._build()
        return self._identity

    @property
    def qt_length(self) -> int:
        if not self._built:
            self._build()
        return self._qt_length

    # -- conversions -----------------------------------------------------------------------

    def to_qt(self, cp: int) -> int:
        """The Qt position of code point offset ``cp`` (0 ≤ cp ≤ len(text)).

        An offset between the ``"\\r"`` and ``"\\n"`` of a CRLF maps to the position after the
        paragraph separator, as the offset after the ``"\\n"`` does."""
        if self.identity:
            return cp
        return cp + self._cum[bisect_left(self._cp, cp)]

    def from_qt(self, pos: int) -> int:
        """The code point offset of Qt position ``pos``; the largest offset that maps at or
        before ``pos`` (a position inside a surrogate pair rounds down to the character)."""
        if self.identity:
            return min(max(pos, 0), self.cp_length)
        j = bisect_right(self._qafter, pos)
        cp = pos - self._cum[j]
        if j < len(self._cp) and cp > self._cp[j]:
            cp = self._cp[j]
        return min(max(cp, 0), self.cp_length)

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)

    def span_from_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.from_qt(start), self.from_qt(end)

    def many_to_qt(self, offsets: Iterable[int]) -> list[int]:
        values = list(offsets)
        if self.identity:
            return values
        cp, cum = self._cp, self._cum
        if len(values) >= _NUMPY_MANY and (np := _numpy()) is not None:
            arr = np.asarray(values, dtype=np.int64)
            out = arr + np.asarray(cum)[np.searchsorted(np.asarray(cp), arr, side="left")]
            return out.tolist()  # type: ignore[no-any-return]
        return [o + cum[bisect_left(cp, o)] for o in values]

    def blocks_of(self, positions: list[int]) -> list[int]:
        """Block numbers of many Qt positions at once."""
        starts = self.block_starts
        if len(positions) >= _NUMPY_MANY and (np := _numpy()) is not None:
            found = np.searchsorted(np.asarray(starts), np.asarray(positions), side="right") - 1
            return np.maximum(found, 0).tolist()  # type: ignore[no-any-return]
        return [max(0, bisect_right(starts, p) - 1) for p in positions]

    # -- blocks ------------------------------------------------------------------------------

    @property
    def block_starts(self) -> list[int]:
        """Qt position of the first character of each block (paragraph), computed on demand."""
        if self._block_starts is None:
            if not self._built:
                self._build()
            text = self._text_for_blocks or ""
            if len(text) >= _NUMPY_FROM and _numpy() is not None:
                self._block_starts = _block_starts_numpy(text, self._cp, self._cum)
                self._text_for_blocks = None
                return self._block_starts
            if "\u2029" in text or text.count("\r") != text.count("\r\n"):
                breaks = [m.end() for m in _BREAKS.finditer(text)]
            else:  # every break is a "\n" (alone or ending a CRLF): C-speed split and sums
                lines = accumulate(map(len, text.split("\n")))
                breaks = [end + i + 1 for i, end in enumerate(lines)]
                breaks.pop()  # the text after the last "\n" is no break
            self._block_starts = [0, *self.many_to_qt(breaks)]
            self._text_for_blocks = None
        return self._block_starts

    @property
    def block_count(self) -> int:
        return len(self.block_starts)

    def block_of(self, pos: int) -> int:
        """The number of the block holding Qt position ``pos``."""
        return max(0, bisect_right(self.block_starts, pos) - 1)

    def block_range(self, qstart: int, qend: int) -> range:
        """Numbers of the blocks that the Qt span ``[qstart, qend)`` touches."""
        first = self.block_of(qstart)
        last = self.block_of(max(qstart, qend - 1))
        return range(first, last + 1)

    def block_position(self, pos: int) -> tuple[int, int]:
        """(block number, offset inside that block) of Qt position ``pos``."""
        n = self.block_of(pos)
        return n, pos - self.block_starts[n]


def _find_all(text: str, needle: str) -> list[int]:
    """Start offsets of every occurrence of ``needle`` (C-speed ``str.find`` steps)."""
    out: list[int] = []
    find, k = text.find, text.find(needle)
    step = len(needle)
    while k >= 0:
        out.append(k)
        k = find(needle, k + step)
    return out


def _split_keep(text: str, sep: str) -> list[str]:
    """``text`` split on ``sep`` with the separators kept at odd indices (as ``re.split``
    with a group does), without a regular expression."""
    parts = text.split(sep)
    out = [sep] * (2 * len(parts) - 1)
    out[0::2] = parts
    return out


def _numpy() -> Any:
    """numpy if installed (it ships with the test extras), else None: only an accelerator."""
    try:
        import numpy
    except ImportError:  # pragma: no cover - depends on the environment
        return None
    return numpy


def _events_numpy(text: str) -> tuple[list[int], list[int], list[int]]:
    """The same tables as the pure-Python path, vectorised over the UTF-32 code units."""
    np = _numpy()
    units = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    astral = np.flatnonzero(units > 0xFFFF)
    crlf = np.flatnonzero((units[:-1] == 13) & (units[1:] == 10)) + 1  # the "\n" of each CRLF
    where = np.concatenate([astral, crlf])
    steps = np.concatenate([np.ones(len(astral), np.int64), -np.ones(len(crlf), np.int64)])
    order = np.argsort(where, kind="stable")
    where, steps = where[order], steps[order]
    drift = np.cumsum(steps)
    return where.tolist(), [0, *drift.tolist()], (where + 1 + drift).tolist()


def _block_starts_numpy(text: str, cp: list[int], cum: list[int]) -> list[int]:
    np = _numpy()
    units = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
    following = np.append(units[1:], 0)
    is_break = (units == 10) | (units == 0x2029) | ((units == 13) & (following != 10))
    breaks = np.flatnonzero(is_break) + 1  # code point offset of each new block
    if cp:
        breaks = breaks + np.asarray(cum)[np.searchsorted(np.asarray(cp), breaks, side="left")]
    return [0, *breaks.tolist()]
