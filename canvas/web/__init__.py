"""The web layer: HTTP routes (pages, api) and Socket.IO handlers (events). Thin by design."""
from flask import current_app, request

from canvas.i18n import normalize_language


def services():
    """The ServiceContext of the running app."""
    return current_app.extensions["canvas"]


def request_language(default=None):
    """The language asked for: ?lang=, then the 'lang' cookie, then ``default``."""
    asked = request.args.get("lang") or request.cookies.get("lang")
    return normalize_language(asked, default or "nl")
