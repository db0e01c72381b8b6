"""The window's docks, declared once: :data:`DOCKS` says each dock's object name, title,
area, the dock it is tabbed with, whether a new layout hides it, the menu that toggles it
(and the shortcut), and the factory that builds its content.

The window creates every dock at start-up as an empty :class:`LazyDock` (a saved layout
needs the dock objects to restore them; the menus need their toggle actions); a dock builds
its content — importing its modules, reading its model — the first time it is shown or its
panel is asked for (``window.actors_panel``, …). Only the docks a new layout shows at once
(``eager``) are built before the first paint.

A new dock: a factory ``build(host, dock) -> QWidget`` and one line in :data:`DOCKS`
(plus a property in :class:`DockAttributes` if code outside the dock needs its panel)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QWidget

from annot.core.model import AnnotationId, DocumentId
from annot.gui.widgets.lazy_dock import LazyDock

if TYPE_CHECKING:
    from annot.gui.models.actors import ActorsModel
    from annot.gui.models.annotations import AnnotationsModel
    from annot.gui.models.codebook import CodebookModel
    from annot.gui.models.documents import DocumentsModel
    from annot.gui.models.timeline import TimelineModel
    from annot.gui.widgets.actors_dock import ActorsPanel
    from annot.gui.widgets.annotations_dock import AnnotationsPanel
    from annot.gui.widgets.codebook_dock import CodebookPanel
    from annot.gui.widgets.documents_dock import DocumentsPanel
    from annot.gui.widgets.find_panel import FindPanel
    from annot.gui.widgets.preannotate_dock import PreannotatePanel
    from annot.gui.widgets.timeline import TimelinePanel

Area = Qt.DockWidgetArea
# host: the main window (session, panes, show_annotation, show_hit, current_document, …)
Factory = Callable[[Any, LazyDock], QWidget]


@dataclass(frozen=True)
class DockSpec:
    key: str  # the window's attributes: {key}_dock, {key}_panel
    title: str
    area: Qt.DockWidgetArea
    build: Factory
    object_name: str = ""  # default "{title}Dock"; never change one (saved layouts use it)
    tabbed_with: str | None = None  # the key of the dock whose tabs it joins on a new layout
    hidden: bool = False  # hidden on a new layout
    eager: bool = False  # built before the first paint (a new layout shows it)
    menu: str = "View"  # the menu listing its toggle action ("" for none)
    menu_text: str = ""  # default: the title
    shortcut: str = ""

    @property
    def name(self) -> str:
        return self.object_name or f"{self.title}Dock"


def _show_annotation(host: Any) -> Callable[[str, int], object]:
    return lambda ann, doc: host.show_annotation(AnnotationId(ann), DocumentId(doc))


def _follow_visibility(dock: LazyDock, model: Any) -> None:
    """A lazy model reads only while its dock shows."""
    dock.visibilityChanged.connect(model.set_active)
    if dock.isVisible():
        model.set_active(True)


def _documents(host: Any, dock: LazyDock) -> QWidget:
    from annot.gui.models.documents import DocumentsModel
    from annot.gui.widgets.documents_dock import DocumentsPanel

    panel = DocumentsPanel(DocumentsModel(host.session, host))
    panel.openRequested.connect(host.open_requested)
    panel.propertiesRequested.connect(lambda d: host.edit_properties(DocumentId(d)))
    return panel


def _codebook(host: Any, dock: LazyDock) -> QWidget:
    from annot.gui.models.codebook import CodebookModel
    from annot.gui.widgets.codebook_dock import CodebookPanel

    return CodebookPanel(host.session, CodebookModel(host.session, host, documents=host.documents_model))


def _annotations(host: Any, dock: LazyDock) -> QWidget:
    from annot.gui.models.annotations import AnnotationsModel
    from annot.gui.widgets.annotations_dock import AnnotationsPanel

    panel = AnnotationsPanel(host.session, AnnotationsModel(host.session, host))
    panel.annotationActivated.connect(_show_annotation(host))
    return panel


def _find(host: Any, dock: LazyDock) -> QWidget:
    from annot.gui.widgets.find_panel import FindPanel

    panel = FindPanel(host.session)
    panel.current_document = host.current_document()
    panel.hitActivated.connect(host.show_hit)
    return panel


def _actors(host: Any, dock: LazyDock) -> QWidget:
    from annot.gui.models.actors import ActorsModel
    from annot.gui.widgets.actors_dock import ActorsPanel

    model = ActorsModel(host.session, host, lazy=True)
    panel = ActorsPanel(host.session, model)
    panel.annotationActivated.connect(_show_annotation(host))
    _follow_visibility(dock, model)
    return panel


def _timeline(host: Any, dock: LazyDock) -> QWidget:
    from annot.gui.models.timeline import TimelineModel
    from annot.gui.widgets.timeline import TimelinePanel

    model = TimelineModel(host.session, host, lazy=True)
    panel = TimelinePanel(host.session, model)
    panel.claimActivated.connect(_show_annotation(host))
    _follow_visibility(dock, model)
    return panel


def _preannotate(host: Any, dock: LazyDock) -> QWidget:
    from annot.gui.preannotate_pane import PaleSuggestions
    from annot.gui.widgets.preannotate_dock import PreannotatePanel

    panel = PreannotatePanel(host.session, host.current_document)
    panel.showRequested.connect(host.show_hit)
    host.pale_suggestions = PaleSuggestions(host, panel)  # its suggestions, pale in the panes
    return panel


DOCKS: tuple[DockSpec, ...] = (
    DockSpec("documents", "Documents", Area.LeftDockWidgetArea, _documents, eager=True),
    DockSpec("codebook", "Codebook", Area.LeftDockWidgetArea, _codebook, eager=True),
    DockSpec("annotations", "Annotations", Area.BottomDockWidgetArea, _annotations, eager=True),
    DockSpec("actors", "Actors", Area.BottomDockWidgetArea, _actors, tabbed_with="annotations"),
    DockSpec("timeline", "Timeline", Area.BottomDockWidgetArea, _timeline, tabbed_with="annotations"),
    DockSpec("preannotate", "Pre-annotation", Area.RightDockWidgetArea, _preannotate, hidden=True),
    DockSpec("find", "Find", Area.BottomDockWidgetArea, _find, tabbed_with="annotations"),
    DockSpec("comments", "Comments", Area.RightDockWidgetArea, lambda h, d: h.review.build_comments(),
             hidden=True, menu="Review", menu_text="Co&mments", shortcut="Ctrl+Shift+K"),
    DockSpec("compare", "Compare", Area.BottomDockWidgetArea, lambda h, d: h.review.build_compare(),
             tabbed_with="annotations", hidden=True),
    DockSpec("board", "Claim board", Area.BottomDockWidgetArea, lambda h, d: h.claims.build_board(),
             object_name="ClaimBoardDock", tabbed_with="annotations", menu="Claims", menu_text="Claim &board"),
    DockSpec("suggestions", "Suggestions", Area.BottomDockWidgetArea,
             lambda h, d: h.claims.build_suggestions(), tabbed_with="annotations", menu="Claims",
             menu_text="&Suggestions while aligning"),
)  # fmt: skip
FIRST_TAB = "annotations"  # the bottom tab a new layout shows


def _factory(spec: DockSpec, host: Any) -> Callable[[LazyDock], QWidget]:
    return lambda dock: spec.build(host, dock)


class Docks:
    """The window's docks, made from the specs (empty until needed)."""

    def __init__(self, window: QMainWindow, host: Any, specs: tuple[DockSpec, ...] = DOCKS) -> None:
        self.specs = {s.key: s for s in specs}
        self._docks: dict[str, LazyDock] = {}
        for spec in specs:
            dock = LazyDock(spec.title, spec.name, _factory(spec, host), window)
            window.addDockWidget(spec.area, dock)
            if spec.tabbed_with is not None:
                window.tabifyDockWidget(self._docks[spec.tabbed_with], dock)
            if spec.hidden:
                dock.hide()
            self._docks[spec.key] = dock

    def __iter__(self) -> Iterator[LazyDock]:
        return iter(self._docks.values())

    def dock(self, key: str) -> LazyDock:
        return self._docks[key]

    def content(self, key: str) -> QWidget:
        """The dock's content, built now if it was not yet."""
        return self._docks[key].content()

    def built(self, key: str) -> QWidget | None:
        return self._docks[key].built()

    def build_eager(self) -> None:
        for key, spec in self.specs.items():
            if spec.eager:
                self.content(key)

    def toggle_actions(self, menu: str) -> list[QAction]:
        """The show/hide actions of the docks listed in ``menu``, with their text and keys."""
        actions = []
        for key, spec in self.specs.items():
            if spec.menu != menu:
                continue
            action = self._docks[key].toggleViewAction()
            if spec.menu_text:
                action.setText(spec.menu_text)
            if spec.shortcut:
                action.setShortcut(QKeySequence(spec.shortcut))
            actions.append(action)
        return actions


class DockAttributes:
    """The main window's names for its docks and their panels (a panel is built on first use)."""

    docks: Docks

    @property
    def documents_dock(self) -> LazyDock:
        return self.docks.dock("documents")

    @property
    def documents_panel(self) -> DocumentsPanel:
        return cast("DocumentsPanel", self.docks.content("documents"))

    @property
    def documents_model(self) -> DocumentsModel:
        return self.documents_panel.model

    @property
    def codebook_dock(self) -> LazyDock:
        return self.docks.dock("codebook")

    @property
    def codebook_panel(self) -> CodebookPanel:
        return cast("CodebookPanel", self.docks.content("codebook"))

    @property
    def codebook_model(self) -> CodebookModel:
        return self.codebook_panel.model

    @property
    def annotations_dock(self) -> LazyDock:
        return self.docks.dock("annotations")

    @property
    def annotations_panel(self) -> AnnotationsPanel:
        return cast("AnnotationsPanel", self.docks.content("annotations"))

    @property
    def annotations_model(self) -> AnnotationsModel:
        return self.annotations_panel.model

    @property
    def find_dock(self) -> LazyDock:
        return self.docks.dock("find")

    @property
    def find_panel(self) -> FindPanel:
        return cast("FindPanel", self.docks.content("find"))

    @property
    def actors_dock(self) -> LazyDock:
        return self.docks.dock("actors")

    @property
    def actors_panel(self) -> ActorsPanel:
        return cast("ActorsPanel", self.docks.content("actors"))

    @property
    def actors_model(self) -> ActorsModel:
        return self.actors_panel.model

    @property
    def timeline_dock(self) -> LazyDock:
        return self.docks.dock("timeline")

    @property
    def timeline_panel(self) -> TimelinePanel:
        return cast("TimelinePanel", self.docks.content("timeline"))

    @property
    def timeline_model(self) -> TimelineModel:
        return self.timeline_panel.model

    @property
    def preannotate_dock(self) -> LazyDock:
        return self.docks.dock("preannotate")

    @property
    def preannotate_panel(self) -> PreannotatePanel:
        return cast("PreannotatePanel", self.docks.content("preannotate"))
