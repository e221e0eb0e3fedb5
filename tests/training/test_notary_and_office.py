import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from portal.training.models import Learner, Municipality, NotaryOffice
from portal.training.reference import Settlement, office_plan, training_reference_load
from tests.factories.training import (
    MunicipalityFactory,
    course_with_package,
    learner,
    notary,
    scorm_upload,
    training_office_user,
)


@pytest.fixture
def office(subsystems):
    return MunicipalityFactory(name="Orfű").notary_office


@pytest.fixture
def jegyzo(office):
    return notary(office=office)


@pytest.fixture
def anna(office):
    return learner(email="kiss.anna@example.hu", name="Kiss Anna",
                   municipality=MunicipalityFactory(name="Abaliget", notary_office=office), password=None)


def test_it_groups_members_of_a_joint_office_under_its_seat():
    settlements = [
        Settlement("1", "Orfű", "Baranya", "község", "2", "[Helyben]"),
        Settlement("2", "Abaliget", "Baranya", "község", "5", "Orfű"),
        Settlement("3", "Pécs", "Baranya", "megyei jogú város", "1", "–"),
        Settlement("4", "Árva", "Baranya", "község", "5", "Nincsilyen"),
    ]
    plan = office_plan(settlements)
    assert plan["2"][0] == plan["1"][0] == "1"
    assert plan["2"][1] == "Orfű – közös önkormányzati hivatal"
    assert plan["3"][1] == "Pécs – polgármesteri hivatal"
    assert plan["4"][0] == "4"  # an unknown seat: its own office


@pytest.mark.django_db
def test_it_loads_the_real_municipalities_twice_without_duplicates():
    first = training_reference_load()
    second = training_reference_load()
    assert first == second and first["municipalities"] > 3000
    orfu = NotaryOffice.objects.get(seat_name="Orfű")
    assert Municipality.objects.get(name="Abaliget").notary_office == orfu


def test_it_shows_the_notary_the_learners_and_invitation_state(client, jegyzo, anna):
    client.force_login(jegyzo.user)
    response = client.get(reverse("training:notary_home"))
    text = response.content.decode()
    assert response.status_code == 200 and "kiss.anna@example.hu" in text
    assert 'data-state="not_sent"' in text


def test_it_refuses_the_notary_page_to_a_learner_and_the_office(client, anna):
    client.force_login(anna.user)
    assert client.get(reverse("training:notary_home")).status_code == 403
    client.force_login(training_office_user())
    assert client.get(reverse("training:notary_home")).status_code == 403


def test_it_exports_the_learners_to_xlsx(client, jegyzo, anna):
    client.force_login(jegyzo.user)
    response = client.get(reverse("training:notary_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["B2"].value == "kiss.anna@example.hu"


def test_it_lets_the_notary_withdraw_own_learner_but_not_others(client, jegyzo, anna):
    stranger = notary(email="idegen.jegyzo@example.hu")
    client.force_login(stranger.user)
    client.post(reverse("training:learner_withdraw", args=[anna.pk]), {"megerosites": "1"})
    assert not Learner.objects.get(pk=anna.pk).is_withdrawn
    client.force_login(jegyzo.user)
    client.post(reverse("training:learner_withdraw", args=[anna.pk]), {"megerosites": "1"})
    anna.refresh_from_db()
    assert anna.is_withdrawn and not anna.user.is_active


def test_withdrawing_asks_first_on_a_page_that_works_without_javascript(client, jegyzo, anna):
    client.force_login(jegyzo.user)
    asked = client.post(reverse("training:learner_withdraw", args=[anna.pk]))
    assert asked.status_code == 200
    html = asked.content.decode()
    assert "Biztosan kivezeti?" in html and "Igen, kivezetem" in html
    assert 'name="megerosites" value="1"' in html and 'href="/asp/jegyzo/"' in html
    assert "aspoktatas@allamkincstar.gov.hu" in html  # the Treasury's chrome around it
    assert not Learner.objects.get(pk=anna.pk).is_withdrawn
    done = client.post(reverse("training:learner_withdraw", args=[anna.pk]), {"megerosites": "1"})
    assert done.status_code == 302 and done.url == reverse("training:notary_home")
    assert Learner.objects.get(pk=anna.pk).is_withdrawn


def test_it_shows_the_office_statistics_and_refuses_them_to_a_notary(client, jegyzo, anna):
    client.force_login(training_office_user())
    response = client.get(reverse("training:office_home"))
    assert response.status_code == 200 and "Statisztika szakrendszerenként" in response.content.decode()
    for name in ["training:municipality_list", "training:learner_list", "training:course_list"]:
        assert client.get(reverse(name)).status_code == 200
    client.force_login(jegyzo.user)
    assert client.get(reverse("training:office_home")).status_code == 403


def test_it_lets_training_staff_upload_a_package_and_refuses_a_bad_one(client, subsystems):
    from tests.factories.training import CourseFactory

    client.force_login(training_office_user())
    course = CourseFactory()
    url = reverse("training:package_upload", args=[course.pk])
    bad = client.post(url, {"package": scorm_upload("negative/invalid.zip")})
    assert bad.status_code == 200
    assert "nincs imsmanifest.xml" in bad.content.decode()
    good = client.post(url, {"package": scorm_upload("singlescobasic.zip")})
    assert good.status_code == 302 and course.packages.count() == 1


def test_it_refuses_package_upload_to_a_learner(client, anna):
    course, _ = course_with_package("singlescobasic.zip")
    client.force_login(anna.user)
    response = client.post(reverse("training:package_upload", args=[course.pk]),
                           {"package": scorm_upload("singlescobasic.zip")})
    assert response.status_code == 403


def test_the_notary_page_needs_the_same_number_of_queries_for_1_or_30_learners(
    client, jegyzo, office, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.training.models import Sco
    from portal.training.services.scorm import attempt_launch

    town = MunicipalityFactory(name="Abaliget", notary_office=office)
    courses = [course_with_package("singlescobasic.zip", subsystem_code=code)[0] for code in ("gazdalkodas", "ado")]
    scos = [Sco.objects.filter(package__course=c).exclude(href="").first() for c in courses]

    def enrol(n):
        person = learner(email=f"kolléga{n}@example.hu", name=f"Kolléga {n}", municipality=town,
                         subsystems=("gazdalkodas", "ado"))
        for sco in scos:
            attempt_launch(user=person.user, sco=sco)

    enrol(0)
    client.force_login(jegyzo.user)
    with CaptureQueriesContext(connection) as one:
        response = client.get(reverse("training:notary_home"))
    assert response.content.decode().count("<tr data-learner=") == 1
    for n in range(1, 30):
        enrol(n)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("training:notary_home"))
    text = response.content.decode()
    assert text.count("<tr data-learner=") == 30 and text.count("folyamatban") == 60


def test_the_course_and_intake_forms_name_their_empty_choice_in_hungarian(client, subsystems):
    client.force_login(training_office_user())
    course_form = client.get(reverse("training:course_create")).content.decode()
    assert "---------" not in course_form
    assert '<option value="" selected>Válasszon szakrendszert</option>' in course_form
    intake_form = client.get(reverse("training:intake_upload")).content.decode()
    assert "---------" not in intake_form and "Válasszon jegyzői hivatalt" in intake_form


def test_subsystems_without_a_course_show_the_same_for_every_learner(client, jegyzo, office):
    import re

    from tests.factories.training import CourseFactory, subsystem

    CourseFactory(subsystem=subsystem("gazdalkodas"), title="Gazdálkodási alapok")
    municipality = MunicipalityFactory(name="Abaliget", notary_office=office)
    learner(email="ket.szakrendszer@example.hu", name="Két Szakrendszer", municipality=municipality,
            subsystems=("gazdalkodas", "ado"))
    learner(email="csak.ado@example.hu", name="Csak Adó", municipality=municipality, subsystems=("ado",))
    client.force_login(jegyzo.user)
    html = client.get(reverse("training:notary_home")).content.decode()
    ado = subsystem("ado").name

    def cell(email):
        row = re.search(rf'<tr data-learner="{re.escape(email)}">(.*?)</tr>', html, re.S).group(1)
        return re.findall(r"<td>(.*?)</td>", row, re.S)[3]

    assert f"<p><strong>{ado}</strong>: még nincs tananyag</p>" in cell("ket.szakrendszer@example.hu")
    assert "Gazdálkodási alapok" in cell("ket.szakrendszer@example.hu")
    assert cell("csak.ado@example.hu") == f"<p><strong>{ado}</strong>: még nincs tananyag</p>"
    sheet = load_workbook(io.BytesIO(client.get(reverse("training:notary_export")).content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert [r[5:8] for r in rows if r[1] == "csak.ado@example.hu"] == [[ado, None, "még nincs tananyag"]]
