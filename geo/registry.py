"""Load the layer registry (``layers/registry.toml``) and check it.

The engine reads the styles as data (the static map, the KML colours); :mod:`layers`
draws them. The file stays beside the layers it declares.

The registry is data: one ``[[layer]]`` table per map layer and one
``[[status_class]]`` table per line style. :func:`load_registry` reads it once,
checks the required keys and values, and returns frozen :class:`LayerEntry` and
:class:`StatusClass` records. Nothing here imports folium or streamlit.

Examples
--------
>>> reg = load_registry()
>>> reg.layer("rail").name["zh"], reg.layer("rail").source
('轨道交通', 'projects:rail')
>>> reg.status_class("开工建设").id
'underway'
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.errors import YrdmapError

__all__ = ["RegistryError", "LayerEntry", "StatusClass", "Registry", "REQUIRED_KEYS",
           "STYLE_KEYS", "load_registry", "parse_registry", "REGISTRY_PATH"]

#: ``layers/registry.toml``: a sibling package's data file, read as text (no import)
REGISTRY_PATH = Path(__file__).resolve().parents[1] / "layers" / "registry.toml"
REQUIRED_KEYS = ("id", "name", "source", "style", "attribution")
OPTIONAL_KEYS = ("show", "interactive", "legend", "min_zoom", "export")
STYLE_KEYS = {"color": str, "weight": (int, float), "opacity": (int, float),
              "fill_color": str, "fill_opacity": (int, float), "radius": (int, float)}
LANGS = ("zh", "en")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_ID = re.compile(r"^[a-z][a-z_]*$")
_SOURCE = re.compile(r"^(regions:(province|city|county)|lakes|sea|rivers|labels|"
                     r"network:(lines|stations)|projects:[a-z_]+)$")
_DASH = re.compile(r"^(\d+( \d+)*)?$")


class RegistryError(YrdmapError, ValueError):
    """The registry breaks its schema; the message names the entry and the key."""


@dataclass(frozen=True)
class LayerEntry:
    """One map layer as declared in the registry."""

    id: str
    name: dict
    source: str
    style: dict
    attribution: str
    show: bool = True
    interactive: bool = True
    legend: str | None = None
    min_zoom: int | None = None
    export: bool = True

    @property
    def is_project(self) -> bool:
        return self.source.startswith("projects:")

    @property
    def is_context(self) -> bool:
        """The existing network (``network:*``): context under the plan, not part of it."""
        return self.source.startswith("network:")

    @property
    def project_layer(self) -> str | None:
        """The ``geo.schema.LAYERS`` key this entry draws, or None for background."""
        return self.source.split(":", 1)[1] if self.is_project else None

    def title(self, lang: str) -> str:
        return self.name[lang]


@dataclass(frozen=True)
class StatusClass:
    """A line style shared by several status verbs of the plan."""

    id: str
    name: dict
    statuses: tuple
    dash: str
    weight_factor: float = 1.0
    hollow: bool = False     # its points are drawn hollow (white fill): not yet built


@dataclass(frozen=True)
class Registry:
    layers: tuple
    status_classes: tuple

    def layer(self, layer_id: str) -> LayerEntry:
        return _first(self.layers, lambda e: e.id == layer_id,
                      f"no layer {layer_id!r} in the registry; "
                      f"known: {', '.join(e.id for e in self.layers)}")

    def project_entry(self, project_layer: str) -> LayerEntry:
        """The entry drawing the catalog's ``layer`` value ``project_layer``."""
        return _first(self.layers, lambda e: e.project_layer == project_layer,
                      f"no registry entry draws project layer {project_layer!r}")

    @property
    def background(self) -> tuple:
        return tuple(e for e in self.layers if not e.is_project and not e.is_context)

    @property
    def context(self) -> tuple:
        """The context layers (existing network), drawn between background and plan."""
        return tuple(e for e in self.layers if e.is_context)

    @property
    def projects(self) -> tuple:
        return tuple(e for e in self.layers if e.is_project)

    def status_class(self, status: str) -> StatusClass:
        return _first(self.status_classes, lambda sc: status in sc.statuses,
                      f"status {status!r} is in no [[status_class]] of the registry")


def _first(entries, match, missing: str):
    """The first of ``entries`` that ``match`` holds for; ``KeyError(missing)`` if none.

    Examples
    --------
    >>> _first([1, 4, 6], lambda n: n % 2 == 0, "no even number")
    4
    >>> _first([1, 3], lambda n: n % 2 == 0, "no even number")
    Traceback (most recent call last):
    ...
    KeyError: 'no even number'
    """
    for entry in entries:
        if match(entry):
            return entry
    raise KeyError(missing)


def _need(cond: bool, where: str, msg: str) -> None:
    if not cond:
        raise RegistryError(f"{where}: {msg}")


def _check_names(value, where: str) -> dict:
    _need(isinstance(value, dict) and all(isinstance(value.get(k), str) and value[k].strip()
                                          for k in LANGS),
          where, f"'name' must be a table with non-empty {' and '.join(LANGS)}")
    return {k: value[k] for k in LANGS}


def _check_style(style, where: str) -> dict:
    _need(isinstance(style, dict) and style, where, "'style' must be a non-empty table")
    for key, value in style.items():
        _need(key in STYLE_KEYS, where, f"unknown style key {key!r}; accepted: "
              + ", ".join(STYLE_KEYS))
        _need(isinstance(value, STYLE_KEYS[key]) and not isinstance(value, bool), where,
              f"style {key!r} = {value!r} has the wrong type")
        if key.endswith("color"):
            _need(bool(_COLOR.match(value)), where, f"style {key!r} = {value!r}; expected #rrggbb")
        if key.endswith("opacity"):
            _need(0 <= value <= 1, where, f"style {key!r} = {value!r}; expected 0..1")
    _need("color" in style, where, "style needs at least 'color'")
    return dict(style)


def _entry(raw: dict, i: int) -> LayerEntry:
    where = f"[[layer]] #{i + 1} ({raw.get('id', '?')})"
    missing = [k for k in REQUIRED_KEYS if k not in raw]
    _need(not missing, where, f"missing required key(s) {', '.join(missing)}; "
          f"required: {', '.join(REQUIRED_KEYS)}")
    unknown = [k for k in raw if k not in REQUIRED_KEYS + OPTIONAL_KEYS]
    _need(not unknown, where, f"unknown key(s) {', '.join(unknown)}")
    _need(isinstance(raw["id"], str) and bool(_ID.match(raw["id"])), where,
          f"id {raw['id']!r} must be [a-z_]")
    _need(isinstance(raw["source"], str) and bool(_SOURCE.match(raw["source"])), where,
          f"source {raw['source']!r}; expected regions:<level>, lakes, sea, rivers, labels, "
          "network:lines|stations or projects:<layer>")
    _need(isinstance(raw["attribution"], str) and raw["attribution"].strip() != "", where,
          "'attribution' must be a non-empty string")
    for flag in ("show", "interactive"):
        _need(isinstance(raw.get(flag, True), bool), where, f"{flag!r} must be true or false")
    is_project = raw["source"].startswith("projects:")
    legend = raw.get("legend")
    _need(legend in (None, "fill", "line", "point"), where,
          f"legend {legend!r}; expected fill, line or point")
    _need(is_project or legend is not None, where, "a background layer needs 'legend'")
    min_zoom = raw.get("min_zoom")
    _need(min_zoom is None or (isinstance(min_zoom, int) and not isinstance(min_zoom, bool)
                               and 0 <= min_zoom <= 18), where,
          f"min_zoom {min_zoom!r}; expected a whole zoom level 0..18")
    _need(isinstance(raw.get("export", True), bool), where, "'export' must be true or false")
    return LayerEntry(id=raw["id"], name=_check_names(raw["name"], where),
                      source=raw["source"], style=_check_style(raw["style"], where),
                      attribution=raw["attribution"], show=raw.get("show", True),
                      interactive=raw.get("interactive", is_project), legend=legend,
                      min_zoom=min_zoom, export=raw.get("export", True))


def _status_class(raw: dict, i: int) -> StatusClass:
    where = f"[[status_class]] #{i + 1} ({raw.get('id', '?')})"
    for key in ("id", "name", "statuses", "dash"):
        _need(key in raw, where, f"missing required key {key!r}")
    _need(isinstance(raw["statuses"], list) and raw["statuses"], where,
          "'statuses' must be a non-empty list")
    _need(isinstance(raw["dash"], str) and bool(_DASH.match(raw["dash"])), where,
          f"dash {raw['dash']!r}; expected '' or numbers separated by spaces")
    factor = raw.get("weight_factor", 1.0)
    _need(isinstance(factor, (int, float)) and 0 < factor <= 4, where,
          "weight_factor must be a number in (0, 4]")
    hollow = raw.get("hollow", False)
    _need(isinstance(hollow, bool), where, f"hollow {hollow!r}; expected true or false")
    return StatusClass(id=raw["id"], name=_check_names(raw["name"], where),
                       statuses=tuple(raw["statuses"]), dash=raw["dash"],
                       weight_factor=float(factor), hollow=hollow)


def parse_registry(data: dict, *, status_vocabulary=None, project_layers=None) -> Registry:
    """Check a parsed registry (a dict as read from TOML) and build a :class:`Registry`.

    ``status_vocabulary`` and ``project_layers`` (default: ``geo.schema``) are the
    vocabularies the registry must cover: every status in exactly one class, and
    every project layer drawn by exactly one entry.
    """
    if status_vocabulary is None or project_layers is None:
        from geo.schema import LAYERS, STATUS

        status_vocabulary = STATUS if status_vocabulary is None else status_vocabulary
        project_layers = LAYERS if project_layers is None else project_layers
    raw_layers = data.get("layer")
    if not isinstance(raw_layers, list) or not raw_layers:
        raise RegistryError("registry: no [[layer]] tables")
    entries = tuple(_entry(raw, i) for i, raw in enumerate(raw_layers))
    ids = [e.id for e in entries]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise RegistryError(f"registry: duplicate layer id(s) {', '.join(dup)}")
    drawn = [e.project_layer for e in entries if e.is_project]
    for key in project_layers:
        if drawn.count(key) != 1:
            raise RegistryError(f"registry: project layer {key!r} is drawn by "
                                f"{drawn.count(key)} entries; expected exactly 1")
    extra = [k for k in drawn if k not in project_layers]
    if extra:
        raise RegistryError(f"registry: source projects:{extra[0]} is not a catalog layer; "
                            f"known: {', '.join(project_layers)}")
    classes = tuple(_status_class(raw, i) for i, raw in enumerate(data.get("status_class", [])))
    listed = [s for sc in classes for s in sc.statuses]
    for status in status_vocabulary:
        if listed.count(status) != 1:
            raise RegistryError(f"registry: status {status!r} is in {listed.count(status)} "
                                "[[status_class]] tables; expected exactly 1")
    unknown = [s for s in listed if s not in status_vocabulary]
    if unknown:
        raise RegistryError(f"registry: status {unknown[0]!r} is not in the plan's vocabulary")
    return Registry(layers=entries, status_classes=classes)


@lru_cache(maxsize=4)
def load_registry(path: Path = REGISTRY_PATH) -> Registry:
    """Read and check the registry file (cached)."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{Path(path).name}: {exc}") from exc
    return parse_registry(data)
