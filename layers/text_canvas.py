"""Map texts drawn on one canvas: the place names and the station names.

A name drawn as a DOM marker (a ``divIcon`` or a permanent tooltip) is one element the
browser positions with its own 3-D transform: hundreds of them made every redraw of the
map (a filter, an adjacency border) spend about a second compositing layers. Drawn on
one Leaflet canvas renderer they are one layer: :data:`TEXT_CANVAS_JS` defines
``window.yrdTextCanvas(rows, show, styles, options)``, an ``L.Canvas`` that, after every move or
zoom, draws each row ``[lat, lon, text, style, …]`` that ``show(row, zoom)`` lets
through, in its style (``styles[row[3]]``, a :func:`text_style` record), with a white halo or a light box. What it
drew is in the layer's ``drawn`` list (text, style, box in container pixels): the
browser tests read it.

Texts go to the canvas as text (``fillText``), never as HTML: they are not escaped
for HTML, and :func:`layers.folium_layers.script_json` keeps them safe inside the script.
"""
from __future__ import annotations

__all__ = ["FONT_FAMILY", "TEXT_CANVAS_JS", "TEXT_CANVAS_PADDING", "text_style"]

#: how far beyond the map's edges a text canvas reaches (a share of the map's size; as
#: Leaflet's own renderers): the texts just outside the view are drawn, and the canvas
#: is 1.2 × the map each way. At 0.5 (2 × each way) the two text canvases of the
#: default view were 13.8 MB of pixels to allocate and composite before the first paint
TEXT_CANVAS_PADDING = 0.1

#: local fonts only (no web font request)
FONT_FAMILY = ('"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", '
               '"WenQuanYi Micro Hei", sans-serif')


def text_style(size_px: int, color: str, *, weight: int = 400, italic: bool = False,
               spacing_px: float = 0.0, halo: str | None = "#ffffff",
               box: str | None = None, align: str = "center", dx: float = 0.0) -> dict:
    """The drawing style of one kind of text, as the canvas script reads it.

    ``halo``: the colour of the outline that keeps the text legible over any fill (None:
    none); ``box``: a background box colour instead; ``align``: "center" (on the point)
    or "left" (starting ``dx`` pixels right of it).

    Examples
    --------
    >>> s = text_style(12, "#555", italic=True)
    >>> s["font"].startswith("italic 400 12px"), s["halo"], s["align"]
    (True, '#ffffff', 'center')
    >>> text_style(12, "#555", align="top")
    Traceback (most recent call last):
    ...
    ValueError: align 'top' is not center or left
    """
    if align not in ("center", "left"):
        raise ValueError(f"align {align!r} is not center or left")
    font = f"{'italic ' if italic else ''}{int(weight)} {int(size_px)}px {FONT_FAMILY}"
    return {"font": font, "size": int(size_px), "color": color, "spacing": f"{spacing_px:g}px",
            "halo": halo, "box": box, "align": align, "dx": float(dx)}


TEXT_CANVAS_JS = """if (!window.yrdTextCanvas) { window.yrdTextCanvas = (function () {
  // one canvas renderer (it follows pans, scales during zoom animations) that draws texts
  var TextCanvas = L.Canvas.extend({
    initialize: function (rows, show, styles, options) {
      L.Canvas.prototype.initialize.call(this, options);
      this._rows = rows; this._show = show; this._styles = styles; this.drawn = [];
    },
    _draw: function () {
      L.Canvas.prototype._draw.call(this);
      var map = this._map, ctx = this._ctx, b = this._bounds;
      if (!map || !b) { return; }
      var z = map.getZoom(), drawn = [];
      ctx.save();
      ctx.textBaseline = "middle"; ctx.lineJoin = "round";
      for (var i = 0; i < this._rows.length; i++) {
        var r = this._rows[i];
        if (!this._show(r, z)) { continue; }
        var p = map.latLngToLayerPoint([r[0], r[1]]);
        if (!b.contains(p)) { continue; }
        var s = this._styles[r[3]];
        ctx.font = s.font; ctx.letterSpacing = s.spacing;
        var w = ctx.measureText(r[2]).width, h = s.size;
        var x0 = s.align === "left" ? p.x + s.dx : p.x - w / 2, y = p.y;
        if (s.box) {
          ctx.fillStyle = s.box;
          ctx.fillRect(x0 - 3, y - h / 2 - 2, w + 6, h + 4);
        }
        ctx.textAlign = "left";
        if (s.halo) {
          ctx.strokeStyle = s.halo; ctx.lineWidth = 3; ctx.strokeText(r[2], x0, y);
        }
        ctx.fillStyle = s.color; ctx.fillText(r[2], x0, y);
        var c = map.layerPointToContainerPoint(L.point(x0, y - h / 2));
        drawn.push({text: r[2], style: r[3], halo: s.halo, box: s.box,
                    left: c.x, top: c.y, right: c.x + w, bottom: c.y + h});
      }
      ctx.restore();
      this.drawn = drawn;
      this.fire("drawn");
    }
  });
  return function (rows, show, styles, options) {
    return new TextCanvas(rows, show, styles, options);
  };
})(); }"""
