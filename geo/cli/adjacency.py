"""``yrdmap neighbors | border | crossings | route``: adjacency and border queries."""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from geo.cli._filters import JsonArray, JsonObject, Layer
from geo.cli._output import domain_errors, emit_json, emit_rows, emit_table

_LEVEL = "province, city or county"
#: the two regions of ``border`` and ``crossings``
RegionA = Annotated[str, typer.Argument(help="First region.")]
RegionB = Annotated[str, typer.Argument(help="Second region.")]


def register(app: typer.Typer) -> None:
    app.command("neighbors")(neighbors)
    app.command("border")(border)
    app.command("crossings")(crossings)
    app.command("route")(route)


@domain_errors
def neighbors(
    region: Annotated[str, typer.Argument(help="Region: 上海 / 上海市 / Shanghai / 310000.")],
    level: Annotated[Optional[str], typer.Option("--level", help=f"Level of the neighbours ({_LEVEL}); default the region's own.")] = None,
    contact: Annotated[str, typer.Option("--contact", help="edge: a shared border of positive length; point: any shared point.")] = "edge",
    as_json: JsonArray = False,
) -> None:
    """Units bordering REGION, with the length of each shared border (km)."""
    from geo.adjacency import neighbours
    from geo.adjacency.records import neighbour_records

    records = neighbour_records(neighbours(region, level=level, contact=contact))
    emit_rows(records, ["adcode", "name_zh", "name_en", "level", "shared_km", "contact"], as_json)


@domain_errors
def border(
    a: RegionA,
    b: RegionB,
    within: Annotated[Optional[float], typer.Option("--within", help="Also list the units and projects within this many km of the border (毗邻区域).")] = None,
    level: Annotated[str, typer.Option("--level", help=f"Level of the border-zone units ({_LEVEL}).")] = "county",
    as_json: JsonObject = False,
) -> None:
    """The border between A and B: length, units along it, projects crossing it.

    With --within KM, also the border zone (毗邻区域): the units and the projects
    within KM of the border."""
    from geo.adjacency import border as border_of
    from geo.adjacency import border_zone, crossings as crossings_of, near_border
    from geo.adjacency.records import (border_record, crossing_records, near_records,
                                       zone_records)

    line = border_of(a, b)
    out = border_record(line)
    if within is None:
        out["crossings"] = crossing_records(crossings_of(line), line)
    else:
        out["within_km"] = within
        out["zone"] = zone_records(border_zone(line.a, line.b, within, level=level))
        out["projects"] = near_records(near_border(line, km=within))
    if as_json:
        emit_json(out)
        return
    typer.echo(f"{line.a.name_zh} {line.a.name_en} — {line.b.name_zh} {line.b.name_en}: "
               f"{out['length_km']:,.1f} km ({line.contact})")
    emit_table(out["sides"], ["side", "level", "adcode", "name_zh", "name_en", "shared_km"])
    if within is None:
        emit_table(out["crossings"], ["id", "name_zh", "layer", "crossings", "km_by_side",
                                      "km2_by_side"])
    else:
        typer.echo(f"within {within:g} km:")
        emit_table(out["zone"], ["adcode", "name_zh", "level", "side", "distance_km"])
        emit_table(out["projects"], ["id", "name_zh", "layer", "distance_km",
                                      "crosses_border"])


@domain_errors
def crossings(
    a: RegionA,
    b: RegionB,
    layer: Layer = None,
    as_json: JsonArray = False,
) -> None:
    """Projects crossing from A to B, with km / km² on each side.

    Lines meeting the A–B border (crossing points and count), and polygons lying in
    both A and B."""
    from geo.adjacency import border as border_of
    from geo.adjacency import crossings as crossings_of
    from geo.adjacency.records import crossing_records

    line = border_of(a, b)
    records = crossing_records(crossings_of(line, layers=layer or ()), line)
    emit_rows(records, ["id", "name_zh", "layer", "crossings", "km_by_side",
                        "km2_by_side"], as_json)


@domain_errors
def route(
    project_id: Annotated[str, typer.Argument(help="Project id, e.g. rail-hu-zha-hang (see `yrdmap projects`).")],
    level: Annotated[str, typer.Option("--level", help=f"Level of the regions ({_LEVEL}).")] = "province",
    as_json: JsonObject = False,
) -> None:
    """The regions a line project passes through, in order, with km in each."""
    from geo.adjacency import route as route_of
    from geo.adjacency._items import find_item
    from geo.adjacency.records import route_records

    item = find_item(project_id)
    stretches = route_records(route_of(project_id, level))
    out = {"id": item["id"], "name_zh": item["name_zh"], "name_en": item["name_en"],
           "layer": item["layer"], "level": level,
           "length_km": round(sum(s["km"] for s in stretches), 3), "route": stretches}
    if as_json:
        emit_json(out)
    else:
        typer.echo(f"{out['id']} {out['name_zh']}: {out['length_km']:,.1f} km")
        emit_table(stretches, ["seq", "adcode", "name_zh", "name_en", "km", "from_km",
                               "to_km"])
