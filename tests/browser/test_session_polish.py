"""The guided session's pages at real sizes, after a facilitator's walk-through of a whole
"Startsessie": the phone puts voting and grouping first during such a step; the run bar goes
on where the plan was left after a reload, and at the last step points to the snapshot; a
note's six actions fit in the block's detail; a saved template's link is shown to copy; the
projector's results show a coalition card's commitment; the compare page's vitality bars have
a legend."""
import os
import sys
from pathlib import Path

import requests
from conftest import PHONE, WAIT_MS, call, open_facilitator

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import seednotes  # noqa: E402

SHOTS = Path(os.environ.get("POLISH_SHOTS", "/tmp/shots-14e"))


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name))


def step(id_, mode, block=None, votes=None, instruction="", duration=None):
    return {"id": id_, "mode": mode, "block": block, "subarea": None, "question": None,
            "duration": duration, "instruction": instruction, "votes": votes}


def open_phone_at(open_page, server, code, width, height, name):
    page = open_page(f"{server.url}/j/{code}", **{**PHONE, "viewport": {"width": width, "height": height}})
    page.fill("#name-input", name)
    page.click("#name-form button[type=submit]")
    page.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    return page


def rect(page, selector):
    return page.eval_on_selector(selector, "el => el.getBoundingClientRect().toJSON()")


def test_phone_puts_voting_and_grouping_first_during_such_a_step(open_page, live_server, workshop, sockets):
    code = workshop["code"]
    seednotes.fill(live_server.url, code, seednotes.notes(150))
    boss = sockets(code, facilitator_key=workshop["facilitator_key"])
    call(boss, "plan:update", {"steps": [
        step("s-write", "write", "identiteit"),
        step("s-vote", "vote", "spelregels", votes=3, duration=300,
             instruction="Stem op de spelregels die je het belangrijkst vindt."),
        step("s-cluster", "cluster", "organisatie", instruction="Zoek samen de notities die bij elkaar horen.")]})
    call(boss, "plan:go", {"step": 1})

    for width, height in ((360, 740), (320, 568)):
        phone = open_phone_at(open_page, live_server, code, width, height, f"Sanne{width}")
        phone.wait_for_selector("#voting-card:not([hidden])", timeout=WAIT_MS)
        plus = "#list .lblock--spelregels .votebar__button--plus"
        phone.wait_for_selector(plus, timeout=WAIT_MS)
        # The first screen, as the phone shows it once the notes are drawn.
        phone.wait_for_function("([sel, h]) => document.querySelector(sel).getBoundingClientRect().bottom <= h",
                                arg=[plus, height], timeout=WAIT_MS)
        phone.wait_for_timeout(300)  # a late scroll would come now (not an assertion)
        shoot(phone, f"phone-vote-{width}.png")
        # The note form is folded behind one button; the voting card is right under the step's cards.
        assert phone.is_hidden("#compose-form textarea.input--text")
        assert phone.is_visible("#compose-open")
        focus = rect(phone, "#focus-card")
        voting = rect(phone, "#voting-card")
        assert 0 <= voting["top"] - focus["bottom"] <= 24, (focus, voting)
        # On the first screen: the voting explanation and the step's block's first note with +1.
        covered = phone.eval_on_selector("#pstatus", "el => el.getBoundingClientRect().bottom")
        assert voting["top"] >= covered and voting["bottom"] <= height, (voting, covered)
        tops = phone.evaluate("() => Object.fromEntries([...document.querySelectorAll('#list > .lblock')]"
                              ".map((s) => [s.dataset.block, s.getBoundingClientRect().top]))")
        assert min(tops, key=tops.get) == "spelregels", tops
        first = rect(phone, plus)
        assert covered <= first["top"] and first["bottom"] <= height, (first, height)
        assert phone.evaluate("() => document.documentElement.scrollWidth") <= width
        # Writing is one tap away, and the form stays open until the next step.
        phone.click("#compose-open")
        phone.wait_for_selector("#compose-form textarea.input--text", state="visible", timeout=WAIT_MS)
        assert phone.evaluate("() => document.activeElement.matches('#compose-form textarea')")
        assert phone.errors == []

    # A clustering step: the grouping card first, the step's block first.
    call(boss, "plan:go", {"step": 2})
    phone.wait_for_selector("#grouping-card:not([hidden])", timeout=WAIT_MS)
    phone.wait_for_selector("#compose-open:not([hidden])", timeout=WAIT_MS)
    phone.wait_for_selector("#list .lblock--organisatie .note__action--group", timeout=WAIT_MS)
    phone.wait_for_timeout(300)  # a late scroll would come now (not an assertion)
    shoot(phone, "phone-cluster-320.png")
    grouping = rect(phone, "#grouping-card")
    assert 0 <= grouping["top"] - rect(phone, "#focus-card")["bottom"] <= 24
    assert grouping["bottom"] <= 568
    assert rect(phone, "#list .lblock--organisatie .note__action--group")["bottom"] <= 568
    assert phone.locator("#list > .lblock.is-step-block").get_attribute("data-block") == "organisatie"
    assert phone.eval_on_selector("#list .lblock--organisatie", "el => el.getBoundingClientRect().top") < \
        phone.eval_on_selector("#list .lblock--identiteit", "el => el.getBoundingClientRect().top")

    # A writing step: the form is back where it was, open.
    call(boss, "plan:go", {"step": 0})
    phone.wait_for_selector("#compose-form textarea.input--text", state="visible", timeout=WAIT_MS)
    assert phone.is_hidden("#compose-open")
    assert rect(phone, "#compose")["top"] < rect(phone, ".board")["top"]
    assert phone.errors == []


def test_run_bar_goes_on_after_leaving_and_a_reload_and_points_to_the_snapshot_at_the_end(
        open_page, live_server, sockets):
    response = requests.post(f"{live_server.url}/api/workshops",
                             json={"title": "Startsessie Zorgnetwerk", "language": "nl",
                                   "template": "startsessie"}, timeout=5)
    assert response.status_code == 201, response.text
    workshop = response.json()
    code = workshop["code"]
    boss = sockets(code, facilitator_key=workshop["facilitator_key"])
    total = len(boss.call("join", {"code": code, "facilitator_key": workshop["facilitator_key"]})[
        "state"]["plan"]["steps"])
    assert total > 6
    call(boss, "plan:go", {"step": 4})
    call(boss, "plan:go", {"step": None})  # "Plan verlaten"

    # A page loaded after leaving: go on with step 6, or run step 5 again.
    facilitator = open_page(f"{live_server.url}/f/{code}#key={workshop['facilitator_key']}",
                            viewport={"width": 1366, "height": 768})
    facilitator.wait_for_selector("#runbar:not([hidden])", timeout=WAIT_MS)
    facilitator.wait_for_function("() => document.querySelector('#run-text').textContent.includes('Buiten')",
                                  timeout=WAIT_MS)
    assert facilitator.inner_text("#run-next") == "Verder met stap 6 ›"
    assert facilitator.inner_text("#run-detail") == \
        f"Plan met {total} stappen staat klaar. Je kunt ook alles met de hand bedienen."
    assert facilitator.is_enabled("#run-prev")
    facilitator.click("#run-prev")
    facilitator.wait_for_function("(label) => document.querySelector('#run-text').textContent.includes(label)",
                                  arg=f"Stap 5 van {total}", timeout=WAIT_MS)
    facilitator.click("#run-next")
    facilitator.wait_for_function("(label) => document.querySelector('#run-text').textContent.includes(label)",
                                  arg=f"Stap 6 van {total}", timeout=WAIT_MS)

    # The last step: no greyed-out "Volgende stap" but what comes next, and the running step in view.
    call(boss, "plan:go", {"step": total - 1})
    facilitator.wait_for_selector("#run-end:not([hidden])", timeout=WAIT_MS)
    assert facilitator.is_hidden("#run-next")
    assert "Laatste stap — maak een momentopname voor de poster" in facilitator.inner_text("#run-end")
    row = facilitator.locator("#plan-steps > li.is-running")
    row.wait_for(timeout=WAIT_MS)
    facilitator.wait_for_function(
        "() => { const r = document.querySelector('#plan-steps > li.is-running').getBoundingClientRect();"
        " const p = document.querySelector('#panel').getBoundingClientRect();"
        " return r.top >= p.top - 1 && r.bottom <= Math.min(p.bottom, innerHeight) + 1; }", timeout=WAIT_MS)
    shoot(facilitator, "facilitator-last-step-1366.png")
    facilitator.click("#run-snapshot")
    facilitator.wait_for_function("() => document.activeElement.id === 'snapshot-label'", timeout=WAIT_MS)
    label = rect(facilitator, "#snapshot-label")
    assert label["top"] >= 0 and label["bottom"] <= 768
    shoot(facilitator, "facilitator-to-snapshot-1366.png")

    # The plan got shorter than where it was left: the offer stays inside it.
    call(boss, "plan:go", {"step": None})
    steps = boss.call("join", {"code": code, "facilitator_key": workshop["facilitator_key"]})[
        "state"]["plan"]["steps"]
    call(boss, "plan:update", {"steps": steps[:3]})
    facilitator.reload()
    facilitator.wait_for_function("() => document.querySelector('#run-next').textContent.includes('Verder')",
                                  timeout=WAIT_MS)
    assert facilitator.inner_text("#run-next") == "Verder met stap 3 ›"
    facilitator.click("#run-next")
    facilitator.wait_for_function("() => document.querySelector('#run-text').textContent.includes('Stap 3 van 3')",
                                  timeout=WAIT_MS)
    assert facilitator.errors == []


def test_note_actions_fit_in_the_detail_and_the_agreement_button_says_what_it_does(
        open_page, live_server, workshop, sockets):
    code = workshop["code"]
    seednotes.fill(live_server.url, code, seednotes.notes(150))
    writer = sockets(code, name="Fatima")
    call(writer, "note:add", {"id": "agree-1", "block": "spelregels",
                              "text": "Deelnemers kunnen dus ook elk moment besluiten hun deelname stop te zetten."})
    boss = sockets(code, facilitator_key=workshop["facilitator_key"])
    call(boss, "note:agreement", {"id": "agree-1", "agreement": True})
    facilitator = open_facilitator(open_page, live_server, workshop)
    facilitator.set_viewport_size({"width": 1366, "height": 768})
    facilitator.click("[data-block=spelregels] .block__open")
    facilitator.wait_for_selector("#detail [data-id=agree-1] .note__agreement", timeout=WAIT_MS)
    shoot(facilitator, "facilitator-detail-actions-1366.png")
    overflow = facilitator.evaluate("""() => [...document.querySelectorAll('#detail .note')].flatMap((note) => {
        const box = note.getBoundingClientRect();
        return [...note.querySelectorAll('.note__action')].filter((b) => {
          const r = b.getBoundingClientRect();
          return r.right > box.right + 1 || r.left < box.left - 1 || r.bottom > box.bottom + 1;
        }).map((b) => note.dataset.id + ':' + b.title);
      })""")
    assert overflow == []
    button = facilitator.locator("#detail [data-id=agree-1] .note__action--agreement")
    assert button.get_attribute("aria-label") == "Geen afspraak meer" == button.get_attribute("title")
    assert button.inner_text().strip() == "Afspraak"
    other = facilitator.locator("#detail .note:not([data-id=agree-1]) .note__action--agreement").first
    assert other.get_attribute("aria-label") == "Markeer als afspraak"
    assert facilitator.errors == []


def test_saving_a_template_shows_its_link_to_pass_on(open_page, live_server, workshop, sockets):
    code = workshop["code"]
    boss = sockets(code, facilitator_key=workshop["facilitator_key"])
    call(boss, "plan:update", {"steps": [step("s-1", "write", "identiteit"), step("s-2", "vote", "identiteit", votes=3)]})
    facilitator = open_facilitator(open_page, live_server, workshop)
    facilitator.set_viewport_size({"width": 1366, "height": 768})
    facilitator.wait_for_selector("#plan-save-form:not([hidden])", timeout=WAIT_MS)
    assert facilitator.inner_text("label[for=plan-save-title]") == "Naam van het sjabloon"
    assert facilitator.is_hidden("#plan-saved")
    facilitator.fill("#plan-save-title", "Startsessie Oost")
    facilitator.click("#plan-save")
    facilitator.wait_for_selector("#plan-saved:not([hidden])", timeout=WAIT_MS)
    link = facilitator.input_value("#plan-saved-link")
    assert link.startswith(f"{live_server.url}/?template=")
    key = link.split("=", 1)[1]
    saved = requests.get(f"{live_server.url}/api/templates", params={"lang": "nl", "saved": key}, timeout=5).json()
    assert any(x["key"] == key and x["title"] == "Startsessie Oost" for x in saved["templates"])
    assert "Alleen wie deze link heeft" in facilitator.inner_text("#plan-saved")
    assert "Startsessie Oost" in facilitator.inner_text("#plan-saved-title")
    facilitator.locator("#plan-saved").scroll_into_view_if_needed()
    shoot(facilitator, "facilitator-template-saved-1366.png")
    facilitator.click("#plan-saved [data-copy]")
    facilitator.wait_for_selector("#plan-saved [data-copy].is-done", timeout=WAIT_MS)
    assert facilitator.errors == []


def test_results_show_a_coalition_cards_commitment(open_page, live_server, workshop, sockets):
    code = workshop["code"]
    writer = sockets(code, name="Bram")
    call(writer, "note:add", {"id": "card-1", "block": "coalities", "text": "Buurtkamer Oost",
                              "coalition": {"werkvorm": "project", "trekker": "Bram de Wit",
                                            "eerste_stap": "Eerste bijeenkomst met mantelzorgers plannen",
                                            "datum": "2027-02-01"}})
    call(writer, "note:add", {"id": "card-2", "block": "coalities", "text": "Week van de Mantelzorg",
                              "coalition": {"werkvorm": "evenement"}})
    boss = sockets(code, facilitator_key=workshop["facilitator_key"])
    call(boss, "workshop:update", {"votes_per_participant": 3})
    call(writer, "note:vote", {"id": "card-1"})
    call(writer, "note:vote", {"id": "card-1"})
    call(writer, "note:vote", {"id": "card-2"})
    call(boss, "workshop:update", {"results": {"block": "coalities"}})
    projector = open_page(f"{live_server.url}/p/{code}", viewport={"width": 1280, "height": 720})
    row = projector.locator(".results__row[data-id=card-1]")
    row.locator(".results__commitment").wait_for(timeout=WAIT_MS)
    text = row.locator(".results__commitment").text_content()
    assert "Bram de Wit" in text and "Eerste bijeenkomst met mantelzorgers plannen" in text and "2027" in text
    assert "Trekker" in text
    # A card without a commitment has no empty line.
    assert projector.is_hidden(".results__row[data-id=card-2] .results__commitment")
    size = projector.eval_on_selector(".results__row[data-id=card-1] .results__commit-value",
                                      "el => parseFloat(getComputedStyle(el).fontSize)")
    assert size >= 720 * 0.025, size
    box = rect(projector, ".results__row[data-id=card-1] .results__commitment")
    assert box["right"] <= 1280 and box["bottom"] <= 720
    shoot(projector, "projector-results-commitment-1280.png")
    assert projector.errors == []


def test_compare_page_names_the_two_moments_of_the_vitality_bars(open_page, live_server, workshop, sockets):
    code = workshop["code"]
    key = workshop["facilitator_key"]
    boss = sockets(code, facilitator_key=key)
    rater = sockets(code, name="Joost")
    call(boss, "workshop:update", {"vitality": True})
    call(rater, "vitality:rate", {"block": "identiteit", "score": 2})
    first = requests.post(f"{live_server.url}/api/workshops/{code}/snapshots", json={"label": "Start"},
                          headers={"X-Facilitator-Key": key}, timeout=10)
    assert first.status_code == 201, first.text
    call(rater, "vitality:rate", {"block": "identiteit", "score": 4})
    second = requests.post(f"{live_server.url}/api/workshops/{code}/snapshots", json={"label": "Einde"},
                           headers={"X-Facilitator-Key": key}, timeout=10)
    assert second.status_code == 201, second.text
    page = open_page(f"{live_server.url}/c/{code}?from={first.json()['id']}&to={second.json()['id']}",
                     viewport={"width": 1366, "height": 768})
    page.wait_for_selector(".cvit__legend", timeout=WAIT_MS)
    assert page.inner_text(".cvit__key--from") == "van Start"
    assert page.inner_text(".cvit__key--to") == "naar Einde"
    # The legend's swatches are drawn as the bars are: hatched before, solid after.
    assert "repeating-linear-gradient" in page.eval_on_selector(
        ".cvit__key--from .cvit__fill", "el => getComputedStyle(el).backgroundImage")
    assert page.eval_on_selector(".cvit__key--to .cvit__fill", "el => getComputedStyle(el).backgroundImage") == "none"
    page.locator(".cvit").scroll_into_view_if_needed()
    shoot(page, "compare-legend-1366.png")
    assert page.errors == []
