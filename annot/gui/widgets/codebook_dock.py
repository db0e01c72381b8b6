"""The Codebook dock: tags with colour swatch, key and description; add, rename, recolour,
change key, delete (asking first when the tag is in use). Every change is one core command,
hence one undo step."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annot.core.codebook import AddTag, DeleteTag, UpdateTag, next_colour
from annot.core.model import Tag
from annot.gui import errors
from annot.gui.dialogs import tag as tag_dialogs
from annot.gui.dialogs.simple import Confirm
from annot.gui.dialogs.tag import TagDialog
from annot.gui.models.codebook import CodebookModel
from annot.gui.session import Session


class CodebookPanel(QWidget):
    def __init__(self, session: Session, model: CodebookModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = model
        self.view = QTreeView()
        self.view.setRootIsDecorated(False)
        self.view.setModel(model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.setColumnWidth(0, 110)
        self.view.setColumnWidth(1, 40)
        self.view.setColumnWidth(3, 50)

        self._keep: int | None = None
        model.modelAboutToBeReset.connect(self._remember)
        model.modelReset.connect(self._restore)

        buttons = QHBoxLayout()
        for text, tip, slot in (
            ("Add…", "Add a tag to the codebook", self.add_tag),
            ("Rename", "Rename the selected tag (or double-click its name)", self.rename_selected),
            ("Colour…", "Choose the colour of the selected tag", self.recolour_selected),
            ("Key", "Change the shortcut key of the selected tag", self.edit_key_selected),
            ("Delete", "Delete the selected tag", self.delete_selected),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        # REFI-QDA codebook exchange, behind one small button so the dock stays narrow
        exchange = QToolButton()
        exchange.setText("⋯")
        exchange.setToolTip("Import or export the codebook (REFI-QDA .qdc)")
        exchange.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(exchange)
        self.import_action = menu.addAction("Import codebook (.qdc, .qdpx)…", self.import_codebook)
        self.export_action = menu.addAction("Export codebook as .qdc…", self.export_codebook)
        exchange.setMenu(menu)
        buttons.addWidget(exchange)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.view)
        layout.addLayout(buttons)

    def import_codebook(self) -> None:
        from annot.gui.refi import import_codebook

        import_codebook(self.session, self)

    def export_codebook(self) -> None:
        from annot.gui.refi import export_codebook

        export_codebook(self.session, self)

    def _remember(self) -> None:
        tag = self.selected_tag()
        self._keep = int(tag.id) if tag else None

    def _restore(self) -> None:
        rows = [i for i, t in enumerate(self.model.tags()) if int(t.id) == self._keep]
        if rows:
            self.select_tag_row(rows[0])

    def selected_tag(self) -> Tag | None:
        index = self.view.currentIndex()
        return self.model.tag_at(index.row()) if index.isValid() else None

    def select_tag_row(self, row: int) -> None:
        self.view.setCurrentIndex(self.model.index(row, 0))

    # -- actions ------------------------------------------------------------------------

    def add_tag(self) -> None:
        tag = TagDialog.ask(self, next_colour(self.session.store))
        if tag is None:
            return
        with errors.reporting(self, "Codebook"):
            self.session.run(AddTag(tag))
            self.select_tag_row(self.model.rowCount() - 1)

    def rename_selected(self) -> None:
        self._edit_column(0)

    def edit_key_selected(self) -> None:
        self._edit_column(1)

    def _edit_column(self, column: int) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.view.edit(self.model.index(index.row(), column))

    def recolour_selected(self) -> None:
        tag = self.selected_tag()
        if tag is None:
            return
        colour = tag_dialogs.pick_colour(self, tag.colour, f"Colour of {tag.name}")
        if colour and colour.lower() != tag.colour.lower():
            with errors.reporting(self, "Codebook"):
                self.session.run(UpdateTag(replace(tag, colour=colour)))

    def delete_selected(self) -> None:
        tag = self.selected_tag()
        if tag is None:
            return
        uses = self.session.store.tag_usage(tag.id)
        if uses and not Confirm.ask(
            self,
            "Delete tag",
            f"The tag “{tag.name}” is used by {uses} annotation{'s' if uses != 1 else ''}.\n"
            "Deleting it deletes them too (Undo brings everything back). Delete it?",
        ):
            return
        with errors.reporting(self, "Codebook"):
            self.session.run(DeleteTag(tag.id))

    def current_index(self) -> QModelIndex:
        return self.view.currentIndex()


