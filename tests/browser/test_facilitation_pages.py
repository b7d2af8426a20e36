"""Facilitation in real Chromium: follow me, guiding questions, timer, lock, voting, silent
writing, hiding notes and removing participants, as the projector and the phones show them."""
import re
import time

import pytest
from conftest import (
    PHONE,
    WAIT_MS,
    call,
    open_editor_on_phone,
    open_facilitator,
    open_phone,
    open_projector,
    post_from_phone,
    server_notes,
)

from canvas import method

RECORD_TOASTS = """() => {
  window.toastLog = [];
  new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) {
      if (node.nodeType === 1 && node.matches('.toast')) {
        window.toastLog.push(node.querySelector('.toast__text').textContent);
      }
    }
  }).observe(document.body, { childList: true, subtree: true });
}"""


def record_toasts(page):
    """Keep every toast the page shows from now on (they go away by themselves)."""
    page.evaluate(RECORD_TOASTS)


def toasts(page):
    return page.evaluate("() => window.toastLog")


def chosen_block(phone):
    return phone.eval_on_selector("#compose-form", "form => (form.querySelector("
                                  "'.nform__blocks input:checked') || {}).value")


def block_title(key):
    return next(b["title"]["nl"] for b in method.BLOCKS if b["key"] == key)


def questions_all(key):
    block = next(b for b in method.BLOCKS if b["key"] == key)
    return block["questions"]["nl"] + [q for s in block["subareas"] for q in s["questions"]["nl"]]


def test_follow_me_brings_the_block_forward_on_the_projector_and_the_phone(
        open_page, live_server, workshop, sockets):
    code = workshop["code"]
    facilitator = sockets(code, facilitator_key=workshop["facilitator_key"])
    projector = open_projector(open_page, live_server, code)
    phone = open_phone(open_page, live_server, code)
    assert chosen_block(phone) == "identiteit"

    call(facilitator, "workshop:update", {"focus": "regie", "question": 1})

    question = questions_all("regie")[1]
    projector.wait_for_selector("#sheet.has-focus [data-block=regie].is-focus", timeout=WAIT_MS)
    projector.wait_for_selector(f"#focus-question:text-is('{question}')", timeout=WAIT_MS)
    assert projector.is_visible("#focus-banner")
    assert "2/" in projector.inner_text("#focus-pos")
    # The other blocks step back (they turn grey; their text stays readable).
    projector.wait_for_function("() => getComputedStyle(document.querySelector("
                                "'[data-block=spelregels]')).filter === 'grayscale(1)'",
                                timeout=WAIT_MS)
    # The block in focus gets more room than it had.
    widths = projector.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
        '#sheet [data-block]')].map(el => [el.dataset.block, el.offsetWidth]))""")
    assert widths["regie"] > widths["spelregels"] and widths["regie"] > widths["identiteit"]

    # The phone follows: its form switches to the block, the question is shown above it.
    phone.wait_for_function("() => document.querySelector('#compose-form .nform__blocks "
                            "input:checked').value === 'regie'", timeout=WAIT_MS)
    phone.wait_for_selector(f"#focus-question:text-is('{question}')", timeout=WAIT_MS)
    assert block_title("regie") in phone.text_content("#focus-now")
    assert phone.is_hidden("#focus-hint")

    # "None": the whole canvas again.
    call(facilitator, "workshop:update", {"focus": None})
    projector.wait_for_selector("#sheet:not(.has-focus)", timeout=WAIT_MS)
    assert projector.is_hidden("#focus-banner")
    phone.wait_for_selector("#focus-card", state="hidden", timeout=WAIT_MS)
    assert projector.errors == [] and phone.errors == []


def test_a_phone_that_is_typing_is_not_moved_but_gets_a_hint(open_page, live_server, workshop,
                                                               sockets):
    code = workshop["code"]
    facilitator = sockets(code, facilitator_key=workshop["facilitator_key"])
    phone = open_phone(open_page, live_server, code)
    phone.click("#compose-form .segmented__option:has-text('Spelregels')")
    phone.fill("#compose-form textarea.input--text", "Een halve gedachte")
    # Typing, with the text field in the middle of the screen: the top of the form is far up.
    phone.evaluate("""() => { const field = document.querySelector('#compose-form textarea.input--text');
                              window.scrollBy(0, field.getBoundingClientRect().top - 300); }""")

    call(facilitator, "workshop:update", {"focus": "organisatie"})

    phone.wait_for_selector("#focus-hint:not([hidden])", timeout=WAIT_MS)
    assert phone.inner_text("#focus-hint-text") == \
        f"De facilitator is naar {block_title('organisatie')} gegaan"
    assert chosen_block(phone) == "spelregels"
    assert phone.input_value("#compose-form textarea.input--text") == "Een halve gedachte"
    # The question card still shows where the room is.
    assert block_title("organisatie") in phone.text_content("#focus-now")
    # The hint is on the screen where they are typing, can be tapped, and leaves the text field
    # (and the bottom of the screen, where the keyboard is) free.
    seen = phone.evaluate("""() => {
      const box = (el) => el.getBoundingClientRect().toJSON();
      const go = document.querySelector('#focus-go');
      const r = go.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return { hint: box(document.querySelector('#focus-hint')), height: window.innerHeight,
               field: box(document.querySelector('#compose-form textarea.input--text')),
               tappable: go === hit || go.contains(hit) };
    }""")
    hint, field = seen["hint"], seen["field"]
    assert hint["top"] >= 0 and hint["bottom"] <= seen["height"] / 2, seen
    assert seen["tappable"], seen
    assert field["top"] >= hint["bottom"] and field["bottom"] <= seen["height"], seen

    # The participant decides to go there; what they wrote stays.
    phone.click("#focus-go")
    assert chosen_block(phone) == "organisatie"
    assert phone.is_hidden("#focus-hint")
    assert phone.input_value("#compose-form textarea.input--text") == "Een halve gedachte"
    assert phone.errors == []


def test_guided_questions_are_stepped_through_on_the_facilitator_page(
        open_page, live_server, workshop):
    code = workshop["code"]
    facilitator = open_facilitator(open_page, live_server, workshop)
    projector = open_projector(open_page, live_server, code)
    questions = questions_all("identiteit")

    facilitator.select_option("#ctl-focus", "identiteit")
    facilitator.wait_for_selector("#ctl-question-box:not([hidden])", timeout=WAIT_MS)
    # Without a question the projector shows the block's key question.
    key_question = next(b["question"]["nl"] for b in method.BLOCKS if b["key"] == "identiteit")
    projector.wait_for_selector(f"#focus-question:text-is('{key_question}')", timeout=WAIT_MS)

    facilitator.click("#ctl-question-next")
    facilitator.wait_for_selector(f"#ctl-question-text:text-is('{questions[0]}')",
                                  timeout=WAIT_MS)
    facilitator.click("#ctl-question-next")
    facilitator.wait_for_selector(f"#ctl-question-text:text-is('{questions[1]}')",
                                  timeout=WAIT_MS)
    assert facilitator.inner_text("#ctl-question-pos") == f"Vraag 2 van {len(questions)}"
    projector.wait_for_selector(f"#focus-question:text-is('{questions[1]}')", timeout=WAIT_MS)
    facilitator.click("#ctl-question-prev")
    projector.wait_for_selector(f"#focus-question:text-is('{questions[0]}')", timeout=WAIT_MS)
    assert facilitator.is_disabled("#ctl-question-prev")
    assert facilitator.errors == [] and projector.errors == []


def test_the_timer_counts_down_on_projector_and_phone_and_signals_the_end(
        open_page, live_server, workshop, sockets):
    code = workshop["code"]
    facilitator = sockets(code, facilitator_key=workshop["facilitator_key"])
    projector = open_projector(open_page, live_server, code)
    phone = open_phone(open_page, live_server, code)
    assert projector.is_hidden("#timer") and phone.is_hidden("#phone-timer")

    call(facilitator, "workshop:update", {"timer_seconds": 3})

    projector.wait_for_selector("#timer:not([hidden])", timeout=WAIT_MS)
    phone.wait_for_selector("#phone-timer:not([hidden])", timeout=WAIT_MS)
    assert re.fullmatch(r"0:0[0-3]|Tijd!", projector.inner_text("#timer-text"))
    assert re.fullmatch(r"0:0[0-3]|Tijd!", phone.inner_text("#phone-timer-text"))

    projector.wait_for_selector("#timer.is-over.is-flashing", timeout=WAIT_MS)
    assert projector.inner_text("#timer-text") == "Tijd!"
    assert "is-time-up" in projector.get_attribute("#proj", "class")
    phone.wait_for_selector("#phone-timer.is-over", timeout=WAIT_MS)
    assert phone.inner_text("#phone-timer-text") == "Tijd!"

    # A new, longer timer replaces it; stopping it removes it everywhere.
    call(facilitator, "workshop:update", {"timer_seconds": 300})
    projector.wait_for_selector("#timer-text:text-matches('^[45]:\\\\d\\\\d$')", timeout=WAIT_MS)
    call(facilitator, "workshop:update", {"timer_seconds": None})
    projector.wait_for_selector("#timer", state="hidden", timeout=WAIT_MS)
    phone.wait_for_selector("#phone-timer", state="hidden", timeout=WAIT_MS)
    assert projector.errors == [] and phone.errors == []


def test_after_the_red_while_the_timer_says_quietly_that_time_is_up_until_stopped(
        open_page, live_server, workshop, sockets):
    code = workshop["code"]
    facilitator = sockets(code, facilitator_key=workshop["facilitator_key"])

    def with_clock(url, **options):  # the pages' clock can jump ahead (it runs on by itself)
        return open_page(url, before=lambda page: page.clock.install(), **options)

    projector = open_projector(with_clock, live_server, code)
    phone = open_phone(with_clock, live_server, code)
    call(facilitator, "workshop:update", {"timer_seconds": 1})
    projector.wait_for_selector("#timer.is-over.is-flashing", timeout=WAIT_MS)
    phone.wait_for_selector("#phone-timer.is-over.is-flashing", timeout=WAIT_MS)
    assert projector.inner_text("#timer-text") == "Tijd!"

    for page in (projector, phone):
        page.clock.fast_forward("00:25")  # past the red while (FLASH_SECONDS, 20 s)
    projector.wait_for_selector("#timer.is-past:not(.is-over):not(.is-flashing)", timeout=WAIT_MS)
    assert projector.inner_text("#timer-text") == "Tijd voorbij"
    assert "is-time-up" not in projector.get_attribute("#proj", "class")
    assert projector.eval_on_selector("#timer", "el => getComputedStyle(el).backgroundColor") \
        != "rgb(168, 35, 27)"  # no longer the danger red
    phone.wait_for_selector("#phone-timer.is-past:not(.is-over)", timeout=WAIT_MS)
    assert phone.inner_text("#phone-timer-text") == "Tijd voorbij"
    # Minutes later it is still there, quietly: only the facilitator ends it.
    for page in (projector, phone):
        page.clock.fast_forward("05:00")
    assert projector.is_visible("#timer.is-past") and phone.is_visible("#phone-timer.is-past")

    call(facilitator, "workshop:update", {"timer_seconds": None})
    projector.wait_for_selector("#timer", state="hidden", timeout=WAIT_MS)
    phone.wait_for_selector("#phone-timer", state="hidden", timeout=WAIT_MS)
    assert projector.errors == [] and phone.errors == []


def test_the_facilitator_starts_a_timer_with_a_preset(open_page, live_server, workshop):
    facilitator = open_facilitator(open_page, live_server, workshop)
    projector = open_projector(open_page, live_server, workshop["code"])
    facilitator.click(".ctl__preset[data-minutes='5']")
    projector.wait_for_selector("#timer-text:text-matches('^[45]:\\\\d\\\\d$')", timeout=WAIT_MS)
    assert re.fullmatch(r"Nog [45]:\d\d", facilitator.inner_text("#ctl-timer-status"))
    facilitator.click("#ctl-timer-stop")
    projector.wait_for_selector("#timer", state="hidden", timeout=WAIT_MS)
    # A custom number of minutes out of range is refused with a message, nothing is sent.
    # The message shows at the field itself.
    for minutes in ("500", "0.1"):
        facilitator.fill("#ctl-timer-minutes", minutes)
        facilitator.click("#ctl-timer-form button[type=submit]")
        assert facilitator.eval_on_selector("#ctl-timer-minutes",
                                            "el => el.validationMessage") == \
            "Kies 1 tot 120 minuten."
    # What is no number of minutes is refused too, with a message that says what to type.
    for text in ("vijf", "1,5,0"):
        facilitator.fill("#ctl-timer-minutes", text)
        facilitator.click("#ctl-timer-form button[type=submit]")
        assert facilitator.eval_on_selector("#ctl-timer-minutes",
                                            "el => el.validationMessage") == \
            "Typ een aantal minuten, zoals 5 of 1,5."
    time.sleep(0.3)
    assert projector.is_hidden("#timer")
    # Typing again clears the message; a custom time box starts, in minutes with a decimal comma
    # (1,5 is a minute and a half, whatever language the browser speaks) or point.
    for text in ("1,5", "1.5"):
        facilitator.fill("#ctl-timer-minutes", text)
        facilitator.click("#ctl-timer-form button[type=submit]")
        projector.wait_for_selector("#timer-text:text-matches('^1:[0-3]\\\\d$')", timeout=WAIT_MS)
        assert re.fullmatch(r"Nog 1:[0-3]\d", facilitator.inner_text("#ctl-timer-status"))
        facilitator.click("#ctl-timer-stop")
        projector.wait_for_selector("#timer", state="hidden", timeout=WAIT_MS)


def test_locking_disables_the_phone_form_and_hides_edit(open_page, live_server, workshop):
    code = workshop["code"]
    facilitator = open_facilitator(open_page, live_server, workshop)
    projector = open_projector(open_page, live_server, code)
    phone = open_phone(open_page, live_server, code)
    post_from_phone(phone, "Spelregels", "Wij besluiten met consent")
    phone.wait_for_selector(".note.is-mine .note__action", timeout=WAIT_MS)
    # Half-way through a new note and an edit when the facilitator locks the canvas.
    phone.fill("#compose-form textarea.input--text", "Een nieuwe gedachte")
    dialog = open_editor_on_phone(phone, "Wij besluiten met consent")
    dialog.locator("textarea.input--text").fill("Wij besluiten met consent, tenzij")

    facilitator.click("#ctl-locked")

    # The edit stays open with its text; it says why saving waits, and saving does wait.
    notice = dialog.locator(".dialog__locked")
    notice.wait_for(timeout=WAIT_MS)
    assert notice.inner_text().startswith("Het canvas is op slot. Je tekst blijft hier staan")
    assert dialog.is_visible()
    assert dialog.locator("textarea.input--text").input_value() == \
        "Wij besluiten met consent, tenzij"
    assert dialog.locator("button[type=submit]").is_disabled()
    assert dialog.get_by_role("button", name="Tekst kopiëren").is_enabled()
    # The text can still be changed (and kept) while the canvas is locked.
    dialog.locator("textarea.input--text").press("End")
    dialog.locator("textarea.input--text").type(" iemand bezwaar heeft")
    phone.wait_for_selector("#locked-message:not([hidden])", timeout=WAIT_MS)
    assert phone.is_disabled("#compose-submit")
    assert phone.is_disabled("#compose-form textarea.input--text")
    assert phone.input_value("#compose-form textarea.input--text") == "Een nieuwe gedachte"
    assert phone.inner_text("#locked-message") == \
        "Het canvas is op slot: je kunt nu niets plakken of wijzigen."
    phone.wait_for_selector(".note.is-mine .note__action", state="detached", timeout=WAIT_MS)
    projector.wait_for_selector("#lock-badge:not([hidden])", timeout=WAIT_MS)
    assert facilitator.is_checked("#ctl-locked")
    assert [n["text"] for n in server_notes(live_server, code)] == ["Wij besluiten met consent"]

    facilitator.click("#ctl-locked")
    notice.wait_for(state="hidden", timeout=WAIT_MS)
    assert dialog.locator("button[type=submit]").is_enabled()
    dialog.locator("button[type=submit]").click()
    dialog.wait_for(state="hidden", timeout=WAIT_MS)
    assert [n["text"] for n in server_notes(live_server, code)] == \
        ["Wij besluiten met consent, tenzij iemand bezwaar heeft"]
    phone.wait_for_selector("#locked-message", state="hidden", timeout=WAIT_MS)
    assert phone.is_enabled("#compose-submit")
    assert phone.input_value("#compose-form textarea.input--text") == "Een nieuwe gedachte"
    phone.wait_for_selector(".note.is-mine .note__action", timeout=WAIT_MS)
    projector.wait_for_selector("#lock-badge", state="hidden", timeout=WAIT_MS)
    phone.click("#compose-submit")
    projector.locator("#sheet .note").filter(has_text="Een nieuwe gedachte").wait_for(
        timeout=WAIT_MS)
    assert phone.errors == [] and facilitator.errors == []


def test_voting_on_a_phone(open_page, live_server, workshop, sockets):
    code = workshop["code"]
    writer = sockets(code, name="Bram")
    call(writer, "note:add", {"id": "v-1", "block": "regie", "text": "Een vaste regisseur"})
    call(writer, "note:add", {"id": "v-2", "block": "regie", "text": "Roulerend voorzitterschap"})
    facilitator = open_facilitator(open_page, live_server, workshop)
    projector = open_projector(open_page, live_server, code)
    phone = open_phone(open_page, live_server, code)
    assert phone.locator(".votebar").count() == 0

    facilitator.fill("#ctl-votes", "2")
    facilitator.click("#ctl-voting-open")
    facilitator.wait_for_selector("#ctl-voting-status:text-is('Open: 2 stemmen per deelnemer')",
                                  timeout=WAIT_MS)
    phone.wait_for_selector("#votes-left:text-is('Nog 2 stemmen')", timeout=WAIT_MS)
    assert phone.get_attribute("#votes-left", "aria-label") == "Je hebt nog 2 stemmen"
    projector.wait_for_selector("#voting-banner:not([hidden])", timeout=WAIT_MS)

    note = phone.locator(".note").filter(has_text="Een vaste regisseur")
    plus = note.locator(".votebar__button--plus")
    minus = note.locator(".votebar__button--minus")
    # Big enough to tap.
    for button in (plus, minus):
        box = button.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, box
    assert minus.is_disabled()

    plus.click()
    phone.wait_for_selector("#votes-left:text-is('Nog 1 stem')", timeout=WAIT_MS)
    projector.wait_for_selector("#sheet .note[data-votes='1'] .note__dots", timeout=WAIT_MS)
    note.locator(".votebar__button--plus").click()
    phone.wait_for_selector("#votes-left:text-is('Nog 0 stemmen')", timeout=WAIT_MS)
    note.locator(".votebar__mine:text-is('2 van jou')").wait_for(timeout=WAIT_MS)
    assert "2 stemmen" in note.inner_text()

    # No votes left: every +1 is off, and looks it (grey, not the voting colour); −1 stays
    # where there is a vote to take back.
    other = phone.locator(".note").filter(has_text="Roulerend")
    phone.wait_for_function("() => [...document.querySelectorAll('.votebar__button--plus')]"
                            ".every(b => b.disabled)", timeout=WAIT_MS)
    assert other.locator(".votebar__button--plus").get_attribute("title") == "Je stemmen zijn op"
    assert other.locator(".votebar__button--plus").evaluate(
        "b => getComputedStyle(b).backgroundColor") != "rgb(194, 37, 92)"
    assert other.locator(".votebar__button--minus").is_disabled()
    assert note.locator(".votebar__button--minus").is_enabled()
    record_toasts(phone)
    other.locator(".votebar__button--plus").click(force=True)
    phone.wait_for_timeout(300)
    assert toasts(phone) == []
    assert phone.inner_text("#votes-left") == "Nog 0 stemmen"

    # Take one back: +1 works again.
    note.locator(".votebar__button--minus").click()
    phone.wait_for_selector("#votes-left:text-is('Nog 1 stem')", timeout=WAIT_MS)
    projector.wait_for_selector("#sheet .note[data-votes='1']", timeout=WAIT_MS)
    phone.wait_for_function("() => [...document.querySelectorAll('.votebar__button--plus')]"
                            ".every(b => !b.disabled)", timeout=WAIT_MS)

    # The facilitator resets the votes (after confirming): everyone is back at 0.
    facilitator.click("#ctl-votes-reset")
    facilitator.locator("dialog.confirm[open] [data-confirm]").click()
    phone.wait_for_selector("#votes-left:text-is('Nog 2 stemmen')", timeout=WAIT_MS)
    projector.wait_for_selector("#sheet .note__dots", state="detached", timeout=WAIT_MS)

    # Closing the round removes the buttons.
    facilitator.click("#ctl-voting-close")
    phone.wait_for_selector(".votebar", state="detached", timeout=WAIT_MS)
    assert phone.is_hidden("#votes-left")
    assert phone.errors == [] and projector.errors == [] and facilitator.errors == []


def test_the_projector_sorts_notes_by_votes(open_page, live_server, workshop, sockets):
    code = workshop["code"]
    facilitator = sockets(code, facilitator_key=workshop["facilitator_key"])
    writer = sockets(code, name="Bram")
    voters = [sockets(code, name=f"Stemmer {i}") for i in range(3)]
    for i, text in enumerate(["Eerste", "Tweede", "Derde"]):
        call(writer, "note:add", {"id": f"s-{i}", "block": "spelregels", "text": text})
    call(facilitator, "workshop:update", {"votes_per_participant": 3})
    for voter in voters:
        call(voter, "note:vote", {"id": "s-2"})
    call(voters[0], "note:vote", {"id": "s-1"})
    projector = open_projector(open_page, live_server, code)
    order = "() => [...document.querySelectorAll('[data-block=spelregels] .note')].map(n => n.dataset.id)"
    projector.wait_for_function(f"() => ({order})().length === 3", timeout=WAIT_MS)
    assert projector.evaluate(order) == ["s-0", "s-1", "s-2"]

    projector.keyboard.press("v")
    projector.wait_for_function(f"() => ({order})().join() === 's-2,s-1,s-0'", timeout=WAIT_MS)
    assert projector.get_attribute("#sort-votes", "aria-pressed") == "true"
    assert projector.inner_text("[data-id='s-2'] .note__dots").strip().startswith("3")
    projector.keyboard.press("v")
    projector.wait_for_function(f"() => ({order})().join() === 's-0,s-1,s-2'", timeout=WAIT_MS)
    assert projector.errors == []


def test_silent_writing_shows_counts_not_text_and_reveal_shows_the_notes(
        open_page, live_server, workshop, sockets):
    code = workshop["code"]
    writer = sockets(code, name="Bram")
    call(writer, "note:add", {"id": "before", "block": "regie", "text": "Al voor de stilte"})
    facilitator = open_facilitator(open_page, live_server, workshop)
    projector = open_projector(open_page, live_server, code)
    phone = open_phone(open_page, live_server, code)
    projector.locator("#sheet .note").filter(has_text="Al voor de stilte").wait_for(
        timeout=WAIT_MS)

    facilitator.click("#ctl-silent")

    projector.wait_for_selector("#silent-banner:not([hidden])", timeout=WAIT_MS)
    assert projector.inner_text("#silent-banner") == \
        "Stil schrijven: notities worden later zichtbaar"
    phone.wait_for_selector("#silent-card:not([hidden])", timeout=WAIT_MS)
    # Notes everyone saw before the round stay in view; nothing is hidden yet.
    assert projector.locator("#sheet .note").filter(has_text="Al voor de stilte").is_visible()
    phone.locator(".note").filter(has_text="Al voor de stilte").wait_for(timeout=WAIT_MS)
    assert phone.locator(".lblock__hidden:visible").count() == 0

    call(writer, "note:add", {"id": "quiet-1", "block": "regie", "text": "Geheim idee een"})
    call(writer, "note:add", {"id": "quiet-2", "block": "identiteit", "text": "Geheim idee twee"})
    post_from_phone(phone, "Regie en leiderschap", "Mijn eigen stille notitie")

    projector.wait_for_selector("[data-block=regie] .block__hidden:text-is('2 notities (verborgen)')",
                                timeout=WAIT_MS)
    assert projector.inner_text("[data-block=identiteit] .block__hidden") == \
        "1 notitie (verborgen)"
    assert "Geheim" not in projector.inner_text("#sheet")
    assert "Mijn eigen" not in projector.inner_text("#sheet")
    # The phone lists its own note and counts the others'.
    phone.locator(".note.is-mine").filter(has_text="Mijn eigen stille notitie").wait_for(
        timeout=WAIT_MS)
    phone.wait_for_selector(
        "[data-block=regie] .lblock__hidden:text-is('1 notitie van een ander (nog verborgen)')",
        timeout=WAIT_MS)
    assert "Geheim" not in phone.inner_text("#list")
    # The facilitator sees everything (arrivals reach the overview together, within a second).
    facilitator.locator("#sheet .note").filter(has_text="Geheim idee een").wait_for(
        timeout=WAIT_MS)
    assert facilitator.locator("#sheet .note").filter(has_text="Geheim idee een").count() == 1

    facilitator.click("#ctl-silent")

    for text in ("Geheim idee een", "Geheim idee twee", "Mijn eigen stille notitie",
                 "Al voor de stilte"):
        projector.locator("#sheet .note").filter(has_text=text).wait_for(timeout=WAIT_MS)
    # They arrive as new notes do.
    assert projector.locator("#sheet .note.is-new").count() >= 2
    assert projector.is_hidden("#silent-banner")
    assert projector.locator(".block__hidden:visible").count() == 0
    phone.locator(".note").filter(has_text="Geheim idee een").wait_for(timeout=WAIT_MS)
    assert phone.is_hidden("#silent-card")
    assert projector.errors == [] and phone.errors == [] and facilitator.errors == []


def test_facilitator_hides_a_note_and_removes_a_participant(open_page, live_server, workshop,
                                                             sockets):
    code = workshop["code"]
    writer = sockets(code, name="Bram")
    call(writer, "note:add", {"id": "h-1", "block": "regie", "text": "Ongepaste notitie"})
    facilitator = open_facilitator(open_page, live_server, workshop)
    projector = open_projector(open_page, live_server, code)
    phone = open_phone(open_page, live_server, code, name="Wim")
    projector.locator("#sheet .note").filter(has_text="Ongepaste notitie").wait_for(
        timeout=WAIT_MS)

    note = facilitator.locator("#sheet .note").filter(has_text="Ongepaste notitie")
    note.hover()
    note.get_by_role("button", name="Verbergen").click()
    facilitator.wait_for_selector("#sheet .note.is-hidden-note:has-text('verborgen')",
                                  timeout=WAIT_MS)
    projector.wait_for_selector("#sheet .note:has-text('Ongepaste notitie')", state="detached",
                                timeout=WAIT_MS)
    phone.wait_for_selector(".note:has-text('Ongepaste notitie')", state="detached",
                            timeout=WAIT_MS)
    note.hover()
    note.get_by_role("button", name="Weer tonen").click()
    projector.locator("#sheet .note").filter(has_text="Ongepaste notitie").wait_for(
        timeout=WAIT_MS)
    facilitator.wait_for_selector("#sheet .note.is-hidden-note", state="detached",
                                  timeout=WAIT_MS)

    # Remove Wim (after a confirmation): his phone says so and stops reconnecting.
    person = facilitator.locator(".person").filter(has_text="Wim")
    person.wait_for(timeout=WAIT_MS)
    person.get_by_role("button", name="Wim verwijderen").click()
    # Two ways to remove: keeping his notes, or with his notes and votes (issue 12, point 5).
    assert facilitator.inner_text("dialog.confirm[open] [data-other]") == "Ja, verwijderen"
    assert facilitator.inner_text("dialog.confirm[open] [data-confirm]") == \
        "Verwijderen met notities en stemmen"
    facilitator.locator("dialog.confirm[open] [data-confirm]").click()
    phone.wait_for_selector(".fatal:has-text('Je bent uit de workshop gehaald')",
                            timeout=WAIT_MS)
    assert phone.is_hidden("#app")
    facilitator.wait_for_selector(".person:has-text('Wim')", state="detached", timeout=WAIT_MS)
    phone.wait_for_timeout(1500)
    # The top bar says so too, calmly and truthfully: not "no connection, trying again".
    assert_removed_badge(phone)
    # Reloading does not bring him back in.
    phone.reload()
    phone.wait_for_selector(".fatal:has-text('Je bent uit de workshop gehaald')",
                            timeout=WAIT_MS)
    phone.wait_for_selector(".conn[data-state=removed]", timeout=WAIT_MS)
    phone.wait_for_timeout(1000)
    assert_removed_badge(phone)
    assert facilitator.errors == [] and projector.errors == []


def assert_removed_badge(phone):
    badge = phone.locator(".conn")
    assert badge.get_attribute("data-state") == "removed"
    assert badge.inner_text() == "Verwijderd"
    assert phone.locator("#offline-bar").is_hidden()
    looks = phone.evaluate("""() => {
      const badge = document.querySelector('.conn');
      const title = document.querySelector('.topbar__title').getBoundingClientRect();
      const r = badge.getBoundingClientRect();
      const style = getComputedStyle(badge);
      return { right: r.right, left: r.left, titleRight: title.right, width: window.innerWidth,
               fits: badge.scrollWidth <= badge.clientWidth, color: style.color,
               pulsing: getComputedStyle(badge.querySelector('.conn__dot')).animationName };
    }""")
    assert looks["right"] <= looks["width"] and looks["left"] >= looks["titleRight"], looks
    assert looks["fits"], looks
    assert looks["pulsing"] == "none" and looks["color"] != "rgb(168, 35, 27)", looks


def test_without_authors_nothing_breaks(open_page, live_server, workshop, sockets):
    code = workshop["code"]
    facilitator = sockets(code, facilitator_key=workshop["facilitator_key"])
    writer = sockets(code, name="Bram")
    call(writer, "note:add", {"id": "a-1", "block": "regie", "text": "Zonder naam"})
    projector = open_projector(open_page, live_server, code)
    phone = open_phone(open_page, live_server, code, name="Anouk")
    post_from_phone(phone, "Spelregels", "Eigen spelregel")
    projector.locator("#sheet .note").filter(has_text="Bram").wait_for(timeout=WAIT_MS)

    call(facilitator, "workshop:update", {"show_authors": False})

    projector.wait_for_function("() => !document.querySelector('#sheet').innerText"
                                ".includes('Bram')", timeout=WAIT_MS)
    assert "Zonder naam" in projector.inner_text("#sheet")
    projector.wait_for_selector("#sheet .note:has-text('Eigen spelregel')", timeout=WAIT_MS)
    assert "Anouk" not in projector.inner_text("#sheet")
    assert projector.locator("#sheet .note__author").count() == 0
    phone.wait_for_function("() => !document.querySelector('#list').innerText.includes('Bram')",
                            timeout=WAIT_MS)
    # Her own note is still marked as hers.
    assert phone.locator(".note.is-mine").filter(has_text="Eigen spelregel").filter(
        has_text="Van jou").count() == 1
    call(facilitator, "workshop:update", {"show_authors": True})
    projector.locator("#sheet .note").filter(has_text="Bram").wait_for(timeout=WAIT_MS)
    assert projector.errors == [] and phone.errors == []


def test_deleting_says_deleted_once_and_the_author_hears_when_others_remove_a_note(
        open_page, live_server, workshop):
    code = workshop["code"]
    facilitator = open_facilitator(open_page, live_server, workshop)
    phone = open_phone(open_page, live_server, code, name="Wim")
    for text in ("Eerst zelf weg", "Straks verborgen", "Straks verwijderd", "Door Wim weg"):
        post_from_phone(phone, "Regie en leiderschap", text)
    phone.locator("#list .note").filter(has_text="Door Wim weg").wait_for(timeout=WAIT_MS)
    record_toasts(phone)
    record_toasts(facilitator)

    # Wim deletes his own note: "Verwijderd", and nothing about a note that no longer exists.
    dialog = open_editor_on_phone(phone, "Eerst zelf weg")
    dialog.get_by_role("button", name="Verwijderen").click()
    assert dialog.locator(".dialog__title").inner_text() == "Notitie verwijderen?"
    dialog.get_by_role("button", name="Ja, verwijderen").click()
    phone.locator(".toast").filter(has_text="Verwijderd").wait_for(timeout=WAIT_MS)
    phone.wait_for_timeout(800)
    assert toasts(phone) == ["Verwijderd"]

    # The facilitator hides one of his notes and deletes another: Wim is told, kindly.
    note = facilitator.locator("#sheet .note").filter(has_text="Straks verborgen")
    note.hover()
    note.get_by_role("button", name="Verbergen").click()
    # Hidden is not deleted: Wim hears so, and keeps his note, marked hidden.
    phone.locator(".toast").filter(
        has_text="De facilitator heeft je notitie “Straks verborgen” verborgen."
    ).wait_for(timeout=WAIT_MS)
    phone.locator("#list .is-hidden-note").filter(
        has_text="Straks verborgen").wait_for(timeout=WAIT_MS)
    note = facilitator.locator("#sheet .note").filter(has_text="Straks verwijderd")
    note.hover()
    note.get_by_role("button", name="Verwijderen").click()
    dialog = facilitator.locator("dialog.dialog[open]")
    # The trash icon's question says what it does.
    assert dialog.locator(".dialog__title").inner_text() == "Notitie verwijderen?"
    dialog.get_by_role("button", name="Ja, verwijderen").click()
    facilitator.locator(".toast").filter(has_text="Verwijderd").wait_for(timeout=WAIT_MS)
    phone.locator(".toast").filter(has_text="“Straks verwijderd”").wait_for(timeout=WAIT_MS)
    facilitator.wait_for_timeout(800)
    assert toasts(facilitator) == ["Verborgen voor deelnemers en projector", "Verwijderd"]
    assert "Straks verwijderd" not in phone.inner_text("#list").replace("\u00ad", "")

    # The facilitator is editing a note that Wim deletes meanwhile: that is worth a word.
    note = facilitator.locator("#sheet .note").filter(has_text="Door Wim weg")
    note.hover()
    note.get_by_role("button", name="Bewerken").click()
    assert facilitator.locator("dialog.dialog[open] .dialog__title").inner_text() == \
        "Notitie bewerken"
    dialog = open_editor_on_phone(phone, "Door Wim weg")
    dialog.get_by_role("button", name="Verwijderen").click()
    dialog.get_by_role("button", name="Ja, verwijderen").click()
    facilitator.locator(".toast").filter(has_text="Deze notitie bestaat niet meer.").wait_for(
        timeout=WAIT_MS)
    phone.wait_for_timeout(800)
    assert [t for t in toasts(phone) if "facilitator" in t or "bestaat" in t] == [
        "De facilitator heeft je notitie “Straks verborgen” verborgen. Alleen jij ziet hem nog.",
        "De facilitator heeft je notitie “Straks verwijderd” van het canvas gehaald."]
    assert phone.errors == [] and facilitator.errors == []


def test_reopening_voting_asks_whether_to_start_afresh(open_page, live_server, workshop,
                                                       sockets):
    code = workshop["code"]
    writer = sockets(code, name="Bram")
    call(writer, "note:add", {"id": "r-1", "block": "regie", "text": "Een vaste regisseur"})
    facilitator = open_facilitator(open_page, live_server, workshop)
    projector = open_projector(open_page, live_server, code)
    phone = open_phone(open_page, live_server, code)

    def open_voting():
        facilitator.fill("#ctl-votes", "1")
        facilitator.click("#ctl-voting-open")

    # No votes yet: the round simply opens.
    open_voting()
    phone.wait_for_selector("#votes-left:text-is('Nog 1 stem')", timeout=WAIT_MS)
    assert facilitator.locator("dialog.confirm[open]").count() == 0
    phone.locator(".note").filter(has_text="Een vaste regisseur").locator(
        ".votebar__button--plus").click()
    phone.wait_for_selector("#votes-left:text-is('Nog 0 stemmen')", timeout=WAIT_MS)
    facilitator.click("#ctl-voting-close")
    phone.wait_for_selector("#votes-left", state="hidden", timeout=WAIT_MS)

    # Votes of the last round are still there: asked first. Cancel leaves voting closed.
    open_voting()
    question = facilitator.locator("dialog.confirm[open]")
    question.wait_for(timeout=WAIT_MS)
    assert question.locator(".dialog__title").inner_text() == "Opnieuw beginnen met stemmen?"
    assert "Er staat nog 1 stem van een eerdere ronde" in question.inner_text()
    question.get_by_role("button", name="Annuleren").click()
    question.wait_for(state="detached", timeout=WAIT_MS)
    assert facilitator.inner_text("#ctl-voting-status") == "Gesloten"

    # Keep the votes: the round opens with them.
    open_voting()
    question.get_by_role("button", name="Stemmen houden").click()
    phone.wait_for_selector("#votes-left:text-is('Nog 0 stemmen')", timeout=WAIT_MS)
    assert [n["votes"] for n in server_notes(live_server, code)] == [1]
    facilitator.click("#ctl-voting-close")
    facilitator.wait_for_selector("#ctl-voting-status:text-is('Gesloten')", timeout=WAIT_MS)

    # Start afresh: every vote is back, the round opens.
    open_voting()
    question.get_by_role("button", name="Opnieuw beginnen").click()
    phone.wait_for_selector("#votes-left:text-is('Nog 1 stem')", timeout=WAIT_MS)
    facilitator.wait_for_selector("#ctl-voting-status:text-is('Open: 1 stem per deelnemer')",
                                  timeout=WAIT_MS)
    assert [n["votes"] for n in server_notes(live_server, code)] == [0]
    projector.wait_for_selector("#sheet .note__dots", state="detached", timeout=WAIT_MS)
    assert phone.locator(".votebar__button--plus").is_enabled()
    assert phone.errors == [] and facilitator.errors == [] and projector.errors == []


PILLS = """() => {
  const bar = document.querySelector('#pstatus');
  const pills = [...bar.querySelectorAll('.pstatus__item')].filter(el => !el.hidden);
  return { height: bar.getBoundingClientRect().height, width: window.innerWidth,
           tops: pills.map(el => el.getBoundingClientRect().top),
           rights: pills.map(el => el.getBoundingClientRect().right),
           lefts: pills.map(el => el.getBoundingClientRect().left),
           cut: pills.filter(el => el.scrollWidth > el.clientWidth).map(el => el.id),
           texts: pills.map(el => el.innerText.trim()) };
}"""


@pytest.mark.parametrize("lang, seconds, votes, texts", [
    ("nl", 300, 3, ["Nog 3 stemmen", "Op slot"]),
    ("en", 300, 3, ["3 votes left", "Locked"]),
    # The longest: a two-hour timer and 50 votes (on a phone this narrow the lock shows its
    # icon; its name stays for screen readers).
    ("nl", 7200, 50, ["Nog 50 stemmen", "Op slot"]),
])
def test_the_phone_status_bar_is_one_compact_row(open_page, live_server, workshop, sockets,
                                                 lang, seconds, votes, texts):
    code = workshop["code"]
    facilitator = sockets(code, facilitator_key=workshop["facilitator_key"])
    page = open_page(f"{live_server.url}/j/{code}?lang={lang}", **PHONE)
    page.fill("#name-input", "Fatima")
    page.click("#name-form button[type=submit]")
    page.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    call(facilitator, "workshop:update", {"timer_seconds": seconds,
                                          "votes_per_participant": votes, "locked": True})
    page.wait_for_selector("#phone-lock:not([hidden])", timeout=WAIT_MS)
    page.wait_for_selector("#phone-timer:not([hidden])", timeout=WAIT_MS)
    page.evaluate("() => window.scrollTo(0, 600)")
    bar = page.evaluate(PILLS)
    assert len(bar["tops"]) == 3 and len(set(bar["tops"])) == 1, bar
    assert bar["height"] <= 52, bar                      # about 6% of the screen, not 20%
    assert min(bar["lefts"]) >= 0 and max(bar["rights"]) <= bar["width"], bar
    assert bar["cut"] == [], bar
    assert re.fullmatch(r"\d+(:\d\d){1,2}", bar["texts"][0]) and bar["texts"][1:] == texts, bar
    # Under the top bar, not behind it.
    top = page.evaluate("() => document.querySelector('.topbar').getBoundingClientRect().bottom")
    assert page.locator("#pstatus").bounding_box()["y"] >= top - 1
    assert page.errors == []


CHIPS_AND_TITLE = """() => {
  const broken = [];
  for (const chip of document.querySelectorAll('.block__hidden:not([hidden])')) {
    const text = chip.firstChild;
    let at = 0;
    for (const word of text.textContent.split(' ')) {
      const range = document.createRange();
      range.setStart(text, at);
      range.setEnd(text, at + word.length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (lines.size > 1 || chip.scrollWidth > chip.clientWidth + 1) {
        broken.push(chip.closest('[data-block]').dataset.block + ': ' + word);
      }
      at += word.length + 1;
    }
  }
  const title = document.querySelector('.proj__title');
  return { broken, titleCut: title.scrollWidth > title.clientWidth };
}"""


def test_the_projector_keeps_its_title_and_never_breaks_a_word_in_a_chip(
        open_page, live_server, sockets):
    workshop = live_server.create_workshop(title="Zorgnetwerk West, sessie 2 met partners")
    code = workshop["code"]
    facilitator = sockets(code, facilitator_key=workshop["facilitator_key"])
    writer = sockets(code, name="Bram")
    projector = open_projector(open_page, live_server, code)
    call(facilitator, "workshop:update", {"silent": True})
    for i, block in enumerate(["identiteit", "spelregels", "regie", "organisatie", "coalities"]):
        call(writer, "note:add", {"id": f"c-{i}", "block": block, "text": "Stil"})
    call(facilitator, "workshop:update", {"votes_per_participant": 3, "locked": True,
                                          "timer_seconds": 600})
    projector.wait_for_selector("[data-block=regie] .block__hidden:text-is('1 notitie (verborgen)')",
                                timeout=WAIT_MS)
    projector.wait_for_selector("#lock-badge:not([hidden])", timeout=WAIT_MS)
    projector.wait_for_selector("#timer:not([hidden])", timeout=WAIT_MS)
    # Three banners and the focus on a side block: the other side block is at its narrowest.
    for block in ("spelregels", "regie"):
        call(facilitator, "workshop:update", {"focus": block, "question": 0})
        projector.wait_for_selector(f"#sheet [data-block={block}].is-focus", timeout=WAIT_MS)
        projector.wait_for_timeout(600)  # the arrangement settles
        seen = projector.evaluate(CHIPS_AND_TITLE)
        assert seen == {"broken": [], "titleCut": False}, (block, seen)
    assert projector.errors == []


def test_with_authors_hidden_the_phone_still_knows_its_own_notes(open_page, live_server,
                                                                   workshop, sockets):
    """The room's copy of a note carries no owner then: the author's phone keeps it as its own
    (editable, marked mine) when authors are hidden, after someone else changed it and after
    a reload."""
    code = workshop["code"]
    facilitator = sockets(code, facilitator_key=workshop["facilitator_key"])
    phone = open_phone(open_page, live_server, code)
    post_from_phone(phone, "Spelregels", "Anoniem maar van mij")
    mine = phone.locator(".note.is-mine").filter(has_text="Anoniem maar van mij")
    mine.wait_for(timeout=WAIT_MS)
    # The room then receives every note again, without owners (notes:revealed).
    call(facilitator, "workshop:update", {"show_authors": False})
    phone.wait_for_timeout(1000)  # the reveal arrives within milliseconds; nothing to wait on
    assert mine.count() == 1 and mine.locator(".note__action").count() >= 1
    note_id = server_notes(live_server, code)[0]["id"]
    assert server_notes(live_server, code)[0]["participant_id"] is None
    call(facilitator, "note:update", {"id": note_id, "text": "Anoniem, en bijgewerkt"})
    phone.locator(".note.is-mine .note__action").first.wait_for(timeout=WAIT_MS)
    phone.locator(".note.is-mine").filter(has_text="Anoniem, en bijgewerkt").wait_for(
        timeout=WAIT_MS)
    phone.reload()
    phone.locator(".note.is-mine").filter(has_text="Anoniem, en bijgewerkt").wait_for(
        timeout=WAIT_MS)
    assert phone.errors == []
