"""The ``annot`` command line's parser: every command, its arguments and its help (the
handlers are in :mod:`annot.cli`)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from annot import __version__


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's usage errors exit 2
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {value!r}")
    return int(value)


def build_parser() -> argparse.ArgumentParser:
    from annot import cli as c  # the handlers (imported here: cli imports this module)

    parser = _Parser(
        prog="annot",
        description="Read news sources side by side, tag claims, actors and dates, export and compare.",
        epilog="Run 'annot [PROJECT]' (no command) to open the window.",
    )
    parser.add_argument("--version", action="version", version=f"annot {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("open", help="open the window on PROJECT (same as 'annot PROJECT')")
    p.add_argument("project", nargs="?", help="project file (default: the last one)")
    p.set_defaults(handler=c.cmd_gui)

    p = sub.add_parser("new", help="create a new project file")
    p.add_argument("project", help="the .annot file to create")
    p.add_argument("--seeds", action="store_true", help="fill it with the five sample news reports")
    p.add_argument(
        "--from", dest="source", metavar="FILE.qdpx",
        help="fill it from a REFI-QDA project (documents, codes as tags, users as annotators, codings)",
    )  # fmt: skip
    p.set_defaults(handler=c.cmd_new)

    text = (
        "import documents: .txt/.md, saved web pages (.html/.htm), Word (.docx), PDF,"
        " every such file in a folder, or web pages by their http(s):// URL"
    )
    p = sub.add_parser(
        "import", help=text,
        description=text + ". Each becomes one plain text, frozen at import; the extractor and"
        " the original file's SHA-256 are recorded, and a file (or text) already in the project"
        " is skipped.",
    )  # fmt: skip
    p.add_argument("project")
    p.add_argument("files", nargs="+", metavar="FILE|DIR|URL")
    p.add_argument(
        "--metadata", metavar="SHEET.csv",
        help="a CSV of file,title,outlet,url,published (YYYY-MM-DD) setting the documents' details",
    )
    p.set_defaults(handler=c.cmd_import)

    p = sub.add_parser(
        "set-metadata", help="set documents' title, outlet, URL, publication date from a CSV sheet"
    )
    p.add_argument("project")
    p.add_argument("sheet", metavar="SHEET.csv", help="columns file,title,outlet,url,published")
    p.set_defaults(handler=c.cmd_set_metadata)

    p = sub.add_parser(
        "import-annotations",
        help="import annotations: CSV (document, annotator, start, end, tag[, note]),"
        " W3C Web Annotation .jsonld/.json, a folder of brat .txt/.ann files,"
        " a REFI-QDA .qdpx project or a .qdc codebook",
    )
    p.add_argument("project")
    p.add_argument("file", metavar="FILE|DIR")
    p.add_argument(
        "--annotator",
        metavar="NAME",
        help="who made the annotations when the file does not say (brat; W3C without creator)",
    )
    p.set_defaults(handler=c.cmd_import_annotations)

    p = sub.add_parser("export", help="export claims or annotations (CSV), W3C JSON-LD, brat or REFI-QDA")
    ex = p.add_subparsers(dest="what", metavar="FORMAT", required=True, parser_class=_Parser)
    for what, text in (
        ("claims", "the claims table, one row per claim with its actors and dates (CSV)"),
        ("annotations", "every annotation of every tag (CSV)"),
    ):
        q = ex.add_parser(what, help=text)
        q.add_argument("project")
        q.add_argument("-o", "--output", required=True, metavar="FILE", help="the CSV file to write (- for standard output)")
        q.add_argument("--excel", action="store_true", help="start the file with a BOM for Excel")
        q.add_argument(
            "--no-escape",
            action="store_true",
            help="keep cells starting with = + - @ as they are (no formula-injection guard)",
        )
        q.add_argument(
            "--status", choices=["unreviewed", "accepted", "rejected", "all"],
            help="only this status; all: every one (claims default to the reviewed set, status accepted, once a review exists)",
        )  # fmt: skip
        q.set_defaults(handler=c.cmd_export)

    for what, text, target in (
        ("jsonld", "every annotation and link as W3C Web Annotation JSON-LD", "FILE.jsonld"),
        ("brat", "brat standoff: NAME.txt + NAME.ann per document, annotation.conf", "DIR"),
    ):
        q = ex.add_parser(what, help=text)
        q.add_argument("project")
        q.add_argument("-o", "--output", required=True, metavar=target)
        if what == "brat":
            q.add_argument(
                "--overwrite",
                action="store_true",
                help="replace files of an earlier export even if edited since (your other files"
                " in the folder are never touched)",
            )
        q.set_defaults(handler=c.cmd_export_interchange)

    for what, text, target in (
        ("qdpx", "a REFI-QDA project: documents, codebook, users, annotations, notes, links", "FILE.qdpx"),
        ("qdc", "the codebook alone as a REFI-QDA .qdc file", "FILE.qdc"),
    ):
        q = ex.add_parser(what, help=text, description=f"Write {text} (REFI-QDA 1.0, QDA-XML).")
        q.add_argument("project")
        q.add_argument("-o", "--output", required=True, metavar=target)
        q.set_defaults(handler=c.cmd_export_refi)

    q = ex.add_parser(
        "board", help="the claim board: claim groups × documents with quote, actor, date, relation (CSV)"
    )
    q.add_argument("project")
    q.add_argument("-o", "--output", required=True, metavar="FILE", help="the CSV file to write")
    q.add_argument("--wide", action="store_true", help="one row per group (default: long, tidy form)")
    q.add_argument("--unaligned", action="store_true", help="also a row for each claim aligned with nothing")
    q.add_argument("--excel", action="store_true", help="start the file with a BOM for Excel")
    q.add_argument("--no-escape", action="store_true", help="keep cells starting with = + - @ as they are")
    q.set_defaults(handler=c.cmd_export_board)

    p = sub.add_parser("info", help="documents, annotators and counts by tag")
    p.add_argument("project")
    p.set_defaults(handler=c.cmd_info)

    p = sub.add_parser(
        "check",
        help="check a project file: SQLite integrity, text encodings, checksums, spans, links"
        " (exit 1 and one line per problem when any is found)",
    )
    p.add_argument("project")
    p.set_defaults(handler=c.cmd_check)

    p = sub.add_parser(
        "merge",
        help="merge colleagues' project files into PROJECT (documents by text, tags by name,"
        " annotations by id; merging again changes nothing)",
    )
    p.add_argument("project")
    p.add_argument("others", nargs="+", metavar="OTHER")
    p.set_defaults(handler=c.cmd_merge)

    p = sub.add_parser(
        "copy",
        help="write PROJECT as one self-contained file OUT (safe while the window has it open)",
    )
    p.add_argument("project")
    p.add_argument("output", metavar="OUT")
    p.set_defaults(handler=c.cmd_copy)

    p = sub.add_parser(
        "agreement", help="Cohen's κ, Krippendorff's α and span F1: overall, per tag, per document"
    )
    p.add_argument("project")
    p.add_argument("--annotators", metavar="A,B,...", help="annotator names (default: all who annotated)")
    p.add_argument(
        "--documents",
        metavar="ID,...|all",
        help="document ids, or 'all' (default: the documents where a chosen annotator has a span)",
    )
    p.add_argument("--tag", metavar="T", help="only this tag (binary: covered by it or not)")
    p.add_argument("--json", action="store_true", help="print JSON (docs/agreement-json.md)")
    p.add_argument("--csv", metavar="FILE", help="write every figure to a CSV file")
    p.add_argument("--excel", action="store_true", help="start the CSV with a BOM for Excel")
    p.set_defaults(handler=c.cmd_agreement)

    p = sub.add_parser(
        "suggest-alignments",
        help="for every claim, the claims of other documents likely reporting the same"
        " proposition, best first (offline; the project is only read)",
        description="Rank, for every claim (annotation of a claim-role tag), the claims of the"
        " other documents by a score in [0, 1]: the mean of a TF-IDF cosine and two WordLlama"
        " cosines (sentence, span), with the two documents' similarity at half weight; offline,"
        " the model ships inside the wordllama package. --json prints a list of {claim, document, start, end,"
        " candidates: [{claim, document, start, end, score}, ...]} (document = title). A pair"
        " rejected in the window's Suggestions dock (Delete or R) is skipped: it is never listed.",
    )
    p.add_argument("project")
    p.add_argument("--json", action="store_true", help="print JSON (a list, one entry per claim)")
    p.add_argument("--top", type=_positive, default=10, metavar="K", help="candidates per claim (default 10)")
    p.set_defaults(handler=c.cmd_suggest_alignments)
    return parser


def commands(parser: argparse.ArgumentParser | None = None) -> list[str]:
    """Every command line form, e.g. ``["new", "export claims", ...]`` (for the docs test)."""
    parser = parser or build_parser()
    found: list[str] = []

    def walk(p: argparse.ArgumentParser, prefix: str) -> None:
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    full = f"{prefix} {name}".strip()
                    before = len(found)
                    walk(child, full)
                    if len(found) == before:
                        found.append(full)

    walk(parser, "")
    return found
