"""W3C Web Annotation export and import of 100,000 annotations, each beside a floor.

- export floor: ``json.dumps`` of the very dicts the export writes, built beforehand (the
  serialisation alone, no database, no file);
- import floor: ``json.loads`` of the exported file (parsing alone).

Run: ``python -m benchmarks.bench_interchange [N]``.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from annot.core.annotations import now
from annot.core.documents import SourceText, sha256_text
from annot.core.export.wadm import export_wadm, span_target
from annot.core.imports.wadm import import_wadm
from annot.core.model import Status
from annot.core.project import Project
from benchmarks import Figure

SENTENCE = "Officials said on Monday that the convention 😀 no longer applied.\r\n"


def build(n: int) -> Project:
    p = Project.in_memory()
    p.set_annotator("bench")
    docs = 10
    per_doc = n // docs
    for d in range(docs):
        text = f"Report {d}\r\n" + SENTENCE * (per_doc // 4 + 1)
        p.import_sources([SourceText(text, f"r{d}", "", f"r{d}.txt", sha256_text(text))])
    tags = [t.id for t in p.store.tags()]
    stamp = now()
    rows = []
    for info in p.store.documents():
        text = p.store.document_text(info.id)
        for i in range(per_doc):
            start = 10 + (i * 17) % (len(text) - 40)
            end = start + 5 + i % 20
            rows.append(
                (str(uuid.uuid4()), info.id, tags[i % 3], p.annotator_id, start, end, text[start:end],
                 "", "", "note" if i % 5 == 0 else "", Status.UNREVIEWED.value, stamp, stamp)
            )  # fmt: skip
    with p.store.atomic():
        p.store.insert_annotation_rows(rows)
    return p


def floor_items(p: Project) -> list[dict[str, Any]]:
    items = []
    for info in p.store.documents():
        text = p.store.document_text(info.id)
        for a in p.store.annotations(document_id=info.id):
            items.append(
                {"id": f"urn:uuid:{a.id}", "type": "Annotation", "motivation": "tagging",
                 "created": a.created, "modified": a.modified,
                 "creator": {"type": "Person", "name": "bench"},
                 "body": [{"type": "TextualBody", "purpose": "tagging", "value": "claim",
                           "format": "text/plain", "annot:colour": "#f2a33a", "annot:role": "claim"}],
                 "target": span_target(f"urn:sha256:{info.sha256}", text, a.start, a.end),
                 "annot:status": a.status.value}
            )  # fmt: skip
    return items


def timed(fn: Any) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def run(n: int = 100_000) -> list[Figure]:
    """W3C export and import of ``n`` annotations beside json.dumps / json.loads floors."""
    p = build(n)
    items = floor_items(p)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "x.jsonld"
        export_s = timed(lambda: export_wadm(p.store, out))
        floor_s = timed(lambda: [json.dumps(i, ensure_ascii=False) for i in items])

        fresh = Project.in_memory()
        for info in p.store.documents():
            text = p.store.document_text(info.id)
            fresh.import_sources([SourceText(text, info.title, "", info.filename, info.sha256)])
        import_s = timed(lambda: import_wadm(fresh, out, annotator="bench"))
        parse_s = timed(lambda: json.loads(out.read_text("utf-8")))
        assert fresh.store.annotation_count() == n
    p.close()
    return [
        Figure(f"W3C export of {n:,} annotations (floor: json.dumps of the same dicts)", export_s, floor_s),
        Figure(f"W3C import of {n:,} annotations (floor: json.loads of the file)", import_s, parse_s),
    ]


if __name__ == "__main__":
    for figure in run(int((sys.argv[1:] or ["100000"])[0])):
        print(figure)
