"""The Qt-free core of annot: model, store, commands, import/export, agreement, merge."""
