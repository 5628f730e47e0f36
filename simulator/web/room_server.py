"""textual-serve's Server, made safe for a room of browsers.

- Every request passes :func:`guard` first: a foreign ``Host`` (DNS rebinding) or ``Origin``
  (another site's page) gets a 403 and no app process.
- At most ``max_sessions`` tabs run at once; the page says so plainly when the room is full.
- Each browser gets a random participant cookie (HttpOnly, SameSite=Strict) that reaches its
  tab's process in the environment, never in a URL or on a command line: with the name typed
  on the first screen it picks the participant's own store (see :mod:`simulator.room`).
- The page and its websocket use the address the browser used, so the cookie goes with both.
"""
from __future__ import annotations

import asyncio
import logging
import re
import secrets
from html import escape
from typing import Mapping

import aiohttp_jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from simulator.web.guard import Allowed

log = logging.getLogger("textual-serve")

COOKIE = "coachsim_participant"
TOKEN = re.compile(r"[0-9a-f]{32}")
#: Headers on every answer: no other site may frame the app (clickjacking) or sniff types.
SAFE_HEADERS = {"X-Frame-Options": "DENY", "Content-Security-Policy": "frame-ancestors 'none'",
                "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def page(title: str, text: str, status: int) -> web.Response:
    """A small plain page (the room full, a refused request)."""
    body = (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{escape(title)}"
            f"</title></head><body style=\"font-family: sans-serif; margin: 3em\"><h1>{escape(title)}"
            f"</h1><p>{escape(text)}</p></body></html>")
    return web.Response(text=body, status=status, content_type="text/html", headers=SAFE_HEADERS)


class TabService(AppService):
    """One tab's app process, with the room's settings and the participant in its environment."""

    def __init__(self, command: str, extra_env: Mapping[str, str], **kwargs) -> None:
        super().__init__(command, **kwargs)
        self.extra_env = dict(extra_env)

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment.update(self.extra_env)
        return environment


class RoomServer(Server):
    """The practice app for a room: guarded, capped, one participant cookie per browser."""

    def __init__(self, command: str, *, host: str, port: int, allowed: Allowed,
                 max_sessions: int, env: Mapping[str, str], **kwargs) -> None:
        super().__init__(command, host=host, port=port, **kwargs)
        self.allowed = allowed
        self.max_sessions = max_sessions
        self.env = dict(env)
        self.live = 0

    @property
    def full(self) -> bool:
        """True when every tab the machine allows is open."""
        return self.live >= self.max_sessions

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self.guard)
        return app

    @web.middleware
    async def guard(self, request: web.Request, handler) -> web.StreamResponse:
        """Refuse requests from other sites or under other names, before any handler runs."""
        websocket = request.headers.get("Upgrade", "").lower() == "websocket"
        reason = self.allowed.refusal(request.headers.get("Host"), request.headers.get("Origin"),
                                      websocket)
        if reason is not None:
            log.warning("refused %s %s: %s", request.method, request.path, reason)
            return web.Response(text=f"coachsim: refused: {reason}\n", status=403,
                                headers=SAFE_HEADERS)
        response = await handler(request)
        for name, value in SAFE_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    def _full_page(self) -> web.Response:
        return page("The room is full",
                    f"All {self.max_sessions} places in this room are taken. Close a coachsim tab "
                    "you no longer use, or ask the session lead, then reload this page.", 503)

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The app page; its websocket is on the address the browser used (cookie included)."""
        if self.full:
            return self._full_page()
        font_size = to_int(request.query.get("fontsize", "16"), 16)
        context = {
            "font_size": font_size,
            "app_websocket_url": f"{'wss' if request.secure else 'ws'}://{request.host}/ws",
            "config": {"static": {"url": "/static/"}},
            "application": {"name": self.title},
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        if not TOKEN.fullmatch(request.cookies.get(COOKIE, "")):
            response.set_cookie(COOKIE, secrets.token_hex(16), httponly=True, samesite="Strict",
                                path="/", max_age=60 * 60 * 24)
        return response

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        """One tab: start its app process (if there is room) and relay the terminal."""
        if self.full:
            return self._full_page()
        token = request.cookies.get(COOKIE, "")
        if not TOKEN.fullmatch(token):
            token = secrets.token_hex(16)  # no cookie: this tab is a participant of its own
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        service: TabService | None = None
        self.live += 1
        try:
            await websocket.prepare(request)
            service = TabService(self.command, {**self.env, "COACHSIM_PARTICIPANT": token},
                                 write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                                 close=websocket.close, download_manager=self.download_manager,
                                 debug=self.debug)
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # a broken tab must not stop the room; textual-serve logs too
            log.exception(error)
        finally:
            self.live -= 1
            if service is not None:
                await service.stop()
        return websocket
