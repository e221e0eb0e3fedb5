"""Reads about accounts: who acts for what, where each kind logs in, token lookups."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from portal.registry.models import Institution

from .models import EMAIL_KINDS, CredentialToken, Kind, login_key_for

ACTING_INSTITUTION_SESSION_KEY = "acting_institution_id"

LOGIN_URL_NAMES = {
    Kind.INSTITUTION: "accounts:login_institution",
    Kind.DISTRICT: "accounts:login_district",
    Kind.MASTER: "accounts:login_master",
    Kind.MAINTAINER: "accounts:login_maintainer",
    Kind.OFFICE: "accounts:login_office",
    Kind.NOTARY: "accounts:login_email",
    Kind.TRAINING_OFFICE: "accounts:login_email",
    Kind.LEARNER: "accounts:login_email",
}


def login_url_name_for_kinds(kinds) -> str:
    """The login page of a page open to ``kinds``: theirs when they share one, else the chooser."""
    names = {LOGIN_URL_NAMES.get(kind, "accounts:choose") for kind in kinds}
    return names.pop() if len(names) == 1 else "accounts:choose"


def login_url_for(user) -> str:
    """The login page where this person types their identifiers."""
    return reverse(LOGIN_URL_NAMES.get(user.kind, "accounts:choose"))


def secret_hash(value: str, *, salt: str) -> str:
    """A keyed hash (HMAC with SECRET_KEY), so a copy of the table alone reveals nothing."""
    return salted_hmac(salt, value, algorithm="sha256").hexdigest()


def token_hash(raw: str) -> str:
    return secret_hash(raw, salt="portal.accounts.credential")


def user_may_act_for_institution(user, institution: Institution | None) -> bool:
    """An institution user acts for their own institution; a district for those it maintains."""
    if institution is None or user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.kind in (Kind.INSTITUTION, Kind.MASTER):
        return user.institution_id is not None and user.institution_id == institution.pk
    if user.kind == Kind.DISTRICT:
        maintainer = institution.maintainer
        return (
            maintainer is not None
            and user.maintainer_id == maintainer.pk
            and maintainer.maintainer_type.is_school_district
        )
    return False


def acting_institution(request) -> Institution | None:
    """The institution the logged-in person acts for in this session, if any.

    Institution and master identities act for their own institution; a district
    for the one whose OM ID it typed at login (checked again on every call).
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if user.kind in (Kind.INSTITUTION, Kind.MASTER):
        return user.institution
    if user.kind == Kind.DISTRICT:
        institution_id = request.session.get(ACTING_INSTITUTION_SESSION_KEY)
        institution = (
            Institution.objects.select_related("maintainer__maintainer_type")
            .filter(pk=institution_id).first()
            if institution_id else None
        )
        return institution if user_may_act_for_institution(user, institution) else None
    return None


def district_institution_for_login(om_id: str) -> Institution | None:
    """The institution a district may log in for: one maintained by a school district."""
    institution = (
        Institution.objects.select_related("maintainer__maintainer_type").filter(om_id=om_id).first()
    )
    if institution is None or institution.maintainer is None:
        return None
    if not institution.maintainer.maintainer_type.is_school_district:
        return None
    return institution


def district_login_key(*, om_id: str, username: str) -> str:
    """The key of the district account that may act for ``om_id``.

    For an OM ID that no district may enter, a key no account can have (the
    attempt is still counted by the lockout, like any other failure).
    """
    institution = district_institution_for_login(om_id)
    scope = institution.maintainer.maintainer_id if institution else f"om-{om_id}"
    return login_key_for(kind=Kind.DISTRICT, scope=scope or f"om-{om_id}", username=username)


def maintainer_login_key(maintainer_id: str, username: str = "") -> str:
    """Maintainer accounts: the username is the maintainer ID itself (as in the seed)."""
    return login_key_for(kind=Kind.MAINTAINER, scope=maintainer_id, username=username or maintainer_id)


def user_by_email(email: str):
    """The active e-mail-based account (learner, notary, training office) with this address."""
    User = get_user_model()
    return (
        User.objects.filter(login_key=login_key_for(kind=Kind.LEARNER, username=email),
                            kind__in=EMAIL_KINDS, is_active=True)
        .first()
    )


def user_notice_address(user) -> str:
    """Where mail about this account goes: the person's address, else the one on the record."""
    if user.email:
        return user.email
    if user.kind == Kind.MASTER and user.institution_id:
        return user.institution.head_email
    if user.kind == Kind.MAINTAINER and user.maintainer_id:
        return user.maintainer.representative_email
    return ""


class TokenState:
    VALID = "valid"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"


def credential_token_state(token: CredentialToken | None) -> str:
    if token is None:
        return TokenState.UNKNOWN
    if token.used_at is not None:
        return TokenState.USED
    if token.revoked_at is not None:
        return TokenState.REVOKED
    if token.expires_at <= timezone.now():
        return TokenState.EXPIRED
    return TokenState.VALID


def credential_token_find(raw: str) -> tuple[CredentialToken | None, str]:
    """The token behind a link (looked up by its hash) and its state. Never changes anything."""
    if not raw or len(raw) > 200:
        return None, TokenState.UNKNOWN
    token = (
        CredentialToken.objects.select_related("user")
        .filter(token_hash=token_hash(raw)).exclude(purpose=CredentialToken.Purpose.MAINTAINER_LETTER)
        .first()
    )
    return token, credential_token_state(token)
