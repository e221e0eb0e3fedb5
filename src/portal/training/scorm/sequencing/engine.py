"""The SCORM 2004 sequencing and navigation processes (SN book: OP, NB, TB, SB, DB, UP, RB, SR).

``Engine(tree, state)`` works on one learner's state (a plain JSON-able dict, see ``new_state``);
every public method leaves the state consistent and serialisable. Pure Python: no Django, no I/O.

Tracking values are three-valued where the spec has a "status known" flag: ``None`` is unknown.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .definition import Activity, Condition, Objective, RollupRule, Rule, Tree
from .errors import SequencingException

STATE_VERSION = 1
REQUESTS = ("start", "resumeAll", "continue", "previous", "choice", "exit", "exitAll", "suspendAll",
            "abandon", "abandonAll")
FORWARD, BACKWARD = "forward", "backward"

Tri = bool | None


def new_state(tree: Tree, seed: int | None = None) -> dict[str, Any]:
    """An untouched activity tree for one learner (selection/randomisation 'once' applied)."""
    rng_seed = seed if seed is not None else random.SystemRandom().randrange(1 << 30)
    state: dict[str, Any] = {
        "v": STATE_VERSION, "current": None, "suspended": None, "ended": False, "seed": rng_seed,
        "draws": 0, "globals": {}, "a": {},
    }
    engine = Engine(tree, state)
    for aid in tree.order:
        activity = tree[aid]
        if activity.children and ("once" in (activity.selection_timing, activity.randomization_timing)):
            engine.select_and_randomise(aid, once=True)
    return state


def _fresh_activity() -> dict[str, Any]:
    return {"n": 0, "c": None, "p": None, "act": False, "sus": False, "o": {}, "kids": None, "rnd": 0}


def _fresh_objective() -> dict[str, Any]:
    return {"s": None, "m": None, "c": None, "p": None}


@dataclass
class Outcome:
    """What a navigation request led to."""

    deliver: str | None = None  # the leaf activity to launch
    ended: bool = False  # the sequencing session ended (course exited or finished)
    error: str = ""  # exception code, e.g. "SB.2.2-2"
    message: str = ""  # Hungarian, for the learner

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass
class TocEntry:
    id: str
    title: str
    depth: int
    leaf: bool
    state: str  # "available" / "disabled" / "hidden"
    current: bool = False
    completion: Tri = None
    satisfied: Tri = None
    attempts: int = 0
    reason: str = ""


@dataclass
class _Termination:
    sequencing: str | None = None  # a sequencing request that replaces the pending one
    end: bool = False


@dataclass
class _Flow:
    activity: str | None = None
    end_of_tree: bool = False
    error: str = ""
    path: list[str] = field(default_factory=list)


class Engine:
    def __init__(self, tree: Tree, state: dict[str, Any]) -> None:
        self.tree = tree
        self.state = state

    def dump(self) -> dict[str, Any]:
        """The state to store: activities never touched (still as new) are left out."""
        fresh = _fresh_activity()
        return {**self.state, "a": {k: v for k, v in self.state["a"].items() if v != fresh and k in self.tree}}

    # ---------------------------------------------------------------- state access
    def _st(self, aid: str) -> dict[str, Any]:
        activities = self.state["a"]
        found = activities.get(aid)
        if found is None:  # created on first use: the stored state holds only what happened
            found = activities[aid] = _fresh_activity()
        return found

    def _obj(self, aid: str, key: str) -> dict[str, Any]:
        objectives = self._st(aid)["o"]
        if key not in objectives:
            objectives[key] = _fresh_objective()
        return objectives[key]

    def _global(self, target: str) -> dict[str, Any]:
        globals_ = self.state["globals"]
        if target not in globals_:
            globals_[target] = _fresh_objective()
        return globals_[target]

    @property
    def current(self) -> str | None:
        return self.state["current"]

    @property
    def suspended(self) -> str | None:
        return self.state["suspended"]

    def available(self, aid: str) -> list[str]:
        kids = self._st(aid)["kids"]
        if kids is None:
            return self.tree[aid].children
        return [k for k in kids if k in self.tree.activities]

    def _descendants(self, aid: str) -> list[str]:
        out: list[str] = []
        pending = list(self.tree[aid].children)
        while pending:
            node = pending.pop()
            out.append(node)
            pending.extend(self.tree[node].children)
        return out

    def attempts(self, aid: str) -> int:
        return int(self._st(aid)["n"])

    def _parent(self, aid: str) -> str | None:
        return self.tree[aid].parent

    def path_to_root(self, aid: str) -> list[str]:
        return self.tree.path_to_root(aid)

    def _common_ancestor(self, a: str, b: str) -> str:
        ancestors = set(self.path_to_root(a))
        for node in self.path_to_root(b):
            if node in ancestors:
                return node
        return self.tree.root

    # ---------------------------------------------------------------- tracking (reads follow objective maps)
    def satisfied(self, aid: str, objective: Objective | None = None) -> Tri:
        objective = objective or self.tree[aid].primary
        for info in objective.maps:
            if info.read_satisfied and info.target:
                value = self.state["globals"].get(info.target, {}).get("s")
                if value is not None:
                    return value
        return self._st(aid)["o"].get(objective.key, {}).get("s")

    def measure(self, aid: str, objective: Objective | None = None) -> float | None:
        objective = objective or self.tree[aid].primary
        for info in objective.maps:
            if info.read_measure and info.target:
                value = self.state["globals"].get(info.target, {}).get("m")
                if value is not None:
                    return value
        return self._st(aid)["o"].get(objective.key, {}).get("m")

    def completion(self, aid: str, objective: Objective | None = None) -> Tri:
        activity = self.tree[aid]
        objective = objective or activity.primary
        for info in objective.maps:
            if info.read_completion and info.target:
                value = self.state["globals"].get(info.target, {}).get("c")
                if value is not None:
                    return value
        if objective.primary:
            return self._st(aid)["c"]
        return self._st(aid)["o"].get(objective.key, {}).get("c")

    def _set_satisfied(self, aid: str, objective: Objective, value: Tri) -> None:
        self._obj(aid, objective.key)["s"] = value
        if value is None:
            return
        for info in objective.maps:
            if info.write_satisfied and info.target:
                self._global(info.target)["s"] = value

    def _set_measure(self, aid: str, objective: Objective, value: float | None) -> None:
        self._obj(aid, objective.key)["m"] = value
        if value is None:
            return
        for info in objective.maps:
            if info.write_measure and info.target:
                self._global(info.target)["m"] = value

    def _set_completion(self, aid: str, value: Tri, objective: Objective | None = None) -> None:
        objective = objective or self.tree[aid].primary
        if objective.primary:
            self._st(aid)["c"] = value
        else:
            self._obj(aid, objective.key)["c"] = value
        if value is None:
            return
        for info in objective.maps:
            if info.write_completion and info.target:
                self._global(info.target)["c"] = value

    def _set_amount(self, aid: str, value: float | None) -> None:
        self._st(aid)["p"] = value
        if value is None:
            return
        for info in self.tree[aid].primary.maps:
            if info.write_progress and info.target:
                self._global(info.target)["p"] = value

    # ---------------------------------------------------------------- run-time data (from the SCO's cmi)
    def report(self, aid: str, *, completion: str = "unknown", success: str = "unknown",
               scaled: float | None = None, progress: float | None = None, suspended: bool = False,
               objectives: dict[str, dict[str, Any]] | None = None) -> None:
        """The content's cmi values for the attempt on leaf ``aid`` (RTE to SN data transfer)."""
        activity = self.tree[aid]
        if not activity.tracked:
            return
        primary = activity.primary
        self._set_completion(aid, _completion(completion))
        if progress is not None:
            self._set_amount(aid, progress)
            if activity.completed_by_measure:
                self._set_completion(aid, progress >= activity.min_progress_measure)
        self._set_measure(aid, primary, scaled)
        satisfied = _success(success)
        if primary.satisfied_by_measure and scaled is not None:
            satisfied = scaled >= primary.min_measure
        self._set_satisfied(aid, primary, satisfied)
        for key, values in (objectives or {}).items():
            objective = activity.objective(key)
            if objective is None or objective.primary:
                continue
            self._set_satisfied(aid, objective, _success(values.get("success", "unknown")))
            self._set_measure(aid, objective, values.get("scaled"))
            self._set_completion(aid, _completion(values.get("completion", "unknown")), objective)
        self._st(aid)["sus"] = bool(suspended)

    # ---------------------------------------------------------------- rule evaluation (UP.2, RB.1.4)
    def _condition(self, aid: str, condition: Condition) -> Tri:
        activity = self.tree[aid]
        st = self._st(aid)
        objective = activity.objective(condition.objective) or activity.primary
        name = condition.condition
        value: Tri
        if name == "always":
            value = True
        elif name == "satisfied":
            value = self.satisfied(aid, objective)
        elif name == "objectiveStatusKnown":
            value = self.satisfied(aid, objective) is not None
        elif name == "objectiveMeasureKnown":
            value = self.measure(aid, objective) is not None
        elif name in ("objectiveMeasureGreaterThan", "objectiveMeasureLessThan"):
            measure = self.measure(aid, objective)
            if measure is None:
                value = None
            elif name == "objectiveMeasureGreaterThan":
                value = measure > condition.threshold
            else:
                value = measure < condition.threshold
        elif name == "completed":
            value = self.completion(aid, objective)
        elif name == "activityProgressKnown":
            value = self.completion(aid, objective) is not None
        elif name == "attempted":
            value = st["n"] > 0
        elif name == "attemptLimitExceeded":
            value = activity.attempt_limit is not None and st["n"] >= activity.attempt_limit
        else:  # timeLimitExceeded, outsideAvailableTimeRange: no time limits are tracked
            value = False
        if condition.negate and value is not None:
            value = not value
        return value

    @staticmethod
    def _combine(combination: str, values: Iterable[Tri]) -> Tri:
        unknown = False
        if combination == "any":
            for value in values:
                if value is True:
                    return True
                unknown = unknown or value is None
            return None if unknown else False
        for value in values:
            if value is False:
                return False
            unknown = unknown or value is None
        return None if unknown else True

    def _rule_action(self, aid: str, rules: list[Rule], actions: Iterable[str]) -> str | None:
        wanted = set(actions)
        for rule in rules:
            if rule.action not in wanted:
                continue
            if self._combine(rule.combination, (self._condition(aid, c) for c in rule.conditions)) is True:
                return rule.action
        return None

    def is_skipped(self, aid: str) -> bool:
        return self._rule_action(aid, self.tree[aid].pre_rules, ("skip",)) is not None

    def is_disabled(self, aid: str) -> bool:
        return self._rule_action(aid, self.tree[aid].pre_rules, ("disabled",)) is not None

    def is_hidden_from_choice(self, aid: str) -> bool:
        return self._rule_action(aid, self.tree[aid].pre_rules, ("hiddenFromChoice",)) is not None

    def limit_exceeded(self, aid: str) -> bool:
        """UP.1: the attempt limit is reached (an attempt under way does not count as over)."""
        activity = self.tree[aid]
        st = self._st(aid)
        if not activity.tracked or activity.attempt_limit is None or st["act"] or st["sus"]:
            return False
        return st["n"] >= activity.attempt_limit

    def check_activity(self, aid: str) -> bool:
        """UP.5: True when the activity may not be delivered (disabled, or limit reached)."""
        return self.is_disabled(aid) or self.limit_exceeded(aid)

    # ---------------------------------------------------------------- rollup (RB.1.x)
    def _default_rules(self, activity: Activity, actions: tuple[str, str]) -> list[RollupRule]:
        rules = [r for r in activity.rollup_rules if r.action in actions]
        have = {r.action for r in rules}
        defaults = {
            "notSatisfied": RollupRule("notSatisfied", [Condition("objectiveStatusKnown")]),
            "satisfied": RollupRule("satisfied", [Condition("satisfied")]),
            "incomplete": RollupRule("incomplete", [Condition("activityProgressKnown")]),
            "completed": RollupRule("completed", [Condition("completed")]),
        }
        return rules + [defaults[a] for a in actions if a not in have]

    def _counts_for_rollup(self, child: str, action: str) -> bool:
        """RB.1.4.2 Check Child for Rollup."""
        activity = self.tree[child]
        st = self._st(child)
        if action in ("satisfied", "notSatisfied"):
            if not activity.rollup_satisfied:
                return False
            need = activity.required_satisfied if action == "satisfied" else activity.required_not_satisfied
        else:
            if not activity.rollup_completion:
                return False
            need = activity.required_completed if action == "completed" else activity.required_incomplete
        if need == "ifAttempted":
            return st["n"] > 0
        if need == "ifNotSkipped":
            return not self.is_skipped(child)
        if need == "ifNotSuspended":
            return not (st["n"] > 0 and st["sus"])
        return True

    def _rollup_fires(self, aid: str, rule: RollupRule) -> bool:
        bag: list[Tri] = []
        for child in self.available(aid):
            if not self.tree[child].tracked or not self._counts_for_rollup(child, rule.action):
                continue
            bag.append(self._combine(rule.combination, (self._condition(child, c) for c in rule.conditions)))
        if not bag:
            return False
        trues = sum(1 for v in bag if v is True)
        if rule.child_set == "all":
            return trues == len(bag)
        if rule.child_set == "any":
            return trues > 0
        if rule.child_set == "none":
            return all(v is False for v in bag)
        if rule.child_set == "atLeastCount":
            return trues >= rule.minimum_count
        return trues / len(bag) >= rule.minimum_percent  # atLeastPercent

    def _rollup_one(self, aid: str) -> None:
        activity = self.tree[aid]
        primary = activity.primary
        kids = [k for k in self.available(aid) if self.tree[k].tracked]
        # RB.1.1 measure rollup
        weight = sum(self.tree[k].measure_weight for k in kids)
        measured = [(self.tree[k].measure_weight, self.measure(k)) for k in kids]
        if weight > 0 and any(m is not None for _w, m in measured):
            self._set_measure(aid, primary, sum(w * m for w, m in measured if m is not None) / weight)
        elif kids:
            self._set_measure(aid, primary, None)
        # RB.1.2 objective rollup
        if primary.satisfied_by_measure:
            measure = self.measure(aid, primary)
            if measure is None or (self._st(aid)["act"] and not activity.measure_satisfaction_if_active):
                self._obj(aid, primary.key)["s"] = None
            else:
                self._set_satisfied(aid, primary, measure >= primary.min_measure)
        else:
            rules = self._default_rules(activity, ("notSatisfied", "satisfied"))
            if any(self._rollup_fires(aid, r) for r in rules if r.action == "notSatisfied"):
                self._set_satisfied(aid, primary, False)
            if any(self._rollup_fires(aid, r) for r in rules if r.action == "satisfied"):
                self._set_satisfied(aid, primary, True)
        # RB.1.3 activity progress rollup (completion by measure, 4th edition, first)
        if activity.completed_by_measure:
            weights = sum(self.tree[k].progress_weight for k in kids)
            amounts = [(self.tree[k].progress_weight, self._st(k)["p"]) for k in kids]
            if weights > 0 and any(p is not None for _w, p in amounts):
                amount = sum(w * p for w, p in amounts if p is not None) / weights
                self._set_amount(aid, amount)
                self._set_completion(aid, amount >= activity.min_progress_measure)
            return
        rules = self._default_rules(activity, ("incomplete", "completed"))
        if any(self._rollup_fires(aid, r) for r in rules if r.action == "incomplete"):
            self._set_completion(aid, False)
        if any(self._rollup_fires(aid, r) for r in rules if r.action == "completed"):
            self._set_completion(aid, True)

    def rollup(self, aid: str) -> None:
        """RB.1.5 Overall Rollup: from the activity's parent (or itself, if a cluster) up to the root."""
        for node in self.path_to_root(aid):
            if self.tree[node].children:
                self._rollup_one(node)

    # ---------------------------------------------------------------- selection and randomisation (SR.1, SR.2)
    def _rng(self) -> random.Random:
        self.state["draws"] += 1
        return random.Random(f"{self.state['seed']}:{self.state['draws']}")

    def select_and_randomise(self, aid: str, once: bool = False) -> None:
        activity = self.tree[aid]
        st = self._st(aid)
        kids = list(activity.children)
        changed = False
        if activity.select_count is not None and activity.selection_timing != "never" and (
            activity.selection_timing == "onEachNewAttempt" or once
        ):
            count = min(activity.select_count, len(kids))
            chosen = set(self._rng().sample(kids, count))
            kids = [k for k in kids if k in chosen]
            changed = True
        elif st["kids"] is not None:
            kids = list(st["kids"])
        if activity.reorder_children and activity.randomization_timing != "never" and (
            activity.randomization_timing == "onEachNewAttempt" or once
        ):
            self._rng().shuffle(kids)
            changed = True
        if changed:
            st["kids"] = kids

    # ---------------------------------------------------------------- traversal (SB.2.1, SB.2.2, SB.2.3)
    def _traverse(self, aid: str, direction: str, consider_children: bool) -> _Flow:
        """SB.2.1 Flow Tree Traversal: the next activity in preorder over the available children."""
        activity = self.tree[aid]
        if direction == FORWARD:
            if consider_children and activity.children:
                kids = self.available(aid)
                if not kids:
                    return _Flow(error="SB.2.1-2")
                return _Flow(activity=kids[0])
            node = aid
            while True:
                parent = self._parent(node)
                if parent is None:
                    return _Flow(end_of_tree=True)
                siblings = self.available(parent)
                index = siblings.index(node) if node in siblings else len(siblings) - 1
                if index + 1 < len(siblings):
                    return _Flow(activity=siblings[index + 1])
                node = parent
        # backward
        if consider_children and activity.children:
            kids = self.available(aid)
            if not kids:
                return _Flow(error="SB.2.1-2")
            return _Flow(activity=kids[0] if activity.forward_only else kids[-1])
        parent = self._parent(aid)
        if parent is None:
            return _Flow(error="SB.2.1-3")
        if self.tree[parent].forward_only:
            return _Flow(error="SB.2.1-2")
        siblings = self.available(parent)
        index = siblings.index(aid) if aid in siblings else 0
        if index > 0:
            return _Flow(activity=siblings[index - 1])
        return self._traverse(parent, BACKWARD, False)

    def _flow_activity(self, aid: str, direction: str, previous: str | None, preview: bool,
                       depth: int = 0) -> _Flow:
        """SB.2.2 Flow Activity Traversal: skip, check and descend until a leaf is found."""
        if depth > 4 * len(self.tree.order) + 8:
            return _Flow(error="SB.2.2-2")
        parent = self._parent(aid)
        if parent is not None and not self.tree[parent].flow:
            return _Flow(error="SB.2.2-1")
        if self.is_skipped(aid):
            step = self._traverse(aid, direction, False)
            if step.activity is None:
                return step
            if previous == BACKWARD and direction == BACKWARD:
                return self._flow_activity(step.activity, BACKWARD, None, preview, depth + 1)
            return self._flow_activity(step.activity, direction, previous, preview, depth + 1)
        if self.check_activity(aid):
            return _Flow(error="SB.2.2-2")
        activity = self.tree[aid]
        if activity.is_leaf:
            return _Flow(activity=aid)
        if not preview and not self._st(aid)["act"]:
            self._prepare_new_attempt(aid)
        step = self._traverse(aid, direction, True)
        if step.activity is None:
            return _Flow(error=step.error or "SB.2.2-2")
        if direction == BACKWARD and activity.forward_only:
            return self._flow_activity(step.activity, FORWARD, BACKWARD, preview, depth + 1)
        return self._flow_activity(step.activity, direction, None, preview, depth + 1)

    def _flow(self, aid: str, direction: str, consider_children: bool, preview: bool = False) -> _Flow:
        """SB.2.3 Flow Subprocess."""
        if consider_children and not preview and self.tree[aid].children and not self._st(aid)["act"]:
            self._prepare_new_attempt(aid)
        step = self._traverse(aid, direction, consider_children)
        if step.activity is None:
            return step
        return self._flow_activity(step.activity, direction, None, preview)

    def _prepare_new_attempt(self, aid: str) -> None:
        """Selection/randomisation 'on each new attempt', once per attempt, before entering a cluster."""
        activity = self.tree[aid]
        st = self._st(aid)
        if st["rnd"] == st["n"] + 1:
            return
        st["rnd"] = st["n"] + 1
        if "onEachNewAttempt" in (activity.selection_timing, activity.randomization_timing):
            self.select_and_randomise(aid)

    # ---------------------------------------------------------------- attempts (UP.3, UP.4)
    def _end_attempt(self, aid: str) -> None:
        """UP.4 End Attempt Process."""
        activity = self.tree[aid]
        st = self._st(aid)
        if activity.is_leaf:
            if activity.tracked and not st["sus"]:
                if not activity.completion_set_by_content and st["c"] is None:
                    self._set_completion(aid, True)
                if not activity.objective_set_by_content and self._obj(aid, activity.primary.key)["s"] is None:
                    self._set_satisfied(aid, activity.primary, True)
        else:
            st["sus"] = any(self._st(k)["sus"] for k in activity.children)
        st["act"] = False
        self.rollup(aid)

    def _terminate_descendents(self, ancestor: str) -> None:
        """UP.3: end every attempt between the current activity and ``ancestor`` (exclusive)."""
        if self.current is None:
            return
        for node in self.path_to_root(self.current):
            if node == ancestor:
                break
            if self._st(node)["act"]:
                self._end_attempt(node)

    def _new_attempt(self, aid: str) -> None:
        activity = self.tree[aid]
        st = self._st(aid)
        st["n"] += 1
        st["c"] = None
        st["p"] = None
        st["o"] = {}
        if aid == self.tree.root and not self.tree.objectives_global_to_system and st["n"] > 1:
            self.state["globals"] = {}
        if activity.children:
            if activity.use_current_objective or activity.use_current_progress:
                for node in self._descendants(aid):
                    if node in self.state["a"] and not self._st(node)["act"]:
                        kid = self._st(node)
                        if activity.use_current_progress:
                            kid["c"], kid["p"] = None, None
                        if activity.use_current_objective:
                            kid["o"] = {}

    # ---------------------------------------------------------------- termination (TB.2.x)
    def _post_condition(self, aid: str) -> tuple[str | None, str | None]:
        """TB.2.2: (sequencing request, termination request) from the post-condition rules."""
        if self._st(aid)["sus"]:
            return None, None
        action = self._rule_action(aid, self.tree[aid].post_rules,
                                   ("exitParent", "exitAll", "retry", "retryAll", "continue", "previous"))
        if action in ("retry", "continue", "previous"):
            return action, None
        if action == "retryAll":
            return "retry", "exitAll"
        if action in ("exitParent", "exitAll"):
            return None, action
        return None, None

    def _exit_action_rules(self) -> None:
        """TB.2.1: the first ancestor (from the root) whose exit rule fires becomes current."""
        current = self.current
        if current is None:
            return
        for node in reversed(self.path_to_root(current)[1:]):
            if self._rule_action(node, self.tree[node].exit_rules, ("exit",)):
                self._terminate_descendents(node)
                self._end_attempt(node)
                self.state["current"] = node
                return

    def _terminate(self, request: str) -> _Termination:
        """TB.2.3 Termination Request Process."""
        current = self.current
        if current is None:
            raise SequencingException("TB.2.3-1")
        root = self.tree.root
        if request == "exit":
            if not self._st(current)["act"]:
                raise SequencingException("TB.2.3-2")
            self._end_attempt(current)
            self._exit_action_rules()
            override: str | None = None
            for _guard in range(len(self.tree.order) + 1):
                current = self.current
                assert current is not None
                sequencing, termination = self._post_condition(current)
                if termination == "exitAll":
                    outcome = self._terminate_all()
                    outcome.sequencing = sequencing or outcome.sequencing
                    return outcome
                if termination == "exitParent":
                    parent = self._parent(current)
                    if parent is None:
                        raise SequencingException("TB.2.3-4")
                    self.state["current"] = parent
                    self._end_attempt(parent)
                    continue
                override = sequencing
                break
            if self.current == root and override != "retry":
                return _Termination(sequencing="exit")
            return _Termination(sequencing=override)
        if request in ("exitAll", "abandonAll"):
            return self._terminate_all()
        if request == "suspendAll":
            st = self._st(current)
            if not (st["act"] or st["sus"]):
                raise SequencingException("TB.2.3-4")
            self.rollup(current)
            self.state["suspended"] = current
            for node in self.path_to_root(current):
                self._st(node)["sus"] = True
                self._st(node)["act"] = False
            self.state["current"] = root
            return _Termination(sequencing="exit")
        if request == "abandon":
            self._st(current)["act"] = False
            return _Termination()
        raise SequencingException("NB.2.1-7")

    def _terminate_all(self) -> _Termination:
        current = self.current
        root = self.tree.root
        if current is not None and self._st(current)["act"]:
            self._end_attempt(current)
        self._terminate_descendents(root)
        if self._st(root)["act"]:
            self._end_attempt(root)
        self.state["current"] = root
        return _Termination(sequencing="exit")

    # ---------------------------------------------------------------- navigation (NB.2.1) and OP.1
    def _choice_exit_blocked(self, target: str) -> bool:
        current = self.current
        if current is None or not self._st(current)["act"]:
            return False
        common = self._common_ancestor(current, target)
        for node in self.path_to_root(current):
            if node == common:
                break
            if self._st(node)["act"] and not self.tree[node].choice_exit:
                return True
        return False

    def _navigation_check(self, request: str, target: str | None) -> tuple[str | None, str]:
        """NB.2.1: (termination request, sequencing request) or SequencingException."""
        current = self.current
        if request not in REQUESTS:
            raise SequencingException("NB.2.1-7")
        if request == "start":
            if current is not None:
                raise SequencingException("NB.2.1-1")
            return None, "start"
        if request == "resumeAll":
            if current is not None:
                raise SequencingException("NB.2.1-1")
            if self.suspended is None:
                raise SequencingException("NB.2.1-2")
            return None, "resumeAll"
        if request in ("continue", "previous"):
            if current is None:
                raise SequencingException("NB.2.1-3")
            parent = self._parent(current)
            if parent is not None:
                if not self.tree[parent].flow:
                    raise SequencingException("NB.2.1-4")
                if request == "previous" and self.tree[parent].forward_only:
                    raise SequencingException("NB.2.1-5")
            elif request == "previous":
                raise SequencingException("NB.2.1-6")
            return ("exit" if self._st(current)["act"] else None), request
        if request == "choice":
            if target is None or target not in self.tree:
                raise SequencingException("NB.2.1-8")
            parent = self._parent(target)
            if parent is not None and not self.tree[parent].choice:
                raise SequencingException("NB.2.1-10")
            if self._choice_exit_blocked(target):
                raise SequencingException("NB.2.1-11")
            if current is not None and self._st(current)["act"]:
                return "exit", "choice"
            return None, "choice"
        if current is None:
            raise SequencingException("NB.2.1-3")
        if request in ("exit", "abandon"):
            if not self._st(current)["act"]:
                raise SequencingException("NB.2.1-12")
            return request, "exit"
        return request, "exit"  # exitAll, suspendAll, abandonAll

    def navigate(self, request: str, target: str | None = None) -> Outcome:
        """OP.1 Overall Sequencing Process for one navigation request."""
        try:
            termination, sequencing = self._navigation_check(request, target)
            if sequencing == "choice" and target is not None:
                # refuse a choice the rules forbid before the current attempt is ended for it
                leaf, code = self.choice_target_check(target, preview=True)
                if leaf is None:
                    raise SequencingException(code)
        except SequencingException as error:
            return Outcome(error=error.code, message=error.message)
        pending_target = target
        try:
            if termination is not None:
                result = self._terminate(termination)
                if result.sequencing is not None:
                    if result.sequencing != sequencing:
                        pending_target = None
                    sequencing = result.sequencing
            return self._sequence(sequencing, pending_target)
        except SequencingException as error:
            return Outcome(error=error.code, message=error.message)

    # ---------------------------------------------------------------- sequencing requests (SB.2.x)
    def _sequence(self, request: str, target: str | None) -> Outcome:
        root = self.tree.root
        current = self.current
        if request == "start":
            if current is not None:
                raise SequencingException("SB.2.5-1")
            if self.tree[root].is_leaf:
                return self._deliver(root)
            return self._deliver_flow(self._flow(root, FORWARD, True))
        if request == "resumeAll":
            if current is not None:
                raise SequencingException("SB.2.6-1")
            if self.suspended is None:
                raise SequencingException("SB.2.6-2")
            return self._deliver(self.suspended)
        if request == "exit":
            if current is None:
                raise SequencingException("SB.2.11-1")
            if self._st(current)["act"]:
                raise SequencingException("SB.2.11-2")
            if current == root:
                return self._end_session()
            return Outcome()
        if request == "retry":
            if current is None:
                raise SequencingException("SB.2.10-1")
            st = self._st(current)
            if st["act"] or st["sus"]:
                raise SequencingException("SB.2.10-2")
            if self.tree[current].is_leaf:
                return self._deliver(current)
            flow = self._flow(current, FORWARD, True)
            if flow.activity is None:
                raise SequencingException("SB.2.10-3")
            return self._deliver(flow.activity)
        if request == "continue":
            if current is None:
                raise SequencingException("SB.2.7-1")
            parent = self._parent(current)
            if parent is not None and not self.tree[parent].flow:
                raise SequencingException("SB.2.7-2")
            flow = self._flow(current, FORWARD, False)
            if flow.end_of_tree:
                self._terminate_all()
                return self._end_session()
            return self._deliver_flow(flow)
        if request == "previous":
            if current is None:
                raise SequencingException("SB.2.8-1")
            parent = self._parent(current)
            if parent is not None and not self.tree[parent].flow:
                raise SequencingException("SB.2.8-2")
            return self._deliver_flow(self._flow(current, BACKWARD, False))
        if request == "choice":
            return self._choice(target)
        raise SequencingException("SB.2.12-1")

    def _deliver_flow(self, flow: _Flow) -> Outcome:
        if flow.activity is None:
            raise SequencingException(flow.error or ("SB.2.1-3" if not flow.end_of_tree else "SB.2.2-2"))
        return self._deliver(flow.activity)

    def _end_session(self) -> Outcome:
        self.state["current"] = None
        self.state["ended"] = True
        return Outcome(ended=True)

    def choice_target_check(self, target: str, preview: bool = False) -> tuple[str | None, str]:
        """SB.2.9 checks for a choice of ``target``: (leaf to deliver, "") or (None, exception code)."""
        if target not in self.tree:
            return None, "SB.2.9-1"
        path = list(reversed(self.path_to_root(target)))
        for node in path[1:]:
            parent = self._parent(node)
            assert parent is not None
            if node not in self.available(parent):
                return None, "SB.2.9-2"
            if self.is_hidden_from_choice(node):
                return None, "SB.2.9-3"
        parent = self._parent(target)
        if parent is not None and not self.tree[parent].choice:
            return None, "SB.2.9-4"
        current = self.current
        common = self._common_ancestor(current, target) if current is not None else self.tree.root
        if current is not None and current != target:
            # forward only: no choice of an activity before the current one within that cluster
            below = path[path.index(common) + 1:] if common in path else path
            current_path = list(reversed(self.path_to_root(current)))
            if below and common in current_path and self.tree[common].forward_only:
                current_branch = current_path[current_path.index(common) + 1] if common != current else None
                kids = self.available(common)
                if current_branch is not None and kids.index(below[0]) < kids.index(current_branch):
                    return None, "SB.2.9-6"
        for node in path[path.index(common) + 1:] if common in path else path:
            if self.check_activity(node):
                return None, "DB.1.1-3"
        if self.check_activity(self.tree.root):
            return None, "DB.1.1-3"
        if self.tree[target].is_leaf:
            return target, ""
        flow = self._flow(target, FORWARD, True, preview=preview)
        if flow.activity is None:
            return None, "SB.2.9-9"
        return flow.activity, ""

    def _choice(self, target: str | None) -> Outcome:
        if target is None:
            raise SequencingException("SB.2.9-1")
        leaf, code = self.choice_target_check(target)
        if leaf is None:
            raise SequencingException(code)
        current = self.current
        if current is not None:
            self._terminate_descendents(self._common_ancestor(current, leaf))
        return self._deliver(leaf)

    # ---------------------------------------------------------------- delivery (DB.1.1, DB.2)
    def _deliver(self, target: str) -> Outcome:
        if not self.tree[target].is_leaf:
            raise SequencingException("DB.1.1-1")
        path = list(reversed(self.path_to_root(target)))
        for node in path:
            if self.check_activity(node):
                raise SequencingException("DB.1.1-3")
        current = self.current
        if current is not None and current != target and self._st(current)["act"]:
            self._terminate_descendents(self._common_ancestor(current, target))
        resumed = {node for node in path if self._st(node)["sus"]}
        suspended = self.suspended
        if suspended is not None:
            for node in self.path_to_root(suspended):
                self._st(node)["sus"] = False
            self.state["suspended"] = None
        for node in path:
            st = self._st(node)
            if st["act"]:
                continue
            st["sus"] = False
            if self.tree[node].tracked and node not in resumed:
                self._new_attempt(node)
            st["act"] = True
        self.state["current"] = target
        self.state["ended"] = False
        return Outcome(deliver=target)

    # ---------------------------------------------------------------- what the learner may do now
    def entry_request(self) -> str | None:
        """How a new session should begin: resumeAll, start, or None when an activity is under way."""
        if self.current is not None and self._st(self.current)["act"]:
            return None
        if self.current is None and self.suspended is not None:
            return "resumeAll"
        if self.current is None:
            return "start"
        return None

    def enter(self) -> Outcome:
        """Begin (or pick up) a session: resume a suspended tree, re-deliver an attempt left open,
        or start."""
        request = self.entry_request()
        if request is None:
            if self.current is not None and self._st(self.current)["act"]:
                return Outcome(deliver=self.current)
            # a current activity that ended (the learner left between two SCOs): move on
            outcome = self.navigate("continue")
            if outcome.ok or outcome.ended:
                return outcome
            self.state["current"] = None
            return self.navigate("start")
        return self.navigate(request)

    def flow_allowed(self, request: str) -> bool:
        """NB.2.1 only: the control modes let the learner ask for continue / previous now."""
        try:
            self._navigation_check(request, None)
        except SequencingException:
            return False
        return True

    def can_continue(self) -> bool:
        current = self.current
        if current is None:
            return False
        parent = self._parent(current)
        if parent is None or not self.tree[parent].flow:
            return False
        return self._flow(current, FORWARD, False, preview=True).activity is not None

    def can_previous(self) -> bool:
        current = self.current
        if current is None:
            return False
        parent = self._parent(current)
        if parent is None or not self.tree[parent].flow or self.tree[parent].forward_only:
            return False
        return self._flow(current, BACKWARD, False, preview=True).activity is not None

    def can_choose(self, target: str) -> bool:
        parent = self._parent(target) if target in self.tree else None
        if target not in self.tree or (parent is not None and not self.tree[parent].choice):
            return False
        if self._choice_exit_blocked(target):
            return False
        return self.choice_target_check(target, preview=True)[0] is not None

    def toc(self) -> list[TocEntry]:
        """The table of contents: each activity available, disabled or hidden (SN 'hidden from choice')."""
        out: list[TocEntry] = []
        hidden_below: set[str] = set()
        depth = {self.tree.root: 0}
        for aid in self.tree.order[1:]:  # the root is the course itself
            activity = self.tree[aid]
            parent = activity.parent
            depth[aid] = depth[parent] + 1 if parent is not None and parent != self.tree.root else 0
            st = self._st(aid)
            entry = TocEntry(id=aid, title=activity.title, depth=depth[aid], leaf=activity.is_leaf,
                             state="available", current=aid == self.current, completion=self.completion(aid),
                             satisfied=self.satisfied(aid), attempts=st["n"])
            if parent is not None and (parent in hidden_below or aid not in self.available(parent)):
                entry.state, entry.reason = "hidden", "SB.2.9-2"
                hidden_below.add(aid)
            elif self.is_hidden_from_choice(aid):
                entry.state, entry.reason = "hidden", "SB.2.9-3"
                hidden_below.add(aid)
            elif not activity.visible:
                entry.state = "hidden"
            elif parent is not None and not self.tree[parent].choice:
                entry.state, entry.reason = "disabled", "SB.2.9-4"
            elif self._choice_exit_blocked(aid):
                entry.state, entry.reason = "disabled", "NB.2.1-11"
            else:
                leaf, code = self.choice_target_check(aid, preview=True)
                if leaf is None:
                    entry.state, entry.reason = "disabled", code
            out.append(entry)
        return out


def _completion(value: str) -> Tri:
    if value == "completed":
        return True
    if value in ("incomplete", "not attempted"):
        return False
    return None


def _success(value: str) -> Tri:
    if value == "passed":
        return True
    if value == "failed":
        return False
    return None
