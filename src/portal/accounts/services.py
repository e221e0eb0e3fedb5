"""Writes about accounts: creating users, setting passwords, single-use links and codes.

Every password a person chooses passes the same validators; every change is
audited and followed by a notice mail ("jelszava megváltozott"). Links and
codes are stored only as keyed hashes and are used up by the POST that sets
the password, never by opening the page.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.audit import audit_record
from portal.core.mail import mail_send

from .models import CredentialToken, Kind, PasswordResetRequest, login_key_for
from .selectors import (
    TokenState,
    credential_token_state,
    maintainer_login_key,
    secret_hash,
    token_hash,
    user_by_email,
    user_notice_address,
)

Purpose = CredentialToken.Purpose

NO_ADDRESS = _("A felhasználónak nincs e-mail címe, ezért a hivatkozást nem lehet elküldeni.")
TOKEN_MESSAGES = {
    TokenState.UNKNOWN: _("Ez a hivatkozás érvénytelen. Lehet, hogy nem teljesen másolta be a levélből."),
    TokenState.EXPIRED: _("Ez a hivatkozás lejárt."),
    TokenState.USED: _("Ezt a hivatkozást már felhasználták: egy hivatkozással csak egyszer lehet jelszót beállítani."),
    TokenState.REVOKED: _("Ez a hivatkozás már nem érvényes, mert később újat kértek. Használja a legutóbbi levélben kapott hivatkozást."),
}
CODE_WRONG = _("A fenntartói azonosító vagy a levélben kapott kód nem megfelelő, vagy a kód lejárt.")
CODE_EXHAUSTED = _(
    "A kódot túl sokszor adták meg hibásan, ezért érvénytelenné vált. Kérjen új jelszót írásban az Oktatási Hivataltól."
)
RESET_RATE_LIMITED = _(
    "Túl sok jelszó-visszaállítási kérés érkezett. Kérjük, próbálja újra egy óra múlva."
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: easy to copy from paper
CODE_LENGTH = 10
CODE_MAX_FAILURES = 5
LINK_PURPOSES = (Purpose.ACTIVATE, Purpose.RESET, Purpose.MASTER)


class CredentialError(Exception):
    """A link or code that cannot be used; ``message`` is what to show, ``state`` why."""

    def __init__(self, message, *, state: str = TokenState.UNKNOWN):
        super().__init__(str(message))
        self.message = message
        self.state = state


class RateLimited(Exception):
    def __init__(self, message=RESET_RATE_LIMITED):
        super().__init__(str(message))
        self.message = message


# --- users -----------------------------------------------------------------


def _scope_for(*, kind: str, institution=None, maintainer=None) -> str:
    if kind in (Kind.INSTITUTION, Kind.MASTER):
        return institution.om_id or ""
    if kind in (Kind.DISTRICT, Kind.MAINTAINER):
        return maintainer.maintainer_id or ""
    return ""


def user_login_key(*, kind: str, username: str = "", email: str = "", institution=None, maintainer=None) -> str:
    """The login key of an account of ``kind`` with these identifiers (see models.login_key_for)."""
    if kind == Kind.MAINTAINER:
        return maintainer_login_key(maintainer.maintainer_id)
    if kind in (Kind.NOTARY, Kind.TRAINING_OFFICE, Kind.LEARNER):
        return login_key_for(kind=kind, username=email)
    scope = _scope_for(kind=kind, institution=institution, maintainer=maintainer)
    return login_key_for(kind=kind, scope=scope, username=username)


def user_create(
    *,
    kind: str,
    username: str = "",
    email: str = "",
    full_name: str = "",
    institution=None,
    maintainer=None,
    password: str | None = None,
    actor=None,
):
    """Create an account of ``kind``. With ``password`` (set by ``actor``, e.g. the head in the
    master-password manager) the person must change it at first login; without one the
    account has no usable password until the person sets one with a link or code."""
    User = get_user_model()
    if kind == Kind.MAINTAINER:
        username = maintainer.maintainer_id
    if kind == Kind.MASTER:
        username = ""
    login_key = user_login_key(
        kind=kind, username=username, email=email, institution=institution, maintainer=maintainer
    )
    user = User(
        kind=kind, login_key=login_key, username=username, email=email.strip().lower() if email else "",
        full_name=full_name, institution=institution, maintainer=maintainer,
    )
    if password is not None:
        validate_password(password, user)
    with transaction.atomic():
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
            user.must_change_password = True
        user.save()
        audit_record(action="account.create", actor=actor, target=user, data={"kind": kind})
    return user


def _password_notice(user, *, ip_address: str | None = None) -> None:
    address = user_notice_address(user)
    if address:
        mail_send(
            to=address, template="password_changed",
            context={"user": user, "changed_at": timezone.now(), "ip_address": ip_address or ""},
        )


def _password_store(user, password: str, *, must_change: bool) -> None:
    user.set_password(password)
    user.must_change_password = must_change
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])


def user_password_change(*, user, new_password: str, ip_address: str | None = None) -> None:
    """The person changes their own password (the old one was checked by the form)."""
    validate_password(new_password, user)
    with transaction.atomic():
        _password_store(user, new_password, must_change=False)
        _revoke_open_tokens(user, purposes=LINK_PURPOSES)
        audit_record(action="account.password_change", actor=user, target=user, ip_address=ip_address)
        _password_notice(user, ip_address=ip_address)


def user_password_set(*, user, password: str, actor, ip_address: str | None = None) -> None:
    """Someone else sets ``user``'s password: the person must change it at first login."""
    validate_password(password, user)
    with transaction.atomic():
        _password_store(user, password, must_change=actor is None or actor.pk != user.pk)
        audit_record(action="account.password_set", actor=actor, target=user,
                     data={"by": "other"}, ip_address=ip_address)
        _password_notice(user, ip_address=ip_address)


# --- single-use links and codes ------------------------------------------------


def _default_hours(purpose: str) -> int:
    if purpose == Purpose.RESET:
        return settings.RESET_LINK_HOURS
    if purpose == Purpose.MAINTAINER_LETTER:
        return settings.CREDENTIAL_CODE_HOURS
    return settings.CREDENTIAL_LINK_HOURS


def _revoke_open_tokens(user, *, purposes) -> None:
    now = timezone.now()
    CredentialToken.objects.filter(
        user=user, purpose__in=list(purposes), used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)


def _token_store(*, user, purpose: str, digest: str, hours: int | None = None) -> CredentialToken:
    """Store a new token's hash; earlier open tokens of the same purpose stop working."""
    now = timezone.now()
    with transaction.atomic():
        _revoke_open_tokens(user, purposes=[purpose])
        token = CredentialToken.objects.create(
            user=user, purpose=purpose, token_hash=digest, created_at=now,
            expires_at=now + timedelta(hours=hours or _default_hours(purpose)),
        )
        audit_record(action="credential.issue", target=user,
                     data={"purpose": purpose, "expires_at": token.expires_at})
    return token


def credential_token_issue(*, user, purpose: str, hours: int | None = None) -> str:
    """Issue a single-use link token for ``user``; returns the raw token (only the hash is kept).
    Earlier open tokens of the same purpose stop working."""
    raw = secrets.token_urlsafe(32)
    _token_store(user=user, purpose=purpose, digest=token_hash(raw), hours=hours)
    return raw


def credential_url(token: str) -> str:
    """Absolute address of the page where the token's holder sets a password."""
    return settings.SITE_URL.rstrip("/") + reverse("accounts:credential_use", args=[token])


def credential_link_send(*, user, purpose: str, template: str = "credential_link", context: dict | None = None) -> str:
    """Issue a link and mail it to the person (after commit). Returns the raw token."""
    address = user_notice_address(user)
    if not address:
        raise CredentialError(NO_ADDRESS)
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        token = _token_store(user=user, purpose=purpose, digest=token_hash(raw))
        mail_send(to=address, template=template, context={
            "user": user, "url": credential_url(raw), "purpose": purpose,
            "purpose_label": token.get_purpose_display(), "expires_at": token.expires_at,
            "hours": round((token.expires_at - token.created_at).total_seconds() / 3600),
            **(context or {}),
        })
    return raw


def code_normalise(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def code_hash(code: str) -> str:
    return secret_hash(code_normalise(code), salt="portal.accounts.credential-code")


def credential_code_issue(*, user, purpose: str = Purpose.MAINTAINER_LETTER) -> str:
    """A short single-use code for a letter sent by post (10 characters, unambiguous alphabet).
    Returned as typed on paper, e.g. ``ABCDE-FGH23``; dashes and spaces are ignored."""
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    _token_store(user=user, purpose=purpose, digest=code_hash(code))
    return f"{code[:5]}-{code[5:]}"


def _token_consume(token: CredentialToken, *, password: str, ip_address: str | None) -> None:
    user = token.user
    _password_store(user, password, must_change=False)
    token.used_at = timezone.now()
    token.save(update_fields=["used_at"])
    _revoke_open_tokens(user, purposes=[p for p in Purpose.values])
    audit_record(action="account.password_set", actor=user, target=user,
                 data={"by": "self", "purpose": token.purpose}, ip_address=ip_address)
    _password_notice(user, ip_address=ip_address)


def credential_token_use(*, token: str, password: str, ip_address: str | None = None):
    """Set the password with a link token and use it up. Raises CredentialError for an
    unknown, expired, used or superseded link and ValidationError for a weak password
    (then the link stays usable). Returns the user."""
    with transaction.atomic():
        record = (
            CredentialToken.objects.select_for_update().select_related("user")
            .filter(token_hash=token_hash(token or ""), purpose__in=LINK_PURPOSES).first()
        )
        state = credential_token_state(record)
        if state != TokenState.VALID:
            raise CredentialError(TOKEN_MESSAGES[state], state=state)
        validate_password(password, record.user)
        _token_consume(record, password=password, ip_address=ip_address)
    return record.user


def credential_code_use(*, maintainer_id: str, code: str, password: str, ip_address: str | None = None):
    """The maintainer sets a password with the code of a letter. Wrong codes count against the
    maintainer's open code; after CODE_MAX_FAILURES it is revoked. Returns the user."""
    login_key = maintainer_login_key((maintainer_id or "").strip())
    with transaction.atomic():
        open_codes = list(
            CredentialToken.objects.select_for_update().select_related("user")
            .filter(user__login_key=login_key, purpose=Purpose.MAINTAINER_LETTER,
                    used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())
        )
        digest = code_hash(code)
        record = next((t for t in open_codes if secrets.compare_digest(t.token_hash, digest)), None)
        if record is None:
            exhausted = _code_failure(open_codes)
        else:
            validate_password(password, record.user)
            _token_consume(record, password=password, ip_address=ip_address)
    if record is None:  # raised after commit, so the failure count is kept
        raise CredentialError(CODE_EXHAUSTED if exhausted else CODE_WRONG)
    return record.user


def _code_failure(open_codes: list[CredentialToken]) -> bool:
    """Count a wrong code against the open ones; True when that used up the last attempt."""
    exhausted = False
    for token in open_codes:
        token.failed_attempts += 1
        if token.failed_attempts >= CODE_MAX_FAILURES:
            token.revoked_at = timezone.now()
            exhausted = True
        token.save(update_fields=["failed_attempts", "revoked_at"])
    return exhausted


# --- "Elfelejtette jelszavát?" ----------------------------------------------------------


def email_hash(email: str) -> str:
    return secret_hash(email.strip().lower(), salt="portal.accounts.reset-email")


def password_reset_request(*, email: str, ip_address: str | None = None) -> None:
    """Mail a reset link if an e-mail-based account has this address. The caller shows the
    same answer either way; only the rate limit (per address and per IP, counted in the
    database so it holds across processes) is reported, also the same either way."""
    since = timezone.now() - timedelta(hours=1)
    digest = email_hash(email)
    with transaction.atomic():
        PasswordResetRequest.objects.filter(created_at__lt=timezone.now() - timedelta(days=1)).delete()
        recent = PasswordResetRequest.objects.filter(created_at__gte=since)
        if recent.filter(email_hash=digest).count() >= settings.PASSWORD_RESET_RATE:
            raise RateLimited()
        if ip_address and recent.filter(ip_address=ip_address).count() >= settings.PASSWORD_RESET_IP_RATE:
            raise RateLimited()
        PasswordResetRequest.objects.create(email_hash=digest, ip_address=ip_address)
        user = user_by_email(email)
        if user is not None:
            credential_link_send(user=user, purpose=Purpose.RESET, template="password_reset")


# --- second factor of office clerks ------------------------------------------------


def office_device_for_enrolment(*, user):
    """The clerk's unconfirmed TOTP device to enrol (created once, so the QR code stays the same).
    None when the clerk already has a confirmed device."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return None
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "Hitelesítő alkalmazás"}
    )
    return device


def office_device_confirm(*, device, ip_address: str | None = None) -> None:
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(action="account.otp_enrol", actor=device.user, target=device.user, ip_address=ip_address)
