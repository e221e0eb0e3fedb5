"""SCORM 2004 sequencing through the portal: the server's tree state decides what the learner opens."""

import json

import pytest
from django.urls import reverse

from portal.training.models import Attempt, Sco, SequencingState, SequencingTree
from portal.training.scorm.manifest import PackageError
from portal.training.services.scorm import package_upload
from tests.factories.training import CourseFactory, course_with_package, learner, subsystem

FORCED = "sequencing/SequencingForcedSequential_SCORM20043rdEdition.zip"
RANDOM = "sequencing/SequencingRandomTest_SCORM20043rdEdition.zip"


@pytest.fixture
def anna(db):
    return learner(email="kiss.anna@example.hu", name="Kiss Anna", subsystems=("gazdalkodas",))


@pytest.fixture
def outsider(db):
    return learner(email="toth.bela@example.hu", name="Tóth Béla", subsystems=("ado",))


@pytest.fixture
def forced(db):
    course, package = course_with_package(FORCED, subsystem_code="gazdalkodas")
    return course, package


def _sco(package, identifier):
    return Sco.objects.get(package=package, identifier=identifier)


def _finish(client, user, sco, values):
    """The SCO ran and terminated: its values are committed with finish, as scorm-api.js does."""
    attempt = Attempt.objects.filter(user=user, sco=sco).order_by("-number").first()
    response = client.post(reverse("training:attempt_commit", args=[attempt.pk]),
                           json.dumps({"values": values, "finish": True}), content_type="application/json")
    assert response.status_code == 200, response.content


def _nav(client, course, request):
    return client.post(reverse("training:navigation", args=[course.pk]), json.dumps({"request": request}),
                       content_type="application/json")


def test_upload_stores_the_activity_tree(forced):
    _course, package = forced
    tree = SequencingTree.objects.get(package=package).tree
    assert tree["root"] == "golf_sample_default_org"
    assert len(tree["activities"]) == 6


def test_learner_starts_and_cannot_skip_ahead(client, anna, forced):
    course, package = forced
    client.force_login(anna.user)
    page = client.get(reverse("training:course_detail", args=[course.pk])).content.decode()
    assert 'data-toc-item="playing_item" data-toc-state="available"' in page
    assert 'data-toc-item="assessment_item" data-toc-state="disabled"' in page
    assert "Tananyag indítása" in page

    started = client.post(reverse("training:course_enter", args=[course.pk]))
    playing = _sco(package, "playing_item")
    assert started.status_code == 302
    assert started["Location"] == reverse("training:player", args=[course.pk, playing.pk])
    player = client.get(started["Location"]).content.decode()
    assert 'data-sequencing-request="continue"' in player  # flow is on: "Tovább"
    assert 'data-toc-item="handicapping_item" data-toc-state="disabled"' in player

    # the quiz by its direct URL: refused, back to the course page with the reason
    quiz = _sco(package, "assessment_item")
    refused = client.get(reverse("training:player", args=[course.pk, quiz.pk]))
    assert refused.status_code == 302
    assert refused["Location"] == reverse("training:course_detail", args=[course.pk])
    page = client.get(refused["Location"]).content.decode()
    assert "A választott rész nem nyitható meg: letiltották, vagy elfogytak a próbálkozások." in page
    assert not Attempt.objects.filter(user=anna.user, sco=quiz).exists()

    # the first SCO passed: "Tovább" (adl.nav.request=continue) opens the second
    _finish(client, anna.user, playing, {"cmi.completion_status": "completed", "cmi.success_status": "passed"})
    answer = _nav(client, course, "continue")
    assert answer.status_code == 200
    etiquette = _sco(package, "etuqiette_item")
    assert answer.json()["url"] == reverse("training:player", args=[course.pk, etiquette.pk])
    assert client.get(answer.json()["url"]).status_code == 200


def test_a_forbidden_request_is_answered_in_hungarian_and_keeps_the_state(client, anna, forced):
    course, package = forced
    client.force_login(anna.user)
    client.post(reverse("training:course_enter", args=[course.pk]))
    before = SequencingState.objects.get(user=anna.user, package=package).state
    answer = _nav(client, course, "{target=havingfun_item}choice")
    assert answer.status_code == 409
    assert answer.json() == {
        "error": "DB.1.1-3",
        "message": "A választott rész nem nyitható meg: letiltották, vagy elfogytak a próbálkozások.",
    }
    assert SequencingState.objects.get(user=anna.user, package=package).state == before
    junk = client.post(reverse("training:navigation", args=[course.pk]), "{not json",
                       content_type="application/json")
    assert junk.status_code == 400 and junk.json()["message"] == "Ismeretlen navigációs kérés."


def test_leaving_and_coming_back_resumes_where_the_learner_was(client, anna, forced):
    course, package = forced
    client.force_login(anna.user)
    client.get(client.post(reverse("training:course_enter", args=[course.pk]))["Location"])
    playing = _sco(package, "playing_item")
    _finish(client, anna.user, playing, {"cmi.completion_status": "completed", "cmi.success_status": "passed"})
    client.get(_nav(client, course, "continue").json()["url"])
    etiquette = _sco(package, "etuqiette_item")
    _finish(client, anna.user, etiquette, {"cmi.completion_status": "incomplete", "cmi.exit": "suspend"})
    left = _nav(client, course, "suspendAll")
    assert left.json() == {"url": reverse("training:course_detail", args=[course.pk]), "ended": True}
    page = client.get(left.json()["url"]).content.decode()
    assert "Tananyag folytatása" in page
    back = client.post(reverse("training:course_enter", args=[course.pk]))
    assert back["Location"] == reverse("training:player", args=[course.pk, etiquette.pk])


def test_an_outsider_cannot_navigate_anothers_course(client, outsider, forced):
    course, _package = forced
    client.force_login(outsider.user)
    assert _nav(client, course, "start").status_code == 403
    assert client.post(reverse("training:course_enter", args=[course.pk])).status_code == 403


def test_random_test_items_hidden_in_the_manifest_are_launchable(db):
    _course, package = course_with_package(RANDOM, subsystem_code="gazdalkodas")
    tests = Sco.objects.filter(package=package, identifier__startswith="test_").order_by("identifier")
    assert [(s.identifier, s.launch.path + s.launch.suffix()) for s in tests] == [
        (f"test_{n}", f"shared/launchpage.html?content=assessment{n}") for n in range(1, 5)
    ]


def test_invalid_sequencing_in_an_upload_gets_a_hungarian_reason(db, tmp_path):
    import zipfile

    from tests.factories.training import SCORM_DIR, scorm_upload

    source = SCORM_DIR / FORCED
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(broken, "w") as out:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "imsmanifest.xml":
                data = data.replace(b'IDRef="common_seq_rules"', b'IDRef="hianyzo"', 1)
            out.writestr(info, data)
    course = CourseFactory(subsystem=subsystem("gazdalkodas"))
    upload = scorm_upload(FORCED)
    upload.file = open(broken, "rb")  # noqa: SIM115 - closed with the upload
    with pytest.raises(PackageError) as refused:
        package_upload(course=course, upload=upload, actor=None)
    assert refused.value.message == (
        "A csomag sorrendezési szabályai (imsss:sequencing) hibásak: A(z) „Playing the Game” elem "
        "sorrendezése a(z) „hianyzo” közös szabálykészletre hivatkozik, amely nincs a manifest "
        "<sequencingCollection> részében."
    )
    assert not course.packages.exists()


def test_the_course_page_shows_the_courses_rolled_up_result(client, anna, forced):
    from portal.training.scorm.sequencing import Engine, new_state
    from portal.training.services.sequencing import sequencing_tree_for

    course, package = forced
    tree = sequencing_tree_for(package)
    engine = Engine(tree, new_state(tree, seed=1))
    engine.navigate("start")
    for _ in range(5):
        engine.report(engine.current, completion="completed", success="passed")
        engine.navigate("continue")
    assert engine.state["ended"]
    SequencingState.objects.create(user=anna.user, package=package, state=engine.dump())
    client.force_login(anna.user)
    page = client.get(reverse("training:course_detail", args=[course.pk])).content.decode()
    assert "A tananyag a szabályai szerint:\n  befejezett, sikeres" in page
    assert "Tananyag újrakezdése" in page
