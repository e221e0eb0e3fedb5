"""Accounts of every kind, each with the same known password unless told otherwise."""

import factory

from portal.accounts.models import Kind, User
from portal.accounts.services import user_login_key

from .registry import InstitutionFactory, MaintainerFactory, SchoolDistrictFactory

PASSWORD = "Hófehérke7törpe"  # the seed's own example of a good password


def _login_key(user) -> str:
    return user_login_key(kind=user.kind, username=user.username, email=user.email,
                          institution=user.institution, maintainer=user.maintainer)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    kind = Kind.LEARNER
    full_name = factory.Faker("name", locale="hu_HU")
    username = ""
    email = factory.Sequence(lambda n: f"felhasznalo{n}@peldafalva.example")
    institution = None
    maintainer = None
    login_key = factory.LazyAttribute(_login_key)

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(PASSWORD if extracted is None else extracted)
        if create:
            obj.save(update_fields=["password"])


class LearnerFactory(UserFactory):
    kind = Kind.LEARNER


class NotaryFactory(UserFactory):
    kind = Kind.NOTARY


class TrainingOfficeFactory(UserFactory):
    kind = Kind.TRAINING_OFFICE


class InstitutionUserFactory(UserFactory):
    kind = Kind.INSTITUTION
    email = ""
    username = factory.Sequence(lambda n: f"munkatars{n}")
    institution = factory.SubFactory(InstitutionFactory)


class MasterFactory(UserFactory):
    kind = Kind.MASTER
    email = ""
    username = ""
    institution = factory.SubFactory(InstitutionFactory)


class DistrictUserFactory(UserFactory):
    kind = Kind.DISTRICT
    email = ""
    username = factory.Sequence(lambda n: f"tankerulet{n}")
    maintainer = factory.SubFactory(SchoolDistrictFactory)


class MaintainerUserFactory(UserFactory):
    kind = Kind.MAINTAINER
    email = ""
    username = factory.LazyAttribute(lambda user: user.maintainer.maintainer_id)
    maintainer = factory.SubFactory(MaintainerFactory)


class OfficeUserFactory(UserFactory):
    kind = Kind.OFFICE
    email = factory.Sequence(lambda n: f"ugyintezo{n}@oh.example")
    username = factory.Sequence(lambda n: f"ugyintezo{n}")
