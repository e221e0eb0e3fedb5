"""Documents (okiratok) of an institution or of a maintainer: uploaded by it or registered by the office."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DocumentType(models.TextChoices):
    FOUNDING_DOCUMENT = "alapito-okirat", _("alapító okirat")
    AMENDING_DOCUMENT = "modosito-okirat", _("módosító okirat")
    TERMINATING_DOCUMENT = "megszunteto-okirat", _("megszüntető okirat")
    OPERATING_LICENCE = "mukodesi-engedely", _("működési engedély")
    MAINTAINER_DECISION = "fenntartoi-hatarozat", _("fenntartói határozat")
    ASSOCIATION_AGREEMENT = "tarsulasi-megallapodas", _("társulási megállapodás")
    REGISTRATION_DECISION = "nyilvantartasba-veteli-hatarozat", _("nyilvántartásba vételi határozat, végzés")
    OTHER = "egyeb", _("egyéb okirat")


# What each owner may choose on its upload form (institutions keep their list unchanged).
INSTITUTION_DOCUMENT_TYPES = [
    DocumentType.FOUNDING_DOCUMENT, DocumentType.AMENDING_DOCUMENT, DocumentType.TERMINATING_DOCUMENT,
    DocumentType.OPERATING_LICENCE, DocumentType.MAINTAINER_DECISION, DocumentType.OTHER,
]
MAINTAINER_DOCUMENT_TYPES = [
    DocumentType.FOUNDING_DOCUMENT, DocumentType.AMENDING_DOCUMENT, DocumentType.ASSOCIATION_AGREEMENT,
    DocumentType.REGISTRATION_DECISION, DocumentType.OPERATING_LICENCE, DocumentType.TERMINATING_DOCUMENT,
    DocumentType.OTHER,
]


class Document(models.Model):
    """Belongs to an institution or to a maintainer, never both. A document uploaded with a request for a
    new institution or a new maintainer hangs only on the request until the office approves it."""

    class Source(models.TextChoices):
        INSTITUTION = "institution", _("intézmény")
        AUTHORITY = "authority", _("hivatalos szerv")
        MAINTAINER = "maintainer", _("fenntartó")

    institution = models.ForeignKey("registry.Institution", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="documents", verbose_name=_("intézmény"))
    maintainer = models.ForeignKey("registry.Maintainer", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="documents", verbose_name=_("fenntartó"))
    change_request = models.ForeignKey("changes.ChangeRequest", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="documents", verbose_name=_("kérelem"))
    file = models.FileField(_("fájl"), upload_to="documents/%Y/%m/", max_length=200)
    original_name = models.CharField(_("eredeti fájlnév"), max_length=200)
    content_type = models.CharField(_("formátum"), max_length=40)
    size = models.PositiveIntegerField(_("méret (bájt)"))
    document_type = models.CharField(_("okirat típusa"), max_length=40, choices=DocumentType.choices)
    name = models.CharField(_("dokumentum neve"), max_length=300, blank=True)
    deed_date = models.DateField(_("okirat kelte"), null=True, blank=True)
    valid_from = models.DateField(_("hatályosság kezdete"), null=True, blank=True)
    valid_to = models.DateField(_("hatályosság vége"), null=True, blank=True)
    source = models.CharField(_("forrás"), max_length=20, choices=Source.choices, default=Source.INSTITUTION)
    authority = models.CharField(_("megküldő szerv"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("feltöltötte"))
    uploaded_at = models.DateTimeField(_("feltöltve"), auto_now_add=True)
    is_authenticated = models.BooleanField(_("Hiteles"), default=False)
    authenticated_at = models.DateTimeField(_("hitelesítve"), null=True, blank=True)
    authenticated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("dokumentum")
        verbose_name_plural = _("dokumentumok")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(institution__isnull=True) | Q(maintainer__isnull=True),
                                   name="document_not_both_owners"),
            models.CheckConstraint(
                condition=Q(institution__isnull=False) | Q(maintainer__isnull=False)
                | Q(change_request__isnull=False),
                name="document_has_owner"),
        ]

    def __str__(self) -> str:
        return self.name or self.get_document_type_display()

    @property
    def public_url(self) -> str:
        """Where the public downloads it (answers 404 until the office authenticates it)."""
        from django.urls import reverse

        return reverse("documents:public_download", args=[self.pk])


class DeficiencyNotice(models.Model):
    """Hiánypótlási felszólítás: the office got a new official document but no request came.
    Sent to an institution's head or to a maintainer's representative (exactly one of the two)."""

    institution = models.ForeignKey("registry.Institution", null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="deficiency_notices")
    maintainer = models.ForeignKey("registry.Maintainer", null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="deficiency_notices")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="deficiency_notices")
    sent_at = models.DateTimeField(_("kiküldve"), auto_now_add=True)
    sent_to = models.EmailField(_("címzett"), blank=True)
    resolved_at = models.DateTimeField(_("teljesítve"), null=True, blank=True)
    resolved_by_request = models.ForeignKey("changes.ChangeRequest", null=True, blank=True,
                                            on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("hiánypótlási felszólítás")
        verbose_name_plural = _("hiánypótlási felszólítások")
        ordering = ["-sent_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(institution__isnull=False) & Q(maintainer__isnull=True))
                | (Q(institution__isnull=True) & Q(maintainer__isnull=False)),
                name="deficiency_notice_one_owner"),
        ]

    @property
    def owner(self):
        return self.institution or self.maintainer
