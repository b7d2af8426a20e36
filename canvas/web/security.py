"""What every response carries for safety, and the guard against guessing join codes over HTTP.

The pages load only this site's own scripts, styles, fonts and images (no inline script, no
third party), may not be framed by another site, and send no referrer elsewhere. See
docs/security.md.
"""
from flask import request
from werkzeug.middleware.proxy_fix import ProxyFix

from canvas.services import limits, workshops
from canvas.services.errors import ServiceError
from canvas.web import services
from canvas.web.links import trusted_request_host


def content_security_policy() -> str:
    # 'self' covers ws:/wss: to the same host in current browsers; naming the host keeps
    # older ones working too, but only a trusted one (canvas/web/links.py), never whatever the
    # Host header says.
    host = trusted_request_host()
    sockets = f" ws://{host} wss://{host}" if host else ""
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        f"connect-src 'self'{sockets}",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def init_app(app):
    if app.config.get("PROXY_COUNT"):
        # Behind a reverse proxy the client's address is in X-Forwarded-For: needed so that the
        # guessing guard limits the guesser, not the proxy. Wraps Socket.IO requests too.
        count = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    @app.after_request
    def security_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", content_security_policy())
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response

    @app.before_request
    def refuse_guessers():
        code = (request.view_args or {}).get("code")
        if code is None:
            return
        ctx = services()
        if not limits.guessing_refused(ctx.limits, request.remote_addr, code):
            return
        # Out of failed lookups: only proof of membership gets in (the join link's tag, the
        # facilitator key), with the same refusal for a wrong proof and an unknown code.
        if workshops.proves_membership(ctx, code, link=request.args.get("k"),
                                       facilitator_key=request.headers.get("X-Facilitator-Key")):
            limits.remember(ctx.limits, request.remote_addr, code)
            return
        raise limits.refusal(ctx.limits, request.remote_addr)

    @app.after_request
    def remember_members(response):
        # A page or read answered for this code: its readers belong to the workshop, so the
        # guard against guessing never refuses them it (e.g. a room whose Wi-Fi a guesser uses).
        code = (request.view_args or {}).get("code")
        if code is not None and 200 <= response.status_code < 300:
            limits.remember(services().limits, request.remote_addr, code)
        return response


def count_guess(error: ServiceError) -> None:
    """Called by the error handler for every ServiceError answered over HTTP."""
    if request.view_args and "code" in request.view_args:
        limits.count_if_guess(services().limits, request.remote_addr, error)
