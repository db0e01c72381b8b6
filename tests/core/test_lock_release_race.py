"""A command waiting for another command's writer lock must not give up when, at the
instant the holder releases it, the lock file is already unlinked (its record unreadable):
that moment looked like an unknown holder, refused after one second counted from the start
of a long wait (seen as a flaky 'is being changed by annot (another process)')."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT

from annot.core import lock
from annot.core.errors import ProjectLocked

HOLD = (
    "import sys, time\nfrom pathlib import Path\nfrom annot.core import lock\n"
    "p = Path(sys.argv[1]); lock.acquire(p, 'annot import'); print('held', flush=True)\n"
    "time.sleep(float(sys.argv[2])); lock.release(p)\n"
)


@pytest.mark.skipif(lock.fcntl is None, reason="no flock on this platform")
def test_a_waiter_is_not_refused_by_the_instant_of_release(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "p.annot"
    project.write_bytes(b"")  # the lock never reads the project itself
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(project), "2.5"], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "held"
    real = lock._holder_of
    started = time.monotonic()

    def holder_of(path: Path) -> tuple[int | None, str]:
        # after a known wait longer than the brief one, one read finds no record (the
        # holder unlinked its file and has not closed it yet)
        if 1.5 < time.monotonic() - started < 1.6:
            return None, "annot"
        return real(path)

    monkeypatch.setattr(lock, "_holder_of", holder_of)
    try:
        lock.acquire(project, "annot merge")  # waits for the child, then holds it
        assert lock.in_use_here(project)
    finally:
        lock.release(project)
        child.wait(timeout=30)
    assert time.monotonic() - started >= 2.0  # it did wait for the holder


@pytest.mark.skipif(lock.fcntl is None, reason="no flock on this platform")
def test_a_holder_that_stays_unknown_is_still_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "p.annot"
    project.write_bytes(b"")
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(project), "20"], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "held"
        monkeypatch.setattr(lock, "_holder_of", lambda path: (None, "annot"))
        started = time.monotonic()
        with pytest.raises(ProjectLocked):
            lock.acquire(project, "annot merge")
        assert time.monotonic() - started < 10  # refused after the brief wait, not 30 s
    finally:
        child.kill()
        child.wait(timeout=30)
