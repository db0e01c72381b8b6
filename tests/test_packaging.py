"""The wheel ships the package, resources/ and the byte-identical sample corpus."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS, SHARED


def test_every_subpackage_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "annot").rglob("__init__.py")
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"


def test_seeds_are_the_shared_corpus_unchanged() -> None:
    shared = SHARED / "seeds"
    names = sorted(p.name for p in shared.iterdir()) if shared.is_dir() else []
    ours = sorted(p.name for p in SEEDS.iterdir())
    assert [n for n in ours if n.endswith(".txt")] == [n for n in names if n.endswith(".txt")] or not names
    for name in names:
        assert (SEEDS / name).read_bytes() == (shared / name).read_bytes(), name
    assert len([n for n in ours if n.endswith(".txt")]) == 5


def test_wheel_contains_seeds_and_resources(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("annot-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for seed in SEEDS.glob("*.txt"):
        assert f"annot/seeds/{seed.name}" in names
        assert zipfile.ZipFile(wheel).read(f"annot/seeds/{seed.name}") == seed.read_bytes()
    assert "annot/resources/codebook.json" in names
    assert "annot/core/store/__init__.py" in names


def test_the_kept_reference_copy_matches_shared_reference() -> None:
    """tests/data/reference lets a lone clone run the conformance tests; it must stay a
    verbatim copy of shared/reference (checked whenever shared/ is beside the repository)."""
    shared = SHARED / "reference"
    ours = ROOT / "tests" / "data" / "reference"
    if not shared.is_dir():
        pytest.skip("no shared/reference beside the repository to compare with")
    copied = sorted(p.relative_to(ours) for p in ours.rglob("*") if p.is_file())
    assert copied, "tests/data/reference is empty"
    for rel in copied:
        assert (ours / rel).read_bytes() == (shared / rel).read_bytes(), rel
