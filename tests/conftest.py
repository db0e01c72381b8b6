"""Shared fixtures. Qt runs offscreen; user folders point into a temporary directory so
no test reads or writes the real settings or data of the person running them."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = tempfile.mkdtemp(prefix="annot-tests-")
os.environ["ANNOT_CONFIG_DIR"] = os.path.join(_HOME, "config")
os.environ["ANNOT_DATA_DIR"] = os.path.join(_HOME, "data")

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the clone (CI); a git worktree nested one level deeper finds it further up
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared").is_dir()), ROOT.parent / "shared")
SEEDS = ROOT / "seeds"
# The conformance material (W3C schemas and validator, real brat files and checker): from
# shared/reference beside the repository when it is there (CI), else the copy kept in
# tests/data/reference, so a lone clone tests the same things.
REFERENCE = SHARED / "reference" if (SHARED / "reference" / "check_wadm.py").is_file() else ROOT / "tests" / "data" / "reference"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ANNOT_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("ANNOT_DATA_DIR", str(tmp_path / "data"))
    yield


@pytest.fixture
def project(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A new project file on disk with the five seeds and annotator "alice"."""
    from annot.core.project import Project

    p = Project.create(tmp_path / "test.annot", seeds=True)
    p.set_annotator("alice")
    yield p
    p.close()
