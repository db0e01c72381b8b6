"""The PySide6 window on top of annot.core."""
