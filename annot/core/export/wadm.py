"""W3C Web Annotation export (JSON-LD): one AnnotationCollection with an embedded first page.

Each span is one ``Annotation``:

- ``id`` ``urn:uuid:<annotation id>``, ``created``, ``modified``, ``creator``
  (``{"type": "Person", "name": <annotator>}``), ``motivation`` ``tagging``;
- ``body``: a ``TextualBody`` with ``purpose`` ``tagging`` whose ``value`` is the tag name,
  and, when there is a note, a ``TextualBody`` with ``purpose`` ``commenting``;
- ``target``: a ``SpecificResource`` whose ``source`` is the document's URL when it has a
  valid one, else ``urn:sha256:<hex>`` of its text, with a ``TextQuoteSelector``
  (``exact``, and up to :data:`CONTEXT` code points of ``prefix``/``suffix``) and a
  ``TextPositionSelector`` (``start``/``end`` in code points, as the model requires).

Each link is an ``Annotation`` with ``motivation`` ``linking`` whose two targets are the two
spans (same selectors), with a ``tagging`` body naming the link kind.

annot's own extras live in the namespace ``annot:`` = :data:`ANNOT_NS`, declared in the
``@context`` beside the W3C context (``["http://www.w3.org/ns/anno.jsonld", {"annot": ...}]``),
so the file stays valid JSON-LD and valid against the W3C test suite; other tools ignore them:

- on the tagging body: ``annot:colour`` (``#rrggbb``) and ``annot:role`` (claim/actor/date);
- on a span annotation: ``annot:status`` (unreviewed/accepted/rejected);
- on an actor span assigned to a registry actor: an ``identifying`` body, a
  ``SpecificResource`` whose ``source`` is ``urn:uuid:<actor id>``, with
  ``annot:actorName`` (canonical name) and ``annot:actorKind``;
- on a linking annotation: ``annot:linkKind`` (said_by/dated/same_claim/contradicts),
  ``annot:from`` and ``annot:to`` (the ``urn:uuid:`` ids of the source and target spans —
  the order of a JSON-LD ``target`` list carries no meaning).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from annot.core.actors import Actor, resolver
from annot.core.annotations import now
from annot.core.export.atomic import (
    Cancelled,
    ExportSummary,
    Progress,
    atomic_text_file,
)
from annot.core.model import DocumentId, DocumentInfo
from annot.core.store import Store

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ANNOT_NS = "urn:annot:"
CONTEXT: list[Any] = [W3C_CONTEXT, {"annot": ANNOT_NS}]
CONTEXT_CHARS = 32  # code points of prefix and suffix in a TextQuoteSelector
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]+$")
_EVERY = 2000  # rows between progress calls


def document_source(info: DocumentInfo) -> str:
    """The ``source`` IRI of a document: its URL when it is a usable IRI, else its SHA-256."""
    url = info.url.strip()
    return url if _URI.match(url) else f"urn:sha256:{info.sha256}"


def span_target(source: str, text: str, start: int, end: int) -> dict[str, Any]:
    return {
        "type": "SpecificResource",
        "source": source,
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": text[start:end],
                "prefix": text[max(0, start - CONTEXT_CHARS) : start],
                "suffix": text[end : end + CONTEXT_CHARS],
            },
            {"type": "TextPositionSelector", "start": start, "end": end},
        ],
    }


def identifying_body(actor: Actor) -> dict[str, Any]:
    """The body that says which registry actor an actor span names."""
    return {
        "type": "SpecificResource",
        "purpose": "identifying",
        "source": f"urn:uuid:{actor.id}",
        "annot:actorName": actor.name,
        "annot:actorKind": actor.kind.value,
    }


def _dump(item: dict[str, Any]) -> str:
    return json.dumps(item, ensure_ascii=False)


def export_wadm(
    store: Store,
    path: str | Path,
    *,
    progress: Progress | None = None,
    label: str = "",
    documents: Sequence[DocumentId] | None = None,
) -> ExportSummary:
    """Write every annotation and link of the project (or of ``documents`` only, with the
    links between them) to ``path``, atomically.

    ``progress(done, total)`` is called now and then; returning False cancels the export
    and leaves ``path`` as it was."""
    path = Path(path)
    summary = ExportSummary(path)
    docs = store.documents()
    links = store.links()
    if documents is None:
        n_annotations = store.annotation_count()
    else:
        wanted = set(documents)
        docs = [d for d in docs if d.id in wanted]
        by_doc = store.counts_by_document_and_tag()
        n_annotations = sum(n for (doc_id, _), n in by_doc.items() if doc_id in wanted)
        kept = {a.id for d in docs for a in store.annotations(document_id=d.id)}
        links = [k for k in links if k.source_id in kept and k.target_id in kept]
    tags = {t.name: t for t in store.tags()}
    resolve = resolver(store)
    registry = bool(store.actor_rows())  # without actors, no look-up per span
    total = n_annotations + len(links)
    spans: dict[str, tuple[str, DocumentId, int, int]] = {}  # id -> (source, doc id, start, end)
    done = 0
    header = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": "AnnotationCollection",
        "label": label or f"annot export of {store.path.name}",
        "created": now(),
        "total": total,
    }
    page_head = {"id": f"urn:uuid:{uuid.uuid4()}", "type": "AnnotationPage", "startIndex": 0}
    try:
        with atomic_text_file(path, project=store.path) as fh:
            fh.write(_dump(header)[:-1] + ',\n"first": ' + _dump(page_head)[:-1] + ',\n"items": [')
            first = True
            for info in docs:
                text = store.document_text(info.id)
                source = document_source(info)
                rows = store.iter_annotation_rows("a.document_id = ?", (info.id,))
                for (ann_id, _doc, start, end, _b, _a, note, status, created, modified,
                     tag_name, role, annotator) in rows:  # fmt: skip
                    tag = tags[tag_name]
                    tag_body: dict[str, Any] = {
                        "type": "TextualBody",
                        "purpose": "tagging",
                        "value": tag_name,
                        "format": "text/plain",
                        "annot:colour": tag.colour,
                    }
                    if role:
                        tag_body["annot:role"] = role
                    bodies: list[dict[str, Any]] = [tag_body]
                    if note:
                        bodies.append(
                            {"type": "TextualBody", "purpose": "commenting", "value": note,
                             "format": "text/plain"}
                        )  # fmt: skip
                    assigned = store.actor_of(ann_id) if registry else None
                    actor = resolve(assigned) if assigned else None
                    if actor is not None:
                        bodies.append(identifying_body(actor))
                    item = {
                        "id": f"urn:uuid:{ann_id}",
                        "type": "Annotation",
                        "motivation": "tagging",
                        "created": created,
                        "modified": modified,
                        "creator": {"type": "Person", "name": annotator},
                        "body": bodies,
                        "target": span_target(source, text, start, end),
                        "annot:status": status,
                    }
                    spans[ann_id] = (source, info.id, start, end)
                    fh.write(("\n" if first else ",\n") + _dump(item))
                    first = False
                    done += 1
                    summary.annotations += 1
                    if progress is not None and done % _EVERY == 0 and not progress(done, total):
                        raise Cancelled("the export was cancelled; no file was written")
                summary.documents += 1
            for link in links:
                ends = []
                for ann_id in (link.source_id, link.target_id):
                    source, doc_id, start, end = spans[ann_id]
                    ends.append(span_target(source, store.document_text(doc_id), start, end))
                item = {
                    "id": f"urn:uuid:{link.id}",
                    "type": "Annotation",
                    "motivation": "linking",
                    "created": link.created,
                    "body": {"type": "TextualBody", "purpose": "tagging",
                             "value": link.kind.value, "format": "text/plain"},
                    "target": ends,
                    "annot:linkKind": link.kind.value,
                    "annot:from": f"urn:uuid:{link.source_id}",
                    "annot:to": f"urn:uuid:{link.target_id}",
                }  # fmt: skip
                fh.write(("\n" if first else ",\n") + _dump(item))
                first = False
                done += 1
                summary.links += 1
                if progress is not None and done % _EVERY == 0 and not progress(done, total):
                    raise Cancelled("the export was cancelled; no file was written")
            fh.write("\n]}}\n")
    except Cancelled:
        summary.cancelled = True
        return summary
    if progress is not None:
        progress(total, total)
    return summary
