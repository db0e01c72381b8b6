"""Dialogs; each exposes a classmethod ask(...) that tests can patch."""
