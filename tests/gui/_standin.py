from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget

SHORTCUTS=[("1","claim")]
class ReadingPane(QWidget):
    annotationSelected = Signal(object)
    def __init__(self, session, parent=None):
        super().__init__(parent); self.session=session; self._doc=None; self._sel=None
        self._ed=QPlainTextEdit(); self._ed.setReadOnly(True); QVBoxLayout(self).addWidget(self._ed)
    def show_document(self, d):
        self._doc=d; self._ed.setPlainText(self.session.store.document_text(d) if d else "")
    def document_id(self): return self._doc
    def select_annotation(self, a, *, scroll=True, flash=True): self._sel=a; self.annotationSelected.emit(a)
    def selected_annotation(self): return self._sel
    def tag_selection(self, t):
        c=self._ed.textCursor(); self.session.project.add_annotation(self._doc, t, c.selectionStart(), c.selectionEnd())
    def editor(self): return self._ed
    def zoom(self, s): self._ed.zoomIn(s)
    def set_annotator_filter(self, ids): pass
