"""Date normalisation on MEANTIME (or any data set in the shared format), beside dateparser.

    .venv/bin/python tools/eval_dates.py [DATASET] [--topics corpus_gm,corpus_stock] [--errors N]

For every DATE time expression of DATASET/mentions.csv, annot.core.dates.normalise_in_text
gives a value from the document's text and its publication date (documents.csv). The shared
scorer (../shared/eval/score_dates.py) scores it, and the shared dateparser baseline on the
same expressions, and both tables are printed one after the other, then a one-line summary.
--topics restricts both to some topics (to develop on some and check on the others).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annot.core.dates import normalise_in_text  # noqa: E402

SHARED = Path(os.environ.get("ANNOT_SHARED", ROOT.parent.parent / "shared"))
if not SHARED.exists():
    SHARED = Path("/work/shared")


def _subset(dataset: Path, topics: set[str], into: Path) -> Path:
    """A copy of the data set's CSVs holding only ``topics`` (docs/ linked, not copied)."""
    for name in ("documents.csv", "mentions.csv"):
        with open(dataset / name, encoding="utf-8", newline="") as f, open(
            into / name, "w", encoding="utf-8", newline=""
        ) as g:
            reader = csv.DictReader(f)
            writer = csv.DictWriter(g, fieldnames=reader.fieldnames or [], lineterminator="\n")
            writer.writeheader()
            writer.writerows(r for r in reader if r["topic"] in topics)
    (into / "docs").symlink_to(dataset / "docs")
    return into


def predict(dataset: Path, out: Path) -> int:
    published: dict[str, date | None] = {}
    topic_of: dict[str, str] = {}
    with open(dataset / "documents.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            published[r["document"]] = date.fromisoformat(r["published"]) if r["published"] else None
            topic_of[r["document"]] = r["topic"]
    texts: dict[str, str] = {}
    n = 0
    with open(dataset / "mentions.csv", encoding="utf-8", newline="") as f, open(
        out, "w", encoding="utf-8", newline=""
    ) as g:
        w = csv.writer(g, lineterminator="\n")
        w.writerow(["document", "start", "end", "value"])
        for r in csv.DictReader(f):
            if r["kind"] != "timex" or r["subtype"] != "DATE":
                continue
            doc = r["document"]
            if doc not in texts:
                texts[doc] = (dataset / "docs" / topic_of[doc] / f"{doc}.txt").read_text(encoding="utf-8")
            s, e = int(r["start"]), int(r["end"])
            w.writerow([doc, s, e, normalise_in_text(texts[doc], s, e, published[doc])])
            n += 1
    return n


def score(dataset: Path, predictions: Path, errors: int = 0) -> tuple[str, dict[str, dict[str, float]]]:
    with tempfile.TemporaryDirectory() as tmp:
        js = Path(tmp) / "score.json"
        cmd = [sys.executable, str(SHARED / "eval" / "score_dates.py"), str(dataset), str(predictions),
               "--json", str(js), "--errors", str(errors)]
        text = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        return text, json.loads(js.read_text())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dataset", nargs="?", default=str(SHARED / "data" / "meantime"))
    ap.add_argument("--topics", help="comma-separated topics (default: all)")
    ap.add_argument("--errors", type=int, default=0, help="list the first N wrong expressions")
    a = ap.parse_args(argv)
    dataset = Path(a.dataset)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if a.topics:
            sub = work / "subset"
            sub.mkdir()
            dataset = _subset(dataset.resolve(), set(a.topics.split(",")), sub)
        ours, base = work / "annot.csv", work / "dateparser.csv"
        n = predict(dataset, ours)
        subprocess.run([sys.executable, str(SHARED / "eval" / "baseline_dateparser.py"), str(dataset), str(base)],
                       check=True, capture_output=True)
        ours_text, ours_json = score(dataset, ours, a.errors)
        base_text, base_json = score(dataset, base)
    print(f"== annot.core.dates ({n} DATE expressions)\n{ours_text}")
    print(f"== dateparser baseline\n{base_text}")
    for subset in ("calendar", "all DATE"):
        o, b = ours_json.get(subset), base_json.get(subset)
        if o and b:
            print(f"{subset:<9} annot {o['accuracy']:.4f} ({o['correct']}/{o['gold']})"
                  f"   dateparser {b['accuracy']:.4f} ({b['correct']}/{b['gold']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
