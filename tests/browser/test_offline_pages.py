"""Never lose a note, in real Chromium against a real server: the phone's outbox (notes written
offline survive a reload and arrive exactly once), catching up after a gap without a reload
(deleted notes stay deleted), and edit conflicts between the facilitator and a participant."""
import json
import re
from collections import Counter

import pytest
from conftest import (
    PHONE,
    WAIT_MS,
    call,
    open_editor_on_phone,
    open_facilitator,
    open_projector,
    post_from_phone,
    server_notes,
)
from test_offline_reload import wait_for_shell

OFFLINE_TEXT = "Offline — je notities worden bewaard en verstuurd zodra er weer verbinding is."


@pytest.fixture
def phone_context(chromium_browser):
    """new() → a phone-sized browser context of its own (to take its network away)."""
    contexts = []

    def new():
        context = chromium_browser.new_context(**PHONE)
        contexts.append(context)
        return context

    yield new
    for context in contexts:
        context.close()


def open_phone(context, server, code, name="Fatima"):
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(f"{server.url}/j/{code}")
    page.fill("#name-input", name)
    page.click("#name-form button[type=submit]")
    page.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    return page


def outbox(page, code):
    return page.evaluate("code => JSON.parse(localStorage.getItem('nc:outbox:' + code) || '[]')",
                         code)


def count_note_adds(context):
    """Relay the context's Socket.IO WebSockets and count the ids of the note:add events sent
    (over long-polling too).

    (A relay sees every message in order; the page's "framesent" events can miss the first
    ones of a new connection.)"""
    sent = Counter()

    def relay(ws):
        server = ws.connect_to_server()

        def from_page(message):
            count(message)
            server.send(message)

        ws.on_message(from_page)
        server.on_message(lambda message: ws.send(message))

    def count(message):
        if isinstance(message, str) and '"note:add"' in message:
            sent[json.loads(message[message.index("["):])[1]["id"]] += 1

    def polled(request):
        # A page whose WebSocket failed once (offline) falls back to long-polling, where its
        # messages go out as POST bodies, packets separated by the record separator.
        if "/socket.io/" in request.url and request.method == "POST":
            for message in (request.post_data or "").split("\x1e"):
                count(message)

    context.route_web_socket(re.compile(r"/socket\.io/"), relay)
    context.on("request", polled)
    return sent


def texts_on(page, selector):
    """The texts as written (without the soft hyphens the page adds for wrapping)."""
    return [text.replace("\u00ad", "").strip()
            for text in page.locator(selector).all_text_contents()]


def test_notes_written_offline_survive_a_reload_and_arrive_exactly_once(
        open_page, phone_context, live_server, workshop):
    code = workshop["code"]
    projector = open_projector(open_page, live_server, code)
    context = phone_context()
    sent = count_note_adds(context)
    phone = open_phone(context, live_server, code)
    post_from_phone(phone, "Identiteit", "Geplakt voor de storing")
    wait_for_shell(phone)

    context.set_offline(True)
    phone.wait_for_selector(".conn[data-state=offline]", timeout=WAIT_MS)
    bar = phone.locator("#offline-bar")
    bar.wait_for(timeout=WAIT_MS)
    assert OFFLINE_TEXT in " ".join(bar.text_content().split())

    texts = ["Offline geschreven 1", "Offline geschreven 2", "Offline geschreven 3"]
    for text in texts:
        post_from_phone(phone, "Spelregels", text)
    waiting = phone.locator("#list .note.is-pending")
    # The list is drawn a moment after a change (bursts are drawn once).
    phone.wait_for_function("() => document.querySelectorAll('#list .note.is-pending').length"
                            " === 3", timeout=WAIT_MS)
    assert sorted(texts_on(phone, "#list .note.is-pending .note__text")) == texts
    assert set(texts_on(phone, "#list .note.is-pending .note__label")) == {"Wacht op verzending"}
    assert "3 notities wachten op verzending" in bar.text_content()
    kept = outbox(phone, code)
    assert [entry["payload"]["text"] for entry in kept] == texts
    assert [n["text"] for n in server_notes(live_server, code)] == ["Geplakt voor de storing"]

    # Without a network the service worker serves the page (tests/browser/test_offline_reload.py):
    # the reload shows the waiting notes beside the ones the phone knew.
    phone.reload(timeout=WAIT_MS)
    phone.wait_for_function("() => document.querySelectorAll('#list .note.is-pending').length"
                            " === 3", timeout=WAIT_MS)
    assert "Geplakt voor de storing" in texts_on(phone, "#list .note:not(.is-pending) .note__text")

    # The network is back and the participant opens the page again: the outbox goes out once.
    assert sent == Counter({server_notes(live_server, code)[0]["id"]: 1})  # none went out
    sent.clear()
    context.set_offline(False)
    phone.goto(f"{live_server.url}/j/{code}")
    phone.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    waiting.first.wait_for(state="detached", timeout=WAIT_MS)
    phone.wait_for_function(f"() => localStorage.getItem('nc:outbox:{code}') === null",
                            timeout=WAIT_MS)
    assert phone.is_hidden("#offline-bar")

    for text in texts:
        projector.locator("#sheet .note").filter(has_text=text).wait_for(timeout=WAIT_MS)
    stored = server_notes(live_server, code)
    assert Counter(n["text"] for n in stored) == Counter(["Geplakt voor de storing", *texts])
    assert {n["id"] for n in stored if n["text"] in texts} == {entry["id"] for entry in kept}
    assert sent == Counter({entry["id"]: 1 for entry in kept})
    projector.wait_for_timeout(500)  # a duplicate broadcast would have arrived by now
    assert sorted(texts_on(projector, "#sheet [data-block=spelregels] .note .note__text")) == texts
    assert texts_on(phone, "#list .note .note__text").count("Offline geschreven 2") == 1
    assert projector.errors == [] and phone.errors == []


def test_network_back_while_reloading_still_stores_each_note_once(
        open_page, phone_context, live_server, workshop):
    code = workshop["code"]
    projector = open_projector(open_page, live_server, code)
    context = phone_context()
    phone = open_phone(context, live_server, code)
    context.set_offline(True)
    phone.wait_for_selector(".conn[data-state=offline]", timeout=WAIT_MS)
    texts = ["Bewaard in de trein", "Nog een uit de tunnel"]
    for text in texts:
        post_from_phone(phone, "Regie", text)

    # The old page may start sending as the network returns while the new one loads and sends
    # the same outbox again: the note ids make the second attempt a harmless retry.
    context.set_offline(False)
    phone.reload()
    phone.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    phone.wait_for_function(f"() => localStorage.getItem('nc:outbox:{code}') === null",
                            timeout=WAIT_MS)
    for text in texts:
        projector.locator("#sheet .note").filter(has_text=text).wait_for(timeout=WAIT_MS)
    projector.wait_for_timeout(500)
    assert Counter(n["text"] for n in server_notes(live_server, code)) == Counter(texts)
    assert sorted(texts_on(projector, "#sheet .note .note__text")) == sorted(texts)
    assert sorted(texts_on(phone, "#list .note .note__text")) == sorted(texts)
    assert phone.locator("#list .note.is-pending").count() == 0


def test_a_note_without_an_answer_is_kept_and_never_stored_twice(
        open_page, phone_context, live_server, workshop):
    code = workshop["code"]
    projector = open_projector(open_page, live_server, code)
    context = phone_context()
    cut = {"next": None}  # "after": the note:add reaches the server; "before": it does not
    sent = Counter()      # note:add ids, as they leave the page

    def relay(ws):
        # Pass everything through, except that the line can be cut at the next note:add: just
        # after it reached the server (stored, but the answer is lost) or just before.
        server = ws.connect_to_server()

        def from_page(message):
            is_add = isinstance(message, str) and '"note:add"' in message
            if is_add:
                sent[json.loads(message[message.index("["):])[1]["id"]] += 1
            if is_add and cut["next"] == "before":
                cut["next"] = None
                ws.close()
                server.close()
                return
            server.send(message)
            if is_add and cut["next"] == "after":
                cut["next"] = None
                ws.close()
                server.close()

        ws.on_message(from_page)
        server.on_message(lambda message: ws.send(message))

    context.route_web_socket(re.compile(r"/socket\.io/"), relay)
    phone = open_phone(context, live_server, code)
    done = f"() => localStorage.getItem('nc:outbox:{code}') === null"

    # Stored, answer lost: after the reconnect the join state shows it arrived; not sent again
    # as a new note (if it is retried at all, then under the same id).
    cut["next"] = "after"
    post_from_phone(phone, "Organisatie", "Het antwoord raakte zoek")
    phone.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    phone.wait_for_function(done, timeout=WAIT_MS)

    # Never arrived: kept, and sent again after the reconnect under the same id.
    cut["next"] = "before"
    post_from_phone(phone, "Organisatie", "Het verzoek raakte zoek")
    phone.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    phone.wait_for_function(done, timeout=WAIT_MS)
    phone.locator("#list .note.is-pending").first.wait_for(state="detached", timeout=WAIT_MS)

    for text in ("Het antwoord raakte zoek", "Het verzoek raakte zoek"):
        projector.locator("#sheet .note").filter(has_text=text).wait_for(timeout=WAIT_MS)
    projector.wait_for_timeout(500)
    notes = {n["text"]: n["id"] for n in server_notes(live_server, code)}
    assert sorted(notes) == ["Het antwoord raakte zoek", "Het verzoek raakte zoek"]
    assert set(sent) == set(notes.values())
    assert sent[notes["Het verzoek raakte zoek"]] == 2
    assert sorted(texts_on(phone, "#list .note .note__text")) == sorted(notes)
    assert sorted(texts_on(projector, "#sheet .note .note__text")) == sorted(notes)
    assert phone.errors == []


def test_a_phone_that_was_offline_catches_up_without_a_reload(
        open_page, phone_context, live_server, workshop, sockets):
    code = workshop["code"]
    bram = sockets(code, name="Bram")
    facilitator = sockets(code, facilitator_key=workshop["facilitator_key"])
    for key, text in [("k1", "Wordt verwijderd"), ("k2", "Wordt bewerkt"),
                      ("k3", "Verwijderd door de facilitator"), ("k4", "Wordt verborgen"),
                      ("k5", "Blijft staan")]:
        call(bram, "note:add", {"id": key, "block": "regie", "text": text})
    context = phone_context()
    phone = open_phone(context, live_server, code)
    phone.locator("#list .note").filter(has_text="Blijft staan").wait_for(timeout=WAIT_MS)
    assert phone.locator("#list .note").count() == 5
    phone.evaluate("() => { window.sameDocument = true; }")

    context.set_offline(True)
    phone.wait_for_selector(".conn[data-state=offline]", timeout=WAIT_MS)
    call(bram, "note:delete", {"id": "k1"})
    call(bram, "note:update", {"id": "k2", "text": "Bewerkt terwijl je weg was"})
    call(facilitator, "note:delete", {"id": "k3"})
    call(facilitator, "note:hide", {"id": "k4", "hidden": True})
    call(bram, "note:add", {"id": "k6", "block": "spelregels", "text": "Nieuw terwijl je weg was"})
    phone.wait_for_timeout(300)
    assert phone.locator("#list .note").filter(has_text="Wordt verwijderd").count() == 1

    context.set_offline(False)
    phone.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    phone.locator("#list .note").filter(has_text="Nieuw terwijl je weg was").wait_for(
        timeout=WAIT_MS)
    phone.locator("#list .note").filter(has_text="Bewerkt terwijl je weg was").wait_for(
        timeout=WAIT_MS)
    phone.wait_for_timeout(500)
    assert sorted(texts_on(phone, "#list .note .note__text")) == \
        ["Bewerkt terwijl je weg was", "Blijft staan", "Nieuw terwijl je weg was"]
    assert phone.evaluate("() => window.sameDocument") is True  # caught up, not reloaded
    assert phone.errors == []


def test_a_tab_that_slept_catches_up_when_it_is_shown_again(
        open_page, phone_context, live_server, workshop, sockets):
    code = workshop["code"]
    bram = sockets(code, name="Bram")
    call(bram, "note:add", {"id": "s1", "block": "regie", "text": "Van voor de slaap"})
    call(bram, "note:add", {"id": "s2", "block": "regie", "text": "Verdwijnt in de slaap"})
    context = phone_context()
    asleep = {"on": False}

    def relay(ws):
        # While "asleep" nothing the server sends reaches the page, as with a phone whose tab
        # was frozen in the background; the connection itself stays open.
        server = ws.connect_to_server()
        ws.on_message(lambda message: server.send(message))
        server.on_message(lambda message: None if asleep["on"] else ws.send(message))

    context.route_web_socket(re.compile(r"/socket\.io/"), relay)
    phone = open_phone(context, live_server, code)
    phone.locator("#list .note").filter(has_text="Verdwijnt in de slaap").wait_for(
        timeout=WAIT_MS)
    asleep["on"] = True
    call(bram, "note:delete", {"id": "s2"})
    call(bram, "note:update", {"id": "s1", "text": "Bijgewerkt in de slaap"})
    phone.wait_for_timeout(3200)  # the page rejoins on waking, at most every 3 seconds
    asleep["on"] = False
    assert phone.locator("#list .note").filter(has_text="Verdwijnt in de slaap").count() == 1

    phone.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")
    phone.locator("#list .note").filter(has_text="Bijgewerkt in de slaap").wait_for(
        timeout=WAIT_MS)
    phone.locator("#list .note").filter(has_text="Verdwijnt in de slaap").wait_for(
        state="detached", timeout=WAIT_MS)
    assert phone.errors == []


def test_the_join_state_is_authoritative_and_late_events_do_not_resurrect(open_page,
                                                                         live_server):
    """NoteStore on its own (the module the pages use), in the browser."""
    page = open_page(live_server.url + "/")
    result = page.evaluate("""async () => {
      const { NoteStore } = await import('/static/js/store.js');
      const store = new NoteStore();
      const note = (id, version, text) => ({ id, version, text, block: 'regie' });
      store.applyState({ rev: 3, notes: [note('a', 1, 'A'), note('b', 1, 'B'), note('c', 1, 'C')] });
      store.addPending({ id: 'p', text: 'P', block: 'regie' });
      // Away: b deleted (rev 4), c edited (rev 5), d added (rev 6). The join state says so.
      store.applyState({ rev: 6, notes: [note('a', 1, 'A'), note('c', 2, 'C2'), note('d', 1, 'D')] });
      const caughtUp = [...store.notes.keys()];
      // Broadcasts from before that state, arriving late, change nothing...
      store.upsert(note('b', 1, 'B'), 1);
      store.upsert(note('b', 2, 'B2'), 4);
      store.upsert(note('c', 1, 'C'), 2);
      const afterLate = [...store.notes.values()].map((n) => `${n.id}:${n.text}`);
      // ...newer ones apply, and the server's copy of a pending note replaces it.
      store.upsert(note('e', 1, 'E'), 7);
      store.upsert(note('p', 1, 'P'), 8);
      const final = [...store.notes.values()].map((n) => `${n.id}:${n.text}${n.pending ? '*' : ''}`);
      return { caughtUp, afterLate, final };
    }""")
    assert result["caughtUp"] == ["a", "c", "d", "p"]
    assert result["afterLate"] == ["a:A", "c:C2", "d:D", "p:P"]
    assert result["final"] == ["a:A", "c:C2", "d:D", "p:P", "e:E"]


def open_editor_on_facilitator(page, text):
    note = page.locator("#sheet .note").filter(has_text=text)
    note.wait_for(timeout=WAIT_MS)
    note.hover()
    note.get_by_role("button", name="Bewerken").click()
    return page.locator("dialog.dialog[open]")


def test_an_edit_conflict_shows_both_texts_and_keeping_mine_works(
        open_page, phone_context, live_server, workshop):
    code = workshop["code"]
    facilitator = open_facilitator(open_page, live_server, workshop)
    phone = open_phone(phone_context(), live_server, code)
    post_from_phone(phone, "Regie", "Eerste tekst")

    # Both start editing the same version.
    on_facilitator = open_editor_on_facilitator(facilitator, "Eerste tekst")
    on_facilitator.locator("textarea.input--text").fill("Tekst van de facilitator")
    on_phone = open_editor_on_phone(phone, "Eerste tekst")
    on_phone.locator("textarea.input--text").fill("Tekst van Fatima")

    on_facilitator.locator("button[type=submit]").click()
    on_facilitator.wait_for(state="hidden", timeout=WAIT_MS)
    phone.locator("#list .note").filter(has_text="Tekst van de facilitator").wait_for(
        timeout=WAIT_MS)

    # The phone saves from the old version: nothing is overwritten, both versions are shown.
    on_phone.locator("button[type=submit]").click()
    conflict = on_phone.locator(".dialog__conflict")
    conflict.wait_for(timeout=WAIT_MS)
    assert "Iemand anders heeft deze notitie intussen gewijzigd" in conflict.text_content()
    assert conflict.locator(".conflict__side--mine .conflict__text").text_content() == \
        "Tekst van Fatima"
    assert conflict.locator(".conflict__side--theirs .conflict__text").text_content() == \
        "Tekst van de facilitator"
    assert [n["text"] for n in server_notes(live_server, code)] == ["Tekst van de facilitator"]

    conflict.get_by_role("button", name="Mijn versie bewaren").click()
    on_phone.wait_for(state="hidden", timeout=WAIT_MS)
    facilitator.locator("#sheet .note").filter(has_text="Tekst van Fatima").wait_for(
        timeout=WAIT_MS)
    [stored] = server_notes(live_server, code)
    assert (stored["text"], stored["version"]) == ("Tekst van Fatima", 3)
    assert texts_on(phone, "#list .note .note__text") == ["Tekst van Fatima"]

    # The other way round: the facilitator was editing when Fatima saved, and takes hers.
    on_facilitator = open_editor_on_facilitator(facilitator, "Tekst van Fatima")
    on_facilitator.locator("textarea.input--text").fill("Facilitator, tweede poging")
    on_phone = open_editor_on_phone(phone, "Tekst van Fatima")
    on_phone.locator("textarea.input--text").fill("Fatima, definitief")
    on_phone.locator("button[type=submit]").click()
    on_phone.wait_for(state="hidden", timeout=WAIT_MS)
    on_facilitator.locator("button[type=submit]").click()
    conflict = on_facilitator.locator(".dialog__conflict")
    conflict.wait_for(timeout=WAIT_MS)
    assert conflict.locator(".conflict__side--mine .conflict__text").text_content() == \
        "Facilitator, tweede poging"
    assert conflict.locator(".conflict__side--theirs .conflict__text").text_content() == \
        "Fatima, definitief"
    conflict.get_by_role("button", name="Hun versie houden").click()
    on_facilitator.wait_for(state="hidden", timeout=WAIT_MS)
    assert [n["text"] for n in server_notes(live_server, code)] == ["Fatima, definitief"]
    facilitator.locator("#sheet .note").filter(has_text="Fatima, definitief").wait_for(
        timeout=WAIT_MS)
    assert facilitator.errors == [] and phone.errors == []


def test_editing_offline_keeps_the_text_and_says_why(open_page, phone_context, live_server,
                                                     workshop):
    code = workshop["code"]
    context = phone_context()
    phone = open_phone(context, live_server, code)
    post_from_phone(phone, "Regie", "Voor de storing")
    on_phone = open_editor_on_phone(phone, "Voor de storing")
    on_phone.locator("textarea.input--text").fill("Bewerkt zonder netwerk")
    context.set_offline(True)
    phone.wait_for_selector(".conn[data-state=offline]", timeout=WAIT_MS)
    on_phone.locator("button[type=submit]").click()
    phone.locator(".toast").filter(has_text="Je bent offline").wait_for(timeout=WAIT_MS)
    assert on_phone.locator("textarea.input--text").input_value() == "Bewerkt zonder netwerk"

    context.set_offline(False)
    phone.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    on_phone.locator("button[type=submit]").click()
    on_phone.wait_for(state="hidden", timeout=WAIT_MS)
    assert [n["text"] for n in server_notes(live_server, code)] == ["Bewerkt zonder netwerk"]
