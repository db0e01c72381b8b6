"""Placing a quoted span in a text that may have changed since it was annotated.

:func:`anchor` first trusts the recorded position when the text there is the quote and the
context around it agrees; otherwise it looks for every occurrence of the quote, scores each
by how much of the recorded prefix and suffix surrounds it (the length of the common end of
the prefix and the text before, plus the common start of the suffix and the text after),
and takes the best, the one nearest the old position on a tie (the earlier of two equally
near). A quote that occurs nowhere cannot be anchored.

Importing thousands of quotes into one text must not cost (quotes × occurrences) Python
steps, so a :class:`TextIndex` is built once per text and reused:

- an occurrence with the whole context (prefix + quote + suffix) is found with one
  ``str.find``/``str.rfind`` each side of the old position: no other occurrence can score
  higher, and the nearest of those wins;
- otherwise the occurrences of the quote are listed once per distinct quote (cached) and
  scored together with numpy, one comparison per context character over all of them.

The result is the same as scoring every occurrence one by one
(tests/core/test_anchoring_speed_semantics.py checks it against that plain version).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

MAX_CANDIDATES = 10_000
_CACHED_QUOTES = 4096  # distinct quotes whose occurrences a TextIndex keeps

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    moved: bool  # True when the recorded position was not used


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b)):  # noqa: B905 - lengths differ on purpose
        if x != y:
            break
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):  # noqa: B905
        if x != y:
            break
        n += 1
    return n


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    before = text[max(0, start - len(prefix)) : start]
    after = text[end : end + len(suffix)]
    if before == prefix and after == suffix:
        return len(prefix) + len(suffix)
    return _common_suffix(before, prefix) + _common_prefix(after, suffix)


def _codes(text: str) -> npt.NDArray[np.uint32]:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


class TextIndex:
    """One text prepared for many :meth:`anchor` calls: its code points as an array and
    the occurrences of each quote asked for (found once)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._array: npt.NDArray[np.uint32] | None = None
        self._found: dict[str, IntArray] = {}

    @property
    def array(self) -> npt.NDArray[np.uint32]:
        if self._array is None:
            self._array = _codes(self.text)
        return self._array

    def occurrences(self, exact: str) -> IntArray:
        """Where ``exact`` starts in the text (overlapping ones too), the first
        :data:`MAX_CANDIDATES` of them."""
        found = self._found.get(exact)
        if found is None:
            text = self.text
            out: list[int] = []
            at = text.find(exact)
            while at >= 0 and len(out) < MAX_CANDIDATES:
                out.append(at)
                at = text.find(exact, at + 1)
            found = np.array(out, dtype=np.int64)
            if len(self._found) >= _CACHED_QUOTES:
                self._found.clear()
            self._found[exact] = found
        return found

    def anchor(
        self,
        *,
        exact: str | None,
        prefix: str = "",
        suffix: str = "",
        start: int | None = None,
        end: int | None = None,
    ) -> Anchor | None:
        """Where the span now is, or None when it cannot be found (see the module)."""
        text = self.text
        has_position = (
            isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
        )
        if has_position and start is not None and end is not None:
            if exact is None:
                return Anchor(start, end, False)
            if text[start:end] == exact:
                full = len(prefix) + len(suffix)
                if _context_score(text, start, end, prefix, suffix) == full:
                    return Anchor(start, end, False)
        if not exact:
            return None
        old = start if isinstance(start, int) else 0
        at = self._whole_context(exact, prefix, suffix, old)
        if at is None:
            at = self._best_partial(exact, prefix, suffix, old)
        if at is None:
            return None
        moved = not (has_position and at == start and at + len(exact) == end)
        return Anchor(at, at + len(exact), moved)

    def _whole_context(self, exact: str, prefix: str, suffix: str, old: int) -> int | None:
        """The occurrence with the whole prefix and suffix around it nearest ``old``."""
        text, lp = self.text, len(prefix)
        whole = prefix + exact + suffix
        after = text.find(whole, max(0, old - lp))  # the first at or after old
        limit = old - lp - 1 + len(whole)  # whole must end before this for a start < old
        before = text.rfind(whole, 0, limit) if limit > 0 else -1
        candidates = [q + lp for q in (before, after) if q >= 0]
        if not candidates:
            return None
        return min(candidates, key=lambda at: (abs(at - old), at))

    def _best_partial(self, exact: str, prefix: str, suffix: str, old: int) -> int | None:
        """The best-scoring occurrence when none has the whole context."""
        starts = self.occurrences(exact)
        if len(starts) == 0:
            return None
        score = self._match_before(starts, prefix) + self._match_after(starts + len(exact), suffix)
        distance = np.abs(starts - old)
        best = np.lexsort((starts, distance, -score))[0]
        return int(starts[best])

    def _match_before(self, starts: IntArray, prefix: str) -> IntArray:
        """For each start: how many characters before it equal the end of ``prefix``."""
        codes = self.array
        matched = np.zeros(len(starts), dtype=np.int64)
        alive = np.ones(len(starts), dtype=np.bool_)
        for k, ch in enumerate(reversed(prefix), start=1):
            at = starts - k
            alive &= at >= 0
            alive[alive] &= codes[at[alive]] == ord(ch)
            if not alive.any():
                break
            matched += alive
        return matched

    def _match_after(self, ends: IntArray, suffix: str) -> IntArray:
        """For each end: how many characters from it equal the start of ``suffix``."""
        codes = self.array
        matched = np.zeros(len(ends), dtype=np.int64)
        alive = np.ones(len(ends), dtype=np.bool_)
        for k, ch in enumerate(suffix):
            at = ends + k
            alive &= at < len(codes)
            alive[alive] &= codes[at[alive]] == ord(ch)
            if not alive.any():
                break
            matched += alive
        return matched


def anchor(
    text: str | TextIndex,
    *,
    exact: str | None,
    prefix: str = "",
    suffix: str = "",
    start: int | None = None,
    end: int | None = None,
) -> Anchor | None:
    """Where the span now is in ``text``, or None when it cannot be found. Give a
    :class:`TextIndex` when placing many spans in the same text."""
    index = text if isinstance(text, TextIndex) else TextIndex(text)
    return index.anchor(exact=exact, prefix=prefix, suffix=suffix, start=start, end=end)
