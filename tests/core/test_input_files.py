"""Reading source files safely: special files, symlinks, sizes, odd names, unreadable
folders, and encodings that must not turn into mojibake (issue 8, part 6)."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annot.core import documents
from annot.core.documents import read_source
from annot.core.errors import ImportProblem
from annot.core.project import Project
from tests.conftest import ROOT

# Reading runs in a child with a memory cap and a time limit: the code this guards against
# blocks for ever on a FIFO and reads /dev/zero until the memory is gone.
_CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from annot.core.documents import read_source
from annot.core.errors import ImportProblem
try:
    read_source(sys.argv[1])
except ImportProblem as exc:
    print("REFUSED", exc)
else:
    print("READ")
"""


def read_in_child(path: Path) -> str:
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path)],
            capture_output=True, text=True, cwd=ROOT, timeout=30,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return "HUNG"
    return done.stdout.strip() or f"CRASHED {done.stderr.strip().splitlines()[-1:]}"


def test_a_fifo_named_txt_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    out = read_in_child(fifo)
    assert out.startswith("REFUSED"), out
    assert str(fifo) in out and "not a regular file" in out


def test_a_symlink_to_a_device_is_refused_without_reading_it(tmp_path: Path) -> None:
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    out = read_in_child(link)
    assert out.startswith("REFUSED"), out
    assert str(link) in out and "device" in out


def test_a_symlink_to_a_regular_file_is_followed(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("A headline of four words\n\nBody.", "utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert read_source(link).text == real.read_text("utf-8")


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:  # sparse: no disk used
        fh.truncate(documents.MAX_BYTES + 1)
    reads: list[int] = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    with pytest.raises(ImportProblem) as info:
        read_source(big)
    assert str(big) in str(info.value) and "too large" in str(info.value)
    assert reads == []


def test_read_file_bytes_is_the_safe_reader(tmp_path: Path) -> None:
    f = tmp_path / "x.html"
    f.write_bytes(b"<p>hi</p>")
    read_file_bytes = documents.read_file_bytes
    assert read_file_bytes(f) == b"<p>hi</p>"
    with pytest.raises(ImportProblem, match="too large"):
        read_file_bytes(f, limit=4)
    with pytest.raises(ImportProblem, match="is a folder"):
        read_file_bytes(tmp_path)
    with pytest.raises(ImportProblem, match="does not exist"):
        read_file_bytes(tmp_path / "gone.html")


def test_a_file_name_that_is_not_utf8_gives_a_readable_message(project: Project, tmp_path: Path) -> None:
    good = tmp_path / os.fsdecode(b"caf\xe9 report.txt")
    good.write_bytes(b"A headline of four words\n\nBody text here.")
    empty = tmp_path / os.fsdecode(b"\xff\xfe empty.txt")
    empty.write_bytes(b"")
    result = project.import_files([good, empty])
    assert len(result.document_ids) == 1
    info = project.store.document_info(result.document_ids[0])
    assert info.filename == "caf\ufffd report.txt"  # stored as valid text
    assert len(result.problems) == 1
    message = result.problems[0]
    message.encode("utf-8")  # printable: no lone surrogates
    assert "\ufffd\ufffd empty.txt" in message and "is empty" in message


def test_the_cli_reports_a_non_utf8_name_without_a_traceback(tmp_path: Path) -> None:
    project = tmp_path / "p.annot"
    subprocess.run([sys.executable, "-m", "annot", "new", str(project)], check=True, cwd=ROOT)
    bad = os.fsencode(tmp_path) + b"/\xff.txt"
    with open(bad, "wb"):
        pass  # empty: refused
    done = subprocess.run(
        [sys.executable, "-m", "annot", "import", str(project), bad], capture_output=True, cwd=ROOT, timeout=60
    )
    err, out = done.stderr.decode("utf-8"), done.stdout.decode("utf-8")
    assert "Traceback" not in err, err
    assert "\ufffd.txt" in out and "is empty" in out  # the import's summary names the file
    assert "no document could be imported" in err and done.returncode == 1


def test_an_unreadable_folder_is_a_problem_not_a_traceback(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    inside = locked / "a.txt"
    inside.write_text("A headline of four words\n\nBody.", "utf-8")
    good = tmp_path / "good.txt"
    good.write_text("Another headline of some words\n\nMore.", "utf-8")
    real_stat = os.stat

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if str(path).startswith(str(locked) + os.sep):  # what a folder without +x gives (root ignores chmod)
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", stat)
    result = project.import_files([inside, good])
    assert len(result.document_ids) == 1
    assert len(result.problems) == 1
    assert str(inside) in result.problems[0] and "Permission denied" in result.problems[0]


# -- encodings -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("café", "latin-1"),
        ("Le café est très bon.", "latin-1"),
        ("Ça coûte cher", "cp1252"),
        ("naïve café résumé", "latin-1"),
        ("“Hello” — it’s fine…", "cp1252"),
        ("He said “no” – twice.\r\n", "cp1252"),
        ("Привет, мир! Как дела?", "cp1251"),
        ("Россия вышла из конвенции.", "cp1251"),
        ("Zażółć gęślą jaźń", "cp1250"),
        ("Grüße aus München", "latin-1"),
    ],
)
def test_legacy_encodings_read_plausibly(tmp_path: Path, text: str, encoding: str) -> None:
    f = tmp_path / "legacy.txt"
    f.write_bytes(text.encode(encoding))
    assert read_source(f).text == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, encoding: str) -> None:
    text = "Привет, “мир” — café\r\n"
    f = tmp_path / "u16.txt"
    data = text.encode(encoding)
    if encoding != "utf-16":
        data = ("\ufeff" + text).encode(encoding)
    f.write_bytes(data)
    assert read_source(f).text == text


def test_utf8_with_a_truncated_last_character_is_utf8_and_the_damage_is_reported(
    project: Project, tmp_path: Path
) -> None:
    text = "Déjà vu à Zürich: “the café” said "
    f = tmp_path / "cut.txt"
    f.write_bytes((text + "é").encode("utf-8")[:-1])  # the file ends inside the last character
    src = read_source(f)
    assert src.text == text + "\ufffd"  # no mojibake: every complete character kept
    assert src.notes and "cut off" in src.notes[0]
    result = project.import_files([f])
    assert len(result.document_ids) == 1
    assert any(str(f) in n and "cut off" in n for n in result.notes)


def test_utf8_with_a_truncated_four_byte_character(tmp_path: Path) -> None:
    f = tmp_path / "emoji.txt"
    f.write_bytes("Ça va 👍".encode()[:-2])
    assert read_source(f).text == "Ça va \ufffd"


def test_a_utf8_file_with_a_bom_cut_inside_its_last_character(tmp_path: Path) -> None:
    f = tmp_path / "cut.txt"
    f.write_bytes("Déjà vu à Zürich 👍".encode("utf-8-sig")[:-1])
    src = read_source(f)
    assert src.text == "Déjà vu à Zürich \ufffd"
    assert src.notes and "cut off" in src.notes[0]


def test_the_cli_prints_a_non_utf8_csv_name_after_importing_it(tmp_path: Path) -> None:
    project = tmp_path / "p.annot"
    subprocess.run([sys.executable, "-m", "annot", "new", str(project), "--seeds"], check=True, cwd=ROOT)
    name = os.fsencode(tmp_path) + b"/notes \xff.csv"
    with open(name, "wb") as fh:
        fh.write(b"document,annotator,start,end,tag\r\n1,bob,0,5,claim\r\n")
    done = subprocess.run(
        [sys.executable, "-m", "annot", "import-annotations", str(project), name], capture_output=True, cwd=ROOT, timeout=60
    )
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    assert done.returncode == 0 and "Traceback" not in err, err
    assert "imported 1 annotation(s)" in out and "notes \ufffd.csv" in out
