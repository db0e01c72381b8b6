"""The pane's "Actor…" action (key I on a selected actor span): pick the registry actor it
names, or create one; one undo step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annot.core.actor_suggest import suggest_actors
from annot.core.actors import AssignActor, CreateActor, actors
from annot.gui.dialogs.actor_picker import ActorPicker

if TYPE_CHECKING:
    from annot.gui.widgets.pane_input import PaneInput


def pick_actor(control: PaneInput) -> None:
    view = control.view
    span = view.selected_span()
    if span is None:
        return
    store = view.session.store
    quote = view.quote(span)
    choice = ActorPicker.ask(view, quote, suggest_actors(store, quote), actors(store))
    if choice is None:
        return
    if choice[0] == "new":
        name, kind = choice[1], choice[2]  # type: ignore[misc]
        control.run(CreateActor(name=name, kind=kind, assign=[span.id]))
    else:
        control.run(AssignActor(annotation_ids=[span.id], actor_id=choice[1]))
