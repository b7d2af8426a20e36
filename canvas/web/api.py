"""The JSON API (docs/protocol.md, "HTTP"). Routes parse, call one service, and answer."""
import io

import segno
from flask import Blueprint, Response, abort, jsonify, request
from sqlalchemy import text

from canvas.services import clusters, templates, workshops
from canvas.services.errors import BadRequest
from canvas.services.rules import JSON_DEPTH_MAX
from canvas.services.validation import require_depth
from canvas.web import services
from canvas.web.links import remote_url, tagged, workshop_links

bp = Blueprint("api", __name__, url_prefix="/api")


def json_body():
    """The request's JSON body; BadRequest if it is missing, not JSON or nested deeper than
    JSON_DEPTH_MAX, 413 if too large."""
    # A body sent without Content-Length is cut off at the limit instead of refused; a body
    # that fills the limit exactly is treated as too large rather than as broken JSON.
    limit = request.max_content_length
    if request.content_length is None and len(request.get_data(cache=True)) >= limit:
        abort(413)
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # nested deeper than the parser goes: far past our own limit
        raise BadRequest("too_deep", max=JSON_DEPTH_MAX) from None
    if body is None:
        raise BadRequest("bad_payload")
    require_depth(body)  # before any service walks it
    return body


def created_response(created: workshops.CreatedWorkshop):
    """201 with the new workshop's code, key and links: shown to its facilitator once."""
    body = {"code": created.code, "title": created.title, "language": created.language,
            "facilitator_key": created.facilitator_key,
            **workshop_links(created.code, created.facilitator_key)}
    return jsonify(body), 201


@bp.post("/workshops")
def create_workshop():
    return created_response(templates.create_workshop(services(), json_body(),
                                                      request.remote_addr))


@bp.get("/templates")
def list_templates():
    saved = templates.saved_keys(request.args.get("saved"))
    return jsonify({"templates": templates.list_templates(services(), request.args.get("lang"),
                                                          saved)})


@bp.post("/workshops/<code>/templates")
def save_template(code):
    key = request.headers.get("X-Facilitator-Key")
    return jsonify(templates.save_template(services(), code, key, json_body(),
                                           request.remote_addr)), 201


@bp.delete("/workshops/<code>/templates/<template_key>")
def delete_template(code, template_key):
    key = request.headers.get("X-Facilitator-Key")
    templates.delete_template(services(), code, key, template_key)
    return "", 204


@bp.get("/workshops/<code>")
def workshop_state(code):
    key = request.headers.get("X-Facilitator-Key")
    state = workshops.get_state(services(), code, facilitator_key=key,
                                lang=request.args.get("lang"))
    response = jsonify(state)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/workshops/<code>/suggestions")
def cluster_suggestions(code):
    """Notes that say the same and notes that belong together, for the facilitator."""
    key = request.headers.get("X-Facilitator-Key")
    response = jsonify(clusters.suggestions(services(), code, key))
    response.headers["Cache-Control"] = "no-store"
    return response


def qr_svg(url: str) -> bytes:
    """A QR code of `url` as SVG. Error correction M survives a glare spot on a projected code;
    border 2 keeps it compact."""
    svg = io.BytesIO()
    segno.make(url, error="m").save(svg, kind="svg", border=2, dark="#111",
                                    xmldecl=False, svgns=True, unit="px")
    return svg.getvalue()


@bp.get("/workshops/<code>/qr.svg")
def workshop_qr(code):
    workshop = workshops.workshop_info(services(), code)
    # The QR carries the link's tag besides the code: a phone that scans it is never refused by
    # the guard against guessing, even behind an address a guesser uses (docs/security.md).
    join_url = tagged(workshop_links(workshop.code)["join_url"], workshop.link)
    return Response(qr_svg(join_url), mimetype="image/svg+xml",
                    headers={"Cache-Control": "no-cache"})


@bp.post("/workshops/<code>/remote-qr.svg")
def remote_qr(code):
    """The QR code of the remote link, with the key, for the facilitator page only.

    A POST with the key in ``X-Facilitator-Key`` (never in the URL, so never in a log); the
    answer is not kept by any cache and not compressed (it carries the key: docs/security.md,
    "Compression and BREACH")."""
    # It reads no body; a body declared larger than the limit is refused, not taken in.
    if (request.content_length or 0) > request.max_content_length:
        abort(413)
    key = request.headers.get("X-Facilitator-Key")
    workshop = workshops.facilitated_workshop(services(), code, key)
    return Response(qr_svg(remote_url(workshop.code, key, workshop.link)), mimetype="image/svg+xml",
                    headers={"Cache-Control": "no-store", "Content-Encoding": "identity"})


@bp.get("/health")
def health():
    """For load balancers and tests: the process answers and its database does too."""
    with services().db.session() as session:
        session.execute(text("SELECT 1"))
    return jsonify({"ok": True})


def init_app(app):
    app.register_blueprint(bp)
