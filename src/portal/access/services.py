"""Writes of the access manager. Each checks its rules, runs atomically and is audited."""

import re
from dataclasses import dataclass, field

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Kind, User, login_key_for
from portal.core.audit import audit_record
from portal.core.mail import mail_send
from portal.registry.models import Institution, InstitutionVersion
from portal.registry.schema import from_register

from . import selectors
from .eligibility import ineligibility_reason
from .models import AccessProfile, Module, ModulePermission

USERNAME_REQUIRED = _("Adja meg a felhasználó nevét.")
USERNAME_INVALID = _(
    "A felhasználónév 3–150 karakter lehet, és csak betűt, számot, pontot, kötőjelet, "
    "aláhúzást vagy @ jelet tartalmazhat (szóközt nem)."
)
USERNAME_TAKEN = _("Ilyen felhasználónév már van az intézményben. Válasszon másikat.")
PASSWORD_REQUIRED = _("Adja meg a felhasználó jelszavát.")
MODULE_INELIGIBLE = _("A(z) „%(module)s” modul az intézmény számára nem elérhető: %(reason)s")
CLOSE_REASON_REQUIRED = _("Adja meg, miért zárja le a modult; a felhasználók ezt látják.")
MODULE_NOT_PERIODIC = _("Csak időszakosan használt modult lehet lezárni.")
HEAD_EMAIL_REQUIRED = _("Adja meg az intézményvezető e-mail címét.")
HEAD_EMAIL_INVALID = _("Adjon meg érvényes e-mail címet, például nev@intezmeny.hu formában.")
HEAD_EMAIL_UNCHANGED = _("Ez az e-mail cím már rögzítve van intézményvezetői címként.")
NO_HEAD_EMAIL = _(
    "Az intézménynek nincs rögzített intézményvezetői e-mail címe, ezért a mesterjelszó-link "
    "nem küldhető el. Az intézményvezetői cím a mesterjelszó-kezelőben vagy adatmódosítási kérelemmel rögzíthető."
)
INSTITUTION_NOT_FOUND = _("Nincs ilyen OM azonosítójú intézmény a nyilvántartásban.")

USERNAME_PATTERN = re.compile(r"^[\w.@-]{3,150}$")


class AccessError(Exception):
    """A rule of the access manager was broken; ``field`` names the form field."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(str(message))
        self.message = str(message)
        self.field = field


@dataclass
class RightsResult:
    """Modules that, after the change, no active user of the institution may use."""

    orphaned: list[Module] = field(default_factory=list)


def _holder_counts(institution: Institution) -> dict[int, int]:
    return {state.module.pk: len(state.holders) for state in selectors.modules_for_institution(institution=institution)}


def _orphaned(before: dict[int, int], institution: Institution) -> list[Module]:
    after = _holder_counts(institution)
    lost = [pk for pk, count in before.items() if count and not after.get(pk)]
    return list(Module.objects.filter(pk__in=lost))


def access_user_create(
    *, actor, institution: Institution, username: str, password: str,
    may_change_password: bool, full_name: str = "",
) -> User:
    """"Új felhasználó felvétele": a username unique in the institution and its password."""
    username = (username or "").strip()
    if not username:
        raise AccessError(USERNAME_REQUIRED, field="username")
    if not USERNAME_PATTERN.match(username):
        raise AccessError(USERNAME_INVALID, field="username")
    login_key = login_key_for(kind=Kind.INSTITUTION, scope=institution.om_id, username=username)
    if not password:
        raise AccessError(PASSWORD_REQUIRED, field="password")
    candidate = User(kind=Kind.INSTITUTION, username=username, institution=institution, login_key=login_key)
    try:
        validate_password(password, candidate)
    except ValidationError as error:
        raise AccessError(" ".join(error.messages), field="password") from error
    with transaction.atomic():
        if User.objects.filter(login_key=login_key).exists():
            raise AccessError(USERNAME_TAKEN, field="username")
        user = User.objects.create_user(
            kind=Kind.INSTITUTION, username=username, full_name=full_name.strip(),
            institution=institution, login_key=login_key, password=password,
            # The head set this password: the user replaces it at first login, if allowed to.
            must_change_password=may_change_password,
        )
        AccessProfile.objects.create(user=user, may_change_password=may_change_password, created_by=actor)
        audit_record(
            action="access.user_create", actor=actor, target=user,
            data={"institution": institution.om_id, "may_change_password": may_change_password},
        )
    return user


def _check_grantable(*, institution: Institution, modules: list[Module], already: set[int]) -> None:
    for module in modules:
        reason = ineligibility_reason(module=module, institution=institution)
        if reason and module.pk not in already:
            raise AccessError(MODULE_INELIGIBLE % {"module": module.name, "reason": reason})


def access_user_rights_set(
    *, actor, user: User, may_change_password: bool, module_codes: set[str]
) -> RightsResult:
    """"Felhasználó nézet": the password right and exactly these module rights for one user.

    Rights on modules the institution is not eligible for cannot be granted; ones
    held from earlier are kept (they admit nobody while the module is ineligible).
    """
    institution = user.institution
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        before = _holder_counts(institution)
        held = {p.module_id: p for p in ModulePermission.objects.filter(user=user).select_related("module")}
        wanted = list(Module.objects.filter(code__in=module_codes))
        _check_grantable(institution=institution, modules=wanted, already=set(held))
        eligible = {
            m.pk for m in Module.objects.all() if not ineligibility_reason(module=m, institution=institution)
        }
        wanted_ids = {m.pk for m in wanted}
        for module in wanted:
            if module.pk not in held:
                ModulePermission.objects.create(user=user, module=module)
        revoked = [pk for pk in held if pk in eligible and pk not in wanted_ids]
        ModulePermission.objects.filter(user=user, module_id__in=revoked).delete()
        profile, _created = AccessProfile.objects.get_or_create(user=user)
        profile.may_change_password = may_change_password
        profile.save(update_fields=["may_change_password"])
        if not may_change_password and user.must_change_password:
            # Without the right the password cannot be changed, so it cannot be required.
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
        audit_record(
            action="access.rights_set", actor=actor, target=user,
            data={"modules": sorted(module_codes), "may_change_password": may_change_password},
        )
        return RightsResult(orphaned=_orphaned(before, institution))


def access_module_users_set(
    *, actor, institution: Institution, module: Module, user_ids: set[int]
) -> RightsResult:
    """"Projekt nézet": exactly these users of the institution are "Jogosult" for the module."""
    with transaction.atomic():
        module = Module.objects.select_for_update().get(pk=module.pk)
        users = selectors.institution_users(institution=institution)
        held = selectors.module_holder_ids(module=module, institution=institution)
        if user_ids - held:
            _check_grantable(institution=institution, modules=[module], already=set())
        before = _holder_counts(institution)
        wanted = set(users.filter(pk__in=user_ids).values_list("pk", flat=True))
        for user_id in wanted - held:
            ModulePermission.objects.create(user_id=user_id, module=module)
        ModulePermission.objects.filter(module=module, user_id__in=held - wanted).delete()
        audit_record(
            action="access.module_users_set", actor=actor, target=module,
            data={"institution": institution.om_id, "users": sorted(wanted)},
        )
        return RightsResult(orphaned=_orphaned(before, institution))


def access_user_deactivate(*, actor, user: User) -> RightsResult:
    """Disabling ends the user's sessions: the backend refuses inactive users on every request."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        before = _holder_counts(user.institution)
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit_record(action="access.user_deactivate", actor=actor, target=user)
        return RightsResult(orphaned=_orphaned(before, user.institution))


def access_user_activate(*, actor, user: User) -> User:
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit_record(action="access.user_activate", actor=actor, target=user)
    return user


def access_user_delete(*, actor, user: User) -> RightsResult:
    """Deleting removes the user and its rights; its sessions no longer authenticate."""
    institution = user.institution
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        before = _holder_counts(institution)
        audit_record(
            action="access.user_delete", actor=actor, target=user,
            data={"username": user.username, "institution": institution.om_id},
        )
        user.delete()
        return RightsResult(orphaned=_orphaned(before, institution))


def access_user_password_set(*, actor, user: User, password: str) -> User:
    """The head gives a user a new password (e.g. a forgotten one); like at creation, the
    user must change it at the next login when holding "Jelszóváltoztatás joga"."""
    from portal.accounts.services import user_password_set

    if not password:
        raise AccessError(PASSWORD_REQUIRED, field="password")
    try:
        with transaction.atomic():
            user_password_set(user=user, password=password, actor=actor)
            if not selectors.user_may_change_password(user):
                user.must_change_password = False
                user.save(update_fields=["must_change_password"])
    except ValidationError as error:
        raise AccessError(" ".join(error.messages), field="password") from error
    return user


def module_catalogue_sync() -> None:
    """Create the product's modules that are missing (after a database flush in tests, say);
    the office's closed state of existing ones is kept."""
    from .modules import CATALOGUE

    with transaction.atomic():
        for fields in CATALOGUE:
            Module.objects.get_or_create(code=fields["code"], defaults=fields)


def module_close(*, actor, module: Module, reason: str) -> Module:
    """"Központ lezárta": the office closes a periodic module; it admits nobody until opened."""
    reason = (reason or "").strip()
    if not module.is_periodic:
        raise AccessError(MODULE_NOT_PERIODIC)
    if not reason:
        raise AccessError(CLOSE_REASON_REQUIRED, field="reason")
    with transaction.atomic():
        module = Module.objects.select_for_update().get(pk=module.pk)
        module.closed_by_centre, module.closed_reason, module.closed_at = True, reason, timezone.now()
        module.save(update_fields=["closed_by_centre", "closed_reason", "closed_at"])
        audit_record(action="access.module_close", actor=actor, target=module, data={"reason": reason})
    return module


def module_open(*, actor, module: Module) -> Module:
    with transaction.atomic():
        module = Module.objects.select_for_update().get(pk=module.pk)
        module.closed_by_centre, module.closed_reason, module.closed_at = False, "", None
        module.save(update_fields=["closed_by_centre", "closed_reason", "closed_at"])
        audit_record(action="access.module_open", actor=actor, target=module)
    return module


def institution_head_email_change(*, actor, institution: Institution, email: str) -> Institution:
    """The head's address ("intézményvezetői cím"): changed here without a change request.

    It takes effect in the register at once, as a new register version valid from
    today (no change request); the office's mail to the head and the
    master-password link go there. The previous address is told of the change.
    """
    email = (email or "").strip()
    if not email:
        raise AccessError(HEAD_EMAIL_REQUIRED, field="email")
    try:
        validate_email(email)
    except ValidationError as error:
        raise AccessError(HEAD_EMAIL_INVALID, field="email") from error
    with transaction.atomic():
        institution = Institution.objects.select_for_update().get(pk=institution.pk)
        previous = institution.head_email
        if previous.lower() == email.lower():
            raise AccessError(HEAD_EMAIL_UNCHANGED, field="email")
        institution.head_email = email
        institution.save(update_fields=["head_email"])
        version = _institution_version_record(institution=institution, actor=actor)
        User.objects.filter(kind=Kind.MASTER, institution=institution).update(email=email)
        audit_record(
            action="institution.head_email_change", actor=actor, target=institution,
            data={"old": previous, "new": email, "version": version.number},
        )
        context = {"institution": institution, "old": previous, "new": email}
        if previous:
            mail_send(to=previous, template="access_head_email_changed", context=context)
        mail_send(to=email, template="access_head_email_changed", context=context)
    return institution


def _institution_version_record(*, institution: Institution, actor) -> InstitutionVersion:
    """A register version without a change request (the institution row is locked by the caller)."""
    last = institution.versions.aggregate(last=Max("number"))["last"] or 0
    return InstitutionVersion.objects.create(
        institution=institution, number=last + 1, valid_from=timezone.localdate(),
        recorded_by=actor, change_request=None, data=from_register(institution).to_dict(),
    )


def master_password_link_send(*, actor, om_id: str) -> User:
    """Master-password recovery: a single-use link to the head's registered address.

    No password travels by mail; the head sets the new master password via the link.
    """
    from portal.accounts.services import credential_link_send

    institution = Institution.objects.filter(om_id=(om_id or "").strip()).first()
    if institution is None:
        raise AccessError(INSTITUTION_NOT_FOUND, field="om_id")
    if not institution.head_email:
        raise AccessError(NO_HEAD_EMAIL, field="om_id")
    with transaction.atomic():
        login_key = login_key_for(kind=Kind.MASTER, scope=institution.om_id)
        master = User.objects.select_for_update().filter(login_key=login_key).first()
        if master is None:
            master = User.objects.create_user(
                kind=Kind.MASTER, login_key=login_key, institution=institution, email=institution.head_email,
            )
        else:
            master.email, master.institution = institution.head_email, institution
            master.save(update_fields=["email", "institution"])
        credential_link_send(
            user=master, purpose="master", template="access_master_link",
            context={"institution": institution},
        )
        audit_record(
            action="access.master_link_send", actor=actor, target=institution,
            data={"to": institution.head_email},
        )
    return master
