"""The eight ASP subsystems and the courses (training materials) of each."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Subsystem(models.Model):
    code = models.SlugField(_("kód"), max_length=40, unique=True)
    name = models.CharField(_("szakrendszer"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("sorrend"), default=0)

    class Meta:
        verbose_name = _("szakrendszer")
        verbose_name_plural = _("szakrendszerek")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Course(models.Model):
    subsystem = models.ForeignKey(
        Subsystem, on_delete=models.PROTECT, related_name="courses", verbose_name=_("szakrendszer")
    )
    title = models.CharField(_("tananyag címe"), max_length=200)
    description = models.TextField(_("leírás"), blank=True)
    order = models.PositiveSmallIntegerField(_("sorrend"), default=0)
    is_active = models.BooleanField(_("elérhető"), default=True)

    class Meta:
        verbose_name = _("tananyag")
        verbose_name_plural = _("tananyagok")
        ordering = ["subsystem__order", "order", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def package(self):
        """The newest uploaded package is the one learners play."""
        return self.packages.order_by("-uploaded_at", "-id").first()
