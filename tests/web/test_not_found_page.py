"""A join code that matches no workshop: the page shows what was typed, to type it again."""
from html.parser import HTMLParser


class Forms(HTMLParser):
    """The forms of a page: their action and method, and their inputs' attributes."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action"), "method": attrs.get("method"),
                               "inputs": []})
        elif tag == "input" and self.forms:
            self.forms[-1]["inputs"].append(attrs)


def forms_of(html):
    parser = Forms()
    parser.feed(html)
    return parser.forms


def test_an_unknown_code_shows_what_was_typed_in_a_join_form(client):
    response = client.get("/j/k7p-x3q", headers={"Accept-Language": "nl"})
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Code niet gevonden" in html
    assert "Er is geen workshop met de code “k7p-x3q”" in html
    assert "Er ging iets mis" not in html
    [form] = forms_of(html)
    assert form["action"] == "/j" and form["method"] == "get"
    [code] = form["inputs"]
    assert code["name"] == "code" and code["value"] == "k7p-x3q" and code["id"] == "join-code"
    assert 'for="join-code"' in html


def test_what_was_typed_is_shown_as_text_not_markup(client):
    html = client.get("/j/%3Cb%3Ex").get_data(as_text=True)
    assert "<b>x" not in html
    assert 'value="&lt;b&gt;x"' in html and "“&lt;b&gt;x”" in html


def test_the_join_form_leads_to_the_page_of_the_code_as_stored(client, workshop):
    code = workshop["code"]
    typed = f"{code[:3].lower()} {code[3:].lower()}"
    response = client.get("/j", query_string={"code": typed})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/j/{code}"
    assert client.get(response.headers["Location"]).status_code == 200


def test_the_join_form_with_a_wrong_code_again_keeps_it(client):
    response = client.get("/j", query_string={"code": "zzz zzz"}, follow_redirects=True)
    assert response.status_code == 404
    [form] = forms_of(response.get_data(as_text=True))
    assert form["inputs"][0]["value"] == "ZZZZZZ"
    # What cannot be a code at all stays as typed.
    response = client.get("/j", query_string={"code": "mijn code is kwijt"})
    assert response.status_code == 404
    [form] = forms_of(response.get_data(as_text=True))
    assert form["inputs"][0]["value"] == "mijn code is kwijt"
    # Nothing typed at all: the same form, empty.
    response = client.get("/j")
    assert response.status_code == 404
    assert forms_of(response.get_data(as_text=True))[0]["inputs"][0]["value"] == ""


def test_other_missing_things_keep_the_plain_error_page(client, workshop):
    html = client.get(f"/s/{workshop['code']}/999").get_data(as_text=True)
    assert forms_of(html) == []
    html = client.get("/p/QQQQQQ").get_data(as_text=True)
    assert forms_of(html) == [] and "404" in html


def test_the_page_speaks_english_too(client):
    html = client.get("/j/QQQQQQ?lang=en").get_data(as_text=True)
    assert "Code not found" in html and "There is no workshop with the code “QQQQQQ”" in html
