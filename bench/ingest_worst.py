"""Worst-case import time for an upload of at most 1 MB (issue 20: target <= 5 s).

Each case is a file someone can upload to the app, built at (or just under) 1 MB and
at the limits that bound the work (rows, columns, region names per cell and per file,
vertices): the check the app runs on upload (:func:`geo.ingest.check_bytes`, a dry
run) is timed, median of the runs after a warm-up (boundaries loaded, as in the running
app; region unions computed afresh in every run). The figure is the slowest case.
The shapes include the two that took ~100 s before the limits existed (200 rows x 100
county names in one cell; 20,000 columns).

    python -m bench.ingest_worst          # prints one line per case and the worst
    python -m bench --only ingest_worst
"""
from __future__ import annotations

import csv
import io
import json
import tempfile
import time
import zipfile

import shapely

from bench._measure import row, timed

BUDGET = 5.0
MAX_BYTES = 1 << 20


def _csv(rows) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode("utf-8")


def _counties() -> list[str]:
    from geo.catalog import load_regions

    names = load_regions("county", "s1000")["name_zh"]
    return [n for n in names if (names == n).sum() == 1]      # unambiguous names only


def cases() -> dict[str, tuple[str, bytes]]:
    """name → (file name, bytes), each at most 1 MB."""
    from geo.ingest import Limits

    lim = Limits()
    counties = _counties()
    out: dict[str, tuple[str, bytes]] = {}
    many = "、".join(counties[:100])
    out["200 rows x 100 county names (issue shape)"] = (
        "names.csv", _csv([["项目名称", "区县"]] + [[f"项目{i}", many] for i in range(200)]))
    out["20,000 columns (issue shape)"] = (
        "wide.csv", _csv([["项目名称", "经度", "纬度"] + [f"c{i}" for i in range(20_000)],
                          ["a", "121", "31"]]))
    # at the limits: distinct sets of counties per row, up to the file's name budget
    per = lim.max_names_per_cell
    n_rows = lim.max_region_names // per
    rows = [["项目名称", "区县"]]
    for i in range(n_rows):
        k = (i * 7) % len(counties)
        pick = (counties[k:] + counties[:k])[:per]
        rows.append([f"区域{i}", "、".join(pick)])
    out[f"{n_rows} rows x {per} distinct counties (at the limits)"] = ("regions.csv", _csv(rows))
    single = [["项目名称", "区县"]] + [[f"点{i}", counties[i % len(counties)]]
                                      for i in range(1_500)]
    out["1,500 rows, one county each"] = ("counties.csv", _csv(single))
    pts = [["项目名称", "经度", "纬度", "区县"]]
    i = 0
    while True:
        pts.append([f"点{i}", f"{118 + (i % 500) / 100:.4f}", f"{30 + (i // 500) / 10:.4f}",
                    counties[i % len(counties)] if i < lim.max_region_names else ""])
        i += 1
        if i >= lim.max_features or len(pts) % 1000 == 0 and len(_csv(pts)) > MAX_BYTES - 60_000:
            break
    out[f"{len(pts) - 1:,} point rows (~1 MB)"] = ("points.csv", _csv(pts))
    ring = shapely.Point(120.5, 31.0).buffer(0.5, quad_segs=9_000)
    wkt = shapely.to_wkt(ring, rounding_precision=5)
    out[f"one WKT polygon of {shapely.get_num_coordinates(ring):,} vertices"] = (
        "poly.csv", _csv([["项目名称", "WKT"], ["大区", wkt]]))
    from geo.ingest.validate import MAX_REPAIR_VERTICES

    for n in (36_000, MAX_REPAIR_VERTICES - 1):
        zigzag = [(118 + i * 3.6 / n, 31 + (i % 2) * 0.3) for i in range(n)]
        out[f"one self-crossing {n:,}-vertex polygon (repair)"] = (
            f"bow{n}.geojson", json.dumps({"type": "FeatureCollection", "features": [{
                "type": "Feature", "properties": {"name": "自交"},
                "geometry": shapely.geometry.mapping(shapely.Polygon(zigzag))}]}).encode())
    try:
        import openpyxl

        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet()
        ws.append(["项目名称", "经度", "纬度", "完成时限"])
        for i in range(lim.max_features):
            ws.append([f"点{i}", 118 + (i % 500) / 100, 30 + (i // 500) / 10, "2025年底"])
        buf = io.BytesIO()
        wb.save(buf)
        out[f"{lim.max_features:,} rows in a workbook"] = ("rows.xlsx", buf.getvalue())
    except ImportError:
        pass
    feats = [{"type": "Feature", "properties": {"name": f"点{i}"},
              "geometry": {"type": "Point", "coordinates": [118 + (i % 500) / 100, 30 + i // 500 / 10]}}
             for i in range(7_000)]
    out["7,000 GeoJSON points"] = ("pts.geojson", json.dumps(
        {"type": "FeatureCollection", "features": feats}).encode())
    # a zip at the size limit whose CSV expands 90x (under the zip-bomb ratio)
    body = b"\xe9\xa1\xb9\xe7\x9b\xae\xe5\x90\x8d\xe7\xa7\xb0,lon,lat\n" + b"a,121,31\n" * 9_000_000
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("big.csv", body[:min(len(body), 85 * MAX_BYTES)])
    out["zip of a CSV expanding ~85x"] = ("big.zip", buf.getvalue())
    return {k: v for k, v in out.items() if len(v[1]) <= MAX_BYTES}


def measure(runs: int = 3) -> list[tuple[str, int, dict, str]]:
    """(case, bytes, timing, first report line) for every case."""
    from geo.ingest import check_bytes
    from geo.ingest.locate import _union
    from geo.store.files import FileStore

    store = FileStore(tempfile.mkdtemp(prefix="yrdmap-bench-"))
    out = []
    for name, (fname, data) in cases().items():
        verdict = []

        def once(data=data, fname=fname, verdict=verdict):
            _union.cache_clear()      # each run unions its regions afresh (a new upload's)
            items, report = check_bytes(data, fname, store=store)
            verdict[:] = [report.errors[0].line()[:90] if report.errors else
                          f"ok: {len(items) if items is not None else 0} items"]

        out.append((name, len(data), timed(once, runs=runs, warmup=1), verdict[0]))
    return out


def run(quick: bool = False) -> list[dict]:
    results = measure(runs=1 if quick else 3)
    worst = max(results, key=lambda r: r[2]["median"])
    rows = [row(f"ingest ≤1 MB: {name} ({size / 1024:,.0f} KB)", t, "s", note=verdict)
            for name, size, t, verdict in results]
    rows.append(row("ingest ≤1 MB: worst case", worst[2], "s", budget=BUDGET,
                    note=f"{worst[0]}: {worst[3]}"))
    return rows


def main() -> None:
    t0 = time.perf_counter()
    results = measure()
    for name, size, t, verdict in results:
        print(f"{t['median']:7.2f} s  (min {t['min']:.2f}, max {t['max']:.2f})  {size / 1024:7,.0f} KB  "
              f"{name}  →  {verdict}")
    worst = max(results, key=lambda r: r[2]["median"])
    print(f"worst case: {worst[2]['median']:.2f} s ({worst[0]}); budget {BUDGET:g} s; "
          f"bench took {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
