"""The SCORM 2004 sequencing engine plays the six Golf sequencing packages as their authors designed.

Each step goes through JSON (the state is stored per attempt on the server), so every behaviour here
also survives a closed browser. The learner's results are reported as the content would set them.
"""

import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.training.scorm.sequencing import (
    Engine,
    ManifestSequencingError,
    new_state,
    tree_from_dict,
    tree_from_manifest,
)

PACKAGES = Path(__file__).resolve().parent.parent / "data" / "scorm" / "sequencing"
FORCED = "SequencingForcedSequential_SCORM20043rdEdition.zip"
PRE_OR_POST = "SequencingPreOrPostTestRollup_SCORM20043rdEdition.zip"
POST_TEST = "SequencingPostTestRollup_SCORM20043rdEdition.zip"
POST_TEST_4TH = "SequencingPostTestRollup4thEd_SCORM20044thEdition.zip"
REMEDIATION = "SequencingSimpleRemediation_SCORM20043rdEdition.zip"
RANDOM = "SequencingRandomTest_SCORM20043rdEdition.zip"
CONTENT = ["playing_item", "etuqiette_item", "handicapping_item", "havingfun_item"]
TESTS = ["test_1", "test_2", "test_3", "test_4"]


def manifest(name: str) -> bytes:
    with zipfile.ZipFile(PACKAGES / name) as archive:
        return archive.read("imsmanifest.xml")


class Learner:
    """One learner's engine, stored and reloaded as JSON between every two requests."""

    def __init__(self, name: str, seed: int = 7) -> None:
        self.tree = tree_from_dict(json.loads(json.dumps(tree_from_manifest(manifest(name)).to_dict())))
        self.saved = json.dumps(new_state(self.tree, seed=seed))

    @property
    def engine(self) -> Engine:
        return Engine(self.tree, json.loads(self.saved))

    def nav(self, request: str, target: str | None = None):
        engine = self.engine
        outcome = engine.navigate(request, target)
        self.saved = json.dumps(engine.dump())
        return outcome

    def finish(self, request: str = "continue", **cmi):
        """The current SCO reports its cmi results and asks for the next navigation request."""
        engine = self.engine
        engine.report(engine.current, **cmi)
        outcome = engine.navigate(request)
        self.saved = json.dumps(engine.dump())
        return outcome

    def toc(self) -> dict[str, str]:
        return {entry.id: entry.state for entry in self.engine.toc()}

    @property
    def current(self):
        return self.engine.current

    def root(self):
        engine = self.engine
        root = self.tree.root
        return engine.completion(root), engine.satisfied(root), engine.measure(root)


PASSED = {"completion": "completed", "success": "passed"}
FAILED = {"completion": "completed", "success": "failed"}
SEEN = {"completion": "completed"}


# ------------------------------------------------------------------ forced sequential order
def test_forced_order_cannot_be_skipped():
    learner = Learner(FORCED)
    assert learner.nav("start").deliver == "playing_item"
    toc = learner.toc()
    assert toc["playing_item"] == "available"
    assert [toc[a] for a in CONTENT[1:] + ["assessment_item"]] == ["disabled"] * 4

    before = learner.saved
    refused = learner.nav("choice", "handicapping_item")
    assert refused.error == "DB.1.1-3"
    assert refused.message == "A választott rész nem nyitható meg: letiltották, vagy elfogytak a próbálkozások."
    assert learner.saved == before  # a forbidden choice changes nothing
    assert learner.current == "playing_item"

    # leaving the first SCO unfinished: the next one stays closed, the learner is told why
    refused = learner.finish(completion="incomplete")
    assert refused.error == "SB.2.2-2"
    assert "még nem érhető el" in refused.message
    assert learner.toc()["etuqiette_item"] == "disabled"

    # back to the first SCO (a new attempt), pass it: the second one opens, the third stays closed
    assert learner.nav("choice", "playing_item").deliver == "playing_item"
    assert learner.engine.attempts("playing_item") == 2
    assert learner.finish(**PASSED).deliver == "etuqiette_item"
    toc = learner.toc()
    assert toc["etuqiette_item"] == "available" and toc["handicapping_item"] == "disabled"
    assert learner.nav("choice", "assessment_item").error == "DB.1.1-3"

    for expected in ["handicapping_item", "havingfun_item", "assessment_item"]:
        assert learner.finish(**PASSED).deliver == expected
    assert learner.finish(completion="completed", success="passed", scaled=0.9).ended
    completion, satisfied, _measure = learner.root()
    assert (completion, satisfied) == (True, True)


def test_suspend_all_and_resume_all_keep_the_attempt():
    learner = Learner(FORCED)
    learner.nav("start")
    learner.finish(**PASSED)
    assert learner.current == "etuqiette_item"
    suspended = learner.finish("suspendAll", completion="incomplete", suspended=True)
    assert suspended.ended
    assert learner.engine.state["suspended"] == "etuqiette_item"
    assert learner.engine.entry_request() == "resumeAll"
    engine = learner.engine
    outcome = engine.enter()
    assert outcome.deliver == "etuqiette_item"
    assert engine.attempts("etuqiette_item") == 1  # resumed, not a new attempt
    assert engine.state["suspended"] is None


# ------------------------------------------------------------------ pre-test or post-test rollup
def test_passing_the_pretest_tests_out_of_the_course():
    learner = Learner(PRE_OR_POST)
    assert learner.nav("start").deliver == "pretest_item"
    learner.finish("exitAll", completion="completed", success="passed", scaled=0.9)
    completion, satisfied, _ = learner.root()
    assert (completion, satisfied) == (True, True)
    toc = learner.toc()
    assert toc["pretest_item"] == "disabled"  # one attempt only
    assert toc["posttest_item"] == "disabled"  # already satisfied through the pre-test
    assert toc["dummy_item"] == "hidden" and toc["content_wrapper"] == "hidden"


def test_failed_pretest_needs_the_content_then_the_post_test():
    learner = Learner(PRE_OR_POST)
    learner.nav("start")
    assert learner.finish(**FAILED).deliver == "playing_item"
    assert learner.toc()["posttest_item"] == "disabled"
    assert learner.toc()["pretest_item"] == "disabled"
    for expected in CONTENT[1:]:
        assert learner.finish(**SEEN).deliver == expected
    # the fourth content SCO completes the content: the post-test opens
    assert learner.finish(**SEEN).deliver == "posttest_item"
    assert learner.root()[0] is not True
    assert learner.finish(completion="completed", success="passed", scaled=0.8).ended
    completion, satisfied, _ = learner.root()
    assert (completion, satisfied) == (True, True)


# ------------------------------------------------------------------ post-test rollup
def test_only_the_post_test_counts_in_the_course_rollup():
    learner = Learner(POST_TEST)
    learner.nav("start")
    for _ in CONTENT:
        learner.finish(**PASSED)
    assert learner.current == "assessment_item"
    assert learner.root()[1] is None  # content satisfied, but the course waits for the test
    learner.finish("exitAll", completion="completed", success="failed", scaled=0.4)
    completion, satisfied, measure = learner.root()
    assert (completion, satisfied, measure) == (True, False, 0.4)


def test_post_test_4th_edition_quiz_hidden_until_the_content_is_completed():
    learner = Learner(POST_TEST_4TH)
    assert learner.nav("start").deliver == "playing_item"
    toc = learner.toc()
    assert toc["assessment_item"] == "hidden"
    assert toc["etuqiette_item"] == "disabled"
    assert learner.nav("choice", "assessment_item").error == "SB.2.9-3"
    for expected in CONTENT[1:]:
        assert learner.finish(**SEEN).deliver == expected  # completion maps open each next SCO
    learner.finish("exit", **SEEN)
    assert learner.toc()["assessment_item"] == "available"
    assert learner.nav("choice", "assessment_item").deliver == "assessment_item"
    learner.finish("exitAll", completion="completed", success="passed", scaled=1.0)
    completion, satisfied, measure = learner.root()
    assert (completion, satisfied, measure) == (True, True, 1.0)


# ------------------------------------------------------------------ remediation
def test_failed_quiz_sends_the_learner_back_to_its_content():
    learner = Learner(REMEDIATION)
    assert learner.nav("start").deliver == "playing_item"
    for expected in CONTENT[1:] + ["test_1"]:
        assert learner.finish(**SEEN).deliver == expected
    assert learner.finish(**PASSED).deliver == "test_2"
    assert learner.finish(**FAILED).deliver == "test_3"
    assert learner.finish(**PASSED).deliver == "test_4"
    # the wrapper is retried: only the etiquette content (its quiz failed) is delivered again
    remediation = learner.finish(**PASSED)
    assert remediation.deliver == "etuqiette_item"
    assert learner.engine.attempts("content_wrapper") == 2
    assert learner.finish(**SEEN).deliver == "test_2"
    # test_3 is skipped (passed before); test_4 has its own rules (exit parent), which replace the
    # shared "skip when satisfied" rule of its IDRef, so it is taken again and closes the loop
    assert learner.finish(**PASSED).deliver == "test_4"
    assert learner.finish(**PASSED).ended
    completion, satisfied, _ = learner.root()
    assert satisfied is True
    assert learner.engine.attempts("test_3") == 1


def test_remediation_is_flow_only():
    learner = Learner(REMEDIATION)
    learner.nav("start")
    assert set(learner.toc().values()) <= {"disabled", "hidden"}
    before = learner.saved
    refused = learner.nav("choice", "test_1")
    assert refused.error == "NB.2.1-10"
    assert refused.message == "A választott rész csak a jelenlegi rész befejezése után nyitható meg."
    assert learner.saved == before
    assert learner.nav("previous").error == "SB.2.1-3"


# ------------------------------------------------------------------ random test
def _take_course_content(learner: Learner) -> None:
    learner.nav("start")
    for _ in CONTENT[:-1]:
        learner.finish(**SEEN)


def test_random_test_draws_one_of_four_tests_each_attempt():
    drawn = set()
    for seed in range(40):
        learner = Learner(RANDOM, seed=seed)
        _take_course_content(learner)
        first = learner.finish(**SEEN).deliver
        assert first in TESTS
        assert learner.toc()[first] == "hidden"  # the tests are invisible in the TOC
        drawn.add(first)
    assert drawn == set(TESTS)


def test_random_test_retries_once_then_stops():
    learner = Learner(RANDOM, seed=3)
    _take_course_content(learner)
    first = learner.finish(**SEEN).deliver
    assert first in TESTS
    second = learner.finish(completion="completed", success="failed", scaled=0.3)
    assert second.deliver in TESTS  # a second attempt, from a new draw
    assert learner.engine.attempts("posttest_item") == 2
    assert learner.finish(completion="completed", success="failed", scaled=0.2).ended
    completion, satisfied, _ = learner.root()
    assert completion is True and satisfied is False  # attempt limit reached: done, not passed
    assert learner.toc()["posttest_item"] == "disabled"


def test_random_test_passed_on_first_attempt_ends_the_course():
    learner = Learner(RANDOM, seed=11)
    _take_course_content(learner)
    learner.finish(**SEEN)
    assert learner.finish(completion="completed", success="passed", scaled=0.95).ended
    completion, satisfied, _ = learner.root()
    assert (completion, satisfied) == (True, True)


# ------------------------------------------------------------------ bad manifests
def _broken(old: str, new: str, name: str = FORCED) -> bytes:
    text = manifest(name).decode("utf-8")
    assert old in text
    return text.replace(old, new, 1).encode("utf-8")


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('IDRef="common_seq_rules"', 'IDRef="no_such_rules"',
     "a(z) „no_such_rules” közös szabálykészletre hivatkozik, amely nincs a manifest"),
    ('referencedObjective="previous_sco_satisfied"', 'referencedObjective="nincs_ilyen"',
     "a(z) „nincs_ilyen” célra hivatkozik, de az elemnek nincs ilyen nevű célja"),
    ('action="disabled"', 'action="letiltva"', "ismeretlen érték szerepel: action = „letiltva”"),
    ('condition="satisfied"', 'condition="maybe"', "ismeretlen érték szerepel: condition = „maybe”"),
    ('objectiveMeasureWeight="0"', 'objectiveMeasureWeight="2"', "kívül esik a megengedett tartományon"),
    ('objectiveID="etiquette_satisfied"', 'objectiveID="previous_sco_satisfied"', "két célja is"),
])
def test_invalid_sequencing_gets_a_clear_hungarian_reason(old, new, expected):
    with pytest.raises(ManifestSequencingError) as raised:
        tree_from_manifest(_broken(old, new))
    assert expected in raised.value.message


def test_bad_attempt_limit_names_the_item():
    with pytest.raises(ManifestSequencingError) as raised:
        tree_from_manifest(_broken('attemptLimit="1"', 'attemptLimit="egy"', PRE_OR_POST))
    assert raised.value.message == (
        "A(z) „Pre Test” elem sorrendezésében a(z) attemptLimit értéke („egy”) nem érvényes szám."
    )


@given(value=st.text(max_size=8))
def test_any_attempt_limit_parses_or_is_refused_with_a_reason(value):
    text = manifest(PRE_OR_POST).decode("utf-8")
    escaped = value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    if any(ord(c) < 32 and c not in "\t\n\r" for c in value) or any(0xD800 <= ord(c) <= 0xDFFF for c in value):
        return
    xml = text.replace('attemptLimit="1"', f'attemptLimit="{escaped}"', 1).encode("utf-8")
    try:
        tree = tree_from_manifest(xml)
    except ManifestSequencingError as error:
        assert "Pre Test" in error.message
    else:
        limit = tree["pretest_item"].attempt_limit
        assert limit is None or limit >= 1


def test_unknown_navigation_request_is_refused_and_changes_nothing():
    learner = Learner(FORCED)
    learner.nav("start")
    before = learner.saved
    outcome = learner.nav("jump", "assessment_item")
    assert outcome.error == "NB.2.1-7" and outcome.message == "Ismeretlen navigációs kérés."
    assert learner.nav("choice", "no_such_item").error == "NB.2.1-8"
    assert learner.nav("start").error == "NB.2.1-1"
    assert learner.saved == before


def test_every_golf_package_parses_and_round_trips():
    for name in (FORCED, PRE_OR_POST, POST_TEST, POST_TEST_4TH, REMEDIATION, RANDOM):
        tree = tree_from_manifest(manifest(name))
        assert tree_from_dict(json.loads(json.dumps(tree.to_dict()))).to_dict() == tree.to_dict()


ALL_PACKAGES = (FORCED, PRE_OR_POST, POST_TEST, POST_TEST_4TH, REMEDIATION, RANDOM)
STEP = st.one_of(
    st.tuples(st.sampled_from(["start", "resumeAll", "continue", "previous", "exit", "exitAll",
                               "suspendAll", "abandon", "retry", "jump"]), st.none()),
    st.tuples(st.just("choice"), st.sampled_from(CONTENT + TESTS + ["assessment_item", "pretest_item",
                                                                    "posttest_item", "content_wrapper", "x"])),
)
RESULT = st.sampled_from([PASSED, FAILED, SEEN, {"completion": "incomplete"}, {}])


@given(name=st.sampled_from(ALL_PACKAGES), steps=st.lists(st.tuples(STEP, RESULT), max_size=25))
def test_any_sequence_of_requests_keeps_a_consistent_state(name, steps):
    learner = Learner(name, seed=5)
    for (request, target), result in steps:
        engine = learner.engine
        if engine.current is not None and engine.tree[engine.current].is_leaf:
            engine.report(engine.current, **result)
        before = json.dumps(engine.dump())
        outcome = engine.navigate(request, target)
        if outcome.error:
            assert outcome.message and not outcome.deliver
        if outcome.deliver:
            assert engine.tree[outcome.deliver].is_leaf and engine.current == outcome.deliver
        active_leaves = [a for a in engine.tree.order if engine.tree[a].is_leaf
                         and engine.state["a"].get(a, {}).get("act")]
        assert len(active_leaves) <= 1
        if request == "choice" and outcome.error and target not in engine.tree:
            assert json.dumps(engine.dump()) == before
        learner.saved = json.dumps(engine.dump())
        assert {e.state for e in learner.engine.toc()} <= {"available", "disabled", "hidden"}
