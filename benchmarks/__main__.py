"""Run every ``benchmarks/bench_*.py`` that has a ``run()`` and print one table.

    python -m benchmarks              # all of them
    python -m benchmarks --only core  # bench_core.py only (repeatable)
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import time
from pathlib import Path

from benchmarks import Figure


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s" and value < 0.1:
        return f"{value * 1000:.3f} ms"
    return f"{value:.3f} {unit}"


def _goal(f: Figure) -> str:
    parts = []
    if f.max_ratio is not None:
        parts.append(f"≤ {f.max_ratio:g}×")
    if f.max_value is not None:
        parts.append(f"≤ {_fmt(f.max_value, f.unit)}")
    return ", ".join(parts) or "-"


def _quiet_qt() -> None:
    """Drop the offscreen platform's "does not support propagateSizeHints()" chatter."""
    try:
        from PySide6.QtCore import qInstallMessageHandler
    except ImportError:
        return

    def handler(_mode: object, _context: object, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def main(argv: list[str] | None = None) -> int:
    _quiet_qt()
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    parser.add_argument("--only", action="append", metavar="NAME",
                        help="run only bench_NAME.py (may be given more than once)")
    args = parser.parse_args(argv)
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)])
                   if m.name.startswith("bench_"))
    if args.only:
        wanted = {n if n.startswith("bench_") else f"bench_{n}" for n in args.only}
        unknown = wanted - set(names)
        if unknown:
            parser.error(f"no such benchmark: {', '.join(sorted(unknown))} (have: {', '.join(names)})")
        names = [n for n in names if n in wanted]
    rows: list[Figure] = []
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        if not callable(getattr(module, "run", None)):
            continue
        print(f"running {name} …", file=sys.stderr, flush=True)
        started = time.perf_counter()
        rows.extend(Figure(*f) for f in module.run())
        print(f"  {name} took {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    table = [("figure", "value", "floor", "ratio", "goal", "ok?")]
    for f in rows:
        ratio = f"{f.ratio:.2f}×" if f.ratio is not None else "-"
        ok = {True: "yes", False: "NO", None: "-"}[f.ok]
        table.append((f.name, _fmt(f.value, f.unit), _fmt(f.floor, f.unit), ratio, _goal(f), ok))
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    for i, r in enumerate(table):
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))
    for f in rows:
        if f.note:
            print(f"note: {f.name}: {f.note}")
    missed = [f.name for f in rows if f.ok is False]
    if missed:
        print(f"goal missed: {', '.join(missed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
