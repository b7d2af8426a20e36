"""The HTML pages: home, participant (/j), projector (/p), facilitator (/f) and remote (/r)."""
from flask import Blueprint, make_response, redirect, render_template, request, url_for

from canvas import method
from canvas.i18n import translate
from canvas.services import snapshots, workshops
from canvas.services.errors import NotFound
from canvas.services.rules import client_rules, normalize_code
from canvas.web import request_language, services
from canvas.web.assets import static_version
from canvas.web.links import workshop_links
from canvas.web.pagetexts import page_table

bp = Blueprint("pages", __name__)


def page_context(lang: str) -> dict:
    """What every page's template gets: the language, ``t`` and the source of the canvas."""
    return {"lang": lang, "source": method.SOURCE[lang],
            "t": lambda key, **params: translate(key, lang, **params),
            "other_lang_url": _other_language_url(lang)}


def render_page(template: str, page: str, lang: str, workshop=None, extra=None):
    rules = client_rules()
    # Only the texts this page's scripts can ask for (canvas/web/pagetexts.py): the whole table
    # would be two thirds of the phone page's HTML. The template itself still reads every text.
    boot = {"page": page, "lang": lang, "t": page_table(template, lang),
            "method": method.localized(lang), "rules": rules}
    context = {**page_context(lang), "boot": boot, "rules": rules}
    if workshop is not None:
        links = workshop_links(workshop.code)
        # the language notes are written in (the page's may differ): how they hyphenate
        boot.update({"code": workshop.code, "title": workshop.title,
                     "language": workshop.language, **links})
        context.update({"code": workshop.code, "title": workshop.title, "theme": workshop.theme,
                        **links})
    if extra:
        boot.update(extra)
        context.update(extra)
    response = make_response(render_template(template, **context))
    if request.args.get("lang"):
        # Remember an explicit choice for the next pages (one year).
        response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="Lax")
    return response


def _other_language_url(lang: str) -> str:
    other = "en" if lang == "nl" else "nl"
    if request.endpoint is None:  # an error page for a URL that matched no route
        return url_for("pages.home", lang=other)
    view_args = request.view_args or {}
    # Keep the page's own query (e.g. ?size=A1) but never let a query key stand in for a path
    # argument or for url_for's own keywords (endpoint, _anchor, ...).
    args = {k: v for k, v in request.args.items()
            if k != "lang" and k not in view_args and k != "endpoint" and not k.startswith("_")}
    try:
        return url_for(request.endpoint, **view_args, **args, lang=other)
    except Exception:  # a URL we cannot rebuild: the home page in the other language will do
        return url_for("pages.home", lang=other)


def _workshop_page(code: str, template: str, page: str):
    workshop = workshops.workshop_info(services(), code)
    return render_page(template, page, request_language(workshop.language), workshop)


@bp.get("/")
def home():
    return render_page("home.html", "home", request_language())


@bp.get("/j/<code>")
def participant(code):
    workshop = workshops.workshop_info(services(), code)
    response = render_page("participant.html", "participant", request_language(workshop.language),
                           workshop, extra={"static_version": static_version()})
    # Which front end this page belongs to: the service worker (canvas/web/offline.py) keeps
    # and serves only pages and static files of its own version.
    response.headers["X-Static-Version"] = static_version()
    return response


@bp.get("/j")
def join():
    """A code typed in a form without script (the not-found page's): to its page, /j/<code>."""
    code = normalize_code(request.args.get("code", ""))
    if code is None:
        raise NotFound("workshop_not_found")
    return redirect(url_for("pages.participant", code=code))


@bp.get("/p/<code>")
def projector(code):
    return _workshop_page(code, "projector.html", "projector")


@bp.get("/f/<code>")
def facilitator(code):
    return _workshop_page(code, "facilitator.html", "facilitator")


@bp.get("/r/<code>")
def remote(code):
    """The facilitator's phone as a remote; the key comes in the URL's fragment."""
    return _workshop_page(code, "remote.html", "remote")


@bp.get("/s/<code>/<snapshot_id>")
def snapshot(code, snapshot_id):
    """A snapshot, read-only, laid out like the projector, with its downloads."""
    canvas = snapshots.get_canvas(services(), code, snapshot_id)
    workshop = workshops.workshop_info(services(), code)
    lang = request_language(workshop.language)
    response = render_page("snapshot.html", "snapshot", lang, workshop,
                           extra={"snapshot": {"id": canvas["id"], "label": canvas["label"],
                                               "created_at": canvas["created_at"]}})
    return response


@bp.get("/c/<code>")
def compare(code):
    """Two moments of the canvas side by side (?from=<id>&to=<id or current>)."""
    return _workshop_page(code, "compare.html", "compare")


def init_app(app):
    app.register_blueprint(bp)
