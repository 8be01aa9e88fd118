"""The map in a real browser: bytes transferred and time to the first painted map for the
default view, against the naive app, plus the payload floor.

- ``app.py`` and the naive peer (:mod:`bench.naive_app`: st_folium of
  ``GeoDataFrame.explore()`` of the same layers at full resolution) each run under
  ``streamlit run`` on a free loopback port. Each server is warmed by one page load
  (its data loaded and cached), then the default view is loaded ``runs`` times, each
  in a fresh browser context (empty cache), in Debian's headless Chromium driven by
  Playwright (never ``playwright install``).
- Time to first painted map: from the start of navigation to the first Leaflet path
  or canvas inside the map's frame on screen, timed in the page (:data:`PAINT_PROBE`:
  found by a 4 ms poll, then two animation frames). When Playwright's own wait saw it
  is reported too: that wait lags, more so while the page's main thread is busy.
- Bytes: HTTP bytes on the wire (CDP ``encodedDataLength``) plus the websocket
  payload the page receives (Streamlit's websocket compression is off by default, so
  payload = wire), counted until the page has been quiet for a second. Split into
  Streamlit's own frontend bundle (``/static/``, identical for any Streamlit app and
  served uncompressed by Streamlit on purpose) and what the app sends.
- Offline: there is no internet here, so the naive app's CDN requests are answered by
  the browser harness: Leaflet from the app's vendored copy (its bytes counted), the
  other CDN files (jQuery, Bootstrap, Font Awesome, awesome-markers) with empty bodies
  (not needed to draw; their bytes are *not* counted, so the naive byte count is a
  lower bound and its paint time a best case). Requests from ``app.py`` to any
  non-local host are counted (budget 0).
- Payload floor: the geometries the default view draws (province and city boundaries,
  lakes, every item; county lines are off by default) simplified at one screen pixel
  for the default zoom at latitude 31° (``shapely.coverage_simplify`` for the
  boundary coverages so shared borders stay shared, ``shapely.simplify`` for lakes
  and items) in the metric CRS, written as GeoJSON with 5 decimals. Compared with the
  geometry in our default map script (every vector layer's data, hidden county layer
  included).
- Stack floor (full runs): :mod:`bench.floor_app`, Streamlit + st_folium drawing one
  line, measured the same way: what any page of this stack costs before our data.

- Interactions (full runs, :func:`run_interactions`): in one page each, the seconds
  from a user action (a province chosen or removed in the sidebar, a layer pill, a
  status, the adjacency tab's second region) to the map showing new layers — in the
  same frame (st_folium added new feature groups and the data files they name are
  drawn) or in a reloaded frame (painted again) — median of ``runs`` after a warm-up.
  The clock starts at the choice itself: the click, or the key (Enter, Backspace) that
  takes the option typed into a box; opening the box and typing the name come before
  (until 2026-12-02 they were timed too: ~0.2 s of Playwright typing per action); and the iframe reloads while zooming
  through every detail level and back (a marker put on the frame's ``window`` is gone
  after a reload). Against the stack floor (:mod:`bench.floor_app` ``?mode=layers``:
  one line swapped through ``feature_group_to_add``), the naive peer (province filter:
  a full rebuild) and, when ``YRDMAP_BENCH_BEFORE`` names another checkout of this
  repository, that version of the app (the figures before a change, in the same run).
- The app runs under the command ``scripts/app.sh`` ends with (:func:`app_command`), so
  the bytes counted are the bytes the README's own command serves.

Skipped (rows say why) when Chromium, Playwright or streamlit-folium is missing.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import shapely

from bench._measure import row, skipped, summary
from bench._network import NetworkLog
from bench._process import free_port, stop_process, wait_healthy
from geo.display import metres_per_pixel
from geo.i18n import t

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("YRDMAP_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
VIEWPORT = {"width": 1500, "height": 1000}
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
PAINTED = ".leaflet-pane path, .leaflet-pane canvas"
#: any http(s) URL whose host is not the loopback
NON_LOCAL = re.compile(r"^https?://(?!(localhost|127\.0\.0\.1|\[::1\])(:\d+)?/)")
VENDOR_LEAFLET = ROOT / "static" / "vendor" / "leaflet-1.9.4"
FLOOR_LATITUDE = 31.0
FLOOR_DECIMALS = 5
TIME_BUDGET_S = 2.0
BYTES_BUDGET_MB = 1.5
#: issue 14: first paint within 1.2× the stack floor; our map payload within 1.5× the 1-px floor
FLOOR_PAINT_RATIO = 1.2
FLOOR_PAYLOAD_RATIO = 1.5
_CONTENT_TYPES = {".js": "application/javascript", ".css": "text/css"}


def missing() -> str | None:
    """Why the browser benchmark cannot run here, or None."""
    import importlib.util

    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found (Debian package chromium)"
    for mod, pip in (("playwright", "playwright"), ("streamlit_folium", "streamlit-folium")):
        if importlib.util.find_spec(mod) is None:
            return f"{mod} is not installed (pip install {pip})"
    return None


@contextmanager
def chromium():
    """Debian's Chromium driven by Playwright, headless with :data:`CHROMIUM_ARGS`; closed
    on the way out (check :func:`missing` first)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# ---------------------------------------------------------------- servers


def app_command(script: Path, port: int, root: Path = ROOT, plain: bool = False) -> list[str]:
    """The command ``scripts/app.sh`` ends with (its ``exec`` line), run from this
    interpreter's environment on ``port`` (loopback): the bytes the benchmark counts
    are the bytes the README's own command serves. ``"$@"`` takes the port and
    address; a script other than ``app.py`` (the peers), or any with ``plain``, runs under
    ``streamlit run``."""
    args = ["--server.port", str(port), "--server.address", "127.0.0.1",
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none"]
    command = [sys.executable, "-m", "streamlit", "run", str(script), *args]
    sh = root / "scripts" / "app.sh"
    if plain or script.name != "app.py" or not sh.exists():
        return command
    lines = [ln.strip() for ln in sh.read_text(encoding="utf-8").splitlines()
             if ln.strip().startswith("exec ")]
    if not lines:
        return command
    words = shlex.split(lines[-1])[1:]
    venv_bin = Path(sys.executable).parent
    streamlit = any(w.endswith("streamlit") for w in words)
    out = []
    for w in words:
        if w == "$@":       # streamlit's flags, or `yrdmap serve`'s
            out += args if streamlit else ["--port", str(port), "--host", "127.0.0.1"]
        elif w == ".venv/bin/yrdmap":
            out += [sys.executable, "-m", "layers.cli"]
        elif w.startswith(".venv/bin/"):
            out.append(str(venv_bin / w.split("/", 2)[2]))
        else:
            out.append(w)
    return out


def start_server(script: Path, timeout: float = 120.0, root: Path = ROOT, plain: bool = False,
                 env: dict | None = None):
    """The app (``scripts/app.sh``'s command, :func:`app_command`) or a peer script on a
    free loopback port, in ``root`` (another checkout: an earlier version of the app),
    with ``env`` added (settings); returns (process, url, log path)."""
    port = free_port()
    return launch(app_command(script, port, root, plain), port, "streamlit", cwd=root,
                  env={"PYTHONPATH": str(root), **(env or {})}, timeout=timeout)


def launch(command: list[str], port: int, name: str, *, cwd: Path = ROOT,
           env: dict | None = None, timeout: float = 120.0):
    """Start ``command`` (a Streamlit server listening on ``port``) and wait until its
    health endpoint answers; returns (process, url, log path). ``name`` is what the
    errors call it."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    env.pop("TIANDITU_KEY", None)
    log = Path(tempfile.mkstemp(prefix=f"yrdmap-bench-{name.split()[-1]}-", suffix=".log")[1])
    with open(log, "wb") as out:
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_healthy(url, proc, timeout, name, output=lambda: log.read_text(errors="replace"))
    except RuntimeError:
        stop_process(proc)
        raise
    return proc, url, log


def stop_server(proc: subprocess.Popen) -> None:
    """Stop one server we started (by its process, never by name)."""
    stop_process(proc)


# ---------------------------------------------------------------- one page load


class _OfflineCDN:
    """Answers CDN requests without the internet: Leaflet from the vendored copy, the
    rest with empty bodies. Counts what it serves."""

    def __init__(self):
        self.bytes = 0
        self.served: list[str] = []
        self.stubbed: list[str] = []

    def __call__(self, route):
        url = route.request.url
        name = urlparse(url).path.rsplit("/", 1)[-1]
        local = VENDOR_LEAFLET / name if name in ("leaflet.js", "leaflet.css") else None
        ctype = _CONTENT_TYPES.get(Path(name).suffix, "application/octet-stream")
        if local is not None and local.exists():
            body = local.read_bytes()
            self.served.append(url)
        else:
            body = b""
            self.stubbed.append(url)
        self.bytes += len(body)
        route.fulfill(status=200, body=body, content_type=ctype,
                      headers={"access-control-allow-origin": "*"})


#: runs in the page before its own scripts: every 4 ms, look into the map frame (same
#: origin) for a painted shape; when one is there, wait two animation frames (the frame
#: holding it has been drawn) and note the time since navigation started. Playwright's
#: own wait notices the shape later, and later still when the page's main thread is busy
#: (its polling waits for the thread), so that lag is the benchmark's, not the user's.
PAINT_PROBE = f"""
if (window === window.top) {{
  const probe = setInterval(() => {{
    const frame = document.querySelector("{MAP_FRAME.replace('"', "'")}");
    let doc = null;
    try {{ doc = frame && frame.contentDocument; }} catch (e) {{}}
    if (doc && doc.querySelector("{PAINTED}")) {{
      clearInterval(probe);
      requestAnimationFrame(() => requestAnimationFrame(() => {{
        window.__yrdPainted = performance.now();
      }}));
    }}
  }}, 4);
}}
"""


def load_view(browser, url: str, *, timeout: float = 120.0, gzip_sizes: bool = False) -> dict:
    """Load ``url`` in a fresh context and measure the default view.

    Returns ``first_paint_s``: seconds from navigation until the first map shape was on
    screen, timed in the page (:data:`PAINT_PROBE`; None if the map never painted within
    ``timeout``), ``seen_s``: when Playwright's wait saw it (later, by its polling lag),
    ``http_bytes`` (local HTTP on the wire), ``streamlit_bytes`` (of which Streamlit's
    frontend ``/static/``), ``ws_bytes`` (websocket payload received), ``cdn_bytes``
    (served by :class:`_OfflineCDN`), ``total_bytes``, ``app_bytes`` (total minus
    Streamlit's frontend), ``non_local`` (requests to other hosts), ``hosts``; with
    ``gzip_sizes`` also ``gzip_total_bytes``: the same responses and websocket
    payload gzip-compressed (what a compressing reverse proxy and websocket
    compression would send).
    """
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(PAINT_PROBE)
    cdn = _OfflineCDN()
    context.route(NON_LOCAL, cdn)
    page = context.new_page()
    net = NetworkLog(context, page)
    responses = []
    if gzip_sizes:
        page.on("response", lambda r: responses.append(r))
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    first_paint = frame_at = seen = None
    try:
        handle = page.wait_for_selector(MAP_FRAME, timeout=timeout * 1000)
        frame_at = time.perf_counter() - start
        remaining = max(1.0, timeout - (time.perf_counter() - start))
        handle.content_frame().wait_for_selector(PAINTED, state="attached",
                                                 timeout=remaining * 1000)
        seen = time.perf_counter() - start
        painted = page.wait_for_function("() => window.__yrdPainted", timeout=10_000)
        first_paint = painted.json_value() / 1000
    except Exception:       # never painted within the timeout
        pass
    # settle: everything the default view loads (the rest of the page, late assets)
    net.settle(page, quiet=1.0)
    local = net.sizes_where(lambda u: not NON_LOCAL.match(u))
    static = NetworkLog.path_bytes(local, net.urls, ("/static/",))
    http = sum(local.values())
    total = http + net.ws_bytes + cdn.bytes
    out = {"first_paint_s": first_paint, "seen_s": seen, "frame_s": frame_at, "http_bytes": http,
           "streamlit_bytes": static, "ws_bytes": net.ws_bytes, "cdn_bytes": cdn.bytes,
           "total_bytes": total,
           "app_bytes": total - static,
           "non_local": len(cdn.served) + len(cdn.stubbed),
           "cdn_stubbed": sorted(set(cdn.stubbed)), "cdn_served": sorted(set(cdn.served)),
           "hosts": sorted({urlparse(u).hostname or "" for u in net.urls.values()})}
    if gzip_sizes:
        z = 0
        for r in responses:
            try:
                body = r.body()
            except Exception:   # redirects and bodies the browser dropped
                continue
            z += len(gzip.compress(body, 6)) if body else 0
        out["gzip_total_bytes"] = z + len(gzip.compress(b"".join(net.frames), 6))
    context.close()
    return out


def measure_app(browser, script: Path, runs: int, timeout: float,
                env: dict | None = None) -> list[dict]:
    """Warm the server with one load, then ``runs`` measured loads (the last with gzip
    accounting, which happens after its paint and does not change its timing)."""
    proc, url, log = start_server(script, env=env)
    try:
        load_view(browser, url, timeout=max(timeout, 180.0))
        return [load_view(browser, url, timeout=timeout, gzip_sizes=(i == runs - 1))
                for i in range(runs)]
    finally:
        stop_server(proc)
        log.unlink(missing_ok=True)


# ---------------------------------------------------------------- interactions

#: the frame's state: [our marker survives, layer groups st_folium has added, painted shapes]
_FRAME_STATE = ("() => [window.__yrdBench === 1, (window.feature_group || []).length, "
                "document.querySelectorAll('.leaflet-pane path, .leaflet-pane canvas').length, "
                "!!window.map, window.yrdPending || 0]")
#: the zoom levels the reload check goes through: every detail level of geo.display, in and out
ZOOMS = (8, 9.5, 11, 12, 13, 15, 11.5, 9, 7, 6.5)


def _frame_state(page):
    handle = page.query_selector(MAP_FRAME)
    frame = handle.content_frame() if handle else None
    if frame is None:
        return None, None
    try:
        return frame, frame.evaluate(_FRAME_STATE)
    except Exception:       # the frame is being replaced
        return None, None


def _mark(page) -> int:
    """Put a marker on the map frame's window; return how many layer groups it has."""
    frame, _ = _frame_state(page)
    frame.evaluate("() => { window.__yrdBench = 1; }")
    return frame.evaluate("() => (window.feature_group || []).length")


def _until_redrawn(page, groups_before: int, t0: float, timeout: float = 60.0) -> dict:
    """Seconds from ``t0`` until the map shows new layers: replaced in the same frame
    (st_folium's feature groups, and the data files they load drawn: no load pending)
    or drawn in a reloaded frame (marker gone, painted)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        _, st = _frame_state(page)
        if st is not None:
            marked, groups, painted, has_map, pending = st
            if marked and groups > groups_before and not pending:
                return {"s": time.perf_counter() - t0, "reloaded": False}
            if not marked and has_map and painted > 0:
                return {"s": time.perf_counter() - t0, "reloaded": True}
        time.sleep(0.01)
    return {"s": None, "reloaded": None}


def _settle(page, quiet: float = 1.2, limit: float = 15.0) -> None:
    """Wait until the map frame's layer groups have stopped changing (follow-up reruns:
    the view reported back, detail data after the first paint)."""
    last, since, end = None, time.time(), time.time() + limit
    while time.time() < end:
        _, st = _frame_state(page)
        key = None if st is None else (st[0], st[1])
        if key != last:
            last, since = key, time.time()
        elif time.time() - since > quiet:
            return
        time.sleep(0.1)


#: true once the app's map-first run is over (its sidebar note gone, ``ui.first_paint``),
#: the script has stopped and the sidebar's first box is mounted (its component code
#: loads only then), or the page asks for a sign-in; at once for the peers (no sidebar).
#: Its argument is :func:`whole_page_arg`; for ``page.wait_for_function``, sync or async.
WHOLE_PAGE = """([notes, gates]) => {
     const text = document.body.innerText;
     const side = document.querySelector("[data-testid='stSidebar']");
     return !notes.some(n => text.includes(n))
       && document.querySelector("[data-testid='stApp']")
            ?.getAttribute("data-test-script-state") === "notRunning"
       && (!side || !!side.querySelector("[data-testid='stMultiSelect'] input")
           || gates.some(g => text.includes(g)));
   }"""


def whole_page_arg() -> list[list[str]]:
    """:data:`WHOLE_PAGE`'s argument: the map-first note and the sign-in gate, zh and en."""
    from geo.i18n import t

    return [[t("app.loading_panels", lang) for lang in ("zh", "en")],
            [t("tracking.view_needs_signin", lang) for lang in ("zh", "en")]]


def wait_whole_page(page, timeout: float = 90.0) -> None:
    """Until :data:`WHOLE_PAGE` holds (the whole page drawn, not only the map-first run)."""
    page.wait_for_function(WHOLE_PAGE, arg=whole_page_arg(), timeout=timeout * 1000)


def _open(page, url: str, timeout: float = 180.0):
    page.goto(url)
    frame = page.wait_for_selector(MAP_FRAME, timeout=timeout * 1000).content_frame()
    frame.wait_for_selector(PAINTED, state="attached", timeout=timeout * 1000)
    wait_whole_page(page, timeout)
    _settle(page)
    return frame


def _multiselect_field(page, label: str):
    """The input of the sidebar's multiselect labelled ``label`` (found by its label:
    the page's boxes come and go, e.g. 区县)."""
    box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").filter(
        has=page.get_by_text(label, exact=True)).first
    return box.locator("input")


def _type_choice(field, text: str, on: bool) -> None:
    """Focus ``field`` and, to choose ``text``, type it (the dropdown then offers it)."""
    field.click()
    if on:
        field.fill(text)


def _close_dropdown(page) -> None:
    page.keyboard.press("Escape")
    page.locator("h1").first.click()


def _choose(page, on: bool) -> None:
    """The key that makes the choice: Enter takes the offered option, Backspace removes
    the last one."""
    page.keyboard.press("Enter" if on else "Backspace")


def _actions(kind: str, app: str):
    """(url suffix, prepare, act) for ``kind``: ``prepare(page, i)`` does what comes
    before the user's choice (opening a box, typing a name: not timed), ``act(page, i)``
    the choice itself (a click, or the key that takes the typed option), from which the
    redraw is timed."""
    def nothing(page, i):
        return None

    if kind == "layer":
        def act(page, i):
            page.locator("[data-testid='stSidebar'] button", has_text="轨道交通").first.click()
        return "", nothing, act
    if kind in ("filter", "status"):
        name, label = (("310000", "provinces") if app == "naive"
                       else ("上海", t("app.provinces", "zh")))
        if kind == "status":
            name, label = "规划", t("app.status", "zh")

        def prepare(page, i):
            _type_choice(_multiselect_field(page, label), name, on=(i % 2 == 0))

        def act(page, i):
            _choose(page, on=(i % 2 == 0))
        return "", prepare, act
    if kind == "adjacency":
        def prepare(page, i):
            box = page.locator("[data-testid='stSelectbox']",
                               has_text="第二个地区").first
            _type_choice(box.locator("input"), "江苏" if i % 2 == 0 else "浙江", on=True)

        def act(page, i):
            _choose(page, on=True)
        return "?adj_a=310000", prepare, act
    if kind == "swap":
        def act(page, i):
            page.get_by_role("button", name="swap").click()
        return "?mode=layers", nothing, act
    raise ValueError(f"interaction {kind!r} is not layer, filter, status, adjacency or swap")


def measure_interactions(browser, url: str, kinds: tuple, runs: int, app: str = "ours"
                         ) -> dict:
    """Per ``kind``: the seconds from the user's action to the map redrawn, ``runs``
    times after one warm-up, in one page; and how often the frame was reloaded."""
    out = {}
    for kind in kinds:
        suffix, prepare, act = _actions(kind, app)
        context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
        context.route(NON_LOCAL, _OfflineCDN())       # the peers' CDN files, offline
        page = context.new_page()
        try:
            _open(page, url + suffix)
            times, reloads = [], 0
            for i in range(runs + 1):
                prepare(page, i)
                groups = _mark(page)
                t0 = time.perf_counter()
                act(page, i)
                got = _until_redrawn(page, groups, t0)
                if i and got["s"] is not None:
                    times.append(got["s"])
                reloads += bool(got["reloaded"])
                _settle(page)
                if kind in ("filter", "status"):
                    _close_dropdown(page)
                    _settle(page, quiet=0.6)
            out[kind] = {"times": times, "reloads": reloads, "actions": runs + 1}
        except Exception as exc:         # one interaction failing leaves the others
            out[kind] = {"error": f"{type(exc).__name__}: {str(exc)[:300]}"}
        finally:
            context.close()
    return out


def zoom_reloads(browser, url: str) -> dict:
    """Zoom through every detail level and back (:data:`ZOOMS`), letting the app
    rerun after each step; count the steps after which the map frame was new."""
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    page = context.new_page()
    try:
        _open(page, url)
        reloads = 0
        for z in ZOOMS:
            _mark(page)
            frame, _ = _frame_state(page)
            # a statement, not an expression: setZoom returns the Leaflet map, which
            # Playwright would serialise whole (minutes of CPU per step)
            frame.evaluate(f"() => {{ window.map.setZoom({z}); }}")
            page.wait_for_timeout(300)
            _settle(page)
            frame, st = _frame_state(page)
            while st is None or not st[3]:
                page.wait_for_timeout(200)
                frame, st = _frame_state(page)
            reloads += not st[0]
        return {"reloads": reloads, "steps": len(ZOOMS)}
    finally:
        context.close()


def run_interactions(browser, runs: int, notes: dict) -> list[dict]:
    """Rows: filter / layer / status change and the adjacency second region → map
    redrawn, iframe reloads across zooms; each against the naive peer (where it has
    the control), the stack floor (one line swapped through ``feature_group_to_add``)
    and, when ``YRDMAP_BENCH_BEFORE`` names an earlier checkout, that version."""
    before_root = os.environ.get("YRDMAP_BENCH_BEFORE")
    apps = {"ours": (ROOT / "app.py", ROOT), "floor": (ROOT / "bench" / "floor_app.py", ROOT),
            "naive": (ROOT / "bench" / "naive_app.py", ROOT)}
    if before_root:
        apps["before"] = (Path(before_root) / "app.py", Path(before_root))
    plan = {"ours": ("filter", "layer", "status", "adjacency"), "floor": ("swap",),
            "naive": ("filter",), "before": ("filter", "layer", "status", "adjacency")}
    got, zooms = {}, {}
    for name, (script, root) in apps.items():
        try:
            proc, url, log = start_server(script, root=root)
        except Exception as exc:
            got[name] = {"error": f"{type(exc).__name__}: {exc}"}
            continue
        try:
            warm = browser.new_context()
            warm.route(NON_LOCAL, _OfflineCDN())   # the peers' CDN files (no internet here)
            _open(warm.new_page(), url)
            warm.close()
            got[name] = measure_interactions(browser, url, plan[name], runs, app=name)
            if name in ("ours", "before"):
                zooms[name] = zoom_reloads(browser, url)
        except Exception as exc:
            got[name] = {"error": f"{type(exc).__name__}: {exc}"}
        finally:
            stop_server(proc)
            log.unlink(missing_ok=True)
    notes["interactions"] = got
    notes["zoom_reloads"] = zooms

    def med(app, kind):
        m = got.get(app, {}).get(kind, {})
        return summary(m["times"]) if m.get("times") else None

    floor = med("floor", "swap")
    before = "before" in got
    rows = []
    labels = {"filter": "province filter", "layer": "layer pill", "status": "status filter",
              "adjacency": "adjacency: second region → border drawn"}
    budgets = {"filter": 0.5, "layer": 0.5, "status": 0.5, "adjacency": 1.0}
    old = {"filter": "1.3–4.3 s", "layer": "1.3–4.3 s", "status": "1.3–4.3 s",
           "adjacency": "7.2 s"}
    for kind, label in labels.items():
        m = got.get("ours", {}).get(kind, {})
        if m.get("error"):
            rows.append(skipped(f"map redrawn after a {label} change (browser)", m["error"], "s",
                                budget=budgets[kind]))
            continue
        peer, peer_value = ("stack floor: st_folium swapping one line (feature_group_to_add)",
                            floor)
        if before and med("before", kind):
            peer, peer_value = "this app before issue 14 (same run)", med("before", kind)
        note = (f"before issue 14: {old[kind]} (issue's measurement)"
                + (f"; stack floor {floor['median']:.2f} s" if floor else "")
                + (f"; naive peer (full rebuild) {med('naive', kind)['median']:.2f} s"
                   if med("naive", kind) else "")
                + f"; frame reloads {m['reloads']} of {m['actions']} actions")
        name = (f"map redrawn after a {label} change: action → new layers in the browser"
                if kind != "adjacency" else f"map: {label}: action → border drawn")
        rows.append(row(name, med("ours", kind), "s", peer=peer, peer_value=peer_value,
                        budget=budgets[kind], note=note))
    z = zooms.get("ours")
    if z:
        zb = zooms.get("before")
        rows.append(row(f"map: iframe reloads while zooming through every detail level and "
                        f"back ({z['steps']} steps)", float(z["reloads"]), "reloads",
                        peer="this app before issue 14 (same run)" if zb else None,
                        peer_value=float(zb["reloads"]) if zb else None, budget=0.0,
                        note="before issue 14: the frame reloaded at each detail-level "
                             "crossing (controls blank, mini-map broken)"))
    return rows


# ---------------------------------------------------------------- payload floor


def _geojson_bytes(geoms, decimals: int) -> int:
    geoms = shapely.transform(np.asarray(geoms), lambda xy: np.round(xy, decimals))
    geoms = [g for g in geoms if g is not None and not g.is_empty]
    feats = ",".join('{"type":"Feature","properties":{},"geometry":%s}' % shapely.to_geojson(g)
                     for g in geoms)
    return len(('{"type":"FeatureCollection","features":[%s]}' % feats).encode())


def _encoded_bytes(geoms, decimals: int) -> int:
    from layers.folium_layers import feature_collection_json

    import geopandas as gpd

    geoms = shapely.transform(np.asarray(geoms), lambda xy: np.round(xy, decimals))
    geoms = [g for g in geoms if g is not None and not g.is_empty]
    return len(feature_collection_json(gpd.GeoDataFrame(geometry=geoms, crs=4326),
                                       decimals=decimals).encode())


def payload_floor(zoom: float, decimals: int = FLOOR_DECIMALS) -> dict:
    """Bytes of what the default view draws at a one-pixel tolerance (see module doc):
    as GeoJSON with ``decimals`` and, for comparison with our map script, in our
    polyline encoding at the decimals our app uses at ``zoom``."""
    from geo.display import display_level
    import geopandas as gpd

    from geo import crs
    from geo.catalog import load_lakes, load_regions
    from geo.store import load_all

    tol = metres_per_pixel(zoom, FLOOR_LATITUDE)
    enc_decimals = display_level(zoom).decimals
    out = {"zoom": zoom, "latitude": FLOOR_LATITUDE, "tolerance_m": round(tol, 1),
           "decimals": decimals, "layers": {}, "encoded_decimals": enc_decimals,
           "encoded_layers": {}}

    def back(geoms):
        return gpd.GeoSeries(geoms, crs=crs.METRIC).to_crs(4326).values

    simple = {}
    for level in ("province", "city"):
        metric = load_regions(level, "full").to_crs(crs.METRIC).geometry.values
        simple[level] = back(shapely.coverage_simplify(metric, tol))
    for name, frame in (("lakes", load_lakes()), ("items", load_all())):
        metric = frame.to_crs(crs.METRIC).geometry.values
        simple[name] = back(shapely.simplify(metric, tol, preserve_topology=True))
    for name, geoms in simple.items():
        out["layers"][name] = _geojson_bytes(geoms, decimals)
        out["encoded_layers"][name] = _encoded_bytes(geoms, enc_decimals)
    out["bytes"] = sum(out["layers"].values())
    out["encoded_bytes"] = sum(out["encoded_layers"].values())
    return out


def our_map_geometry() -> dict:
    """Bytes of vector data our default view sends for its first paint (the base map
    and its layers, as :func:`ui.map_view.show_map` builds them), by layer;
    ``later_bytes``: the static files of the layers hidden at start, fetched only when
    switched on."""
    from geo.store import get_store, load_all_with_regions
    from layers import basemaps, map_builder
    from layers.controls import DataSwap
    from layers.folium_layers import VectorLayer

    items = load_all_with_regions()
    spec = map_builder.map_spec(items, "zh", basemaps.DEFAULT_BASEMAP, [], None, None,
                                get_store().version())
    start = map_builder.base_spec(spec)
    base = map_builder.base_map(start, lazy_hidden=True)
    first = map_builder.item_layers(spec, base, base_level=start)

    def walk(el, label, layers):
        for child in el._children.values():
            name = (child.layer_name if getattr(child, "control", False)
                    and getattr(child, "layer_name", None) else label)
            if isinstance(child, VectorLayer):
                layers[name] = layers.get(name, 0) + len(child.data_json.encode())
            if isinstance(child, DataSwap):
                key = f"{name}: {child.key.split(':')[0]}"
                if child.data_json is not None:
                    layers[key] = layers.get(key, 0) + len(child.data_json.encode())
                else:       # a static file, fetched when the layer is switched on
                    later[key] = later.get(key, 0) + len(child.url)
            walk(child, name, layers)
        return layers

    later: dict[str, int] = {}
    layers = walk(base.fmap, "base map", {})
    for g in first:
        walk(g, getattr(g, "layer_name", "layers"), layers)
    hidden = [e for e in _registry_background() if not e.show]
    later_bytes = sum(len(map_builder._background_text(e.id, start.resolution, start.decimals,
                                                       None, start.basemap).encode())
                      for e in hidden)
    return {"zoom": map_builder.DEFAULT_ZOOM, "resolution": start.resolution,
            "decimals": start.decimals, "tolerance_m": start.tolerance_m, "layers": layers,
            "bytes": sum(layers.values()),
            "later_bytes": later_bytes}


def _registry_background():
    from geo.registry import load_registry

    return load_registry().background


# ---------------------------------------------------------------- run


def _med(runs: list[dict], key: str, scale: float = 1.0) -> dict | None:
    vals = [r[key] * scale for r in runs if r.get(key) is not None]
    return summary(vals) if vals else None


def run(quick: bool = False, notes: dict | None = None) -> list[dict]:
    notes = {} if notes is None else notes
    names = ("map: time to first painted map, default view",
             "map: bytes transferred, default view, total",
             "map: bytes transferred, default view, without Streamlit's own frontend",
             "map: requests to non-local hosts, default view",
             "map: payload floor")
    from layers.map_builder import DEFAULT_ZOOM

    floor = payload_floor(DEFAULT_ZOOM)
    ours_geometry = our_map_geometry()
    notes["floor"] = floor
    notes["our_map_geometry"] = ours_geometry
    ours_name = ("yrdmap: vector data of the default view's first paint (base map and its "
                 "layers; the hidden county layer follows after the paint)")
    floor_rows = [
        row(f"{names[4]}: the default view's drawn geometries simplified at 1 px "
            f"({floor['tolerance_m']:.0f} m at zoom {DEFAULT_ZOOM}, lat {FLOOR_LATITUDE:.0f}°), "
            f"GeoJSON {FLOOR_DECIMALS} decimals",
            floor["bytes"] / 1e6, "MB", peer=ours_name,
            peer_value=ours_geometry["bytes"] / 1e6,
            note="ratio = our payload ÷ floor"),
        row(f"{names[4]}: the same geometries in yrdmap's polyline encoding, "
            f"{floor['encoded_decimals']} decimals", floor["encoded_bytes"] / 1e6, "MB",
            peer=ours_name, peer_value=ours_geometry["bytes"] / 1e6,
            note="ratio = our payload ÷ floor"),
    ]
    reason = missing()
    if reason:
        return [skipped(n, reason) for n in names[:4]] + floor_rows

    runs = 1 if quick else 5
    results = {}
    with chromium() as browser:
        notes["chromium"] = browser.version
        results["ours"] = measure_app(browser, ROOT / "app.py", runs, timeout=60)
        try:
            results["naive"] = measure_app(browser, ROOT / "bench" / "naive_app.py",
                                           runs, timeout=90)
        except Exception as exc:       # the peer failed: our figures still stand
            notes["naive_error"] = f"{type(exc).__name__}: {exc}"
            results["naive"] = []
        if not quick:
            try:
                results["stack_floor"] = measure_app(
                    browser, ROOT / "bench" / "floor_app.py", runs, timeout=60)
            except Exception as exc:
                notes["stack_floor_error"] = f"{type(exc).__name__}: {exc}"
            try:    # the map_first setting off (ui.first_paint): the whole page at once
                results["whole_page"] = measure_app(browser, ROOT / "app.py", runs,
                                                    timeout=60, env={"YRDMAP_MAP_FIRST": "0"})
            except Exception as exc:
                notes["whole_page_error"] = f"{type(exc).__name__}: {exc}"
            interaction_rows = run_interactions(browser, runs, notes)
        else:
            interaction_rows = [skipped("map redrawn after filter / layer / status / "
                                        "adjacency changes; iframe reloads on zoom",
                                        "full runs only (--quick skips it)")]
    ours, naive = results["ours"], results["naive"]
    notes["loads"] = {k: [{kk: vv for kk, vv in r.items() if kk not in ("cdn_stubbed",)}
                          for r in v] for k, v in results.items()}
    if naive:
        notes["naive_cdn_stubbed"] = naive[-1]["cdn_stubbed"]
        notes["naive_cdn_served_from_vendored_leaflet"] = naive[-1]["cdn_served"]
    peer = "naive: st_folium of GeoDataFrame.explore(), full-resolution layers"
    never = [i for i, r in enumerate(ours) if r["first_paint_s"] is None]
    paint_note = f"{len(never)} of {len(ours)} loads never painted" if never else None
    last_o = ours[-1]
    last_n = naive[-1] if naive else {}
    notes["timeline_median_s"] = {
        k: {"map_frame_attached": (_med(v, "frame_s") or {}).get("median"),
            "first_paint": (_med(v, "first_paint_s") or {}).get("median"),
            "first_paint_seen_by_playwright": (_med(v, "seen_s") or {}).get("median")}
        for k, v in results.items() if v}
    notes["gzip_total_bytes"] = {"ours": last_o.get("gzip_total_bytes"),
                                 "naive": last_n.get("gzip_total_bytes")}
    rows = [
        row(names[0] + " (headless Chromium, fresh context)", _med(ours, "first_paint_s"),
            "s", peer=peer, peer_value=_med(naive, "first_paint_s"), budget=TIME_BUDGET_S,
            note=paint_note),
        row(names[1] + " (HTTP + websocket)", _med(ours, "total_bytes", 1e-6), "MB",
            peer=peer, peer_value=_med(naive, "total_bytes", 1e-6), budget=BYTES_BUDGET_MB,
            note=f"of which Streamlit's frontend bundle {last_o['streamlit_bytes'] / 1e6:.2f} "
                 "MB (served uncompressed by Streamlit)"),
        row(names[2] + " (/static/ excluded)", _med(ours, "app_bytes", 1e-6), "MB",
            peer=peer, peer_value=_med(naive, "app_bytes", 1e-6)),
        row("map: bytes transferred, default view, if gzip-compressed (reverse proxy, "
            "websocket compression)", (last_o.get("gzip_total_bytes") or 0) / 1e6, "MB",
            peer=peer, peer_value=(last_n.get("gzip_total_bytes") or 0) / 1e6 or None,
            note="one load, every response and the websocket payload gzipped; the budget "
                 "is checked on the bytes as served, above"),
        row(names[3], float(max(r["non_local"] for r in ours)), "requests",
            peer=peer, peer_value=float(last_n["non_local"]) if naive else None, budget=0.0),
    ] + floor_rows
    base = results.get("stack_floor")
    if base:
        rows += [
            row("map: stack floor, time to first painted map: Streamlit + st_folium drawing "
                "one line (bench/floor_app.py)", _med(base, "first_paint_s"), "s",
                peer="yrdmap default view", peer_value=_med(ours, "first_paint_s"),
                note="ratio = ours ÷ floor"),
            row("map: stack floor, bytes transferred: the same page", _med(base, "total_bytes",
                1e-6), "MB", peer="yrdmap default view",
                peer_value=_med(ours, "total_bytes", 1e-6), note="ratio = ours ÷ floor"),
        ]
        fo, ff = _med(ours, "first_paint_s"), _med(base, "first_paint_s")
        if fo and ff:
            rows.append(row("map: first painted map ÷ stack floor (same run)",
                            fo["median"] / ff["median"], "×", budget=FLOOR_PAINT_RATIO,
                            note="before issue 14: ×1.9 (2.96 s ÷ 1.54 s); timed in the page "
                                 "(bench.browser.PAINT_PROBE) since 2026-12-03"))
        wp = results.get("whole_page")
        fw = _med(wp, "first_paint_s") if wp else None
        if fw and ff:
            rows.append(row("map: first painted map ÷ stack floor (same run), the map_first "
                            "setting off (YRDMAP_MAP_FIRST=0: the whole page at once, as "
                            "before 2026-12-03)", fw["median"] / ff["median"], "×",
                            note=f"{fw['median']:.2f} s ÷ {ff['median']:.2f} s; bytes of the "
                                 f"default view {_med(wp, 'total_bytes', 1e-6)['median']:.2f} "
                                 "MB"))
        so, sf = _med(ours, "seen_s"), _med(base, "seen_s")
        if so and sf:
            rows.append(row("map: first painted map ÷ stack floor, as Playwright's wait saw "
                            "it (the measure before 2026-12-03)", so["median"] / sf["median"],
                            "×", note=f"{so['median']:.2f} s ÷ {sf['median']:.2f} s"))
    rows.append(row("map: our first-paint map payload ÷ the 1-px floor in our encoding",
                    ours_geometry["bytes"] / floor["encoded_bytes"], "×",
                    budget=FLOOR_PAYLOAD_RATIO,
                    note=f"before issue 14: ×2.2 (every layer in the map script); the hidden "
                         f"county layer ({ours_geometry['later_bytes'] / 1e6:.2f} MB) is a "
                         "static file fetched when switched on"))
    if not naive:
        for r in rows[:5]:
            r["peer_skipped"] = notes["naive_error"]
    return rows + interaction_rows


if __name__ == "__main__":
    n: dict = {}
    for r in run(quick="--quick" in sys.argv, notes=n):
        print(json.dumps(r, ensure_ascii=False))
    print(json.dumps({k: v for k, v in n.items() if k != "loads"}, indent=1, default=str))
