"""The browser server: loopback by default, remote only when asked, nothing from the network."""
from __future__ import annotations

import shlex
import sys

import pytest

from simulator.errors import InputError
from simulator.web.server import TEMPLATES, app_command, is_loopback, make_server


@pytest.mark.parametrize("host, loopback", [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True), ("127.0.0.5", True),
    ("0.0.0.0", False), ("192.168.1.10", False), ("example.org", False), ("::", False),
])
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_remote_host_is_refused_without_allow_remote():
    with pytest.raises(InputError, match="--allow-remote"):
        make_server("0.0.0.0", 8000, None)
    server = make_server("0.0.0.0", 8000, None, allow_remote=True)
    assert server.host == "0.0.0.0"


def test_default_server_is_local_and_uses_our_template(tmp_path):
    server = make_server("127.0.0.1", 8123, tmp_path)
    assert (server.host, server.port) == ("127.0.0.1", 8123)
    assert server.templates_path == TEMPLATES
    argv = shlex.split(server.command)
    assert argv[:3] == [sys.executable, "-m", "simulator"]
    assert argv[3:] == ["--data-dir", str(tmp_path), "app"]


def test_bad_port():
    with pytest.raises(InputError, match="out of range"):
        make_server("127.0.0.1", 70000, None)


def test_page_template_loads_nothing_from_the_network():
    page = (TEMPLATES / "app_index.html").read_text(encoding="utf-8")
    assert "googleapis" not in page
    for marker in ('src="http', "href=\"http", "url(http", "url(\"http"):
        assert marker not in page


def test_app_command_without_data_dir():
    assert shlex.split(app_command(None))[-1] == "app"


def test_cli_refuses_remote_host_with_exit_2(capsys):
    from simulator.cli import main

    with pytest.raises(SystemExit) as info:
        main(["serve", "--host", "0.0.0.0", "--port", "8765"])
    assert info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--allow-remote" in err[0]
