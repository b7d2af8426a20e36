"""Absolute links to a workshop's pages, as phones in the room must reach them.

A link is never built from a ``Host`` header the server does not trust: anyone can send
``Host: evil.example``, and a facilitator link (with its key) or a QR code pointing there
would hand the workshop to that site.
"""
import socket
from urllib.parse import urlsplit

from flask import current_app, request

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


def trusted_hosts() -> set[str]:
    """Host names (without port) the server answers for: loopback, this machine's name (also
    as ``.local``), the LAN address ``serve`` found, and ``PUBLIC_HOSTS``."""
    config = current_app.config
    hosts = set(LOOPBACK_HOSTS)
    name = socket.gethostname().lower()
    hosts |= {name, name + ".local"}
    if config.get("LAN_URL"):
        hosts.add((urlsplit(config["LAN_URL"]).hostname or "").lower())
    hosts |= {h.strip().lower() for h in config.get("PUBLIC_HOSTS") or () if h.strip()}
    return hosts


def trusted_request_host() -> str | None:
    """The request's ``Host`` (with its port) if it names a trusted host, else None."""
    host = request.host.lower()
    try:
        hostname = urlsplit("//" + host).hostname
    except ValueError:  # e.g. a port that is no number
        return None
    return host if hostname and hostname in trusted_hosts() else None


def public_base_url() -> str:
    """The base URL phones should use: PUBLIC_URL if set; else the address the browser used if
    it is a trusted host (see ``trusted_hosts``), unless that is loopback, where a phone cannot
    reach it: then this machine's LAN address. An untrusted host gives the LAN address if
    known, else "" (links relative to the page)."""
    configured = current_app.config.get("PUBLIC_URL")
    if configured:
        return configured
    lan = current_app.config.get("LAN_URL")
    host = trusted_request_host()
    if host is None:
        return lan or ""
    if lan and urlsplit("//" + host).hostname in LOOPBACK_HOSTS:
        return lan
    return f"{request.scheme}://{host}"


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


def remote_url(code: str, facilitator_key: str, link: str = "") -> str:
    """The facilitator's remote for their phone (/r/<code>), the key in the fragment: browsers
    never send a fragment, so the key stays out of every request line and log. `link`: the join
    link's tag (?k=, as in the join QR code), which lets the phone in also where its address is
    refused for guessing codes (canvas/web/security.py)."""
    return tagged(f"{public_base_url()}/r/{code}", link) + f"#key={facilitator_key}"


def tagged(url: str, link: str) -> str:
    """`url` with the join link's tag (``?k=``, records.link_tag) when there is one."""
    return f"{url}?k={link}" if link else url
