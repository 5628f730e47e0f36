"""``coachsim serve``: the practice app in the browser, one session per tab."""
from __future__ import annotations

import click

from simulator.cli.options import current_config
from simulator.web.server import is_loopback, make_server


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--allow-remote", is_flag=True,
              help="Allow a non-loopback --host. There is no login: anyone who can reach the port can use it.")
@click.pass_context
def command(ctx: click.Context, host: str, port: int, allow_remote: bool) -> None:
    """Serve the practice app to web browsers (each tab gets its own practice session)."""
    data_dir = current_config(ctx).settings.data_path
    server = make_server(host, port, data_dir, allow_remote=allow_remote)
    if not is_loopback(host):
        click.echo(f"coachsim: warning: serving on {host}:{port} with no login; anyone who can "
                   "reach this port can use the simulator and its store", err=True)
    click.echo(f"coachsim: open http://{'localhost' if is_loopback(host) else host}:{port} "
               "in a browser; Ctrl+C stops the server", err=True)
    server.serve()
