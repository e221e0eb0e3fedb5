"""The SCORM run-time data models (1.2 and 2004) as data, shared by the server and the player.

The same tables are rendered into the player page as JSON, so ``scorm-api.js`` and the commit
endpoint check values with the same element list, access rights, formats and error codes
(the SCORM 1.2 and 2004 run-time data model notes that came with the test packages,
summarised in docs/decisions.md).

Values are kept flat, one key per element (``cmi.interactions.0.id``); a collection's
``_count`` is the number of distinct indices stored.
"""

import math
import re
from dataclasses import dataclass

RO, WO, RW = "ro", "wo", "rw"

# -- Types: a regex, a vocabulary, a numeric range and/or a length limit -----------------------

DECIMAL12 = r"^-?\d{0,3}(\.\d*)?$"
REAL2004 = r"^-?[0-9]{1,10}(\.[0-9]{1,18})?$"
DURATION = r"^P(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d{1,2})?S)?)?$"
TIME2004 = (
    r"^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d{1,2})?)?)?)?)?)?"
    r"(Z|[+-]\d{2}(:\d{2})?)?$"
)
STATUS12 = ["passed", "completed", "failed", "incomplete", "browsed"]

TYPES_12: dict[str, dict] = {
    "string255": {"maxlen": 255},
    "string4096": {"maxlen": 4096},
    "identifier": {"re": r"^[\u0021-\u007E]{0,255}$"},
    "score": {"re": DECIMAL12, "min": 0, "max": 100},
    "decimal": {"re": DECIMAL12},
    "timespan": {"re": r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$"},
    "time": {"re": r"^\d{2}:\d{2}:\d{2}(\.\d{1,2})?$"},
    "status": {"vocab": STATUS12},
    "objective_status": {"vocab": STATUS12 + ["not attempted"]},
    "exit": {"vocab": ["time-out", "suspend", "logout", ""]},
    "interaction_type": {"vocab": ["true-false", "choice", "fill-in", "matching", "performance",
                                   "sequencing", "likert", "numeric"]},
    "interaction_result": {"re": r"^(correct|wrong|unanticipated|neutral|-?\d{0,3}(\.\d*)?)$"},
    "feedback": {"maxlen": 255},
    "audio": {"re": r"^-?\d+$", "min": -1, "max": 100},
    "speed": {"re": r"^-?\d+$", "min": -100, "max": 100},
    "text": {"re": r"^-?\d+$", "min": -1, "max": 1},
}

TYPES_2004: dict[str, dict] = {
    "string250": {"maxlen": 250},
    "location": {"maxlen": 1000, "spm": True},
    "suspend": {"maxlen": 64000, "spm": True},
    "string4000": {"maxlen": 4000},
    "localized": {"maxlen": 4000},
    "identifier": {"re": r"^\S{1,4000}$"},
    "real": {"re": REAL2004},
    "scaled": {"re": REAL2004, "min": -1, "max": 1},
    "unit": {"re": REAL2004, "min": 0, "max": 1},
    "nonnegative": {"re": REAL2004, "min": 0},
    "duration": {"re": DURATION},
    "time": {"re": TIME2004},
    "language": {"re": r"^$|^[a-zA-Z]{2,8}(-[a-zA-Z0-9]{1,8})*$"},
    "completion": {"vocab": ["completed", "incomplete", "not attempted", "unknown"]},
    "success": {"vocab": ["passed", "failed", "unknown"]},
    "exit": {"vocab": ["time-out", "suspend", "logout", "normal", ""]},
    "captioning": {"vocab": ["-1", "0", "1"]},
    "interaction_type": {"vocab": ["true-false", "choice", "fill-in", "long-fill-in", "matching",
                                   "performance", "sequencing", "likert", "numeric", "other"]},
    "interaction_result": {"re": r"^(correct|incorrect|unanticipated|neutral|-?[0-9]{1,10}(\.[0-9]{1,18})?)$"},
    "nav_request": {"re": r"^(continue|previous|exit|exitAll|abandon|abandonAll|suspendAll|_none_|"
                          r"\{target=[^}]+\}(choice|jump))$"},
}

# -- Elements: name (``n`` for an index) → (access, type) -----------------------------------------

ELEMENTS_12: dict[str, tuple[str, str]] = {
    "cmi.core.student_id": (RO, "identifier"),
    "cmi.core.student_name": (RO, "string255"),
    "cmi.core.lesson_location": (RW, "string255"),
    "cmi.core.credit": (RO, ""),
    "cmi.core.lesson_status": (RW, "status"),
    "cmi.core.entry": (RO, ""),
    "cmi.core.score.raw": (RW, "score"),
    "cmi.core.score.min": (RW, "score"),
    "cmi.core.score.max": (RW, "score"),
    "cmi.core.total_time": (RO, ""),
    "cmi.core.lesson_mode": (RO, ""),
    "cmi.core.exit": (WO, "exit"),
    "cmi.core.session_time": (WO, "timespan"),
    "cmi.suspend_data": (RW, "string4096"),
    "cmi.launch_data": (RO, ""),
    "cmi.comments": (RW, "string4096"),
    "cmi.comments_from_lms": (RO, ""),
    "cmi.objectives.n.id": (RW, "identifier"),
    "cmi.objectives.n.score.raw": (RW, "score"),
    "cmi.objectives.n.score.min": (RW, "score"),
    "cmi.objectives.n.score.max": (RW, "score"),
    "cmi.objectives.n.status": (RW, "objective_status"),
    "cmi.student_data.mastery_score": (RO, ""),
    "cmi.student_data.max_time_allowed": (RO, ""),
    "cmi.student_data.time_limit_action": (RO, ""),
    "cmi.student_preference.audio": (RW, "audio"),
    "cmi.student_preference.language": (RW, "string255"),
    "cmi.student_preference.speed": (RW, "speed"),
    "cmi.student_preference.text": (RW, "text"),
    "cmi.interactions.n.id": (WO, "identifier"),
    "cmi.interactions.n.objectives.n.id": (WO, "identifier"),
    "cmi.interactions.n.time": (WO, "time"),
    "cmi.interactions.n.type": (WO, "interaction_type"),
    "cmi.interactions.n.correct_responses.n.pattern": (WO, "feedback"),
    "cmi.interactions.n.weighting": (WO, "decimal"),
    "cmi.interactions.n.student_response": (WO, "feedback"),
    "cmi.interactions.n.result": (WO, "interaction_result"),
    "cmi.interactions.n.latency": (WO, "timespan"),
}

CHILDREN_12 = {
    "cmi": "core,suspend_data,launch_data,comments,objectives,student_data,student_preference,interactions",
    "cmi.core": "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time",
    "cmi.core.score": "raw,min,max",
    "cmi.objectives": "id,score,status",
    "cmi.objectives.n.score": "raw,min,max",
    "cmi.student_data": "mastery_score,max_time_allowed,time_limit_action",
    "cmi.student_preference": "audio,language,speed,text",
    "cmi.interactions": "id,objectives,time,type,correct_responses,weighting,student_response,result,latency",
}
COLLECTIONS_12 = ["cmi.objectives", "cmi.interactions", "cmi.interactions.n.objectives",
                  "cmi.interactions.n.correct_responses"]

_INTERACTION_2004 = {
    "id": (RW, "identifier"), "type": (RW, "interaction_type"), "timestamp": (RW, "time"),
    "weighting": (RW, "real"), "learner_response": (RW, "string4000"),
    "result": (RW, "interaction_result"), "latency": (RW, "duration"),
    "description": (RW, "localized"), "objectives.n.id": (RW, "identifier"),
    "correct_responses.n.pattern": (RW, "string4000"),
}
_OBJECTIVE_2004 = {
    "id": (RW, "identifier"), "score.scaled": (RW, "scaled"), "score.raw": (RW, "real"),
    "score.min": (RW, "real"), "score.max": (RW, "real"), "success_status": (RW, "success"),
    "completion_status": (RW, "completion"), "progress_measure": (RW, "unit"),
    "description": (RW, "localized"),
}
ELEMENTS_2004: dict[str, tuple[str, str]] = {
    "cmi.comments_from_learner.n.comment": (RW, "localized"),
    "cmi.comments_from_learner.n.location": (RW, "string250"),
    "cmi.comments_from_learner.n.timestamp": (RW, "time"),
    "cmi.comments_from_lms.n.comment": (RO, ""),
    "cmi.comments_from_lms.n.location": (RO, ""),
    "cmi.comments_from_lms.n.timestamp": (RO, ""),
    "cmi.completion_status": (RW, "completion"),
    "cmi.completion_threshold": (RO, ""),
    "cmi.credit": (RO, ""),
    "cmi.entry": (RO, ""),
    "cmi.exit": (WO, "exit"),
    "cmi.launch_data": (RO, ""),
    "cmi.learner_id": (RO, ""),
    "cmi.learner_name": (RO, ""),
    "cmi.learner_preference.audio_level": (RW, "nonnegative"),
    "cmi.learner_preference.language": (RW, "language"),
    "cmi.learner_preference.delivery_speed": (RW, "nonnegative"),
    "cmi.learner_preference.audio_captioning": (RW, "captioning"),
    "cmi.location": (RW, "location"),
    "cmi.max_time_allowed": (RO, ""),
    "cmi.mode": (RO, ""),
    "cmi.progress_measure": (RW, "unit"),
    "cmi.scaled_passing_score": (RO, ""),
    "cmi.score.scaled": (RW, "scaled"),
    "cmi.score.raw": (RW, "real"),
    "cmi.score.min": (RW, "real"),
    "cmi.score.max": (RW, "real"),
    "cmi.session_time": (WO, "duration"),
    "cmi.success_status": (RW, "success"),
    "cmi.suspend_data": (RW, "suspend"),
    "cmi.time_limit_action": (RO, ""),
    "cmi.total_time": (RO, ""),
    "adl.nav.request": (RW, "nav_request"),
    "adl.nav.request_valid.continue": (RO, ""),
    "adl.nav.request_valid.previous": (RO, ""),
    # 4th Edition shared data: the buckets the item's adlcp:data declares, in manifest order;
    # whether a bucket's store may be read or written comes with it (``shared_data_access``).
    "adl.data.n.id": (RO, ""),
    "adl.data.n.store": (RW, "suspend"),
    **{f"cmi.interactions.n.{k}": v for k, v in _INTERACTION_2004.items()},
    **{f"cmi.objectives.n.{k}": v for k, v in _OBJECTIVE_2004.items()},
}
CHILDREN_2004 = {
    "cmi.comments_from_learner": "comment,timestamp,location",
    "cmi.comments_from_lms": "comment,timestamp,location",
    "cmi.interactions": "id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description",
    "cmi.learner_preference": "audio_level,language,delivery_speed,audio_captioning",
    "cmi.objectives": "progress_measure,completion_status,success_status,description,score,id",
    "cmi.objectives.n.score": "scaled,raw,min,max",
    "cmi.score": "scaled,raw,min,max",
    "adl.data": "id,store",
}
COLLECTIONS_2004 = ["cmi.comments_from_learner", "cmi.comments_from_lms", "cmi.interactions",
                    "cmi.objectives", "cmi.interactions.n.objectives",
                    "cmi.interactions.n.correct_responses", "adl.data"]
# Collections whose members start with their ``id`` (setting anything else first is 408).
# adl.data's ids are the LMS's (read-only), so the content can never add a bucket.
ID_FIRST_2004 = ("cmi.interactions", "cmi.objectives", "adl.data")

# -- Error codes, one table per version (same number, different meaning) -------------------------

ERRORS_12 = {
    "0": "No error", "101": "General exception", "201": "Invalid argument error",
    "202": "Element cannot have children", "203": "Element not an array - cannot have count",
    "301": "Not initialized", "401": "Not implemented error",
    "402": "Invalid set value, element is a keyword", "403": "Element is read only",
    "404": "Element is write only", "405": "Incorrect data type",
}
ERRORS_2004 = {
    "0": "No error", "101": "General exception", "102": "General initialization failure",
    "103": "Already initialized", "104": "Content instance terminated",
    "111": "General termination failure", "112": "Termination before initialization",
    "113": "Termination after termination", "122": "Retrieve data before initialization",
    "123": "Retrieve data after termination", "132": "Store data before initialization",
    "133": "Store data after termination", "142": "Commit before initialization",
    "143": "Commit after termination", "201": "General argument error",
    "301": "General get failure", "351": "General set failure", "391": "General commit failure",
    "401": "Undefined data model element", "402": "Unimplemented data model element",
    "403": "Data model element value not initialized", "404": "Data model element is read only",
    "405": "Data model element is write only", "406": "Data model element type mismatch",
    "407": "Data model element value out of range", "408": "Data model dependency not established",
}


@dataclass(frozen=True)
class Model:
    version: str
    elements: dict
    types: dict
    children: dict
    collections: list
    errors: dict
    # The codes this version uses for each condition.
    codes: dict

    def as_json(self) -> dict:
        return {
            "version": self.version, "elements": self.elements, "types": self.types,
            "children": self.children, "collections": self.collections, "errors": self.errors,
            "codes": self.codes, "idFirst": list(ID_FIRST_2004) if self.version == "2004" else [],
        }


SCORM12 = Model(
    "1.2", ELEMENTS_12, TYPES_12, CHILDREN_12, COLLECTIONS_12, ERRORS_12,
    codes={"undefined": "201", "not_implemented": "401", "keyword": "402", "read_only": "403",
           "write_only": "404", "type": "405", "range": "405", "spm": "405",
           "no_children": "202", "no_count": "203", "out_of_order": "201", "dependency": "201",
           "duplicate": "405", "not_initialized_value": "0"},
)
SCORM2004 = Model(
    "2004", ELEMENTS_2004, TYPES_2004, CHILDREN_2004, COLLECTIONS_2004, ERRORS_2004,
    codes={"undefined": "401", "not_implemented": "402", "keyword": "404", "read_only": "404",
           "write_only": "405", "type": "406", "range": "407", "spm": "351",
           "no_children": "301", "no_count": "301", "out_of_order": "351", "dependency": "408",
           "duplicate": "351", "not_initialized_value": "403"},
)


def model_for(version: str) -> Model:
    return SCORM2004 if version == "2004" else SCORM12


_INDEX = re.compile(r"\.(\d+)(?=\.|$)")


def element_pattern(name: str) -> str:
    """``cmi.interactions.3.objectives.0.id`` → ``cmi.interactions.n.objectives.n.id``."""
    return _INDEX.sub(".n", name)


def value_check(model: Model, type_name: str, value: str) -> str:
    """The error code for ``value`` of this type, or ``"0"``."""
    spec = model.types.get(type_name, {})
    if "vocab" in spec and value not in spec["vocab"]:
        return model.codes["type"]
    if "re" in spec and not re.fullmatch(spec["re"], value):
        return model.codes["type"]
    if "maxlen" in spec and len(value) > spec["maxlen"]:
        return model.codes["spm"] if spec.get("spm") else model.codes["type"]
    if ("min" in spec or "max" in spec) and value != "":
        try:
            number = float(value)
        except ValueError:
            return model.codes["type"]
        if math.isnan(number):
            return model.codes["type"]
        if number < spec.get("min", -math.inf) or number > spec.get("max", math.inf):
            return model.codes["range"]
    return "0"


def collection_count(values: dict, prefix: str) -> int:
    """How many members ``prefix`` (a concrete collection name) has."""
    start = prefix + "."
    indices = set()
    for key in values:
        if key.startswith(start):
            head = key[len(start):].split(".", 1)[0]
            if head.isdigit():
                indices.add(int(head))
    return len(indices)


def set_check(model: Model, values: dict, name: str, value: str) -> str:
    """The error code SetValue(name, value) gives against ``values`` (does not store)."""
    if not isinstance(value, str):
        return model.codes["type"]
    if name.endswith("._children") or name.endswith("._count") or name == "cmi._version":
        return model.codes["keyword"]
    definition = model.elements.get(element_pattern(name))
    if definition is None:
        if name.startswith("cmi.") or name.startswith("adl."):
            return model.codes["not_implemented"] if model.version == "1.2" else model.codes["undefined"]
        return model.codes["not_implemented"] if model.version == "1.2" else model.codes["undefined"]
    access, type_name = definition
    if access == RO:
        return model.codes["read_only"]
    code = _collection_order_check(model, values, name)
    if code != "0":
        return code
    code = value_check(model, type_name, value)
    if code != "0":
        return code
    if model.version == "2004" and re.fullmatch(r"cmi\.objectives\.\d+\.id", name):
        for key, existing in values.items():
            if key != name and re.fullmatch(r"cmi\.objectives\.\d+\.id", key) and existing == value:
                return model.codes["duplicate"]
    return "0"


def _collection_order_check(model: Model, values: dict, name: str) -> str:
    """Indices must be existing or the next free one; in 2004 ``id`` comes first."""
    for match in _INDEX.finditer(name):
        prefix = name[: match.start()]
        index = int(match.group(1))
        count = collection_count(values, prefix)
        # adl.data's buckets are the manifest's: the content cannot add one.
        if index > count or (prefix == "adl.data" and index >= count):
            return model.codes["out_of_order"]
        rest = name[match.end():]
        if (
            model.version == "2004" and prefix in ID_FIRST_2004
            and rest != ".id" and f"{prefix}.{index}.id" not in values
        ):
            return model.codes["dependency"]
    return "0"


OBJECTIVE_ID = re.compile(r"cmi\.objectives\.\d+\.id")
_SHARED_STORE = re.compile(r"^adl\.data\.(\d+)\.store$")


def shared_data_index(name: str) -> int | None:
    """``adl.data.3.store`` → 3; None for any other element."""
    match = _SHARED_STORE.match(name)
    return int(match.group(1)) if match else None


def values_check(model: Model, current: dict, changes: dict, buckets: list | None = None) -> tuple[str, str]:
    """Check a batch of changes in order; returns (element, code) of the first problem.
    ``buckets`` are the item's shared data maps: a store the item may not write is read-only."""
    working = {**current, **{f"adl.data.{n}.id": bucket["id"] for n, bucket in enumerate(buckets or [])}}
    for name, value in changes.items():
        code = set_check(model, working, name, value)
        index = shared_data_index(name) if code == "0" else None
        if index is not None and not (buckets and index < len(buckets) and buckets[index].get("write")):
            code = model.codes["read_only"]
        if code != "0":
            return name, code
        working[name] = value
    return "", "0"


# -- Time ------------------------------------------------------------------------------------

_DURATION_PARTS = re.compile(
    r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)


def seconds_from(version: str, value: str) -> float:
    """Session time in seconds (1.2 ``HHHH:MM:SS.SS``, 2004 ISO 8601 duration); 0 if unreadable."""
    if not value:
        return 0.0
    if version == "2004":
        match = _DURATION_PARTS.match(value)
        if not match:
            return 0.0
        y, mo, d, h, mi, s = (float(g) if g else 0.0 for g in match.groups())
        return ((y * 365 + mo * 30 + d) * 24 + h) * 3600 + mi * 60 + s
    match = re.match(r"^(\d{2,4}):(\d{2}):(\d{2}(?:\.\d{1,2})?)$", value)
    if not match:
        return 0.0
    return int(match.group(1)) * 3600 + int(match.group(2)) * 60 + float(match.group(3))


def timespan_format(version: str, seconds: float) -> str:
    seconds = max(0.0, float(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if version == "2004":
        return f"PT{int(hours)}H{int(minutes)}M{secs:.2f}S"
    return f"{int(hours):04d}:{int(minutes):02d}:{secs:05.2f}"
