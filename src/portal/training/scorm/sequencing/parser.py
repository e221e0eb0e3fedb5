"""The activity tree from an ``imsmanifest.xml``: items, their ``imsss:sequencing`` (with
``sequencingCollection`` / ``IDRef``), ``adlseq`` extensions and ``adlnav`` presentation.

Raises ``ManifestSequencingError`` (Hungarian message) for sequencing that cannot be used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree

from .definition import (
    CHILD_SETS,
    CONSIDERATIONS,
    EXIT_ACTIONS,
    POST_ACTIONS,
    PRE_ACTIONS,
    PRIMARY,
    ROLLUP_ACTIONS,
    ROLLUP_CONDITIONS,
    RULE_CONDITIONS,
    TIMINGS,
    Activity,
    Condition,
    MapInfo,
    Objective,
    RollupRule,
    Rule,
    Tree,
)
from .errors import ManifestSequencingError

Element = ElementTree.Element

# the element kinds of <imsss:sequencing>; an item's own element replaces the collection's one
SEQUENCING_PARTS = (
    "controlMode", "sequencingRules", "limitConditions", "auxiliaryResources", "rollupRules",
    "objectives", "randomizationControls", "deliveryControls", "constrainedChoiceConsiderations",
    "rollupConsiderations",
)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _ns(tag: object) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _children(element: Element | None, name: str) -> list[Element]:
    if element is None:
        return []
    return [child for child in element if _local(child.tag) == name]


def _child(element: Element | None, name: str) -> Element | None:
    found = _children(element, name)
    return found[0] if found else None


def _attr(element: Element | None, name: str, default: str = "") -> str:
    if element is None:
        return default
    for key, value in element.attrib.items():
        if _local(key).lower() == name.lower():
            return value.strip()
    return default


class _Reader:
    def __init__(self, item: str) -> None:
        self.item = item

    def flag(self, element: Element | None, name: str, default: bool) -> bool:
        value = _attr(element, name)
        if not value:
            return default
        if value.lower() in ("true", "1"):
            return True
        if value.lower() in ("false", "0"):
            return False
        raise ManifestSequencingError("bad_token", item=self.item, what=name, value=value)

    def token(self, element: Element | None, name: str, default: str, allowed: frozenset[str]) -> str:
        value = _attr(element, name) or default
        if value not in allowed:
            raise ManifestSequencingError("bad_token", item=self.item, what=name, value=value)
        return value

    def number(self, element: Element | None, name: str, default: float, low: float, high: float,
               convert: Callable[[str], float] = float) -> float:
        value = _attr(element, name)
        if not value:
            return default
        try:
            number = convert(value)
        except ValueError:
            raise ManifestSequencingError("bad_number", item=self.item, what=name, value=value) from None
        if not low <= number <= high:
            raise ManifestSequencingError("bad_range", item=self.item, what=name, value=value,
                                          low=low, high=high)
        return number

    def text_number(self, element: Element | None, name: str, default: float, low: float, high: float) -> float:
        child = _child(element, name)
        if child is None or not (child.text or "").strip():
            return default
        value = (child.text or "").strip()
        try:
            number = float(value)
        except ValueError:
            raise ManifestSequencingError("bad_number", item=self.item, what=name, value=value) from None
        if not low <= number <= high:
            raise ManifestSequencingError("bad_range", item=self.item, what=name, value=value,
                                          low=low, high=high)
        return number


def _merge(own: Element | None, collections: dict[str, Element], item: str) -> dict[str, Element]:
    """The sequencing parts of an item: the referenced collection's, overridden by its own."""
    parts: dict[str, Element] = {}
    if own is None:
        return parts
    ref = _attr(own, "IDRef")
    if ref:
        base = collections.get(ref)
        if base is None:
            raise ManifestSequencingError("missing_collection", item=item, ref=ref)
        for child in base:
            name = _local(child.tag)
            if name == "objectives" and _ns(child.tag).startswith("http://www.adlnet.org/xsd/adlseq"):
                name = "adlObjectives"
            parts[name] = child
    for child in own:
        name = _local(child.tag)
        if name == "objectives" and _ns(child.tag).startswith("http://www.adlnet.org/xsd/adlseq"):
            name = "adlObjectives"
        parts[name] = child
    return parts


def _conditions(reader: _Reader, parent: Element | None, allowed: frozenset[str], tag: str) -> list[Condition]:
    out = []
    for element in _children(parent, tag):
        condition = reader.token(element, "condition", "", allowed)
        operator = reader.token(element, "operator", "noOp", frozenset({"noOp", "not"}))
        out.append(Condition(
            condition=condition, negate=operator == "not",
            objective=_attr(element, "referencedObjective"),
            threshold=reader.number(element, "measureThreshold", 0.0, -1.0, 1.0),
        ))
    return out


def _rules(reader: _Reader, rules_el: Element | None, tag: str, actions: frozenset[str]) -> list[Rule]:
    out = []
    for rule_el in _children(rules_el, tag):
        conditions_el = _child(rule_el, "ruleConditions")
        combination = reader.token(conditions_el, "conditionCombination", "all", frozenset({"all", "any"}))
        action = reader.token(_child(rule_el, "ruleAction"), "action", "", actions)
        out.append(Rule(action=action, combination=combination,
                        conditions=_conditions(reader, conditions_el, RULE_CONDITIONS, "ruleCondition")))
    return out


def _rollup_rules(reader: _Reader, rollup_el: Element | None) -> list[RollupRule]:
    out = []
    for rule_el in _children(rollup_el, "rollupRule"):
        conditions_el = _child(rule_el, "rollupConditions")
        out.append(RollupRule(
            action=reader.token(_child(rule_el, "rollupAction"), "action", "", ROLLUP_ACTIONS),
            combination=reader.token(conditions_el, "conditionCombination", "any", frozenset({"all", "any"})),
            conditions=_conditions(reader, conditions_el, ROLLUP_CONDITIONS, "rollupCondition"),
            child_set=reader.token(rule_el, "childActivitySet", "all", CHILD_SETS),
            minimum_count=int(reader.number(rule_el, "minimumCount", 0, 0, 1_000_000, int)),
            minimum_percent=reader.number(rule_el, "minimumPercent", 0.0, 0.0, 1.0),
        ))
    return out


def _map(reader: _Reader, element: Element) -> MapInfo:
    return MapInfo(
        target=_attr(element, "targetObjectiveID"),
        read_satisfied=reader.flag(element, "readSatisfiedStatus", True),
        read_measure=reader.flag(element, "readNormalizedMeasure", True),
        write_satisfied=reader.flag(element, "writeSatisfiedStatus", False),
        write_measure=reader.flag(element, "writeNormalizedMeasure", False),
    )


def _objectives(reader: _Reader, objectives_el: Element | None, adl_el: Element | None) -> list[Objective]:
    out: list[Objective] = []
    primary_el = _child(objectives_el, "primaryObjective")
    elements = ([primary_el] if primary_el is not None else []) + _children(objectives_el, "objective")
    seen: set[str] = set()
    for element in elements:
        is_primary = element is primary_el
        key = _attr(element, "objectiveID") or (PRIMARY if is_primary else "")
        if not key:
            continue
        if key in seen:
            raise ManifestSequencingError("duplicate_objective", item=reader.item, objective=key)
        seen.add(key)
        out.append(Objective(
            key=key, primary=is_primary,
            satisfied_by_measure=reader.flag(element, "satisfiedByMeasure", False),
            min_measure=reader.text_number(element, "minNormalizedMeasure", 1.0, -1.0, 1.0),
            maps=[_map(reader, m) for m in _children(element, "mapInfo")],
        ))
    if not out or not out[0].primary:
        out.insert(0, Objective(key=PRIMARY, primary=True))
    # adlseq:objectives (4th edition): completion / progress maps of the same objectives
    for element in _children(adl_el, "objective"):
        objective = next((o for o in out if o.key == _attr(element, "objectiveID")), None)
        if objective is None:
            raise ManifestSequencingError("missing_objective", item=reader.item,
                                          objective=_attr(element, "objectiveID"))
        for map_el in _children(element, "mapInfo"):
            objective.maps.append(MapInfo(
                target=_attr(map_el, "targetObjectiveID"), read_satisfied=False, read_measure=False,
                read_completion=reader.flag(map_el, "readCompletionStatus", True),
                write_completion=reader.flag(map_el, "writeCompletionStatus", False),
                read_progress=reader.flag(map_el, "readProgressMeasure", True),
                write_progress=reader.flag(map_el, "writeProgressMeasure", False),
            ))
    writes: set[str] = set()
    for objective in out:
        for info in objective.maps:
            if info.write_satisfied or info.write_measure:
                if info.target in writes:
                    raise ManifestSequencingError("duplicate_write", item=reader.item, target=info.target)
                writes.add(info.target)
    return out


def _apply(activity: Activity, parts: dict[str, Element], item_el: Element) -> None:
    reader = _Reader(activity.title or activity.id)
    control = parts.get("controlMode")
    activity.choice = reader.flag(control, "choice", True)
    activity.choice_exit = reader.flag(control, "choiceExit", True)
    activity.flow = reader.flag(control, "flow", False)
    activity.forward_only = reader.flag(control, "forwardOnly", False)
    activity.use_current_objective = reader.flag(control, "useCurrentAttemptObjectiveInfo", True)
    activity.use_current_progress = reader.flag(control, "useCurrentAttemptProgressInfo", True)
    rules = parts.get("sequencingRules")
    activity.pre_rules = _rules(reader, rules, "preConditionRule", PRE_ACTIONS)
    activity.exit_rules = _rules(reader, rules, "exitConditionRule", EXIT_ACTIONS)
    activity.post_rules = _rules(reader, rules, "postConditionRule", POST_ACTIONS)
    limits = parts.get("limitConditions")
    if _attr(limits, "attemptLimit"):
        limit = int(reader.number(limits, "attemptLimit", 0, 0, 1_000_000, int))
        activity.attempt_limit = limit or None  # 0 means no limit
    rollup = parts.get("rollupRules")
    activity.rollup_rules = _rollup_rules(reader, rollup)
    activity.rollup_satisfied = reader.flag(rollup, "rollupObjectiveSatisfied", True)
    activity.rollup_completion = reader.flag(rollup, "rollupProgressCompletion", True)
    activity.measure_weight = reader.number(rollup, "objectiveMeasureWeight", 1.0, 0.0, 1.0)
    considerations = parts.get("rollupConsiderations")
    activity.required_satisfied = reader.token(considerations, "requiredForSatisfied", "always", CONSIDERATIONS)
    activity.required_not_satisfied = reader.token(considerations, "requiredForNotSatisfied", "always", CONSIDERATIONS)
    activity.required_completed = reader.token(considerations, "requiredForCompleted", "always", CONSIDERATIONS)
    activity.required_incomplete = reader.token(considerations, "requiredForIncomplete", "always", CONSIDERATIONS)
    activity.measure_satisfaction_if_active = reader.flag(considerations, "measureSatisfactionIfActive", True)
    activity.objectives = _objectives(reader, parts.get("objectives"), parts.get("adlObjectives"))
    randomization = parts.get("randomizationControls")
    activity.selection_timing = reader.token(randomization, "selectionTiming", "never", TIMINGS)
    if _attr(randomization, "selectCount"):
        activity.select_count = int(reader.number(randomization, "selectCount", 0, 0, 1_000_000, int))
    activity.randomization_timing = reader.token(randomization, "randomizationTiming", "never", TIMINGS)
    activity.reorder_children = reader.flag(randomization, "reorderChildren", False)
    delivery = parts.get("deliveryControls")
    activity.tracked = reader.flag(delivery, "tracked", True)
    activity.completion_set_by_content = reader.flag(delivery, "completionSetByContent", False)
    activity.objective_set_by_content = reader.flag(delivery, "objectiveSetByContent", False)
    threshold = _child(item_el, "completionThreshold")
    if threshold is not None:
        activity.completed_by_measure = reader.flag(threshold, "completedByMeasure", False)
        activity.min_progress_measure = reader.number(threshold, "minProgressMeasure", 1.0, 0.0, 1.0)
        activity.progress_weight = reader.number(threshold, "progressWeight", 1.0, 0.0, 1.0)
    presentation = _child(item_el, "presentation")
    interface = _child(presentation, "navigationInterface")
    activity.hide_lms_ui = [(h.text or "").strip() for h in _children(interface, "hideLMSUI")]
    for rule in activity.pre_rules + activity.exit_rules + activity.post_rules:
        for condition in rule.conditions:
            if condition.objective and activity.objective(condition.objective) is None:
                raise ManifestSequencingError("missing_objective", item=reader.item, objective=condition.objective)


def _build(element: Element, parent: str | None, collections: dict[str, Element], tree: dict[str, Activity],
           order: list[str]) -> str:
    identifier = _attr(element, "identifier")
    title = (_child(element, "title").text or "").strip() if _child(element, "title") is not None else ""  # type: ignore[union-attr]
    activity = Activity(id=identifier, title=title or identifier, parent=parent,
                        launch=_attr(element, "identifierref"),
                        visible=_attr(element, "isvisible", "true").lower() != "false")
    if identifier in tree or not identifier:
        raise ManifestSequencingError("bad_xml", item=title or identifier or "?",
                                      detail="az elem azonosítója hiányzik vagy nem egyedi")
    tree[identifier] = activity
    order.append(identifier)
    _apply(activity, _merge(_child(element, "sequencing"), collections, activity.title), element)
    for child in _children(element, "item"):
        activity.children.append(_build(child, identifier, collections, tree, order))
    if activity.children:
        activity.launch = ""
    return identifier


def tree_from_root(root: Element) -> Tree:
    """The default organisation's activity tree (the organisation itself is the root activity)."""
    organizations = _child(root, "organizations")
    orgs = _children(organizations, "organization")
    if not orgs:
        raise ManifestSequencingError("bad_xml", item="?", detail="nincs <organization>")
    default = _attr(organizations, "default")
    organization = next((o for o in orgs if _attr(o, "identifier") == default), orgs[0])
    collections = {
        _attr(seq, "ID"): seq
        for seq in _children(_child(root, "sequencingCollection"), "sequencing") if _attr(seq, "ID")
    }
    activities: dict[str, Activity] = {}
    order: list[str] = []
    root_id = _build(organization, None, collections, activities, order)
    tree = Tree(root=root_id, activities=activities, order=order,
                objectives_global_to_system=_attr(organization, "objectivesGlobalToSystem", "true").lower() != "false")
    return tree


def tree_from_manifest(xml: bytes | str) -> Tree:
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as error:
        raise ManifestSequencingError("bad_xml", item="imsmanifest.xml", detail=str(error)) from None
    return tree_from_root(root)


def describe(tree: Tree) -> list[dict[str, Any]]:
    """A short outline of the tree (for logs and tests)."""
    return [{"id": a, "parent": tree[a].parent, "leaf": tree[a].is_leaf} for a in tree.order]
