"""Benchmarks, run by ``make bench`` (``python -m benchmarks``).

Each module ``benchmarks/bench_*.py`` with a ``run()`` function is a benchmark. ``run()``
returns a list of :class:`Figure`: a measured value beside a floor measured in the same run
on the same machine (the same work done the plainest way), so the ratio means something on
any machine. A goal is a largest ratio (``max_ratio``) and/or a largest value (``max_value``).
"""

from __future__ import annotations

from typing import NamedTuple


class Figure(NamedTuple):
    name: str
    value: float | None  # None: skipped (say why in ``note``)
    floor: float | None
    max_ratio: float | None = None
    max_value: float | None = None
    unit: str = "s"
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.floor:
            return None
        return self.value / self.floor

    @property
    def ok(self) -> bool | None:
        if self.value is None:
            return None
        checks = []
        if self.max_ratio is not None and self.ratio is not None:
            checks.append(self.ratio <= self.max_ratio)
        if self.max_value is not None:
            checks.append(self.value <= self.max_value)
        return all(checks) if checks else None
