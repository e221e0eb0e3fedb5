"""Forms of the request tabs. They check formats only; completeness is checked on submit.

Each tab form reads from and writes to the ``InstitutionRecord`` of the request,
so a tab saves what was typed (when its formats are right) and the submit
validation of ``registry.schema`` reports what is still missing.
"""

from __future__ import annotations

from dataclasses import asdict

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.core.address_forms import AddressForm
from portal.core.addresses import Address
from portal.registry import checks, schema
from portal.registry.codes import CodeBook
from portal.registry.schema import (
    ADMINISTRATION_TYPES,
    CAPACITY_FIELDS,
    FACILITY_FIELDS,
    SITE_KINDS,
    Contact,
    InstitutionRecord,
    Licence,
    SiteRecord,
    Supplement,
    TaskRecord,
)

YES_NO = [("igen", _("van")), ("nem", _("nincs"))]


def _choices(options: dict, *, blank: bool = True) -> list[tuple[str, str]]:
    return ([("", _("– válasszon –"))] if blank else []) + [(k, str(v)) for k, v in options.items()]


def _text(label, *, max_length: int = 300, help_text: str = "", **kwargs) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=False, help_text=help_text, **kwargs)


def _checked(validator, message):
    def check(value: str) -> None:
        if value and not validator(value):
            raise forms.ValidationError(message)
    return check


class RecordAddressForm(AddressForm):
    """An address of the record on a tab: a draft may leave it empty or incomplete (the submit
    validation reports what is missing); a part typed wrongly is an error on the field."""

    allow_incomplete = True


class WithAddresses:
    """A tab form with embedded address sub-forms (``address_forms``: name -> RecordAddressForm).

    Each sub-form's prefix is ``<form prefix>-<name>`` (or ``<name>``), so the fields are
    ``founder_seat-postal_code``, ``licences-0-issuer_address-postal_code``... the same names
    the submit validation reports. ``initial[name]`` is the address dictionary.
    """

    address_legends: dict[str, str] = {}

    def _add_addresses(self) -> None:
        data = self.data if self.is_bound else None
        self.address_forms = {
            name: RecordAddressForm(
                data, prefix=f"{self.prefix}-{name}" if self.prefix else name, legend=legend,
                initial=Address.from_dict(schema._address(self.initial.get(name))).to_dict())
            for name, legend in self.address_legends.items()
        }

    def is_valid(self) -> bool:
        own = super().is_valid()
        if self.empty_permitted and not self.has_changed():
            return own
        return all([own] + [f.is_valid() for f in self.address_forms.values()])

    def has_changed(self) -> bool:
        return super().has_changed() or any(f.has_changed() for f in self.address_forms.values())

    @property
    def address_errors_any(self) -> bool:
        return any(f.errors for f in self.address_forms.values())

    def address_value(self, name: str) -> dict:
        address = self.address_forms[name].address
        return (address or Address()).to_dict()


# --- starting ------------------------------------------------------------------------------

class StartForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("A bejelentés módja"), widget=forms.RadioSelect,
        choices=[("pir", _("PIR számmal")), ("maintainer", _("Fenntartói azonosítóval"))],
        error_messages={"required": _("Válassza ki a bejelentés módját.")},
    )
    pir = _text(_("PIR szám"), max_length=6, help_text=_(
        "A Magyar Államkincstár 6 jegyű törzskönyvi azonosítója. Ha az intézménynek van PIR száma, "
        "mindenképp ezt a módot kell választania."))
    maintainer_id = forms.CharField(
        label=_("Fenntartói azonosító"), max_length=8,
        help_text=_("A fenntartó 8 jegyű azonosítója a KIR-ben."),
        error_messages={"required": _("Adja meg a fenntartói azonosítót.")},
    )
    applicant_email = forms.EmailField(
        label=_("A bejelentő e-mail címe"),
        help_text=_("Erre a címre küldjük a piszkozat folytatásához szükséges kódot."),
        error_messages={"required": _("Adja meg az e-mail címét."),
                        "invalid": str(schema.EMAIL_INVALID)},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mode") == "pir" and not cleaned.get("pir"):
            self.add_error("pir", _("Adja meg a PIR számot."))
        if cleaned.get("mode") == "maintainer":
            cleaned["pir"] = ""
        return cleaned


class ContinueForm(forms.Form):
    pir = forms.CharField(label=_("PIR szám"), max_length=6,
                          error_messages={"required": _("Adja meg a PIR számot.")})


class ContinueCodeForm(forms.Form):
    pir = forms.CharField(widget=forms.HiddenInput)
    code = forms.CharField(
        label=_("A kapott kód"), max_length=6,
        help_text=_("A bejelentéskor megadott e-mail címre küldött 6 jegyű kód."),
        error_messages={"required": _("Adja meg a kódot.")},
    )


# --- the basic data tab --------------------------------------------------------------------

class BasicForm(WithAddresses, forms.Form):
    address_legends = {"founder_seat": _("Alapító székhelye")}

    tax_number = _text(_("Adószám"), max_length=13, help_text=_("XXXXXXXX-X-XX formában."),
                       validators=[_checked(checks.tax_number_valid, schema.TAX_NUMBER_INVALID)])
    name = _text(_("Intézmény neve"), validators=[schema.validate_name])
    short_name = _text(_("Intézmény rövid neve"), max_length=200, validators=[schema.validate_name],
                       help_text=_("Rövid névvel csak a többcélú intézmények rendelkezhetnek."))
    character = forms.ChoiceField(label=_("Intézmény jellege"), required=False)
    institution_type = forms.ChoiceField(label=_("Intézmény típusa"), required=False, help_text=_(
        "Ha az intézmény több feladatot is ellát, a többcélú intézménytípusok közül válasszon."))
    website = _text(_("Intézmény weblapja"), validators=[_checked(checks.website_valid, schema.WEBSITE_INVALID)])
    head_name = _text(_("Intézményvezető neve"), max_length=200, validators=[schema.validate_name])
    head_phone = _text(_("Intézményvezető telefonszáma"), max_length=40,
                       validators=[_checked(checks.phone_valid, schema.PHONE_INVALID)])
    head_mobile = _text(_("Intézményvezető mobilszáma"), max_length=40,
                        validators=[_checked(checks.phone_valid, schema.PHONE_INVALID)])
    head_email = _text(_("Intézményvezető e-mail címe"), max_length=254,
                       help_text=_("Kötelező. Erre a címre küldjük az OM azonosítót és a mesterjelszó beállítását."),
                       validators=[_checked(checks.email_valid, schema.EMAIL_INVALID)])
    tiszk_number = _text(_("TISZK nyilvántartási száma"), max_length=40,
                         help_text=_("Csak akkor töltendő, ha az intézmény térségi integrált szakképző központ tagja."))
    founder_type = forms.ChoiceField(label=_("Alapító típusa"), required=False)
    founder_name = _text(_("Alapító neve"), validators=[schema.validate_name])
    founding_place = _text(_("Alapító okirat keltének helye"), max_length=200)
    founding_date = forms.DateField(
        label=_("Alapító okirat kelte"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": str(schema.DATE_INVALID)},
    )

    def __init__(self, *args, codes: CodeBook, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["character"].choices = _choices(codes.characters)
        self.fields["institution_type"].choices = _choices(codes.institution_types)
        self.fields["founder_type"].choices = _choices(codes.founder_types)
        self._add_addresses()

    @staticmethod
    def initial_from(record: InstitutionRecord) -> dict:
        return {
            "tax_number": record.tax_number, "name": record.name, "short_name": record.short_name,
            "character": record.character, "institution_type": record.institution_type,
            "website": record.website, "head_name": record.head.name, "head_phone": record.head.phone,
            "head_mobile": record.head_mobile, "head_email": record.head.email,
            "tiszk_number": record.tiszk_number, "founder_type": record.founder_type,
            "founder_name": record.founder_name, "founding_place": record.founding_place,
            "founding_date": record.founding_date or None,
            "founder_seat": record.founder_seat,
        }

    def apply(self, record: InstitutionRecord) -> None:
        data = self.cleaned_data
        for name in ("tax_number", "name", "short_name", "character", "institution_type", "website",
                     "head_mobile", "tiszk_number", "founder_type", "founder_name", "founding_place"):
            setattr(record, name, (data.get(name) or "").strip())
        if record.tax_number and checks.tax_number_valid(record.tax_number):
            record.tax_number = checks.tax_number_normalise(record.tax_number)
        record.head = Contact(data["head_name"].strip(), data["head_phone"].strip(), data["head_email"].strip())
        record.founding_date = data["founding_date"].isoformat() if data.get("founding_date") else ""
        record.founder_seat = self.address_value("founder_seat")


class PredecessorForm(forms.Form):
    om_id = forms.CharField(
        label=_("Jogelőd OM azonosítója"), max_length=6, required=False,
        validators=[_checked(checks.om_id_valid, schema.OM_ID_INVALID)],
    )


class LicenceForm(WithAddresses, forms.Form):
    address_legends = {"issuer_address": _("Engedélyező címe")}

    issuer = _text(_("Engedélyező neve"), validators=[schema.validate_name])
    place = _text(_("Engedély keltének helye"), max_length=200)
    issued_on = forms.DateField(label=_("Engedély kelte"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}),
                                error_messages={"invalid": str(schema.DATE_INVALID)})
    decision_number = _text(_("Határozat száma"), max_length=100)
    operation_start = forms.DateField(label=_("Működés kezdete"), required=False,
                                      widget=forms.DateInput(attrs={"type": "date"}),
                                      error_messages={"invalid": str(schema.DATE_INVALID)})
    key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_addresses()

    @staticmethod
    def initial_from(licence: Licence) -> dict:
        return {
            "issuer": licence.issuer, "place": licence.place, "issued_on": licence.issued_on or None,
            "decision_number": licence.decision_number, "operation_start": licence.operation_start or None,
            "key": licence.key, "issuer_address": licence.issuer_address,
        }

    def to_licence(self) -> Licence | None:
        data = self.cleaned_data
        if not data or data.get("DELETE"):
            return None
        licence = Licence(
            issuer=data["issuer"].strip(), place=data["place"].strip(),
            issued_on=data["issued_on"].isoformat() if data.get("issued_on") else "",
            decision_number=data["decision_number"].strip(),
            operation_start=data["operation_start"].isoformat() if data.get("operation_start") else "",
            issuer_address=self.address_value("issuer_address"),
        )
        if data.get("key"):
            licence.key = data["key"]
        empty = not any([licence.issuer, licence.place, licence.issued_on, licence.decision_number,
                         licence.operation_start])
        return None if empty else licence


# Every formset has a hard maximum: Django otherwise builds and validates as many forms as the
# request's TOTAL_FORMS says, up to 2,000 by default (a licence form has address sub-forms, so one
# request could keep a worker busy for minutes). A request over the maximum gets a form error.
LICENCES_MAX = 20
SUPPLEMENTS_MAX = 30
TOO_MANY_ROWS = _("Legfeljebb %(num)d sort adhat meg; a többit nem mentettük.")


class CappedFormSet(forms.BaseFormSet):
    default_error_messages = {**forms.BaseFormSet.default_error_messages, "too_many_forms": TOO_MANY_ROWS}


def capped_formset(form, *, max_num: int, extra: int = 1, can_delete: bool = True):
    """``formset_factory`` with a validated hard maximum: never more than ``max_num`` forms are built,
    whatever TOTAL_FORMS a request claims, and a request claiming more is refused with a form error."""
    return forms.formset_factory(form, formset=CappedFormSet, extra=extra, can_delete=can_delete,
                                 max_num=max_num, absolute_max=max_num, validate_max=True)


LicenceFormSet = capped_formset(LicenceForm, max_num=LICENCES_MAX)


# --- a site --------------------------------------------------------------------------------

class NullBooleanRadio(forms.ChoiceField):
    """Van / nincs with no preselection: an untouched question stays unanswered (None)."""

    widget = forms.RadioSelect

    def __init__(self, **kwargs):
        super().__init__(choices=YES_NO, required=False, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return {"igen": True, "nem": False}.get(value)

    def prepare_value(self, value):
        return {True: "igen", False: "nem"}.get(value, value)

    def validate(self, value):
        return None


class SiteForm(WithAddresses, forms.Form):
    address_legends = {"address": _("Feladatellátási hely címe"), "admin_billing_address": _("Számlázási cím")}

    kind = forms.ChoiceField(label=_("Feladatellátási hely típusa"), widget=forms.RadioSelect,
                             choices=[(k, str(v)) for k, v in SITE_KINDS.items()])
    name = _text(_("Feladatellátási hely neve"), validators=[schema.validate_name], help_text=_(
        "A székhely nevét az intézmény nevéből képzi a rendszer, itt nem módosítható."))
    predecessor_om_id = _text(_("Jogelőd OM azonosítója"), max_length=6, help_text=_(
        "Ha a feladatellátási hely korábban is látott el köznevelési feladatot."),
        validators=[_checked(checks.om_id_valid, schema.OM_ID_INVALID)])
    predecessor_site = _text(_("Jogelőd feladatellátási hely"), help_text=_(
        "Melyik korábbi feladatellátási helyről van szó (sorszám és név)."))
    contact_name = _text(_("Kapcsolattartó neve"), max_length=200, validators=[schema.validate_name])
    contact_phone = _text(_("Kapcsolattartó telefonszáma"), max_length=40,
                          validators=[_checked(checks.phone_valid, schema.PHONE_INVALID)])
    contact_email = _text(_("Kapcsolattartó e-mail címe"), max_length=254,
                          validators=[_checked(checks.email_valid, schema.EMAIL_INVALID)])
    administered_by = forms.ChoiceField(label=_("Az ügyvitelt ellátó feladatellátási hely"), required=False,
                                        help_text=_("Csak önálló ügyvitellel nem rendelkező helynél."))
    admin_name = _text(_("Ügyviteli név"), validators=[schema.validate_name])
    admin_administration_type = forms.ChoiceField(
        label=_("Ügyvitel típusa"), required=False, choices=_choices(ADMINISTRATION_TYPES),
        help_text=_("Székhely esetén nem kell megadni."))
    admin_short_name = _text(_("Rövidített név"), max_length=32, validators=[schema.validate_name])
    admin_bank_account = _text(_("Bankszámlaszám"), max_length=26, validators=[
        _checked(checks.bank_account_valid, schema.BANK_ACCOUNT_INVALID)])
    admin_head_name = _text(_("Vezető neve"), max_length=200, validators=[schema.validate_name])
    admin_head_phone = _text(_("Vezető telefonszáma"), max_length=40,
                             validators=[_checked(checks.phone_valid, schema.PHONE_INVALID)])
    admin_head_email = _text(_("Vezető e-mail címe"), max_length=254,
                             validators=[_checked(checks.email_valid, schema.EMAIL_INVALID)])

    def __init__(self, *args, record: InstitutionRecord, site: SiteRecord, **kwargs):
        super().__init__(*args, **kwargs)
        self.site = site
        self._add_addresses()
        self.fields["administered_by"].choices = [("", _("– válasszon –"))] + [
            (s.key, s.name or str(_("(név nélkül)"))) for s in record.administering_sites() if s.key != site.key
        ]
        for name, label in CAPACITY_FIELDS.items():
            self.fields[name] = forms.IntegerField(
                label=label, required=False, min_value=0,
                error_messages={"invalid": str(schema.CAPACITY_INVALID),
                                "min_value": str(schema.CAPACITY_INVALID)})
        for name, label in FACILITY_FIELDS.items():
            self.fields[name] = NullBooleanRadio(label=label)
        if site.kind == schema.SEAT:
            self.fields["name"].disabled = True
            self.fields["admin_name"].disabled = True

    @staticmethod
    def initial_from(site: SiteRecord) -> dict:
        adm = site.administration
        return {
            "kind": site.kind, "name": site.name, "predecessor_om_id": site.predecessor_om_id,
            "predecessor_site": site.predecessor_site, "contact_name": site.contact.name,
            "contact_phone": site.contact.phone, "contact_email": site.contact.email,
            "administered_by": site.administered_by, "admin_name": adm.name,
            "admin_administration_type": adm.administration_type, "admin_short_name": adm.short_name,
            "admin_bank_account": adm.bank_account, "admin_head_name": adm.head.name,
            "admin_head_phone": adm.head.phone, "admin_head_email": adm.head.email,
            "address": site.address, "admin_billing_address": adm.billing_address,
        } | site.capacities | site.facilities

    def apply(self, site: SiteRecord, *, copy_contact: bool = False) -> None:
        data = self.cleaned_data
        site.kind = data["kind"]
        if site.kind != schema.SEAT:
            site.name = data["name"].strip()
        site.address = self.address_value("address")
        site.predecessor_om_id = data["predecessor_om_id"].strip()
        site.predecessor_site = data["predecessor_site"].strip()
        site.contact = Contact(data["contact_name"].strip(), data["contact_phone"].strip(),
                               data["contact_email"].strip())
        site.administered_by = data.get("administered_by") or ""
        adm = site.administration
        adm.name = (data.get("admin_name") or "").strip() or site.name
        adm.administration_type = data.get("admin_administration_type") or ""
        adm.short_name = data["admin_short_name"].strip()
        adm.bank_account = data["admin_bank_account"].strip()
        adm.head = Contact(data["admin_head_name"].strip(), data["admin_head_phone"].strip(),
                           data["admin_head_email"].strip())
        if copy_contact:
            adm.head = Contact(**asdict(site.contact))
        adm.billing_address = self.address_value("admin_billing_address")
        site.capacities = {name: data.get(name) for name in CAPACITY_FIELDS}
        site.facilities = {name: data.get(name) for name in FACILITY_FIELDS}


# --- tasks ---------------------------------------------------------------------------------

COMBINATION_INVALID = schema.TASK_COMBINATION_NOT_ALLOWED


class TaskForm(forms.Form):
    base_task = forms.ChoiceField(label=_("Alapfeladat"), error_messages={"required": str(schema.MISSING)})
    special_characteristic = forms.ChoiceField(label=_("Speciális jellemző"),
                                               error_messages={"required": str(schema.MISSING)})
    schedule = forms.ChoiceField(label=_("Képzési rendszer"), error_messages={"required": str(schema.MISSING)})
    grade_count = forms.IntegerField(
        label=_("Évfolyamok száma"), required=False, min_value=1, max_value=13,
        error_messages={k: str(schema.GRADE_COUNT_INVALID) for k in ("invalid", "min_value", "max_value")},
    )

    def __init__(self, *args, codes: CodeBook, **kwargs):
        super().__init__(*args, **kwargs)
        self.codes = codes
        self.fields["base_task"].choices = _choices(codes.base_tasks)
        self.fields["special_characteristic"].choices = _choices(codes.special_characteristics)
        self.fields["schedule"].choices = _choices(codes.schedules)

    def clean(self):
        cleaned = super().clean()
        combination = (cleaned.get("base_task"), cleaned.get("special_characteristic"), cleaned.get("schedule"))
        if all(combination) and not self.codes.combination_allowed(*combination):
            self.add_error("base_task", COMBINATION_INVALID)
        return cleaned

    @staticmethod
    def initial_from(task: TaskRecord) -> dict:
        return {"base_task": task.base_task, "special_characteristic": task.special_characteristic,
                "schedule": task.schedule, "grade_count": task.grade_count}

    def apply(self, task: TaskRecord) -> None:
        data = self.cleaned_data
        task.base_task, task.special_characteristic, task.schedule = (
            data["base_task"], data["special_characteristic"], data["schedule"])
        task.grade_count = data.get("grade_count")


class CopyTaskForm(forms.Form):
    combination = forms.ChoiceField(label=_("Választás a meglévő feladatok közül"),
                                    error_messages={"required": _("Válasszon egy feladatot.")})

    def __init__(self, *args, record: InstitutionRecord, codes: CodeBook, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = {
            "|".join([*combo[:3], str(combo[3] or "")]): combo for combo in record.task_combinations()
            if codes.combination_allowed(*combo[:3])
        }
        self.fields["combination"].choices = [("", _("– válasszon –"))] + [
            (value, schema.task_text(TaskRecord(*combo[:3], grade_count=combo[3]), codes))
            for value, combo in self.options.items()
        ]

    def to_task(self) -> TaskRecord:
        base, special, schedule, grades = self.options[self.cleaned_data["combination"]]
        return TaskRecord(base, special, schedule, grades)


class SupplementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kiegészítés típusa"), required=False)
    value = forms.ChoiceField(label=_("Kiegészítés értéke"), required=False)

    def __init__(self, *args, codes: CodeBook, task: TaskRecord, **kwargs):
        super().__init__(*args, **kwargs)
        self.codes, self.task = codes, task
        kinds = {k: v for k, v in codes.supplement_kinds.items()
                 if codes.supplement_allowed(*task.combination, k)}
        self.fields["kind"].choices = _choices(kinds)
        self.fields["value"].choices = [("", _("– válasszon –"))] + [
            (str(codes.supplement_kinds.get(kind, kind)), [(code, name) for code, name in values.items()])
            for kind, values in codes.supplement_values.items() if kind in kinds
        ]

    def clean(self):
        cleaned = super().clean()
        kind, value = cleaned.get("kind"), cleaned.get("value")
        if kind and not value:
            self.add_error("value", schema.MISSING)
        elif value and not kind:
            self.add_error("kind", schema.MISSING)
        elif kind and not self.codes.supplement_value_valid(kind, value):
            self.add_error("value", schema.SUPPLEMENT_VALUE_INVALID)
        return cleaned

    def to_supplement(self) -> Supplement | None:
        data = self.cleaned_data
        if not data or data.get("DELETE") or not data.get("kind"):
            return None
        return Supplement(data["kind"], data["value"])


SupplementFormSet = capped_formset(SupplementForm, max_num=SUPPLEMENTS_MAX)


# --- the office ----------------------------------------------------------------------------

class AuthenticateForm(forms.Form):
    verification_code = forms.CharField(
        label=_("Ellenőrző kód"), max_length=20,
        help_text=_("A postán érkezett, aláírt és lepecsételt kérelmen szereplő kód, vagy olvassa be a QR-kódot."),
        error_messages={"required": _("Adja meg az ellenőrző kódot.")},
    )


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Döntés indoka"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
        help_text=_("Visszanyitásnál írja le, mit kell javítani a kérelemben."),
    )


class QueueFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kérelem fajtája"), required=False)
    state = forms.ChoiceField(label=_("Állapot"), required=False)
    older_than_days = forms.IntegerField(label=_("Legalább ennyi napja beküldött"), required=False, min_value=0,
                                         error_messages={"invalid": _("Nem negatív egész számot adjon meg."),
                                                         "min_value": _("Nem negatív egész számot adjon meg.")})

    def __init__(self, *args, kinds, states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("mind"))] + list(kinds)
        self.fields["state"].choices = [("", _("folyamatban lévők"))] + list(states)


# --- operating institutions: suspension / termination of a site or of the institution ---------

def _termination_reasons() -> list[tuple[str, str]]:
    from portal.core.models import TerminationReason

    return [("", str(_("– válasszon –")))] + list(
        TerminationReason.objects.filter(is_active=True).values_list("code", "name"))


class StatusChangeForm(forms.Form):
    """Szünetelés (date, school year) or Megszüntetés (reason, date); the schema checks the rest."""

    kind = forms.ChoiceField(label=_("Típus"), widget=forms.RadioSelect,
                             choices=[(k, str(v)) for k, v in schema.STATUS_CHANGE_KINDS.items()],
                             error_messages={"required": str(schema.MISSING)})
    effective_from = _text(_("Hatálybalépés dátuma"), max_length=10, help_text=_("ÉÉÉÉ-HH-NN"))
    school_year = _text(_("Szünetelés tanéve"), max_length=9, help_text=_(
        "Csak szünetelés esetén, ÉÉÉÉ/ÉÉÉÉ formában, például 2025/2026."))
    reason = forms.ChoiceField(label=_("Megszűnés oka"), required=False,
                               help_text=_("Csak megszüntetés esetén."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = _termination_reasons()

    def to_change(self) -> schema.StatusChange:
        data = self.cleaned_data
        kind = data["kind"]
        return schema.StatusChange(
            kind=kind, effective_from=data["effective_from"].strip(),
            school_year=data["school_year"].strip() if kind == schema.SUSPEND else "",
            reason=data.get("reason", "") if kind == schema.TERMINATE else "")

    def add_problems(self, problems) -> None:
        for problem in problems:
            name = problem.field if problem.field in self.fields else None
            self.add_error(name, problem.message)
