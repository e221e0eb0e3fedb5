"""Reading and checking an uploaded SCORM package (a ZIP with ``imsmanifest.xml`` at its root).

Every refusal is a ``PackageError`` with a Hungarian reason the uploader can act on. Nothing is
stored until the whole package has been checked.
"""

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree

from django.utils.translation import gettext_lazy as _

from .launch import EXTERNAL, file_names, href_split

NOT_A_ZIP = _("A feltöltött fájl nem ZIP-állomány, vagy sérült.")
ENCRYPTED = _("A ZIP-állomány jelszóval védett; jelszó nélküli csomagot töltsön fel.")
UNSAFE_PATH = _("A csomag „%(name)s” nevű fájlja a csomag mappáján kívülre mutat; az ilyen csomagot nem fogadjuk el.")
TOO_BIG = _("A csomag kicsomagolva nagyobb a megengedettnél (%(limit)s MB).")
TOO_MANY_FILES = _("A csomagban túl sok fájl van (legfeljebb %(limit)s).")
NO_MANIFEST = _("A csomag gyökerében nincs imsmanifest.xml, ezért nem SCORM-csomag.")
MANIFEST_IN_FOLDER = _("Az imsmanifest.xml nem a csomag gyökerében, hanem a(z) „%(folder)s” mappában van; a mappa tartalmát tömörítse újra úgy, hogy a manifest a gyökérbe kerüljön.")
AICC = _("Ez AICC-csomag; csak SCORM 1.2 és SCORM 2004 csomagot fogadunk el.")
BAD_XML = _("Az imsmanifest.xml nem értelmezhető XML: %(detail)s")
NOT_A_MANIFEST = _("Az imsmanifest.xml gyökéreleme nem <manifest>.")
NO_ORGANIZATION = _("A manifest nem tartalmaz tananyag-szerkezetet (<organization>).")
NO_ITEMS = _("A manifest szerkezetében nincs indítható elem.")
MISSING_RESOURCE = _("A(z) „%(item)s” elem olyan erőforrásra hivatkozik (%(ref)s), amely nincs a manifestben.")
MISSING_FILE = _("A(z) „%(item)s” elem indítófájlja (%(href)s) hiányzik a csomagból.")
UNKNOWN_VERSION = _("A csomag SCORM-változata nem állapítható meg; SCORM 1.2 vagy 2004 csomagot töltsön fel.")

MAX_UNPACKED_BYTES = 500 * 1024 * 1024
MAX_FILES = 10_000


class PackageError(Exception):
    def __init__(self, message, **params):
        self.message = str(message) % params if params else str(message)
        super().__init__(self.message)


@dataclass
class Item:
    identifier: str
    title: str
    depth: int
    href: str = ""
    parameters: str = ""
    is_sco: bool = True
    launch_data: str = ""
    mastery_score: Decimal | None = None
    scaled_passing_score: Decimal | None = None
    completion_threshold: Decimal | None = None
    max_time_allowed: str = ""
    time_limit_action: str = ""
    # SCORM 2004 run-time values from the item's sequencing and adlcp elements.
    objective_ids: list[str] = field(default_factory=list)
    completion_set_by_content: bool = False
    objective_set_by_content: bool = False
    shared_data: list[dict] = field(default_factory=list)


@dataclass
class Manifest:
    identifier: str
    title: str
    version: str  # "1.2" or "2004"
    edition: str
    items: list[Item] = field(default_factory=list)
    files: list[zipfile.ZipInfo] = field(default_factory=list)

    @property
    def launchable(self) -> list[Item]:
        return [item for item in self.items if item.href]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element, name: str) -> list:
    return [child for child in element if _local(child.tag) == name]


def _child(element, name: str):
    found = _children(element, name)
    return found[0] if found else None


def _text(element, name: str) -> str:
    child = _child(element, name) if element is not None else None
    return (child.text or "").strip() if child is not None else ""


def _attr(element, name: str) -> str:
    """An attribute by local name, case-insensitive (adlcp:scormtype vs adlcp:scormType)."""
    for key, value in element.attrib.items():
        if _local(key).lower() == name.lower():
            return value.strip()
    return ""


def _decimal(value: str) -> Decimal | None:
    try:
        return Decimal(value) if value else None
    except InvalidOperation:
        return None


def safe_name(name: str) -> str | None:
    """The normalised member path, or None when it would leave the package folder."""
    if "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name) or "\x00" in name:
        return None
    normalised = posixpath.normpath(name)
    if normalised.startswith("../") or normalised == ".." or normalised.startswith("/"):
        return None
    if any(part == ".." for part in name.split("/")):
        return None
    return normalised


def zip_open(fileobj) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise PackageError(NOT_A_ZIP) from None


def zip_members_check(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    members = [info for info in archive.infolist() if not info.is_dir()]
    if len(members) > MAX_FILES:
        raise PackageError(TOO_MANY_FILES, limit=MAX_FILES)
    total = 0
    for info in archive.infolist():
        if safe_name(info.filename) is None:
            raise PackageError(UNSAFE_PATH, name=info.filename)
        if info.flag_bits & 0x1:
            raise PackageError(ENCRYPTED)
        total += info.file_size
    if total > MAX_UNPACKED_BYTES:
        raise PackageError(TOO_BIG, limit=MAX_UNPACKED_BYTES // (1024 * 1024))
    return members


def _version(root) -> tuple[str, str]:
    schema_version = _text(_child(root, "metadata"), "schemaversion")
    namespaces = " ".join([root.tag, *(k for el in root.iter() for k in el.attrib)])
    if schema_version == "1.2" or "adlcp_rootv1p2" in namespaces:
        return "1.2", "1.2"
    if schema_version.startswith("2004") or schema_version.startswith("CAM 1.3") or "adlcp_v1p3" in namespaces:
        return "2004", schema_version or "2004"
    return "", ""


def _true(element, name: str, default: bool = False) -> bool:
    value = _attr(element, name).lower() if element is not None else ""
    return default if value == "" else value in ("true", "1")


def _completion_threshold(item_el) -> Decimal | None:
    """3rd Edition: the element's text. 4th Edition: ``minProgressMeasure`` (default 1.0) when
    ``completedByMeasure="true"``, or a ``minProgressMeasure`` given without it."""
    element = _child(item_el, "completionThreshold")
    if element is None:
        return None
    text = (element.text or "").strip()
    if text:
        return _decimal(text)
    measure = _decimal(_attr(element, "minProgressMeasure"))
    if _true(element, "completedByMeasure"):
        return measure if measure is not None else Decimal("1.0")
    return measure


def _runtime_values(item: Item, item_el, organization) -> None:
    """What the SCORM 2004 run-time takes from the manifest: the scaled passing score and the
    objective IDs (imsss:objectives), the delivery controls, the completion threshold and the
    shared data buckets (adlcp:data, 4th Edition)."""
    sequencing = _child(item_el, "sequencing")
    objectives = _child(sequencing, "objectives") if sequencing is not None else None
    primary = _child(objectives, "primaryObjective") if objectives is not None else None
    if primary is not None and _true(primary, "satisfiedByMeasure"):
        passing = _decimal(_text(primary, "minNormalizedMeasure"))
        item.scaled_passing_score = Decimal("1.0") if passing is None else passing
    ids: list[str] = []
    for objective in ([primary] if primary is not None else []) + (
        _children(objectives, "objective") if objectives is not None else []
    ):
        identifier = _attr(objective, "objectiveID")
        if identifier and identifier not in ids:
            ids.append(identifier)
    item.objective_ids = ids
    controls = _child(sequencing, "deliveryControls") if sequencing is not None else None
    item.completion_set_by_content = _true(controls, "completionSetByContent")
    item.objective_set_by_content = _true(controls, "objectiveSetByContent")
    item.completion_threshold = _completion_threshold(item_el)
    data = _child(item_el, "data")
    shared_global = _true(organization, "sharedDataGlobalToSystem", default=True)
    buckets: list[dict] = []
    for bucket in _children(data, "map") if data is not None else []:
        target = _attr(bucket, "targetID")
        if target and all(b["id"] != target for b in buckets):
            buckets.append({
                "id": target[:500], "read": _true(bucket, "readSharedData", default=True),
                "write": _true(bucket, "writeSharedData", default=False), "global": shared_global,
            })
    item.shared_data = buckets


def _launch_file(href: str, names: set[str]) -> str | None:
    """The href with its path as the package names the file, or None when no such file."""
    path, rest = href_split(href)
    if EXTERNAL.match(path):
        return href
    found = next((name for name in file_names(path) if name in names), None)
    return None if found is None else found + rest


def _items(parent, resources: dict, version: str, depth: int, out: list[Item], names: set[str],
           organization=None) -> None:
    for item_el in _children(parent, "item"):
        if _attr(item_el, "isvisible").lower() == "false" and not _children(item_el, "item"):
            continue
        identifier = _attr(item_el, "identifier")
        title = _text(item_el, "title") or identifier
        item = Item(identifier=identifier, title=title, depth=depth)
        ref = _attr(item_el, "identifierref")
        if ref:
            resource = resources.get(ref)
            if resource is None:
                raise PackageError(MISSING_RESOURCE, item=title, ref=ref)
            href = _launch_file(resource["href"], names)
            if href is None:
                raise PackageError(MISSING_FILE, item=title, href=resource["href"])
            item.href = href
            item.is_sco = resource["scormtype"].lower() == "sco"
            item.parameters = _attr(item_el, "parameters")
            item.launch_data = _text(item_el, "datafromlms") or _text(item_el, "dataFromLMS")
            item.mastery_score = _decimal(_text(item_el, "masteryscore"))
            item.max_time_allowed = _text(item_el, "maxtimeallowed") or _text(item_el, "attemptAbsoluteDurationLimit")
            item.time_limit_action = _text(item_el, "timelimitaction") or _text(item_el, "timeLimitAction")
            if version == "2004":
                _runtime_values(item, item_el, organization)
        out.append(item)
        _items(item_el, resources, version, depth + 1, out, names, organization)


def manifest_read(archive: zipfile.ZipFile) -> Manifest:
    """Check the archive and read its manifest; raises PackageError with the reason."""
    members = zip_members_check(archive)
    names = {name for name in (safe_name(info.filename) for info in members) if name}
    if "imsmanifest.xml" not in names:
        nested = sorted(n for n in names if n.endswith("/imsmanifest.xml"))
        if nested:
            raise PackageError(MANIFEST_IN_FOLDER, folder=posixpath.dirname(nested[0]))
        if any(n.lower().endswith((".cst", ".au", ".crs", ".des")) for n in names):
            raise PackageError(AICC)
        raise PackageError(NO_MANIFEST)
    raw = archive.read("imsmanifest.xml")
    try:
        root = ElementTree.fromstring(raw)
    except ElementTree.ParseError as error:
        raise PackageError(BAD_XML, detail=str(error)) from None
    if _local(root.tag) != "manifest":
        raise PackageError(NOT_A_MANIFEST)
    version, edition = _version(root)
    if not version:
        raise PackageError(UNKNOWN_VERSION)
    resources = {}
    resources_el = _child(root, "resources")
    base = _attr(resources_el, "base") if resources_el is not None else ""
    for resource in _children(resources_el, "resource") if resources_el is not None else []:
        own_base = _attr(resource, "base")
        href = _attr(resource, "href")
        path, rest = href_split(href)
        if EXTERNAL.match(path):
            joined = href
        else:
            joined = posixpath.normpath(posixpath.join(base, own_base, path)) + rest if path else ""
        resources[_attr(resource, "identifier")] = {
            "href": joined, "scormtype": _attr(resource, "scormtype") or "sco",
        }
    organizations = _child(root, "organizations")
    orgs = _children(organizations, "organization") if organizations is not None else []
    if not orgs:
        raise PackageError(NO_ORGANIZATION)
    default = _attr(organizations, "default")
    organization = next((o for o in orgs if _attr(o, "identifier") == default), orgs[0])
    items: list[Item] = []
    _items(organization, resources, version, 0, items, names, organization)
    if not any(item.href for item in items):
        raise PackageError(NO_ITEMS)
    for item in items:
        path = href_split(item.href)[0]
        if item.href and not EXTERNAL.match(path) and safe_name(path) is None:
            raise PackageError(UNSAFE_PATH, name=item.href)
    return Manifest(
        identifier=_attr(root, "identifier"),
        title=_text(organization, "title") or _attr(root, "identifier"),
        version=version, edition=edition, items=items, files=members,
    )
