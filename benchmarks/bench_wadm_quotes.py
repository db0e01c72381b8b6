"""W3C import of quote-only annotations (TextQuoteSelector, no TextPositionSelector): 3,000
items on a 105 kB text whose sentences repeat, so every quote occurs hundreds of times and
only its prefix/suffix tell the places apart. Twice: on the text as annotated, and on a
copy edited since (a character changed every ~150), where contexts match only in part.

Floor, in the same run: ``json.loads`` of the file plus one ``str.find`` of each quote in
the text (reading the items and finding each quote once, nothing more). Both are the best
of three runs. Before the TextIndex (scoring every occurrence of every quote) the first
figure was about 10.7 s, 275× its floor, on the same machine.

Run: ``python -m benchmarks.bench_wadm_quotes [N]``.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

from annot.core.documents import SourceText, sha256_text
from annot.core.imports.wadm import import_wadm
from annot.core.project import Project
from benchmarks import Figure

SENTENCES = [
    "The minister said on Monday that the convention no longer applied.",
    "Critics of the government said the decision was unlawful.",
    "A spokesman for the ministry declined to comment on Tuesday.",
    "The opposition said it would challenge the law in court.",
    "Officials said 😀 the talks would resume next week.",
]
LENGTH = 105_000
CONTEXT = 32  # what annot's own export writes as prefix and suffix


def make_text(seed: int = 1) -> str:
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < LENGTH:
        s = rng.choice(SENTENCES) + ("\n" if rng.random() < 0.2 else " ")
        out.append(s)
        size += len(s)
    return "".join(out)


def edited(text: str, every: int = 150) -> str:
    chars = list(text)
    for i in range(every // 2, len(chars), every):
        chars[i] = "#"
    return "".join(chars)


def items_for(text: str, source: str, n: int, seed: int = 2) -> list[dict[str, object]]:
    rng = random.Random(seed)
    out: list[dict[str, object]] = []
    for _ in range(n):
        start = rng.randrange(0, len(text) - 40)
        end = start + rng.randint(3, 30)
        out.append({
            "id": f"urn:uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}", "type": "Annotation",
            "body": [{"type": "TextualBody", "purpose": "tagging", "value": "claim"}],
            "target": {"source": source, "selector": {
                "type": "TextQuoteSelector", "exact": text[start:end],
                "prefix": text[max(0, start - CONTEXT) : start], "suffix": text[end : end + CONTEXT]}},
        })  # fmt: skip
    return out


def one(annotated: str, stored: str, n: int, folder: Path, repeat: int = 3) -> tuple[float, float, int]:
    """Seconds to import, seconds of the floor (each the best of ``repeat``), annotations placed."""
    source = f"urn:sha256:{sha256_text(stored)}"
    path = folder / f"quotes-{sha256_text(stored)[:8]}.jsonld"
    path.write_text(json.dumps(items_for(annotated, source, n), ensure_ascii=False), "utf-8")
    took = floor = float("inf")
    placed = 0
    for _ in range(repeat):
        project = Project.in_memory()
        project.set_annotator("bench")
        project.import_sources([SourceText(stored, "T", "", "t.txt", sha256_text(stored))])
        started = time.perf_counter()
        import_wadm(project, path, annotator="bench")
        took = min(took, time.perf_counter() - started)
        placed = project.store.annotation_count()
        project.close()
        started = time.perf_counter()
        parsed = json.loads(path.read_text("utf-8"))
        found = [stored.find(item["target"]["selector"]["exact"]) for item in parsed]
        floor = min(floor, time.perf_counter() - started)
        assert len(found) == n
    return took, floor, placed


def run(n: int = 3000) -> list[Figure]:
    text = make_text()
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, stored in (("as annotated", text), ("edited since", edited(text))):
            took, floor, placed = one(text, stored, n, Path(tmp))
            figures.append(
                Figure(
                    f"W3C import of {n:,} quote-only items, {len(text) // 1000} kB text {label}"
                    " (floor: json.loads + str.find of each quote)",
                    took,
                    floor,
                    max_ratio=50,
                    max_value=10.0,
                    note=f"{label}: {placed:,} of {n:,} placed" if placed < n else "",
                )
            )
    return figures


if __name__ == "__main__":
    for figure in run(int((sys.argv[1:] or ["3000"])[0])):
        print(figure, f"ratio {figure.ratio:.1f}" if figure.ratio else "")
