"""SCORM 2004 sequencing decisions on a 200-activity tree (issue 13).

The tree is a manifest shaped like the real authoring tools' output, at scale: 20 chapters of 9 SCOs
(200 activities with the root and the chapters), each SCO disabled until the previous one is satisfied
(a global objective per SCO, as in the Golf "forced sequential" package), chapter rollup rules, and a
post-test chapter that draws 3 of its 9 questions at random on each attempt. Each decision is timed on
the learner's state as stored (JSON in, decision, JSON out), at distinct positions in the tree, and set
against the trivial view measured in the same run.
"""

import json
import random
import resource
import time
import tracemalloc

from .harness import Timing, measure, table

TITLE = "SCORM 2004 sequencing: continue / choice on a 200-activity tree"
CHAPTERS = 20
PER_CHAPTER = 9


# p95 goals (ms): a decision must not be what the learner waits for; the request around it is a
# page-sized cost at most.
GOALS = {"continue": 50.0, "choice": 50.0, "toc": 100.0, "endpoint": 250.0}


def _verdict(timing: Timing, goal: float) -> str:
    return f"p95 ≤ {goal:.0f} ms: {'met' if timing.p95_ms <= goal else 'NOT met'}"


def manifest_200() -> bytes:
    """A 200-activity SCORM 2004 manifest (root + 20 chapters + 180 SCOs)."""
    items = []
    previous = ""
    for c in range(CHAPTERS):
        scos = []
        last = c == CHAPTERS - 1
        for s in range(PER_CHAPTER):
            sid = f"sco_{c:02d}_{s}"
            target = f"urn:bench:{sid}"
            rules = ""
            extra = ""
            if previous and not last:
                rules = (
                    "<imsss:sequencingRules><imsss:preConditionRule>"
                    '<imsss:ruleConditions conditionCombination="any">'
                    '<imsss:ruleCondition referencedObjective="prev" operator="not" condition="satisfied"/>'
                    '<imsss:ruleCondition referencedObjective="prev" operator="not" condition="objectiveStatusKnown"/>'
                    '</imsss:ruleConditions><imsss:ruleAction action="disabled"/>'
                    "</imsss:preConditionRule></imsss:sequencingRules>"
                )
                extra = (f'<imsss:objective objectiveID="prev"><imsss:mapInfo targetObjectiveID="{previous}" '
                         'readSatisfiedStatus="true" writeSatisfiedStatus="false"/></imsss:objective>')
            write = "" if last else (f'<imsss:mapInfo targetObjectiveID="{target}" readSatisfiedStatus="true" '
                                     'writeSatisfiedStatus="true"/>')
            scos.append(
                f'<item identifier="{sid}" identifierref="res"><title>Lecke {c + 1}.{s + 1}</title>'
                f'<imsss:sequencing>{rules}<imsss:objectives>'
                f'<imsss:primaryObjective objectiveID="{sid}_ok">{write}</imsss:primaryObjective>{extra}'
                '</imsss:objectives><imsss:deliveryControls completionSetByContent="true" '
                'objectiveSetByContent="true"/></imsss:sequencing></item>'
            )
            if not last:
                previous = target
        chapter_seq = '<imsss:controlMode choice="true" flow="true"/>'
        if last:
            chapter_seq = (
                '<imsss:controlMode choice="false" flow="true"/>'
                '<imsss:limitConditions attemptLimit="3"/>'
                '<imsss:randomizationControls selectionTiming="onEachNewAttempt" selectCount="3" '
                'randomizationTiming="onEachNewAttempt" reorderChildren="true"/>'
            )
        items.append(
            f'<item identifier="chapter_{c:02d}"><title>{c + 1}. fejezet</title>{"".join(scos)}'
            f"<imsss:sequencing>{chapter_seq}"
            '<imsss:rollupRules><imsss:rollupRule childActivitySet="all"><imsss:rollupConditions>'
            '<imsss:rollupCondition condition="completed"/></imsss:rollupConditions>'
            '<imsss:rollupAction action="completed"/></imsss:rollupRule></imsss:rollupRules>'
            "</imsss:sequencing></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest identifier="bench200" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" '
        'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">'
        "<metadata><schema>ADL SCORM</schema><schemaversion>2004 3rd Edition</schemaversion></metadata>"
        '<organizations default="org"><organization identifier="org"><title>Benchmark</title>'
        f'{"".join(items)}<imsss:sequencing><imsss:controlMode choice="true" flow="true"/></imsss:sequencing>'
        '</organization></organizations><resources><resource identifier="res" type="webcontent" '
        'adlcp:scormType="sco" href="index.html"><file href="index.html"/></resource></resources></manifest>'
    ).encode()


def _states(tree, count: int) -> list[tuple[str, str]]:
    """(stored state, current SCO) at distinct positions: the learner has passed every SCO before it."""
    from portal.training.scorm.sequencing import Engine, new_state

    rng = random.Random(13)
    leaves = [a for a in tree.order if tree[a].is_leaf and not a.startswith(f"sco_{CHAPTERS - 1:02d}")]
    out = []
    for position in sorted(rng.sample(range(len(leaves) - 1), count)):
        engine = Engine(tree, new_state(tree, seed=position))
        assert engine.navigate("start").deliver
        for _ in range(position):
            engine.report(engine.current, completion="completed", success="passed")
            assert engine.navigate("continue").deliver
        out.append((json.dumps(engine.dump()), engine.current))
    return out


def _endpoint(tree, states) -> Timing:
    """The navigation endpoint (session, access check, locked state row, report from the stored cmi,
    decision, save) through Django's test client, one POST per stored position."""
    import io
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from portal.accounts.models import Kind, User, login_key_for
    from portal.training.models import (
        Attempt,
        Course,
        Enrolment,
        Learner,
        Municipality,
        NotaryOffice,
        SequencingState,
        Subsystem,
    )
    from portal.training.services.scorm import package_upload

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("imsmanifest.xml", manifest_200())
        archive.writestr("index.html", "<html><body>lecke</body></html>")
    subsystem, _ = Subsystem.objects.get_or_create(code="gazdalkodas", defaults={"name": "gazdálkodás", "order": 1})
    course = Course.objects.create(subsystem=subsystem, title="Sorrendezés benchmark")
    package = package_upload(course=course, upload=SimpleUploadedFile("seq200.zip", buffer.getvalue()), actor=None)
    email = f"bench.sequencing.{time.time_ns()}@example.hu"
    user = User.objects.create_user(kind=Kind.LEARNER, username=email, email=email,
                                    login_key=login_key_for(kind=Kind.LEARNER, username=email))
    municipality = Municipality.objects.first()
    if municipality is None:
        office = NotaryOffice.objects.create(code="99999", name="Benchmark hivatal", kind="own", seat_name="Benchmark")
        municipality = Municipality.objects.create(name="Benchmark", ksh_code="99999", notary_office=office)
    profile = Learner.objects.create(user=user, municipality=municipality)
    Enrolment.objects.create(learner=profile, subsystem=subsystem)
    scos = {s.identifier: s for s in package.scos.all()}
    client = Client()
    client.force_login(user)
    url = f"/asp/tananyag/{course.pk}/navigacio/"
    samples = []
    for stored, current in states * 2:
        SequencingState.objects.update_or_create(user=user, package=package, defaults={"state": json.loads(stored)})
        Attempt.objects.filter(user=user).delete()
        Attempt.objects.create(user=user, sco=scos[current], cmi={
            "cmi.completion_status": "completed", "cmi.success_status": "passed"})
        start = time.perf_counter()
        response = client.post(url, '{"request": "continue"}', content_type="application/json")
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, response.content
    return Timing(samples)


def run() -> str:
    from django.test import Client, override_settings

    from portal.training.scorm.sequencing import Engine, tree_from_dict, tree_from_manifest

    xml = manifest_200()
    parse = measure(lambda: tree_from_manifest(xml), repeat=20)
    tree = tree_from_manifest(xml)
    assert len(tree.order) == 1 + CHAPTERS * (1 + PER_CHAPTER)
    stored_tree = json.dumps(tree.to_dict())
    load_tree = measure(lambda: tree_from_dict(json.loads(stored_tree)), repeat=20)
    states = _states(tree, 40)
    rng = random.Random(29)
    leaves = [a for a in tree.order if tree[a].is_leaf]

    def decide(request: str) -> Timing:
        samples = []
        for stored, _current in states * 3:
            target = rng.choice(leaves) if request == "choice" else None
            start = time.perf_counter()
            engine = Engine(tree, json.loads(stored))
            if request != "toc":
                engine.report(engine.current, completion="completed", success="passed")
                engine.navigate(request, target)
            else:
                engine.toc()
            json.dumps(engine.dump())
            samples.append(time.perf_counter() - start)
        return Timing(samples)

    timings = {name: decide(name) for name in ("continue", "choice", "previous", "toc")}
    client = Client()
    with override_settings(ROOT_URLCONF="benchmarks.urls"):
        trivial = measure(lambda: client.get("/__trivial__/"), repeat=200)
    endpoint = _endpoint(tree, states)

    stored, _ = states[len(states) // 2]
    tracemalloc.start()
    engine = Engine(tree, json.loads(stored))
    engine.report(engine.current, completion="completed", success="passed")
    engine.navigate("continue")
    engine.toc()
    json.dumps(engine.dump())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    labels = {
        "continue": "continue (report + exit + rollup + flow + delivery)",
        "choice": "choice of a random SCO (allowed or refused)",
        "previous": "previous",
        "toc": "table of contents, 200 entries (available/disabled/hidden)",
    }
    rows = [["trivial view (test client, same run)", trivial.p50_ms, trivial.p95_ms, 1.0, ""]]
    for name, timing in timings.items():
        goal = GOALS.get(name)
        rows.append([labels[name], timing.p50_ms, timing.p95_ms, timing.p50_ms / trivial.p50_ms,
                     _verdict(timing, goal) if goal else ""])
    rows.append(["POST navigation `continue` (test client, session, lock, cmi report, save)", endpoint.p50_ms,
                 endpoint.p95_ms, endpoint.p50_ms / trivial.p50_ms, _verdict(endpoint, GOALS["endpoint"])])
    rows.append(["parse the manifest (upload, once per package)", parse.p50_ms, parse.p95_ms,
                 parse.p50_ms / trivial.p50_ms, ""])
    rows.append(["load the stored tree (JSON)", load_tree.p50_ms, load_tree.p95_ms,
                 load_tree.p50_ms / trivial.p50_ms, ""])
    size = len(states[len(states) // 2][0].encode())
    return (
        f"200 activities (root, {CHAPTERS} chapters, {CHAPTERS * PER_CHAPTER} SCOs), "
        f"{len(states)} distinct learner positions × 3; each figure includes loading the stored state "
        "(JSON) and writing it back.\n\n"
        + table(["decision", "p50 ms", "p95 ms", "ratio to trivial", "goal"], rows)
        + f"\n\nStored state of one learner: {size / 1024:.1f} KiB of JSON. Peak Python memory of one "
        f"decision with its TOC: {peak / 1024 / 1024:.2f} MiB; process RSS after the run: {rss:.0f} MiB.\n"
    )
