"""The participant page without its server, in real Chromium: the service worker keeps the page
shell, the phone keeps the board it last saw, so a reload while the server is stopped shows the
app with its outbox and the notes it knew; the waiting note is sent when the server is back.
The caches hold nothing but the shell (no API, no socket, no other page, no key or token), and
a new version of the front end replaces the old shell."""
from types import SimpleNamespace

import pytest
import socketio
from conftest import PHONE, WAIT_MS, call, post_from_phone, server_notes
from liveserver import LiveServer

from canvas.services import records

LIST_CACHES = """async () => {
  const kept = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    kept[name] = [];
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      kept[name].push({ url: request.url, body: await response.text() });
    }
  }
  return kept;
}"""

# True once this page is controlled by the worker and its shell (the page itself) is kept.
SHELL_KEPT = """async () => {
  if (!navigator.serviceWorker.controller) return false;
  const cache = await caches.open('nc-shell-' + JSON.parse(document.getElementById('boot').textContent).static_version);
  return Boolean(await cache.match(location.pathname));
}"""


@pytest.fixture
def server_factory(tmp_path):
    """server(**env) → a started LiveServer on one SQLite file; every one is stopped at the end."""
    started = []

    def start(port=None, **env):
        server = LiveServer(f"sqlite:///{tmp_path / 'live.db'}", port=port, env=env)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def phone_context(chromium_browser):
    context = chromium_browser.new_context(**PHONE)
    yield context
    context.close()


def join_link(workshop):
    """The join link as the QR code carries it, with its ?k= tag."""
    key_hash = records.hash_secret(workshop["facilitator_key"])
    tag = records.link_tag(SimpleNamespace(facilitator_key_hash=key_hash))
    return f"/j/{workshop['code']}?k={tag}", tag


def open_phone(context, url, name="Fatima"):
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(url)
    page.fill("#name-input", name)
    page.click("#name-form button[type=submit]")
    page.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    return page


def wait_until(page, script, timeout_ms=WAIT_MS):
    """Evaluate an async script until it answers true (wait_for_function does not await)."""
    for _ in range(timeout_ms // 200):
        if page.evaluate(script):
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"not true within {timeout_ms} ms: {script}")


def wait_for_shell(page):
    wait_until(page, SHELL_KEPT)


def page_version(page):
    """The front end's version the page was served with."""
    return page.evaluate("() => JSON.parse(document.getElementById('boot').textContent)"
                         ".static_version")


def note_texts(page):
    """The notes' texts as shown, without the soft hyphens the page adds."""
    return [text.replace("\xad", "") for text in page.locator("#list .note").all_inner_texts()]


def test_reload_without_the_server_shows_the_app_and_sends_the_waiting_note_later(
        server_factory, phone_context):
    server = server_factory()
    workshop = server.create_workshop()
    code = workshop["code"]
    link, tag = join_link(workshop)
    other = socketio.SimpleClient()
    other.connect(server.url, transports=["websocket"])
    call(other, "join", {"code": code, "name": "Sanne"})
    call(other, "note:add", {"id": "n-van-sanne", "block": "identiteit", "text": "Van Sanne"})
    other.disconnect()
    phone = open_phone(phone_context, server.url + link)
    post_from_phone(phone, "Identiteit", "Geplaatst met verbinding")
    known = ["Geplaatst met verbinding", "Van Sanne"]
    phone.wait_for_function("() => document.querySelectorAll('#list .note').length === 2",
                            timeout=WAIT_MS)
    wait_for_shell(phone)
    token = phone.evaluate("code => localStorage.getItem('nc:token:' + code)", code)
    assert token
    # What passes the worker by is never kept: the API, the facilitator's and projector's pages.
    phone.evaluate("url => fetch(url).then((r) => r.text())", f"/api/workshops/{code}")
    facilitator = phone_context.new_page()
    facilitator.goto(f"{server.url}/f/{code}#key={workshop['facilitator_key']}")
    facilitator.goto(f"{server.url}/p/{code}")
    facilitator.close()
    phone.wait_for_timeout(1500)  # the board is written at most once a second

    server.stop()
    phone.wait_for_selector("#offline-bar:not([hidden])", timeout=WAIT_MS)
    post_from_phone(phone, "Identiteit", "Geschreven zonder server")
    phone.wait_for_selector("#offline-count:not([hidden])", timeout=WAIT_MS)

    phone.reload(timeout=WAIT_MS)
    phone.wait_for_selector("#app:not([hidden])", timeout=WAIT_MS)
    phone.wait_for_selector("#offline-bar:not([hidden])", timeout=WAIT_MS)
    texts = "\n".join(note_texts(phone))
    for text in [*known, "Geschreven zonder server"]:
        assert text in texts
    assert "1 notitie wacht op verzending" in phone.inner_text("#offline-count")
    assert "laatst bekende stand" in phone.inner_text("#offline-known")
    assert "niet live" in phone.inner_text("#offline-known")
    assert phone.locator(".conn").get_attribute("data-state") == "offline"
    # The page's own notes are still its own (the "my notes" tab counts them).
    assert phone.inner_text("#mine-count") == "2"

    kept = phone.evaluate(LIST_CACHES)
    assert list(kept) == [f"nc-shell-{page_version(phone)}"]
    urls = [entry["url"] for entries in kept.values() for entry in entries]
    assert f"{server.url}/j/{code}" in urls
    # Versioned URLs (canvas/web/assets.py): the page's own version's files.
    assert f"{server.url}/static/{page_version(phone)}/js/participant.js" in urls
    for entry in (entry for entries in kept.values() for entry in entries):
        path = entry["url"][len(server.url):]
        assert path.startswith(("/static/", f"/j/{code}", "/sw-shell")), path
        assert not path.startswith(("/api/", "/socket.io/", "/f/", "/p/")), path
        for secret in (workshop["facilitator_key"], token, tag):
            assert secret not in entry["url"] and secret not in entry["body"], path

    # The server comes back on the same port and database: the waiting note goes out.
    server_factory(port=server.port)
    phone.wait_for_selector(".conn[data-state=connected]", timeout=3 * WAIT_MS)
    phone.wait_for_selector("#offline-bar", state="hidden", timeout=WAIT_MS)
    phone.wait_for_function("code => !localStorage.getItem('nc:outbox:' + code)", arg=code,
                            timeout=WAIT_MS)
    stored = [note["text"] for note in server_notes(server, code)]
    assert stored.count("Geschreven zonder server") == 1
    assert "Geplaatst met verbinding" in stored
    assert phone.errors == []


def test_a_new_version_replaces_the_old_shell(server_factory, phone_context):
    server = server_factory(STATIC_VERSION="release-one")
    code = server.create_workshop()["code"]
    phone = open_phone(phone_context, f"{server.url}/j/{code}")
    wait_for_shell(phone)
    assert list(phone.evaluate(LIST_CACHES)) == ["nc-shell-release-one"]
    server.stop()

    server = server_factory(port=server.port, STATIC_VERSION="release-two")
    phone.reload(timeout=WAIT_MS)
    phone.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    assert page_version(phone) == "release-two"
    # The new worker took over, deleted the old cache and keeps the new page and its files.
    wait_until(phone, "async () => JSON.stringify(await caches.keys()) === "
                      "'[\"nc-shell-release-two\"]'")
    wait_for_shell(phone)
    kept = phone.evaluate(LIST_CACHES)["nc-shell-release-two"]
    assert any("/static/release-two/js/participant.js" in entry["url"] for entry in kept)

    # And it is that shell a reload without the server gets.
    server.stop()
    phone.reload(timeout=WAIT_MS)
    phone.wait_for_selector("#app:not([hidden])", timeout=WAIT_MS)
    assert page_version(phone) == "release-two"
    phone.wait_for_selector("#offline-bar:not([hidden])", timeout=WAIT_MS)
    assert phone.errors == []
