"""Snapshots, exports, comparison, import and deletion in real Chromium against a real server."""
import json
import re
import uuid

import pytest
import requests
import socketio
from conftest import PHONE, PROJECTOR
from liveserver import running_server

WAIT_MS = 8000


@pytest.fixture
def server(tmp_path):
    """A real server whose poster files (if any) stay in the test's own directory."""
    with running_server(f"sqlite:///{tmp_path / 'live.db'}",
                        env={"EXPORT_DIR": str(tmp_path / "exports")}) as live:
        yield live


class Writer:
    """A participant writing notes over a real Socket.IO connection."""

    def __init__(self, server, code, name="Fatima"):
        self.prefix = uuid.uuid4().hex[:8]
        self.client = socketio.SimpleClient()
        self.client.connect(server.url, transports=["websocket"])
        assert self.client.call("join", {"code": code, "name": name})["ok"]

    def id(self, key):
        return f"{self.prefix}-{key}"

    def add(self, key, block, text, **fields):
        ack = self.client.call("note:add", {"id": self.id(key), "block": block, "text": text,
                                            **fields})
        assert ack["ok"], ack

    def update(self, key, **fields):
        ack = self.client.call("note:update", {"id": self.id(key), **fields})
        assert ack["ok"], ack

    def delete(self, key):
        ack = self.client.call("note:delete", {"id": self.id(key)})
        assert ack["ok"], ack

    def close(self):
        self.client.disconnect()


@pytest.fixture
def workshop(server):
    """A workshop with a few notes and a coalition card; yields (create response, writer)."""
    created = server.create_workshop(title="Zorgnetwerk Oost")
    writer = Writer(server, created["code"])
    writer.add("passie", "identiteit", "Samen de wijk gezond houden", subarea="passie")
    writer.add("consent", "spelregels", "Besluiten nemen we met consent")
    writer.add("overleg", "spelregels", "Elke maand een open overleg")
    writer.add("budget", "organisatie", "Gezamenlijk budget uit de Wmo", subarea="middelen")
    writer.add("kamer", "coalities", "Buurtkamer Oost", coalition={
        "werkvorm": "project", "ambitie": "Een huiskamer voor de hele wijk",
        "kernpartners": "Woonstad", "doelgroep": "Bewoners"})
    yield created, writer
    writer.close()


def take_snapshot(server, created, label):
    response = requests.post(f"{server.url}/api/workshops/{created['code']}/snapshots",
                             json={"label": label},
                             headers={"X-Facilitator-Key": created["facilitator_key"]}, timeout=5)
    assert response.status_code == 201, response.text
    return response.json()


def facilitator_page(open_page, server, created, **options):
    page = open_page(f"{server.url}/f/{created['code']}#key={created['facilitator_key']}",
                     **options)
    page.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    return page


def test_facilitator_takes_a_snapshot_and_its_downloads_work(open_page, server, workshop):
    created, _ = workshop
    code = created["code"]
    page = facilitator_page(open_page, server, created)
    assert page.locator("#snapshots-empty").is_visible()

    page.fill("#snapshot-label", "Einde sessie 1")
    page.click("#snapshot-submit")
    item = page.locator("#snapshot-list .snap").filter(has_text="Einde sessie 1")
    item.wait_for(timeout=WAIT_MS)
    assert page.input_value("#snapshot-label") == ""
    # 4 notes and 1 coalition card, written by 1 participant.
    assert "4 notities · 1 kaart · 1 deelnemer" in item.inner_text()
    snapshot_id = item.get_attribute("data-id")
    assert item.locator("a.snap__view").get_attribute("href") == f"/s/{code}/{snapshot_id}"

    expected_types = {"json": "application/json", "csv": "text/csv", "md": "text/markdown"}
    for kind, mimetype in expected_types.items():
        href = item.locator(f"a[data-download={kind}]").get_attribute("href")
        assert href == f"/api/workshops/{code}/snapshots/{snapshot_id}/export.{kind}"
        response = page.request.get(server.url + href)
        assert response.status == 200, (kind, response.status)
        assert response.headers["content-type"].startswith(mimetype)
        assert "Besluiten nemen we met consent" in response.text()
    exported = json.loads(page.request.get(
        f"{server.url}/api/workshops/{code}/snapshots/{snapshot_id}/export.json").text())
    assert exported["snapshot"]["label"] == "Einde sessie 1"
    assert len(exported["notes"]) == 5

    # The poster link follows the chosen paper size (A1 by default).
    poster = item.locator("a[data-download=poster]")
    assert poster.get_attribute("href").endswith(f"/snapshots/{snapshot_id}/poster.pdf?size=A1")
    item.locator("select.downloads__size").select_option("A3")
    assert poster.get_attribute("href").endswith("poster.pdf?size=A3")

    # The live canvas has its own downloads.
    current = page.locator("#current-downloads")
    href = current.locator("a[data-download=csv]").get_attribute("href")
    assert href == f"/api/workshops/{code}/snapshots/current/export.csv"
    assert page.request.get(server.url + href).status == 200

    # A snapshot taken elsewhere (another tab, the API) arrives through snapshot:created.
    other = take_snapshot(server, created, "Pauze")
    page.locator(f"#snapshot-list .snap[data-id='{other['id']}']").wait_for(timeout=WAIT_MS)
    assert page.locator("#snapshot-list .snap").first.get_attribute("data-id") == str(other["id"])
    # Compare: from the newest snapshot to the current canvas, opens the compare page.
    link = page.locator("#compare-open")
    assert link.get_attribute("href") == f"/c/{code}?from={other['id']}&to=current"
    page.select_option("#compare-from", str(snapshot_id))
    page.select_option("#compare-to", str(other["id"]))
    assert link.get_attribute("href") == f"/c/{code}?from={snapshot_id}&to={other['id']}"
    assert page.errors == []


def test_snapshot_page_shows_the_snapshot_not_later_changes(open_page, server, workshop):
    created, writer = workshop
    code = created["code"]
    snapshot = take_snapshot(server, created, "Einde sessie 1")
    writer.update("passie", text="Later herschreven tekst")
    writer.delete("consent")
    writer.add("later", "regie", "Pas na de momentopname geplakt")

    page = open_page(f"{server.url}/s/{code}/{snapshot['id']}", **PROJECTOR)
    sheet = page.locator("#sheet")
    for text in ("Samen de wijk gezond houden", "Besluiten nemen we met consent",
                 "Buurtkamer Oost"):
        sheet.locator(".note, .ccard").filter(has_text=text).first.wait_for(timeout=WAIT_MS)
    content = sheet.inner_text().replace("\u00ad", "")   # without the soft hyphens
    assert "Later herschreven tekst" not in content
    assert "Pas na de momentopname geplakt" not in content
    card = sheet.locator("[data-block=coalities] .ccard")
    assert card.count() == 1 and "Woonstad" in card.text_content().replace("\u00ad", "")
    # Nothing is hidden to make room: the archive shows every note.
    assert sheet.locator(".is-older").count() == 0
    header = page.locator(".snaphead").inner_text()
    assert "Zorgnetwerk Oost" in header and "Einde sessie 1" in header
    assert "4 notities · 1 kaart · 1 deelnemer" in header
    # The sheet fits the 1920×1080 screen.
    assert page.evaluate("() => document.documentElement.scrollHeight") <= 1080
    assert page.locator("#snap-downloads a[data-download=md]").get_attribute("href") == \
        f"/api/workshops/{code}/snapshots/{snapshot['id']}/export.md"
    assert page.errors == []

    phone = open_page(f"{server.url}/s/{code}/{snapshot['id']}", **PHONE)
    phone.locator("#list .note").filter(has_text="Besluiten nemen we met consent").wait_for(
        timeout=WAIT_MS)
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert "Later herschreven tekst" not in phone.locator("#list").inner_text().replace(
        "\u00ad", "")
    assert phone.errors == []


def test_compare_page_shows_added_removed_and_changed_notes(open_page, server, workshop):
    created, writer = workshop
    code = created["code"]
    snapshot = take_snapshot(server, created, "Einde sessie 1")
    writer.add("nieuw", "identiteit", "Nuchter en open", subarea="stijl")
    writer.delete("budget")
    writer.update("passie", text="Samen de wijk gezond en veilig houden")
    writer.update("overleg", block="regie")

    page = open_page(f"{server.url}/c/{code}?from={snapshot['id']}&to=current")
    page.wait_for_selector(".cblock", timeout=WAIT_MS)
    assert page.input_value("#pick-from") == str(snapshot["id"])
    assert page.input_value("#pick-to") == "current"

    added = page.locator("[data-block=identiteit] .cgroup--added")
    assert "Nuchter en open" in added.inner_text()
    assert "Toegevoegd" in added.locator(".cgroup__title").inner_text()

    removed = page.locator("[data-block=organisatie] .cgroup--removed")
    assert "Gezamenlijk budget uit de Wmo" in removed.inner_text().replace("\u00ad", "")
    assert "Verwijderd" in removed.locator(".cgroup__title").inner_text()

    changed = page.locator("[data-block=identiteit] .cgroup--changed .change")
    assert "Gewijzigd" in page.locator("[data-block=identiteit] .cgroup--changed "
                                       ".cgroup__title").inner_text()
    assert "Samen de wijk gezond houden" in changed.locator(".change__side--before").inner_text()
    assert "Samen de wijk gezond en veilig houden" in \
        changed.locator(".change__side--after").inner_text()

    moved = page.locator("[data-block=regie] .cgroup--changed .change")
    assert "Verplaatst van Spelregels" in moved.locator(".change__moved").inner_text()
    # Unchanged notes are counted, the card is shown as a card.
    assert "1 ongewijzigd" in page.locator("[data-block=spelregels] .cblock__tally").inner_text()
    assert page.locator("[data-block=coalities] .ccard").count() == 0
    assert re.search(r"1 toegevoegd · 1 verwijderd · 2 gewijzigd", page.inner_text("#totals"))

    # Blocks come in the order of the canvas.
    order = page.eval_on_selector_all(".cblock", "els => els.map(e => e.dataset.block)")
    assert order == ["identiteit", "spelregels", "organisatie", "regie", "coalities"]
    assert page.errors == []

    phone = open_page(f"{server.url}/c/{code}?from={snapshot['id']}&to=current", **PHONE)
    phone.wait_for_selector("[data-block=regie] .change", timeout=WAIT_MS)
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert phone.errors == []


def test_compare_page_shows_a_changed_coalition_card_as_cards(open_page, server, workshop):
    created, writer = workshop
    snapshot = take_snapshot(server, created, "Voor")
    writer.update("kamer", coalition={"werkvorm": "programma", "ambitie": "Een huiskamer",
                                      "kernpartners": "Woonstad, GGD", "doelgroep": "Bewoners"})
    page = open_page(f"{server.url}/c/{created['code']}?from={snapshot['id']}")
    change = page.locator("[data-block=coalities] .cgroup--changed .change")
    change.wait_for(timeout=WAIT_MS)
    assert change.locator(".ccard").count() == 2
    assert "Werkvorm: Project → Programma" in change.locator(".change__fields").text_content()


def test_home_imports_an_export_as_a_new_workshop(open_page, server, workshop, tmp_path):
    created, _ = workshop
    export = requests.get(f"{server.url}/api/workshops/{created['code']}/snapshots/current/"
                          "export.json", timeout=5)
    assert export.status_code == 200
    good = tmp_path / "zorgnetwerk.json"
    good.write_bytes(export.content)
    broken = tmp_path / "kapot.json"
    broken.write_text("dit is geen json")

    home = open_page(server.url + "/")
    home.click("#import summary")
    home.set_input_files("#import-file", str(broken))
    assert home.inner_text("#import-file-name") == "kapot.json"
    home.click("#import-submit")
    home.wait_for_selector("#import-error:not([hidden])", timeout=WAIT_MS)
    assert "geen JSON" in home.inner_text("#import-error")

    home.set_input_files("#import-file", str(good))
    home.click("#import-submit")
    home.wait_for_selector("#created:not([hidden])", timeout=WAIT_MS)
    assert home.inner_text("#created-name") == "Zorgnetwerk Oost"
    code = home.inner_text("#created-code").replace(" ", "")
    assert code != created["code"]
    assert f"/f/{code}#key=" in home.input_value("#created-facilitator")
    assert home.locator(".warning").is_visible()
    state = requests.get(f"{server.url}/api/workshops/{code}", timeout=5).json()
    assert sorted(n["text"] for n in state["notes"]) == sorted(
        n["text"] for n in json.loads(export.content)["notes"])
    assert home.errors == []


def test_deleting_the_workshop_tells_everyone_in_it(open_page, server, workshop):
    created, _ = workshop
    code = created["code"]
    phone = open_page(f"{server.url}/j/{code}", **PHONE)
    phone.fill("#name-input", "Anouk")
    phone.click("#name-form button[type=submit]")
    phone.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    projector = open_page(f"{server.url}/p/{code}", **PROJECTOR)
    projector.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    facilitator = facilitator_page(open_page, server, created)

    facilitator.click("#delete-workshop")
    dialog = facilitator.locator("dialog[open]")
    assert "Alles wordt gewist: notities, momentopnamen, posters" in dialog.inner_text()
    # Cancelling keeps everything.
    dialog.get_by_role("button", name="Annuleren").click()
    assert requests.get(f"{server.url}/api/workshops/{code}", timeout=5).status_code == 200

    facilitator.click("#delete-workshop")
    facilitator.click("dialog[open] [data-confirm]")
    facilitator.wait_for_url(f"{server.url}/", timeout=WAIT_MS)
    assert "verwijderd" in facilitator.locator(".toast").first.inner_text()

    for page in (phone, projector):
        message = page.locator(".gone")
        message.wait_for(timeout=WAIT_MS)
        assert "Deze workshop is verwijderd" in message.inner_text()
        assert page.locator("#app, #proj").first.is_hidden()
        assert page.errors == []
    assert requests.get(f"{server.url}/api/workshops/{code}", timeout=5).status_code == 404


def test_compare_page_shows_what_became_of_the_clusters(open_page, server, workshop):
    created, writer = workshop
    code = created["code"]
    boss = socketio.SimpleClient()
    boss.connect(server.url, transports=["websocket"])
    try:
        assert boss.call("join", {"code": code, "facilitator_key": created["facilitator_key"]})["ok"]

        def cluster(event, **payload):
            ack = boss.call(event, payload)
            assert ack["ok"], ack

        writer.add("mandaat", "spelregels", "Wie besluit wat, staat op papier")
        cluster("cluster:create", id="k1", note_ids=[writer.id("consent"), writer.id("overleg")],
                title="Besluiten")
        cluster("cluster:create", id="k2", note_ids=[writer.id("passie")], title="Wijk")
        snapshot = take_snapshot(server, created, "Voor het groeperen")
        cluster("cluster:update", id="k1", add=[writer.id("mandaat")], title="Hoe we besluiten")
        cluster("cluster:delete", id="k2")
        cluster("cluster:create", id="k3", note_ids=[writer.id("budget")], title="Geld")
    finally:
        boss.disconnect()

    page = open_page(f"{server.url}/c/{code}?from={snapshot['id']}&to=current")
    page.wait_for_selector(".cmp__clusters", timeout=WAIT_MS)
    lines = {el["kind"]: el["text"] for el in page.eval_on_selector_all(
        ".ccluster", "els => els.map(e => ({kind: e.dataset.kind, text: e.innerText}))")}
    assert set(lines) == {"formed", "renamed", "grown", "dissolved"}
    assert "Geld" in lines["formed"] and "gevormd, 1 notitie" in lines["formed"]
    assert "Hoe we besluiten" in lines["renamed"] and "was: Besluiten" in lines["renamed"]
    assert "gegroeid van 2 naar 3 notities" in lines["grown"]
    assert "Wijk" in lines["dissolved"] and "opgeheven" in lines["dissolved"]
    assert page.errors == []
