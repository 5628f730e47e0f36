"""Which requests the browser server answers: its own Host and Origin only (no other site's
page, no DNS rebinding), and how many tabs a machine serves."""
from __future__ import annotations

import pytest

from simulator.web.guard import allowed, check_origin, default_max_sessions

LOCAL = allowed("127.0.0.1", 8000)


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "LOCALHOST:8000", "[::1]:8000"])
def test_the_served_address_under_each_loopback_name_is_answered(host):
    assert LOCAL.refusal(host, None, websocket=False) is None
    assert LOCAL.refusal(host, f"http://{host}", websocket=True) is None


@pytest.mark.parametrize("host", ["evil.example:8000", "127.0.0.1:8001", "localhost", "", None,
                                  "127.0.0.1:8000.evil.example"])
def test_a_foreign_host_header_is_refused(host):
    assert LOCAL.refusal(host, None, websocket=False) is not None


@pytest.mark.parametrize("origin", ["http://evil.example", "http://127.0.0.1:9999", "null",
                                    "https://127.0.0.1:8000", "http://localhost:8000.evil.example"])
def test_a_foreign_origin_is_refused_for_pages_and_websockets(origin):
    assert LOCAL.refusal("127.0.0.1:8000", origin, websocket=False) is not None
    assert LOCAL.refusal("127.0.0.1:8000", origin, websocket=True) is not None


def test_a_websocket_without_an_origin_is_refused():
    assert LOCAL.refusal("127.0.0.1:8000", None, websocket=True) is not None


def test_an_explicit_origin_is_answered_and_only_it():
    room = allowed("0.0.0.0", 8000, ("http://192.168.1.20:8000/",))
    assert room.refusal("192.168.1.20:8000", "http://192.168.1.20:8000", websocket=True) is None
    assert room.refusal("0.0.0.0:8000", None, websocket=False) is not None
    assert room.refusal("192.168.1.20:8000", "http://192.168.1.21:8000", websocket=True) is not None


@pytest.mark.parametrize("text", ["192.168.1.20:8000", "http://x/path", "http://u@x", "javascript:x"])
def test_an_origin_must_be_scheme_host_and_port(text):
    from simulator.errors import InputError

    with pytest.raises(InputError, match="not an origin"):
        check_origin(text)


def test_the_default_cap_grows_with_processors_and_memory(monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setattr("os.sysconf", lambda name: {"SC_PAGE_SIZE": 4096,
                                                    "SC_PHYS_PAGES": 24 * 2**30 // 4096}[name])
    assert default_max_sessions() == 16  # processors limit it
    monkeypatch.setattr("os.sysconf", lambda name: {"SC_PAGE_SIZE": 4096,
                                                    "SC_PHYS_PAGES": 1 * 2**30 // 4096}[name])
    assert default_max_sessions() == 6  # half of 1 GB at 80 MB a tab
