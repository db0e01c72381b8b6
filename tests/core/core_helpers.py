"""Helpers shared by the core tests: independent dumps of a project file, read-only files."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

Dump = dict[str, list[tuple[Any, ...]]]


def dump(path: Path) -> Dump:
    """Every row of every table of the project file at ``path`` (read through a separate
    read-only connection, so only committed data counts), plus its version pragmas."""
    closed = not Path(f"{path}-wal").exists()  # then a read-only reader would leave -wal/-shm
    conn = sqlite3.connect(f"file:{path}?mode=ro{'&immutable=1' if closed else ''}", uri=True)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_schema WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        out: Dump = {
            t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables
        }
        out["pragmas"] = [
            (
                conn.execute("PRAGMA user_version").fetchone()[0],
                conn.execute("PRAGMA application_id").fetchone()[0],
            )
        ]
        return out
    finally:
        conn.close()


def side_files(path: Path) -> list[str]:
    """Every name in the folder of ``path`` (to see that no -wal/-shm/-journal appeared)."""
    return sorted(os.listdir(path.parent))


def _chattr(flag: str, path: Path) -> bool:
    if shutil.which("chattr") is None:
        return False
    return subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make a file or folder really read-only for this process.

    As root, permission bits do not stop writes, so the immutable attribute is used
    (``chattr +i``); where that is impossible the test is skipped, not faked."""
    if os.geteuid() == 0:
        if not _chattr("+i", path):
            pytest.skip("running as root and chattr +i is unavailable: nothing is read-only")
        try:
            yield
        finally:
            _chattr("-i", path)
        return
    mode = path.stat().st_mode
    path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        yield
    finally:
        path.chmod(mode)


def differences(a: Dump, b: Dump) -> str:
    """A readable account of how two dumps differ ("" when they are the same)."""
    out = []
    for table in sorted(set(a) | set(b)):
        ra, rb = set(a.get(table, [])), set(b.get(table, []))
        if len(a.get(table, [])) != len(b.get(table, [])) or ra != rb:
            out.append(
                f"{table}: only before {sorted(ra - rb, key=repr)}; only after {sorted(rb - ra, key=repr)}"
            )
    return "\n".join(out)


def damage_freelist(path: Path) -> None:
    """Damage that reading passes and SQLite's ``quick_check`` finds: pages freed (a scratch
    table dropped), then the first free page's pointer to the next one aimed past the end of
    the file, as a lost sector would. The next write that reuses free pages would build on it."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE scratch (b BLOB)")
    conn.execute("INSERT INTO scratch VALUES (zeroblob(200000))")
    conn.commit()
    conn.execute("DROP TABLE scratch")
    conn.commit()
    conn.close()
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    trunk = int.from_bytes(data[32:36], "big")  # the first freelist trunk page
    assert trunk > 0, "no free pages"
    at = (trunk - 1) * page_size + 8  # its first leaf pointer
    data[at : at + 4] = (10**6).to_bytes(4, "big")
    path.write_bytes(bytes(data))


def damage_table_root(path: Path, table: str) -> None:
    """A lost sector: ``table``'s root page overwritten with zeros from its middle on (and
    the first bytes of the next page); reading that table fails."""
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = ?", (table,)).fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size + page_size // 2
    data[start : start + page_size] = bytes(page_size)
    path.write_bytes(bytes(data))
