"""Serve the practice app to browsers with textual-serve: one app process per browser tab.

textual-serve has no login, so the server listens on the loopback interface unless the
caller explicitly allows remote access.
"""
from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from simulator.errors import InputError
from simulator.web.guard import allowed, default_max_sessions, is_loopback, needs_origin

TEMPLATES = Path(__file__).resolve().parent / "templates"


def app_command() -> str:
    """The shell command textual-serve runs for each browser tab (its settings come in the
    environment: see :func:`tab_environment`)."""
    return shlex.join([sys.executable, "-m", "simulator.tui.room"])


def tab_environment(room_dir: Path, room_code: str | None,
                    facilitator_code: str | None) -> dict[str, str]:
    """What every tab's process is told: where the room keeps its stores, and the codes (in
    the environment, which only the owner can read, rather than on a command line)."""
    # The server's process id: a tab whose server has gone (stopped, killed) saves and exits.
    env = {"COACHSIM_ROOM_DIR": str(room_dir), "COACHSIM_SERVER_PID": str(os.getpid())}
    if room_code:
        env["COACHSIM_ROOM_CODE"] = room_code
    if facilitator_code:
        env["COACHSIM_FACILITATOR_CODE"] = facilitator_code
    return env


def check_code(code: str | None, option: str) -> str | None:
    """A room or facilitator code: at least 4 characters, no spaces or control characters."""
    if code is None:
        return None
    if len(code) < 4 or not code.isprintable() or any(c.isspace() for c in code):
        raise InputError(f"{option} needs at least 4 characters without spaces")
    return code


def make_server(host: str, port: int, data_dir: Path | None, *, allow_remote: bool = False,
                origins: tuple[str, ...] = (), max_sessions: int | None = None,
                room_code: str | None = None, facilitator_code: str | None = None):
    """Build the room's server, refusing a non-loopback host without ``allow_remote`` (and
    then without a room code), and anything it could not serve safely."""
    from simulator.store import default_data_dir, private_dir
    from simulator.web.room_server import RoomServer

    if not is_loopback(host) and not allow_remote:
        raise InputError(f"refusing to serve on {host}: the browser app has no login; "
                         "use --host 127.0.0.1, or add --allow-remote if you really mean it")
    if not 0 < port < 65536:
        raise InputError(f"port {port} is out of range; use 1-65535")
    room_code = check_code(room_code, "--room-code")
    facilitator_code = check_code(facilitator_code, "--facilitator-code")
    if allow_remote and room_code is None:
        raise InputError("--allow-remote needs --room-code CODE: show the code on the screen "
                         "so only the people in the room can join")
    if room_code is not None and room_code == facilitator_code:
        raise InputError("--facilitator-code must differ from --room-code")
    if needs_origin(host, origins):
        raise InputError(f"serving on {host} (every interface): add --origin with the address "
                         "the room will type, e.g. --origin http://192.168.1.20:8000")
    if max_sessions is not None and max_sessions < 1:
        raise InputError("--max-sessions must be 1 or more")
    folder = Path(data_dir) if data_dir else default_data_dir()
    try:
        room_dir = private_dir(private_dir(folder) / "room")
    except OSError as exc:
        raise InputError(f"cannot use this folder for the room: {exc.strerror}; "
                         "choose another with --data-dir", folder) from None
    return RoomServer(app_command(), host=host, port=port,
                      allowed=allowed(host, port, origins),
                      max_sessions=max_sessions or default_max_sessions(),
                      env=tab_environment(room_dir, room_code, facilitator_code),
                      title="coachsim", templates_path=TEMPLATES)
