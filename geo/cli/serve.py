"""``yrdmap serve``: start the map app from the installed package or the checkout, on any OS.

The engine imports no streamlit, so the server runs in a child process
(``python -m ui.server``: Streamlit's ASGI app with compressed, cached static assets). Host
and port are checked here first, so a bad one is one line, not a traceback.
``yrdmap config`` prints every setting (:mod:`geo.config`) and where its value came from.
"""
from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from typing import Annotated, Optional

import typer

from geo.cli._filters import Json
from geo.cli._output import domain_errors, emit_json, emit_table, fail
from geo.errors import InputError


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("config")(show_config)


def parse_port(text: str) -> int:
    """A TCP port from user text, or a one-line :class:`ValueError`.

    Examples
    --------
    >>> parse_port("8600")
    8600
    >>> parse_port("70000")
    Traceback (most recent call last):
    ...
    geo.errors.InputError: --port '70000' is not a port; accepted: a whole number from 1 to 65535
    """
    try:
        port = int(str(text).strip())
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise InputError(f"--port {text!r} is not a port; accepted: a whole number from 1 to 65535")
    return port


def check_bind(host: str, port: int) -> None:
    """Refuse, in one line, a host this machine cannot listen on or a port already taken.

    Examples
    --------
    >>> check_bind("no such host.invalid", 8600)
    Traceback (most recent call last):
    ...
    geo.errors.InputError: --host 'no such host.invalid' is not an address of this machine; accepted: 127.0.0.1 (this computer only), 0.0.0.0 (every interface, for a team) or one of this machine's IP addresses
    """
    accepted = ("127.0.0.1 (this computer only), 0.0.0.0 (every interface, for a team) or "
                "one of this machine's IP addresses")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError):
        raise InputError(f"--host {host!r} is not an address of this machine; accepted: "
                         f"{accepted}") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as s:
        if os.name != "nt":
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(address)
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)):
                raise InputError(f"--port {port} on {host} is already in use; accepted: a free "
                                 f"port, e.g. --port {port + 1}") from None
            if exc.errno in (errno.EACCES, getattr(errno, "WSAEACCES", -1)):
                raise InputError(f"--port {port} on {host} needs administrator rights; "
                                 f"accepted: a port from 1024 to 65535") from None
            raise InputError(f"--host {host!r} is not an address of this machine "
                             f"({exc.strerror}); accepted: {accepted}") from None


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _open_when_ready(url: str, proc: subprocess.Popen, timeout: float = 120.0) -> None:
    import webbrowser

    deadline = time.time() + timeout
    while time.time() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=2):
                webbrowser.open(url)
                return
        except OSError:
            time.sleep(0.5)


@domain_errors
def serve(
    port: Annotated[Optional[str], typer.Option("--port", "-p", help="Port (default 8501, or port in yrdmap.toml / YRDMAP_PORT).", show_default=False)] = None,
    host: Annotated[Optional[str], typer.Option("--host", help="Address to listen on: 127.0.0.1 (default: this computer only) or 0.0.0.0 to serve a team.", show_default=False)] = None,
    open_browser: Annotated[bool, typer.Option("--open", help="Open the map in the default browser once it is up.")] = False,
) -> None:
    """Start the map app (Streamlit) on http://HOST:PORT — from the installed package or the
    checkout, on Windows, macOS or Linux. Stop it with Ctrl+C."""
    from geo import config, paths

    host = (host or config.get("host")).strip()
    port_n = parse_port(port if port is not None else str(config.get("port")))
    check_bind(host, port_n)
    try:
        root = paths.app_root()
    except FileNotFoundError as exc:
        fail(str(exc))
    config.get("max_upload_mb")                      # a bad limit fails here, in one line
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    url = f"http://{shown}:{port_n}/"
    note = (" — every interface: colleagues use this machine's address" if shown != host
            else " — this computer only; --host 0.0.0.0 serves a team")
    typer.echo(f"yrdmap: serving {root} on {url}{note}", err=True)
    cmd = [sys.executable, "-m", "ui.server", "--host", host, "--port", str(port_n)]
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    # the child imports ui/ and app.py from the same place as this geo/
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(root), env.get("PYTHONPATH", "")) if p)
    proc = subprocess.Popen(cmd, cwd=root, env=env)
    # stopping `yrdmap serve` (Ctrl+C, or SIGTERM from a service manager) stops the server
    signal.signal(signal.SIGTERM, _interrupt)
    if open_browser:
        threading.Thread(target=_open_when_ready, args=(url, proc), daemon=True).start()
    try:
        code = proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        try:
            code = proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = proc.wait()
        code = 0
    raise typer.Exit(code)


@domain_errors
def show_config(
    as_json: Json = False,
) -> None:
    """Every setting (environment variable, yrdmap.toml key), its value and where it came
    from; secrets are masked."""
    from geo import config

    rows = config.describe()
    if as_json:
        emit_json({"file": str(config.config_file() or ""), "settings": rows})
        return
    emit_table(rows, ["key", "env", "value", "origin"])
    typer.echo(f"configuration file: {config.config_file() or '(none)'}")
