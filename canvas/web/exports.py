"""Snapshots, posters, exports, import and comparison over HTTP (docs/protocol.md)."""
import re
import select
import socket
import unicodedata

from flask import Blueprint, Response, jsonify, request, send_file

from canvas.services import commitments, exports, posters, snapshots, workshops
from canvas.services.compare import compare_moments
from canvas.services.errors import NotFound
from canvas.services.rules import IMPORT_MAX_BYTES
from canvas.web import services
from canvas.web.api import created_response, json_body

bp = Blueprint("exports", __name__, url_prefix="/api/workshops")



def facilitator_key():
    return request.headers.get("X-Facilitator-Key")


def download_name(snapshot: dict, extension: str) -> str:
    """E.g. netwerk-canvas-K7PX3M-einde-sessie-1.A1.pdf: readable, safe on any file system."""
    label = unicodedata.normalize("NFKD", snapshot["label"]).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:40] or "canvas"
    return f"netwerk-canvas-{snapshot['workshop']['code']}-{slug}.{extension}"


@bp.post("/<code>/snapshots")
def take_snapshot(code):
    created = snapshots.take_snapshot(services(), code, facilitator_key(), json_body())
    return jsonify(created), 201


@bp.get("/<code>/snapshots")
def list_snapshots(code):
    return jsonify({"snapshots": snapshots.list_snapshots(services(), code)})


@bp.get("/<code>/snapshots/<snapshot_id>")
def get_snapshot(code, snapshot_id):
    snapshot = snapshots.get_canvas(services(), code, snapshot_id)
    return jsonify({"id": snapshot["id"], **exports.to_json(snapshot)})


def client_gone() -> bool:
    """Whether the client of this request closed its connection (gave up waiting). Known under
    gunicorn, which hands the socket over; elsewhere always False."""
    sock = request.environ.get("gunicorn.socket")
    if sock is None:
        return False
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        # Readable with nothing to read: the other side closed. (Data would be a next request.)
        return bool(readable) and sock.recv(1, socket.MSG_PEEK) == b""
    except (OSError, ValueError):
        return True


@bp.get("/<code>/snapshots/<snapshot_id>/poster.pdf")
def poster(code, snapshot_id):
    size = posters.paper_size(request.args.get("size"))
    snapshot, path = posters.poster(services(), code, snapshot_id, size, gone=client_gone)
    name = download_name(snapshot, f"{size}.pdf")
    # No max-age: the poster changes when the facilitator hides a note or the authors; the ETag
    # lets a browser that asks again skip the download when it has not.
    response = send_file(path.resolve(), mimetype="application/pdf", download_name=name,
                         max_age=0, conditional=True)
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@bp.get("/<code>/snapshots/<snapshot_id>/export.<kind>")
def export(code, snapshot_id, kind):
    snapshot = snapshots.get_canvas(services(), code, snapshot_id)
    if kind == "json":
        body, mimetype = jsonify(exports.to_json(snapshot)).get_data(), "application/json"
    elif kind == "csv":
        body, mimetype = exports.to_csv(snapshot).encode("utf-8"), "text/csv"
    elif kind == "md":
        body, mimetype = exports.to_markdown(snapshot).encode("utf-8"), "text/markdown"
    else:
        raise NotFound("unknown_export")
    # Flask adds "; charset=utf-8" to a text/* mimetype itself: named here too, it came twice.
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{download_name(snapshot, kind)}"',
        "Cache-Control": "no-store"})


@bp.get("/<code>/snapshots/<snapshot_id>/commitments.ics")
def commitments_calendar(code, snapshot_id):
    """The dated first steps of the coalitions, as the snapshot's public view shows them."""
    snapshot = snapshots.get_canvas(services(), code, snapshot_id)
    return Response(commitments.to_ics(snapshot), mimetype="text/calendar", headers={
        "Content-Disposition":
            f'attachment; filename="{download_name(snapshot, "ics")}"',
        "Cache-Control": "no-store"})


@bp.get("/<code>/compare")
def compare_snapshots(code):
    """?from=<snapshot id>&to=<snapshot id or 'current'> (default: the live canvas)."""
    return jsonify(compare_moments(services(), code, request.args.get("from", ""),
                                   request.args.get("to", snapshots.CURRENT)))


@bp.post("/import")
def import_workshop():
    request.max_content_length = IMPORT_MAX_BYTES
    return created_response(exports.import_workshop(services(), json_body(),
                                                    request.remote_addr))


@bp.delete("/<code>")
def delete_workshop(code):
    workshops.delete_workshop(services(), code, facilitator_key())
    return "", 204


def init_app(app):
    app.register_blueprint(bp)
