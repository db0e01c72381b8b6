"""Claim-alignment suggestions on MEANTIME (or any data set in the shared format), end to end.

    .venv/bin/python tools/eval_alignment.py [DATASET] [--topics corpus_gm,...] [--top 100]

For each topic: a new project in a temporary folder (`annot new`), its documents imported
(`annot import`), its event mentions imported as claims (`annot import-annotations` of a
CSV), then `annot suggest-alignments PROJECT --json --top N`. The suggestions of all topics
are translated to the scorer's form (claim UUID -> the data set's document id and offsets)
and scored by ../shared/eval/score_alignment.py --per-topic, beside the shared TF-IDF
baseline (../shared/eval/baseline_tfidf.py) on the same topics.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED = Path(os.environ.get("ANNOT_SHARED", ROOT.parent.parent / "shared"))
if not SHARED.exists():
    SHARED = Path("/work/shared")
ANNOT = [sys.executable, "-m", "annot"]


def _run(args: list[str], **kw: object) -> str:
    done = subprocess.run(args, check=True, capture_output=True, text=True, **kw)  # type: ignore[call-overload]
    return str(done.stdout)


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def topic_suggestions(dataset: Path, topic: str, work: Path, top: int) -> tuple[list[dict[str, object]], float]:
    """Suggestions for one topic in the scorer's form, and the seconds suggest-alignments took."""
    from annot.core.store import open_readonly

    docs = [r["document"] for r in _rows(dataset / "documents.csv") if r["topic"] == topic]
    project = work / f"{topic}.annot"
    _run([*ANNOT, "new", str(project)])
    _run([*ANNOT, "import", str(project), *[str(dataset / "docs" / topic / f"{d}.txt") for d in docs]])
    claims = work / f"{topic}-claims.csv"
    seen = set()
    with open(claims, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["document", "annotator", "start", "end", "tag"])
        for r in _rows(dataset / "mentions.csv"):
            key = (r["document"], r["start"], r["end"])
            if r["topic"] == topic and r["kind"] == "event" and key not in seen:
                seen.add(key)
                w.writerow([f"{r['document']}.txt", "meantime", r["start"], r["end"], "claim"])
    _run([*ANNOT, "import-annotations", str(project), str(claims)])
    started = time.perf_counter()
    table = json.loads(_run([*ANNOT, "suggest-alignments", str(project), "--json", "--top", str(top)]))
    seconds = time.perf_counter() - started
    with open_readonly(project) as store:  # claim UUID -> the data set's document id
        stem = {d.id: Path(d.filename).stem for d in store.documents()}
        doc_of = {a.id: stem[a.document_id] for a in store.annotations()}

    def ref(x: dict[str, object]) -> dict[str, object]:
        return {"document": doc_of[str(x["claim"])], "start": x["start"], "end": x["end"]}

    return [{**ref(q), "candidates": [{**ref(c), "score": c["score"]} for c in q["candidates"]]}  # type: ignore[attr-defined]
            for q in table], seconds  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dataset", nargs="?", default=str(SHARED / "data" / "meantime"))
    ap.add_argument("--topics", help="comma-separated topics (default: all)")
    ap.add_argument("--top", type=int, default=100, help="candidates per claim (default 100)")
    a = ap.parse_args(argv)
    dataset = Path(a.dataset).resolve()
    topics = sorted({r["topic"] for r in _rows(dataset / "documents.csv")})
    if a.topics:
        topics = [t for t in topics if t in a.topics.split(",")]
    score = [sys.executable, str(SHARED / "eval" / "score_alignment.py"), str(dataset)]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        everything: list[dict[str, object]] = []
        for topic in topics:
            found, seconds = topic_suggestions(dataset, topic, work, a.top)
            everything += found
            print(f"{topic}: {len(found)} claims, suggest-alignments took {seconds:.1f} s", file=sys.stderr)
        ours = work / "annot.json"
        ours.write_text(json.dumps(everything))
        base = work / "tfidf.json"
        _run([sys.executable, str(SHARED / "eval" / "baseline_tfidf.py"), str(dataset), str(base)])
        # the baseline ranks every topic; keep the chosen ones so that both answer the same queries
        kept = {(r["document"]) for r in _rows(dataset / "documents.csv") if r["topic"] in topics}
        base.write_text(json.dumps([q for q in json.loads(base.read_text()) if q["document"] in kept]))
        ours_json, base_json = work / "annot-score.json", work / "tfidf-score.json"
        print("== annot suggest-alignments\n" + _run([*score, str(ours), "--per-topic", "--json", str(ours_json)]))
        print("== TF-IDF baseline\n" + _run([*score, str(base), "--per-topic", "--json", str(base_json)]))
        o, b = json.loads(ours_json.read_text()), json.loads(base_json.read_text())
    print(f"{'topic':<16} {'P@1':>13} {'MAP':>13} {'R@5':>13}   (annot / TF-IDF)")
    rows = [(t, o["per_topic"].get(t), b["per_topic"].get(t)) for t in topics]
    for name, mo, mb in [*rows, ("ALL", o["overall"], b["overall"])]:
        if mo and mb:
            print(f"{name:<16} " + " ".join(f"{mo[k]:.3f} / {mb[k]:.3f}" for k in ("p1", "map", "rk")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
