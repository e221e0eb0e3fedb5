"""The URL arguments of every pattern, taken from the world (tests/urls/world.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import URLPattern, URLResolver, get_resolver


def patterns(resolver=None, namespace: str = ""):
    """(name with namespace, pattern) of every URL pattern of the project."""
    for item in (resolver or get_resolver()).url_patterns:
        if isinstance(item, URLResolver):
            yield from patterns(item, namespace + (f"{item.namespace}:" if item.namespace else ""))
        elif isinstance(item, URLPattern):
            yield namespace + (item.name or ""), item


# A parameter's value, unless the URL name needs another object (SPECIAL below).
DEFAULTS: dict[str, Callable] = {
    "pk": lambda o: o["data_change"].pk,
    "code": lambda o: "9000",
    "token": lambda o: "nincs-ilyen-link",
    "om_id": lambda o: o["school"].om_id,
    "number": lambda o: o["site_number"],
    "key": lambda o: o["site_key"],
    "task": lambda o: o["task_key"],
    "document": lambda o: o["supporting_document"].pk,
    "maintainer_id": lambda o: o["district"].maintainer_id,  # in the register: the school's maintainer
    "stamp": lambda o: "legfrissebb",
    "fmt": lambda o: "csv",
    "name": lambda o: "maintainer_types",
    "course_id": lambda o: o["course"].pk,
    "sco_id": lambda o: o["sco"].pk,
    "attempt_id": lambda o: o["attempt"].pk,
    "package_id": lambda o: o["package"].pk,
    "path": lambda o: o["sco_path"],
    "learner_id": lambda o: o["learner"].pk,  # the learner's profile (training.Learner)
    "intake_id": lambda o: o["intake"].pk,
    "slug": lambda o: "maintainer-types",
    "action": lambda o: "approve",
}

SPECIAL: dict[str, dict[str, Callable]] = {
    "access:user_rights": {"pk": lambda o: o["teacher"].pk},
    "access:user_deactivate": {"pk": lambda o: o["teacher"].pk},
    "access:user_activate": {"pk": lambda o: o["teacher"].pk},
    "access:user_password": {"pk": lambda o: o["teacher"].pk},
    "access:user_delete": {"pk": lambda o: o["teacher"].pk},
    "documents:institution_download": {"pk": lambda o: o["school_document"].pk},
    "documents:institution_remove": {"pk": lambda o: o["school_document"].pk},
    "documents:maintainer_download": {"pk": lambda o: o["maintainer_document"].pk},
    "documents:maintainer_remove": {"pk": lambda o: o["maintainer_document"].pk},
    "documents:public_download": {"pk": lambda o: o["public_document"].pk},
    "documents:office_authenticate": {"pk": lambda o: o["school_document"].pk},
    "documents:office_download": {"pk": lambda o: o["school_document"].pk},
    "documents:office_register_maintainer": {"pk": lambda o: o["maintainer"].pk},
    "maintainers:office_detail": {"pk": lambda o: o["maintainer"].pk},
    "maintainers:office_link": {"pk": lambda o: o["maintainer"].pk},
    "maintainers:office_password_letter": {"pk": lambda o: o["maintainer"].pk},
    "maintainers:office_document_file": {"pk": lambda o: o["maintainer_request"].pk},
    "maintainers:member_edit": {"key": lambda o: o["member_key"]},
    "maintainers:member_delete": {"key": lambda o: o["member_key"]},
    "training:content_frame": {"token": lambda o: o["content_token"]},
    "training:content_file": {"token": lambda o: o["content_token"]},
    "access:module_users": {"code": lambda o: "institution_data"},
    "access:office_module_close": {"code": lambda o: "institution_data"},
    "office:supplement_kind_detail": {"code": lambda o: o["supplement_kind"]},
    "office:codelist_detail": {"slug": lambda o: o["codelist_slug"]},
    "public_api:codelist": {"name": lambda o: o["codelist_name"]},
    "changes:office_detail": {"pk": lambda o: o["submitted_request"].pk},
    "changes:office_pdf": {"pk": lambda o: o["submitted_request"].pk},
    "changes:office_decide": {"pk": lambda o: o["submitted_request"].pk},
}
for _name in ("request_detail", "request_edit", "request_pdf", "request_cancel", "member_new", "member_edit",
              "member_delete", "document_add", "document_file", "document_remove"):
    SPECIAL.setdefault(f"maintainers:{_name}", {})["pk"] = lambda o: o["maintainer_request"].pk


def url_kwargs(name: str, pattern: URLPattern, objects: dict) -> dict:
    special = SPECIAL.get(name, {})
    return {arg: (special.get(arg) or DEFAULTS[arg])(objects) for arg in pattern.pattern.regex.groupindex}
