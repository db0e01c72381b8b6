"""A dock whose content is built the first time it is shown (or asked for).

The window creates every dock at start-up, empty, so that a saved layout
(``QMainWindow.restoreState``) finds each by its object name and the View menu can toggle
it; a dock that stays hidden (or behind another tab) never builds its widget, its model or
imports their modules."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDockWidget, QWidget


class LazyDock(QDockWidget):
    def __init__(self, title: str, object_name: str, build: Callable[[LazyDock], QWidget],
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(title, parent)
        self.setObjectName(object_name)
        self._build = build
        self._content: QWidget | None = None
        self._building = False
        self.visibilityChanged.connect(self._visibility_changed)

    def built(self) -> QWidget | None:
        """The content, or None when it was never needed yet."""
        return self._content

    def content(self) -> QWidget:
        """The content, built now when it was not yet."""
        if self._content is None:
            if self._building:
                raise RuntimeError(f"{self.objectName()}: its content asked for itself while being built")
            self._building = True
            try:
                widget = self._build(self)
            finally:
                self._building = False
            self._content = widget
            self.setWidget(widget)
            if self.isVisible():  # on screen now, laid out in the dock (not after a paint)
                widget.show()
                if (layout := self.layout()) is not None:
                    layout.activate()
        return self._content

    def setVisible(self, visible: bool) -> None:
        """A hidden dock shown (the menu, code): built first, so that the window lays it
        out with its content."""
        window = self.parentWidget()
        on_screen = window is not None and window.isVisible()
        if visible and on_screen and self.isHidden() and self._content is None and not self._building:
            self.content()
        super().setVisible(visible)

    def _visibility_changed(self, visible: bool) -> None:
        """Shown (a tab chosen, the menu, a saved layout): built now, before the next paint.
        (A tab behind another is shown too, off-screen: Qt says it is not visible.)"""
        if visible and self._content is None and not self._building:
            self.content()
