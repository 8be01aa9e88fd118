"""``yrdmap serve``: --help, one clear line for a bad port or host, and a real start from
the checkout (compressed static files, loopback only, stopped with its parent)."""
from __future__ import annotations

import gzip
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests._helpers import REPO, free_port, wait_healthy

ROOT = REPO
YRDMAP = [sys.executable, "-c", "import sys; from layers.cli import main; sys.argv[0] = 'yrdmap'; "
          "main()"]


def yrdmap(*args, env=None, timeout=60):
    return subprocess.run(YRDMAP + list(args), cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


def test_help_names_port_host_open():
    r = yrdmap("serve", "--help")
    assert r.returncode == 0
    for word in ("--port", "--host", "--open", "0.0.0.0", "127.0.0.1"):
        assert word in r.stdout


@pytest.mark.parametrize("args,expect", [
    (["--port", "abc"], "--port 'abc' is not a port; accepted: a whole number from 1 to 65535"),
    (["--port", "0"], "--port '0' is not a port"),
    (["--port", "65536"], "--port '65536' is not a port"),
    (["--host", "no-such-host.invalid"], "--host 'no-such-host.invalid' is not an address of "
                                         "this machine; accepted: 127.0.0.1"),
    (["--host", "203.0.113.9"], "--host '203.0.113.9' is not an address of this machine"),
])
def test_bad_port_or_host_is_one_line(args, expect):
    r = yrdmap("serve", *args)
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0, r.stderr
    assert expect in r.stderr and r.stderr.startswith("yrdmap: error:")


def test_port_in_use_is_one_line():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = yrdmap("serve", "--port", str(port))
    assert r.returncode == 2 and r.stderr.strip().count("\n") == 0
    assert f"--port {port} on 127.0.0.1 is already in use" in r.stderr


def test_bad_configured_limit_is_one_line():
    r = yrdmap("serve", "--port", str(free_port()), env={"YRDMAP_MAX_UPLOAD_MB": "lots"})
    assert r.returncode == 2 and r.stderr.strip().count("\n") == 0
    assert "YRDMAP_MAX_UPLOAD_MB='lots' is not usable; accepted: a number above 0" in r.stderr


def test_config_lists_every_setting():
    r = yrdmap("config", "--json", env={"TIANDITU_KEY": "secretkey99"})
    assert r.returncode == 0 and "secretkey99" not in r.stdout
    assert '"TIANDITU_KEY"' in r.stdout and '"YRDMAP_DATABASE_URL"' in r.stdout


@pytest.mark.slow
def test_serve_starts_compresses_and_stops_with_its_parent():
    port = free_port()
    proc = subprocess.Popen(YRDMAP + ["serve", "--port", str(port)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_healthy(url, proc, 120, "yrdmap serve")
        # loopback only by default
        addrs = [a for a in socket.getaddrinfo(socket.gethostname(), port)
                 if not a[4][0].startswith("127.")]
        for fam, typ, _, _, addr in addrs[:1]:
            with socket.socket(fam, typ) as s:
                s.settimeout(2)
                assert s.connect_ex(addr[:2]) != 0, "serve listens beyond the loopback"
        import streamlit

        index = next((Path(streamlit.__file__).parent / "static" / "static" / "js")
                     .glob("index.*.js"))
        req = urllib.request.Request(url + f"static/js/{index.name}",
                                     headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(req, timeout=30) as r:
            body = r.read()
            assert r.headers["Content-Encoding"] == "gzip"
            assert "immutable" in r.headers["Cache-Control"]
        assert gzip.decompress(body) == index.read_bytes()
        assert len(body) < index.stat().st_size / 2
        req = urllib.request.Request(url + "app/static/vendor/leaflet-1.9.4/leaflet.js",
                                     headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(req, timeout=30) as r:
            r.read()
            assert r.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    time.sleep(1)
    with socket.socket() as s:          # the server child went with its parent
        assert s.connect_ex(("127.0.0.1", port)) != 0
