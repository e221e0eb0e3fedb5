"""Reference geography for tests: a few real places instead of the whole country."""

import factory

from portal.core.models import Country, County, PostalCode, Settlement, StreetType


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County
        django_get_or_create = ("code",)

    code = "01"
    name = "Budapest"


class SettlementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Settlement
        django_get_or_create = ("ksh_code",)

    ksh_code = factory.Sequence(lambda n: f"{90000 + n:05d}")
    name = factory.Sequence(lambda n: f"Településfalva {n}")
    postal_name = factory.LazyAttribute(lambda o: o.name)
    county = factory.SubFactory(CountyFactory)
    district_code = ""
    district_name = ""
    legal_status = "község"


class PostalCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostalCode
        django_get_or_create = ("code", "settlement", "settlement_part")

    code = factory.Sequence(lambda n: f"{9000 + n % 1000:04d}")
    settlement = factory.SubFactory(SettlementFactory)
    settlement_part = ""


class StreetTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StreetType
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"jelleg{n}")
    order = factory.Sequence(lambda n: n)


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "HU"
    name = "Magyarország"
    order = factory.Sequence(lambda n: n)


def reference_places() -> None:
    """Magyarország and Ausztria; utca, tér, út; Budapest V. (1055), Debrecen (4024), Győr (9021),
    and 7838, a postal code shared by several villages."""
    CountryFactory(code="HU", name="Magyarország", order=1)
    CountryFactory(code="AT", name="Ausztria", order=2)
    for order, name in enumerate(["utca", "út", "tér"], start=1):
        StreetTypeFactory(name=name, order=order)
    budapest_v = SettlementFactory(ksh_code="16586", name="Budapest 05. ker.", postal_name="Budapest",
                                   legal_status="fővárosi kerület")
    PostalCodeFactory(code="1055", settlement=budapest_v)
    hajdu = CountyFactory(code="09", name="Hajdú-Bihar")
    PostalCodeFactory(code="4024", settlement=SettlementFactory(ksh_code="15130", name="Debrecen", county=hajdu))
    gyor_moson_sopron = CountyFactory(code="08", name="Győr-Moson-Sopron")
    PostalCodeFactory(code="9021", settlement=SettlementFactory(ksh_code="25584", name="Győr",
                                                                county=gyor_moson_sopron))
    baranya = CountyFactory(code="02", name="Baranya")
    for ksh_code, name in [("07621", "Vajszló"), ("12007", "Besence"), ("02635", "Hirics")]:
        PostalCodeFactory(code="7838", settlement=SettlementFactory(ksh_code=ksh_code, name=name, county=baranya))
