"""``yrdmap projects``: list the plan's items matching filters."""
from __future__ import annotations

import typer

from geo.cli._filters import City, County, Cross, JsonArray, Layer, Province, Search, Status
from geo.cli._output import domain_errors, emit_rows
from geo.records import project_records


def register(app: typer.Typer) -> None:
    app.command("projects")(projects)


@domain_errors
def projects(
    province: Province = None,
    city: City = None,
    county: County = None,
    layer: Layer = None,
    status: Status = None,
    search: Search = None,
    cross_provincial: Cross = False,
    as_json: JsonArray = False,
) -> None:
    """The items (the plan's and the imported ones) with computed provinces and
    per-province km / km²."""
    from geo.select import filter_projects

    items = filter_projects(provinces=province or (), cities=city or (), layers=layer or (),
                            status=status or (), text=search, cross_provincial=cross_provincial,
                            counties=county or ())
    records = project_records(items)
    emit_rows(records, ["id", "name_zh", "layer", "status", "precision",
                        "provinces", "km_by_province", "km2_by_province", "outside"], as_json)
