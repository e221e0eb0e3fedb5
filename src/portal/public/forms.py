"""The search form: one box and the filters; choices come from the code lists (cached)."""

import hashlib
from html import escape

from django import forms
from django.core.cache import cache
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.utils.html import escape as escape_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.core.models import BaseTask, County, InstitutionType, MaintainerType
from portal.core.services.codelists import codelist_data_version

from . import selectors

KNOWN_PARAMETERS = {"q", "megye", "telepules", "fenntarto", "fenntarto_tipus", "tipus", "feladat", "oldal"}


FILTER_CHOICES_SECONDS = 600
FORM_TEMPLATE = "public/includes/search_form.html"
TYPED_PLACEHOLDER = "qqtypedtextqq"  # letters only: rendered exactly as written


def _filter_choices_load() -> dict[str, list[tuple[str, str]]]:
    active = {"is_active": True}
    return {
        "megye": list(County.objects.values_list("code", "name")),
        "tipus": list(InstitutionType.objects.filter(**active).values_list("code", "name")),
        "feladat": list(BaseTask.objects.filter(**active).values_list("code", "name")),
        "fenntarto_tipus": list(MaintainerType.objects.filter(**active).values_list("code", "name")),
    }


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The filters' code lists (4 queries), kept in Django's cache under the code-list data version.

    Code lists change only when a new data version is loaded (``load_codelists``), which changes
    the key; the timeout bounds how long a hand-edited row could stay unseen.
    """
    key = f"public:filter-choices:{codelist_data_version()}"
    return cache.get_or_set(key, _filter_choices_load, FILTER_CHOICES_SECONDS)


class PlainSelect(forms.Select):
    """A ``<select>`` written in Python: the filters have ~150 options, and rendering each through the
    form renderer's option template cost more than the whole search query."""

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        if isinstance(value, (list, tuple)):
            value = value[0] if value else None
        chosen = "" if value is None else str(value)
        options = "".join(
            f'<option value="{escape(str(code))}"{" selected" if str(code) == chosen else ""}>'
            f"{escape(str(label))}</option>"
            for code, label in self.choices)
        return mark_safe(f"<select{flatatt(final)}>{options}</select>")  # every value escaped above


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Intézmény neve, OM azonosítója vagy települése"), required=False,
                        help_text=_("Az ékezetek és a kis- és nagybetűk nem számítanak."),
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))
    megye = forms.ChoiceField(label=_("Vármegye"), required=False, widget=PlainSelect)
    telepules = forms.CharField(label=_("Település"), required=False, max_length=100)
    tipus = forms.ChoiceField(label=_("Intézmény típusa"), required=False, widget=PlainSelect)
    feladat = forms.ChoiceField(label=_("Ellátott feladat"), required=False, widget=PlainSelect)
    fenntarto_tipus = forms.ChoiceField(label=_("Fenntartó típusa"), required=False, widget=PlainSelect)
    fenntarto = forms.CharField(label=_("Fenntartói azonosító"), required=False, max_length=8,
                                help_text=_("8 számjegy"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = filter_choices()
        for name in ("megye", "tipus", "feladat", "fenntarto_tipus"):
            # Already flat (code, name) pairs: set them as the field's setter would after
            # normalize_choices, which walks every option of every form (measured: 0.5 ms a page).
            field = self.fields[name]
            field._choices = field.widget.choices = [("", _("Mind")), *choices[name]]
        for name in ("megye", "tipus", "feladat", "fenntarto_tipus"):
            self.fields[name].error_messages["invalid_choice"] = selectors.CHOICE_UNKNOWN

    def render_key(self) -> str | None:
        """What the rendered form depends on apart from the typed text, or None when it shows errors
        (never reused then). The text is inserted into the cached rendering (``rendered``), so every
        new query with the same filters reuses one rendering per code-list version."""
        if self.is_bound and not self.is_valid():
            return None
        raw = [str(self.data.get(name, "")) for name in self.fields if name != "q"] if self.is_bound else None
        state = (codelist_data_version(), get_language(), raw)
        return "public:search-form:" + hashlib.sha256(repr(state).encode()).hexdigest()

    def rendered(self, *, seconds: int) -> SafeString:
        """The form's HTML: rendered once per key (``render_key``) with a placeholder for the typed
        text, kept ``seconds`` in the cache; the text (escaped) put in its place."""
        key = self.render_key() if seconds else None
        if key is None:
            return render_to_string(FORM_TEMPLATE, {"form": self})
        html = cache.get(key)
        if html is None:
            shadow = self
            if self.is_bound:
                data = {name: self.data.get(name, "") for name in self.fields}
                data["q"] = TYPED_PLACEHOLDER
                shadow = SearchForm(data)
            html = render_to_string(FORM_TEMPLATE, {"form": shadow})
            cache.set(key, html, seconds)
        if not self.is_bound:
            return mark_safe(html)  # rendered by the template engine
        typed = str(self.data.get("q", "")).strip()
        # the rendering is the template engine's, the typed text escaped here
        return mark_safe(html.replace(f' value="{TYPED_PLACEHOLDER}"',
                                      f' value="{escape_html(typed)}"' if typed else ""))

    def clean_q(self) -> str:
        text = self.cleaned_data["q"].strip()
        if len(text) > selectors.QUERY_MAX:
            raise forms.ValidationError(selectors.QUERY_TOO_LONG)
        if text and not selectors.query_words(text):
            raise forms.ValidationError(selectors.QUERY_TOO_SHORT)
        return text

    def clean_fenntarto(self) -> str:
        value = self.cleaned_data["fenntarto"].strip()
        if value and not (value.isascii() and value.isdigit() and len(value) == 8):
            raise forms.ValidationError(selectors.MAINTAINER_ID_INVALID)
        return value

    def search_query(self) -> selectors.SearchQuery:
        d = self.cleaned_data
        return selectors.SearchQuery(
            text=d["q"], county=d["megye"], settlement=d["telepules"].strip(), maintainer=d["fenntarto"],
            maintainer_type=d["fenntarto_tipus"], institution_type=d["tipus"], task=d["feladat"],
        )
