"""The ``annot`` command: opens the window, or works on a project headless.

    annot [PROJECT]                         open the window (the last project by default)
    annot new PROJECT [--seeds]             create a project (with the sample corpus)
    annot new PROJECT --from FILE.qdpx      create a project from a REFI-QDA project
    annot import PROJECT FILE|DIR|URL...    import documents (.txt/.md/.html/.docx/.pdf, web pages)
    annot import-annotations PROJECT FILE   import annotations (CSV, W3C .jsonld, brat folder,
                                            REFI-QDA .qdpx project or .qdc codebook)
    annot set-metadata PROJECT SHEET.csv    set documents' details from a sheet
    annot export claims PROJECT -o FILE     claims table, one row per claim (CSV)
    annot export annotations PROJECT -o F   every annotation (CSV)
    annot export jsonld PROJECT -o FILE     W3C Web Annotation collection (JSON-LD)
    annot export brat PROJECT -o DIR        brat standoff .txt/.ann pairs
    annot export qdpx PROJECT -o FILE.qdpx  REFI-QDA project (QualCoder, MAXQDA, ATLAS.ti, NVivo)
    annot export qdc PROJECT -o FILE.qdc    REFI-QDA codebook
    annot export board PROJECT -o FILE      claim board: groups × documents (CSV, --wide)
    annot info PROJECT                      documents, annotators, counts by tag
    annot check PROJECT                     integrity, encodings, checksums, spans, links
    annot merge PROJECT OTHER...            merge colleagues' project files into PROJECT
    annot copy PROJECT OUT                  one self-contained copy of PROJECT (while open, too)
    annot agreement PROJECT [options]       κ, α and span F1 between annotators
    annot suggest-alignments PROJECT        claims of other documents likely reporting each claim

Exit status: 0 on success, 2 on a usage error, 1 with a one-line message on bad input.
Heavy modules (Qt, the store) are imported only by the command that needs them.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from annot import __version__

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's usage errors exit 2
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _out(text: str) -> None:
    from annot.core.errors import display_path  # a file name that is not UTF-8 shows U+FFFD

    print(display_path(text), flush=True)


# -- handlers -----------------------------------------------------------------------------


def cmd_new(args: argparse.Namespace) -> int:
    from annot.core.project import Project

    if args.source is not None:
        return _new_from_qdpx(args)
    with Project.create(args.project, seeds=args.seeds) as project:
        n = len(project.store.documents())
    _out(f"created {args.project}" + (f" with {n} sample documents" if args.seeds else ""))
    return 0


def _new_from_qdpx(args: argparse.Namespace) -> int:
    from annot.core.errors import AnnotError
    from annot.core.project import Project
    from annot.core.refi.read import import_qdpx

    source = Path(args.source)
    if source.suffix.lower() != ".qdpx" or not source.is_file():
        print(f"annot: {source}: --from takes an existing REFI-QDA .qdpx file", file=sys.stderr)
        return 1
    target = Path(args.project)
    project = Project.create(target)
    try:
        report = import_qdpx(project, source, annotator=_annotator_name(args))
    except AnnotError:
        project.close()
        for suffix in ("", "-wal", "-shm"):  # the new file was ours: leave nothing half-made
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        raise
    project.close()
    _out(f"created {args.project} from {args.source}\n" + report.summary())
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from annot.core.project import Project

    if args.metadata:
        from annot.core.metadata import read_sheet

        read_sheet(args.metadata)  # a bad sheet stops the import before anything is written
    with Project.open(args.project, program="annot import") as project:
        result = project.import_files(args.files, undoable=False)
        described = 0
        if args.metadata and result.added:
            described, _ = project.set_metadata(args.metadata, only=set(result.added), undoable=False)
    for problem in result.problems:
        print(f"skipped {problem}", file=sys.stderr)
    for name in result.duplicates:
        print(f"skipped {name}: already in the project", file=sys.stderr)
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    _out(f"imported {len(result.added)} document(s) into {args.project}")
    if args.metadata:
        _out(f"{args.metadata}: details set for {described} document(s)")
    return 1 if result.problems and not result.added else 0


def cmd_set_metadata(args: argparse.Namespace) -> int:
    from annot.core.project import Project

    with Project.open(args.project, program="annot set-metadata") as project:
        changed, unmatched = project.set_metadata(args.sheet)
    for name in unmatched:
        print(f"annot: {args.sheet}: {name}: no document has this file name", file=sys.stderr)
    _out(f"{args.sheet}: details set for {changed} document(s) of {args.project}")
    return 1 if unmatched and not changed else 0


def _annotator_name(args: argparse.Namespace) -> str:
    from annot.core.settings import Settings, system_user

    return getattr(args, "annotator", None) or Settings.load().annotator or system_user() or "annot"


def cmd_import_annotations(args: argparse.Namespace) -> int:
    from annot.core.errors import ImportProblem
    from annot.core.interchange import import_annotations_any
    from annot.core.project import Project

    path = Path(args.file)
    name = _annotator_name(args)  # for rows/spans that name no annotator; created only if used
    with Project.open(args.project, program="annot import-annotations") as project:
        from annot.core.lock import part_of_open_project

        if part_of_open_project(path):  # never read outside SQLite (it would drop its locks)
            raise ImportProblem("is the project itself, not a file of annotations", path)
        if path.suffix.lower() == ".csv" and not path.is_dir():
            from annot.core.imports.csv_annotations import import_annotations_csv

            report = import_annotations_csv(project, path, annotator=name)
            _out(
                f"imported {report.rows} annotation(s) from {args.file}"
                f" ({report.tags_created} new tag(s), {report.annotators_created} new annotator(s))"
                + (f"; {report.duplicates} already in the project" if report.duplicates else "")
                + (f"; {report.reanchored} placed by their quote" if report.reanchored else "")
            )
            if report.new_tags:
                print(
                    "annot: new tag(s) created: " + ", ".join(report.new_tags)
                    + " (check for misspellings)",
                    file=sys.stderr,
                )
            return 0
        result = import_annotations_any(project, path, annotator=name)
    _out(f"{args.file}: " + result.summary())
    if not result.annotations and (result.unanchored or result.problems):
        print(f"annot: {args.file}: nothing could be imported", file=sys.stderr)
        return 1
    return 0


def cmd_export_interchange(args: argparse.Namespace) -> int:
    from annot.core.interchange import export_brat_folder, export_jsonld
    from annot.core.project import Project

    with Project.open_readonly(args.project) as project:
        if args.what == "jsonld":
            summary = export_jsonld(project, Path(args.output))
        else:
            summary = export_brat_folder(project, Path(args.output), overwrite=args.overwrite)
    _out(
        f"wrote {summary.annotations} annotation(s) and {summary.links} link(s)"
        f" of {summary.documents} document(s) to {args.output}"
    )
    if summary.skipped_links:
        print(
            f"annot: {summary.skipped_links} link(s) between documents left out (brat cannot express them)",
            file=sys.stderr,
        )
    if summary.kept:
        print(
            f"annot: left {len(summary.kept)} file(s) of an earlier export that were edited:"
            f" {', '.join(summary.kept)}",
            file=sys.stderr,
        )
    return 0


def cmd_export_refi(args: argparse.Namespace) -> int:
    from annot.core.project import Project
    from annot.core.refi.export import export_qdc, export_qdpx

    with Project.open(args.project) as project:
        if args.what == "qdc":
            _out(f"wrote {export_qdc(project.store, Path(args.output))} code(s) to {args.output}")
            return 0
        summary = export_qdpx(project.store, Path(args.output))
    lines = summary.lines()
    _out(lines[0])
    for line in lines[1:]:
        print(f"annot: {line}", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from annot.core.export.tables import export_annotations, export_claims
    from annot.core.model import Status
    from annot.core.project import Project

    exporter = export_claims if args.what == "claims" else export_annotations
    status = Status(args.status) if args.status and args.status != "all" else None
    to_stdout = args.output == "-"  # `-o -`: the table on standard output, for a pipe
    with Project.open_readonly(args.project) as project:
        if args.what == "claims" and args.status is None:  # the reviewed set once there is one
            from annot.core.review import default_claims_status

            if (status := default_claims_status(project.store)) is not None:
                print("annot: exporting the reviewed set (accepted claims); --status all exports every claim", file=sys.stderr)
        n = exporter(
            project.store,
            sys.stdout if to_stdout else Path(args.output),
            excel_bom=args.excel,
            escape_formulas=not args.no_escape,
            status=status,
        )
    if to_stdout:
        sys.stdout.flush()
        print(f"wrote {n} row(s) to standard output", file=sys.stderr)
    else:
        _out(f"wrote {n} row(s) to {args.output}")
    return 0


def cmd_export_board(args: argparse.Namespace) -> int:
    from annot.core.export.board import export_board
    from annot.core.project import Project

    with Project.open(args.project) as project:
        n = export_board(
            project.store, Path(args.output), wide=args.wide, unaligned=args.unaligned,
            excel_bom=args.excel, escape_formulas=not args.no_escape,
        )  # fmt: skip
    _out(f"wrote {n} row(s) to {args.output}")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    from annot.core.project import Project

    with Project.open_readonly(args.project) as project:
        store = project.store
        tags = {t.id: t for t in store.tags()}
        counts = store.counts_by_document_and_tag()
        docs = store.documents()
        _out(f"project   {args.project} (schema {store.schema_version})")
        _out(f"documents {len(docs)}")
        for d in docs:
            per_tag = ", ".join(
                f"{tags[t].name} {counts[(d.id, t)]}" for t in tags if (d.id, t) in counts
            )
            meta = " · ".join(x for x in (d.outlet, d.published) if x)
            _out(f"  [{d.id}] {d.title}" + (f" ({meta})" if meta else "") + (f": {per_tag}" if per_tag else ""))
        names = [a.name for a in store.annotators()]
        _out(f"annotators {len(names)}" + (": " + ", ".join(names) if names else ""))
        totals = store.counts_by_tag()
        _out(f"annotations {sum(totals.values())}")
        for tag in tags.values():
            _out(f"  {tag.name:<12} {totals.get(tag.id, 0)}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from annot.core.check import check_project
    from annot.core.errors import display_path

    problems = check_project(args.project)
    where = display_path(args.project)
    for problem in problems:
        _out(f"{where}: {problem}")
    if not problems:
        _out(f"{where}: no problems found (integrity, text encodings, checksums, spans, links)")
    return 1 if problems else 0


def cmd_merge(args: argparse.Namespace) -> int:
    from annot.core.merge import merge_with, read_snapshot
    from annot.core.project import Project

    with Project.open(args.project, program="annot merge") as project:
        snapshots = [read_snapshot(other) for other in args.others]  # all readable, or none merged
        for snapshot in snapshots:
            _out(merge_with(project.run, project.store, snapshot).summary())
    return 0


def cmd_copy(args: argparse.Namespace) -> int:
    from annot.core.project import Project
    from annot.core.store import write_copy

    with Project.open_readonly(args.project) as project:
        write_copy(project.store, Path(args.output))  # never replaces an existing file
    _out(f"copied {args.project} to {args.output}")
    return 0


def _split(values: str | None) -> list[str] | None:
    return None if values is None else [v.strip() for v in values.split(",") if v.strip()]


def cmd_agreement(args: argparse.Namespace) -> int:
    import json

    from annot.core.agreement import agreement
    from annot.core.agreement_tables import documents_line, to_text, write_csv
    from annot.core.errors import ValidationError
    from annot.core.model import DocumentId
    from annot.core.project import Project

    documents = _split(args.documents)
    every = documents == ["all"]
    if documents is not None and not every and not all(d.isdigit() for d in documents):
        raise ValidationError(
            f"--documents takes 'all' or document ids as 'annot info' shows them: {args.documents!r}"
        )
    with Project.open_readonly(args.project) as project:
        report = agreement(
            project.store,
            annotators=_split(args.annotators),
            documents=None if documents is None or every else [DocumentId(int(d)) for d in documents],
            all_documents=every,
            tag=args.tag,
        )
    if args.csv:
        n = write_csv(report, Path(args.csv), excel_bom=args.excel, project=Path(args.project))
        print(f"wrote {n} row(s) to {args.csv} ({documents_line(report)})", file=sys.stderr)
    if args.json:
        _out(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    elif not args.csv:
        _out(to_text(report))
    return 0


def cmd_suggest_alignments(args: argparse.Namespace) -> int:
    import json

    from annot.core.store import open_readonly
    from annot.core.suggest import alignment_table, project_suggester

    with open_readonly(args.project) as store:  # read only: the file is never changed
        suggester, titles = project_suggester(store)
        table = alignment_table(suggester, titles, args.top)
    if args.json:
        _out(json.dumps(table, ensure_ascii=False, indent=1))
        return 0
    for row in table:
        _out(f"{row['claim']}  {row['document']} [{row['start']}:{row['end']}]")
        for c in row["candidates"]:
            _out(f"  {c['score']:.3f}  {c['claim']}  {c['document']} [{c['start']}:{c['end']}]")
    print(f"{len(table)} claim(s)", file=sys.stderr)
    return 0


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {value!r}")
    return int(value)


def cmd_gui(args: argparse.Namespace) -> int:
    from annot.gui.app import main as gui_main

    return int(gui_main([args.project] if args.project else []))


# -- parser -------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="annot",
        description="Read news sources side by side, tag claims, actors and dates, export and compare.",
        epilog="Run 'annot [PROJECT]' (no command) to open the window.",
    )
    parser.add_argument("--version", action="version", version=f"annot {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("open", help="open the window on PROJECT (same as 'annot PROJECT')")
    p.add_argument("project", nargs="?", help="project file (default: the last one)")
    p.set_defaults(handler=cmd_gui)

    p = sub.add_parser("new", help="create a new project file")
    p.add_argument("project", help="the .annot file to create")
    p.add_argument("--seeds", action="store_true", help="fill it with the five sample news reports")
    p.add_argument(
        "--from", dest="source", metavar="FILE.qdpx",
        help="fill it from a REFI-QDA project (documents, codes as tags, users as annotators, codings)",
    )  # fmt: skip
    p.set_defaults(handler=cmd_new)

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
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser(
        "set-metadata", help="set documents' title, outlet, URL, publication date from a CSV sheet"
    )
    p.add_argument("project")
    p.add_argument("sheet", metavar="SHEET.csv", help="columns file,title,outlet,url,published")
    p.set_defaults(handler=cmd_set_metadata)

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
    p.set_defaults(handler=cmd_import_annotations)

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
        q.set_defaults(handler=cmd_export)

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
        q.set_defaults(handler=cmd_export_interchange)

    for what, text, target in (
        ("qdpx", "a REFI-QDA project: documents, codebook, users, annotations, notes, links", "FILE.qdpx"),
        ("qdc", "the codebook alone as a REFI-QDA .qdc file", "FILE.qdc"),
    ):
        q = ex.add_parser(what, help=text, description=f"Write {text} (REFI-QDA 1.0, QDA-XML).")
        q.add_argument("project")
        q.add_argument("-o", "--output", required=True, metavar=target)
        q.set_defaults(handler=cmd_export_refi)

    q = ex.add_parser(
        "board", help="the claim board: claim groups × documents with quote, actor, date, relation (CSV)"
    )
    q.add_argument("project")
    q.add_argument("-o", "--output", required=True, metavar="FILE", help="the CSV file to write")
    q.add_argument("--wide", action="store_true", help="one row per group (default: long, tidy form)")
    q.add_argument("--unaligned", action="store_true", help="also a row for each claim aligned with nothing")
    q.add_argument("--excel", action="store_true", help="start the file with a BOM for Excel")
    q.add_argument("--no-escape", action="store_true", help="keep cells starting with = + - @ as they are")
    q.set_defaults(handler=cmd_export_board)

    p = sub.add_parser("info", help="documents, annotators and counts by tag")
    p.add_argument("project")
    p.set_defaults(handler=cmd_info)

    p = sub.add_parser(
        "check",
        help="check a project file: SQLite integrity, text encodings, checksums, spans, links"
        " (exit 1 and one line per problem when any is found)",
    )
    p.add_argument("project")
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser(
        "merge",
        help="merge colleagues' project files into PROJECT (documents by text, tags by name,"
        " annotations by id; merging again changes nothing)",
    )
    p.add_argument("project")
    p.add_argument("others", nargs="+", metavar="OTHER")
    p.set_defaults(handler=cmd_merge)

    p = sub.add_parser(
        "copy",
        help="write PROJECT as one self-contained file OUT (safe while the window has it open)",
    )
    p.add_argument("project")
    p.add_argument("output", metavar="OUT")
    p.set_defaults(handler=cmd_copy)

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
    p.set_defaults(handler=cmd_agreement)

    p = sub.add_parser(
        "suggest-alignments",
        help="for every claim, the claims of other documents likely reporting the same"
        " proposition, best first (offline; the project is only read)",
        description="Rank, for every claim (annotation of a claim-role tag), the claims of the"
        " other documents by a score in [0, 1]: the mean of a TF-IDF cosine and two WordLlama"
        " cosines (sentence, span), with the two documents' similarity at half weight; offline,"
        " the model ships inside the wordllama package. --json prints a list of {claim, document, start, end,"
        " candidates: [{claim, document, start, end, score}, ...]} (document = title).",
    )
    p.add_argument("project")
    p.add_argument("--json", action="store_true", help="print JSON (a list, one entry per claim)")
    p.add_argument("--top", type=_positive, default=10, metavar="K", help="candidates per claim (default 10)")
    p.set_defaults(handler=cmd_suggest_alignments)
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


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    known = set(commands(parser)) | {c.split()[0] for c in commands(parser)}
    if not argv or (argv[0] not in known and not argv[0].startswith("-")):
        argv = ["open", *argv]  # `annot` and `annot PROJECT` open the window
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    from annot.core.errors import AnnotError

    try:
        return int(handler(args))
    except AnnotError as exc:
        print(f"annot: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `annot info P | head`: the reader left; say nothing more
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"annot: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a database error met while reading: say which file, not a traceback
        from annot.core.store.audit import database_problem

        project = Path(getattr(args, "project", None) or ".")
        problem: object = database_problem(exc, project)
        if problem is None:  # rows annot never writes (changed behind its back)?
            from annot.core.check import broken_rules

            problem = broken_rules(project)
        if problem is None:
            raise
        print(f"annot: {problem}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("annot: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
