"""What lets the participant page install and load without a connection: its service worker
(/sw.js, scope /j/) and its web app manifest (/j/<code>/manifest.webmanifest).

The worker's text carries ``static_version()``, so every change of the front end is a new
worker that replaces the old page shell (docs/architecture.md, "The phone page offline").
"""
from flask import Blueprint, Response, jsonify, render_template, url_for

from canvas.i18n import translate
from canvas.services import workshops
from canvas.web import request_language, services
from canvas.web.assets import asset_url, static_version

bp = Blueprint("offline", __name__)

THEME_COLOR = "#0e5a6e"      # --accent in static/css/base.css: the top bar of the icon
BACKGROUND_COLOR = "#f2f0eb"  # --bg: the page behind the splash screen


@bp.get("/sw.js")
def service_worker():
    response = Response(render_template("sw.js", version=static_version()),
                        mimetype="text/javascript")
    # The browser compares the worker byte for byte on every page load: never an old copy.
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/j/<code>/manifest.webmanifest")
def manifest(code):
    """The participant page as an app: opens on this workshop's page, in the page's language."""
    workshop = workshops.workshop_info(services(), code)
    lang = request_language(workshop.language)
    body = {
        "id": url_for("pages.participant", code=workshop.code),
        "name": f"{workshop.title} · {translate('app_name', lang)}",
        "short_name": translate("app_short_name", lang),
        "description": translate("app_description", lang),
        "lang": lang,
        "start_url": url_for("pages.participant", code=workshop.code),
        "scope": "/j/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [
            {"src": asset_url("img/icon-192.png"), "sizes": "192x192",
             "type": "image/png"},
            {"src": asset_url("img/icon-512.png"), "sizes": "512x512",
             "type": "image/png"},
            {"src": asset_url("img/favicon.svg"), "sizes": "any",
             "type": "image/svg+xml"},
        ],
    }
    response = jsonify(body)
    response.mimetype = "application/manifest+json"
    return response


def init_app(app):
    app.register_blueprint(bp)
