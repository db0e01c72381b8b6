"""The pane's "Actor…" action (key I on a selected actor span): pick the registry actor it
names, or create one; one undo step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annot.core.actor_suggest import suggest_actors
from annot.core.actors import AssignActor, CreateActor, actors
from annot.gui.dialogs.actor_picker import ActorPicker

if TYPE_CHECKING:
    from annot.gui.widgets.pane import ReadingPane


def pick_actor(pane: ReadingPane) -> None:
    span = pane.selected_span()
    if span is None:
        return
    store = pane.session.store
    quote = pane._text[span.start : span.end]
    choice = ActorPicker.ask(pane, quote, suggest_actors(store, quote), actors(store))
    if choice is None:
        return
    if choice[0] == "new":
        name, kind = choice[1], choice[2]  # type: ignore[misc]
        pane._run(CreateActor(name=name, kind=kind, assign=[span.id]))
    else:
        pane._run(AssignActor(annotation_ids=[span.id], actor_id=choice[1]))
