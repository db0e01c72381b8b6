"""A research-scale project, generated fast: N news-like documents, three annotators, about
1,000 spans per document (a third claims, a third actors, a third dates), two claims in
three said_by an actor and one in three dated — 300 documents give 300,000 annotations and
100,000 links.

Everything goes in through the store's bulk inserts (``executemany`` in one transaction per
table). :func:`cached_project` keeps the file in ``bench-out/`` keyed by its parameters and
the schema version, so a second ``make bench`` starts at once; callers copy it before
writing to it."""

from __future__ import annotations

import random
import shutil
import uuid
from pathlib import Path

from annot.core import migrations
from annot.core.codebook import install_defaults
from annot.core.model import AnnotationId, DocumentId, DocumentInfo, Link, LinkId, LinkKind, Role
from annot.core.store import create_store, text_sha256

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench-out"
GENERATOR_VERSION = 3
ANNOTATORS = ("ana", "bruno", "chen")

_WORDS = ["the", "minister", "said", "on", "Tuesday", "that", "the", "government", "would", "not", "sign", "the", "convention", "until", "parliament", "had", "voted", "and", "the", "council", "of", "europe", "had", "answered", "its", "questions", "about", "detention", "conditions", "in", "several", "regions", "where", "observers", "reported", "delays", "while", "officials", "in", "moscow", "and", "strasbourg", "exchanged", "letters", "about", "the", "committee", "visits", "planned", "for", "next", "spring"]
_ACTORS = ("the minister", "Vladimir Putin", "Maria Zakharova", "the Council of Europe",
           "Alain Berset", "the State Duma", "Dmitry Peskov", "the CPT")  # fmt: skip
_DATES = ("on Tuesday", "29 September 2025", "in 1996", "next spring", "on 17 September",
          "last year", "in March 2026", "on Friday")  # fmt: skip


def _text(rng: random.Random, sentences: int) -> str:
    out = []
    for n in range(sentences):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(12, 24))]
        out.append(f"{rng.choice(_ACTORS)} said {rng.choice(_DATES)} that {' '.join(words)}.")
        out.append("\n\n" if n % 3 == 2 else " ")  # paragraphs of three sentences
    return "".join(out).strip()


def build_project(path: Path, documents: int, per_document: int = 1000, seed: int = 1) -> Path:
    """Write a new project at ``path`` with ``documents`` × ``per_document`` annotations."""
    rng = random.Random(seed)
    store = create_store(path, overwrite=True)
    try:
        install_defaults(store)
        role_tag = {t.role: t.id for t in store.tags()}
        stamp = "2026-01-01T00:00:00.000Z"
        with store.atomic():
            who = [store.add_annotator(name) for name in ANNOTATORS]
            for d in range(documents):
                text = _text(rng, max(60, per_document // 3))
                info = DocumentInfo(DocumentId(0), text_sha256(text), f"Report {d + 1:04d}",
                                    "Bench Wire", "", f"2025-{1 + d % 12:02d}-{1 + d % 28:02d}",
                                    f"report-{d + 1:04d}.txt", len(text), stamp)  # fmt: skip
                doc = store.add_document(info, text)
                rows: list[tuple[object, ...]] = []
                links: list[Link] = []
                claims: list[str] = []
                actors: list[str] = []
                dates: list[str] = []
                for i in range(per_document):
                    role = (Role.CLAIM, Role.ACTOR, Role.DATE)[i % 3]
                    length = {Role.CLAIM: 80, Role.ACTOR: 12, Role.DATE: 10}[role]
                    start = rng.randrange(0, len(text) - length - 1)
                    end = start + rng.randint(length // 2, length)
                    ann = str(uuid.UUID(int=rng.getrandbits(128), version=4))
                    rows.append((ann, doc, role_tag[role], who[i % 3 if i % 7 else (i // 7) % 3],
                                 start, end, text[start:end], text[max(0, start - 40):start],
                                 text[end:end + 40], "checked" if i % 50 == 0 else "",
                                 "unreviewed", stamp, stamp, "", ""))  # fmt: skip
                    {Role.CLAIM: claims, Role.ACTOR: actors, Role.DATE: dates}[role].append(ann)
                for k, claim in enumerate(claims):
                    kind, targets = (LinkKind.SAID_BY, actors) if k % 3 != 2 else (LinkKind.DATED, dates)
                    link_id = LinkId(str(uuid.UUID(int=rng.getrandbits(128), version=4)))
                    links.append(Link(link_id, kind, AnnotationId(claim),
                                      AnnotationId(targets[k % len(targets)]), stamp))  # fmt: skip
                store.insert_full_annotation_rows(rows)  # type: ignore[arg-type]
                store.insert_links(links)
    finally:
        store.close()
    return path


def cached_project(documents: int, per_document: int = 1000) -> Path:
    """The generated project for these parameters, built once into ``bench-out/``."""
    CACHE.mkdir(exist_ok=True)
    name = f"scale-{documents}d-{per_document}a-s{migrations.LATEST_VERSION}-g{GENERATOR_VERSION}.annot"
    path = CACHE / name
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        build_project(tmp, documents, per_document)
        shutil.move(tmp, path)
    return path
