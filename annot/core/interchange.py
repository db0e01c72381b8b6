"""One entry point for every annotation file annot reads or writes, chosen by the path.

- ``FILE.csv`` → :func:`annot.core.imports.csv_annotations.import_annotations_csv`
- ``FILE.jsonld`` / ``FILE.json`` → W3C Web Annotation (:mod:`annot.core.imports.wadm`)
- a folder → brat standoff ``.txt``/``.ann`` pairs (:mod:`annot.core.imports.brat`)
- ``FILE.qdpx`` → a REFI-QDA project, ``FILE.qdc`` → a REFI-QDA codebook (:mod:`annot.core.refi`)

Heavy modules are imported only when their format is used.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from annot.core.errors import ImportProblem
from annot.core.export.atomic import ExportSummary
from annot.core.progress import Progress

if TYPE_CHECKING:
    from annot.core.imports.report import ImportReport
    from annot.core.project import Project

IMPORT_FORMATS = (
    "a .csv file, a W3C Web Annotation .jsonld/.json file, a REFI-QDA .qdpx project or .qdc"
    " codebook, or a folder of brat .txt/.ann files"
)


Importer = Callable[["Project", Path, "str | None", "Progress | None"], "ImportReport"]


def _csv(project: Project, path: Path, annotator: str | None, progress: Progress | None) -> ImportReport:
    from annot.core.imports.csv_annotations import import_annotations_csv

    return import_annotations_csv(project, path, progress=progress, annotator=annotator)


def _wadm(project: Project, path: Path, annotator: str | None, progress: Progress | None) -> ImportReport:
    from annot.core.imports.wadm import import_wadm

    return import_wadm(project, path, annotator=annotator, progress=progress)


def _brat(project: Project, path: Path, annotator: str | None, progress: Progress | None) -> ImportReport:
    from annot.core.imports.brat import import_brat

    return import_brat(project, path, annotator=annotator, progress=progress)


def _qdpx(project: Project, path: Path, annotator: str | None, progress: Progress | None) -> ImportReport:
    from annot.core.refi.read import import_qdpx

    return import_qdpx(project, path, annotator=annotator, progress=progress)


def _qdc(project: Project, path: Path, annotator: str | None, progress: Progress | None) -> ImportReport:
    from annot.core.refi.read import import_qdc

    return import_qdc(project, path)


FOLDER = "/"  # the key of the reader of a folder
# suffix (lower case) -> the reader of such a file: a new format is one entry here
READERS: dict[str, Importer] = {
    ".csv": _csv, ".jsonld": _wadm, ".json": _wadm, ".qdpx": _qdpx, ".qdc": _qdc, FOLDER: _brat,
}  # fmt: skip


def import_annotations_any(
    project: Project,
    path: str | Path,
    *,
    annotator: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import annotations from ``path`` with the reader :data:`READERS` names for it (one
    undo step).

    Returns the import's :class:`~annot.core.imports.report.ImportReport` (every format)."""
    path = Path(path)
    suffix = FOLDER if path.is_dir() else path.suffix.lower()
    if suffix == ".ann":
        raise ImportProblem("is one brat file; give the folder that holds the .txt/.ann pairs", path)
    if suffix != FOLDER and not path.exists():
        raise ImportProblem("does not exist", path)
    reader = READERS.get(suffix)
    if reader is None:
        raise ImportProblem(f"is not a format annot imports annotations from; give {IMPORT_FORMATS}", path)
    return reader(project, path, annotator, progress)


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
