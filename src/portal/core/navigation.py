"""Where each role starts and which links its navigation shows."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Kind

# The first URL name that exists is a role's home; later features add theirs in front.
HOME_URLS: dict[str, list[str]] = {
    Kind.INSTITUTION: ["registry:institution_home", "access:my_modules", "accounts:profile"],
    Kind.DISTRICT: ["registry:institution_home", "access:my_modules", "accounts:profile"],
    Kind.MASTER: ["access:manager", "accounts:profile"],
    Kind.MAINTAINER: ["maintainers:home", "registry:maintainer_home", "accounts:profile"],
    Kind.OFFICE: ["office:dashboard", "changes:office_queue", "accounts:profile"],
    Kind.NOTARY: ["training:notary_home", "accounts:profile"],
    Kind.TRAINING_OFFICE: ["training:office_home", "accounts:profile"],
    Kind.LEARNER: ["training:learner_home", "accounts:profile"],
}

PUBLIC_LINKS = [
    ("core:landing", _("Kezdőlap")),
    ("public:search", _("Intézménykereső")),
]


def _first_url(names: list[str]) -> str | None:
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def home_url_for(user) -> str:
    return _first_url(HOME_URLS.get(user.kind, [])) or reverse("core:landing")


def public_links() -> list[tuple[str, str]]:
    links = []
    for name, label in PUBLIC_LINKS:
        url = _first_url([name])
        if url:
            links.append((url, label))
    return links
