"""Playwright driving Debian's chromium against a real server process."""
import os

import pytest
import requests
import socketio
from browserenv import CHROMIUM, CHROMIUM_ARGS, LAPTOP, PHONE, PROJECTOR  # noqa: F401 (used by tests)
from liveserver import running_server

MISSING_TEXT = "Netwerk Canvas: no text"  # static/js/boot.js, a key the page's texts lack
WAIT_MS = 8000  # how long a page may take to show what a test waits for


@pytest.fixture(scope="session")
def chromium_browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run must install it")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                             headless=True)
        yield browser
        browser.close()


@pytest.fixture
def browser_contexts():
    """The test's browser contexts, closed at its end: before its server stops (live_server
    below closes them first), so the server never stops with pages holding connections."""
    contexts = []
    yield contexts
    close_contexts(contexts)


def close_contexts(contexts):
    while contexts:
        contexts.pop().close()


@pytest.fixture
def live_server(tmp_path, browser_contexts):
    """As tests/conftest.py's, but the pages are closed before the server stops."""
    with running_server(f"sqlite:///{tmp_path / 'live.db'}") as server:
        yield server
        close_contexts(browser_contexts)


@pytest.fixture
def open_page(chromium_browser, browser_contexts):
    """open_page(url, before=None, **context_options) → a page in its own context (own local
    storage); before(page), if given, runs before the page loads (e.g. page.clock.install)."""
    contexts = browser_contexts
    missing: list[str] = []

    def open_(url, before=None, **options):
        context = chromium_browser.new_context(**{**LAPTOP, **options})
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        # A text the page asked for and its boot data lacks (static/js/boot.js warns): the page
        # shows a raw key. Every browser test checks it at the end.
        page.on("console", lambda message: message.type == "warning"
                and message.text.startswith(MISSING_TEXT) and missing.append(message.text))
        if before:
            before(page)
        page.goto(url)
        return page

    yield open_
    close_contexts(contexts)
    assert not missing, missing


@pytest.fixture
def workshop(live_server):
    """A workshop on the live server: its create response (code, facilitator_key, links)."""
    return live_server.create_workshop(title="Zorgnetwerk Oost")


@pytest.fixture
def sockets(live_server):
    """connect(code, **join payload) → a joined python-socketio client (closed at the end)."""
    clients = []

    def connect(code, **payload):
        client = socketio.SimpleClient()
        client.connect(live_server.url, transports=["websocket"])
        clients.append(client)
        ack = client.call("join", {"code": code, **payload})
        assert ack["ok"], ack
        return client

    yield connect
    for client in clients:
        client.disconnect()


def call(client, event, payload):
    """Send an event from a python-socketio client; its ack must be ok."""
    ack = client.call(event, payload)
    assert ack["ok"], ack
    return ack


def server_notes(server, code):
    """The notes as the server keeps them (the public state)."""
    return requests.get(f"{server.url}/api/workshops/{code}", timeout=5).json()["notes"]


def open_projector(open_page, server, code):
    page = open_page(f"{server.url}/p/{code}", **PROJECTOR)
    page.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    return page


def open_phone(open_page, server, code, name="Fatima"):
    page = open_page(f"{server.url}/j/{code}", **PHONE)
    page.fill("#name-input", name)
    page.click("#name-form button[type=submit]")
    page.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    return page


def open_facilitator(open_page, server, workshop):
    page = open_page(f"{server.url}/f/{workshop['code']}#key={workshop['facilitator_key']}")
    page.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    page.wait_for_selector("#controls:not([hidden])", timeout=WAIT_MS)
    return page


def post_from_phone(page, block_title, text):
    """Post from the phone's form; returns once the form is empty again (the server has the
    note, or the outbox keeps it)."""
    page.click(f"#compose-form .segmented__option:has-text('{block_title}')")
    page.fill("#compose-form textarea.input--text", text)
    page.click("#compose-submit")
    page.wait_for_function("() => document.querySelector('#compose-form textarea.input--text')"
                           ".value === ''", timeout=WAIT_MS)


def open_editor_on_phone(phone, text):
    phone.locator("#list .note").filter(has_text=text).get_by_role("button", name="Bewerken").click()
    return phone.locator("dialog.dialog[open]")
