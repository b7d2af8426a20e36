"""Grouping on the facilitator page, in real Chromium against a live server: drag a note onto a
note or a cluster with the mouse, the keyboard's "Groeperen met…", rename, ungroup, undo, the
participants' grouping switch, the suggestions panel and the voting round's progress. What the
page did is checked on the server (GET state), not in the page."""
import requests
from conftest import WAIT_MS, call, open_facilitator


def state(server, code, key):
    return requests.get(f"{server.url}/api/workshops/{code}", headers={"X-Facilitator-Key": key},
                        timeout=5).json()


def clusters(server, workshop):
    return state(server, workshop["code"], workshop["facilitator_key"])["clusters"]


def wait_server(page, predicate, server, workshop):
    """Wait (polling the server) until predicate(clusters) holds; returns the clusters."""
    found = []

    def check():
        found[:] = [clusters(server, workshop)]
        return predicate(found[0])
    deadline = WAIT_MS
    while deadline > 0:
        if check():
            return found[0]
        page.wait_for_timeout(100)
        deadline -= 100
    raise AssertionError(f"the server never got there: {found[0]}")


def seed(sockets, workshop, texts, block="regie"):
    writer = sockets(workshop["code"], name="Anne")
    for note_id, text in texts.items():
        call(writer, "note:add", {"id": note_id, "block": block, "text": text})
    return writer


def note(page, note_id):
    return page.locator(f"#sheet .note[data-id={note_id}]")


def drag(page, source, target):
    """Press on source, move in steps (past the threshold) and release on target's middle."""
    a = source.bounding_box()
    b = target.bounding_box()
    page.mouse.move(a["x"] + 12, a["y"] + 12)
    page.mouse.down()
    page.mouse.move(a["x"] + 30, a["y"] + 30, steps=3)
    page.mouse.move(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2, steps=8)
    # While dragging: a ghost follows the pointer and the target is marked.
    page.wait_for_selector(".drag-ghost", timeout=WAIT_MS)
    assert target.evaluate("(el) => el.classList.contains('is-drop-target')")
    page.mouse.up()
    page.wait_for_function("() => !document.querySelector('.drag-ghost')", timeout=WAIT_MS)


TEXTS = {"n1": "Samen verantwoordelijk voor de wijk",
         "n2": "Korte lijnen met de wijkagent",
         "n3": "Gedeelde agenda en dossier",
         "n4": "Eén aanspreekpunt per gezin"}


def test_drag_a_note_onto_a_note_then_onto_the_cluster_and_undo(
        open_page, live_server, workshop, sockets):
    seed(sockets, workshop, TEXTS)
    page = open_facilitator(open_page, live_server, workshop)
    note(page, "n4").wait_for(timeout=WAIT_MS)
    page.wait_for_selector("#sheet:not(.is-arranging)", timeout=WAIT_MS)

    drag(page, note(page, "n2"), note(page, "n1"))
    made = wait_server(page, lambda cs: len(cs) == 1, live_server, workshop)
    assert made[0]["note_ids"] == ["n1", "n2"]
    cluster_id = made[0]["id"]
    stack = page.locator(f"#sheet .cluster[data-cluster='{cluster_id}']")
    stack.wait_for(timeout=WAIT_MS)

    drag(page, note(page, "n3"), stack)
    wait_server(page, lambda cs: len(cs) == 1 and cs[0]["note_ids"] == ["n1", "n2", "n3"],
                live_server, workshop)

    # Ctrl+Z undoes the last grouping action only: n3 leaves, the cluster of two stays.
    page.locator("#group-undo:not([disabled])").wait_for(timeout=WAIT_MS)
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("Control+z")
    wait_server(page, lambda cs: len(cs) == 1 and cs[0]["note_ids"] == ["n1", "n2"],
                live_server, workshop)
    assert page.errors == []


def test_keyboard_group_with_rename_ungroup_and_undo(open_page, live_server, workshop, sockets):
    seed(sockets, workshop, TEXTS)
    page = open_facilitator(open_page, live_server, workshop)
    note(page, "n4").wait_for(timeout=WAIT_MS)
    # In the block's detail, every note has its actions as buttons: Tab reaches them.
    page.click(".block--regie .block__open")
    detail_note = page.locator("#detail-list .note[data-id=n3]")
    detail_note.wait_for(timeout=WAIT_MS)
    button = detail_note.get_by_role("button", name="Groeperen met…")
    button.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.pick[open]")
    dialog.wait_for(timeout=WAIT_MS)
    # The search field has the focus: type to narrow, arrows to choose, Enter to group.
    page.keyboard.type("agent")
    assert dialog.locator("[role=option]").count() == 1
    page.keyboard.press("Backspace")
    page.keyboard.press("Control+a")
    page.keyboard.press("Backspace")
    options = dialog.locator("[role=option]")
    assert options.count() == 3  # the other notes of the block
    target = options.nth(1).get_attribute("data-value")[2:]
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    made = wait_server(page, lambda cs: len(cs) == 1, live_server, workshop)
    assert made[0]["note_ids"] == [target, "n3"]
    cluster_id = made[0]["id"]

    # Escape closes the dialog without grouping.
    detail_note = page.locator("#detail-list .note[data-id=n4]")
    detail_note.get_by_role("button", name="Groeperen met…").click()
    page.locator("dialog.pick[open]").wait_for(timeout=WAIT_MS)
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('dialog[open]')", timeout=WAIT_MS)

    # Rename (a dialog with the title field, maxlength from the rules).
    stack = page.locator(f"#detail-list .cluster[data-cluster='{cluster_id}']")
    stack.locator(".cluster__head").get_by_role("button", name="Naam geven").click()
    field = page.locator("dialog.pick[open] input[type=text]")
    assert field.get_attribute("maxlength") == "120" or int(field.get_attribute("maxlength")) > 0
    field.fill("Korte lijnen")
    page.keyboard.press("Enter")
    wait_server(page, lambda cs: cs and cs[0]["title"] == "Korte lijnen", live_server, workshop)
    # Undo the rename: the old (empty) title.
    page.click("#group-undo")
    wait_server(page, lambda cs: cs and cs[0]["title"] == "", live_server, workshop)

    # Ungroup, then undo: the same cluster (id, notes) again.
    stack.locator(".cluster__head").get_by_role("button", name="Groep opheffen").click()
    wait_server(page, lambda cs: cs == [], live_server, workshop)
    page.click("#group-undo")
    back = wait_server(page, lambda cs: len(cs) == 1, live_server, workshop)
    assert back[0]["id"] == cluster_id and back[0]["note_ids"] == [target, "n3"]
    assert page.errors == []


def test_participants_may_group_switch_reaches_the_server(open_page, live_server, workshop):
    page = open_facilitator(open_page, live_server, workshop)
    page.get_by_text("Deelnemers mogen groeperen").click()
    code, key = workshop["code"], workshop["facilitator_key"]
    page.wait_for_function("() => document.querySelector('#ctl-participants-cluster').checked",
                           timeout=WAIT_MS)
    deadline = WAIT_MS
    while not state(live_server, code, key)["settings"].get("participants_cluster") and deadline:
        page.wait_for_timeout(100)
        deadline -= 100
    assert state(live_server, code, key)["settings"]["participants_cluster"] is True


def test_suggestions_merge_one_duplicate_and_dismiss_another(
        open_page, live_server, workshop, sockets):
    """Needs the suggestion engine: two near-identical notes are one duplicate suggestion."""
    seed(sockets, workshop, {"d1": "Samen verantwoordelijk voor de wijk",
                             "d2": "Samen verantwoordelijk voor onze wijk",
                             "e1": "Gedeelde agenda en dossier",
                             "e2": "Een gedeelde agenda en een gedeeld dossier"})
    page = open_facilitator(open_page, live_server, workshop)
    page.click("#suggest-load")
    dup = page.locator(".suggest--duplicate").filter(has_text="voor onze wijk")
    dup.wait_for(timeout=WAIT_MS)
    dup.get_by_role("button", name="Samenvoegen").click()
    made = wait_server(page, lambda cs: any({"d1", "d2"} <= set(c["note_ids"]) for c in cs),
                       live_server, workshop)
    dup.wait_for(state="detached", timeout=WAIT_MS)
    other = page.locator(".suggest--duplicate").filter(has_text="agenda")
    other.wait_for(timeout=WAIT_MS)
    other.get_by_role("button", name="Negeren").click()
    other.wait_for(state="detached", timeout=WAIT_MS)
    # Dismissed stays dismissed after a reload (per workshop, on this device).
    page.reload()
    page.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    page.click("#suggest-load")
    page.wait_for_function("() => !document.querySelector('#suggest-status').textContent"
                           ".startsWith('Voorstellen ophalen')", timeout=WAIT_MS)
    assert page.locator(".suggest--duplicate").filter(has_text="agenda").count() == 0
    assert len(made) == 1


def test_suggestions_empty_state(open_page, live_server, workshop, sockets):
    seed(sockets, workshop, {"x1": "Korte lijnen met de wijkagent"})
    page = open_facilitator(open_page, live_server, workshop)
    page.click("#suggest-load")
    page.wait_for_function("() => document.querySelector('#suggest-status').textContent"
                           ".startsWith('Geen voorstellen')", timeout=WAIT_MS)
    assert page.locator(".suggest").count() == 0


def test_voting_progress_updates_live_and_results_setting(
        open_page, live_server, workshop, sockets):
    writer = seed(sockets, workshop, {"v1": "Korte lijnen met de wijkagent",
                                      "v2": "Gedeelde agenda en dossier"})
    voter = sockets(workshop["code"], name="Bram")
    page = open_facilitator(open_page, live_server, workshop)
    page.fill("#ctl-votes", "3")
    page.click("#ctl-voting-open")
    progress = page.locator("#ctl-progress")
    progress.wait_for(state="visible", timeout=WAIT_MS)
    # Two participants with 3 votes each: 0 of 6 given, nobody voted, both have votes left.
    page.wait_for_function("() => document.querySelector('#ctl-progress-spent').textContent"
                           " === '0 van 6 stemmen gegeven'", timeout=WAIT_MS)
    call(voter, "note:vote", {"id": "v1"})
    call(voter, "note:vote", {"id": "v2"})
    call(writer, "note:vote", {"id": "v1"})
    page.wait_for_function("() => document.querySelector('#ctl-progress-spent').textContent"
                           " === '3 van 6 stemmen gegeven'", timeout=WAIT_MS)
    assert page.locator("#ctl-progress-voters").inner_text() == "2 van 2 deelnemers hebben gestemd"
    assert page.locator("#ctl-progress-left").inner_text() == "2 deelnemers hebben nog stemmen over"
    call(voter, "note:vote", {"id": "v2"})
    page.wait_for_function("() => document.querySelector('#ctl-progress-left').textContent"
                           " === '1 deelnemer heeft nog stemmen over'", timeout=WAIT_MS)

    code, key = workshop["code"], workshop["facilitator_key"]
    page.select_option("#ctl-results-block", "regie")
    page.click("#ctl-results-show")
    page.locator("#ctl-results-hide:not([hidden])").wait_for(timeout=WAIT_MS)
    assert state(live_server, code, key)["settings"]["results"] == {"block": "regie"}
    page.select_option("#ctl-results-block", "")
    page.click("#ctl-results-show")
    page.wait_for_function("() => document.querySelector('#ctl-results-status').textContent"
                           ".includes('hele canvas')", timeout=WAIT_MS)
    assert state(live_server, code, key)["settings"]["results"] == {"block": None}
    page.click("#ctl-results-hide")
    page.locator("#ctl-results-hide[hidden]").wait_for(state="attached", timeout=WAIT_MS)
    assert state(live_server, code, key)["settings"]["results"] is None
    assert page.errors == []


def test_arrow_keys_step_through_notes_and_clusters_as_the_projector_shows_them(
        open_page, live_server, workshop, sockets):
    seed(sockets, workshop, {"s1": "Eerste losse notitie", "s2": "In de groep, eerste",
                             "s3": "In de groep, tweede", "s4": "Laatste losse notitie"})
    boss = sockets(workshop["code"], facilitator_key=workshop["facilitator_key"])
    call(boss, "cluster:create", {"id": "k1", "note_ids": ["s2", "s3"], "title": "Groep"})
    call(boss, "workshop:update", {"spotlight": {"note": "s1"}})
    page = open_facilitator(open_page, live_server, workshop)
    page.wait_for_selector(".spotbar:not([hidden])", timeout=WAIT_MS)

    def spotlight():
        return state(live_server, workshop["code"], workshop["facilitator_key"])[
            "settings"]["spotlight"]

    def press_until(key, wanted, shown):
        page.keyboard.press(key)
        deadline = WAIT_MS
        while spotlight() != wanted and deadline > 0:
            page.wait_for_timeout(100)
            deadline -= 100
        assert spotlight() == wanted
        # The page steps on from what it shows: wait until it shows the new spotlight.
        page.wait_for_function("(text) => document.querySelector('.spotbar__text')"
                               ".textContent.includes(text)", arg=shown, timeout=WAIT_MS)

    page.wait_for_function("() => document.querySelector('.spotbar__text').textContent"
                           ".includes('Eerste losse')", timeout=WAIT_MS)
    # The cluster is one step (all its notes at once), in the place of its first note.
    press_until("ArrowRight", {"cluster": "k1"}, "Groep")
    press_until("ArrowRight", {"note": "s4"}, "Laatste losse")
    press_until("ArrowLeft", {"cluster": "k1"}, "Groep")
    press_until("ArrowLeft", {"note": "s1"}, "Eerste losse")
    assert page.errors == []


def test_undo_puts_a_note_grouped_from_another_block_back_there(
        open_page, live_server, workshop, sockets):
    writer = seed(sockets, workshop, {"r1": "Korte lijnen met de wijkagent"})
    call(writer, "note:add", {"id": "s1", "block": "spelregels", "text": "Elke maand overleg"})
    page = open_facilitator(open_page, live_server, workshop)
    note(page, "s1").wait_for(timeout=WAIT_MS)
    page.wait_for_selector("#sheet:not(.is-arranging)", timeout=WAIT_MS)

    drag(page, note(page, "s1"), note(page, "r1"))
    made = wait_server(page, lambda cs: len(cs) == 1, live_server, workshop)
    assert made[0]["note_ids"] == ["r1", "s1"] and made[0]["block"] == "regie"
    notes = {n["id"]: n for n in state(live_server, workshop["code"],
                                       workshop["facilitator_key"])["notes"]}
    assert notes["s1"]["block"] == "regie"  # grouping moved it

    page.locator("#group-undo:not([disabled])").wait_for(timeout=WAIT_MS)
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("Control+z")
    wait_server(page, lambda cs: cs == [], live_server, workshop)
    deadline = WAIT_MS
    while deadline > 0:
        notes = {n["id"]: n for n in state(live_server, workshop["code"],
                                           workshop["facilitator_key"])["notes"]}
        if notes["s1"]["block"] == "spelregels":
            break
        page.wait_for_timeout(100)
        deadline -= 100
    assert notes["s1"]["block"] == "spelregels"
    assert page.errors == []
