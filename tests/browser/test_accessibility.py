"""Every page checked by axe-core in real Chromium, with a workshop in full swing: notes, a
coalition card, a hidden note, a voting round with votes, a silent round. No violation of impact
"serious" or "critical" may remain.

axe-core is pinned in package.json / package-lock.json and installed by ``npm ci`` (.ci/run); the
test is skipped with a message when node_modules has no copy of it, except in CI.
"""
import os
from pathlib import Path

import pytest
import requests
from conftest import PHONE, PROJECTOR, WAIT_MS, call, open_facilitator, open_phone, open_projector

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail("axe-core is not installed: .ci/run must run npm ci")
        pytest.skip("axe-core is not installed (npm ci)")
    return AXE.read_text(encoding="utf-8")


def serious_violations(page, axe_source, context="document"):
    """Run axe-core on the page (the pages' CSP allows no injected script tag: evaluated over
    the debugging protocol instead) and return its serious and critical violations."""
    if not page.evaluate("() => Boolean(window.axe)"):
        page.evaluate(axe_source)
    result = page.evaluate(f"""async () => {{
        const result = await axe.run({context}, {{ resultTypes: ['violations'] }});
        return result.violations.map((v) => ({{ id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map((n) => ({{ target: n.target.join(' '), summary: n.failureSummary }})) }}));
    }}""")
    return [v for v in result if v["impact"] in SERIOUS]


def describe(violations):
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])}x): {v['help']}")
        for node in v["nodes"][:6]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    {node['target']}: {summary[:300]}")
    return "\n".join(lines)


def assert_accessible(page, axe_source, context="document"):
    # As a person sees the page: once notes that just arrived have finished fading in.
    page.wait_for_function("() => [...document.querySelectorAll('.is-new')]"
                           ".every((el) => !el.getClientRects().length)", timeout=WAIT_MS)
    violations = serious_violations(page, axe_source, context)
    assert not violations, "\n" + describe(violations)


@pytest.fixture
def busy_workshop(live_server, workshop, sockets):
    """A workshop in full swing; returns (workshop, facilitator socket, snapshot id)."""
    code = workshop["code"]
    facilitator = sockets(code, facilitator_key=workshop["facilitator_key"])
    writer = sockets(code, name="Fatima")
    notes = [
        ("a11y-1", {"block": "identiteit", "subarea": "passie", "text": "Gezond oud worden in je eigen wijk"}),
        ("a11y-2", {"block": "spelregels", "text": "Besluiten nemen we met consent, niet met meerderheid"}),
        ("a11y-3", {"block": "regie", "text": "Roulerend voorzitterschap per half jaar", "color": "roze"}),
        ("a11y-4", {"block": "organisatie", "subarea": "middelen", "text": "Gezamenlijk budget van € 40.000"}),
        ("a11y-5", {"block": "spelregels", "text": "Ongepaste grap over een collega"}),
        ("a11y-6", {"block": "coalities", "text": "Buurtkamer Oost",
                    "coalition": {"werkvorm": "project", "ambitie": "Een huiskamer voor de hele wijk",
                                  "kernpartners": "Woonstad, Welzijn Oost, huisartsen",
                                  "doelgroep": "Ouderen en mantelzorgers"}}),
    ]
    for note_id, note in notes:
        call(writer, "note:add", {"id": note_id, **note})
    call(facilitator, "note:hide", {"id": "a11y-5", "hidden": True})
    call(facilitator, "workshop:update", {"votes_per_participant": 3})
    call(writer, "note:vote", {"id": "a11y-2"})
    snapshot = requests.post(f"{live_server.url}/api/workshops/{code}/snapshots",
                             json={"label": "Na ronde 1"},
                             headers={"X-Facilitator-Key": workshop["facilitator_key"]},
                             timeout=5).json()
    call(facilitator, "workshop:update", {"silent": True})
    call(writer, "note:add", {"id": "a11y-7", "block": "regie", "text": "Stil geschreven idee"})
    return workshop, facilitator, snapshot["id"]


def test_home_and_not_found_pages(open_page, live_server, axe_source):
    home = open_page(live_server.url + "/")
    assert_accessible(home, axe_source)
    phone_home = open_page(live_server.url + "/", **PHONE)
    assert_accessible(phone_home, axe_source)
    missing = open_page(live_server.url + "/j/QQQQQQ")
    missing.wait_for_selector("#join-code")
    assert_accessible(missing, axe_source)


def test_facilitator_page_asking_for_its_key(open_page, live_server, workshop, axe_source):
    page = open_page(f"{live_server.url}/f/{workshop['code']}")
    page.wait_for_selector("#need-key:not([hidden])", timeout=WAIT_MS)
    assert_accessible(page, axe_source)


def test_phone_page_in_a_busy_workshop(open_page, live_server, busy_workshop, axe_source):
    workshop, facilitator, _ = busy_workshop
    phone = open_phone(open_page, live_server, workshop["code"], name="Youssef")
    phone.wait_for_selector("#silent-card:not([hidden])", timeout=WAIT_MS)
    assert_accessible(phone, axe_source)
    # The round is revealed: notes, the card and the voting bar on every note.
    call(facilitator, "workshop:update", {"silent": False, "timer_seconds": 300})
    phone.wait_for_selector("#list .ccard", timeout=WAIT_MS)
    phone.wait_for_selector("#list .votebar", timeout=WAIT_MS)
    phone.wait_for_selector("#phone-timer:not([hidden])", timeout=WAIT_MS)
    assert_accessible(phone, axe_source)


def test_projector_page_in_a_busy_workshop(open_page, live_server, busy_workshop, axe_source):
    workshop, facilitator, _ = busy_workshop
    projector = open_projector(open_page, live_server, workshop["code"])
    projector.wait_for_selector("#silent-banner:not([hidden])", timeout=WAIT_MS)
    assert_accessible(projector, axe_source)
    call(facilitator, "workshop:update", {"silent": False})
    projector.wait_for_selector("#sheet .ccard", timeout=WAIT_MS)
    projector.wait_for_selector("#sheet .note__dots", timeout=WAIT_MS)
    assert_accessible(projector, axe_source)
    call(facilitator, "workshop:update", {"focus": "regie", "question": 0, "timer_seconds": 300})
    projector.wait_for_selector("#timer:not([hidden])", timeout=WAIT_MS)
    assert_accessible(projector, axe_source)


def test_facilitator_page_in_a_busy_workshop(open_page, live_server, busy_workshop, axe_source):
    workshop, _, _ = busy_workshop
    page = open_facilitator(open_page, live_server, workshop)
    page.wait_for_selector("#sheet .note.is-hidden-note", timeout=WAIT_MS)
    page.wait_for_selector("#snapshot-list .snap", timeout=WAIT_MS)
    page.wait_for_selector("#people .person", timeout=WAIT_MS)
    assert_accessible(page, axe_source)
    # One block in detail, with its notes' moderation actions.
    page.click("[data-block=spelregels] .block__open")
    page.wait_for_selector("#detail .note.is-hidden-note", timeout=WAIT_MS)
    assert_accessible(page, axe_source)


def test_snapshot_and_compare_pages(open_page, live_server, busy_workshop, axe_source):
    workshop, _, snapshot_id = busy_workshop
    code = workshop["code"]
    for options in ({}, PROJECTOR, PHONE):
        page = open_page(f"{live_server.url}/s/{code}/{snapshot_id}", **options)
        page.wait_for_selector("#board .note", timeout=WAIT_MS)
        assert_accessible(page, axe_source)
    page = open_page(f"{live_server.url}/c/{code}?from={snapshot_id}&to=current")
    page.wait_for_function("() => document.querySelector('#blocks').children.length > 0",
                           timeout=WAIT_MS)
    assert_accessible(page, axe_source)
