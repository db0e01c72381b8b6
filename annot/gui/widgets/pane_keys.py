"""What the keys do in a reading pane (the window's shortcut sheet shows this list)."""

from __future__ import annotations

# What the keys do in a pane (the window's shortcut sheet shows this list).
SHORTCUTS: list[tuple[str, str]] = [
    (
        "1, 2, 3 … (a tag's key)",
        "Tag the selected text; with an annotation selected and no text selected, change its tag",
    ),
    ("Shift+Arrows, mouse drag", "Select text (snapped to whole words unless turned off)"),
    (
        "Click a highlighted span",
        "Select its annotation; click again at the same spot to cycle through overlapping spans",
    ),
    (
        "Tab / Shift+Tab",
        "Select the next / previous annotation (from the caret or the selected one)",
    ),
    ("Delete / Backspace", "Delete the selected annotation"),
    (
        "Escape",
        "Clear the text selection and the selected annotation; while linking, cancel linking",
    ),
    (
        "Enter / Delete (caret in a pale suggestion)",
        "Accept / reject a pre-annotation suggestion (View ▸ Pre-annotation), when no annotation is selected",
    ),
    ("Alt+Left / Alt+Right", "Move the selected annotation's start by one character"),
    ("Alt+Shift+Left / Alt+Shift+Right", "Move the selected annotation's end by one character"),
    (
        "Shift+drag an end of the selected annotation",
        "Adjust that boundary with the mouse (snapped to whole words); a plain drag selects text",
    ),
    (
        "(a colleague's span)",
        "Moving, retagging or deleting another annotator's span asks first",
    ),
    ("N", "Edit the selected annotation's note"),
    ("V", "Edit (confirm) the selected date's value, e.g. 2025-09-27"),
    ("I", "Identify the selected actor span: pick its registry actor (likely ones first) or make a new one"),
    (
        "A",
        "Attribute the selected claim to an actor: pick from the list (nearest first), or click or"
        " tag it in the text (in any pane showing the document), or Tab to it and press Enter",
    ),
    (
        "D",
        "Date the selected claim: pick from the list (nearest first), or click or tag it in the"
        " text (in any pane showing the document), or Tab to it and press Enter",
    ),
]
