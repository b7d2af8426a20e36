"""The pages never send what the server refuses for its size: every text field is bounded by
boot.rules, a paste that is cut says so with the limit, and a Socket.IO message over the
server's limit is refused on the page, unsent, in the server's words."""
import pytest
from conftest import WAIT_MS, open_phone

from canvas.services.rules import SOCKET_MESSAGE_MAX, TEXT_MAX

pytestmark = pytest.mark.browser

PASTE = """(text) => {
  const field = document.querySelector('#compose-form textarea.input--text');
  field.focus();
  const data = new DataTransfer();
  data.setData('text/plain', text);
  field.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true,
                                                    cancelable: true }));
}"""


def test_a_paste_longer_than_a_note_says_what_was_cut(open_page, live_server, workshop):
    phone = open_phone(open_page, live_server, workshop["code"])
    field = phone.locator("#compose-form textarea.input--text")
    assert field.get_attribute("maxlength") == str(TEXT_MAX)
    phone.evaluate(PASTE, "a" * (TEXT_MAX + 120))
    message = phone.locator(".toast--error .toast__text")
    message.wait_for(timeout=WAIT_MS)
    assert f"hoogstens {TEXT_MAX} tekens" in message.inner_text()
    assert "120" in message.inner_text()
    # A paste that fits says nothing.
    phone.evaluate("() => document.querySelectorAll('.toast').forEach((t) => t.remove())")
    phone.evaluate(PASTE, "past")
    phone.wait_for_timeout(300)
    assert phone.locator(".toast--error").count() == 0
    assert phone.errors == []


def test_every_text_field_of_the_pages_has_a_limit(open_page, live_server, workshop):
    pages = [open_phone(open_page, live_server, workshop["code"]),
             open_page(f"{live_server.url}/f/{workshop['code']}#key="
                       f"{workshop['facilitator_key']}"),
             open_page(f"{live_server.url}/")]
    for page in pages:
        page.wait_for_load_state("networkidle")
        unbounded = page.evaluate("""() => [...document.querySelectorAll(
            'textarea, input:not([type=checkbox]):not([type=radio]):not([type=file])')]
            .filter((f) => !f.readOnly && !(f.maxLength > 0)).map((f) => f.id || f.name)""")
        assert unbounded == [], (page.url, unbounded)


def test_a_message_over_the_servers_limit_is_refused_unsent(open_page, live_server, workshop):
    phone = open_phone(open_page, live_server, workshop["code"])
    refusal = phone.evaluate("""async (size) => {
        const { messageTooLarge } = await import('/static/js/fieldlimit.js');
        return [messageTooLarge('note:add', { text: 'x'.repeat(size) }),
                messageTooLarge('note:add', { text: 'x'.repeat(500) })];
    }""", SOCKET_MESSAGE_MAX)
    assert refusal[0]["code"] == "message_too_large"
    assert f"{SOCKET_MESSAGE_MAX // 1024} kB" in refusal[0]["error"]
    assert refusal[1] is None
