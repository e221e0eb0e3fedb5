"""Which modules an institution may use, by its status, character and tasks.

Annex V: modules that the institution's character or tasks do not justify are
shown inactive with a note. Each ``Module.eligibility_rule`` names one function
here; it returns ``None`` when the institution is eligible, otherwise the
Hungarian reason shown next to the module and on refusal.

A record that predates the register core (no character, no sites) is judged by
its status alone, so legacy and demo records are not locked out.
"""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from portal.registry.models import Institution, Task

from .models import Module

NOT_OPERATING = _("Az intézmény nem működő (megszűnt vagy még bejelentés alatt áll), ezért a modul nem elérhető.")
NO_PUPILS_OR_TEACHERS = _(
    "Az intézmény jellege, illetve ellátott feladatai nem indokolják a modul használatát "
    "(csak gyermeket, tanulót vagy pedagógust foglalkoztató köznevelési intézmény használhatja)."
)

NO_TASKS = _(
    "Az intézménynek nincs működő feladatellátási helyen ellátott feladata, ezért a modul nem elérhető."
)

OPERATING_STATUSES = {Institution.Status.ACTIVE, Institution.Status.SUSPENDED}

# Institution characters (seed p. 5: "Intézmény jellege") with pupils or teachers.
PUBLIC_EDUCATION_CHARACTERS = {
    "koznevelesi-intezmeny", "koznevelesi-intezmeny-egyeb-feladattal",
    "köznevelési intézmény", "köznevelési intézmény egyéb feladattal",
}


def _character_code(institution: Institution) -> str | None:
    character = getattr(institution, "character", None)
    if character in (None, ""):
        return None
    return str(getattr(character, "code", character)).strip().lower()


def rule_any_institution(institution: Institution) -> str | None:
    if institution.status not in OPERATING_STATUSES:
        return str(NOT_OPERATING)
    return None


def rule_pupils_or_teachers(institution: Institution) -> str | None:
    if reason := rule_any_institution(institution):
        return reason
    character = _character_code(institution)
    if character is not None and character not in PUBLIC_EDUCATION_CHARACTERS:
        return str(NO_PUPILS_OR_TEACHERS)
    if _has_sites(institution) and not _has_task_at_working_site(institution):
        return str(NO_TASKS)
    return None


def _has_sites(institution: Institution) -> bool:
    return getattr(institution, "pk", None) is not None and institution.sites.exists()


def _has_task_at_working_site(institution: Institution) -> bool:
    """Pupils and teachers belong to tasks; a terminated site has none left."""
    return Task.objects.filter(site__institution=institution).exclude(site__status="terminated").exists()


RULES: dict[str, Callable[[Institution], str | None]] = {
    Module.Rule.ANY_INSTITUTION: rule_any_institution,
    Module.Rule.PUPILS_OR_TEACHERS: rule_pupils_or_teachers,
}


def ineligibility_reason(*, module: Module, institution: Institution) -> str | None:
    """Why ``institution`` may not use ``module``, or ``None`` when it may."""
    return RULES[module.eligibility_rule](institution)
