"""One entry point for every annotation file annot reads or writes, chosen by the path.

- ``FILE.csv`` → :func:`annot.core.imports.csv_annotations.import_annotations_csv`
- ``FILE.jsonld`` / ``FILE.json`` → W3C Web Annotation (:mod:`annot.core.imports.wadm`)
- a folder → brat standoff ``.txt``/``.ann`` pairs (:mod:`annot.core.imports.brat`)
- ``FILE.qdpx`` → a REFI-QDA project, ``FILE.qdc`` → a REFI-QDA codebook (:mod:`annot.core.refi`)

Heavy modules are imported only when their format is used.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from annot.core.errors import ImportProblem
from annot.core.export.atomic import ExportSummary, Progress

if TYPE_CHECKING:
    from annot.core.project import Project

IMPORT_FORMATS = (
    "a .csv file, a W3C Web Annotation .jsonld/.json file, a REFI-QDA .qdpx project or .qdc"
    " codebook, or a folder of brat .txt/.ann files"
)


def import_annotations_any(
    project: Project,
    path: str | Path,
    *,
    annotator: str | None = None,
    progress: Progress | None = None,
) -> Any:
    """Import annotations from ``path`` in the format its name says (one undo step).

    Returns the importer's report: an :class:`~annot.core.imports.plan.InterchangeReport`
    for W3C and brat, the CSV importer's own report for CSV."""
    path = Path(path)
    if path.is_dir():
        from annot.core.imports.brat import import_brat

        return import_brat(project, path, annotator=annotator, progress=progress)
    suffix = path.suffix.lower()
    if suffix == ".ann":
        raise ImportProblem("is one brat file; give the folder that holds the .txt/.ann pairs", path)
    if not path.exists():
        raise ImportProblem("does not exist", path)
    if suffix == ".csv":
        from annot.core.imports.csv_annotations import import_annotations_csv

        return import_annotations_csv(project, path, progress=progress)
    if suffix in (".jsonld", ".json"):
        from annot.core.imports.wadm import import_wadm

        return import_wadm(project, path, annotator=annotator, progress=progress)
    if suffix == ".qdpx":
        from annot.core.refi.read import import_qdpx

        return import_qdpx(project, path, annotator=annotator, progress=progress)
    if suffix == ".qdc":
        from annot.core.refi.read import import_qdc

        return import_qdc(project, path)
    raise ImportProblem(f"is not a format annot imports annotations from; give {IMPORT_FORMATS}", path)


def export_jsonld(project: Project, path: str | Path, *, progress: Progress | None = None) -> ExportSummary:
    """Every annotation and link as a W3C Web Annotation collection (JSON-LD)."""
    from annot.core.export.wadm import export_wadm

    with project.store.reading():  # undecodable rows: an error naming the project file
        return export_wadm(project.store, path, progress=progress)


def export_brat_folder(
    project: Project, path: str | Path, *, progress: Progress | None = None, overwrite: bool = False
) -> ExportSummary:
    """Every document as brat ``.txt``/``.ann`` pairs plus ``annotation.conf`` (files of an
    earlier export that were edited are replaced only with ``overwrite``)."""
    from annot.core.export.brat import export_brat

    with project.store.reading():
        return export_brat(project.store, path, progress=progress, overwrite=overwrite)
