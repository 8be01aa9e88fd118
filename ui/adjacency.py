"""邻接分析 / Adjacency panel: neighbours, the border between two regions, the projects
crossing it and the border zone along it.

:func:`adjacency_panel` draws the widgets and tables and returns the highlights for
the map view to draw (:class:`~layers.overlay.Overlay`); everything it shows comes
from :mod:`geo.adjacency`. Its state (levels, regions, contact rule, zone width)
lives in the URL under ``adj_*`` parameters: :func:`decode_params` and
:func:`encode_params` are the pure halves, tested without Streamlit. Strings are in
``geo/strings/adjacency.toml`` (:func:`geo.i18n.t`).
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import partial

import geopandas as gpd
import numpy as np
import pandas as pd
import streamlit as st

from geo.catalog import LEVELS, load_regions
from geo.i18n import t
from geo.regions import Region, regions
from layers.overlay import Overlay
from ui.state import bind_to_language, set_params
from ui.tables import styled

__all__ = ["PARAMS", "PanelState", "decode_params", "encode_params",
           "region_label", "neighbour_table", "crossing_table", "zone_table", "side_table",
           "overlays_for", "items_key", "map_overlays", "adjacency_panel"]

#: panel field → query parameter
PARAMS = {"level": "adj_lvl", "a": "adj_a", "nlevel": "adj_nlvl", "b": "adj_b",
          "contact": "adj_ct", "km": "adj_km", "zlevel": "adj_zlvl"}
_KEY = {f: f"adj_w_{f}" for f in PARAMS}          # widget keys in st.session_state
_MAX_KM = 100.0
bind_to_language(*_KEY.values())
#: level / contact rule → string key
_LEVEL = {"province": "adjacency.province", "city": "adjacency.city", "county": "adjacency.county"}
_CONTACT = {"edge": "adjacency.edge", "point": "adjacency.point"}
#: overlay colours, none of them a map layer's (layers/registry.toml): the ecological
#: green, the rail crimson, the demonstration purple … stay the layers' own
_COLORS = {"region": "#263238", "neighbours": "#d500f9", "border": "#111111",
           "zone": "#c6ff00", "zone_line": "#827717", "crossing": "#d500f9", "points": "#111111"}


@dataclass(frozen=True)
class PanelState:
    """What the panel shows; ``a``/``b`` are adcodes."""

    level: str = "province"
    a: int | None = None
    nlevel: str | None = None        # None: the level of ``a``
    b: int | None = None
    contact: str = "edge"
    km: float = 10.0
    zlevel: str = "county"


def _adcode(value, level: str) -> int | None:
    try:
        code = int(str(value))
    except (TypeError, ValueError):
        return None
    return code if any(r.adcode == code for r in regions(level)) else None


def decode_params(params: Mapping) -> PanelState:
    """The panel state in query parameters; bad or unknown values fall back to defaults.

    >>> decode_params({"adj_a": "310000", "adj_b": "330000", "adj_km": "5"})
    PanelState(level='province', a=310000, nlevel=None, b=330000, contact='edge', km=5.0, zlevel='county')
    >>> decode_params({"adj_lvl": "planet", "adj_a": "x", "adj_km": "-3"}) == PanelState()
    True
    """
    def get(field):
        value = params.get(PARAMS[field])
        if isinstance(value, (list, tuple)):
            value = value[-1] if value else None
        return value

    d = PanelState()
    level = get("level") if get("level") in LEVELS else d.level
    nlevel = get("nlevel") if get("nlevel") in LEVELS else None
    a = _adcode(get("a"), level)
    b = _adcode(get("b"), nlevel or level) if a is not None else None
    contact = get("contact") if get("contact") in ("edge", "point") else d.contact
    try:
        km = float(get("km"))
    except (TypeError, ValueError):
        km = d.km
    if not (math.isfinite(km) and 0 <= km <= _MAX_KM):
        km = d.km
    zlevel = get("zlevel") if get("zlevel") in LEVELS else d.zlevel
    return PanelState(level, a, nlevel, b, contact, km, zlevel)


def encode_params(state: PanelState) -> dict[str, str]:
    """Query parameters for ``state`` (defaults left out).

    >>> encode_params(PanelState(a=310000, b=330000, km=5))
    {'adj_a': '310000', 'adj_b': '330000', 'adj_km': '5'}
    """
    d = PanelState()
    out = {}
    for f in PARAMS:
        value = getattr(state, f)
        if value is None or value == getattr(d, f):
            continue
        out[PARAMS[f]] = f"{value:g}" if isinstance(value, float) else str(value)
    return out


def region_label(r: Region, lang: str) -> str:
    """Name in ``lang``; counties get their city (鼓楼区 is in 南京 and in 徐州)."""
    name = r.label(lang)
    if r.level == "county" and r.city_adcode:
        city = next((c for c in regions("city") if c.adcode == r.city_adcode), None)
        if city is not None:
            name = f"{name} · {city.label(lang)}"
    return name


def _name_col(lang: str) -> str:
    return "name_en" if lang == "en" else "name_zh"


# ── tables (pure: DataFrames with translated headers) ─────────────────────────

def neighbour_table(nb: gpd.GeoDataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("adjacency.col_name", lang): nb[_name_col(lang)].to_numpy(),
        t("adjacency.col_adcode", lang): nb["adcode"].to_numpy(),
        t("adjacency.col_shared", lang): nb["shared_km"].round(2).to_numpy(),
        t("adjacency.col_contact", lang): [t(_CONTACT[c], lang) for c in nb["contact"]],
    })


def side_table(line, lang: str) -> pd.DataFrame:
    s = line.sides
    names = {line.a.adcode: line.a.label(lang), line.b.adcode: line.b.label(lang)}
    return pd.DataFrame({
        t("adjacency.col_side", lang): [names[int(v)] for v in s["side"]],
        t("adjacency.col_level", lang): [t(_LEVEL[v], lang) for v in s["level"]],
        t("adjacency.col_name", lang): s[_name_col(lang)].to_numpy(),
        t("adjacency.col_adcode", lang): s["adcode"].to_numpy(),
        t("adjacency.col_shared", lang): s["shared_km"].round(2).to_numpy(),
    })


def crossing_table(x: gpd.GeoDataFrame, line, lang: str) -> pd.DataFrame:
    from layers.i18n import layer_label

    a, b = line.a.label(lang), line.b.label(lang)
    line_rows = x["kind"] == "line"
    return pd.DataFrame({
        t("adjacency.col_name", lang): x[_name_col(lang)].to_numpy(),
        t("adjacency.col_layer", lang): [layer_label(v, lang) for v in x["layer"]],
        t("adjacency.col_crossings", lang): pd.array([int(n) if ln else None for n, ln in
                                                      zip(x["crossings"], line_rows)],
                                                     dtype="Int64"),
        t("adjacency.col_points", lang): ["; ".join(f"{px:.4f}, {py:.4f}" for px, py in
                                           (p.coords[0] for p in getattr(mp, "geoms", [])))
                                 if mp is not None else "" for mp in x["points"]],
        t("adjacency.col_km_in", lang, p=a): [round(v, 1) if ln else None
                                     for v, ln in zip(x["km_a"], line_rows)],
        t("adjacency.col_km_in", lang, p=b): [round(v, 1) if ln else None
                                     for v, ln in zip(x["km_b"], line_rows)],
        t("adjacency.col_km2_in", lang, p=a): [None if ln else round(v, 1)
                                      for v, ln in zip(x["km2_a"], line_rows)],
        t("adjacency.col_km2_in", lang, p=b): [None if ln else round(v, 1)
                                      for v, ln in zip(x["km2_b"], line_rows)],
        t("adjacency.col_border_in", lang): [None if ln else round(v, 1)
                                    for v, ln in zip(x["border_km"], line_rows)],
    })


def zone_table(zone: gpd.GeoDataFrame, line, lang: str) -> pd.DataFrame:
    names = {line.a.adcode: line.a.label(lang), line.b.adcode: line.b.label(lang)}
    return pd.DataFrame({
        t("adjacency.col_name", lang): zone[_name_col(lang)].to_numpy(),
        t("adjacency.col_adcode", lang): zone["adcode"].to_numpy(),
        t("adjacency.col_side", lang): [names.get(int(s), t("adjacency.other_side", lang)) for s in zone["side"]],
        t("adjacency.col_distance", lang): zone["distance_km"].round(2).to_numpy(),
    })


# ── overlays (pure) ───────────────────────────────────────────────────────────

def _frame(geoms, labels) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"label": list(labels)}, geometry=list(geoms), crs=4326)


def overlays_for(lang: str, region: Region, nb: gpd.GeoDataFrame | None = None, line=None,
                 zone: gpd.GeoDataFrame | None = None,
                 crossing: gpd.GeoDataFrame | None = None) -> list[Overlay]:
    """The map highlights for what the panel shows, bottom to top: border zone,
    the region's outline, shared borders (no second region) or the crossing areas
    (dashed) and lines, the border (zoomed to) and the crossing points."""
    out = []
    if zone is not None and len(zone):
        out.append(Overlay(t("adjacency.ov_zone", lang), _frame(
            zone.geometry, [f"{n} · {d:.1f} km" for n, d in
                            zip(zone[_name_col(lang)], zone["distance_km"])]),
            color=_COLORS["zone_line"], weight=1.0, dash="4 3", fill_opacity=0.3,
            style={"fillColor": _COLORS["zone"]}))
    shape = load_regions(region.level, "s100").set_index("adcode").loc[[region.adcode]]
    out.append(Overlay(t("adjacency.ov_region", lang), _frame(shape.geometry, [region.label(lang)]),
                       color=_COLORS["region"], weight=2.0, fill_opacity=0.06,
                       fit=line is None))
    if line is None and nb is not None and len(nb):
        out.append(Overlay(t("adjacency.ov_neighbours", lang), _frame(
            nb.geometry, [f"{n} · {k:.1f} km" for n, k in zip(nb[_name_col(lang)],
                                                                nb["shared_km"])]),
            color=_COLORS["neighbours"], weight=5.0, fill_opacity=0.0))
    if line is not None:
        if crossing is not None and len(crossing):
            lines = crossing[crossing["kind"] == "line"]
            areas = crossing[crossing["kind"] != "line"]
            if len(areas):
                out.append(Overlay(t("adjacency.ov_crossing_areas", lang), _frame(
                    areas.geometry, areas[_name_col(lang)]), color=_COLORS["crossing"],
                    weight=1.5, dash="6 4", fill_opacity=0.0))
            if len(lines):
                out.append(Overlay(t("adjacency.ov_crossing", lang), _frame(
                    lines.geometry, lines[_name_col(lang)]), color=_COLORS["crossing"],
                    weight=5.0, fill_opacity=0.0))
        label = f"{line.a.label(lang)} — {line.b.label(lang)} · {line.length_km:.1f} km"
        out.append(Overlay(t("adjacency.ov_border", lang), _frame([line.geometry], [label]),
                           color=_COLORS["border"], weight=6.0, fill_opacity=0.0, fit=True))
        if crossing is not None and len(crossing):
            pts = crossing[crossing["kind"] == "line"]
            geoms, labels = [], []
            for name, mp in zip(pts[_name_col(lang)], pts["points"]):
                for p in getattr(mp, "geoms", []):
                    geoms.append(p)
                    labels.append(f"{name} ({p.x:.4f}, {p.y:.4f})")
            if geoms:
                out.append(Overlay(t("adjacency.ov_points", lang), _frame(geoms, labels),
                                   color=_COLORS["points"], weight=2.0, fill_opacity=1.0,
                                   style={"radius": 5, "fillColor": "#ffffff"}))
    return out


def _kind(gdf: gpd.GeoDataFrame) -> str:
    dims = set(gdf.geometry.geom_type.str.replace("Multi", ""))
    return "point" if dims == {"Point"} else "line" if dims <= {"LineString"} else "fill"


def overlay_legend(overlays: list[Overlay]) -> list:
    """A legend row (:class:`geo.legend.LegendRow`) per overlay, with its swatch."""
    from geo.legend import LegendRow

    rows = []
    for ov in overlays:
        kind = _kind(ov.gdf) if len(ov.gdf) else "line"
        style = {"color": ov.color, "weight": min(ov.weight, 4.0), "dash": ov.dash,
                 "fill_color": ov.style.get("fillColor", ov.color),
                 "fill_opacity": ov.fill_opacity if kind != "fill" else max(ov.fill_opacity, 0.25),
                 "radius": ov.style.get("radius", 5)}
        if kind == "fill" and ov.fill_opacity == 0:
            kind = "line"                   # an outline: drawn as a line swatch
        rows.append(LegendRow(ov.name, ((kind, style),), ()))
    return rows


def _show_legend(overlays: list[Overlay], lang: str) -> None:
    """What the map's highlights mean, beside the panel's tables: a swatch (an SVG as a
    data-URI image: ``st.html`` drops inline ``<svg>``) and the overlay's name, escaped."""
    import base64
    import html

    from layers.legend import swatch_svg

    if not overlays:
        return
    rows = []
    for row in overlay_legend(overlays):
        kind, style = row.swatches[0]
        svg = swatch_svg(kind, style).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
        src = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
        rows.append(f'<div style="display:flex;align-items:center;gap:6px">'
                    f'<img src="{src}" width="28" height="14" alt="">'
                    f'<span>{html.escape(row.label)}</span></div>')
    st.html(f'<div class="yrd-adj-legend" style="font-size:0.85rem">'
            f'<b>{html.escape(t("adjacency.legend", lang))}</b>{"".join(rows)}</div>')


# ── the panel ─────────────────────────────────────────────────────────────────

def _restore_from_url() -> None:
    """First run of a session: put the URL's panel state into the widget keys."""
    ss = st.session_state
    if ss.get("_adj_initialised"):
        return
    s = decode_params(st.query_params.to_dict())
    ss[_KEY["level"]] = s.level
    ss[_KEY["a"]] = s.a
    ss[_KEY["nlevel"]] = s.nlevel or s.level
    ss[_KEY["b"]] = s.b
    ss[_KEY["contact"]] = s.contact
    ss[_KEY["km"]] = float(s.km)
    ss[_KEY["zlevel"]] = s.zlevel
    ss["_adj_initialised"] = True


def _write_url(state: PanelState) -> None:
    """Set this panel's ``adj_*`` parameters, leaving every other parameter alone."""
    set_params(encode_params(state), PARAMS.values())


def _level_changed() -> None:
    """A new level: the neighbours follow it, and the regions picked are cleared."""
    ss = st.session_state
    ss[_KEY["nlevel"]] = ss[_KEY["level"]]
    ss[_KEY["a"]] = ss[_KEY["b"]] = None


def _keep_valid(key: str, options: list) -> None:
    if st.session_state.get(key) not in options:
        st.session_state[key] = options[0] if None not in options else None


def csv_bytes(df: pd.DataFrame) -> bytes:
    """A table as the CSV Excel opens in any locale (UTF-8 with a byte-order mark).

    >>> csv_bytes(pd.DataFrame({"名称": ["上海市"]}))[:3] == b"\\xef\\xbb\\xbf"
    True
    """
    return df.to_csv(index=False).encode("utf-8-sig")


def geojson_bytes(gdf: gpd.GeoDataFrame) -> bytes:
    """A frame as GeoJSON (:func:`geo.adjacency.records.to_geojson`), UTF-8."""
    from geo.adjacency.records import to_geojson

    return to_geojson(gdf).encode("utf-8")


def _downloads(df: pd.DataFrame, gdf: gpd.GeoDataFrame | None, stem: str, lang: str) -> None:
    """CSV and GeoJSON buttons whose files are made when clicked (deferred ``data``), not
    on every rerun of the panel."""
    c1, c2 = st.columns(2)
    c1.download_button(t("adjacency.csv", lang), partial(csv_bytes, df),
                       file_name=f"{stem}.csv", mime="text/csv", key=f"adj_csv_{stem}")
    if gdf is not None:
        c2.download_button(t("adjacency.geojson", lang), partial(geojson_bytes, gdf),
                           file_name=f"{stem}.geojson", mime="application/geo+json",
                           key=f"adj_geojson_{stem}")


# ── the pure work, cached per process ─────────────────────────────────────────
# A rerun (a second region picked, the zone slider moved, a language switch) asks for
# the same border, crossings and zone again: each is computed once per (regions, zone
# width, zone level, items) and shared by every session. Results are read, never
# changed, so ``cache_resource`` hands out the objects themselves (no copy).

def items_key(items: gpd.GeoDataFrame | None) -> str | None:
    """A digest of what the crossings read in ``items`` (ids, names, layers, geometry):
    the cache key standing for the selection.

    >>> import shapely
    >>> f = gpd.GeoDataFrame({"id": ["a"]}, geometry=[shapely.Point(0, 0)], crs=4326)
    >>> items_key(f) == items_key(f.copy()), items_key(f) == items_key(f.iloc[:0])
    (True, False)
    """
    import hashlib

    import shapely

    if items is None:
        return None
    h = hashlib.blake2b(digest_size=16)
    h.update(str(len(items)).encode())
    for col in ("id", "layer", "name_zh", "name_en", "kind"):
        if col in items.columns:
            h.update(col.encode())
            h.update("\x1f".join(map(str, items[col].tolist())).encode("utf-8"))
    h.update(b"".join(b"" if g is None else g for g in
                      shapely.to_wkb(np.asarray(items.geometry.values, dtype=object))))
    return h.hexdigest()


def _region(level: str, code: int) -> Region:
    return next(r for r in regions(level) if r.adcode == code)


@st.cache_resource(max_entries=64, show_spinner=False)
def _border_work(level: str, a: int, nlevel: str, b: int, key: str | None, _items):
    """Border and crossings of two regions (``key`` stands for ``_items``)."""
    from geo import adjacency as adj

    line = adj.border(_region(level, a), _region(nlevel, b))
    return line, adj.crossings(line, items=_items)


@st.cache_resource(max_entries=64, show_spinner=False)
def _zone_work(level: str, a: int, nlevel: str, b: int, km: float, zlevel: str,
               key: str | None, _items):
    """Border zone and the projects near the border, for one zone width and level."""
    from geo import adjacency as adj

    line, _ = _border_work(level, a, nlevel, b, key, _items)
    zone = adj.border_zone(line.a, line.b, km, level=zlevel, resolution="s100")
    return zone, adj.near_border(line, km=km, items=_items)


@st.cache_resource(max_entries=64, show_spinner=False)
def _overlays_work(lang: str, level: str, a: int, nlevel: str, b: int, km: float,
                   zlevel: str, key: str | None, _items) -> list[Overlay]:
    line, crossing = _border_work(level, a, nlevel, b, key, _items)
    zone, _ = _zone_work(level, a, nlevel, b, km, zlevel, key, _items)
    return overlays_for(lang, _region(level, a), line=line, zone=zone, crossing=crossing)


def map_overlays(lang: str, items: gpd.GeoDataFrame) -> list[Overlay]:
    """The overlays the panel's current choice draws on the map, without drawing the panel.

    The same overlays :func:`adjacency_panel` returns (its cached work, from the same
    widget keys, restored from the URL on a session's first run): the page calls this
    before the map and draws the panel after it, so the map's delta reaches the browser
    before the panel's tables do.
    """
    from geo import adjacency as adj

    _restore_from_url()
    ss = st.session_state
    _keep_valid(_KEY["level"], list(LEVELS))
    level = ss[_KEY["level"]]
    units = {r.adcode: r for r in regions(level)}
    _keep_valid(_KEY["a"], [None, *units])
    _keep_valid(_KEY["nlevel"], list(LEVELS))
    a, nlevel = ss[_KEY["a"]], ss[_KEY["nlevel"]]
    if a is None:
        return []
    region = units[a]
    try:
        nb = adj.neighbours(region, level=nlevel, contact=ss.get(_KEY["contact"], "edge"))
    except ValueError:
        return []
    _keep_valid(_KEY["b"], [None, *(int(c) for c in nb["adcode"])])
    b = ss[_KEY["b"]]
    if b is None:
        return overlays_for(lang, region, nb=nb)
    _keep_valid(_KEY["zlevel"], list(LEVELS))
    try:
        return _overlays_work(lang, level, a, nlevel, b, float(ss.get(_KEY["km"], 10.0)),
                              ss[_KEY["zlevel"]], items_key(items), items)
    except ValueError:
        return overlays_for(lang, region, nb=nb)


def adjacency_panel(lang: str, items: gpd.GeoDataFrame) -> list[Overlay]:
    """Draw the adjacency panel; return the overlays for the map view.

    ``items`` are the projects in the current selection: crossings and the projects
    near the border are found among them.
    """
    from geo import adjacency as adj

    _restore_from_url()
    ss = st.session_state
    level_label = {lv: t(_LEVEL[lv], lang) for lv in LEVELS}
    st.caption(t("adjacency.intro", lang))
    c1, c2, c3, c4 = st.columns([1, 2, 1, 1.4])
    _keep_valid(_KEY["level"], list(LEVELS))
    level = c1.selectbox(t("adjacency.level", lang), LEVELS, format_func=level_label.get,
                         key=_KEY["level"], on_change=_level_changed)
    units = {r.adcode: r for r in regions(level)}
    _keep_valid(_KEY["a"], [None, *units])
    a = c2.selectbox(t("adjacency.region", lang), list(units), format_func=lambda c: region_label(
        units[c], lang), placeholder=t("adjacency.choose", lang), key=_KEY["a"])
    _keep_valid(_KEY["nlevel"], list(LEVELS))
    nlevel = c3.selectbox(t("adjacency.neighbour_level", lang), LEVELS, format_func=level_label.get,
                          key=_KEY["nlevel"])
    contact = c4.radio(t("adjacency.contact", lang), ("edge", "point"),
                       format_func=lambda c: t(_CONTACT[c], lang), horizontal=True,
                       key=_KEY["contact"])
    state = PanelState(level=level, a=a, nlevel=None if nlevel == level else nlevel,
                       b=ss.get(_KEY["b"]), contact=contact, km=float(ss.get(_KEY["km"], 10.0)),
                       zlevel=ss.get(_KEY["zlevel"], "county"))
    if a is None:
        st.info(t("adjacency.pick_region", lang))
        _write_url(replace(state, b=None))
        return []
    region = units[a]
    try:
        nb = adj.neighbours(region, level=nlevel, contact=contact)
    except ValueError as exc:
        st.warning(t("adjacency.error", lang, e=exc))
        _write_url(replace(state, b=None))
        return []

    st.subheader(t("adjacency.neighbours", lang))
    st.caption(t("adjacency.n_neighbours", lang, name=region.label(lang), n=len(nb),
                  level=level_label[nlevel]))
    table = neighbour_table(nb, lang)
    if len(nb):
        st.dataframe(styled(table, decimals=2), hide_index=True, width="stretch", placeholder="")
        _downloads(table, nb, f"neighbours_{a}_{nlevel}_{contact}", lang)
    else:
        st.info(t("adjacency.no_neighbours", lang))

    others = {int(c): n for c, n in zip(nb["adcode"], nb[_name_col(lang)])}
    _keep_valid(_KEY["b"], [None, *others])
    b = st.selectbox(t("adjacency.second", lang), [None, *others],
                     format_func=lambda c: t("adjacency.none", lang) if c is None else others[c],
                     placeholder=t("adjacency.none", lang), key=_KEY["b"])
    state = replace(state, b=b)
    if b is None:
        _write_url(state)
        out = overlays_for(lang, region, nb=nb)
        _show_legend(out, lang)
        return out

    key = items_key(items)
    try:
        line, crossing = _border_work(level, a, nlevel, b, key, items)
    except ValueError as exc:
        st.warning(t("adjacency.error", lang, e=exc))
        _write_url(state)
        return overlays_for(lang, region, nb=nb)

    st.subheader(t("adjacency.border", lang, a=line.a.label(lang), b=line.b.label(lang)))
    st.metric(t("adjacency.border_len", lang), f"{line.length_km:,.1f} km")
    if line.contact == "point":
        st.caption(t("adjacency.touch_point", lang))
    if len(line.sides):
        st.markdown(f"**{t('adjacency.sides', lang)}**")
        sides = side_table(line, lang)
        st.dataframe(styled(sides, decimals=2), hide_index=True, width="stretch", placeholder="")
        _downloads(sides, line.to_frame(), f"border_{line.a.adcode}_{line.b.adcode}", lang)

    st.markdown(f"**{t('adjacency.crossings', lang)}**")
    if len(crossing):
        xt = crossing_table(crossing, line, lang)
        st.dataframe(styled(xt), hide_index=True, width="stretch", placeholder="")
        _downloads(xt, crossing, f"crossings_{line.a.adcode}_{line.b.adcode}", lang)
    else:
        st.info(t("adjacency.no_crossings", lang))

    st.markdown(f"**{t('adjacency.zone', lang)}**")
    z1, z2 = st.columns(2)
    km = z1.slider(t("adjacency.zone_km", lang), 0.0, _MAX_KM, step=1.0, key=_KEY["km"])
    _keep_valid(_KEY["zlevel"], list(LEVELS))
    zlevel = z2.selectbox(t("adjacency.zone_level", lang), LEVELS, format_func=level_label.get,
                          key=_KEY["zlevel"])
    state = replace(state, km=float(km), zlevel=zlevel)
    zone, near = _zone_work(level, a, nlevel, b, float(km), zlevel, key, items)
    st.caption(t("adjacency.zone_count", lang, km=f"{km:g}", n=len(zone)))
    zt = zone_table(zone, line, lang)
    st.dataframe(styled(zt, decimals=2), hide_index=True, width="stretch", placeholder="")
    _downloads(zt, zone, f"zone_{line.a.adcode}_{line.b.adcode}_{km:g}km", lang)
    if len(near):
        st.markdown(f"**{t('adjacency.near', lang)}**")
        st.dataframe(styled(pd.DataFrame({
            t("adjacency.col_name", lang): near[_name_col(lang)].to_numpy(),
            t("adjacency.col_distance", lang): near["distance_km"].round(2).to_numpy(),
            t("adjacency.col_crosses", lang): near["crosses_border"].to_numpy()}), decimals=2),
            hide_index=True, width="stretch", placeholder="")
    _write_url(state)
    out = _overlays_work(lang, level, a, nlevel, b, float(km), zlevel, key, items)
    _show_legend(out, lang)
    return out
