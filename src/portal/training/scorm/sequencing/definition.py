"""The static part of a SCORM 2004 activity tree: what the manifest's ``imsss:sequencing`` says.

Plain data, no Django. Built by ``parser.tree_from_manifest`` and serialisable with ``to_dict`` /
``tree_from_dict`` so a package's tree is parsed once at upload and stored as JSON.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

PRIMARY = "__primary__"  # key of a primary objective that has no objectiveID

RULE_CONDITIONS = frozenset({
    "satisfied", "objectiveStatusKnown", "objectiveMeasureKnown", "objectiveMeasureGreaterThan",
    "objectiveMeasureLessThan", "completed", "activityProgressKnown", "attempted",
    "attemptLimitExceeded", "timeLimitExceeded", "outsideAvailableTimeRange", "always",
})
ROLLUP_CONDITIONS = frozenset({
    "satisfied", "objectiveStatusKnown", "objectiveMeasureKnown", "completed", "activityProgressKnown",
    "attempted", "attemptLimitExceeded", "timeLimitExceeded", "outsideAvailableTimeRange",
})
PRE_ACTIONS = frozenset({"skip", "disabled", "hiddenFromChoice", "stopForwardTraversal"})
EXIT_ACTIONS = frozenset({"exit"})
POST_ACTIONS = frozenset({"exitParent", "exitAll", "retry", "retryAll", "continue", "previous"})
ROLLUP_ACTIONS = frozenset({"satisfied", "notSatisfied", "completed", "incomplete"})
CHILD_SETS = frozenset({"all", "any", "none", "atLeastCount", "atLeastPercent"})
CONSIDERATIONS = frozenset({"always", "ifAttempted", "ifNotSkipped", "ifNotSuspended"})
TIMINGS = frozenset({"never", "once", "onEachNewAttempt"})


@dataclass
class Condition:
    condition: str
    negate: bool = False
    objective: str = ""  # referencedObjective; "" is the primary objective
    threshold: float = 0.0


@dataclass
class Rule:
    action: str
    conditions: list[Condition]
    combination: str = "all"  # "all" / "any"


@dataclass
class RollupRule:
    action: str
    conditions: list[Condition]
    combination: str = "any"
    child_set: str = "all"
    minimum_count: int = 0
    minimum_percent: float = 0.0


@dataclass
class MapInfo:
    target: str
    read_satisfied: bool = True
    read_measure: bool = True
    write_satisfied: bool = False
    write_measure: bool = False
    read_completion: bool = False
    write_completion: bool = False
    read_progress: bool = False
    write_progress: bool = False


@dataclass
class Objective:
    key: str  # objectiveID, or PRIMARY when the primary objective has none
    primary: bool = False
    satisfied_by_measure: bool = False
    min_measure: float = 1.0
    maps: list[MapInfo] = field(default_factory=list)


@dataclass
class Activity:
    id: str
    title: str
    parent: str | None = None
    children: list[str] = field(default_factory=list)
    launch: str = ""  # identifierref of a leaf; "" for a cluster
    visible: bool = True
    # control modes
    choice: bool = True
    choice_exit: bool = True
    flow: bool = False
    forward_only: bool = False
    use_current_objective: bool = True
    use_current_progress: bool = True
    # rules
    pre_rules: list[Rule] = field(default_factory=list)
    exit_rules: list[Rule] = field(default_factory=list)
    post_rules: list[Rule] = field(default_factory=list)
    attempt_limit: int | None = None
    # rollup
    rollup_rules: list[RollupRule] = field(default_factory=list)
    rollup_satisfied: bool = True
    rollup_completion: bool = True
    measure_weight: float = 1.0
    required_satisfied: str = "always"
    required_not_satisfied: str = "always"
    required_completed: str = "always"
    required_incomplete: str = "always"
    measure_satisfaction_if_active: bool = True
    # objectives: the primary first
    objectives: list[Objective] = field(default_factory=list)
    # selection and randomisation
    selection_timing: str = "never"
    select_count: int | None = None
    randomization_timing: str = "never"
    reorder_children: bool = False
    # delivery controls
    tracked: bool = True
    completion_set_by_content: bool = False
    objective_set_by_content: bool = False
    # completion threshold (4th edition)
    completed_by_measure: bool = False
    min_progress_measure: float = 1.0
    progress_weight: float = 1.0
    hide_lms_ui: list[str] = field(default_factory=list)

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def primary(self) -> Objective:
        return self.objectives[0]

    def objective(self, key: str) -> Objective | None:
        if not key:
            return self.primary
        for objective in self.objectives:
            if objective.key == key:
                return objective
        return None


@dataclass
class Tree:
    root: str
    activities: dict[str, Activity]
    order: list[str]  # every activity, in manifest (preorder) order
    objectives_global_to_system: bool = True

    _paths: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)

    def __getitem__(self, activity_id: str) -> Activity:
        return self.activities[activity_id]

    def path_to_root(self, activity_id: str) -> list[str]:
        """The activity, its parent, ... the root (computed once: the tree does not change)."""
        path = self._paths.get(activity_id)
        if path is None:
            path = [activity_id]
            parent = self.activities[activity_id].parent
            while parent is not None:
                path.append(parent)
                parent = self.activities[parent].parent
            self._paths[activity_id] = path
        return path

    def __contains__(self, activity_id: object) -> bool:
        return activity_id in self.activities

    def to_dict(self) -> dict[str, Any]:
        return {
            "root": self.root, "order": self.order,
            "objectives_global_to_system": self.objectives_global_to_system,
            "activities": [asdict(self.activities[a]) for a in self.order],
        }


def _conditions(raw: list[dict[str, Any]]) -> list[Condition]:
    return [Condition(**c) for c in raw]


def tree_from_dict(data: dict[str, Any]) -> Tree:
    activities: dict[str, Activity] = {}
    for raw in data["activities"]:
        raw = dict(raw)
        for key in ("pre_rules", "exit_rules", "post_rules"):
            raw[key] = [Rule(action=r["action"], conditions=_conditions(r["conditions"]),
                             combination=r["combination"]) for r in raw[key]]
        raw["rollup_rules"] = [
            RollupRule(**{**r, "conditions": _conditions(r["conditions"])}) for r in raw["rollup_rules"]
        ]
        raw["objectives"] = [
            Objective(**{**o, "maps": [MapInfo(**m) for m in o["maps"]]}) for o in raw["objectives"]
        ]
        activity = Activity(**raw)
        activities[activity.id] = activity
    return Tree(root=data["root"], activities=activities, order=list(data["order"]),
                objectives_global_to_system=data.get("objectives_global_to_system", True))
