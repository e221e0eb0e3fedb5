"""Reads of the access manager: who may use which module, for which institution."""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Kind, User
from portal.registry.models import Institution

from .eligibility import ineligibility_reason
from .models import AccessProfile, Module, ModulePermission
from .modules import home_url

MASTER_REFUSED = _(
    "A mesterjelszó csak a felhasználók felvételére és a jogosultságok kiosztására alkalmas, "
    "a projekt modulokba nem lehet vele belépni. Ha dolgozni szeretne a modulban, vegyen fel "
    "magának egy felhasználót a mesterjelszó-kezelőben, és adjon neki jogosultságot."
)
NOT_A_MODULE_USER = _("A projekt modulokat csak intézményi és tankerületi felhasználók használhatják.")
OTHER_INSTITUTION = _("Ön csak a saját intézménye nevében léphet be a modulba.")
NOT_DISTRICT_INSTITUTION = _("Az intézményt nem az Ön tankerülete tartja fenn, ezért nem járhat el a nevében.")
CLOSED_BY_CENTRE = _("Központ lezárta: %(reason)s")
NO_RIGHT = _(
    "Nincs jogosultsága a(z) „%(module)s” modulhoz. Jogosultságot az intézmény vezetője "
    "adhat a mesterjelszó-kezelőben."
)


@dataclass
class ModuleState:
    """A module as one institution sees it."""

    module: Module
    ineligible_reason: str | None
    holders: list = field(default_factory=list)

    @property
    def is_eligible(self) -> bool:
        return self.ineligible_reason is None

    @property
    def closed(self) -> bool:
        return self.module.closed_by_centre


@dataclass
class ModuleEntry:
    """A module a user may enter, for one institution (for navigation)."""

    module: Module
    institution: Institution


def module_get(*, code: str) -> Module | None:
    return Module.objects.filter(code=code).first()


def closed_reason_text(module: Module) -> str:
    return str(CLOSED_BY_CENTRE) % {"reason": module.closed_reason or "—"}


def master_institution(user) -> Institution | None:
    """The institution a master identity manages (its FK, or the OM ID in its login key)."""
    if user.kind != Kind.MASTER:
        return None
    if user.institution_id:
        return user.institution
    om_id = user.login_key.rsplit(":", 1)[-1]
    return Institution.objects.filter(om_id=om_id).first()


def institution_users(*, institution: Institution) -> QuerySet[User]:
    return User.objects.filter(kind=Kind.INSTITUTION, institution=institution).order_by("username")


def institution_user_get(*, institution: Institution, pk: int) -> User | None:
    return institution_users(institution=institution).filter(pk=pk).first()


def district_institutions(*, user) -> QuerySet[Institution]:
    if user.kind != Kind.DISTRICT or not user.maintainer_id:
        return Institution.objects.none()
    return Institution.objects.filter(maintainer_id=user.maintainer_id).exclude(om_id=None)


def user_rights(*, user) -> set[str]:
    return set(ModulePermission.objects.filter(user=user).values_list("module__code", flat=True))


def user_may_change_password(user) -> bool:
    """"Jelszóváltoztatás joga": institution users without it may not change their password."""
    if user.kind != Kind.INSTITUTION:
        return True
    profile = AccessProfile.objects.filter(user=user).first()
    return profile.may_change_password if profile else True


def modules_for_institution(*, institution: Institution) -> list[ModuleState]:
    """Every module with the institution's eligibility and the active users holding it."""
    holders: dict[int, list] = {}
    permissions = ModulePermission.objects.filter(
        user__institution=institution, user__kind=Kind.INSTITUTION, user__is_active=True
    ).select_related("user").order_by("user__username")
    for permission in permissions:
        holders.setdefault(permission.module_id, []).append(permission.user)
    return [
        ModuleState(
            module=module,
            ineligible_reason=ineligibility_reason(module=module, institution=institution),
            holders=holders.get(module.pk, []),
        )
        for module in Module.objects.all()
    ]


def module_state_get(*, institution: Institution, code: str) -> ModuleState | None:
    return next((s for s in modules_for_institution(institution=institution) if s.module.code == code), None)


def modules_all() -> QuerySet[Module]:
    return Module.objects.all()


def module_holder_ids(*, module: Module, institution: Institution) -> set[int]:
    return set(
        ModulePermission.objects.filter(
            module=module, user__institution=institution, user__kind=Kind.INSTITUTION
        ).values_list("user_id", flat=True)
    )


def acting_refusal(*, user, institution: Institution | None, om_id: str | None = None) -> str | None:
    """Why ``user`` may not act at a module URL for ``institution``; ``None`` when it may.

    ``institution`` is the one the session acts for (institution users: their own;
    districts: the one whose OM ID they typed at login). An ``om_id`` in the URL
    must name that same institution.
    """
    if user.kind == Kind.MASTER:
        return str(MASTER_REFUSED)
    if user.kind not in (Kind.INSTITUTION, Kind.DISTRICT):
        return str(NOT_A_MODULE_USER)
    if institution is None or (om_id and institution.om_id != om_id):
        return str(NOT_DISTRICT_INSTITUTION if user.kind == Kind.DISTRICT else OTHER_INSTITUTION)
    if user.kind == Kind.DISTRICT and institution.maintainer_id != user.maintainer_id:
        return str(NOT_DISTRICT_INSTITUTION)
    return None


def module_refusal(*, user, module: Module, institution: Institution) -> str | None:
    """Why ``user`` acting for ``institution`` may not enter ``module``; ``None`` admits.

    District users hold every module of the institutions their district maintains
    (the seed does not say how districts are granted rights; see docs/decisions.md).
    """
    if module.closed_by_centre:
        return closed_reason_text(module)
    if reason := ineligibility_reason(module=module, institution=institution):
        return reason
    if user.kind == Kind.DISTRICT:
        return None
    if not ModulePermission.objects.filter(user=user, module=module).exists():
        return str(NO_RIGHT) % {"module": module.name}
    return None


def _institutions_for(user, institution: Institution | None) -> list[Institution]:
    if user.kind == Kind.INSTITUTION:
        return [user.institution] if user.institution_id else []
    if user.kind == Kind.DISTRICT:
        if institution is not None:
            return [institution] if acting_refusal(user=user, institution=institution) is None else []
        return list(district_institutions(user=user))
    return []


def user_modules(user, institution: Institution | None = None) -> list[ModuleEntry]:
    """The modules ``user`` may enter now (for navigation), for the institution it acts for.

    A district user without ``institution`` gets the modules of every institution
    its district maintains.
    """
    if not user.is_authenticated:
        return []
    modules = list(Module.objects.all())
    return [
        ModuleEntry(module=module, institution=inst)
        for inst in _institutions_for(user, institution)
        for module in modules
        if module_refusal(user=user, module=module, institution=inst) is None
    ]


def user_module_overview(user, institution: Institution | None = None):
    """Every module per institution: the module, why it is refused (``None``: may enter), its URL."""
    modules = list(Module.objects.all())
    return [
        (inst, [
            (m, module_refusal(user=user, module=m, institution=inst), home_url(m.code, inst.om_id))
            for m in modules
        ])
        for inst in _institutions_for(user, institution)
    ]
