"""Where the shipped data folders are: ``resources/`` and ``seeds/``.

In a wheel they are installed as the packages ``annot.resources`` and ``annot.seeds``; in
a source checkout (editable install, ``python -m annot``) they are the top-level folders
of the repository.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_folder(name: str) -> Path:
    """The folder ``resources`` or ``seeds``, wherever this installation keeps it."""
    try:
        return Path(str(resources.files(f"annot.{name}")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / name
