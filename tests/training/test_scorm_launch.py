"""Launch URLs per IMS Content Packaging: the resource href plus the item's parameters."""

from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.training.scorm.launch import launch_target

SEGMENT = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC0123456789_-.", min_size=1, max_size=10)
PATH = st.lists(SEGMENT, min_size=1, max_size=3).map("/".join)
PAIR = st.tuples(SEGMENT, st.text(alphabet="abcxyz0129=%+", max_size=8)).map(lambda kv: f"{kv[0]}={kv[1]}")
QUERY = st.lists(PAIR, min_size=1, max_size=3).map("&".join)
FRAGMENT = st.text(alphabet="abcdefghij0123456789-_", min_size=1, max_size=10)


@pytest.mark.parametrize(("href", "parameters", "url"), [
    # The Golf quiz items: the query string of the parameters goes after the href.
    ("shared/assessmenttemplate.html", "?questions=Playing", "shared/assessmenttemplate.html?questions=Playing"),
    ("launchpage.html", "content=playing", "launchpage.html?content=playing"),
    ("launchpage.html", "&content=playing", "launchpage.html?content=playing"),
    # A query string already in the href is kept; the parameters join it with "&".
    ("a.html?lang=hu", "?x=1", "a.html?lang=hu&x=1"),
    ("a.html?lang=hu", "x=1&y=2", "a.html?lang=hu&x=1&y=2"),
    # Fragments: kept from the href, after the query; a fragment parameter only when there is none.
    ("a.html#top", "x=1", "a.html?x=1#top"),
    ("a.html", "#page3", "a.html#page3"),
    ("a.html#top", "#page3", "a.html#top"),
    ("a.html?lang=hu#top", "?x=1", "a.html?lang=hu&x=1#top"),
    ("a.html", "?x=1#page3", "a.html?x=1#page3"),
    ("a.html", "", "a.html"),
    ("a.html", "??&", "a.html"),
])
def test_it_builds_the_launch_url_as_ims_cp_says(href, parameters, url):
    target = launch_target(href, parameters)
    assert target.url(target.path) == url
    assert "?" not in target.path and "#" not in target.path


def test_it_launches_an_external_href_as_it_is():
    target = launch_target("https://example.org/course/start.html?id=5", "lang=hu")
    assert target.external and target.url("ignored") == "https://example.org/course/start.html?id=5&lang=hu"


@given(path=PATH, href_query=st.none() | QUERY, parameters=st.none() | QUERY,
       href_fragment=st.none() | FRAGMENT, lead=st.sampled_from(["", "?", "&", "??"]))
def test_it_keeps_every_part_of_href_and_parameters(path, href_query, parameters, href_fragment, lead):
    href = path + (f"?{href_query}" if href_query else "") + (f"#{href_fragment}" if href_fragment else "")
    target = launch_target(href, f"{lead}{parameters}" if parameters else lead)
    split = urlsplit("/csomag/1/" + target.url(target.path))
    assert split.path == "/csomag/1/" + path  # never a "?" or "#" encoded into the file's path
    expected_query = "&".join(q for q in (href_query, parameters) if q)
    assert split.query == expected_query
    assert split.fragment == (href_fragment or "")


@given(path=PATH, href_fragment=st.none() | FRAGMENT, fragment=FRAGMENT)
def test_it_uses_a_fragment_parameter_only_when_the_href_has_none(path, href_fragment, fragment):
    href = path + (f"#{href_fragment}" if href_fragment else "")
    target = launch_target(href, f"#{fragment}")
    assert target.fragment == (href_fragment or fragment) and target.query == ""


@given(st.text(max_size=40), st.text(max_size=40))
def test_it_never_fails_on_any_href_and_parameters(href, parameters):
    target = launch_target(href, parameters)
    assert "?" not in target.path and "#" not in target.path
