"""Agreement results as a CSV file (one measure per row, for R or pandas) and as a plain
text table (the CLI's output).

CSV columns: ``scope`` (overall / tag / document), ``tag``, ``document`` (id),
``document_title``, ``annotator_a``, ``annotator_b``, ``measure`` (alpha, kappa,
exact_precision, exact_recall, exact_f1, overlap_precision, overlap_recall, overlap_f1),
``value`` (empty when not defined) and ``reason`` (why it is not defined). RFC 4180, UTF-8
(optionally with a BOM for Excel); text cells starting with ``= + - @``, TAB or CR get a
leading ``'`` unless ``escape_formulas`` is off.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

from annot.core.agreement import AgreementReport, Section, Value
from annot.core.export.atomic import atomic_text_file
from annot.core.model import DocumentInfo

CSV_COLUMNS = (
    "scope", "tag", "document", "document_title", "annotator_a", "annotator_b", "measure",
    "value", "reason",
)  # fmt: skip

_RISKY = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str, escape: bool) -> str:
    return "'" + text if escape and text.startswith(_RISKY) else text


def _number(v: Value) -> str:
    return "" if v.value is None else repr(v.value)


def _section_rows(
    report: AgreementReport, section: Section, scope: str, tag: str, doc: str, title: str
) -> Iterator[list[str]]:
    names = report.annotators
    alpha = section.tally.alpha()
    yield [scope, tag, doc, title, "", "", "alpha", _number(alpha), alpha.reason or ""]
    for i, j in report.pairs():
        kappa = section.tally.kappa(i, j)
        base = [scope, tag, doc, title, names[i], names[j]]
        yield [*base, "kappa", _number(kappa), kappa.reason or ""]
        for kind, counts in (("exact", section.exact[(i, j)]), ("overlap", section.overlap[(i, j)])):
            for name, v in counts.scores().items():
                yield [*base, f"{kind}_{name}", _number(v), v.reason or ""]


def csv_rows(report: AgreementReport) -> Iterator[list[str]]:
    yield from _section_rows(report, report.overall, "overall", "", "", "")
    for tag, section in zip(report.tags, report.per_tag, strict=True):
        yield from _section_rows(report, section, "tag", tag, "", "")
    for doc, section in zip(report.documents, report.per_document, strict=True):
        yield from _section_rows(report, section, "document", "", str(doc.id), doc.title)


def to_csv(report: AgreementReport, *, escape_formulas: bool = True) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in csv_rows(report):
        writer.writerow([_cell(c, escape_formulas) for c in row])
    return out.getvalue()


def write_csv(
    report: AgreementReport,
    path: Path,
    *,
    excel_bom: bool = False,
    escape_formulas: bool = True,
    project: Path | None = None,
) -> int:
    """Write the CSV; returns the number of data rows. Written to a temporary file first,
    so a failure leaves no half-written file; ``project`` (the project file) is refused as
    a target. Raises :class:`ExportProblem` when the file cannot be written."""
    text = to_csv(report, escape_formulas=escape_formulas)
    _write_text(path, ("\ufeff" if excel_bom else "") + text, project)
    return text.count("\r\n") - 1


def write_json(report: AgreementReport, path: Path, *, project: Path | None = None) -> None:
    """Write the JSON form (``docs/agreement-json.md``) the same safe way as the CSV."""
    _write_text(path, json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n", project)


def _write_text(path: Path, text: str, project: Path | None) -> None:
    with atomic_text_file(path, project=project) as fh:
        fh.write(text)


def _table(report: AgreementReport, section: Section) -> list[str]:
    names = report.annotators
    lines = [f"  Krippendorff's α {section.tally.alpha()}    ({section.tally.units} units)"]
    for i, j in report.pairs():
        ex, ov = section.exact[(i, j)].scores(), section.overlap[(i, j)].scores()
        lines.append(
            f"  {names[i]} × {names[j]}: κ {section.tally.kappa(i, j)}"
            f"   F1 exact {ex['f1']} (P {ex['precision']}, R {ex['recall']})"
            f"   F1 overlap {ov['f1']} (P {ov['precision']}, R {ov['recall']})"
        )
    return lines


def _listed(docs: list[DocumentInfo], most: int = 20) -> str:
    shown = ", ".join(f"[{d.id}] {d.title}" for d in docs[:most])
    return shown + (f" and {len(docs) - most} more" if len(docs) > most else "")


def documents_line(report: AgreementReport) -> str:
    """Which documents the figures cover, in words (the CLI's and the dialog's)."""
    n = len(report.documents)
    if report.selection == "annotated":
        return f"{n} of {n + len(report.left_out)} document(s): those where a chosen annotator has a span"
    if report.selection == "all":
        return f"{n} document(s): all, annotated or not"
    return f"{n} chosen document(s)"


def to_text(report: AgreementReport) -> str:
    """A readable summary; undefined values print as n/a with the reasons listed once."""
    lines = [
        f"annotators {', '.join(report.annotators) or 'none'}; tags {', '.join(report.tags)};"
        f" {documents_line(report)}; {report.overall.tally.units} code points",
        f"documents used: {_listed(report.documents) or 'none'}",
    ]
    if report.left_out:
        lines.append(
            f"left out, no span by a chosen annotator (--documents all includes them): {_listed(report.left_out)}"
        )
    lines += ["overall", *_table(report, report.overall)]
    for tag, section in zip(report.tags, report.per_tag, strict=True):
        lines += [f"tag {tag}", *_table(report, section)]
    for doc, section in zip(report.documents, report.per_document, strict=True):
        lines += [f"document [{doc.id}] {doc.title}", *_table(report, section)]
    reasons = sorted({r[-1] for r in csv_rows(report) if r[-1]})
    if reasons:
        lines += ["n/a:", *(f"  {r}" for r in reasons)]
    return "\n".join(lines)
