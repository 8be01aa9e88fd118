"""Servers started as subprocesses (``streamlit run``, ``yrdmap serve``) for the benches
and the tests: a free loopback port, waiting for the health check, stopping one."""
from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable

__all__ = ["free_port", "wait_healthy", "stop_process"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now.

    >>> 0 < free_port() < 65536
    True
    """
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pipe_output(proc: subprocess.Popen) -> str:
    out = proc.stderr or proc.stdout
    return out.read().decode(errors="replace") if out else ""


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 120,
                 name: str = "streamlit", output: Callable[[], str] | None = None) -> None:
    """Return once ``url + "_stcore/health"`` answers; raise RuntimeError with the end of
    the server's output (``output()``; by default its stderr or stdout pipe) if it exits
    first, or if nothing answers within ``timeout`` s (it is left running: the caller
    stops it)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            text = output() if output is not None else _pipe_output(proc)
            raise RuntimeError(f"{name} exited with {proc.returncode}: {text[-2000:]}")
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{name} did not answer at {url} within {timeout:.0f} s")


def stop_process(proc: subprocess.Popen, timeout: float = 15) -> None:
    """Stop one process we started (by its handle, never by name): terminate, then kill it
    if it has not exited within ``timeout`` s."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
