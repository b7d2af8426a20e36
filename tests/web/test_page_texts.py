"""Each page's boot data carries its scripts' texts only; its HTML still has every text it
renders."""
import json
import re

from canvas.i18n import TEXT, translate
from canvas.web.pagetexts import page_keys


def boot_of(response) -> dict:
    html = response.get_data(as_text=True)
    match = re.search(r'<script type="application/json" id="boot">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_each_page_sends_the_texts_of_its_own_scripts(client, workshop):
    code, key = workshop["code"], workshop["facilitator_key"]
    pages = {"/": "home.html", f"/j/{code}": "participant.html", f"/p/{code}": "projector.html",
             f"/f/{code}?k={key}": "facilitator.html", f"/c/{code}": "compare.html"}
    for url, template in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        texts = boot_of(response)["t"]
        assert set(texts) == page_keys(template), url
        assert texts["error.internal"] == translate("error.internal", "nl")
    phone = boot_of(client.get(f"/j/{code}?lang=en"))["t"]
    assert len(phone) < len(TEXT) / 2
    assert "ctl_lock" not in phone  # a facilitator's control
    assert phone["writing_as"] == translate("writing_as", "en")


def test_the_server_rendered_texts_of_a_page_do_not_depend_on_its_scripts(client, workshop):
    """The template reads the whole table: a text only the HTML shows is still there."""
    code = workshop["code"]
    response = client.get(f"/j/{code}")
    assert "name_title" not in boot_of(response)["t"]
    assert translate("name_title", "nl") in response.get_data(as_text=True)
