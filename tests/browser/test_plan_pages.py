"""The session plan in real Chromium: composing it on the facilitator page (add, reorder by
button and by drag, edit, remove), and running a template session end to end with the
facilitator's "Volgende stap", the projector and a phone following; the step banner with a
full board at 1280x720 and on a 360 px phone."""
import os
import sys
from pathlib import Path

import requests
from conftest import PHONE, WAIT_MS, open_facilitator, open_phone, open_projector, post_from_phone

from canvas import method

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import seednotes  # noqa: E402

SHOTS = Path(os.environ.get("PLAN_SHOTS", "/tmp/shots-14b"))
MODE_TITLES = {m["key"]: m["title"]["nl"] for m in method.PLAN_MODES}
BLOCK_TITLES = {b["key"]: b["title"]["nl"] for b in method.BLOCKS}


def server_plan(sockets_, workshop):
    """The plan as the server keeps it (the facilitator's join state)."""
    client = sockets_(workshop["code"], facilitator_key=workshop["facilitator_key"])
    return client.call("join", {"code": workshop["code"], "facilitator_key": workshop["facilitator_key"]})[
        "state"]["plan"]["steps"]


def wait_for_plan(sockets_, workshop, check, timeout=WAIT_MS / 1000):
    """Poll the server's plan until check(steps) holds; returns the steps."""
    import time
    deadline = time.monotonic() + timeout
    while True:
        steps = server_plan(sockets_, workshop)
        if check(steps) or time.monotonic() > deadline:
            return steps
        time.sleep(0.2)


def step_row(page, n):
    return page.locator(f"#plan-steps > li:nth-child({n})")


def test_compose_a_plan_on_the_facilitator_page(open_page, live_server, workshop, sockets):
    page = open_facilitator(open_page, live_server, workshop)
    assert page.is_hidden("#runbar")  # no plan, no run bar

    # Add a step: its editor opens, its kind of step has the focus.
    page.click("#plan-add")
    first = step_row(page, 1)
    first.locator(".planstep__field--mode select").wait_for(timeout=WAIT_MS)
    first.locator(".planstep__field--mode select").select_option("silent")
    first.locator(".planstep__field--block select").select_option("identiteit")
    # The sub-area's questions only, by their place in the block's list: ambitie's are 3-5.
    first.locator(".planstep__field--subarea select").select_option("ambitie")
    options = first.locator(".planstep__field--question option").evaluate_all("els => els.map(e => e.value)")
    assert options == ["", "3", "4", "5"]
    first.locator(".planstep__field--question select").select_option("4")
    first.locator(".planstep__field--duration input").fill("4")
    first.locator(".planstep__field--instruction textarea").fill("Schrijf in stilte wie er trekt.")
    page.click("#plan-add")
    second = step_row(page, 2)
    second.locator(".planstep__field--mode select").select_option("vote")
    second.locator(".planstep__field--votes input").fill("5")
    page.click("#plan-add")
    step_row(page, 3).locator(".planstep__field--mode select").select_option("vitality")
    # A vitality step names no block.
    assert step_row(page, 3).locator(".planstep__field--block").count() == 0
    # An unreadable duration is refused by the field, and not sent.
    step_row(page, 3).locator(".planstep__field--duration input").fill("tien")
    step_row(page, 3).locator(".planstep__field--duration .field__error").wait_for(timeout=WAIT_MS)
    assert "1 tot en met 120" in step_row(page, 3).locator(".planstep__field--duration .field__error").inner_text()
    step_row(page, 3).locator(".planstep__field--duration input").fill("")

    steps = wait_for_plan(sockets, workshop, lambda s: len(s) == 3 and s[2]["mode"] == "vitality"
                          and s[0]["instruction"] and s[1]["votes"] == 5 and s[2]["duration"] is None)
    assert [s["mode"] for s in steps] == ["silent", "vote", "vitality"]
    assert steps[0] | {"id": None} == {"id": None, "mode": "silent", "block": "identiteit",
                                       "subarea": "ambitie", "question": 4, "duration": 240, "votes": None, "source": "",
                                       "instruction": "Schrijf in stilte wie er trekt."}
    # A new step starts on the block of the one before it.
    assert steps[1]["block"] == "identiteit" and steps[1]["votes"] == 5
    assert steps[2]["block"] is None
    ids = [s["id"] for s in steps]

    # Reorder with the keyboard's buttons: step 3 up.
    page.get_by_role("button", name="Stap 3 omhoog").click()
    wait_for_plan(sockets, workshop, lambda s: [x["id"] for x in s] == [ids[0], ids[2], ids[1]])
    # The moved step's button keeps the focus (a second press moves it on).
    page.keyboard.press("Enter")
    wait_for_plan(sockets, workshop, lambda s: [x["id"] for x in s] == [ids[2], ids[0], ids[1]])
    # And by drag: the first step onto the last.
    step_row(page, 1).locator(".planstep__grip").drag_to(step_row(page, 3))
    steps = wait_for_plan(sockets, workshop, lambda s: [x["id"] for x in s] == [ids[0], ids[1], ids[2]])
    assert [x["id"] for x in steps] == [ids[0], ids[1], ids[2]]

    # Remove the vote step.
    page.get_by_role("button", name="Stap 2 verwijderen").click()
    steps = wait_for_plan(sockets, workshop, lambda s: [x["id"] for x in s] == [ids[0], ids[2]])
    assert [x["id"] for x in steps] == [ids[0], ids[2]]
    assert page.locator("#plan-steps > li").count() == 2
    # With a plan the run bar is there, outside the plan until a step runs.
    page.wait_for_selector("#runbar:not([hidden])", timeout=WAIT_MS)
    assert "Buiten het plan" in page.inner_text("#run-text")

    # Saved as a template on this server: this browser remembers it and offers it among its
    # saved ones; the server lists it only to who names its key.
    page.fill("#plan-save-title", "Onze korte ronde")
    page.click("#plan-save")
    page.wait_for_selector("#plan-template optgroup[label='Jouw opgeslagen sjablonen'] "
                           "option:has-text('Onze korte ronde')", state="attached", timeout=WAIT_MS)
    [key] = page.evaluate("() => JSON.parse(localStorage.getItem('nc:templates'))")
    listed = f"{live_server.url}/api/templates?lang=nl"
    assert [t for t in requests.get(listed, timeout=5).json()["templates"] if not t["builtin"]] == []
    saved = [t for t in requests.get(f"{listed}&saved={key}", timeout=5).json()["templates"]
             if not t["builtin"]]
    assert [t["title"] for t in saved] == ["Onze korte ronde"]
    assert [s["mode"] for s in saved[0]["steps"]] == ["silent", "vitality"]
    # Chosen, it shows the link that passes it on.
    page.select_option("#plan-template", key)
    assert page.get_attribute("#plan-template-preview .plan__share a", "href") == \
        f"{live_server.url}/?template={key}"
    assert page.errors == []

    # Another facilitator's browser does not list it, until it is passed on by that link.
    other = open_page(f"{live_server.url}/")
    other.wait_for_function("() => document.querySelectorAll('#create-template option').length > 1",
                            timeout=WAIT_MS)
    assert other.locator(f"#create-template option[value='{key}']").count() == 0
    other.goto(f"{live_server.url}/?template={key}")
    other.wait_for_function("(key) => document.querySelector('#create-template').value === key",
                            arg=key, timeout=WAIT_MS)
    other.fill("#create-title-input", "Korte ronde West")
    other.click("#create-form button[type=submit]")
    other.wait_for_selector("#created:not([hidden])", timeout=WAIT_MS)
    created = {"code": other.inner_text("#created-code").replace(" ", ""),
               "facilitator_key": other.input_value("#created-facilitator").split("#key=")[1]}
    assert [s["mode"] for s in server_plan(sockets, created)] == ["silent", "vitality"]
    assert other.errors == []


def go_next(facilitator, projector, phone, n, total):
    facilitator.get_by_role("button", name="Volgende stap").click() if n > 1 else \
        facilitator.locator("#run-next").click()
    label = f"Stap {n} van {total}"
    for page in (facilitator, projector, phone):
        page.wait_for_function("(label) => [...document.querySelectorAll('#run-text, #step-pos')]"
                               ".some((el) => el.offsetParent && el.textContent.includes(label))",
                               arg=label, timeout=WAIT_MS)


def test_run_a_template_session_with_the_projector_and_a_phone_following(
        open_page, live_server, sockets):
    response = requests.post(f"{live_server.url}/api/workshops",
                             json={"title": "Startsessie Zorgnetwerk", "language": "nl",
                                   "template": "startsessie"}, timeout=5)
    assert response.status_code == 201, response.text
    workshop = response.json()
    steps = server_plan(sockets, workshop)
    total = len(steps)
    modes = [s["mode"] for s in steps]
    assert "silent" in modes and "vote" in modes, modes
    silent = modes.index("silent")
    vote = modes.index("vote", silent + 1) if "vote" in modes[silent + 1:] else modes.index("vote")

    facilitator = open_facilitator(open_page, live_server, workshop)
    projector = open_projector(open_page, live_server, workshop["code"])
    phone = open_phone(open_page, live_server, workshop["code"], name="Fatima")
    facilitator.wait_for_selector("#runbar:not([hidden])", timeout=WAIT_MS)
    assert facilitator.locator("#plan-steps > li").count() == total
    assert projector.is_hidden("#step-banner") and phone.is_hidden("#step-card")

    # Up to the first silent-writing step, one "Volgende stap" at a time.
    for n in range(1, silent + 2):
        go_next(facilitator, projector, phone, n, total)
    step = steps[silent]
    block = BLOCK_TITLES[step["block"]]
    # The running step is marked in the list.
    assert facilitator.locator("#plan-steps > li.is-running").get_attribute("data-step") == step["id"]
    # The phone: the step, its instruction and its question, above the note form; the form on its block.
    assert MODE_TITLES["silent"] in phone.text_content("#step-pos")
    if step["instruction"]:
        assert phone.inner_text("#step-instruction") == step["instruction"]
    assert phone.is_visible("#focus-card") and phone.inner_text("#focus-question")
    assert phone.eval_on_selector("#step-card", "el => el.getBoundingClientRect().bottom") <= \
        phone.eval_on_selector("#compose", "el => el.getBoundingClientRect().top")
    chosen = phone.eval_on_selector("#compose-form", "f => (f.querySelector('.nform__blocks input:checked') || {}).value")
    assert chosen == step["block"]
    # The projector: the step, the time left (a duration starts the timer), the silent banner.
    assert f"Stap {silent + 1} van {total}" in projector.text_content("#step-pos")
    if step["duration"]:
        projector.wait_for_selector("#timer:not([hidden])", timeout=WAIT_MS)
        assert ":" in projector.inner_text("#timer-text")
    projector.wait_for_selector("#silent-banner:not([hidden])", timeout=WAIT_MS)

    # A note written in silence stays off the projector...
    post_from_phone(phone, block, "Samen zorgen dat niemand tussen wal en schip valt")
    projector.wait_for_function("() => document.querySelector('#stat-notes').textContent.includes('1')",
                                timeout=WAIT_MS)
    assert projector.locator("#sheet .note", has_text="tussen wal en schip").count() == 0
    # ... and the next step reveals it.
    go_next(facilitator, projector, phone, silent + 2, total)
    projector.wait_for_selector("#sheet .note:has-text('tussen wal en schip')", timeout=WAIT_MS)

    # On to the voting step: the phone can vote.
    for n in range(silent + 3, vote + 2):
        go_next(facilitator, projector, phone, n, total)
    assert steps[vote]["mode"] == "vote"
    projector.wait_for_selector("#voting-banner:not([hidden])", timeout=WAIT_MS)
    phone.wait_for_selector("#voting-card:not([hidden])", timeout=WAIT_MS)
    note = phone.locator("#list .note", has_text="tussen wal en schip")
    note.locator(".votebar__button--plus").click()
    note.locator(".votebar__mine").wait_for(timeout=WAIT_MS)

    # "Vorige stap" goes back.
    facilitator.get_by_role("button", name="Vorige stap").click()
    for page in (facilitator, projector, phone):
        page.wait_for_function("(label) => [...document.querySelectorAll('#run-text, #step-pos')]"
                               ".some((el) => el.offsetParent && el.textContent.includes(label))",
                               arg=f"Stap {vote} van {total}", timeout=WAIT_MS)

    # Leaving the plan hides the step on the projector and the phone.
    facilitator.get_by_role("button", name="Plan verlaten").click()
    projector.wait_for_selector("#step-banner", state="hidden", timeout=WAIT_MS)
    phone.wait_for_selector("#step-card", state="hidden", timeout=WAIT_MS)
    facilitator.wait_for_function("() => document.querySelector('#run-text').textContent.includes('Buiten')",
                                  timeout=WAIT_MS)
    # PageDown (a presentation clicker) goes on where the plan was left.
    facilitator.locator("body").click(position={"x": 5, "y": 5})
    facilitator.keyboard.press("PageDown")
    projector.wait_for_function("(label) => document.querySelector('#step-pos').textContent.includes(label)",
                                arg=f"Stap {vote + 1} van {total}", timeout=WAIT_MS)
    assert facilitator.errors == [] and projector.errors == [] and phone.errors == []


def test_step_banner_over_a_full_board_and_on_a_small_phone(open_page, live_server, workshop, sockets):
    code = workshop["code"]
    seednotes.fill(live_server.url, code, seednotes.notes(150))
    facilitator = sockets(code, facilitator_key=workshop["facilitator_key"])
    instruction = ("Lees de notities van je buren en schrijf in stilte aan wat nog ontbreekt: "
                   "wie hoort er bij ons netwerk, en wie nog niet?")
    ack = facilitator.call("plan:update", {"steps": [
        {"id": "s-een", "mode": "write", "block": "identiteit", "subarea": None, "question": 0,
         "duration": 600, "instruction": instruction, "votes": None},
        {"id": "s-twee", "mode": "vote", "block": "identiteit", "subarea": None, "question": None,
         "duration": 300, "instruction": "Drie stemmen per persoon.", "votes": 3}]})
    assert ack["ok"], ack
    assert facilitator.call("plan:go", {"step": 0})["ok"]

    SHOTS.mkdir(parents=True, exist_ok=True)
    projector = open_page(f"{live_server.url}/p/{code}", viewport={"width": 1280, "height": 720})
    projector.wait_for_selector("#step-banner:not([hidden])", timeout=WAIT_MS)
    projector.wait_for_function("() => document.querySelectorAll('#sheet .note').length > 5", timeout=WAIT_MS)
    projector.wait_for_timeout(1500)  # let the board settle before the picture (not an assertion)
    projector.screenshot(path=str(SHOTS / "projector-step-1280.png"))
    # The banner is in the banners' row: nothing of the sheet lies under it, and it is read from
    # the back of the room (its text at least 2.5 % of the screen's height).
    banner = projector.eval_on_selector("#step-banner", "el => el.getBoundingClientRect().toJSON()")
    sheet = projector.eval_on_selector("#sheet", "el => el.getBoundingClientRect().toJSON()")
    assert banner["bottom"] <= sheet["top"]
    size = projector.eval_on_selector("#step-instruction", "el => parseFloat(getComputedStyle(el).fontSize)")
    assert size >= 720 * 0.025
    # The instruction is shown whole at this width.
    assert projector.eval_on_selector("#step-instruction", "el => el.scrollHeight <= el.clientHeight + 1")
    assert "Stap 1 van 2" in projector.text_content("#step-pos")

    phone = open_page(f"{live_server.url}/j/{code}", **{**PHONE, "viewport": {"width": 360, "height": 740}})
    phone.fill("#name-input", "Sanne")
    phone.click("#name-form button[type=submit]")
    phone.wait_for_selector("#step-card:not([hidden])", timeout=WAIT_MS)
    phone.screenshot(path=str(SHOTS / "phone-step-360.png"))
    # The step and its question are in view, clear of the status bar, the note form right
    # below them; nothing is wider than the screen.
    phone.wait_for_selector("#focus-card:not([hidden])", timeout=WAIT_MS)
    card = phone.eval_on_selector("#step-card", "el => el.getBoundingClientRect().toJSON()")
    status = phone.eval_on_selector("#pstatus", "el => el.hidden ? 0 : el.getBoundingClientRect().bottom")
    assert card["top"] >= status - 1 and card["top"] < 740 / 2, (card, status)
    question = phone.eval_on_selector("#focus-card", "el => el.getBoundingClientRect().toJSON()")
    assert question["bottom"] <= 740
    assert phone.eval_on_selector("#compose", "el => el.getBoundingClientRect().top") >= question["bottom"]
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert phone.inner_text("#step-instruction") == instruction
    assert projector.errors == [] and phone.errors == []


def test_home_page_creates_a_workshop_from_a_template(open_page, live_server, sockets):
    page = open_page(f"{live_server.url}/")
    page.wait_for_function("() => document.querySelectorAll('#create-template option').length > 1",
                           timeout=WAIT_MS)
    templates = requests.get(f"{live_server.url}/api/templates?lang=nl", timeout=5).json()["templates"]
    start = next(t for t in templates if t["key"] == "startsessie")
    # "Leeg plan" first; the method's templates with their number of steps.
    assert page.locator("#create-template option").first.inner_text() == "Leeg plan"
    page.select_option("#create-template", "startsessie")
    assert page.inner_text("#create-template-about") == start["about"]
    page.fill("#create-title-input", "Startsessie Oost")
    page.click("#create-form button[type=submit]")
    page.wait_for_selector("#created:not([hidden])", timeout=WAIT_MS)
    key = page.input_value("#created-facilitator").split("#key=")[1]
    code = page.inner_text("#created-code").replace(" ", "")
    steps = server_plan(sockets, {"code": code, "facilitator_key": key})
    assert [s["mode"] for s in steps] == [s["mode"] for s in start["steps"]]
    assert [s["instruction"] for s in steps] == [s["instruction"] for s in start["steps"]]
    assert page.errors == []
