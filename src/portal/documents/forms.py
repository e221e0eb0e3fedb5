from django import forms
from django.utils.translation import gettext_lazy as _

from .models import INSTITUTION_DOCUMENT_TYPES, DocumentType
from .services import FILE_EMPTY, TYPE_MISSING

DATE_INVALID = _("Adjon meg egy valós dátumot ÉÉÉÉ-HH-NN formában.")


def _date(label):
    return forms.DateField(label=label, required=False, input_formats=["%Y-%m-%d", "%Y.%m.%d", "%Y.%m.%d."],
                           help_text=_("ÉÉÉÉ-HH-NN"), error_messages={"invalid": DATE_INVALID})


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Okirat választása"), required=False,
                           help_text=_("PDF vagy JPG formátumú fájl."), error_messages={"empty": FILE_EMPTY},
                           widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,application/pdf,image/jpeg"}))
    document_type = forms.ChoiceField(label=_("Okirat típusa"), required=True,
                                      choices=[("", _("– válasszon –"))] + list(DocumentType.choices),
                                      error_messages={"required": TYPE_MISSING})
    name = forms.CharField(label=_("Dokumentum neve"), required=False, max_length=300)
    deed_date = _date(_("Okirat kelte"))
    valid_from = _date(_("Hatályosság kezdete"))
    valid_to = _date(_("Hatályosság vége"))

    def __init__(self, *args, types=INSTITUTION_DOCUMENT_TYPES, **kwargs):
        """``types``: the document types offered (institutions and maintainers have their own lists)."""
        super().__init__(*args, **kwargs)
        self.fields["document_type"].choices = [("", _("– válasszon –"))] + [
            (DocumentType(t).value, DocumentType(t).label) for t in types]


class AuthorityUploadForm(UploadForm):
    authority = forms.CharField(label=_("Megküldő szerv"), required=False, max_length=300,
                                help_text=_("Például Magyar Államkincstár, kormányhivatal, miniszter."))
