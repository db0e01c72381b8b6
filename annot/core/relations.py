"""The relations a source's cell has on the claim board (kept apart from
:mod:`annot.core.board` so that the window can name them without importing the board)."""

from __future__ import annotations

SAME, PARTLY, CONTRADICTS, ABSENT = "same", "partly", "contradicts", "absent"
RELATIONS = (SAME, PARTLY, CONTRADICTS, ABSENT)
