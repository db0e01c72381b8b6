"""A project: an open store, its undo history and the current annotator.

This is what the CLI and the GUI session hold. It opens or creates ``.annot`` files,
fills a new one with the default codebook (and the sample corpus on request), and offers
the user's actions as one-line calls that go through the history (one undo step each).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annot.core import annotations as ops
from annot.core.codebook import install_defaults
from annot.core.documents import (
    AddDocuments,
    ImportResult,
    SourceText,
    is_known,
    read_source,
    read_sources,
)
from annot.core.errors import ValidationError
from annot.core.history import Command, History
from annot.core.lock import part_of_open_project
from annot.core.model import (
    Annotation,
    AnnotationId,
    AnnotatorId,
    Changes,
    DocumentId,
    LinkId,
    LinkKind,
    Status,
    TagId,
)
from annot.core.paths import data_folder
from annot.core.progress import Progress
from annot.core.store import (
    Store,
    create_store,
    memory_store,
    open_readonly,
    open_store,
    write_copy,
)


def expand_folders(paths: Sequence[str | Path]) -> list[str | Path]:
    """``paths`` with each folder replaced by the importable files inside it (and its
    subfolders, hidden ones left out), in name order. A folder without any stays, so that
    it is reported."""
    from annot.core.documents import SUPPORTED_SUFFIXES
    from annot.core.extract import READERS
    from annot.core.extract.fetch import is_url

    suffixes = set(SUPPORTED_SUFFIXES) | set(READERS)
    out: list[str | Path] = []
    for p in paths:
        folder = Path(p)
        try:
            is_folder = not is_url(p) and folder.is_dir()
        except (OSError, ValueError):  # unreadable: read_source reports it
            is_folder = False
        if not is_folder:
            out.append(p)
            continue
        found: list[Path] = []
        try:
            for f in folder.rglob("*"):
                if f.suffix.lower() in suffixes and not any(
                    part.startswith(".") for part in f.relative_to(folder).parts
                ):
                    found.append(f)  # (read_source refuses what is not an ordinary file)
        except OSError:  # a subfolder that cannot be listed: what was found is kept
            pass
        out.extend(sorted(found) or [p])
    return out


def seed_paths() -> list[Path]:
    """The five sample news reports shipped in seeds/."""
    return sorted(data_folder("seeds").glob("*.txt"))


@dataclass
class AddAnnotator:
    """Add a person to the project's annotators (someone chooses a new name): run by
    :meth:`Project.set_annotator`, not undoable."""

    name: str
    id: AnnotatorId | None = field(default=None, init=False)

    @property
    def label(self) -> str:
        return "Add annotator"

    def apply(self, store: Store) -> Changes:
        existing = store.annotator_by_name(self.name)
        self.id = existing.id if existing else store.add_annotator(self.name)
        return Changes(annotators=existing is None)


class Project:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.history = History(store)
        self._annotator_id: AnnotatorId | None = None

    # -- opening ------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, program: str = "annot", check_later: bool = False) -> Project:
        """Open ``path`` to change it; ``program`` ("annot window", "annot import") is what
        another process is told while this one holds the file (:mod:`annot.core.lock`).
        ``check_later``: see :func:`annot.core.store.open_store` (the window's open)."""
        return cls(open_store(path, program=program, check_later=check_later))

    @classmethod
    def open_readonly(cls, path: str | Path) -> Project:
        """Open ``path`` only to read it: nothing is written, no side file is left."""
        return cls(open_readonly(path))

    @classmethod
    def create(cls, path: str | Path, *, seeds: bool = False, program: str = "annot") -> Project:
        project = cls(create_store(path, program=program))
        install_defaults(project.store)
        if seeds:
            project.import_files(seed_paths(), undoable=False)
        return project

    @classmethod
    def in_memory(cls) -> Project:
        project = cls(memory_store())
        install_defaults(project.store)
        return project

    @property
    def path(self) -> Path:
        return self.store.path

    def close(self) -> None:
        self.store.close()

    def save_copy(self, target: str | Path, *, replace: bool = False) -> None:
        """Write the whole project (every committed action) as one self-contained file."""
        write_copy(self.store, target, replace=replace)

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- annotator ----------------------------------------------------------------------

    def set_annotator(self, name: str) -> AnnotatorId:
        """Make ``name`` the author of new annotations (created in the project if new)."""
        name = name.strip()
        if not name:
            raise ValidationError("the annotator needs a name")
        known = self.store.annotator_by_name(name)  # then no write: opening writes nothing
        if known is not None:
            self._annotator_id = known.id
            return known.id
        # a new name is written through the history, so the views hear of it; not as an
        # undo step (undoing it would leave the current annotator without a row), and the
        # history is cleared (a redo could put back another annotator under this row's id)
        command = AddAnnotator(name)
        self.history.run(command, undoable=False)
        assert command.id is not None
        self._annotator_id = command.id
        return command.id

    @property
    def annotator_id(self) -> AnnotatorId:
        if self._annotator_id is None:
            raise ValidationError("no annotator is set: choose your name first")
        return self._annotator_id

    # -- actions (each one undo step) -----------------------------------------------------

    def run(self, command: Command, initiator: object | None = None) -> Changes:
        return self.history.run(command, initiator)

    def undo(self, initiator: object | None = None) -> Changes:
        return self.history.undo(initiator)

    def redo(self, initiator: object | None = None) -> Changes:
        return self.history.redo(initiator)

    def import_files(
        self, paths: Sequence[str | Path], *, progress: Progress | None = None, undoable: bool = True
    ) -> ImportResult:
        own = [p for p in paths if part_of_open_project(Path(p))]
        sources, problems = read_sources(expand_folders([p for p in paths if p not in own]), progress)
        result = self.import_sources(sources, undoable=undoable)
        result.problems.extend(f"{p}: is an open annot project, not a document" for p in own)
        result.problems.extend(problems)
        return result

    def import_sources(self, sources: list[SourceText], *, undoable: bool = True) -> ImportResult:
        known = [s for s in sources if is_known(self.store, s)]
        command = AddDocuments([s for s in sources if s not in known])
        command.result.duplicates.extend(s.filename for s in known)
        command.result.notes.extend(note for s in sources for note in s.notes)
        if not command.sources:  # nothing new: no transaction, no empty undo step
            return command.result
        self.history.run(command, undoable=undoable)
        return command.result

    def set_metadata(
        self, sheet: str | Path, *, only: set[DocumentId] | None = None, undoable: bool = True
    ) -> tuple[int, list[str]]:
        """Apply a metadata sheet (annot.core.metadata) to the documents it names by file
        name: one undo step. Returns (documents changed, file names matching no document)."""
        from annot.core.metadata import SetMetadata, match_sheet, read_sheet

        match = match_sheet(self.store.documents(), read_sheet(sheet), only)
        command = SetMetadata(match.updates)
        try:
            if match.updates:
                self.history.run(command, undoable=undoable)
        except ValidationError:
            if command.changed:  # a real problem, not "nothing to change"
                raise
        return command.changed, match.unmatched

    def import_file(self, path: str | Path) -> ImportResult:
        return self.import_sources([read_source(path)])

    def add_annotation(
        self, document_id: DocumentId, tag_id: TagId, start: int, end: int, note: str = ""
    ) -> Annotation:
        command = ops.AddAnnotation(document_id, tag_id, self.annotator_id, start, end, note)
        self.run(command)
        assert command.annotation is not None
        return command.annotation

    def delete_annotations(self, ids: Sequence[AnnotationId]) -> Changes:
        return self.run(ops.DeleteAnnotations(list(ids)))

    def change_tag(self, ann_id: AnnotationId, tag_id: TagId) -> Changes:
        return self.run(ops.ChangeTag(ann_id, tag_id=tag_id))

    def change_bounds(self, ann_id: AnnotationId, start: int, end: int) -> Changes:
        return self.run(ops.ChangeBounds(ann_id, start=start, end=end))

    def edit_note(self, ann_id: AnnotationId, note: str) -> Changes:
        return self.run(ops.EditNote(ann_id, note=note))

    def set_status(self, ann_id: AnnotationId, status: Status) -> Changes:
        return self.run(ops.SetStatus(ann_id, status=status))

    def link(self, kind: LinkKind, source: AnnotationId, target: AnnotationId) -> LinkId:
        command = ops.AddLink(kind, source, target)
        self.run(command)
        assert command.link is not None
        return command.link.id

    def unlink(self, link_id: LinkId) -> Changes:
        return self.run(ops.RemoveLink(link_id))
