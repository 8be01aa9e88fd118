"""Turn a registry entry and a selection into a folium layer: :func:`to_folium`.

The selection must already be display-ready (see :func:`geo.display.for_display`:
simplified, rounded, shifted to the basemap's datum). Background layers
(boundaries, lakes) are one non-interactive :class:`VectorLayer` in their own
pane. Project layers are a ``FeatureGroup`` holding one :class:`VectorLayer` per
geometry kind, each in a fixed pane — polygons under lines under points — so
toggling a layer never puts a polygon over a line. Features carry only
``label`` (the name in the UI language, for search) and ``tip`` (the tooltip:
name · layer, HTML-escaped); styles come from the registry by status class.
"""
from __future__ import annotations

import html
import json
import weakref

import folium
import geopandas as gpd
import numpy as np
import shapely
from branca.element import Element
from folium.elements import ElementAddToElement
from folium.map import Layer
from folium.template import Template

from layers.encoding import DECODER_JS, decimals_of, decode_features, encode_features
from layers.overlay import Overlay
from geo.registry import LayerEntry, load_registry

__all__ = ["PANES", "MAX_POLYGON_FILL", "VectorLayer", "to_folium", "overlay_to_folium",
           "add_panes", "feature_kinds", "geometry_kind", "tooltip_text", "script_json",
           "feature_collection_json", "project_features", "project_group",
           "collection_text"]

#: pane name → z-index. Leaflet: tiles 200, overlayPane 400, markers 600, tooltips 650.
PANES = {
    "yrdCounties": 240, "yrdCities": 245, "yrdLakes": 250, "yrdProvinces": 255,
    "yrdHalo": 405, "yrdPolygons": 410, "yrdLines": 420, "yrdPoints": 430, "yrdHighlight": 440,
}
#: polygons never hide what is under them
MAX_POLYGON_FILL = 0.35
_BACKGROUND_PANE = {"regions:county": "yrdCounties", "regions:city": "yrdCities",
                    "lakes": "yrdLakes", "regions:province": "yrdProvinces"}
_KIND_PANE = {"fill": "yrdPolygons", "line": "yrdLines", "point": "yrdPoints"}
_DIM_KIND = {0: "point", 1: "line", 2: "fill"}
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                  "\u2029": "\\u2029"}


def add_panes(fmap: folium.Map) -> folium.Map:
    """Create the fixed panes on ``fmap``; background panes take no mouse events."""
    for name, z in PANES.items():
        folium.map.CustomPane(name, z_index=z,
                              pointer_events=name not in _BACKGROUND_PANE.values()).add_to(fmap)
    return fmap


def geometry_kind(geom) -> str:
    """``fill``, ``line`` or ``point`` for a shapely geometry."""
    return _DIM_KIND[int(shapely.get_dimensions(geom))]


def feature_kinds(gdf: gpd.GeoDataFrame) -> set:
    """The geometry kinds present in ``gdf``."""
    if len(gdf) == 0:
        return set()
    return {_DIM_KIND[int(d)] for d in set(shapely.get_dimensions(gdf.geometry.values))}


def tooltip_text(name: str, layer_title: str) -> str:
    """Tooltip HTML for an item: both parts escaped.

    Examples
    --------
    >>> tooltip_text("<img src=x onerror=alert(1)>", "Rail")
    '<b>&lt;img src=x onerror=alert(1)&gt;</b> · Rail'
    """
    return f"<b>{html.escape(str(name))}</b> · {html.escape(str(layer_title))}"


def _escape_script(text: str) -> str:
    for ch, rep in _SCRIPT_UNSAFE.items():
        text = text.replace(ch, rep)
    return text


def script_json(value) -> str:
    """JSON text that is safe inside a ``<script>`` element (``<``, ``>``, ``&`` escaped).

    Examples
    --------
    >>> "</script>" in script_json({"a": "</script>"})
    False
    >>> json.loads(script_json({"a": "</script>"}))
    {'a': '</script>'}
    """
    return _escape_script(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def feature_collection_json(gdf: gpd.GeoDataFrame, ids=None, properties=None,
                            decimals: int | None = None) -> str:
    """``gdf`` as script-safe JSON text in the compact encoding of :mod:`layers.encoding`.

    ``ids`` (default row numbers) become feature ids; ``properties`` (a sequence
    of dicts, default empty) the feature properties; ``decimals`` (default: as
    many as the coordinates have, at most 7) the coordinate precision. Round the
    coordinates first (:func:`geo.display.for_display`).
    """
    geoms = list(gdf.geometry.values)
    if decimals is None:
        coords = shapely.get_coordinates(np.asarray(geoms)) if geoms else np.zeros((0, 2))
        decimals = decimals_of(coords)
    return script_json(encode_features(geoms, decimals, ids, properties))


class _Verbatim(Element):
    """Text added to a figure as it is (not compiled as a template)."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class _LazyTemplate:
    """A Jinja template compiled when first used (most never are)."""

    __slots__ = ("source", "_compiled")

    def __init__(self, source: str):
        self.source, self._compiled = source, None

    def __getattr__(self, name):
        if self._compiled is None:
            self._compiled = Template(self.source)
        return getattr(self._compiled, name)


def _lazy_rendered_text() -> None:
    """Make branca compile the text it wraps each rendered element's output in only
    when that text is rendered again.

    ``MacroElement.render`` puts every element's script, header and html into the
    figure as ``Element(text)``, and ``Element.__init__`` compiles ``text`` as a
    Jinja template: about a hundred compilations per map. ``st_folium`` reads the
    figure's header and html but takes the scripts from each element's macro, so
    those compilations were a third of a filter change's map build. Plain
    ``Element(text)`` now keeps the text and compiles it on first use (an HTML
    export still renders it, the same way); subclasses are untouched.
    """
    init = Element.__init__
    if getattr(init, "_yrd_lazy", False):
        return

    def lazy_init(self, template=None, template_name=None):
        if template is None or type(self) is not Element:
            init(self, template, template_name)
            return
        init(self)               # a text wins over a name, as in branca (never loaded)
        self._template_name = template_name
        self._template_str = template
        self._template = _LazyTemplate(template)

    lazy_init._yrd_lazy = True
    Element.__init__ = lazy_init


_lazy_rendered_text()


class VectorLayer(Layer):
    """A GeoJSON layer with pre-serialised data and a small style table.

    folium's ``GeoJson`` re-serialises its data and re-evaluates the style of
    every feature each time the map renders (st_folium renders it three
    times); this layer writes a FeatureCollection text prepared once and looks
    each feature's style up in ``styles`` by ``style_of[feature.id]``
    (default: the first style). Points are circle markers of ``radius``.
    Features with a ``tip`` property get it as tooltip (already HTML-escaped).
    ``canvas=True`` draws on a canvas in the layer's pane (fast for many
    non-interactive shapes); otherwise SVG paths. A layer hidden at start
    decodes its data only when first switched on.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.decoder }}
        var {{ this.get_name() }} = (function () {
            var styles = {{ this.styles_json }};
            var styleOf = {{ this.style_of_json }};
            function style(f) { return styles[styleOf[f.id] || 0]; }
            var layer = L.geoJson(null, {
                pane: {{ this.pane|tojson }},
                {%- if this.canvas %}
                renderer: L.canvas({pane: {{ this.pane|tojson }}}),
                {%- endif %}
                interactive: {{ this.interactive|tojson }},
                attribution: {{ this.attribution|tojson }},
                smoothFactor: 1,
                style: style,
                pointToLayer: function (f, latlng) {
                    return L.circleMarker(latlng, Object.assign(
                        {pane: {{ this.pane|tojson }}, radius: {{ this.radius|tojson }},
                         interactive: {{ this.interactive|tojson }}}, style(f)));
                },
                onEachFeature: function (f, l) {
                    if (f.properties && f.properties.tip) {
                        l.bindTooltip(f.properties.tip, {sticky: true});
                    }
                    {%- if this.highlight %}
                    l.on({
                        mouseover: function (e) { e.target.setStyle({{ this.highlight_json }}); },
                        mouseout: function (e) { layer.resetStyle(e.target); }
                    });
                    {%- endif %}
                }
            });
            {%- if this.data_url %}
            var load = function () {
                window.yrdLoad({{ this.data_url|tojson }}, {{ this.keep_json }},
                               function (fc) { layer.addData(fc); });
            };
            {%- else %}
            var data = {{ this.data_json }};
            var load = function () { layer.addData(window.yrdDecode(data)); };
            {%- endif %}
            {%- if this.show %}
            load();
            {%- else %}
            layer.once("add", load);
            {%- endif %}
            return layer;
        })();
        {% endmacro %}
    """)

    def __init__(self, data_json: str, styles: list, style_of: dict | None = None, *,
                 name: str | None = None, show: bool = True, control: bool = True,
                 pane: str = "overlayPane", interactive: bool = True, radius: float = 5,
                 highlight: dict | None = None, attribution: str = "", canvas: bool = False,
                 data_url: str | None = None, keep=None, decoder: bool = True):
        super().__init__(name=name, overlay=True, control=control, show=show)
        self._name = "VectorLayer"
        if not styles:
            raise ValueError("VectorLayer needs at least one style")
        self.data_json = data_json
        # data_url: the browser fetches data_json's text there (a file of the app, cached)
        # and draws the features whose id is in keep (None: all)
        self.data_url = data_url
        self.keep = None if keep is None else list(keep)
        self.keep_json = script_json(self.keep)
        self.styles = list(styles)
        self.style_of = dict(style_of or {})
        self.styles_json = script_json(self.styles)
        self.style_of_json = script_json(self.style_of)
        self.pane, self.interactive, self.radius = pane, interactive, radius
        self.highlight = highlight
        self.highlight_json = script_json(highlight or {})
        self.attribution = attribution
        self.canvas = canvas
        # the decoder defines itself once per page; a layer added to a map whose base
        # script has it (the app's feature groups) can leave it out
        self.decoder = DECODER_JS if decoder else ""

    def render(self, **kwargs):
        """Add the script to the figure verbatim.

        branca wraps each rendered script in a new Jinja template (compiling a
        megabyte of coordinates, and evaluating any ``{{ … }}`` in the data);
        this layer's script is final text and goes in as it is.
        """
        if self.show:
            self.add_child(ElementAddToElement(element_name=self.get_name(),
                                               element_parent_name=self._parent.get_name()),
                           name=self.get_name() + "_add")
        script = self._template.module.__dict__["script"]
        self.get_root().script.add_child(_Verbatim(script(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)

    @property
    def data(self) -> dict:
        """The features drawn, as a GeoJSON FeatureCollection dict (for tests and
        debugging)."""
        fc = decode_features(json.loads(self.data_json))
        if self.keep is not None:
            keep = set(self.keep)
            fc["features"] = [f for f in fc["features"] if f["id"] in keep]
        return fc

    def feature_style(self, feature_id) -> dict:
        return self.styles[self.style_of.get(feature_id, 0)]


def _leaflet_style(style: dict, *, dash: str = "", weight_factor: float = 1.0,
                   fill: bool = True) -> dict:
    out = {"color": style["color"], "weight": round(style.get("weight", 2) * weight_factor, 2),
           "opacity": style.get("opacity", 1.0),
           "fillColor": style.get("fill_color", style["color"]),
           "fillOpacity": style.get("fill_opacity", 0.2) if fill else 0.0,
           "fill": fill and style.get("fill_opacity", 0.2) > 0}
    if dash:
        out["dashArray"] = dash
    return out


#: encoded background frames by id (the app passes the same cached frame on every rerun);
#: a weak reference guards against a reused id
_ENCODED: dict = {}


def _background_json(gdf: gpd.GeoDataFrame) -> str:
    hit = _ENCODED.get(id(gdf))
    if hit is not None and hit[0]() is gdf:
        return hit[1]
    text = feature_collection_json(gdf)
    if len(_ENCODED) > 64:
        _ENCODED.clear()
    _ENCODED[id(gdf)] = (weakref.ref(gdf), text)
    return text


def _background(entry: LayerEntry, gdf: gpd.GeoDataFrame, lang: str) -> VectorLayer:
    return VectorLayer(_background_json(gdf), [_leaflet_style(entry.style)],
                       name=html.escape(entry.title(lang)), show=entry.show,
                       pane=_BACKGROUND_PANE[entry.source], interactive=False,
                       attribution=html.escape(entry.attribution), canvas=True)


def _item_style(entry: LayerEntry, kind: str, status_class) -> dict:
    style = _leaflet_style(entry.style, dash=status_class.dash,
                           weight_factor=status_class.weight_factor)
    if kind == "fill":      # semi-transparent, so lines and the map show through
        style["fillOpacity"] = min(style["fillOpacity"], MAX_POLYGON_FILL)
    elif kind == "line":    # Leaflet would fill the area a filled polyline closes
        style.update(fill=False, fillOpacity=0.0)
    elif kind == "point":   # solid dots; hollow = not yet built
        style.update(fill=True, fillOpacity=0.95, weight=min(style["weight"], 2.0))
        style.pop("dashArray", None)
        if status_class.hollow:
            style["fillColor"] = "#ffffff"
    return style


def project_features(entry: LayerEntry, gdf: gpd.GeoDataFrame, lang: str,
                     decimals: int) -> list[tuple[str, str]]:
    """(kind, feature text) of each item of ``gdf`` in ``entry``'s layer, in row order.

    The text is one encoded feature (:func:`layers.encoding.encode_features`) at
    ``decimals``, script-safe; :func:`project_group` joins the texts of a selection,
    so a cache of every item's text turns a filter change into a join.
    """
    title = entry.title(lang)
    names = [str(v) for v in gdf["name_zh" if lang == "zh" else "name_en"]]
    props = [{"label": n, "tip": tooltip_text(n, title)} for n in names]
    geoms = list(gdf.geometry.values)
    feats = encode_features(geoms, decimals, list(gdf["id"]), props)["f"]
    return [(geometry_kind(g), script_json(f)) for g, f in zip(geoms, feats)]


def project_group(entry: LayerEntry, lang: str, decimals: int, ids, statuses, kinds,
                  texts, shared: dict | None = None) -> folium.FeatureGroup:
    """The ``FeatureGroup`` of a project layer from its items' encoded features.

    ``ids``, ``statuses``, ``kinds`` and ``texts`` (from :func:`project_features`) run
    in parallel; one :class:`VectorLayer` per geometry kind, styled by status class.
    ``shared``: geometry kind → (URL, text) of a file holding every item of the layer
    of that kind (:func:`layers.map_builder.layer_collections`); the layer then sends only the ids of the
    selection, and the browser keeps the file (a filter change sends no geometry); the
    group is for a map whose base script defines the decoder (:data:`DECODER_JS`).
    """
    registry = load_registry()
    group = folium.FeatureGroup(name=html.escape(entry.title(lang)), show=entry.show,
                                attribution=html.escape(entry.attribution))
    rows = list(zip(ids, statuses, kinds, texts))
    for kind in ("fill", "line", "point"):
        part = [r for r in rows if r[2] == kind]
        if not part:
            continue
        styles, style_of = [], {}
        for item_id, status, _, _ in part:
            style = _item_style(entry, kind, registry.status_class(status))
            if style not in styles:
                styles.append(style)
            style_of[item_id] = styles.index(style)
        if shared and kind in shared:
            url, data = shared[kind]
            keep = [r[0] for r in part]
        else:
            url, keep = None, None
            data = collection_text(decimals, [r[3] for r in part])
        VectorLayer(data, styles, style_of, control=False, pane=_KIND_PANE[kind],
                    radius=entry.style.get("radius", 5),
                    highlight={"weight": max(s["weight"] for s in styles) + 2, "opacity": 1.0},
                    data_url=url, keep=keep, decoder=not shared).add_to(group)
    return group


def collection_text(decimals: int, texts) -> str:
    """The encoded feature collection of features encoded by :func:`project_features`.

    Examples
    --------
    >>> collection_text(3, ['[1,{},1,"_p~iF~ps|U"]'])
    '{"d":3,"f":[[1,{},1,"_p~iF~ps|U"]]}'
    """
    return '{"d":%d,"f":[%s]}' % (int(decimals), ",".join(texts))


def _project(entry: LayerEntry, gdf: gpd.GeoDataFrame, lang: str) -> folium.FeatureGroup:
    geoms = list(gdf.geometry.values)
    coords = shapely.get_coordinates(np.asarray(geoms)) if geoms else np.zeros((0, 2))
    decimals = decimals_of(coords)
    feats = project_features(entry, gdf, lang, decimals)
    return project_group(entry, lang, decimals, list(gdf["id"]), list(gdf["status"]),
                         [k for k, _ in feats], [f for _, f in feats])


def to_folium(entry: LayerEntry, gdf: gpd.GeoDataFrame, lang: str):
    """A folium layer for ``entry`` drawing ``gdf`` (display-ready, WGS84 or shifted).

    Background entries give a non-interactive ``folium.GeoJson``; project entries
    a ``folium.FeatureGroup`` with one interactive ``GeoJson`` per geometry kind,
    each feature with a tooltip (name in ``lang`` · layer title). Project frames
    need ``id``, ``name_zh``, ``name_en`` and ``status`` columns.
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"lang {lang!r} is not zh or en")
    if entry.is_project:
        missing = {"id", "name_zh", "name_en", "status"} - set(gdf.columns)
        if missing:
            raise ValueError(f"layer {entry.id}: selection lacks column(s) {sorted(missing)}")
        return _project(entry, gdf, lang)
    return _background(entry, gdf, lang)


def overlay_to_folium(overlay: Overlay, gdf: gpd.GeoDataFrame | None = None, *,
                      pane: str = "yrdHighlight") -> folium.FeatureGroup:
    """A FeatureGroup drawing an :class:`~layers.overlay.Overlay` on top of everything.

    ``gdf`` replaces ``overlay.gdf`` (pass the display-ready copy); its ``label``
    column is the tooltip, escaped. Without labels the overlay takes no clicks.
    ``pane``: ``yrdHighlight`` (on top) or ``yrdHalo`` (under the project layers).
    """
    if pane not in PANES:
        raise ValueError(f"pane {pane!r} is not one of {', '.join(PANES)}")
    gdf = overlay.gdf if gdf is None else gdf
    style = {"color": overlay.color, "weight": overlay.weight, "fillColor": overlay.color,
             "fillOpacity": overlay.fill_opacity, "opacity": 1.0, **overlay.style}
    if overlay.dash:
        style["dashArray"] = overlay.dash
    radius = style.pop("radius", 8)
    labels = [str(v) for v in gdf["label"]] if "label" in gdf.columns else [""] * len(gdf)
    props = [{"tip": html.escape(v)} if v else {} for v in labels]
    group = folium.FeatureGroup(name=html.escape(overlay.name))
    VectorLayer(feature_collection_json(gdf, properties=props), [style], control=False,
                pane=pane, interactive=any(labels), radius=radius).add_to(group)
    return group
