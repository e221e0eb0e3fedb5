import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.training.scorm import manifest as m
from portal.training.scorm.manifest import PackageError, manifest_read, safe_name, zip_open
from portal.training.services.scorm import package_upload
from tests.factories.training import SCORM_DIR, CourseFactory, scorm_upload


def _read(path):
    return manifest_read(zip_open(open(path, "rb")))


def _zip(entries: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


MANIFEST = b"""<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
 xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
 <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
 <organizations default="o"><organization identifier="o"><title>Proba</title>
  <item identifier="i1" identifierref="r1" parameters="?lap=2"><title>Elso</title>
   <adlcp:masteryscore>80</adlcp:masteryscore></item>
 </organization></organizations>
 <resources><resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="%s"/></resources>
</manifest>"""


def test_it_reads_the_real_packages_version_and_items():
    single = _read(SCORM_DIR / "singlescobasic.zip")
    assert (single.version, single.title) == ("1.2", "Golf Explained - Run-time Basic Calls")
    assert [i.href for i in single.launchable] == ["shared/launchpage.html"]
    basic2004 = _read(SCORM_DIR / "RuntimeBasicCalls_SCORM20043rdEdition.zip")
    assert basic2004.version == "2004" and basic2004.edition == "2004 3rd Edition"
    minimum = _read(SCORM_DIR / "RuntimeMinimumCalls_SCORM12.zip")
    assert len(minimum.launchable) > 1
    assert any(not i.href for i in minimum.items)  # chapters without content


@pytest.mark.parametrize(("name", "message"), [
    ("badscorm.zip", m.MANIFEST_IN_FOLDER % {"folder": "badscorm"}),
    ("invalid.zip", m.NO_MANIFEST),
    ("singlescobasic_missingorg.zip", m.NO_ORGANIZATION),
    ("validaicc.zip", m.AICC),
])
def test_it_refuses_the_negative_packages_with_a_reason(name, message):
    with pytest.raises(PackageError) as refused:
        _read(SCORM_DIR / "negative" / name)
    assert refused.value.message == str(message)


def test_it_refuses_a_manifest_that_is_not_xml():
    with pytest.raises(PackageError) as refused:
        _read(SCORM_DIR / "negative" / "validscorm.zip")
    assert refused.value.message.startswith("Az imsmanifest.xml nem értelmezhető XML")


def test_it_refuses_something_that_is_not_a_zip():
    with pytest.raises(PackageError) as refused:
        zip_open(io.BytesIO(b"this is not a zip"))
    assert refused.value.message == str(m.NOT_A_ZIP)


@pytest.mark.parametrize("evil", ["../evil.html", "a/../../evil.html", "/etc/passwd", "C:/x.html", "a\\..\\b.html"])
def test_it_refuses_paths_escaping_the_package(evil):
    archive = _zip({"imsmanifest.xml": MANIFEST % b"index.html", "index.html": b"x", evil: b"x"})
    with pytest.raises(PackageError) as refused:
        manifest_read(zip_open(archive))
    assert "a csomag mappáján kívülre mutat" in refused.value.message


def test_it_refuses_a_launch_file_that_is_missing():
    archive = _zip({"imsmanifest.xml": MANIFEST % b"nincs.html"})
    with pytest.raises(PackageError) as refused:
        manifest_read(zip_open(archive))
    assert refused.value.message == str(m.MISSING_FILE % {"item": "Elso", "href": "nincs.html"})


def test_it_keeps_mastery_score_and_parameters_of_an_item():
    archive = _zip({"imsmanifest.xml": MANIFEST % b"index.html", "index.html": b"x"})
    item = manifest_read(zip_open(archive)).items[0]
    assert (str(item.mastery_score), item.parameters) == ("80", "?lap=2")


def test_it_accepts_only_safe_names():
    assert safe_name("shared/launchpage.html") == "shared/launchpage.html"
    assert safe_name("../x") is None and safe_name("a/../../x") is None


@pytest.mark.django_db
def test_it_stores_an_uploaded_package_under_media_and_records_its_items():
    course = CourseFactory()
    package = package_upload(course=course, upload=scorm_upload("RuntimeMinimumCalls_SCORM12.zip"), actor=None)
    assert package.version == "1.2" and package.file_count > 20
    assert default_storage.exists(f"{package.root}/imsmanifest.xml")
    scos = list(package.scos.all())
    assert scos[0].href == "" and scos[1].href == "Playing/Playing.html"
    assert course.package == package


@pytest.mark.django_db
def test_it_stores_nothing_of_a_refused_package():
    course = CourseFactory()
    with pytest.raises(PackageError):
        package_upload(course=course, upload=SimpleUploadedFile("x.zip", b"PK broken"), actor=None)
    assert course.packages.count() == 0


@pytest.mark.parametrize(("href", "files", "stored"), [
    (b"index.html?lang=hu&amp;from=../start", {"index.html": b"x"}, "index.html?lang=hu&from=../start"),
    (b"pages/intro.html#top", {"pages/intro.html": b"x"}, "pages/intro.html#top"),
    (b"My%20Page.html?x=1", {"My Page.html": b"x"}, "My Page.html?x=1"),
])
def test_it_keeps_the_query_and_fragment_of_an_href_and_finds_its_file(href, files, stored):
    archive = _zip({"imsmanifest.xml": MANIFEST % href, **files})
    item = manifest_read(zip_open(archive)).items[0]
    assert item.href == stored


def test_it_refuses_an_href_whose_path_leaves_the_package_even_with_a_query():
    archive = _zip({"imsmanifest.xml": MANIFEST % b"../index.html?x=1", "index.html": b"x"})
    with pytest.raises(PackageError) as refused:
        manifest_read(zip_open(archive))
    assert refused.value.message == str(m.MISSING_FILE % {"item": "Elso", "href": "../index.html?x=1"})


def test_it_reads_the_2004_run_time_values_of_the_real_packages():
    advanced = _read(SCORM_DIR / "RunTimeAdvancedCalls_SCORM20043rdEdition.zip").launchable[0]
    assert advanced.objective_ids[0] == "PRIMARYOBJ" and len(advanced.objective_ids) == 5
    assert advanced.completion_set_by_content and advanced.objective_set_by_content
    minimum = _read(SCORM_DIR / "RuntimeMinimumCalls_SCORM20043rdEdition.zip").launchable
    assert not any(i.completion_set_by_content or i.objective_set_by_content for i in minimum)
    assert {i.parameters for i in minimum if i.parameters} == {
        "?questions=Playing", "?questions=Etiquette", "?questions=Handicapping", "?questions=HavingFun"}
    fourth = _read(SCORM_DIR / "SequencingPostTestRollup4thEd_SCORM20044thEdition.zip")
    assert fourth.edition == "2004 4th Edition"
    # <adlcp:completionThreshold progressWeight="0.5"/>: no completedByMeasure, so no threshold
    assert all(i.completion_threshold is None for i in fourth.launchable)
    assert sum(1 for i in fourth.launchable if i.shared_data) >= 2
