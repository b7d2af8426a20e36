"""The participant page's service worker and web app manifest, over HTTP (the worker itself is
tested in Chromium: tests/browser/test_offline_reload.py)."""
import re

from canvas.web.assets import static_version
from canvas.web.offline import THEME_COLOR


def test_the_worker_carries_the_front_ends_version_and_is_never_cached(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    text = response.get_data(as_text=True)
    assert f'const VERSION = "{static_version()}";' in text
    # Only the participant's pages and static files are ever answered (and so kept).
    assert "const PAGE_PATH = /^\\/j\\/[^/]+$/;" in text
    assert "const STATIC_PATH = /^\\/static\\//;" in text


def test_the_participant_page_links_its_manifest_and_says_its_version(client, workshop):
    code = workshop["code"]
    response = client.get(f"/j/{code}")
    assert response.headers["X-Static-Version"] == static_version()
    html = response.get_data(as_text=True)
    assert f'<link rel="manifest" href="/j/{code}/manifest.webmanifest?lang=nl">' in html
    assert f'<meta name="theme-color" content="{THEME_COLOR}">' in html
    assert f'"static_version": "{static_version()}"' in html


def test_the_manifest_opens_the_workshop_as_an_app_in_its_language(client, workshop):
    code = workshop["code"]
    response = client.get(f"/j/{code}/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = response.get_json()
    assert manifest["start_url"] == f"/j/{code}"
    assert manifest["scope"] == "/j/"
    assert manifest["display"] == "standalone"
    assert manifest["lang"] == "nl"
    assert manifest["name"].endswith("Netwerk Canvas")
    assert manifest["theme_color"] == THEME_COLOR
    sizes = {icon["sizes"]: icon["src"] for icon in manifest["icons"]}
    assert set(sizes) == {"192x192", "512x512", "any"}
    for size, src in sizes.items():
        icon = client.get(src)
        assert icon.status_code == 200, src
        if size != "any":  # the PNG's own width and height, from its header
            width = int.from_bytes(icon.data[16:20], "big")
            height = int.from_bytes(icon.data[20:24], "big")
            assert f"{width}x{height}" == size
    english = client.get(f"/j/{code}/manifest.webmanifest?lang=en").get_json()
    assert english["lang"] == "en" and english["description"] != manifest["description"]


def test_the_theme_colour_is_the_pages_accent(client):
    css = client.get("/static/css/base.css").get_data(as_text=True)
    assert re.search(rf"--accent:\s*{THEME_COLOR};", css)


def test_no_manifest_for_an_unknown_workshop(client):
    assert client.get("/j/NOPE99/manifest.webmanifest").status_code == 404
