"""Map tools as folium elements: search by name, mini-map, land fill, scale, fullscreen, measure.

Each element of our own declares ``vendor`` (the packages under
``static/vendor`` it needs, see :mod:`layers.assets`) and renders only JSON-
encoded values into its script. Search results are written with
``textContent``, never as HTML.
"""
from __future__ import annotations

import functools

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from geo.i18n import t

__all__ = ["SearchControl", "MiniMap", "LandFill", "MetricScale", "LayerControl", "DataSwap",
           "fullscreen", "measure"]


class _Vendored(JSCSSMixin):
    """Mixin: an element whose scripts and stylesheets are the vendored files named by its
    ``vendor`` (:func:`layers.assets.use_vendored_assets` sets ``default_js`` and
    ``default_css`` from them; none until then, and none shared with folium's classes)."""

    default_js: list = []
    default_css: list = []


class SearchControl(_Vendored, MacroElement):
    """leaflet-search over the features of ``layers`` (their ``label`` property).

    Matches anywhere in the name (not only the start), lists hits as plain text
    and zooms to the chosen feature's extent.
    """

    vendor = ("search",)
    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this.map_name() }}, owner = {{ this._parent.get_name() }}, off = null;
            var groups = [{% for l in this.layers %}{{ l.get_name() }}{% if not loop.last %}, {% endif %}{% endfor %}];
            function records() {
                var out = {};
                function visit(layer) {
                    if (layer.feature && layer.feature.properties && layer.feature.properties.label) {
                        var key = layer.feature.properties.label;
                        var loc = layer.getBounds ? layer.getBounds().getCenter() : layer.getLatLng();
                        loc.layer = layer;
                        out[key] = loc;
                    } else if (layer.eachLayer) {
                        layer.eachLayer(visit);
                    }
                }
                groups.forEach(function (g) { if (map.hasLayer(g)) visit(g); });
                return out;
            }
            var ctl = new L.Control.Search({
                sourceData: function (text, callback) { callback(records()); return {abort: function () {}}; },
                formatData: function (data) { return data; },
                initial: false,
                marker: false,
                autoCollapse: true,
                position: "topleft",
                textPlaceholder: {{ this.placeholder|tojson }},
                textErr: {{ this.not_found|tojson }},
                textCancel: "×",
                buildTip: function (text) {
                    var li = document.createElement("li");
                    li.textContent = text;
                    return li;
                },
                moveToLocation: function (latlng, title, m) {
                    var layer = latlng.layer;
                    if (layer && layer.getBounds) {
                        m.fitBounds(layer.getBounds(), {maxZoom: 11, padding: [30, 30]});
                    } else {
                        m.setView(latlng, Math.max(m.getZoom(), 11));
                    }
                    if (layer && layer.openTooltip) { setTimeout(function () { layer.openTooltip(); }, 400); }
                }
            });
            map.addControl(ctl);
{{ this.owned }}
        })();
        {% endmacro %}
    """)

    def __init__(self, layers: list, lang: str):
        super().__init__()
        self._name = "SearchControl"
        self.layers = list(layers)
        self.placeholder = t("app.map_search", lang)
        self.not_found = t("app.map_search_none", lang)
        self.owned = _OWNED

    def map_name(self) -> str:
        return _map_name(self)


def _kept_template(body: str) -> Template:
    """The script of a tool kept across layer changes: ``body`` runs with ``map``, ``owner``
    and the keep helpers (:data:`_KEEP`, ``this.keep``) in scope."""
    return Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this.map_name() }}, owner = {{ this._parent.get_name() }};
            {{ this.keep }}
""" + body + """
        })();
        {% endmacro %}
    """)


class MiniMap(_Vendored, MacroElement):
    """Leaflet-MiniMap fed either tile ``sources`` or, offline, a copy of the
    polygons of ``vector_layer`` (no extra payload: cloned in the browser)."""

    vendor = ("minimap",)
    _template = _kept_template("""
            var key = {{ this.key|tojson }};
            function create() {   // after the first paint: the mini-map is not needed for it
            {%- if this.vector_layer %}
            var mini = L.geoJson({{ this.vector_layer.get_name() }}.toGeoJSON(), {
                interactive: false,
                style: {color: "#888888", weight: 0.8, fillColor: {{ this.land|tojson }}, fillOpacity: 1}
            });
            {%- else %}
            var mini = L.layerGroup([
            {%- for s in this.sources %}
                L.tileLayer({{ s.url|tojson }}, {subdomains: {{ s.subdomains|tojson }}, maxZoom: {{ s.max_zoom|tojson }}}),
            {%- endfor %}
            ]);
            {%- endif %}
            var ctl = new L.Control.MiniMap(mini, {
                position: "bottomright", toggleDisplay: true, minimized: true,
                zoomLevelOffset: -4, width: 120, height: 120,
                strings: {hideText: {{ this.hide|tojson }}, showText: {{ this.show|tojson }}}
            }).addTo(map);
            {%- if this.vector_layer %}
            ctl._miniMap.getContainer().style.background = {{ this.sea|tojson }};
            {%- endif %}
            // it starts minimised (#17.10): opened, it must measure its new size and centre
            // (after its CSS transition: the "restore" event, or a timer if none fires)
            function recentre() {
                if (ctl._minimized) { return; }
                ctl._miniMap.invalidateSize({pan: false});
                ctl._miniMap.setView(map.getCenter(), ctl._decideZoom(true), {animate: false});
            }
            ctl.on("restore", recentre);
            L.DomEvent.on(ctl._toggleDisplayButton, "click", function () { setTimeout(recentre, 800); });
            return ctl;
            }
            function keep() { window.yrdKeep(map, owner, key, create); }
            if (window.yrdKept && window.yrdKept[key]) { keep(); }
            else { map.whenReady(function () { setTimeout(keep, 50); }); }
    """)

    def __init__(self, lang: str, *, vector_layer=None, sources=(), land="#fbfaf6",
                 sea="#dfe9f1"):
        super().__init__()
        if vector_layer is None and not sources:
            raise ValueError("MiniMap needs tile sources or a vector layer")
        self._name = "MiniMap"
        self.vector_layer = vector_layer
        self.sources = list(sources)
        self.land, self.sea = land, sea
        self.hide = "−" if lang == "en" else "隐藏"
        self.show = "+" if lang == "en" else "显示"
        self.keep = _KEEP
        self.key = f"minimap:{lang}:{[getattr(s, 'url', s) for s in self.sources]}"

    def map_name(self) -> str:
        return _map_name(self)


class LandFill(MacroElement):
    """Offline background: land painted from ``layer``'s polygons in a low pane,
    the map container coloured as sea. Clones the data in the browser."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            map.getContainer().style.background = {{ this.sea|tojson }};
            if (!map.getPane("yrdLand")) { map.createPane("yrdLand").style.zIndex = 150; }
            var src = {{ this.layer.get_name() }};
            var fill = L.geoJson(src.toGeoJSON(), {
                pane: "yrdLand", interactive: false, renderer: L.canvas({pane: "yrdLand"}),
                style: {stroke: false, fillColor: {{ this.land|tojson }}, fillOpacity: 1}
            }).addTo(map);
            src.on("yrdswap", function () {     // the coast follows the detail level (DataSwap)
                fill.clearLayers();
                fill.addData(src.toGeoJSON());
            });
        })();
        {% endmacro %}
    """)

    def __init__(self, layer, land: str, sea: str):
        super().__init__()
        self._name = "LandFill"
        self.layer, self.land, self.sea = layer, land, sea


class MetricScale(MacroElement):
    """A metric-only scale bar (folium's ``control_scale`` also shows miles)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        L.control.scale({metric: true, imperial: false, position: "bottomleft"})
            .addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "MetricScale"


#: JS: ``window.yrdKeep(map, owner, key, create)`` — a control that outlives the layer
#: changes: created once per ``key``; when its feature group ``owner`` leaves the map
#: and no new group claims the same key in the same turn, it is removed
_KEEP = """if (!window.yrdKeep) { window.yrdKeep = function (map, owner, key, create) {
    var reg = window.yrdKept = window.yrdKept || {};
    var hit = reg[key];
    if (hit) { clearTimeout(hit.timer); } else { hit = reg[key] = {ctl: create()}; }
    if (owner !== map && owner.on) {
        owner.on("remove", function () {
            hit.timer = setTimeout(function () {
                if (reg[key] === hit) { map.removeControl(hit.ctl); delete reg[key]; }
            }, 0);
        });
    }
    return hit.ctl;
}; }"""


class _Kept:
    """Mixin: a map tool created once per language, kept while the layers change."""

    keep = _KEEP

    def map_name(self) -> str:
        return _map_name(self)


#: JS of the kept fullscreen button
_FULLSCREEN_JS = """
                window.yrdKeep(map, owner, {{ this.key|tojson }}, function () {
                    return L.control.fullscreen({{ this.options|tojavascript }}).addTo(map);
                });
"""
#: JS of the kept distance/area tool
_MEASURE_JS = """
                // leaflet-measure with Leaflet >= 1.8 (ljagis/leaflet-measure#171)
                L.Control.Measure.include({
                    _setCaptureMarkerIcon: function () {
                        this._captureMarker.options.autoPanOnFocus = false;
                        this._captureMarker.setIcon(
                            L.divIcon({iconSize: this._map.getSize().multiplyBy(2)}));
                    }
                });
                window.yrdKeep(map, owner, {{ this.key|tojson }}, function () {
                    var ctl = new L.Control.Measure({{ this.options|tojavascript }});
                    map.addControl(ctl);
                    return ctl;
                });
"""


@functools.lru_cache(maxsize=None)
def _kept_class(plugin: str, vendor: str, script: str) -> type:
    """``folium.plugins.<plugin>`` made a :class:`_Kept` tool (class ``Kept<plugin>``):
    the vendored files ``vendor``, created by ``script`` (see :func:`_kept_template`).

    Examples
    --------
    >>> _kept_class("Fullscreen", "fullscreen", _FULLSCREEN_JS).__mro__[1].__name__
    '_Kept'
    """
    import folium.plugins

    base = getattr(folium.plugins, plugin)
    return type(f"Kept{plugin}", (_Kept, base),
                {"vendor": (vendor,), "_template": _kept_template(script)})


def fullscreen(lang: str):
    """The fullscreen button (kept across layer changes, replaced with the language)."""
    el = _kept_class("Fullscreen", "fullscreen", _FULLSCREEN_JS)(
        position="topleft", title=t("app.fullscreen", lang),
        title_cancel=t("app.fullscreen_exit", lang), force_separate_button=True)
    el.key = f"fullscreen:{lang}"
    return el


def measure(lang: str):
    """The distance/area tool (kept across layer changes, replaced with the language)."""
    el = _kept_class("MeasureControl", "measure", _MEASURE_JS)(
        position="topleft", primary_length_unit="kilometers", secondary_length_unit="meters",
        primary_area_unit="sqkilometers", secondary_area_unit="hectares",
        localization="cn" if lang == "zh" else "en")
    el.key = f"measure:{lang}"
    return el


def _map_name(element) -> str:
    """The JS name of the map ``element`` sits on (its parent, or the parent's parent
    when it rides in a feature group that st_folium adds and removes)."""
    import folium

    node = element._parent
    while node is not None and not isinstance(node, folium.Map):
        node = getattr(node, "_parent", None)
    if node is None:
        raise ValueError(f"{type(element).__name__} is not on a map")
    return node.get_name()


#: JS: remove ``ctl`` from the map when the feature group ``owner`` leaves it
#: (st_folium removes every added group before it adds the new ones)
_OWNED = """
            if (owner !== map && owner.on) {
                owner.on("remove", function () { map.removeControl(ctl); if (off) { off(); } });
            }"""


class LayerControl(MacroElement):
    """The layer control, keeping what the user switched on or off in the browser.

    The app's layers are replaced (``feature_group_to_add``) on every filter
    change; a layer the user switched off stays off and a layer hidden at start
    (``show = false`` in the registry) stays hidden until switched on — the
    choices live in the map's frame (``window.yrdShown``, by layer title), which
    is never reloaded. Layers with ``show=False`` start hidden, unless ``start``
    says otherwise. Each click is also put into st_folium's returned value
    (``selected_layers``: ``{"name": layer name, "url": "on"|"off"}``), so the page
    can keep the choice in its link (:func:`ui.map_view.show_map`).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var map = {{ this._parent.get_name() }};
            var overlays = {
            {%- for key, val in this.overlays.items() %}
                {{ key|tojson }}: {{ val }},
            {%- endfor %}
            };
            var initial = {{ this.initial|tojson }};
            var shown = window.yrdShown = window.yrdShown || {};
            Object.keys(overlays).forEach(function (name) {
                var on = (name in shown) ? shown[name] : initial[name] !== false;
                if (on && !map.hasLayer(overlays[name])) { map.addLayer(overlays[name]); }
                if (!on && map.hasLayer(overlays[name])) { map.removeLayer(overlays[name]); }
            });
            var ctl = L.control.layers({}, overlays, {{ this.options|tojson }});
            var click = ctl._onInputClick;
            ctl._onInputClick = function () {      // only the user's clicks are remembered
                click.apply(this, arguments);
                this._layers.forEach(function (o) {
                    if (o.overlay) { shown[o.name] = map.hasLayer(o.layer); }
                });
                map.fire("yrdlayers", {shown: shown});
                // tell the page (st_folium's value) so the link keeps the choice
                var d = window.__GLOBAL_DATA__;
                if (d && d.selected_layers) {
                    Object.keys(shown).forEach(function (n) {
                        d.selected_layers["yrd:" + n] = {name: n, url: shown[n] ? "on" : "off"};
                    });
                    map.fire("moveend");          // st_folium sends its value on moveend
                }
            };
            return ctl.addTo(map);
        })();
        {% endmacro %}
    """)

    def __init__(self, position: str = "topright", collapsed: bool = True,
                 start: dict | None = None):
        super().__init__()
        self._name = "LayerControl"
        self.options = {"position": position, "collapsed": collapsed, "autoZIndex": True}
        self.overlays: dict = {}
        self.initial: dict = {}
        #: {layer name: shown} overriding the layers' own ``show`` at start (a link's
        #: ``show=``/``hide=``); the user's clicks in the frame still win
        self.start = dict(start or {})

    def render(self, **kwargs):
        from folium.map import Layer

        self.overlays, self.initial = {}, {}
        for item in self._parent._children.values():
            if isinstance(item, Layer) and item.control:
                self.overlays[item.layer_name] = item.get_name()
                self.initial[item.layer_name] = bool(self.start.get(item.layer_name,
                                                                    item.show))
        super().render(**kwargs)


class DataSwap(MacroElement):
    """Give the background layer ``target`` other data while this element's feature
    group is on the map; its own data comes back when the group leaves and no new
    swap takes over in the same turn. Level of detail without rebuilding the map:
    zooming in swaps coarse boundaries for finer ones clipped to the view; a layer
    hidden at start gets its data after the first paint, decoded when switched on.
    ``key`` names the data: the same key again costs nothing in the browser. With
    ``url`` instead of ``data_json`` the browser fetches the data (a file of the app's
    own static folder, :func:`layers.assets.publish`) when the layer is first shown."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var t = {{ this.target.get_name() }}, owner = {{ this._parent.get_name() }};
            var key = {{ this.key|tojson }};
            clearTimeout(t._yrdRestore);
            if (!t._yrdOwn) { t._yrdOwn = t.getLayers(); }
            if (t._yrdKey !== key) {
                t._yrdKey = key;
                var data = {{ this.data_json or "null" }}, url = {{ this.url|tojson }};
                var draw = function (fc) {
                    if (t._yrdKey !== key) { return; }
                    t.clearLayers();
                    t.addData(fc);
                    t.fire("yrdswap");
                };
                var apply = function () {
                    if (t._yrdKey !== key || t._yrdDone === key) { return; }
                    t._yrdDone = key;
                    if (url) {        // fetched when first shown: a data file of the app
                        window.yrdLoad(url, null, draw);
                    } else {
                        draw(window.yrdDecode(data));
                    }
                };
                if (t._map) { apply(); } else { t.once("add", apply); }
            }
            owner.on("remove", function () {
                t._yrdRestore = setTimeout(function () {
                    t._yrdKey = t._yrdDone = null;
                    t.clearLayers();
                    t._yrdOwn.forEach(function (l) { t.addLayer(l); });
                    t.fire("yrdswap");
                }, 0);
            });
        })();
        {% endmacro %}
    """)

    def __init__(self, target, data_json: str | None, key: str, url: str | None = None):
        super().__init__()
        if (data_json is None) == (url is None):
            raise ValueError("DataSwap needs data_json or url, not both")
        self._name = "DataSwap"
        self.target, self.data_json, self.key, self.url = target, data_json, key, url

    def render(self, **kwargs):
        """Add the script verbatim (megabytes of coordinates are not a template)."""
        from layers.folium_layers import _Verbatim

        script = self._template.module.__dict__["script"]
        self.get_root().script.add_child(_Verbatim(script(self, kwargs)), name=self.get_name())
