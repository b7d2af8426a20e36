"""Clusters on the participant's phone: a stack shows closed and opens on a tap (and stays open
through updates and a reload), fits 320 px with a long title, takes votes as one item (its notes
have no vote button of their own), and in a clustering round participants group and ungroup notes
without dragging."""
import requests
from conftest import PHONE, WAIT_MS, call, open_phone, post_from_phone
from test_phone_scale import OVERFLOW_JS

NARROW = {**PHONE, "viewport": {"width": 320, "height": 640}}
# As long as a title may be (120 characters), with words longer than the screen is wide.
LONG_TITLE = ("Samenwerkingsovereenkomstenonderhandelingen tussen zorgaanbieders, gemeente en "
              "woningcorporatiesbewonersorganisaties")
assert len(LONG_TITLE) <= 120


def state(server, code):
    return requests.get(f"{server.url}/api/workshops/{code}", timeout=5).json()


def stack(page, cluster_id):
    return page.locator(f"#list .cluster[data-cluster={cluster_id}]")


def seed_regie(facilitator, writer, extra=()):
    texts = {"n1": "Samen verantwoordelijk voor de wijk",
             "n2": "Samen verantwoordelijk voor onze wijk",
             "n3": "Gedeelde agenda en dossier", **dict(extra)}
    for note_id, text in texts.items():
        call(writer, "note:add", {"id": note_id, "block": "regie", "text": text})
    return texts


def test_a_stack_opens_on_a_tap_and_stays_open_through_updates_and_a_reload(
        open_page, live_server, workshop, sockets):
    code = workshop["code"]
    facilitator = sockets(code, facilitator_key=workshop["facilitator_key"])
    writer = sockets(code, name="Anne")
    seed_regie(facilitator, writer)
    phone = open_phone(open_page, live_server, code)
    post_from_phone(phone, "Regie", "Wie houdt de regie over het dossier?")
    mine = next(n["id"] for n in state(live_server, code)["notes"] if n["author"] == "Fatima")
    call(facilitator, "cluster:create", {"id": "c1", "note_ids": ["n1", mine],
                                         "title": "Eigenaarschap"})
    closed = stack(phone, "c1")
    closed.wait_for(timeout=WAIT_MS)
    # Closed: the head only (title, count), its notes out of the list; the block still counts
    # every note, those in the stack too.
    assert "is-collapsed" in closed.get_attribute("class")
    assert closed.locator(".note").count() == 0
    assert closed.locator(".cluster__mine").inner_text() == "Met jouw notitie"
    assert phone.inner_text(".blocknav__link--regie .blocknav__count") == "4"
    assert phone.inner_text("#list [data-block=regie] .lblock__count") == "4"
    toggle = closed.locator(".cluster__toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    box = toggle.bounding_box()
    assert box["height"] >= 44, box

    toggle.tap()
    phone.wait_for_function("() => document.querySelectorAll("
                            "'.cluster[data-cluster=c1]:not(.is-collapsed) .note').length === 2",
                            timeout=WAIT_MS)
    assert stack(phone, "c1").locator(".cluster__toggle").get_attribute("aria-expanded") == "true"
    # Her own note inside is hers and editable.
    own = stack(phone, "c1").locator(f".note[data-id='{mine}']")
    assert "is-mine" in own.get_attribute("class")
    assert own.get_by_role("button", name="Bewerken").is_visible()

    # A change to the cluster re-renders the stack: it stays open.
    call(facilitator, "cluster:update", {"id": "c1", "add": ["n2"], "title": "Samen eigenaar"})
    phone.wait_for_function("() => { const s = document.querySelector('.cluster[data-cluster=c1]');"
                            " return s && s.dataset.count === '3' && !s.classList.contains('is-collapsed')"
                            " && s.querySelectorAll('.note').length === 3; }", timeout=WAIT_MS)
    # And a reload (the tab remembers).
    phone.reload()
    phone.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    phone.wait_for_function("() => document.querySelectorAll("
                            "'.cluster[data-cluster=c1]:not(.is-collapsed) .note').length === 3",
                            timeout=WAIT_MS)
    assert phone.inner_text(".blocknav__link--regie .blocknav__count") == "4"

    # "Mijn notities": the stack with only her note in it, open.
    phone.locator(".tab[data-filter=mine]").click()
    phone.wait_for_function("() => { const s = document.querySelector('.cluster[data-cluster=c1]');"
                            " return s && s.dataset.count === '1' && s.querySelectorAll('.note').length === 1; }",
                            timeout=WAIT_MS)
    assert stack(phone, "c1").locator(f".note[data-id='{mine}']").is_visible()
    assert phone.inner_text(".blocknav__link--regie .blocknav__count") == "1"

    # Closed again with a tap, and closed after a reload.
    phone.locator(".tab[data-filter=all]").click()
    stack(phone, "c1").locator(".cluster__toggle").tap()
    phone.wait_for_selector(".cluster[data-cluster=c1].is-collapsed", timeout=WAIT_MS)
    phone.reload()
    phone.wait_for_selector(".cluster[data-cluster=c1].is-collapsed", timeout=WAIT_MS)
    assert phone.errors == []


def test_a_long_titled_stack_fits_320_px_closed_open_and_while_voting(
        open_page, live_server, workshop, sockets):
    code = workshop["code"]
    facilitator = sockets(code, facilitator_key=workshop["facilitator_key"])
    writer = sockets(code, name="Anne")
    seed_regie(facilitator, writer, extra={"n4": "Budgetverantwoordelijkheidsverdeling" * 2})
    call(facilitator, "cluster:create", {"id": "c1", "note_ids": ["n1", "n2", "n4"],
                                         "title": LONG_TITLE})
    call(facilitator, "cluster:create", {"id": "c2", "note_ids": ["n3"]})  # untitled
    phone = open_page(f"{live_server.url}/j/{code}", **NARROW)
    phone.fill("#name-input", "Fatima")
    phone.click("#name-form button[type=submit]")
    stack(phone, "c1").wait_for(timeout=WAIT_MS)
    # The long words make the phone load the hyphenation patterns and draw its list again.
    phone.locator("html[data-hyphenation=ready]").wait_for(state="attached", timeout=WAIT_MS)
    # (That new drawing comes in the next frame: the stack is looked at once it is in.)
    phone.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")

    def fits(what):
        seen = phone.evaluate(OVERFLOW_JS)
        assert seen["scrollWidth"] <= seen["clientWidth"], (what, seen)
        assert seen["cut"] == [] and seen["scrolling"] == [], (what, seen)

    stack(phone, "c1").scroll_into_view_if_needed()
    fits("closed")
    stack(phone, "c1").locator(".cluster__toggle").tap()
    stack(phone, "c1").locator(".note").first.wait_for(timeout=WAIT_MS)
    fits("open")
    call(facilitator, "workshop:update", {"votes_per_participant": 3})
    stack(phone, "c1").locator(".votebar").wait_for(timeout=WAIT_MS)
    fits("voting")
    sizes = phone.evaluate("""() => [...document.querySelectorAll(
        '#list .cluster__toggle, #list .cluster .votebar__button')].map((el) => el.getBoundingClientRect())
        .map((r) => [r.width, r.height])""")
    assert sizes and all(w >= 44 and h >= 44 for w, h in sizes), sizes
    assert phone.errors == []


def test_voting_on_a_cluster_from_the_phone_spends_the_shared_budget(
        open_page, live_server, workshop, sockets):
    code = workshop["code"]
    facilitator = sockets(code, facilitator_key=workshop["facilitator_key"])
    writer = sockets(code, name="Anne")
    seed_regie(facilitator, writer)
    call(facilitator, "cluster:create", {"id": "c1", "note_ids": ["n1", "n2"], "title": "Samen"})
    call(facilitator, "workshop:update", {"votes_per_participant": 3})
    phone = open_phone(open_page, live_server, code)
    bar = stack(phone, "c1").locator(".cluster__extra .votebar")
    bar.wait_for(timeout=WAIT_MS)  # on the closed stack: no need to open it to vote
    # The unclustered note keeps its own bar; the notes in the cluster get none.
    phone.locator("#list .note[data-id=n3] .votebar").wait_for(timeout=WAIT_MS)
    stack(phone, "c1").locator(".cluster__toggle").tap()
    stack(phone, "c1").locator(".note[data-id=n1]").wait_for(timeout=WAIT_MS)
    assert stack(phone, "c1").locator(".note .votebar").count() == 0
    assert stack(phone, "c1").locator(".votebar").count() == 1

    bar.get_by_role("button", name="+1 Stem op deze groep").tap()
    phone.wait_for_function("() => document.querySelector('#votes-left').textContent === 'Nog 2 stemmen'",
                            timeout=WAIT_MS)
    stack(phone, "c1").locator(".votebar__mine").filter(has_text="1 van jou").wait_for(timeout=WAIT_MS)
    clusters = {c["id"]: c for c in state(live_server, code)["clusters"]}
    assert clusters["c1"]["votes"] == 1
    # The budget is one for notes and clusters.
    phone.locator("#list .note[data-id=n3] .votebar__button--plus").tap()
    phone.wait_for_function("() => document.querySelector('#votes-left').textContent === 'Nog 1 stem'",
                            timeout=WAIT_MS)
    stack(phone, "c1").locator(".votebar__button--plus").tap()
    phone.wait_for_function("() => document.querySelector('#votes-left').textContent === 'Nog 0 stemmen'",
                            timeout=WAIT_MS)
    # Nothing left: +1 is off everywhere; −1 gives one back.
    phone.wait_for_function("() => document.querySelector('.cluster[data-cluster=c1] .votebar__button--plus').disabled",
                            timeout=WAIT_MS)
    stack(phone, "c1").locator(".votebar__button--minus").tap()
    phone.wait_for_function("() => document.querySelector('#votes-left').textContent === 'Nog 1 stem'",
                            timeout=WAIT_MS)
    assert {c["id"]: c for c in state(live_server, code)["clusters"]}["c1"]["votes"] == 1
    assert phone.errors == []


def test_participants_group_and_ungroup_notes_in_a_clustering_round(
        open_page, live_server, workshop, sockets):
    code = workshop["code"]
    facilitator = sockets(code, facilitator_key=workshop["facilitator_key"])
    writer = sockets(code, name="Anne")
    seed_regie(facilitator, writer)
    call(writer, "note:add", {"id": "s1", "block": "spelregels", "text": "Besluiten met consent"})
    phone = open_phone(open_page, live_server, code)
    phone.locator("#list .note[data-id=n2]").wait_for(timeout=WAIT_MS)
    # Off: no grouping on the phone.
    assert phone.locator("#list .note__action--group").count() == 0
    assert phone.locator("#grouping-card").is_hidden()

    call(facilitator, "workshop:update", {"participants_cluster": True})
    phone.wait_for_selector("#grouping-card:not([hidden])", timeout=WAIT_MS)
    phone.locator("#list .note[data-id=n2]").get_by_role("button", name="Groeperen met…").tap()
    dialog = phone.locator("dialog.groupdlg[open]")
    dialog.wait_for(timeout=WAIT_MS)
    # Only the notes of the same block (and sub-area) are offered, not itself.
    offered = dialog.locator(".groupdlg__choice").evaluate_all("(els) => els.map((el) => el.dataset.note)")
    assert sorted(offered) == ["n1", "n3"]
    dialog.locator(".groupdlg__choice[data-note=n1]").tap()
    phone.wait_for_selector("#list .cluster", timeout=WAIT_MS)
    clusters = state(live_server, code)["clusters"]
    assert len(clusters) == 1 and clusters[0]["note_ids"] == ["n1", "n2"]
    cluster_id = clusters[0]["id"]

    # A third note joins the cluster through the dialog (the cluster is offered as one choice).
    phone.locator("#list .note[data-id=n3]").get_by_role("button", name="Groeperen met…").tap()
    dialog.wait_for(timeout=WAIT_MS)
    assert dialog.locator(".groupdlg__choice").count() == 1
    dialog.locator(f".groupdlg__choice[data-cluster='{cluster_id}']").tap()
    phone.wait_for_function(f"() => document.querySelector(\".cluster[data-cluster='{cluster_id}']\")"
                            "?.dataset.count === '3'", timeout=WAIT_MS)
    assert state(live_server, code)["clusters"][0]["note_ids"] == ["n1", "n2", "n3"]

    # Out of the group: open the stack, take n2 out.
    stack(phone, cluster_id).locator(".cluster__toggle").tap()
    stack(phone, cluster_id).locator(".note[data-id=n2]").get_by_role(
        "button", name="Uit groep halen").tap()
    phone.wait_for_function(f"() => document.querySelector(\".cluster[data-cluster='{cluster_id}']\")"
                            "?.dataset.count === '2'", timeout=WAIT_MS)
    assert state(live_server, code)["clusters"][0]["note_ids"] == ["n1", "n3"]
    assert phone.locator("#list .note[data-id=n2]").is_visible()

    # A refusal is said in Dutch: the chosen cluster was ungrouped meanwhile.
    phone.locator("#list .note[data-id=n2]").get_by_role("button", name="Groeperen met…").tap()
    dialog.wait_for(timeout=WAIT_MS)
    call(facilitator, "cluster:delete", {"id": cluster_id})
    phone.wait_for_function("() => !document.querySelector('#list .cluster')", timeout=WAIT_MS)
    dialog.locator(f".groupdlg__choice[data-cluster='{cluster_id}']").tap()
    phone.locator(".toast--error").filter(has_text="Deze groep bestaat niet meer.").wait_for(
        timeout=WAIT_MS)

    # The facilitator closes the round: the actions go at once.
    call(facilitator, "workshop:update", {"participants_cluster": False})
    phone.wait_for_function("() => !document.querySelector('#list .note__action--group')",
                            timeout=WAIT_MS)
    assert phone.locator("#grouping-card").is_hidden()
    assert phone.errors == []
