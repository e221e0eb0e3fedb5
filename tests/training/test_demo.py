"""After `make run` (load_demo) the demo learner can play a course and the notary sees them."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.accounts.management.commands.load_demo import PASSWORD
from portal.training.models import Course, Enrolment, Learner, Notary, Package

pytestmark = pytest.mark.django_db


def test_it_gives_the_demo_learner_a_playable_course_and_the_notary_their_municipality(client):
    call_command("load_demo")
    counts = (Learner.objects.count(), Notary.objects.count(), Course.objects.count(),
              Package.objects.count(), Enrolment.objects.count())
    call_command("load_demo")  # idempotent
    assert (Learner.objects.count(), Notary.objects.count(), Course.objects.count(),
            Package.objects.count(), Enrolment.objects.count()) == counts == (1, 1, 2, 2, 2)

    tanulo = Learner.objects.get(user__email="tanulo@gyor.example")
    jegyzo = Notary.objects.get(user__email="jegyzo@gyor.example")
    assert tanulo.municipality.name == "Győr"
    assert jegyzo.notary_office.municipalities.filter(pk=tanulo.municipality_id).exists()
    assert {p.version for p in Package.objects.all()} == {"1.2", "2004"}

    assert client.post(reverse("accounts:login_email"), {"email": "tanulo@gyor.example", "password": PASSWORD}).status_code == 302
    home = client.get(reverse("training:learner_home")).content.decode()
    course = Course.objects.get(subsystem__code="gazdalkodas")
    assert course.title in home
    sco = course.package.scos.exclude(href="").get()
    player = client.get(reverse("training:player", args=[course.pk, sco.pk]))
    assert player.status_code == 200
    launch = client.get(reverse("training:package_file", args=[course.package.pk, sco.href]), follow=True)
    assert launch.status_code == 200 and launch.redirect_chain[0][0].startswith("/asp/tartalom/")

    client.logout()
    client.post(reverse("accounts:login_email"), {"email": "jegyzo@gyor.example", "password": PASSWORD})
    assert 'data-learner="tanulo@gyor.example"' in client.get(reverse("training:notary_home")).content.decode()
