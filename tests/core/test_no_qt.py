"""The core, and the CLI's headless commands, run where PySide6 cannot be imported."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import ROOT

SCRIPT = textwrap.dedent(
    """
    import importlib, importlib.abc, pkgutil, sys

    class NoQt(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"):
                raise ImportError(f"{name} is forbidden in this test")
            return None

    sys.meta_path.insert(0, NoQt())
    try:
        import PySide6  # noqa
    except ImportError:
        pass
    else:
        raise SystemExit("the finder did not block PySide6")

    import annot.core
    names = [m.name for m in pkgutil.walk_packages(annot.core.__path__, "annot.core.")]
    for name in names:
        importlib.import_module(name)
    import annot.cli

    folder = sys.argv[1]
    project = folder + "/headless.annot"
    assert annot.cli.main(["new", project, "--seeds"]) == 0
    assert annot.cli.main(["import", project, sys.argv[2]]) == 0
    assert annot.cli.main(["info", project]) == 0

    from annot.core.project import Project
    with Project.open(project) as p:
        p.set_annotator("alice")
        doc = p.store.documents()[0]
        a = p.add_annotation(doc.id, p.store.tags()[0].id, 0, 7)
        p.undo()
        p.redo()
        assert p.store.annotation(a.id).quote == p.store.document_text(doc.id)[:7]
    qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
    assert not qt, qt
    print("modules", len(names))
    """
)


def test_core_and_headless_cli_import_without_qt(tmp_path: Path) -> None:
    extra = tmp_path / "extra.txt"
    extra.write_text("A headline of a report\n\nSome text.\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path), str(extra)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    count = int(done.stdout.split("modules")[-1])
    expected = {p.stem for p in (ROOT / "annot" / "core").rglob("*.py")} - {"__init__"}
    assert count >= len(expected)  # every module file of annot.core was imported
