"""The browser server: loopback by default, remote only when asked, nothing from the network."""
from __future__ import annotations

import os
import shlex
import sys

import pytest

from simulator.errors import InputError
from simulator.web.guard import is_loopback
from simulator.web.server import TEMPLATES, make_server


@pytest.mark.parametrize("host, loopback", [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True), ("127.0.0.5", True),
    ("0.0.0.0", False), ("192.168.1.10", False), ("example.org", False), ("::", False),
])
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_remote_host_is_refused_without_allow_remote(tmp_path):
    with pytest.raises(InputError, match="--allow-remote"):
        make_server("0.0.0.0", 8000, tmp_path)
    with pytest.raises(InputError, match="--room-code"):
        make_server("192.168.1.5", 8000, tmp_path, allow_remote=True)
    server = make_server("192.168.1.5", 8000, tmp_path, allow_remote=True, room_code="4821")
    assert server.host == "192.168.1.5"
    assert server.env["COACHSIM_ROOM_CODE"] == "4821"


def test_every_interface_needs_the_origin_the_room_types(tmp_path):
    with pytest.raises(InputError, match="--origin"):
        make_server("0.0.0.0", 8000, tmp_path, allow_remote=True, room_code="4821")
    server = make_server("0.0.0.0", 8000, tmp_path, allow_remote=True, room_code="4821",
                         origins=("http://192.168.1.5:8000",))
    assert "192.168.1.5:8000" in server.allowed.hosts


def test_default_server_is_local_and_uses_our_template(tmp_path):
    server = make_server("127.0.0.1", 8123, tmp_path)
    assert (server.host, server.port) == ("127.0.0.1", 8123)
    assert server.templates_path == TEMPLATES
    assert shlex.split(server.command) == [sys.executable, "-m", "simulator.tui.room"]
    room = tmp_path / "room"
    assert server.env == {"COACHSIM_ROOM_DIR": str(room), "COACHSIM_SERVER_PID": str(os.getpid())}
    assert room.stat().st_mode & 0o777 == 0o700


def test_bad_port():
    with pytest.raises(InputError, match="out of range"):
        make_server("127.0.0.1", 70000, None)


def test_page_template_loads_nothing_from_the_network():
    page = (TEMPLATES / "app_index.html").read_text(encoding="utf-8")
    assert "googleapis" not in page
    for marker in ('src="http', "href=\"http", "url(http", "url(\"http"):
        assert marker not in page


def test_codes_go_to_tabs_in_the_environment_not_the_command_line(tmp_path):
    server = make_server("127.0.0.1", 8123, tmp_path, room_code="4821", facilitator_code="lead-77")
    assert "4821" not in server.command and "lead-77" not in server.command
    assert server.env["COACHSIM_FACILITATOR_CODE"] == "lead-77"


@pytest.mark.parametrize("options, message", [
    ({"room_code": "12"}, "at least 4"),
    ({"facilitator_code": "with space"}, "without spaces"),
    ({"room_code": "same", "facilitator_code": "same"}, "must differ"),
    ({"max_sessions": 0}, "1 or more"),
    ({"origins": ("ftp://x",)}, "not an origin"),
])
def test_bad_room_settings_are_one_line_errors(tmp_path, options, message):
    with pytest.raises(InputError, match=message):
        make_server("127.0.0.1", 8123, tmp_path, **options)


def test_cli_refuses_remote_host_with_exit_2(capsys):
    from simulator.cli import main

    with pytest.raises(SystemExit) as info:
        main(["serve", "--host", "0.0.0.0", "--port", "8765"])
    assert info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--allow-remote" in err[0]
