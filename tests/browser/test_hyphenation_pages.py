"""Dutch hyphenation in real Chromium: long words break at a syllable with a visible hyphen, on
every page that shows notes, offline (no dictionary download), and the soft hyphens never reach
the clipboard or the editor.

The check runs in the page: for every pair of neighbouring letters of a word whose client rects
sit on different lines, the text between them must be a soft hyphen, drawn (a hyphen shows at
the end of the first line). "€" and its amount, and punctuation and the word before it, stay on
one line.
"""
import pytest
import requests
from conftest import PHONE, PROJECTOR, WAIT_MS, call, open_facilitator, open_phone, open_projector

pytestmark = pytest.mark.browser

WORDS = ["Vroegsignalering", "Wijkcoöperatie", "netwerkcoördinator", "organisatiegericht"]
NOTE = ("Vroegsignalering door de netwerkcoördinator van de Wijkcoöperatie: wijkgericht, "
        "niet organisatiegericht. Budget € 40.000 per jaar .")
CARD = {"werkvorm": "project", "ambitie": "Vroegsignalering organisatiegericht maken",
        "kernpartners": "Wijkcoöperatie en netwerkcoördinator", "doelgroep": "Mantelzorgers"}

# For the text elements matching `selector` (their note or card `width` em wide, if given): how
# many words broke, and every break that should not have happened.
CHECK = r"""([selector, width]) => {
  const out = { elements: 0, breaks: 0, bad: [] };
  const els = Array.from(document.querySelectorAll(selector));
  for (const el of els) {   // `width` is in ems of the text itself
    const box = el.closest('.note, .ccard');
    const px = width * parseFloat(getComputedStyle(el).fontSize);
    if (width && box) { box.style.width = px + 'px'; box.style.maxWidth = px + 'px';
                        box.style.minWidth = '0'; box.style.flex = 'none'; }
  }
  for (const el of els) {
    out.elements += 1;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const data = node.data;
      // A character's glyph is its range's last rect: at a soft-hyphen break the range of
      // the soft hyphen holds the drawn hyphen, and the next letter's range starts with it too.
      const rects = [];
      const lists = [];
      for (let i = 0; i < data.length; i += 1) {
        const r = document.createRange();
        r.setStart(node, i); r.setEnd(node, i + 1);
        const list = Array.from(r.getClientRects());
        lists.push(list);
        rects.push(list.length ? list[list.length - 1] : null);
      }
      const lineOf = (i) => rects[i] && { top: rects[i].top, h: rects[i].height };
      const newLine = (a, b) => b.top > a.top + 0.6 * Math.max(a.h, b.h);
      // letters of one word: neighbours with only soft hyphens between them
      const isLetter = (c) => /[\p{L}\u0300-\u036f]/u.test(c);
      let prev = -1;
      for (let i = 0; i < data.length; i += 1) {
        const c = data[i];
        if (c === '\u00ad') continue;
        if (!isLetter(c)) { prev = -1; continue; }
        if (prev >= 0 && lineOf(prev) && lineOf(i) && newLine(lineOf(prev), lineOf(i))) {
          const between = data.slice(prev + 1, i);
          const shy = prev + 1;
          const drawn = between === '\u00ad' && lists[shy].some((r) => r.width > 0
            && !newLine(lineOf(prev), { top: r.top, h: r.height }));
          out.breaks += 1;
          if (!drawn) out.bad.push(`mid-word break without a hyphen: "${data.slice(Math.max(0, prev - 12), prev + 1)}|${data.slice(i, i + 12)}"`);
        }
        prev = i;
      }
      // "€ 40.000" and "word ." stay on one line
      for (let i = 1; i < data.length; i += 1) {
        const glued = (data[i - 1] === '\u00a0' || /[.,:;!?]/.test(data[i])) && data[i].trim();
        if (!glued) continue;
        let j = i - 1;
        while (j >= 0 && (data[j] === '\u00a0' || data[j] === '\u00ad')) j -= 1;
        if (j >= 0 && lineOf(j) && lineOf(i) && newLine(lineOf(j), lineOf(i))) {
          out.bad.push(`"${data.slice(Math.max(0, j - 8), i + 1)}" broken before "${data[i]}"`);
        }
      }
    }
  }
  return out;
}"""

TEXT_SELECTOR = ".note__text, .ccard__name, .ccard__field dd"


def add_notes(sockets, code):
    client = sockets(code, name="Fatima")
    call(client, "note:add", {"id": "n-hyph-1", "block": "spelregels", "text": NOTE})
    call(client, "note:add", {"id": "n-hyph-2", "block": "identiteit", "subarea": "passie",
                              "text": " ".join(WORDS)})
    call(client, "note:add", {"id": "n-hyph-3", "block": "coalities",
                              "text": "Wijkcoöperatie Vroegsignalering", "coalition": CARD})
    return client


def check(page, width=None, selector=TEXT_SELECTOR):
    result = page.evaluate(CHECK, [selector, width])
    assert result["elements"] >= 1, "no note text on the page"
    assert result["bad"] == [], result["bad"]
    return result


def wait_for_notes(page, scope):
    for text in ("Budget", "Mantelzorgers"):
        page.locator(f"{scope} .note, {scope} .ccard").filter(has_text=text).first.wait_for(
            timeout=WAIT_MS)
    # The phone loads the hyphenation patterns when it first shows a long word, then draws its
    # list again (static/js/hyphenate.js): wait for that drawing.
    page.wait_for_function(f"() => document.querySelector('{scope} .note__text')"
                           ".textContent.includes('\\u00ad')", timeout=WAIT_MS)


def test_long_words_break_at_syllables_with_a_hyphen_on_every_page(
        open_page, live_server, workshop, sockets):
    code = workshop["code"]
    add_notes(sockets, code)
    phone = open_phone(open_page, live_server, code)
    projector = open_projector(open_page, live_server, code)
    facilitator = open_facilitator(open_page, live_server, workshop)
    snapshot = requests.post(f"{live_server.url}/api/workshops/{code}/snapshots",
                             json={"label": "Na ronde 1"},
                             headers={"X-Facilitator-Key": workshop["facilitator_key"]},
                             timeout=5).json()
    archive = open_page(f"{live_server.url}/s/{code}/{snapshot['id']}", **PROJECTOR)
    pages = {"phone": (phone, "#list"), "projector": (projector, "#sheet"),
             "facilitator": (facilitator, "#sheet"), "snapshot": (archive, "#sheet")}
    for name, (page, scope) in pages.items():
        wait_for_notes(page, scope)
        # the words are in the page as soft-hyphenated text, not markup
        assert page.evaluate("() => !document.querySelector('.note__text *, .ccard__name *')"), name
        check(page)                        # as laid out at the page's own size
        breaks = 0
        for width in (8, 10, 13):          # and in narrow notes (em), where words must break
            breaks += check(page, width, ".note__text")["breaks"]
        assert breaks >= 6, (name, breaks)  # the check did see words break
        assert page.errors == [], (name, page.errors)


def test_without_soft_hyphens_the_check_fails(open_page, live_server, workshop, sockets):
    """The check itself: text without soft hyphens in a narrow note breaks mid-word, and the
    check says so (so the test above can fail)."""
    code = workshop["code"]
    add_notes(sockets, code)
    phone = open_phone(open_page, live_server, code)
    wait_for_notes(phone, "#list")
    phone.evaluate("""() => { for (const el of document.querySelectorAll('.note__text'))
                                el.textContent = el.textContent.replace(/\u00ad/g, ''); }""")
    result = phone.evaluate(CHECK, [".note__text", 8])
    assert any("without a hyphen" in bad for bad in result["bad"]), result


def test_copy_and_edit_give_the_text_without_soft_hyphens(open_page, live_server, workshop,
                                                          sockets):
    code = workshop["code"]
    phone = open_page(f"{live_server.url}/j/{code}", **PHONE,
                      permissions=["clipboard-read", "clipboard-write"])
    phone.fill("#name-input", "Fatima")
    phone.click("#name-form button[type=submit]")
    phone.wait_for_selector(".conn[data-state=connected]", timeout=WAIT_MS)
    phone.click("#compose-form .segmented__option:has-text('Spelregels')")
    phone.fill("#compose-form textarea.input--text", NOTE)
    phone.click("#compose-submit")
    note = phone.locator("#list .note").filter(has_text="Budget")
    note.wait_for(timeout=WAIT_MS)
    # hyphenated on the page (once the patterns it loads for the first long word are in)
    phone.wait_for_function("() => document.querySelector('#list .note__text')"
                            ".textContent.includes('\\u00ad')", timeout=WAIT_MS)

    # select the note's text and copy it, as a person would, then paste it into the form
    phone.evaluate("""() => { const el = document.querySelector('#list .note__text');
      const range = document.createRange(); range.selectNodeContents(el);
      const selection = getSelection(); selection.removeAllRanges(); selection.addRange(range); }""")
    phone.keyboard.press("Control+c")
    textarea = phone.locator("#compose-form textarea.input--text")
    textarea.fill("")
    textarea.focus()
    phone.keyboard.press("Control+v")
    assert textarea.input_value() == NOTE

    # the editor shows the text as written
    note.get_by_role("button", name="Bewerken").click()
    dialog = phone.locator("dialog.dialog[open]")
    assert dialog.locator("textarea").first.input_value() == NOTE
    assert phone.errors == []
