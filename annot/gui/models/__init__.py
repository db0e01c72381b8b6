"""Qt item models over the core's data (each passes qtmodeltester)."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel


def refilter(proxy: QSortFilterProxyModel) -> None:
    """Re-run a proxy's filter (Qt ≥ 6.10 wants begin/endFilterChange)."""
    if hasattr(proxy, "beginFilterChange"):
        proxy.beginFilterChange()
        proxy.endFilterChange()
    else:  # pragma: no cover - older Qt
        proxy.invalidateFilter()
