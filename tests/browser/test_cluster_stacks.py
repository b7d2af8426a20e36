"""Clusters as stacks on every page: the projector, the phone and the facilitator board show a
cluster's notes together under its title, live as it changes."""
from conftest import WAIT_MS, call, open_facilitator, open_phone, open_projector


def test_a_cluster_appears_as_one_stack_everywhere_and_follows_changes(
        open_page, live_server, workshop, sockets):
    code = workshop["code"]
    facilitator = sockets(code, facilitator_key=workshop["facilitator_key"])
    writer = sockets(code, name="Anne")
    texts = {"n1": "Samen verantwoordelijk voor de wijk",
             "n2": "Samen verantwoordelijk voor onze wijk",
             "n3": "Gedeelde agenda en dossier"}
    for note_id, text in texts.items():
        call(writer, "note:add", {"id": note_id, "block": "regie", "text": text})
    call(facilitator, "cluster:create", {"id": "c1", "note_ids": ["n1", "n2"],
                                         "title": "Eigenaarschap wijk"})
    pages = [open_projector(open_page, live_server, code),
             open_phone(open_page, live_server, code),
             open_facilitator(open_page, live_server, workshop)]
    for page in pages:
        stack = page.locator(".cluster[data-cluster=c1]")
        stack.wait_for(timeout=WAIT_MS)
        # Titles wrap as note texts do (soft hyphens).
        assert stack.locator(".cluster__title").inner_text().replace("\xad", "") == \
            "Eigenaarschap wijk"
        assert stack.get_attribute("data-count") == "2"
    call(facilitator, "cluster:update", {"id": "c1", "add": ["n3"], "title": "Samen"})
    for page in pages:
        page.wait_for_function(
            "() => { const s = document.querySelector('.cluster[data-cluster=c1]');"
            " return s && s.dataset.count === '3'"
            " && s.querySelector('.cluster__title').textContent.replace(/\\u00ad/g, '') === 'Samen'; }",
            timeout=WAIT_MS)
    call(facilitator, "cluster:delete", {"id": "c1"})
    for page in pages:
        page.wait_for_function("() => !document.querySelector('.cluster')", timeout=WAIT_MS)
        page.wait_for_function(
            "() => document.querySelectorAll('.note[data-id=n1], .note[data-id=n3]').length >= 2",
            timeout=WAIT_MS)
        assert page.errors == []
