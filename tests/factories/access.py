"""The access manager's records: module rights and per-user access settings."""

import factory

from portal.access.models import AccessProfile, Module, ModulePermission
from portal.access.services import module_catalogue_sync

from .accounts import InstitutionUserFactory


def module(code: str) -> Module:
    """The product's module with this code (seeded by a migration; restored after a flush)."""
    if not Module.objects.filter(code=code).exists():
        module_catalogue_sync()
    return Module.objects.get(code=code)


class AccessProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessProfile
        django_get_or_create = ("user",)

    user = factory.SubFactory(InstitutionUserFactory)
    may_change_password = True


class ModulePermissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ModulePermission
        django_get_or_create = ("user", "module")

    user = factory.SubFactory(InstitutionUserFactory)
    module = factory.LazyFunction(lambda: module("institution_data"))


def grant(user, *codes: str) -> None:
    for code in codes:
        ModulePermissionFactory(user=user, module=module(code))
