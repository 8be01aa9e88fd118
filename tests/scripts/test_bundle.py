"""The offline bundle end to end: build it (needs PyPI, as CI has), install it into a fresh
venv with ``--no-index`` and no reachable network, ``yrdmap serve`` from outside the
checkout, and load the map in headless Chromium: it draws, 0 requests to other hosts.
The Windows part must hold a win_amd64 or pure wheel for every requirement resolved with
Windows' markers."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests._helpers import free_port, wait_healthy

ROOT = Path(__file__).resolve().parents[2]
PY = f"{sys.version_info.major}.{sys.version_info.minor}"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
#: pip with no index, no config file (no extra find-links) and no usable proxy/network
OFFLINE = {"PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1",
           "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
           "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9"}

pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    PY not in ("3.11", "3.12"), reason="the bundle targets CPython 3.11 and 3.12")]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundle") / "yrdmap-offline"
    r = subprocess.run(["bash", "scripts/bundle.sh", "--out", str(out), "--platforms",
                        "linux,windows", "--python", PY, "--extras", "db"],
                       cwd=ROOT, capture_output=True, text=True, timeout=1800,
                       env={**os.environ, "PYTHON": sys.executable})
    assert r.returncode == 0, r.stderr[-3000:]
    return out


def test_bundle_layout_and_size_line(bundle):
    for name in ("install.sh", "install.bat", "INSTALL.md", "manifest.json"):
        assert (bundle / name).is_file()
    note = (bundle / "INSTALL.md").read_text("utf-8")
    assert "离线" in note and "offline" in note and " MB" in note
    bat = (bundle / "install.bat").read_bytes()
    assert b"\r\n" in bat and b"--no-index --find-links" in bat
    assert "--no-index --find-links" in (bundle / "install.sh").read_text("utf-8")


def test_the_wheel_carries_the_app_root(bundle):
    import zipfile

    wheel = next((bundle / "wheels").glob("yrdmap-*-py3-none-any.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in ("app.py", ".streamlit/config.toml", "static/vendor/leaflet-1.9.4/leaflet.js",
                 "data/projects.geojson", "data/boundaries/provinces.geojson",
                 "data/boundaries/counties_s1000.geojson", "data/network/lines.geojson"):
        assert f"yrdmap_app/{path}" in names, path
    for path in (ROOT / "data").rglob("*"):
        rel = path.relative_to(ROOT).as_posix()
        if path.is_file() and not rel.startswith("data/user"):
            assert f"yrdmap_app/{rel}" in names, rel
    assert not any(n.startswith(("yrdmap_app/data/user", "tests/")) for n in names)
    assert {"geo/__init__.py", "layers/registry.toml", "ui/server.py"} <= names


def test_windows_part_has_a_windows_or_pure_wheel_for_every_requirement(bundle):
    sys.path.insert(0, str(ROOT / "scripts"))
    from wheel_closure import closure

    files, missing = closure(bundle / "wheels", "yrdmap[db]", "windows", PY)
    assert missing == []
    assert "colorama" in files                      # a Windows-only marker (click) resolved
    assert "psycopg-binary" in files                # the team extra
    for name in files.values():
        assert name.endswith(("-win_amd64.whl", "-none-any.whl")), name
    manifest = json.loads((bundle / "manifest.json").read_text("utf-8"))
    assert sorted(files.values()) == manifest[f"windows-cp{PY}"]
    assert all("manylinux" in f or f.endswith("-any.whl") for f in manifest[f"linux-cp{PY}"])


@pytest.fixture(scope="module")
def installed(bundle, tmp_path_factory):
    venv = tmp_path_factory.mktemp("venv") / "v"
    base = getattr(sys, "_base_executable", sys.executable)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    r = subprocess.run(["sh", str(bundle / "install.sh"), str(venv)], capture_output=True,
                       text=True, timeout=1800, env={**env, **OFFLINE, "PYTHON": base})
    assert r.returncode == 0, (r.stdout + r.stderr)[-3000:]
    return venv, env


@pytest.mark.browser
def test_installed_bundle_serves_the_map_offline(installed, tmp_path):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found (Debian chromium, scripts/system-deps.sh)")
    sync_api = pytest.importorskip("playwright.sync_api")
    venv, env = installed
    port = free_port()
    proc = subprocess.Popen([str(venv / "bin" / "yrdmap"), "serve", "--port", str(port)],
                            cwd=tmp_path, env={**env, "HOME": str(tmp_path)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_healthy(url, proc, 180, "yrdmap serve")
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                asked = []
                page.on("request", lambda r: asked.append(r.url))
                page.goto(url)
                frame = page.wait_for_selector("iframe[title='streamlit_folium.st_folium']",
                                               timeout=120_000).content_frame()
                frame.wait_for_selector(".leaflet-pane path.leaflet-interactive, "
                                        ".leaflet-pane canvas", timeout=120_000)
                page.wait_for_timeout(2000)
                n_paths = frame.evaluate("document.querySelectorAll('.leaflet-pane path').length")
                page.screenshot(path=str(Path(os.environ.get("YRDMAP_ARTIFACTS", "/tmp"))
                                         / "bundle-installed-map.png"))
            finally:
                browser.close()
        assert n_paths > 10
        outside = [u for u in asked if u.startswith(("http:", "https:"))
                   and not u.startswith(url)]
        assert outside == []
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    served = proc.stderr.read().decode(errors="replace")
    # served from the installed package, not from the checkout
    assert "site-packages" in served and str(ROOT) not in served.split("serving", 1)[-1][:300]
