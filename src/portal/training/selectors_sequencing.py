"""SCORM 2004 sequencing reads: the learner's table of contents and what navigation is possible now."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Package, SequencingState
from .scorm.sequencing import Engine, Tree, new_state
from .services.sequencing import sequencing_tree_for

STATE_LABELS = {"available": "elérhető", "disabled": "nem érhető el", "hidden": "rejtett"}


@dataclass
class TocRow:
    identifier: str
    title: str
    depth: int
    leaf: bool
    state: str  # available / disabled / hidden
    label: str  # Hungarian
    current: bool
    completed: bool | None
    satisfied: bool | None
    sco_id: int | None


@dataclass
class SequencingView:
    toc: list[TocRow]
    can_continue: bool  # continue would deliver something now (adl.nav.request_valid.continue)
    can_previous: bool
    flow_continue: bool  # the control modes allow the buttons (the server still decides)
    flow_previous: bool
    current: str | None
    suspended: str | None
    ended: bool
    completed: bool | None  # the course (root activity) as the package's rollup rules say
    satisfied: bool | None


def sequencing_view(*, user, package: Package, tree: Tree | None = None) -> SequencingView | None:
    """The learner's TOC (available / disabled / hidden) and navigation; None without sequencing."""
    tree = tree or sequencing_tree_for(package)
    if tree is None:
        return None
    row = SequencingState.objects.filter(user=user, package=package).only("state").first()
    state = row.state if row is not None and row.state.get("v") else new_state(tree, seed=0)
    engine = Engine(tree, state)
    scos = dict(package.scos.values_list("identifier", "pk"))
    toc = [
        TocRow(identifier=e.id, title=e.title, depth=e.depth, leaf=e.leaf, state=e.state,
               label=STATE_LABELS[e.state], current=e.current, completed=e.completion,
               satisfied=e.satisfied, sco_id=scos.get(e.id))
        for e in engine.toc()
    ]
    return SequencingView(toc=toc, can_continue=engine.can_continue(), can_previous=engine.can_previous(),
                          flow_continue=engine.flow_allowed("continue"), flow_previous=engine.flow_allowed("previous"),
                          current=engine.current, suspended=engine.suspended, ended=bool(state.get("ended")),
                          completed=engine.completion(tree.root), satisfied=engine.satisfied(tree.root))
