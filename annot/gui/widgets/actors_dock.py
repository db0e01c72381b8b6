"""The Actors dock: the registry with aliases and counts per source. Activating an actor
shows its mentions one after another (each activation the next one); Rename edits the name
in place; Merge merges the other selected actor into the current one; Split… moves the
mentions ticked in a list to a new actor. Each change is one core command, hence one undo
step."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annot.core.actors import Actor, MergeActors, SplitActor
from annot.core.model import AnnotationId
from annot.gui import errors
from annot.gui.models.actors import ActorsModel
from annot.gui.session import Session


class ActorsPanel(QWidget):
    annotationActivated = Signal(str, int)  # annotation id, document id

    def __init__(self, session: Session, model: ActorsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = model
        self.view = QTreeView()
        self.view.setRootIsDecorated(False)
        self.view.setModel(model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.SelectedClicked
        )
        header = self.view.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.view.setColumnWidth(0, 160)
        self.view.activated.connect(self._activate)
        self._next: dict[str, int] = {}  # actor id -> index of the mention shown next
        buttons = QHBoxLayout()
        for text, tip, slot in (
            ("Rename", "Rename the current actor (the old name stays an alias)", self.rename_current),
            ("Merge", "Merge the other selected actor into the current one", self.merge_selected),
            ("Split…", "Move some of the current actor's mentions to a new actor", self.split_current),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.view)
        layout.addLayout(buttons)

    def current_actor(self) -> Actor | None:
        index = self.view.currentIndex()
        return self.model.actor_at(index.row()) if index.isValid() else None

    def selected_actors(self) -> list[Actor]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.actor_at(r) for r in rows]

    def _activate(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        actor = self.model.actor_at(index.row())
        store = self.session.store
        mentions = store.mentions_of_actor(actor.id)
        for row in store.actor_rows(with_merged=True):  # and the spans of actors merged into it
            if row[5] == actor.id:
                mentions += store.mentions_of_actor(row[0])
        if not mentions:
            return
        n = self._next.get(actor.id, 0) % len(mentions)
        self._next[actor.id] = n + 1
        ann = store.annotation(AnnotationId(mentions[n]))
        self.annotationActivated.emit(ann.id, int(ann.document_id))

    def rename_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.view.edit(self.model.index(index.row(), 0))

    def merge_selected(self) -> None:
        keep = self.current_actor()
        others = [a for a in self.selected_actors() if keep is None or a.id != keep.id]
        if keep is None or len(others) != 1:
            errors.show_error(self, "Select two actors: the current one stays, the other merges into it.", "Actors")
            return
        with errors.reporting(self, "Actors"):
            self.session.run(MergeActors(keep=keep.id, gone=others[0].id))


    def split_current(self) -> None:
        from annot.gui.dialogs.actor_split import ActorSplitDialog

        actor = self.current_actor()
        if actor is None:
            return
        store = self.session.store
        titles = {d.id: d.outlet or d.title or d.filename for d in self.session.documents()}
        mentions = []
        for ann_id in store.mentions_of_actor(actor.id):
            ann = store.annotation(AnnotationId(ann_id))
            mentions.append((ann_id, f"“{ann.quote}” — {titles.get(ann.document_id, '')}"))
        answer = ActorSplitDialog.ask(self, actor.name, mentions)
        if answer is not None:
            ids, name = answer
            with errors.reporting(self, "Actors"):
                self.session.run(SplitActor(actor_id=actor.id, annotation_ids=ids, name=name))
