"""Every error answer in one place: JSON for the API, a page for people."""
import logging

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from canvas import metrics
from canvas.i18n import translate
from canvas.services.errors import ServiceError, TooManyRequests, is_database_busy
from canvas.services.limits import busy_error
from canvas.web import request_language
from canvas.web.pages import page_context
from canvas.web.security import count_guess

log = logging.getLogger(__name__)

TYPED_CODE_SHOWN = 40  # of a mistyped code, this much is shown back
HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "too_large", 400: "bad_payload",
              429: "too_many_attempts"}


def error_response(status: int, code: str, lang: str, data: dict | None = None, **params):
    metrics.refused("http", code)
    message = translate("error." + code, lang, **params)
    if request.path.startswith("/api/"):
        response = jsonify({**(data or {}), "error": message, "code": code})
        response.status_code = status
        return response
    typed = _typed_code(code)
    if typed is not None:
        message = translate("code_unknown", lang, code=typed)
    return render_template("error.html", message=message, status=status, typed_code=typed,
                           **page_context(lang)), status


def _typed_code(code: str) -> str | None:
    """On a participant's page of a code that does not exist: the code as typed, so that the
    page can offer it again in a join form (else None)."""
    if code != "workshop_not_found" or request.endpoint not in ("pages.participant", "pages.join"):
        return None
    typed = (request.view_args or {}).get("code") or request.args.get("code") or ""
    return typed.strip()[:TYPED_CODE_SHOWN]


def init_app(app):
    @app.errorhandler(ServiceError)
    def service_error(error: ServiceError):
        count_guess(error)
        if isinstance(error, TooManyRequests):
            metrics.rate_limited(error.code)
        response = error_response(error.status, error.code, request_language(),
                                  data=error.data, **error.params)
        if error.status in (429, 503) and "retry_after" in error.data:
            retry_after = str(error.data["retry_after"])
            if isinstance(response, tuple):  # a page
                return response[0], response[1], {"Retry-After": retry_after}
            response.headers["Retry-After"] = retry_after
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = HTTP_CODES.get(error.code, "bad_payload")
        params = {}
        if error.code == 413:  # the limit of this route (an import has its own)
            params["max"] = (request.max_content_length or 0) // 1024
        return error_response(error.code or 500, code, request_language(), **params)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        if is_database_busy(error):  # a write that could not get the lock: retryable
            return service_error(busy_error())
        # The route's pattern, not the path: a path carries a workshop code.
        log.exception("unexpected error on %s %s", request.method,
                      request.url_rule.rule if request.url_rule is not None else "unmatched")
        return error_response(500, "internal", request_language())
