"""Every URL of the portal, and who gets what there: one line per URL and person.

Each line says what one kind of person gets at one URL: the page with their data (`Ok`, with a text
that must be on it), the login page they are sent to (`Login`), where they are redirected after a
form (`Goes`), or a refusal (403, 404, 405, 422). `test_every_url_pattern_has_access_lines` fails
when a URL pattern has no line here, so a new page cannot go in without saying who may use it.

The people and objects are in world.py: a school with its head (master identity), a teacher with
every module right, another school's teacher, the school's district and another district, a
maintainer and another maintainer, an office clerk who passed the second factor, a learner and a
learner of another subsystem, a notary and another municipality's notary, the training office, and
an applicant who started a new-institution request in their browser without an account.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.urls import reverse

from portal.core.confirm import CONFIRM_FIELD

from .kwargs import patterns, url_kwargs
from .world import build


@dataclass(frozen=True)
class Ok:
    """200 with ``sees`` on the page (for a file: its content type)."""

    sees: str


@dataclass(frozen=True)
class Login:
    """Sent to this login page, coming back to the URL afterwards."""

    url_name: str


@dataclass(frozen=True)
class Goes:
    """A redirect (after a form, or to the person's own page) whose target starts with ``path``."""

    path: str


POST = "post"
COMMIT = "commit"  # a run-time commit: a JSON body, as the player sends it
NAVIGATE = "navigate"  # a navigation request of SCORM 2004 sequencing, as the player sends it
CONFIRMED = "confirmed"  # the form posted again from its confirmation page ("Biztosan…?")
ASKS = Ok("Biztosan")  # a form that changes something answers a confirmation page first
HTML = "text/html"
PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON = "application/json"
SCHOOL = "Példafalvi Általános Iskola"

CHOOSER = Login("accounts:choose")
OFFICE_LOGIN = Login("accounts:login_office")
MASTER_LOGIN = Login("accounts:login_master")
MAINTAINER_LOGIN = Login("accounts:login_maintainer")
ASP_LOGIN = Login("accounts:login_email")

EVERYONE = ("anonymous", "teacher", "clerk", "learner")


def public(name, sees, method="get"):
    return [(name, role, Ok(sees), method) for role in EVERYONE]


def office(name, expect, method="get"):
    return [(name, "anonymous", OFFICE_LOGIN, method), (name, "teacher", 403, method),
            (name, "training_office", 403, method), (name, "clerk", expect, method)]


def master(name, expect, method="get"):
    return [(name, "anonymous", MASTER_LOGIN, method), (name, "teacher", 403, method),
            (name, "clerk", 403, method), (name, "head", expect, method)]


def institution(name, expect, method="get", outsider=None):
    """A page acting for the school: its teacher and its district may, others not."""
    lines = [(name, "anonymous", CHOOSER, method), (name, "head", 403, method), (name, "maintainer", 403, method),
             (name, "other_district", 403, method), (name, "clerk", 403, method)]
    if outsider is not None:
        lines.append((name, "outsider", outsider, method))
    if method == POST:  # a form that changes something: the first person admitted would change it for all
        return lines + [(name, "teacher", expect, method)]
    return lines + [(name, "district", expect, method), (name, "teacher", expect, method)]


def school_request(name, expect, method="get"):
    """A page of the school's data-change request: another school's teacher does not find it."""
    return institution(name, expect, method, outsider=404)


def maintainer(name, expect, method="get"):
    return [(name, "anonymous", MAINTAINER_LOGIN, method), (name, "teacher", 403, method),
            (name, "clerk", 403, method), (name, "maintainer", expect, method)]


def maintainer_request(name, expect, method="get"):
    """The maintainer's own change request: nobody else finds it (an announcer has no account)."""
    return [(name, "anonymous", 404, method), (name, "other_maintainer", 404, method), (name, "clerk", 404, method),
            (name, "teacher", 404, method), (name, "maintainer", expect, method)]


def asp(name, allowed: dict, method="get", login=ASP_LOGIN):
    refused = {"teacher": 403, "clerk": 403} | {r: 403 for r in ("learner", "notary", "training_office")
                                                   if r not in allowed}
    return ([(name, "anonymous", login, method)] + [(name, r, e, method) for r, e in refused.items()]
            + [(name, r, e, method) for r, e in allowed.items()])


LINES = [
    # --- the portal's front and the login pages ------------------------------------------------
    *public("core:landing", "Üdvözöljük!"),
    ("core:favicon", "anonymous", Goes("/static/portal/favicon.svg"), "get"),
    ("core:home", "anonymous", Goes("/belepes/"), "get"),
    ("core:home", "teacher", Goes("/intezmeny/"), "get"),
    ("core:home", "head", Goes("/mesterjelszo/"), "get"),
    ("core:home", "maintainer", Goes("/fenntarto/"), "get"),
    ("core:home", "clerk", Goes("/hivatal/"), "get"),
    ("core:home", "learner", Goes("/asp/"), "get"),
    ("core:home", "notary", Goes("/asp/jegyzo/"), "get"),
    ("core:home", "training_office", Goes("/asp/iroda/"), "get"),
    *public("core:postal_code_settlements", JSON),
    *public("accounts:choose", "Belépés"),
    *public("accounts:login_institution", "Intézményi belépés"),
    *public("accounts:login_district", "Tankerületi belépés"),
    *public("accounts:login_maintainer", "Fenntartói belépés"),
    *public("accounts:login_master", "Belépés a mesterjelszó-kezelőbe"),
    *public("accounts:login_office", "Oktatási Hivatal"),
    ("accounts:login_office_verify", "anonymous", Goes("/belepes/hivatal/"), "get"),
    *public("accounts:login_email", "Belépés az ASP oktatási portálra"),
    ("accounts:logout", "anonymous", 405, "get"),
    ("accounts:logout", "teacher", Goes("/"), POST),
    ("accounts:profile", "anonymous", CHOOSER, "get"),
    ("accounts:profile", "teacher", Ok("tanar"), "get"),
    ("accounts:profile", "learner", Ok("tanulo@peldafalva.example"), "get"),
    ("accounts:password_change", "anonymous", CHOOSER, "get"),
    ("accounts:password_change", "maintainer", 403, "get"),
    ("accounts:password_change", "teacher", Ok("Jelszóváltoztatás"), "get"),
    *public("accounts:password_reset", "Elfelejtette jelszavát?"),
    ("accounts:credential_use", "anonymous", 404, "get"),
    *public("accounts:credential_code_use", "Fenntartói jelszó beállítása"),
    # --- the Education Office ------------------------------------------------------------------
    *office("office:dashboard", Ok("Oktatási Hivatal")),
    *office("office:statistics", Ok("<table")),
    *office("office:audit_log", Ok("Napló")),
    *office("office:codelist_index", Ok("Kódtáblák")),
    *office("office:task_combination_list", Ok("Az ellátott feladatok")),
    *office("office:supplement_kind_detail", Ok("Sajátos nevelési igény")),
    *office("office:codelist_detail", Ok("Intézmény jellege")),
    *office("access:office_modules", Ok("Modulok lezárása")),
    *office("access:office_module_close", Ok("Intézményi adatok")),
    *office("access:office_master_link", Ok("Mesterjelszó-link küldése")),
    *office("registry:office_institution_go", Ok("Intézmény keresése OM azonosító")),
    *office("registry:office_relations", Ok(SCHOOL)),
    *office("documents:office_list", Ok("Okiratok hitelesítése")),
    *office("documents:office_authenticate", Goes("/hivatal/dokumentumok/"), POST),
    *office("documents:office_download", Ok(PDF)),
    *office("documents:office_register", Ok("Hivatalos szervtől érkezett")),
    *office("documents:office_register_maintainer", Ok("Példafalva Község Önkormányzata")),
    *office("changes:office_queue", Ok("Kérelmek")),
    *office("changes:office_authenticate", Ok("Postai példány beérkezett")),
    *office("changes:office_detail", Ok("Új intézmény")),
    *office("changes:office_pdf", 202),  # the stored PDF is being made by the worker: "készül"
    *office("changes:office_decide", Goes("/hivatal/kerelmek/"), POST),
    *office("maintainers:office_list", Ok("Fenntartók")),
    *office("maintainers:office_detail", Ok("Példafalva Község Önkormányzata")),
    *office("maintainers:office_link", 422, POST),  # reached: an empty form is refused with its errors
    *office("maintainers:office_password_letter", 422, POST),
    *office("maintainers:office_document_file", Ok(PDF)),
    # --- the master-password access manager ----------------------------------------------------
    *master("access:manager", Ok("Mesterjelszó-kezelő")),
    *master("access:user_create", Ok("Új felhasználó felvétele")),
    *master("access:user_view", Ok("tanar")),
    *master("access:user_rights", Ok("Felhasználó nézet: tanar")),
    *master("access:user_deactivate", Goes("/mesterjelszo/felhasznalo-nezet/"), POST),
    *master("access:user_activate", Goes("/mesterjelszo/felhasznalo-nezet/"), POST),
    *master("access:user_password", Ok("Új jelszó megadása: tanar")),
    *master("access:user_delete", Ok("Felhasználó törlése: tanar")),
    *master("access:project_view", Ok("Projekt nézet")),
    *master("access:module_users", Ok("tanar")),
    *master("access:head_email", Ok("Intézményvezetői cím")),
    ("access:my_modules", "anonymous", CHOOSER, "get"),
    ("access:my_modules", "teacher", Ok("Intézményi adatok"), "get"),
    *institution("access:institution_data_home", Ok("Intézményi adatok aktualizálása"), outsider=403),
    *institution("access:id_cards_home", Ok("Oktatási igazolvány adatok"), outsider=403),
    *institution("access:documents_home", Ok("Dokumentumok"), outsider=403),
    # --- the institution's pages (its teacher, or its district acting for it) ------------------
    *institution("registry:institution_home", Ok(SCHOOL)),
    ("registry:institution_home", "outsider", Ok("Másfalvi Gimnázium"), "get"),
    *institution("registry:id_cards", Ok("Oktatási igazolvány")),
    *institution("registry:id_card_edit", Ok("Oktatási igazolvány")),
    *institution("documents:institution_list", Ok("alapito.pdf")),
    *school_request("documents:institution_download", Ok(PDF)),
    *school_request("documents:institution_remove", Goes("/intezmeny/dokumentumok/"), POST),
    *school_request("documents:request_documents", Ok("Dokumentumok feltöltése")),
    *institution("changes:data_change", Goes("/kerelem/")),
    *institution("changes:request_list", Ok("Kérelmek listája")),
    *institution("changes:institution_end", Ok("Szünetelés/megszűnés bejelentése")),
    *school_request("changes:overview", Ok("Áttekintés és beküldés")),
    *school_request("changes:pdf", Ok(PDF)),
    *school_request("changes:tab_basic", Ok("Alapadatok")),
    *school_request("changes:tab_predecessors", Ok("Jogelőd")),
    *school_request("changes:tab_licences", Ok("Működési engedély")),
    *school_request("changes:tab_maintainer", Ok("Fenntartói adatok")),
    *school_request("changes:tab_sites", Ok("Feladatellátási helyek")),
    *school_request("changes:site_new", Ok("Feladatellátási hely")),
    *school_request("changes:site_edit", Ok("Feladatellátási hely")),
    *school_request("changes:site_status", Ok("Feladatellátási hely")),
    *school_request("changes:tab_tasks", Ok("Ellátott feladatok")),
    *school_request("changes:site_tasks", Ok("Ellátott feladatok")),
    *school_request("changes:task_edit", Ok("feladat")),
    *school_request("changes:site_delete", ASKS, POST),
    *school_request("changes:site_delete", Goes("/kerelem/"), CONFIRMED),
    *school_request("changes:task_delete", Goes("/kerelem/"), POST),
    *school_request("changes:task_mark", Goes("/kerelem/"), POST),
    *school_request("changes:cancel", ASKS, POST),
    *school_request("changes:cancel", Goes("/kerelem/"), CONFIRMED),
    *school_request("changes:submit", 422, POST),  # the draft is incomplete: the page lists what is missing
    # --- a new institution, announced without an account --------------------------------------
    *public("changes:start", "Új intézmény bejelentése"),
    *public("changes:continue", "Bejelentés folytatása"),
    # --- maintainers ---------------------------------------------------------------------------
    *public("maintainers:announce", "Új fenntartó bejelentése"),
    *public("maintainers:announce_continue", "Új fenntartó bejelentésének folytatása"),
    *maintainer("maintainers:home", Ok("Példafalva Község Önkormányzata")),
    ("maintainers:home", "other_maintainer", Ok("Másfalva Önkormányzata"), "get"),
    *maintainer("maintainers:change", Ok("Fenntartó módosítása")),
    *maintainer("maintainers:request_list", Ok("Kérelmek listája")),
    *maintainer("maintainers:termination", Ok("Fenntartó megszüntetése")),
    *maintainer("documents:maintainer_list", Ok("alapito.pdf")),
    *maintainer("documents:maintainer_download", Ok(PDF)),
    ("documents:maintainer_download", "other_maintainer", 404, "get"),
    *maintainer("documents:maintainer_remove", Goes("/fenntarto/dokumentumok/"), POST),
    ("documents:maintainer_remove", "other_maintainer", 404, POST),
    *maintainer_request("maintainers:request_detail", Ok("Fenntartói adatmódosítás")),
    *maintainer_request("maintainers:request_edit", Ok("Fenntartó módosítása")),
    *maintainer_request("maintainers:request_pdf", Ok(PDF)),
    *maintainer_request("maintainers:request_cancel", ASKS, POST),
    *maintainer_request("maintainers:request_cancel", Goes("/fenntarto/kerelmek/"), CONFIRMED),
    *maintainer_request("maintainers:member_new", Ok("Társulási tag")),
    *maintainer_request("maintainers:member_edit", Ok("Társulási tag")),
    *maintainer_request("maintainers:member_delete", Goes("/fenntartoi-kerelem/"), POST),
    *maintainer_request("maintainers:document_add", 422, POST),  # no file chosen: the form says so
    *maintainer_request("maintainers:document_file", Ok(PDF)),
    *maintainer_request("maintainers:document_remove", Goes("/fenntartoi-kerelem/"), POST),
    # --- public search, open data, API ---------------------------------------------------------
    *public("public:search", "Intézménykereső"),
    *public("public:institution", SCHOOL),
    *public("public:maintainer", "Tankerületi Központ"),
    *public("public:open_data", "Nyílt adatok"),
    *public("public:open_data_download", "text/csv"),
    *public("documents:public_download", PDF),
    *public("public_api:openapi-json", JSON),
    *public("public_api:openapi-view", "swagger"),
    *public("public_api:institutions", JSON),
    *public("public_api:institution", JSON),
    *public("public_api:sites", JSON),
    *public("public_api:tasks", JSON),
    *public("public_api:versions", JSON),
    *public("public_api:maintainers", JSON),
    *public("public_api:maintainer", JSON),
    *public("public_api:codelists", "fenntarto-tipus"),
    *public("public_api:codelist", JSON),
    *public("public_api:changes", JSON),
    ("public_api:api-root", "anonymous", 404, "get"),
    # --- the operators' admin (every admin URL goes through OperatorAdminSite.has_permission) --------
    ("admin:index", "anonymous", Goes("/admin/login/"), "get"),
    ("admin:index", "teacher", Goes("/admin/login/"), "get"),
    ("admin:index", "clerk", Goes("/admin/login/"), "get"),  # a clerk, not an operator
    ("admin:index", "clerk_operator", Ok("Üzemeltetői felület"), "get"),
    ("admin:login", "anonymous", Goes("/belepes/hivatal/"), "get"),
    # --- ASP oktatás ---------------------------------------------------------------------------
    *asp("training:learner_home", {"learner": Ok("Gazdálkodási alapok")}),
    ("training:learner_home", "other_learner", Ok("Tananyagaim"), "get"),
    *asp("training:course_detail", {"learner": Ok("Gazdálkodási alapok"), "training_office": Ok("Gazdálkodási alapok")}),
    ("training:course_detail", "other_learner", 403, "get"),
    *asp("training:player", {"learner": Ok("Gazdálkodási alapok"), "training_office": Ok("Gazdálkodási alapok")}),
    ("training:player", "other_learner", 403, "get"),
    # sent on to the content origin under a launch token (training/views/content.py)
    *asp("training:package_file", {"learner": Goes("/asp/tartalom/"), "training_office": Goes("/asp/tartalom/")}),
    ("training:package_file", "other_learner", 403, "get"),
    # the content origin: no cookies cross to it, the signed launch token in the URL is the grant
    # (forged, expired and withdrawn tokens: tests/training/test_content_isolation.py)
    ("training:content_frame", "anonymous", Ok("scorm-content"), "get"),
    ("training:content_file", "anonymous", Ok(HTML), "get"),
    # singlescobasic has no sequencing: the course's own page starts it
    *asp("training:course_enter", {"learner": Goes("/asp/tananyag/"), "training_office": Goes("/asp/tananyag/")}, POST),
    ("training:course_enter", "other_learner", 403, POST),
    # reached, but a package without sequencing has no navigation requests (400, in Hungarian)
    *asp("training:navigation", {"learner": 400, "training_office": 400}, NAVIGATE),
    ("training:navigation", "other_learner", 403, NAVIGATE),
    # the learner's own attempt is reached (its run-time session is closed: 409 with SCORM error 301)
    *asp("training:attempt_commit", {"learner": 409}, COMMIT),
    ("training:attempt_commit", "other_learner", 403, COMMIT),
    *asp("training:notary_home", {"notary": Ok("Kiss Anna")}),
    ("training:notary_home", "other_notary", Ok("Beiskolázottak"), "get"),
    *asp("training:notary_export", {"notary": Ok(XLSX)}),
    ("training:invitation_resend", "other_notary", 403, POST),
    *asp("training:invitation_resend", {"training_office": Goes("/asp/iroda/beiskolazottak/"),
                                        "notary": Goes("/asp/jegyzo/")}, POST),
    ("training:learner_withdraw", "notary", ASKS, POST),
    ("training:learner_withdraw", "other_notary", 403, CONFIRMED),
    *asp("training:learner_withdraw", {"notary": Goes("/asp/jegyzo/"),
                                       "training_office": Goes("/asp/iroda/beiskolazottak/")}, CONFIRMED),
    *asp("training:intake_template", {"notary": Ok(XLSX), "training_office": Ok(XLSX)}),
    *asp("training:intake_upload", {"notary": Ok("Regisztrációs táblázat feltöltése"),
                                    "training_office": Ok("Regisztrációs táblázat feltöltése")}),
    *asp("training:intake_detail", {"notary": Ok("terv.xlsx"), "training_office": Ok("terv.xlsx")}),
    ("training:intake_detail", "other_notary", 403, "get"),
    *asp("training:intake_report", {"notary": Ok(XLSX), "training_office": Ok(XLSX)}),
    ("training:intake_report", "other_notary", 403, "get"),
    *asp("training:office_home", {"training_office": Ok("ASP oktatás")}),
    *asp("training:course_list", {"training_office": Ok("Gazdálkodási alapok")}),
    *asp("training:course_create", {"training_office": Ok("Új tananyag")}),
    *asp("training:package_upload", {"training_office": Ok("SCORM-csomag feltöltése")}),
    *asp("training:municipality_list", {"training_office": Ok("Önkormányzatok")}),
    *asp("training:learner_list", {"training_office": Ok("tanulo@peldafalva.example")}),
]

PATTERNS = dict(patterns())
BY_URL: dict[str, list] = {}
for _line in LINES:
    BY_URL.setdefault(_line[0], []).append(_line[1:])


@pytest.fixture
def world(db):
    return build()


def check(world, name: str, role: str, expect, method: str) -> str | None:
    """What is wrong with ``role``'s visit to URL ``name`` (None when it is as the line says)."""
    url = reverse(name, kwargs=url_kwargs(name, PATTERNS[name], world.objects))
    cache.clear()  # the API's rate limit and the search caches start afresh for every visit
    if method == CONFIRMED:
        response = world.client(role).post(url, {CONFIRM_FIELD: "1"})
    elif method == NAVIGATE:
        response = world.client(role).post(url, json.dumps({"request": "continue"}), content_type="application/json")
    elif method == COMMIT:
        response = world.client(role).post(url, json.dumps({"values": {"cmi.suspend_data": "oldal=2"}, "finish": False}),
                                           content_type="application/json")
    else:
        response = getattr(world.client(role), method)(url)
    got = f"{role} {method.upper()} {url}: {response.status_code} {response.get('Location', '')}"
    if isinstance(expect, int):
        return None if response.status_code == expect else f"{got}, expected {expect}"
    if isinstance(expect, Login):
        login = reverse(expect.url_name)
        ok = response.status_code == 302 and response["Location"].startswith(f"{login}?next=")
        return None if ok else f"{got}, expected the login page {login}"
    if isinstance(expect, Goes):
        ok = response.status_code in (301, 302) and response["Location"].startswith(expect.path)
        return None if ok else f"{got}, expected a redirect to {expect.path}"
    if response.status_code != 200:
        return f"{got}, expected 200 with {expect.sees!r}"
    if "/" in expect.sees and " " not in expect.sees:  # a content type
        return None if response["Content-Type"].startswith(expect.sees) else f"{got} {response['Content-Type']}"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return None if expect.sees in body.decode() else f"{got}, {expect.sees!r} is not on the page"


@pytest.mark.parametrize("name", sorted(BY_URL))
def test_each_person_gets_what_the_lines_say(world, name):
    problems = [problem for role, expect, method in BY_URL[name]
                if (problem := check(world, name, role, expect, method))]
    assert not problems, "\n".join(problems)


# The admin's own URLs (a hundred, one set per model) all go through the admin site's admin_view,
# whose has_permission is proven by the admin lines above and by tests/core/test_admin.py.
ADMIN_PAGES = {name for name in PATTERNS if name.startswith("admin:") and name not in ("admin:index", "admin:login")}


def test_every_url_pattern_has_access_lines():
    assert sorted(set(PATTERNS) - set(BY_URL) - ADMIN_PAGES) == []
    assert sorted(set(BY_URL) - set(PATTERNS)) == []


def test_every_page_that_needs_a_login_is_refused_to_someone():
    """A line table that only admits people proves nothing: each non-public URL refuses someone."""
    public_urls = {name for name, lines in BY_URL.items() if all(role != "anonymous" or isinstance(e, Ok)
                                                                   for role, e, _ in lines)
                   and any(role == "anonymous" for role, _, _ in lines)}
    for name, lines in BY_URL.items():
        if name in public_urls or name in ("core:favicon", "admin:login", "training:content_frame", "training:content_file", "core:home", "accounts:login_office_verify", "public_api:api-root",
                                           "accounts:logout", "accounts:credential_use"):
            continue
        assert any(isinstance(e, int) and e in (403, 404) or isinstance(e, Login)
                   or isinstance(e, Goes) and "login" in e.path for _, e, _ in lines), name


@pytest.mark.parametrize("name", ["training:invitation_resend", "training:learner_withdraw"])
def test_a_learner_that_does_not_exist_is_not_found_rather_than_an_error(world, name):
    response = world.client("notary").post(reverse(name, kwargs={"learner_id": 987654}), {CONFIRM_FIELD: "1"})
    assert response.status_code == 404
