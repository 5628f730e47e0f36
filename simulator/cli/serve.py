"""``coachsim serve``: the practice app in the browser for a room, one session per tab."""
from __future__ import annotations

import click

from simulator.cli.options import current_config
from simulator.errors import InputError
from simulator.web.guard import is_loopback
from simulator.web.server import make_server


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--allow-remote", is_flag=True,
              help="Allow a non-loopback --host (needs --room-code). Anyone who can reach the "
              "port and knows the code can join.")
@click.option("--origin", "origins", multiple=True, metavar="URL",
              help="Another address the room's browsers use, e.g. http://192.168.1.20:8000 "
              "(repeatable). Pages of any other origin are refused.")
@click.option("--max-sessions", type=int, default=None,
              help="Most tabs open at once (default: sized to this machine's processors and "
              "memory). Further tabs see a 'room is full' page.")
@click.option("--room-code", envvar="COACHSIM_ROOM_CODE", metavar="CODE",
              help="A code each participant types after their name (show it on the screen). "
              "Also COACHSIM_ROOM_CODE.")
@click.option("--facilitator-code", envvar="COACHSIM_FACILITATOR_CODE", metavar="CODE",
              help="The lead's code: typed on the name screen (Ctrl+F), it opens the "
              "facilitator view of the room. Also COACHSIM_FACILITATOR_CODE.")
@click.pass_context
def command(ctx: click.Context, host: str, port: int, allow_remote: bool, origins: tuple[str, ...],
            max_sessions: int | None, room_code: str | None,
            facilitator_code: str | None) -> None:
    """Serve the practice app to a room of browsers: each tab starts at a name screen, each
    participant has their own history and exports, and the lead can watch the room."""
    data_dir = current_config(ctx).settings.data_path
    server = make_server(host, port, data_dir,
                         allow_remote=allow_remote, origins=origins, max_sessions=max_sessions,
                         room_code=room_code, facilitator_code=facilitator_code)
    if not is_loopback(host):
        click.echo(f"coachsim: warning: serving on {host}:{port}; anyone who can reach this "
                   "port and has the room code can join", err=True)
    click.echo(f"coachsim: open http://{'localhost' if is_loopback(host) else host}:{port} "
               f"in a browser (at most {server.max_sessions} tabs at once); Ctrl+C stops the "
               "server", err=True)
    if facilitator_code:
        click.echo("coachsim: for the facilitator view, open a tab and press Ctrl+F on the "
                   "name screen", err=True)
    try:
        server.serve()
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror}; "
                         "choose another --port") from None
