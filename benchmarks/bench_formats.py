"""Document import and REFI-QDA export, each beside a floor measured in the same run.

- importing 200 saved news pages (HTML) into a project; floor: trafilatura alone on the same
  pages, already decoded (the extraction alone: no file reading, no charset, no database);
- exporting 100,000 annotations to a .qdpx file; floor: writing the same PlainTextSelection
  XML with lxml's incremental writer from rows already in memory (no database, no ZIP);
- importing that .qdpx into a new project; floor: lxml parsing its project.qde alone.

Run: ``python -m benchmarks.bench_formats [PAGES] [ANNOTATIONS]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

from annot.core.project import Project
from annot.core.refi import NS
from annot.core.refi.export import export_qdpx
from annot.core.refi.read import import_qdpx
from benchmarks import Figure
from benchmarks.bench_interchange import build

NEWS = Path(__file__).resolve().parents[1] / "tests" / "data" / "formats" / "news_page.html"


def pages(folder: Path, n: int) -> list[Path]:
    """``n`` variants of the boilerplate-heavy news page, each with its own article text."""
    html = NEWS.read_text("utf-8")
    paths = []
    for i in range(n):
        page = html.replace("Russia has formally", f"In dispatch {i}, Russia has formally").replace(
            "The Kremlin did not", f"On day {i % 31 + 1} the Kremlin did not"
        )
        f = folder / f"page{i:04}.html"
        f.write_text(page, "utf-8")
        paths.append(f)
    return paths


def timed(fn: Any) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def import_figure(n: int) -> Figure:
    import trafilatura

    with tempfile.TemporaryDirectory() as tmp:
        paths = pages(Path(tmp), n)
        data = [p.read_text("utf-8") for p in paths]  # decoded beforehand, as annot hands it over
        trafilatura.bare_extraction(data[0], with_metadata=True)  # warm both up alike
        floor = timed(lambda: [trafilatura.bare_extraction(d, with_metadata=True, include_comments=False,
                                                           include_tables=True, deduplicate=False) for d in data])  # fmt: skip
        with Project.create(Path(tmp) / "p.annot") as p:
            value = timed(lambda: p.import_files(paths))
            assert len(p.store.documents()) == n
    return Figure(f"import {n} saved news pages (HTML) (floor: trafilatura alone)", value, floor, max_ratio=1.5)


def export_figure(n: int) -> list[Figure]:
    from lxml import etree

    p = build(n)
    user = "00000000-0000-4000-8000-000000000000"
    code = "00000000-0000-4000-8000-000000000001"
    rows = []
    for info in p.store.documents():
        text = p.store.document_text(info.id)
        rows.append([(a.id, text[a.start : a.end], a.start, a.end, a.note, a.created, a.modified)
                     for a in p.store.annotations(document_id=info.id)])  # fmt: skip
    E = f"{{{NS}}}"

    def floor_write(target: Path) -> None:
        with (
            open(target, "wb") as fh,
            etree.xmlfile(fh, encoding="utf-8") as xf,
            xf.element(f"{E}Project", {"name": "x"}, nsmap={None: NS}),
            xf.element(f"{E}Sources"),
        ):
            for d, doc_rows in enumerate(rows):
                with xf.element(f"{E}TextSource", {"guid": code, "name": f"r{d}"}):
                    for ann_id, quote, start, end, note, created, modified in doc_rows:
                        attrs = {"guid": ann_id, "name": quote, "startPosition": str(start),
                                 "endPosition": str(end), "creatingUser": user, "creationDateTime": created,
                                 "modifyingUser": user, "modifiedDateTime": modified}  # fmt: skip
                        with xf.element(f"{E}PlainTextSelection", attrs):
                            if note:
                                with xf.element(f"{E}Description"):
                                    xf.write(note)
                            coding = {"guid": ann_id, "creatingUser": user, "creationDateTime": created}
                            with xf.element(f"{E}Coding", coding), xf.element(f"{E}CodeRef", {"targetGUID": code}):
                                pass

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "x.qdpx"
        value = timed(lambda: export_qdpx(p.store, out))
        floor = timed(lambda: floor_write(Path(tmp) / "floor.qde"))
        with zipfile.ZipFile(out) as z:
            qde = z.read("project.qde")
        fresh = Project.in_memory()
        import_s = timed(lambda: import_qdpx(fresh, out))
        parse_s = timed(lambda: etree.fromstring(qde, etree.XMLParser(huge_tree=True)))
        assert fresh.store.annotation_count() == n
    p.close()
    return [
        Figure(f"export {n:,} annotations to REFI-QDA .qdpx (floor: the same XML by lxml alone)",
               value, floor, max_ratio=3.0),
        Figure(f"import {n:,} annotations from REFI-QDA .qdpx (floor: lxml parsing project.qde)",
               import_s, parse_s),
    ]  # fmt: skip


def run(n_pages: int = 200, n_annotations: int = 100_000) -> list[Figure]:
    return [import_figure(n_pages), *export_figure(n_annotations)]


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    for figure in run(*args):
        print(figure)
