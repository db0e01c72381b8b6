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

from annot.cli_parser import build_parser, commands

Handler = Callable[[argparse.Namespace], int]


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
        result = import_annotations_any(project, path, annotator=name)
    _out(f"{args.file}: " + result.summary())
    if result.new_tags:
        print(
            "annot: new tag(s) created: " + ", ".join(result.new_tags) + " (check for misspellings)",
            file=sys.stderr,
        )
    if not result.annotations.added and (result.unanchored or result.problems):
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


def cmd_gui(args: argparse.Namespace) -> int:
    from annot.gui.app import main as gui_main

    return int(gui_main([args.project] if args.project else []))


# -- parser -------------------------------------------------------------------------------


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
