"""The national data set: the register at its real size, built from the reference files.

* Institutions: the 5,685 operating institutions of the KIR list (real OM IDs and names).
* Seat: the settlement named by the first word of the name ("Zalaegerszegi …" → Zalaegerszeg,
  "Újbudai …" → Budapest XI.), otherwise one chosen by a hash of the OM ID weighted by population;
  a postal code of that settlement; in the six cities of the Posta street list a real street of that
  postal code, elsewhere a common street name; street types from the reference list.
* Maintainers: kindergartens and general cultural centres belong to the municipality of their
  settlement (real name, PIR and tax number from the Treasury list); state schools to a school
  district (tankerületi központ) of their county; vocational schools to a vocational centre;
  church schools to their church; Waldorf, Montessori and "alapítványi" schools to a foundation.
* Type, sites and tasks follow the words of the name (óvoda → óvodai nevelés; általános iskola →
  alsó and felső tagozat; gimnázium → 4/5/6/8 évfolyamos …); a multi-purpose institution has a member
  institution for its kindergarten.
* Each institution gets version 1 (valid from the date of the KIR list) holding its record.

Everything is derived from the OM ID and the reference files: the same input builds the same
register. Rows are written with bulk inserts; every record is validated with the register's own
``InstitutionRecord.validate`` before anything is written.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from portal.core.addresses import HUNGARY
from portal.core.identifiers import check_digit_for
from portal.registry.codes import CodeBook, codebook_load
from portal.registry.schema import (
    NO_ADMINISTRATION,
    OWN_ADMINISTRATION,
    SEAT,
    Administration,
    Contact,
    InstitutionRecord,
    Problem,
    SiteRecord,
    TaskRecord,
)
from portal.registry.search import fold, search_text_for

REFERENCE_DIR = Path(settings.BASE_DIR) / "core" / "data" / "reference"
KIR_FILE = REFERENCE_DIR / "kir_mukodo_intezmenyek_2025-07.csv"
PIR_FILE = REFERENCE_DIR / "mak_pir_torzskonyv_2013_adoszamok.csv"
GAZETTEER_FILE = REFERENCE_DIR / "irszhnk_posta_ksh_2024-11-29.csv"
STREETS_FILE = REFERENCE_DIR / "posta_irsz_2024-05_utcak.csv"
NAV_FILE = REFERENCE_DIR / "nav_igazgatosagi_kodok_teroszt.csv"
LIST_DATE = date(2025, 7, 23)  # the date of the KIR list of operating institutions

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
         "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI", "XXII", "XXIII"]
# Quarter names used in Budapest institution names → district number.
BUDAPEST_QUARTERS = {
    "budavari": 1, "pasareti": 2, "pesthidegkuti": 2, "obudai": 3, "bekasmegyeri": 3,
    "ujpesti": 4, "lipotvarosi": 5, "belvarosi": 5, "terezvarosi": 6, "erzsebetvarosi": 7,
    "jozsefvarosi": 8, "ferencvarosi": 9, "kobanyai": 10, "ujbudai": 11, "kelenfoldi": 11,
    "hegyvideki": 12, "angyalfoldi": 13, "zugloi": 14, "rakospalotai": 15, "matyasfoldi": 16,
    "sashalmi": 16, "rakosszentmihalyi": 16, "rakosmenti": 17, "rakoskereszturi": 17,
    "pestszentlorinci": 18, "pestszentimrei": 18, "kispesti": 19, "pesterzsebeti": 20,
    "csepeli": 21, "budafoki": 22, "budafok": 22, "soroksari": 23,
}
IRREGULAR_ADJECTIVES = {"Eger": "Egri"}
BUDAPEST_DISTRICT_GROUPS = {  # school districts of the capital (real names), by district
    "Belső-Pesti": (5, 6, 7, 8, 9), "Észak-Budapesti": (3, 4), "Közép-Budai": (1, 2, 12),
    "Dél-Budai": (11, 22), "Észak-Pesti": (13, 15), "Kelet-Pesti": (14, 16, 17),
    "Dél-Pesti": (10, 18, 19, 20, 21, 23),
}
COMMON_STREETS = [
    ("Kossuth Lajos", "utca"), ("Petőfi Sándor", "utca"), ("Fő", "utca"), ("Rákóczi Ferenc", "út"),
    ("Szabadság", "tér"), ("Arany János", "utca"), ("Béke", "utca"), ("Dózsa György", "út"),
    ("Iskola", "utca"), ("Óvoda", "utca"), ("Templom", "tér"), ("Ady Endre", "utca"),
    ("Széchenyi István", "tér"), ("Jókai Mór", "utca"), ("Vörösmarty Mihály", "utca"),
    ("Bem József", "utca"), ("Hunyadi János", "utca"), ("Deák Ferenc", "utca"), ("Táncsics Mihály", "utca"),
    ("Szent István", "út"), ("Kölcsey Ferenc", "utca"), ("Liget", "sor"), ("Akácfa", "köz"),
]
SURNAMES = ["Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Kiss", "Molnár", "Németh",
            "Farkas", "Balogh", "Papp", "Takács", "Juhász", "Lakatos", "Mészáros", "Oláh", "Simon",
            "Rácz", "Fekete", "Szilágyi", "Török", "Fehér", "Balázs", "Gál", "Kis", "Szűcs", "Kocsis"]
GIVEN_NAMES = ["Anna", "Katalin", "Éva", "Zsuzsanna", "Erzsébet", "Ildikó", "Mária", "Judit",
               "Andrea", "Krisztina", "László", "István", "Gábor", "Péter", "Zoltán", "Tamás",
               "Attila", "Csaba", "Edit", "Márta", "Beáta", "Tímea", "Orsolya", "Ágnes"]
CHURCHES = [  # (words in the name, maintainer name)
    (("gorogkatolikus",), "Magyar Görögkatolikus Egyház"),
    (("reformatus", "kalvin"), "Magyarországi Református Egyház"),
    (("evangelikus",), "Magyarországi Evangélikus Egyház"),
    (("baptista",), "Magyarországi Baptista Egyház"),
    (("adventista",), "Hetednapi Adventista Egyház"),
    (("zsido", "izraelita", "scheiber", "lauder"), "Magyarországi Zsidó Hitközségek Szövetsége"),
    (("buddhista",), "A Tan Kapuja Buddhista Egyház"),
    (("pünkösdi", "punkosdi", "hit gyulekezete"), "Magyarországi Pünkösdi Egyház"),
    (("katolikus", "piarista", "bences", "ciszterci", "premontrei", "szalezi", "ferences", "orsolyita",
      "angolkisasszony", "egyhazmegyei", "szent ", "boldog "), "Magyar Katolikus Egyház"),
]
FOUNDATION_WORDS = ("waldorf", "montessori", "alapitvanyi", "maganiskola", "magan ", "freinet")
VOCATIONAL_WORDS = ("technikum", "szakkepzo", "szakgimnazium", "szakkozepiskola", "szakiskola")


def _h(*parts: str) -> int:
    """A stable number from the parts (the same on every machine and run)."""
    return int.from_bytes(hashlib.sha256("|".join(parts).encode()).digest()[:8], "big")


def _pick(seq, *parts: str):
    return seq[_h(*parts) % len(seq)]


def _read(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


# --- geography ------------------------------------------------------------------------------------

@dataclass
class Place:
    settlement_id: int
    name: str  # KSH name ("Budapest 11. ker." for a district)
    postal_name: str  # the name in an address ("Budapest")
    county_code: str
    county_name: str
    postal_codes: list[str]
    population: int
    district_seat: str = ""
    district: int = 0  # Budapest district number


@dataclass
class Geography:
    places: list[Place]
    by_adjective: dict[str, Place]
    by_name: dict[str, Place]
    budapest: dict[int, Place]
    streets: dict[str, list[tuple[str, str]]]  # postal code → real streets (six cities)
    street_types: set[str]
    cumulative: list[int] = field(default_factory=list)

    def weighted(self, om_id: str) -> Place:
        if not self.cumulative:
            total = 0
            for place in self.places:
                total += max(place.population, 1)
                self.cumulative.append(total)
        point = _h("place", om_id) % self.cumulative[-1]
        return self.places[bisect.bisect_right(self.cumulative, point)]


def _adjectives(name: str) -> list[str]:
    if name in IRREGULAR_ADJECTIVES:
        return [IRREGULAR_ADJECTIVES[name]]
    if name.endswith("i"):
        return [name]
    forms = [name + "i"]
    if name[-1] in "ae":
        forms.append(name[:-1] + "i")
    return forms


def geography_load() -> Geography:
    from portal.core.models import PostalCode, Settlement, StreetType

    population = {row["Helység.KSH.kódja"]: int(row["Lakó.népesség"] or 0) for row in _read(GAZETTEER_FILE)}
    district_seat = {row["Helység.KSH.kódja"]: row["Járás.székhelye"] for row in _read(GAZETTEER_FILE)}
    from portal.core.identifiers import postal_codes

    postal = postal_codes()  # what the register's validation accepts (the Posta lists)
    codes: dict[int, list[str]] = defaultdict(list)
    for code, settlement_id in PostalCode.objects.order_by("code").values_list("code", "settlement_id"):
        if code in postal and code not in codes[settlement_id]:
            codes[settlement_id].append(code)
    places = []
    for s in Settlement.objects.select_related("county").order_by("ksh_code"):
        if not codes.get(s.pk):
            continue  # Budapest as a whole: its districts are the settlements
        match = re.match(r"Budapest (\d\d)\. ker\.", s.name)
        places.append(Place(
            settlement_id=s.pk, name=s.name, postal_name=s.postal_name, county_code=s.county.code,
            county_name=s.county.name, postal_codes=codes[s.pk], population=population.get(s.ksh_code, 0),
            district_seat=district_seat.get(s.ksh_code, ""), district=int(match.group(1)) if match else 0,
        ))
    by_adjective: dict[str, Place] = {}
    for place in sorted(places, key=lambda p: p.population):  # the largest wins a shared adjective
        if not place.district:
            for form in _adjectives(place.name):
                by_adjective[fold(form)] = place
    streets: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in _read(STREETS_FILE):
        if row["kozterulet_jelleg"] and re.match(r"^[A-ZÁÉÍÓÖŐÚÜŰ]", row["kozterulet_nev"]):
            streets[row["iranyitoszam"]].append((row["kozterulet_nev"], row["kozterulet_jelleg"]))
    return Geography(
        places=places, by_adjective=by_adjective,
        by_name={p.name: p for p in places if not p.district},
        budapest={p.district: p for p in places if p.district}, streets=streets,
        street_types=set(StreetType.objects.values_list("name", flat=True)),
    )


def seat_place(name: str, om_id: str, geo: Geography) -> Place:
    folded = fold(name)
    match = re.search(r"budapest (?:fovaros )?([ivxl]+) (?:ker|sz)", folded)
    if match and match.group(1).upper() in ROMAN:
        return geo.budapest[ROMAN.index(match.group(1).upper()) + 1]
    words = folded.split()
    for word in words[:2]:
        if word in BUDAPEST_QUARTERS:
            return geo.budapest[BUDAPEST_QUARTERS[word]]
        if word in geo.by_adjective:
            return geo.by_adjective[word]
    if words and words[0] == "budapesti":
        return geo.budapest[_h("district", om_id) % 23 + 1]
    return geo.weighted(om_id)


def seat_address(place: Place, om_id: str, geo: Geography) -> dict:
    postal_code = _pick(place.postal_codes, "postal", om_id)
    real = [s for s in geo.streets.get(postal_code, []) if s[1] in geo.street_types]
    street_name, street_type = _pick(real or COMMON_STREETS, "street", om_id)
    return {
        "country": HUNGARY, "postal_code": postal_code, "settlement": place.postal_name,
        "street_name": street_name, "street_type": street_type,
        "house_number": str(_h("house", om_id) % 120 + 1), "details": "", "lot_number": "",
    }


# --- what the name says ------------------------------------------------------------------------

@dataclass
class Profile:
    institution_type: str
    school_tasks: list[tuple[str, int | None]]
    kindergarten_tasks: list[tuple[str, int | None]]
    maintained_by: str  # municipality, district, vocational, church, foundation

    @property
    def multi_purpose_site(self) -> bool:
        return bool(self.school_tasks and self.kindergarten_tasks)


def profile_of(name: str, om_id: str) -> Profile:
    n = f" {fold(name)} "
    school: list[tuple[str, int | None]] = []
    kindergarten: list[tuple[str, int | None]] = []
    kinds = []
    if "ovod" in n or "egyseges ovoda bolcsode" in n:
        kindergarten.append(("ovodai-neveles", None))
        kinds.append("ovoda")
    if "altalanos iskol" in n or "altalanos es" in n:
        school += [("altalanos-iskolai-also-tagozat", 4), ("altalanos-iskolai-felso-tagozat", 4)]
        kinds.append("altalanos-iskola")
    if "gimnazium" in n and "szakgimnazium" not in n:
        grades = 8 if "nyolcosztalyos" in n else _pick([4, 4, 4, 5, 6, 8], "grades", om_id)
        school.append((f"gimnaziumi-{grades}-evfolyamos", grades))
        kinds.append("gimnazium")
    if any(w in n for w in VOCATIONAL_WORDS):
        school += [("szakkozepiskolai-kozismereti", 4), ("szakkozepiskolai-szakkepzes", 1)]
        kinds.append("szakkozepiskola")
    if "muveszeti" in n or "zeneiskola" in n:
        school += [("ami-zenemuveszeti-ag", 12), ("ami-kepzo-es-iparmuveszeti-ag", 12)]
        kinds.append("alapfoku-muveszeti-iskola")
    if "kollegium" in n:
        school.append(("kollegiumi-ellatas", None))
        kinds.append("kollegium")
    if "szakszolgalat" in n or "nevelesi tanacsado" in n:
        school += [("nevelesi-tanacsadas", None), ("logopediai-ellatas", None),
                   ("szakertoi-bizottsagi-tevekenyseg", None)]
        kinds.append("pedagogiai-szakszolgalat")
    if "egymi" in n or "modszertani" in n or "gyogypedagogiai" in n or "fejleszto" in n:
        school += [("fejleszto-neveles-oktatas", None), ("egymi-modszertani-feladat", None)]
        kinds.append("egymi")
    if "pedagogiai intezet" in n or "oktatasi kozpont" in n or "pedagogiai szolgaltato" in n:
        school += [("pedagogiai-ertekeles", None), ("szaktanacsadas-tantargygondozas", None)]
        kinds.append("pedagogiai-szakmai-szolgaltato-intezmeny")
    if not school and not kindergarten:  # "Iskola", "Tanoda", "Intézmény": a general school
        school += [("altalanos-iskolai-also-tagozat", 4), ("altalanos-iskolai-felso-tagozat", 4)]
        kinds.append("altalanos-iskola")
    school = list(dict.fromkeys(school))
    if "altalanos muvelodesi kozpont" in n or (kindergarten and school):
        institution_type = "altalanos-muvelodesi-kozpont"
    elif "egyseges ovoda bolcsode" in n:
        institution_type = "egyseges-ovoda-bolcsode"
    elif len(set(kinds)) > 1:
        institution_type = "egymi" if "egymi" in kinds else "osszetett-iskola"
    else:
        institution_type = kinds[0]
    if any(w in n for words, _ in CHURCHES for w in words):
        maintained_by = "church"
    elif any(w in n for w in FOUNDATION_WORDS):
        maintained_by = "foundation"
    elif kindergarten:
        maintained_by = "municipality"
    elif "szakkozepiskola" in kinds:
        maintained_by = "vocational"
    else:
        maintained_by = "district"
    return Profile(institution_type, school, kindergarten, maintained_by)


# --- maintainers -----------------------------------------------------------------------------------

@dataclass
class MaintainerRow:
    maintainer_id: str
    name: str
    type_code: str
    email: str
    pir: str = ""
    tax_number: str = ""


NATIONALITY_WORDS = ("NEMZETISÉGI", "KISEBBSÉGI", "CIGÁNY", "ROMA ", "NÉMET", "SZLOVÁK", "HORVÁT",
                     "SZERB", "ROMÁN", "LENGYEL", "ÖRMÉNY", "BOLGÁR", "GÖRÖG", "RUSZIN", "UKRÁN",
                     "SZLOVÉN", "MEGYEI ÖNK", "TÁRSULÁS", "HIVATAL", "INTÉZMÉNY", "SZERVEZET", "SZOLGÁLAT")


def municipalities_load(geo: Geography) -> dict[str, MaintainerRow]:
    """Place name → the municipality of the Treasury list seated there (one per place)."""
    found: dict[str, MaintainerRow] = {}
    for row in _read(PIR_FILE):
        name = row["nev"].strip()
        if not re.search(r"ÖNKORMÁNYZATA?$", name) or any(w in name for w in NATIONALITY_WORDS):
            continue
        place = None
        match = re.match(r"BUDAPEST FŐVÁROS ([IVXL]+)\. ?KERÜLET", name)
        if match and match.group(1) in ROMAN:
            place = geo.budapest.get(ROMAN.index(match.group(1)) + 1)
        elif row["szekhely_telepules"] in geo.by_name:
            candidate = geo.by_name[row["szekhely_telepules"]]
            if fold(candidate.name) in fold(name):
                place = candidate
        if place is None:
            continue
        current = found.get(place.name)
        ended = bool(row["megszunes_datum"])
        if current is not None and (ended or not current.pir):
            continue
        tax = row["adoszam"]
        found[place.name] = MaintainerRow(
            maintainer_id="10" + row["pir"], name=_title(name), type_code="telepulesi-onkormanyzat",
            email=f"jegyzo.{row['pir']}@onkormanyzat.example", pir=row["pir"],
            tax_number=tax,  # canonical: 11 digits, as the maintainer record keeps it
        )
    return found


def _title(name: str) -> str:
    """The Treasury list is in capitals: "BABARC KÖZSÉG ÖNKORMÁNYZATA" → "Babarc Község Önkormányzata"."""
    return " ".join(w if re.fullmatch(r"[IVXL]+\.", w) else w.capitalize() for w in name.split())


def school_district_for(place: Place) -> MaintainerRow:
    if place.district:
        group = next(g for g, ds in BUDAPEST_DISTRICT_GROUPS.items() if place.district in ds)
        name, key = f"{group} Tankerületi Központ", group
    else:
        name, key = f"{place.county_name} Vármegyei Tankerületi Központ", place.county_code
    number = _h("district", key) % 900000 + 100000
    return MaintainerRow(f"18{number:06d}", name, "tankeruleti-kozpont", f"tankerulet{number}@kk.example")


def vocational_centre_for(place: Place) -> MaintainerRow:
    name = "Budapesti" if place.district else place.county_name
    number = _h("vocational", name) % 900000 + 100000
    return MaintainerRow(f"19{number:06d}", f"{name} Szakképzési Centrum", "egyeb-allami-fenntarto",
                         f"szc{number}@szc.example")


def church_for(name: str) -> MaintainerRow:
    n = f" {fold(name)} "
    church = next(c for words, c in CHURCHES if any(w in n for w in words))
    number = _h("church", church) % 900000 + 100000
    return MaintainerRow(f"17{number:06d}", church, "egyhazi-jogi-szemely", f"egyhaz{number}@egyhaz.example")


def foundation_for(name: str, om_id: str) -> MaintainerRow:
    stem = re.split(r"\s(?:Általános|Óvoda|Iskola|Gimnázium|Alapfokú)", name, maxsplit=1)[0].strip(" ,")
    return MaintainerRow(f"16{om_id}", f"{stem} Alapítvány", "alapitvany", f"alapitvany{om_id}@alapitvany.example")


# --- records ----------------------------------------------------------------------------------------

def tax_number_synthetic(om_id: str, county_code: str, nav: dict[str, str]) -> str:
    body = "1" + om_id
    return f"{body}{check_digit_for(body)}-2-{nav.get(county_code, '41')}"


def _person(om_id: str, role: str) -> str:
    return f"{_pick(SURNAMES, role, 's', om_id)} {_pick(GIVEN_NAMES, role, 'g', om_id)}"


def _phone(om_id: str) -> str:
    number = _h("phone", om_id) % 9000000 + 1000000
    return f"+36 1 {str(number)[:3]} {str(number)[3:]}"


def _task(code: str, grades: int | None, codes: CodeBook, index: int) -> TaskRecord:
    preferred = [("altalanos-feltetelek-szerinti", "nappali"), ("nincsen", "nappali"),
                 ("nincsen", "nincsen"), ("altalanos-feltetelek-szerinti", "nincsen")]
    options = [(s, sc) for (b, s, sc) in codes.combinations if b == code]
    special, schedule = next((p for p in preferred if p in options), options[0] if options else ("", ""))
    return TaskRecord(base_task=code, special_characteristic=special, schedule=schedule,
                      grade_count=grades, key=f"t{index:02d}")


def _site(kind: str, name: str, address: dict, om_id: str, tasks: list[TaskRecord], number: str,
          *, administration_type: str = "") -> SiteRecord:
    head = Contact(_person(om_id, "head"), _phone(om_id), f"igazgato.{om_id}@intezmeny.example")
    kindergarten = any(t.base_task == "ovodai-neveles" for t in tasks)
    flags = _h("facilities", om_id, number)
    return SiteRecord(
        kind=kind, name=name, address=address, number=number, key=f"s{number}",
        contact=Contact(_person(om_id, f"contact{number}"), _phone(om_id),
                        f"titkarsag.{om_id}.{number}@intezmeny.example"),
        administration=Administration(name=name, administration_type=administration_type, head=head),
        capacities={
            "max_day_pupils": 0 if kindergarten else 100 + flags % 700,
            "max_practical_pupils": 0, "places": 25 + flags % 200 if kindergarten else 0,
            "group_rooms": 1 + flags % 8 if kindergarten else 0, "dormitory_rooms": 0,
            "classrooms": 0 if kindergarten else 4 + flags % 30,
        },
        facilities={k: bool(flags >> i & 1) for i, k in enumerate(SiteRecord().facilities)},
        tasks=tasks,
    )


def record_build(om_id: str, name: str, place: Place, profile: Profile, maintainer: MaintainerRow,
                 codes: CodeBook, geo: Geography, nav: dict[str, str], pir_match: dict) -> InstitutionRecord:
    address = seat_address(place, om_id, geo)
    seat_tasks = profile.school_tasks if profile.multi_purpose_site else profile.kindergarten_tasks + profile.school_tasks
    tasks = [_task(code, grades, codes, i) for i, (code, grades) in enumerate(seat_tasks)]
    sites = [_site(SEAT, name, address, om_id, tasks, "001")]
    if profile.multi_purpose_site:
        member_tasks = [_task(c, g, codes, 50 + i) for i, (c, g) in enumerate(profile.kindergarten_tasks)]
        member_address = seat_address(place, om_id + "m", geo)
        sites.append(_site(OWN_ADMINISTRATION, f"{name} Óvodája", member_address, om_id, member_tasks,
                           "002", administration_type="member"))
    real = pir_match.get(fold(name))
    founded = date(1990, 1, 1).toordinal() + _h("founded", om_id) % 11000
    return InstitutionRecord(
        om_id=om_id, pir=real["pir"] if real else "", maintainer_id=maintainer.maintainer_id,
        tax_number=real["tax"] if real else tax_number_synthetic(om_id, place.county_code, nav),
        name=name, character="koznevelesi-intezmeny", institution_type=profile.institution_type,
        head=Contact(_person(om_id, "head"), _phone(om_id), f"igazgato.{om_id}@intezmeny.example"),
        founder_type=maintainer.type_code, founder_name=maintainer.name, founder_seat=dict(address),
        founding_place=place.postal_name, founding_date=date.fromordinal(founded).isoformat(),
        sites=sites,
    )


def _pir_matches() -> dict[str, dict]:
    """Institutions whose name appears exactly once in the Treasury list keep its PIR and tax number."""
    seen: dict[str, list[dict]] = defaultdict(list)
    for row in _read(PIR_FILE):
        seen[fold(row["nev"])].append(row)
    return {
        key: {"pir": rows[0]["pir"], "tax": f"{rows[0]['adoszam'][:8]}-{rows[0]['adoszam'][8]}-{rows[0]['adoszam'][9:]}"}
        for key, rows in seen.items() if len(rows) == 1
    }


@dataclass
class Plan:
    maintainers: dict[str, MaintainerRow]
    records: list[tuple[InstitutionRecord, Place]]
    problems: dict[str, list[Problem]]


def national_plan(*, limit: int | None = None, validate: bool = True, skip: frozenset[str] = frozenset()) -> Plan:
    """Every record of the national data set, validated, in OM ID order (nothing written).

    Institutions whose OM ID is in ``skip`` (already loaded) get no record, only their maintainer:
    building and validating records is nearly all the cost, so a re-run finds everything present in
    seconds."""
    geo = geography_load()
    codes = codebook_load()
    nav: dict[str, str] = {}
    for row in _read(NAV_FILE):
        nav.setdefault(row["megye"], row["nav_ig_tarsas"])
    municipalities = municipalities_load(geo)
    pir_match = _pir_matches()
    rows = sorted(_read(KIR_FILE, delimiter=";"), key=lambda r: r["OM azonosító"])[:limit]
    maintainers: dict[str, MaintainerRow] = {}
    records, problems = [], {}
    for row in rows:
        om_id, name = row["OM azonosító"].strip(), " ".join(row["Intézmény megnevezése"].split())
        place = seat_place(name, om_id, geo)
        profile = profile_of(name, om_id)
        maintainer = _maintainer_for(profile, place, name, om_id, municipalities, geo)
        maintainers.setdefault(maintainer.maintainer_id, maintainer)
        if om_id in skip:
            continue
        record = record_build(om_id, name, place, profile, maintainer, codes, geo, nav, pir_match)
        if validate:
            found = record.validate(codes=codes)
            if found:
                problems[om_id] = found
        records.append((record, place))
    return Plan(maintainers, records, problems)


def _maintainer_for(profile: Profile, place: Place, name: str, om_id: str,
                    municipalities: dict[str, MaintainerRow], geo: Geography) -> MaintainerRow:
    if profile.maintained_by == "church":
        return church_for(name)
    if profile.maintained_by == "foundation":
        return foundation_for(name, om_id)
    if profile.maintained_by == "vocational":
        return vocational_centre_for(place)
    if profile.maintained_by == "municipality":
        found = municipalities.get(place.name) or municipalities.get(place.district_seat)
        if found:
            return found
    return school_district_for(place)


# --- writing ----------------------------------------------------------------------------------------

def national_register_load(*, limit: int | None = None, validate: bool = True, batch_size: int = 1000) -> dict:
    """Write the national data set with bulk inserts; institutions already present (by OM ID) are kept."""
    from portal.core.audit import audit_record
    from portal.core.models import MaintainerType
    from portal.registry.models import Institution, InstitutionVersion, Maintainer, Site, Task

    kir_ids = [row["OM azonosító"].strip() for row in _read(KIR_FILE, delimiter=";")]
    already = frozenset(om_id for om_id in Institution.objects.filter(om_id__in=kir_ids)
                        .values_list("om_id", flat=True) if om_id)
    plan = national_plan(limit=limit, validate=validate, skip=already)
    if plan.problems:
        om_id, problems = next(iter(plan.problems.items()))
        raise ValueError(f"{len(plan.problems)} records fail validation, e.g. {om_id}: {problems[:3]}")
    types = dict(MaintainerType.objects.values_list("code", "id"))
    with transaction.atomic():
        existing_m = dict(Maintainer.objects.filter(maintainer_id__in=list(plan.maintainers))
                          .values_list("maintainer_id", "id"))
        new_m = []
        for row in sorted(plan.maintainers.values(), key=lambda m: m.maintainer_id):
            if row.maintainer_id in existing_m:
                continue
            new_m.append(Maintainer(
                maintainer_id=row.maintainer_id, name=row.name, maintainer_type_id=types[row.type_code],
                representative_email=row.email, email=row.email, pir=row.pir, tax_number=row.tax_number))
        Maintainer.objects.bulk_create(new_m, batch_size=batch_size)
        # maintainers loaded before the maintainer module had these fields: fill the Treasury's numbers
        numbered = [mid for mid, row in plan.maintainers.items() if mid in existing_m and row.pir]
        for mid in Maintainer.objects.filter(maintainer_id__in=numbered, pir="", tax_number="").values_list(
                "maintainer_id", flat=True):
            Maintainer.objects.filter(maintainer_id=mid).update(
                pir=plan.maintainers[mid].pir, tax_number=plan.maintainers[mid].tax_number)
        maintainer_pk = dict(Maintainer.objects.filter(maintainer_id__in=list(plan.maintainers))
                             .values_list("maintainer_id", "id"))
        present = set(Institution.objects.filter(om_id__in=[r.om_id for r, _ in plan.records])
                      .values_list("om_id", flat=True)) | already
        todo = [(r, p) for r, p in plan.records if r.om_id not in present]
        institutions = [_institution_row(r, p, plan.maintainers[r.maintainer_id], maintainer_pk) for r, p in todo]
        Institution.objects.bulk_create(institutions, batch_size=batch_size)
        pk_of = dict(Institution.objects.filter(om_id__in=[r.om_id for r, _ in todo]).values_list("om_id", "id"))
        sites = [_site_row(site, pk_of[r.om_id]) for r, _ in todo for site in r.sites]
        Site.objects.bulk_create(sites, batch_size=batch_size)
        site_pk = {(i, k): pk for i, k, pk in Site.objects.filter(institution_id__in=pk_of.values())
                   .values_list("institution_id", "key", "id")}
        Task.objects.bulk_create([
            Task(site_id=site_pk[(pk_of[r.om_id], site.key)], key=t.key, base_task=t.base_task,
                 special_characteristic=t.special_characteristic, schedule=t.schedule,
                 grade_count=t.grade_count, supplements=[], position=i)
            for r, _ in todo for site in r.sites for i, t in enumerate(site.tasks)
        ], batch_size=batch_size)
        InstitutionVersion.objects.bulk_create([
            InstitutionVersion(institution_id=pk_of[r.om_id], number=1, valid_from=LIST_DATE, data=r.to_dict())
            for r, _ in todo
        ], batch_size=batch_size)
        summary = {"maintainers": len(new_m), "institutions": len(todo), "sites": len(sites),
                   "skipped": len([i for i in sorted(kir_ids)[:limit] if i in present])}
        audit_record(action="registry.national_load", data=summary)
        if todo or new_m:
            _statistics_refresh()
    return summary


def _statistics_refresh() -> None:
    """PostgreSQL after a bulk load: fresh planner statistics, and the GIN indexes' pending lists
    merged. Without this the planner guesses one row per filter and a fresh GIN index keeps the
    new rows in its unsorted pending list, so until autovacuum runs the search scans every row
    (measured: 11 ms instead of 0.1 ms for "balcescu"). Both work inside a transaction."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE registry_maintainer, registry_institution, registry_site, registry_task")
        cursor.execute("SELECT gin_clean_pending_list(c.oid::regclass) FROM pg_class c "
                       "WHERE c.relname IN ('institution_search_trgm', 'institution_search_fts')")


def _institution_row(record: InstitutionRecord, place: Place, maintainer: MaintainerRow, maintainer_pk):
    from django.utils import timezone

    from portal.registry.models import Institution

    return Institution(
        om_id=record.om_id, name=record.name, status=Institution.Status.ACTIVE,
        maintainer_id=maintainer_pk[record.maintainer_id], head_email=record.head.email, pir=record.pir,
        tax_number=record.tax_number, short_name=record.short_name, character=record.character,
        institution_type=record.institution_type, website=record.website, head_name=record.head.name,
        head_phone=record.head.phone, head_mobile=record.head_mobile, founder_type=record.founder_type,
        founder_name=record.founder_name, founder_seat=record.founder_seat,
        founding_place=record.founding_place, founding_date=date.fromisoformat(record.founding_date),
        approved_at=timezone.make_aware(timezone.datetime.combine(LIST_DATE, timezone.datetime.min.time())),
        search_text=search_text_for(name=record.name, short_name=record.short_name, om_id=record.om_id,
                                    settlement=place.postal_name, maintainer_name=maintainer.name),
        seat_county=place.county_code, seat_settlement=fold(place.postal_name),
        seat_postal_code=record.seat.address.get("postal_code", ""),
        seat_settlement_name=record.seat.address.get("settlement", ""),
    )


def _site_row(site: SiteRecord, institution_id: int):
    from portal.registry.models import Site

    return Site(
        institution_id=institution_id, key=site.key, number=site.number, kind=site.kind, name=site.name,
        address=site.address, contact=asdict(site.contact),
        administration=asdict(site.administration) if site.kind != NO_ADMINISTRATION else {},
        capacities=site.capacities, facilities=site.facilities, is_active=True,
    )
