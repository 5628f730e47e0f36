"""Serve the practice app to browsers with textual-serve: one app process per browser tab.

textual-serve has no login, so the server listens on the loopback interface unless the
caller explicitly allows remote access.
"""
from __future__ import annotations

import ipaddress
import shlex
import sys
from pathlib import Path

from simulator.errors import InputError

TEMPLATES = Path(__file__).resolve().parent / "templates"


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def app_command(data_dir: Path | None) -> str:
    """The shell command textual-serve runs for each browser tab."""
    argv = [sys.executable, "-m", "simulator"]
    if data_dir is not None:
        argv += ["--data-dir", str(data_dir)]
    return shlex.join([*argv, "app"])


def make_server(host: str, port: int, data_dir: Path | None, *, allow_remote: bool = False):
    """Build the textual-serve Server, refusing a non-loopback host without ``allow_remote``."""
    if not is_loopback(host) and not allow_remote:
        raise InputError(f"refusing to serve on {host}: the browser app has no login; "
                         "use --host 127.0.0.1, or add --allow-remote if you really mean it")
    if not 0 < port < 65536:
        raise InputError(f"port {port} is out of range; use 1-65535")
    from textual_serve.server import Server

    return Server(app_command(data_dir), host=host, port=port, title="coachsim",
                  templates_path=TEMPLATES)
