"""Export budgets: A4 300-dpi PNG <= 3 s, vector PDF <= 3 s, standalone HTML <= 1 s and <= 3 MB.

The default view: every catalog item, extent = the filtered items (the whole YRD).
Peers, measured in the same run on the same data:

- static maps: geopandas ``.plot()`` of the same layers (land, lakes, city and
  province borders, items coloured by layer) and ``savefig`` at the same page size
  and dpi — no title, legend, scale bar, north arrow, inset or notes. folium's own
  ``_to_png`` is no peer here: it needs a browser and internet tiles;
- HTML: geopandas ``explore()`` + ``save()`` of the same items, a page that still
  loads Leaflet, jQuery and Bootstrap from CDNs (it does not open offline).

Ours: median of 5 runs after a warm-up; the peers, which carry no budget, 3 runs (keeps
the whole bench within 10 minutes on 2 cores).
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from bench._measure import row, timed


def _peer_static(items, path: Path, fmt: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from geo import crs
    from geo.catalog import load_lakes, load_regions
    from geo.export.static_map import page_size
    from geo.registry import load_registry

    reg = load_registry()
    fig, ax = plt.subplots(figsize=page_size("a4", "landscape", 300), dpi=300)
    provinces = load_regions("province", "s1000").to_crs(crs.METRIC)
    provinces.plot(ax=ax, facecolor="#fbfaf6", edgecolor="#5b5b5b", linewidth=1.3)
    load_regions("city", "s1000").to_crs(crs.METRIC).plot(ax=ax, facecolor="none",
                                                          edgecolor="#8a8a8a", linewidth=0.6)
    load_lakes().to_crs(crs.METRIC).plot(ax=ax, facecolor="#c6dbef", edgecolor="#7fa7c9")
    m = items.to_crs(crs.METRIC)
    for entry in reg.projects:
        part = m[m["layer"] == entry.project_layer]
        if len(part):
            part.plot(ax=ax, color=entry.style["color"], alpha=0.6, markersize=30)
    ax.set_axis_off()
    fig.savefig(path, format=fmt, dpi=300)
    plt.close(fig)


def run(quick: bool = False) -> list[dict]:
    from geo.export import write_html, write_map
    from geo.select import filter_projects
    from layers.map_builder import folium_map

    runs = 2 if quick else 5
    peer_runs = 2 if quick else 3       # the peers are references, not budgets: 3 runs
    items = filter_projects()
    tmp = Path(tempfile.mkdtemp(prefix="yrdmap-bench-"))
    try:
        return _run(items, tmp, runs, peer_runs, write_html, write_map, folium_map)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _run(items, tmp: Path, runs: int, peer_runs: int, write_html, write_map,
         folium_map) -> list[dict]:
    rows = []
    for fmt, budget in (("png", 3.0), ("pdf", 3.0), ("svg", 3.0)):
        ours = timed(lambda f=fmt: write_map(items, tmp / f"ours.{f}"), runs)
        peer = timed(lambda f=fmt: _peer_static(items, tmp / f"peer.{f}", f), peer_runs)
        rows.append(row(f"export: A4 landscape {fmt.upper()} of every item "
                        f"({'300 dpi' if fmt == 'png' else 'vector'}, full layout)", ours, "s",
                        peer="geopandas .plot + savefig, same layers, no cartographic elements",
                        peer_value=peer, budget=budget))

    def html():
        write_html(folium_map(items, "zh"), tmp / "ours.html", title="yrdmap")

    def peer_html():
        items[["id", "name_zh", "layer", "geometry"]].explore(column="layer").save(
            str(tmp / "peer.html"))

    ours = timed(html, runs)
    peer = timed(peer_html, peer_runs)
    rows.append(row("export: standalone offline HTML of every item (all JS/CSS inlined)",
                    ours, "s", peer="geopandas explore().save() (CDN-dependent page)",
                    peer_value=peer, budget=1.0))
    size = (tmp / "ours.html").stat().st_size / 1e6
    rows.append(row("export: standalone HTML size", size, "MB",
                    peer="geopandas explore().save() (without its CDN assets)",
                    peer_value=(tmp / "peer.html").stat().st_size / 1e6, budget=3.0))
    return rows


if __name__ == "__main__":
    for r in run(quick=True):
        print(r)
