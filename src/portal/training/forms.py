"""Forms of ASP oktatás: they only parse and check the shape of input."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Course, NotaryOffice, Subsystem

FILE_REQUIRED = _("Válassza ki a feltöltendő fájlt.")
ZIP_ONLY = _("SCORM-csomagként ZIP-állományt töltsön fel.")
YEAR_RANGE = _("Adjon meg 2000 és 2100 közötti évet.")


class PackageUploadForm(forms.Form):
    package = forms.FileField(
        label=_("SCORM-csomag (ZIP)"), help_text=_("SCORM 1.2 vagy SCORM 2004 csomag, imsmanifest.xml a gyökérben."),
        error_messages={"required": FILE_REQUIRED},
    )

    def clean_package(self):
        upload = self.cleaned_data["package"]
        if not upload.name.lower().endswith(".zip"):
            raise forms.ValidationError(ZIP_ONLY)
        return upload


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = ["subsystem", "title", "description", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        subsystem = self.fields["subsystem"]
        assert isinstance(subsystem, forms.ModelChoiceField)
        subsystem.empty_label = _("Válasszon szakrendszert")


class IntakeUploadForm(forms.Form):
    table = forms.FileField(
        label=_("Regisztrációs táblázat"),
        help_text=_("A letölthető sablon szerint kitöltött XLSX (vagy UTF-8 kódolású CSV) fájl."),
        error_messages={"required": FILE_REQUIRED},
    )
    year = forms.IntegerField(
        label=_("Beiskolázási terv éve"), min_value=2000, max_value=2100,
        error_messages={"min_value": YEAR_RANGE, "max_value": YEAR_RANGE, "invalid": YEAR_RANGE,
                        "required": YEAR_RANGE},
    )

    def __init__(self, *args, office_choice: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        if office_choice:
            self.fields["notary_office"] = forms.ModelChoiceField(
                label=_("Jegyzői hivatal, amelynek nevében feltölti"),
                queryset=NotaryOffice.objects.all(), required=False, empty_label=_("Válasszon jegyzői hivatalt"),
                help_text=_("Ha a táblázat e-mailben érkezett a jegyzőtől, válassza ki a hivatalát."),
            )


class ConfirmForm(forms.Form):
    confirm_shared = forms.BooleanField(
        label=_("Ellenőriztem: a megjelölt, közösnek vagy hivatalinak látszó e-mail címek a kollégák saját címei."),
        required=False,
    )


__all__ = ["ConfirmForm", "CourseForm", "IntakeUploadForm", "PackageUploadForm", "Subsystem"]
