"""For a model behind a dock that may be hidden: it reads the project only while its dock is
on screen. A change while hidden only marks it stale; shown again, it reads once (and not
at all when nothing changed). Changes while shown are read once, after the panes (a
zero-length timer, so that a burst of reports costs one read)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer

from annot.core.model import Changes


class ShownOnly:
    """Mixin for a Qt model: call :meth:`_init_shown_only` in ``__init__``, implement
    :meth:`load` (read and reset the rows); the dock calls :meth:`set_active`."""

    session: Any
    active: bool
    _loaded: bool
    _stale: bool
    _timer: QTimer

    def _init_shown_only(self, session: Any, *, lazy: bool) -> None:
        self.session = session
        self.active = not lazy
        self._loaded = False
        self._stale = False
        self._timer = QTimer(self)  # type: ignore[arg-type]  # self is the QObject model
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.reload)
        session.changed.connect(self._changed)
        if self.active:
            self.reload()

    def load(self) -> None:  # pragma: no cover - every model defines it
        raise NotImplementedError

    def wants(self, changes: Changes) -> bool:
        """Whether ``changes`` may alter the rows (by default any change may)."""
        return True

    def set_active(self, shown: bool) -> None:
        """The dock was shown or hidden."""
        if shown:
            self.ensure_loaded()
        else:
            self.active = False

    def ensure_loaded(self) -> None:
        """Read now if never read, or if a change came while hidden."""
        self.active = True
        if not self._loaded or self._stale:
            self.reload()

    def _changed(self, changes: Changes) -> None:
        if not self._loaded or not self.wants(changes):
            return
        if self.active:
            self._timer.start()
        else:
            self._stale = True

    def reload(self) -> None:
        self._timer.stop()
        if self.session.is_closed:
            return
        self.load()
        self._loaded = True
        self._stale = False
