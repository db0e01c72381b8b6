"""Writing an export folder (brat) without destroying anything of the user's.

The export is first written into a hidden staging folder. Then:

- a **new** folder: the staging folder is renamed into place (a reader sees all or nothing);
- an **existing** folder: only files the export owns are touched. A manifest
  (:data:`MANIFEST`, JSON) records the SHA-256 of every file the export wrote. A file the
  export would write may be replaced when it is missing, byte-identical to the new one, or
  unchanged since annot wrote it (its hash is in the manifest); a file annot wrote that the
  new export no longer has is removed when unchanged, and kept (and reported) when edited.
  Any other file (``my_notes.txt``) is never touched.
- A hand-edited file, or a file of the user's with a name the export needs, is a conflict:
  nothing is written and :class:`ExportProblem` names the files, unless ``overwrite`` was
  asked for. A symbolic link, FIFO or other non-regular file is never replaced, even then.

The manifest is written before files are moved in (listing old and new hashes) and again
after, so an export killed half-way never makes its own files look hand-edited.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from annot.core.errors import ExportProblem

MANIFEST = ".annot-export.json"
FORMAT = "annot-export-manifest"
_SHOWN = 6  # conflicting file names listed in the message


class ExportConflict(ExportProblem):
    """Files the export would replace were edited since annot wrote them, or are not
    annot's; ``files`` names them. Asking again with ``overwrite`` replaces them."""

    def __init__(self, message: str, path: Path, files: list[str]) -> None:
        super().__init__(message, path)
        self.files = files


def _sha(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_manifest(folder: Path, suffixes: tuple[str, ...]) -> dict[str, set[str]] | None:
    """The files (name -> accepted hashes) an earlier export wrote, or None without one.
    Only plain names ending in one of ``suffixes`` are believed: a manifest never makes
    annot read or remove anything else (a project file, say)."""
    path = folder / MANIFEST
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    files = data.get("files") if isinstance(data, dict) and data.get("format") == FORMAT else None
    if not isinstance(files, dict):
        return None
    out: dict[str, set[str]] = {}
    for name, hashes in files.items():
        plain = isinstance(name, str) and "/" not in name and not name.startswith(".")
        if plain and name.endswith(suffixes) and isinstance(hashes, list):
            out[name] = {h for h in hashes if isinstance(h, str)}
    return out


def _write_manifest(folder: Path, files: dict[str, set[str]]) -> None:
    body = {"format": FORMAT, "version": 1, "files": {n: sorted(h) for n, h in sorted(files.items())}}
    tmp = folder / f".{MANIFEST}.{uuid.uuid4().hex[:8]}.tmp"
    tmp.write_text(json.dumps(body, indent=1) + "\n", "utf-8")
    os.replace(tmp, folder / MANIFEST)


def _mode(path: Path) -> int | None:
    try:
        return os.lstat(path).st_mode
    except FileNotFoundError:
        return None


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:_SHOWN])
    return shown + (f" and {len(names) - _SHOWN} more" if len(names) > _SHOWN else "")


@contextmanager
def owned_folder(
    target: Path,
    *,
    suffixes: tuple[str, ...],
    legacy: Callable[[Path], bool],
    overwrite: bool = False,
) -> Iterator[tuple[Path, list[str]]]:
    """Yield ``(staging folder, kept)``: fill the staging folder with the export's files;
    when the block ends normally they are moved into ``target`` as the module says, and
    ``kept`` lists the files of an earlier export left in place because they were edited.
    The export writes only plain file names ending in one of ``suffixes``.

    ``legacy(folder)`` says whether a non-empty folder without a manifest holds an earlier
    annot export (written before manifests); other non-empty folders are refused unless
    ``overwrite``."""
    target = Path(target)
    if not target.parent.is_dir():
        raise ExportProblem(f"cannot be written: the folder {target.parent} does not exist", target)
    mode = _mode(target)
    if mode is not None and stat.S_ISLNK(mode):
        raise ExportProblem(
            "is a symbolic link; annot does not export through links. Give the real folder", target
        )
    if mode is not None and not stat.S_ISDIR(mode):
        raise ExportProblem("exists and is a file, not a folder", target)
    kept: list[str] = []
    previous: dict[str, set[str]] = {}
    if mode is not None:
        try:
            entries = [p.name for p in target.iterdir()]
        except OSError as exc:
            raise ExportProblem(f"cannot be read ({exc.strerror or exc})", target) from exc
        manifest = read_manifest(target, suffixes)
        if manifest is not None:
            previous = manifest
        elif entries and not legacy(target) and not overwrite:
            raise ExportProblem(
                "is a folder that is not empty and does not hold an earlier annot export;"
                " choose an empty or new folder",
                target,
            )
    stage_in = target if mode is not None else target.parent
    stage = stage_in / f".{target.name}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        stage.mkdir()
    except OSError as exc:
        raise ExportProblem(f"cannot be written ({exc.strerror or exc})", target) from exc
    try:
        yield stage, kept
        written = {p.name: _sha(p) for p in stage.iterdir()}
        odd = [n for n in written if n.startswith(".") or not n.endswith(suffixes)]
        assert not odd, f"the export wrote files it may not own: {odd}"
        if mode is None:
            _write_manifest(stage, {n: {h} for n, h in written.items()})
            os.rename(stage, target)
            return
        _move_in(target, stage, written, previous, overwrite, kept)
    except OSError as exc:
        raise ExportProblem(f"cannot be written ({exc.strerror or exc})", target) from exc
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _move_in(
    target: Path,
    stage: Path,
    written: dict[str, str],
    previous: dict[str, set[str]],
    overwrite: bool,
    kept: list[str],
) -> None:
    special: list[str] = []
    conflicts: list[str] = []
    unchanged: set[str] = set()
    for name, sha in written.items():
        mode = _mode(target / name)
        if mode is None:
            continue
        if not stat.S_ISREG(mode):
            special.append(name)
            continue
        current = _sha(target / name)
        if current == sha:
            unchanged.add(name)
        elif current not in previous.get(name, set()):
            conflicts.append(name)
    stale_ours: list[str] = []
    for name, hashes in previous.items():
        if name in written or name == MANIFEST:
            continue
        mode = _mode(target / name)
        if mode is None:
            continue
        if stat.S_ISREG(mode) and _sha(target / name) in hashes:
            stale_ours.append(name)
        else:
            kept.append(name)  # edited (or replaced by the user): left alone, forgotten
    manifest_mode = _mode(target / MANIFEST)
    if manifest_mode is not None and not stat.S_ISREG(manifest_mode):
        special.append(MANIFEST)
    if special:
        raise ExportProblem(
            f"holds {_names(sorted(special))}, which the export would replace but which"
            " is not a regular file (a link, FIFO or folder); nothing was written."
            " Move it away or choose another folder",
            target,
        )
    if conflicts and not overwrite:
        raise ExportConflict(
            f"holds {_names(sorted(conflicts))}, changed since annot wrote it or not written"
            " by annot; nothing was written. Move these files away, choose a new folder,"
            " or overwrite them (annot export brat --overwrite)",
            target,
            sorted(conflicts),
        )
    # before anything moves, the manifest accepts both the old and the new files
    both = {n: set(h) for n, h in previous.items() if n not in kept}
    for name, sha in written.items():
        both.setdefault(name, set()).add(sha)
    _write_manifest(target, both)
    for name in sorted(written):
        if name not in unchanged:
            os.replace(stage / name, target / name)
    for name in stale_ours:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(target / name)
    kept.sort()
    _write_manifest(target, {n: {h} for n, h in written.items()})
