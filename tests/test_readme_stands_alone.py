"""The README is read in a user's clone: every file it links exists there, nothing points
outside the repository (the design notes a clone does not have)."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def test_readme_links_only_files_of_the_repository() -> None:
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = doc.read_text("utf-8")
        assert "../shared" not in text and "PRODUCT.md" not in text, doc.name
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
            if "://" in target:
                continue
            path = (doc.parent / target).resolve()
            assert path.is_relative_to(ROOT), f"{doc.name} links {target} outside the repository"
            assert path.exists(), f"{doc.name} links {target}, which does not exist"


def test_the_conventions_users_need_are_in_docs() -> None:
    text = (ROOT / "docs" / "conventions.md").read_text("utf-8")
    for needed in ("code points", "text[start:end]", "RFC 4180", "Formula injection", "Cohen's κ",
                   "Krippendorff's α", "exact", "overlap", "reviewed set", "Accept neither"):  # fmt: skip
        assert needed in text, needed
    assert "docs/conventions.md" in (ROOT / "README.md").read_text("utf-8")
