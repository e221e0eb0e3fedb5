"""The one address form: a prefixed sub-form that a page can embed several times.

    seat = AddressForm(request.POST or None, prefix="szekhely", legend=_("Székhely címe"),
                       initial=address.to_dict())
    if seat.is_valid():
        address = seat.address          # an Address, normalised
    {{ seat }}                          # renders the fieldset; {{ seat.media }} adds address.js
"""

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from . import selectors
from .addresses import (
    FIELD_NAMES,
    HUNGARY,
    INCOMPLETE_ERRORS,
    Address,
    address_errors,
    address_normalize,
)


class DatalistInput(forms.TextInput):
    """A text input with a ``<datalist>`` of suggestions: type-ahead that works without JavaScript."""

    template_name = "core/widgets/datalist_input.html"

    def __init__(self, attrs=None, options=()) -> None:
        super().__init__(attrs)
        self.options = list(options)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        datalist_id = f"{context['widget']['attrs'].get('id') or name}_lista"
        context["widget"]["attrs"]["list"] = datalist_id
        context["widget"]["datalist_id"] = datalist_id
        context["widget"]["options"] = self.options
        return context


class AddressForm(forms.Form):
    # A draft may leave parts out (``INCOMPLETE_ERRORS`` are not raised); wrong parts are errors.
    allow_incomplete = False
    template_name = "core/includes/address_fieldset.html"

    country = forms.CharField(
        label=_("Ország"), max_length=100, initial=HUNGARY, required=False,
        widget=DatalistInput(attrs={"autocomplete": "country-name", "data-address-country": ""}),
    )
    postal_code = forms.CharField(
        label=_("Irányítószám"), max_length=4, required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code",
                                      "size": 4, "data-address-postal-code": ""}),
    )
    settlement = forms.CharField(
        label=_("Település"), max_length=100, required=False,
        widget=DatalistInput(attrs={"autocomplete": "address-level2", "data-address-settlement": ""}),
    )
    street_name = forms.CharField(
        label=_("Közterület neve"), max_length=100, required=False,
        help_text=_("Utca, házszám vagy helyrajzi szám megadása kötelező."),
    )
    street_type = forms.ChoiceField(label=_("Közterület jellege"), required=False)
    house_number = forms.CharField(label=_("Házszám"), max_length=30, required=False)
    details = forms.CharField(
        label=_("Pontosítás"), max_length=300, required=False,
        help_text=_("Például épület, emelet, ajtó. Külföldi címnél ide írja a teljes címet."),
    )
    lot_number = forms.CharField(
        label=_("Helyrajzi szám"), max_length=30, required=False,
        help_text=_("Ha a címnek nincs házszáma."),
    )

    class Media:
        js = ["portal/js/address.js"]

    def __init__(self, *args, legend: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.legend = legend or _("Cím")
        self.address: Address | None = None
        self.fields["country"].widget.options = selectors.country_names()
        code = self._raw("postal_code")
        self.fields["settlement"].widget.options = (
            selectors.postal_code_settlement_names(code=code) if code.isdigit() and len(code) == 4 else []
        )
        self.fields["street_type"].choices = self._street_type_choices()

    def render(self, template_name=None, context=None, renderer=None) -> SafeString:
        """Render with the project's templates, so the fieldset reuses includes/field.html."""
        return mark_safe(render_to_string(template_name or self.template_name, context or self.get_context()))

    # RenderableMixin binds __str__/__html__ to its own render; {{ form }} should use ours.
    def __str__(self) -> str:
        return self.render()

    __html__ = __str__

    def _raw(self, name: str) -> str:
        """What was typed (or given as initial) in a field, before cleaning."""
        if self.is_bound:
            return str(self.data.get(self.add_prefix(name), "") or "").strip()
        return str(self.initial.get(name, "") or "").strip()

    def _street_type_choices(self) -> list[tuple[str, str]]:
        names = selectors.street_type_names()
        current = self._raw("street_type")
        # An unknown value (from legacy data) stays selectable so nothing is lost;
        # validation then asks for a listed one.
        extra = [current] if current and current not in names else []
        return [("", _("– válasszon –"))] + [(name, name) for name in extra + names]

    def clean(self):
        cleaned = super().clean()
        values = {name: cleaned.get(name, self._raw(name)) for name in FIELD_NAMES}
        address = Address(**values)
        skipped = {str(m) for m in INCOMPLETE_ERRORS} if self.allow_incomplete else set()
        for field, messages in address_errors(address).items():
            if field not in self.errors:
                for message in messages:
                    if message not in skipped:
                        self.add_error(field, message)
        if not self.errors:
            self.address = address_normalize(address)
        return cleaned
