"""Every command class of the core, found in the code: the tests that must run each command
(tests/core/test_undo_property.py, tests/gui/test_pane_undo_reports.py) compare their own
list with this one, so a new command that they do not run makes them fail."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import annot.core


def command_classes() -> set[type]:
    """Every class of ``annot.core`` with a ``label`` and an ``apply(store)`` (found by
    walking the package)."""
    found: set[type] = set()
    for info in pkgutil.walk_packages(annot.core.__path__, "annot.core."):
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or cls.__name__.startswith("_"):
                continue
            apply = getattr(cls, "apply", None)
            if apply is None or not hasattr(cls, "label") or getattr(cls, "_is_protocol", False):
                continue
            if list(inspect.signature(apply).parameters) == ["self", "store"]:
                found.add(cls)
    return found
