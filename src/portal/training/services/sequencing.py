"""SCORM 2004 sequencing writes: the tree of an uploaded package, and each learner's navigation.

The engine (``scorm/sequencing``) decides; this module loads and stores its state (one row per learner
and package, locked for the decision), feeds it the finished SCO's results from the stored cmi data,
and maps the activity it delivers to the package's launchable item.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree import ElementTree

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..models import Attempt, Package, Sco, SequencingState, SequencingTree
from ..scorm.manifest import Manifest, PackageError
from ..scorm.sequencing import (
    Engine,
    ManifestSequencingError,
    Tree,
    new_state,
    tree_from_dict,
    tree_from_root,
)
from ..selectors import course_access_check

SEQUENCING_INVALID = _("A csomag sorrendezési szabályai (imsss:sequencing) hibásak: %(detail)s")
SEQUENCING_MISSING_FILE = _("A(z) „%(item)s” elem indítófájlja (%(href)s) hiányzik a csomagból.")


@dataclass
class Navigation:
    """The result of a navigation request: the item to launch, or why nothing is launched."""

    sco: Sco | None = None
    ended: bool = False
    error: str = ""
    message: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def sequencing_tree_read(*, archive: zipfile.ZipFile, manifest: Manifest) -> Tree | None:
    """The activity tree of a SCORM 2004 package that declares sequencing, checked; None otherwise.

    Raises PackageError with the Hungarian reason when the sequencing cannot be used.
    """
    if manifest.version != "2004":
        return None
    root = ElementTree.fromstring(archive.read("imsmanifest.xml"))
    if not any(_local(element.tag) == "sequencing" for element in root.iter()):
        return None
    try:
        return tree_from_root(root)
    except ManifestSequencingError as error:
        raise PackageError(SEQUENCING_INVALID, detail=error.message) from None


def _hidden_leaves(archive: zipfile.ZipFile, tree: Tree, known: set[str]) -> list[dict[str, Any]]:
    """Launch data of leaves the item list leaves out (``isvisible="false"``): sequencing delivers them."""
    root = ElementTree.fromstring(archive.read("imsmanifest.xml"))
    resources: dict[str, str] = {}
    resources_el = next((e for e in root if _local(e.tag) == "resources"), None)
    base = ""
    if resources_el is not None:
        base = next((v for k, v in resources_el.attrib.items() if _local(k) == "base"), "")
        for resource in resources_el:
            attrs = {_local(k).lower(): v.strip() for k, v in resource.attrib.items()}
            if attrs.get("href"):
                resources[attrs.get("identifier", "")] = posixpath.normpath(
                    posixpath.join(base, attrs.get("base", ""), attrs["href"]))
    items = {e.attrib.get("identifier", ""): e for e in root.iter() if _local(e.tag) == "item"}
    names = set(archive.namelist())
    out = []
    for aid in tree.order:
        activity = tree[aid]
        if not activity.is_leaf or aid in known or not activity.launch:
            continue
        href = resources.get(activity.launch, "")
        if not href or (href.split("?")[0] not in names and not re.match(r"^[a-z]+://", href)):
            raise PackageError(SEQUENCING_MISSING_FILE, item=activity.title, href=href or activity.launch)
        element = items.get(aid)
        parameters = element.attrib.get("parameters", "") if element is not None else ""
        primary = activity.primary
        out.append({
            "identifier": aid, "title": activity.title, "href": href, "parameters": parameters,
            "scaled_passing_score": Decimal(str(primary.min_measure)) if primary.satisfied_by_measure else None,
        })
    return out


def sequencing_tree_save(*, package: Package, tree: Tree, archive: zipfile.ZipFile) -> None:
    """Store the tree with the package (inside the upload's transaction) and the hidden leaves' items."""
    known = set(package.scos.values_list("identifier", flat=True))
    extra = _hidden_leaves(archive, tree, known)
    if extra:
        start = (package.scos.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        depth: dict[str, int] = {}
        for aid in tree.order:
            parent = tree[aid].parent
            depth[aid] = depth[parent] + 1 if parent is not None and parent != tree.root else 0
        Sco.objects.bulk_create([
            Sco(package=package, order=start + i, identifier=leaf["identifier"][:300],
                title=leaf["title"][:300], depth=depth[leaf["identifier"]], href=leaf["href"][:1000],
                parameters=leaf["parameters"][:1000], scaled_passing_score=leaf["scaled_passing_score"])
            for i, leaf in enumerate(extra)
        ])
    SequencingTree.objects.create(package=package, tree=tree.to_dict())


# -- Navigation ---------------------------------------------------------------------------------

def _decimal(value: Any) -> float | None:
    try:
        return float(Decimal(str(value))) if value not in (None, "") else None
    except (InvalidOperation, ValueError):
        return None


def _cmi_objectives(cmi: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for key, value in cmi.items():
        match = re.fullmatch(r"cmi\.objectives\.(\d+)\.id", key)
        if not match or not value:
            continue
        n = match.group(1)
        out[str(value)] = {
            "success": cmi.get(f"cmi.objectives.{n}.success_status", "unknown"),
            "completion": cmi.get(f"cmi.objectives.{n}.completion_status", "unknown"),
            "scaled": _decimal(cmi.get(f"cmi.objectives.{n}.score.scaled")),
        }
    return out


def _report_current(engine: Engine, *, user, package: Package) -> None:
    """Give the engine the current SCO's results as the run-time stored them (RTE → SN transfer)."""
    current = engine.current
    if current is None or not engine.tree[current].is_leaf:
        return
    attempt = (
        Attempt.objects.filter(user=user, sco__package=package, sco__identifier=current)
        .order_by("-number").only("cmi", "suspended", "completion_status", "success_status").first()
    )
    if attempt is None:
        return
    cmi = attempt.cmi
    engine.report(
        current,
        completion=cmi.get("cmi.completion_status", attempt.completion_status or "unknown"),
        success=cmi.get("cmi.success_status", attempt.success_status or "unknown"),
        scaled=_decimal(cmi.get("cmi.score.scaled")),
        progress=_decimal(cmi.get("cmi.progress_measure")),
        suspended=attempt.suspended,
        objectives=_cmi_objectives(cmi),
    )


# Parsed trees by (SequencingTree id, package folder): a package's tree never changes, and the folder
# is unique to one upload, so a row id used again (a restored or rolled-back database) is not mistaken.
_TREES: dict[tuple[int, str], Tree] = {}
_TREES_MAX = 64


def sequencing_tree_for(package: Package) -> Tree | None:
    tree_id = SequencingTree.objects.filter(package=package).values_list("pk", flat=True).first()
    if tree_id is None:
        return None
    key = (tree_id, package.root)
    tree = _TREES.get(key)
    if tree is None:
        tree = tree_from_dict(SequencingTree.objects.get(pk=tree_id).tree)
        if len(_TREES) >= _TREES_MAX:
            _TREES.pop(next(iter(_TREES)))
        _TREES[key] = tree
    return tree


def _locked_engine(*, user, package: Package, tree: Tree) -> tuple[SequencingState, Engine]:
    row, _created = SequencingState.objects.get_or_create(user=user, package=package)
    row = SequencingState.objects.select_for_update().get(pk=row.pk)
    state = row.state if row.state.get("v") else new_state(tree)
    return row, Engine(tree, state)


def _navigation(outcome, package: Package) -> Navigation:
    sco = None
    if outcome.deliver:
        sco = package.scos.filter(identifier=outcome.deliver).first()
    return Navigation(sco=sco, ended=outcome.ended, error=outcome.error, message=outcome.message)


def navigation_request(*, user, package: Package, request: str, target: str | None = None,
                       tree: Tree | None = None) -> Navigation:
    """One navigation request of the learner (``enter`` begins or resumes a session)."""
    course_access_check(user=user, course=package.course)
    tree = tree or sequencing_tree_for(package)
    if tree is None:
        raise ValueError("package has no sequencing")
    with transaction.atomic():
        row, engine = _locked_engine(user=user, package=package, tree=tree)
        before = engine.dump()
        _report_current(engine, user=user, package=package)
        outcome = engine.enter() if request == "enter" else engine.navigate(request, target)
        state = engine.dump()
        if state != before or not row.state:
            row.state = state
            row.save(update_fields=["state", "updated_at"])
    return _navigation(outcome, package)


def sequencing_launch(*, user, sco: Sco) -> Navigation | None:
    """Whether the learner may launch ``sco`` now (None: the package has no sequencing).

    The SCO under way may be launched again; any other one is a choice request, refused when the
    rules forbid it (forced order, hidden, disabled, attempt limit).
    """
    tree = sequencing_tree_for(sco.package)
    if tree is None:
        return None
    row = SequencingState.objects.filter(user=user, package=sco.package).only("state").first()
    if row is not None and row.state.get("v"):
        engine = Engine(tree, row.state)
        if engine.current == sco.identifier and engine.state["a"].get(sco.identifier, {}).get("act"):
            return Navigation(sco=sco)
    return navigation_request(user=user, package=sco.package, request="choice", target=sco.identifier,
                              tree=tree)
