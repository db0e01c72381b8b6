"""Placing a quoted span in a text that may have changed since it was annotated.

:func:`anchor` first trusts the recorded position when the text there is the quote and the
context around it agrees; otherwise it looks for every occurrence of the quote, scores each
by how much of the recorded prefix and suffix surrounds it, and takes the best, the one
nearest the old position on a tie. A quote that occurs nowhere cannot be anchored.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_CANDIDATES = 10_000


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


def anchor(
    text: str,
    *,
    exact: str | None,
    prefix: str = "",
    suffix: str = "",
    start: int | None = None,
    end: int | None = None,
) -> Anchor | None:
    """Where the span now is in ``text``, or None when it cannot be found."""
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
    best: tuple[int, int] | None = None  # (score, -distance)
    best_at = -1
    at = text.find(exact)
    seen = 0
    while at >= 0 and seen < MAX_CANDIDATES:
        key = (_context_score(text, at, at + len(exact), prefix, suffix), -abs(at - old))
        if best is None or key > best:
            best, best_at = key, at
        at = text.find(exact, at + 1)
        seen += 1
    if best is None:
        return None
    moved = not (has_position and best_at == start and best_at + len(exact) == end)
    return Anchor(best_at, best_at + len(exact), moved)
