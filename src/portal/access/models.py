"""The access manager: online modules, who may use them, and per-user access rights.

The head of an institution (master identity) grants module rights to the
institution's users; the office closes periodic modules ("Központ lezárta").
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Module(models.Model):
    """An online module ("projekt modul") a user may be granted."""

    class Rule(models.TextChoices):
        ANY_INSTITUTION = "any_institution", _("minden működő intézmény")
        PUPILS_OR_TEACHERS = "pupils_or_teachers", _("gyermeket, tanulót vagy pedagógust foglalkoztató intézmény")

    code = models.SlugField(_("kód"), max_length=50, unique=True)
    name = models.CharField(_("megnevezés"), max_length=200)
    description = models.TextField(_("leírás"), blank=True)
    order = models.PositiveIntegerField(_("sorrend"), default=0)
    is_periodic = models.BooleanField(_("időszakosan használt"), default=False)
    eligibility_rule = models.CharField(
        _("jogosultsági szabály"), max_length=40, choices=Rule.choices, default=Rule.ANY_INSTITUTION
    )
    closed_by_centre = models.BooleanField(_("Központ lezárta"), default=False)
    closed_reason = models.TextField(_("lezárás indoka"), blank=True)
    closed_at = models.DateTimeField(_("lezárva"), null=True, blank=True)

    class Meta:
        verbose_name = _("modul")
        verbose_name_plural = _("modulok")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class AccessProfile(models.Model):
    """What the head set for one user besides module rights."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_profile",
        verbose_name=_("felhasználó"),
    )
    may_change_password = models.BooleanField(_("Jelszóváltoztatás joga"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("felvette"),
    )

    class Meta:
        verbose_name = _("hozzáférési beállítás")
        verbose_name_plural = _("hozzáférési beállítások")

    def __str__(self) -> str:
        return str(self.user)


class ModulePermission(models.Model):
    """The user is "Jogosult" for the module (no row: "Nem jogosult")."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_permissions",
        verbose_name=_("felhasználó"),
    )
    module = models.ForeignKey(
        Module, on_delete=models.CASCADE, related_name="permissions", verbose_name=_("modul")
    )
    granted_at = models.DateTimeField(_("kiosztva"), auto_now_add=True)

    class Meta:
        verbose_name = _("jogosultság")
        verbose_name_plural = _("jogosultságok")
        constraints = [models.UniqueConstraint(fields=["user", "module"], name="access_unique_permission")]

    def __str__(self) -> str:
        return f"{self.user} – {self.module}"
