"""Who may talk to the browser server: only pages of its own origin, addressed by its own name.

A web page the trainee happens to visit can open a websocket to any port on localhost (the
browser sends the page's Origin but does not block it), and a DNS-rebinding page reaches it
under a foreign host name. So every request must name the served host and port in ``Host``,
and any ``Origin`` (always sent with a websocket) must be the served origin or one the lead
gave with ``--origin``. Pure functions over header values, tested without a server.
"""
from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from simulator.errors import InputError

#: The names a loopback server answers to (browsers send any of them for the same socket).
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
#: What one browser tab costs: a Python process with Textual and the rubric (about 60 MB was
#: measured per tab with 30 tabs open), with room to spare.
MEGABYTES_PER_TAB = 80


@dataclass(frozen=True)
class Allowed:
    """The ``Host`` values and ``Origin`` values the server accepts."""

    hosts: frozenset[str]
    origins: frozenset[str]

    def refusal(self, host: str | None, origin: str | None, websocket: bool) -> str | None:
        """Why a request is refused (a short sentence), or ``None`` when it may proceed."""
        if not host or host.lower() not in self.hosts:
            return "this server answers only to its own address"
        if origin is None:
            # Browsers always send Origin with a websocket; a page of ours always has one.
            return "a websocket needs the page's origin" if websocket else None
        if origin.lower().rstrip("/") not in self.origins:
            return "pages of other sites may not use this server"
        return None


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed(host: str, port: int, origins: tuple[str, ...] = ()) -> Allowed:
    """What a server bound to ``host``:``port`` accepts, plus the explicit ``origins``
    (``http://name:port`` as the room types it, e.g. behind ``--allow-remote``)."""
    names = set(LOOPBACK_NAMES) if is_loopback(host) else set()
    if not _wildcard(host):
        names.add(f"[{host.strip('[]')}]" if ":" in host.strip("[]") else host)
    hosts = {f"{name}:{port}".lower() for name in names}
    if port == 80:
        hosts |= {name.lower() for name in names}
    found = {f"http://{h}" for h in hosts}
    for given in origins:
        origin = check_origin(given)
        found.add(origin)
        hosts.add(urlsplit(origin).netloc)
    return Allowed(frozenset(hosts), frozenset(found))


def check_origin(text: str) -> str:
    """An ``--origin`` value as browsers send it (``scheme://host[:port]``), or an InputError."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path.strip("/") \
            or parts.query or parts.fragment or "@" in parts.netloc:
        raise InputError(f"--origin {text!r} is not an origin; give it as the room's browsers "
                         "show it, e.g. http://192.168.1.20:8000")
    return f"{parts.scheme}://{parts.netloc}".lower()


def _wildcard(host: str) -> bool:
    return host.strip("[]") in ("0.0.0.0", "::", "")


def needs_origin(host: str, origins: tuple[str, ...]) -> bool:
    """True when no browser could name the server: bound to every interface, no ``--origin``."""
    return _wildcard(host) and not origins


def default_max_sessions() -> int:
    """How many tabs this machine serves at once: 8 per processor, and no more than half the
    memory holds at :data:`MEGABYTES_PER_TAB` each (never fewer than 2)."""
    cpus = os.cpu_count() or 1
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    except (AttributeError, OSError, ValueError):
        memory = 2048
    return max(2, min(8 * cpus, memory // 2 // MEGABYTES_PER_TAB))
