"""Absolute links to a workshop's pages, as phones in the room must reach them."""
from urllib.parse import urlsplit

from flask import current_app, request

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


def public_base_url() -> str:
    """The base URL phones should use: PUBLIC_URL if set; else the address the browser used,
    unless that is loopback, where a phone cannot reach it: then this machine's LAN address."""
    configured = current_app.config.get("PUBLIC_URL")
    if configured:
        return configured
    base = request.host_url.rstrip("/")
    host = urlsplit(base).hostname or ""
    lan = current_app.config.get("LAN_URL")
    if lan and host in LOOPBACK_HOSTS:
        return lan
    return base


def workshop_links(code: str, facilitator_key: str = None) -> dict:
    base = public_base_url()
    links = {
        "join_url": f"{base}/j/{code}",
        "projector_url": f"{base}/p/{code}",
        "qr_url": f"/api/workshops/{code}/qr.svg",
    }
    if facilitator_key:
        # In the fragment: browsers never send it to the server, so it stays out of logs.
        links["facilitator_url"] = f"{base}/f/{code}#key={facilitator_key}"
    return links
