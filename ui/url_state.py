"""The app's state in the URL: pure encode/decode of query parameters.

Everything a shared link must restore — language, filters, selected item,
basemap (and a custom tile URL), map centre and zoom — is a :class:`ViewState`.
:func:`encode` writes only what differs from the defaults (short links);
:func:`decode` reads a query-parameter mapping, validates every value against
the vocabularies it is given and returns the state plus a list of
:class:`Issue` (unknown province, bad number …) for the page to show as
warnings, never raising. No streamlit here: ``app.py`` passes
``st.query_params`` in and out.

Examples
--------
>>> s = ViewState(lang="en", provinces=(320000,), layers=("rail",), lat=31.2, lon=121.5, zoom=9)
>>> encode(s)
{'lang': 'en', 'prov': '320000', 'layers': 'rail', 'lat': '31.2', 'lon': '121.5', 'z': '9'}
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

__all__ = ["ViewState", "Issue", "Vocabulary", "encode", "decode", "PARAMS"]

#: query parameter names, in the order they are written
PARAMS = ("lang", "prov", "city", "county", "layers", "status", "cross", "q", "sel", "base", "tiles",
          "show", "hide", "lat", "lon", "z")
_MAX_TEXT = 200


@dataclass(frozen=True)
class ViewState:
    lang: str = "zh"
    provinces: tuple = ()        # adcodes
    cities: tuple = ()           # adcodes
    counties: tuple = ()         # adcodes
    layers: tuple | None = None  # catalog layer keys shown; None = all, () = none
    status: tuple = ()           # status verbs (zh); empty = all
    cross: bool = False
    text: str = ""
    selected: str | None = None  # item id
    basemap: str = "offline"
    tiles: str = ""              # custom XYZ URL (basemap "custom")
    shown: tuple = ()            # background layers (registry ids) switched on that start hidden
    hidden: tuple = ()           # … and switched off that start shown (the layer control)
    lat: float | None = None     # map centre and zoom; None = the default view
    lon: float | None = None
    zoom: float | None = None

    def with_view(self, lat: float, lon: float, zoom: float) -> "ViewState":
        return replace(self, lat=round(float(lat), 4), lon=round(float(lon), 4),
                       zoom=float(zoom))


@dataclass(frozen=True)
class Issue:
    """Something in the URL that was ignored: ``code`` is a :func:`geo.i18n.t` key."""

    code: str
    param: str
    value: str


@dataclass(frozen=True)
class Vocabulary:
    """What :func:`decode` accepts; resolvers return an adcode or raise LookupError."""

    layers: tuple
    status: dict                 # zh → en
    basemaps: tuple
    province: Callable[[str], int]
    city: Callable[[str], int]
    items: frozenset | None = None
    #: resolves a county (name or adcode) to its adcode; None: the ``county`` parameter
    #: is reported as unknown
    county: Callable[[str], int] | None = None
    langs: tuple = ("zh", "en")
    extra: dict = field(default_factory=dict)
    #: the background layers ``show``/``hide`` may name (registry ids, e.g. ``counties``)
    background: tuple = ()
    #: may a link's custom tile URL load without the user's confirmation? (default: the
    #: administrator's allow-list, :func:`layers.basemaps.link_tiles_allowed`)
    tile_allowed: Callable[[str], bool] | None = None


def _num(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def encode(state: ViewState) -> dict[str, str]:
    """Query parameters for ``state`` (defaults left out)."""
    d = ViewState()
    out: dict[str, str] = {}
    if state.lang != d.lang:
        out["lang"] = state.lang
    if state.provinces:
        out["prov"] = ",".join(str(int(a)) for a in state.provinces)
    if state.cities:
        out["city"] = ",".join(str(int(a)) for a in state.cities)
    if state.counties:
        out["county"] = ",".join(str(int(a)) for a in state.counties)
    if state.layers is not None:
        out["layers"] = ",".join(state.layers) if state.layers else "none"
    if state.status:
        out["status"] = ",".join(state.status)
    if state.cross:
        out["cross"] = "1"
    if state.text:
        out["q"] = state.text[:_MAX_TEXT]
    if state.selected:
        out["sel"] = state.selected
    if state.basemap != d.basemap:
        out["base"] = state.basemap
    if state.basemap == "custom" and state.tiles:
        out["tiles"] = state.tiles
    if state.shown:
        out["show"] = ",".join(state.shown)
    if state.hidden:
        out["hide"] = ",".join(state.hidden)
    if state.lat is not None and state.lon is not None and state.zoom is not None:
        out["lat"], out["lon"], out["z"] = _num(state.lat), _num(state.lon), _num(state.zoom)
    return out


def _get(params: Mapping, key: str) -> str | None:
    value = params.get(key)
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    return None if value is None else str(value)


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _codes(values, resolver, code: str, param: str, issues: list) -> tuple:
    out = []
    for v in values:
        try:
            adcode = int(resolver(v))
        except (LookupError, ValueError):
            issues.append(Issue(code, param, v))
            continue
        if adcode not in out:
            out.append(adcode)
    return tuple(out)


def _float(params, key, lo, hi, issues) -> float | None:
    raw = _get(params, key)
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (lo <= value <= hi):      # also false for nan
        issues.append(Issue("app.warn_unknown_value", key, raw))
        return None
    return value


def _no_county(value: str) -> int:
    raise LookupError(value)


def decode(params: Mapping, vocab: Vocabulary) -> tuple[ViewState, list[Issue]]:
    """Read a query-parameter mapping into a :class:`ViewState`.

    Unknown values are dropped (or replaced by the default) and reported as
    :class:`Issue`; nothing raises.
    """
    issues: list[Issue] = []
    d = ViewState()

    def known(param: str, allowed, default: str) -> str:
        """The parameter's value if it is one of ``allowed``, else (reported) ``default``."""
        value = _get(params, param) or default
        if value in allowed:
            return value
        issues.append(Issue("app.warn_unknown_value", param, value))
        return default

    lang = known("lang", vocab.langs, d.lang)
    provinces = _codes(_split(_get(params, "prov")), vocab.province, "app.warn_unknown_province",
                       "prov", issues)
    cities = _codes(_split(_get(params, "city")), vocab.city, "app.warn_unknown_city", "city",
                    issues)
    counties = _codes(_split(_get(params, "county")), vocab.county or _no_county,
                      "app.warn_unknown_county", "county", issues)
    raw_layers = _get(params, "layers")
    layers: list | None = None
    if raw_layers is not None:
        layers = []
        for v in _split(raw_layers):
            if v in vocab.layers and v not in layers:
                layers.append(v)
            elif v != "none" and v not in vocab.layers:
                issues.append(Issue("app.warn_unknown_value", "layers", v))
        if not layers and raw_layers.strip() != "none":
            layers = None        # nothing usable: all layers, as by default
        elif set(layers) == set(vocab.layers):
            layers = None
    en_to_zh = {en.lower(): zh for zh, en in vocab.status.items()}
    status = []
    for v in _split(_get(params, "status")):
        zh = v if v in vocab.status else en_to_zh.get(v.lower())
        if zh is None:
            issues.append(Issue("app.warn_unknown_value", "status", v))
        elif zh not in status:
            status.append(zh)
    cross_raw = _get(params, "cross")
    cross = cross_raw in ("1", "true", "yes")
    if cross_raw is not None and cross_raw not in ("0", "1", "true", "false", "yes", "no"):
        issues.append(Issue("app.warn_unknown_value", "cross", cross_raw))
    text = (_get(params, "q") or "")[:_MAX_TEXT]
    selected = _get(params, "sel") or None
    if selected is not None and vocab.items is not None and selected not in vocab.items:
        issues.append(Issue("app.warn_unknown_item", "sel", selected))
        selected = None
    basemap = known("base", vocab.basemaps, d.basemap)
    tiles = (_get(params, "tiles") or "").strip()
    if basemap == "custom":
        from layers.basemaps import BasemapError, check_xyz_url, link_tiles_allowed, tile_host

        allowed = vocab.tile_allowed or link_tiles_allowed
        try:
            check_xyz_url(tiles)
        except BasemapError:
            if tiles:
                issues.append(Issue("app.warn_unknown_value", "tiles", tiles[:_MAX_TEXT]))
            basemap, tiles = d.basemap, ""
        else:
            if not allowed(tiles):
                # a link may not point every visitor's browser at any server: the URL waits in
                # the custom-tiles box until the user picks 自定义 XYZ 瓦片 (the confirmation)
                issues.append(Issue("app.warn_tiles_unconfirmed", "tiles", tile_host(tiles)))
                basemap = d.basemap
    else:
        tiles = ""
    toggled = {}
    for key in ("show", "hide"):
        for v in _split(_get(params, key)):
            if v not in vocab.background:
                issues.append(Issue("app.warn_unknown_value", key, v[:_MAX_TEXT]))
            else:
                toggled[v] = key                    # the later parameter wins
    lat = _float(params, "lat", -85.0, 85.0, issues)
    lon = _float(params, "lon", -180.0, 180.0, issues)
    zoom = _float(params, "z", 0.0, 20.0, issues)
    if None in (lat, lon, zoom):
        lat = lon = zoom = None
    state = ViewState(lang=lang, provinces=provinces, cities=cities, counties=counties,
                      layers=None if layers is None else tuple(layers),
                      status=tuple(status), cross=cross, text=text, selected=selected,
                      basemap=basemap, tiles=tiles,
                      shown=tuple(k for k, v in toggled.items() if v == "show"),
                      hidden=tuple(k for k, v in toggled.items() if v == "hide"),
                      lat=lat, lon=lon, zoom=zoom)
    return state, issues
