"""``yrdmap projects``: list the plan's items matching filters."""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from geo.cli._output import domain_errors, emit_json, emit_table
from geo.records import project_records


def register(app: typer.Typer) -> None:
    app.command("projects")(projects)


@domain_errors
def projects(
    province: Annotated[Optional[list[str]], typer.Option("--province", "-p", help="Province name/adcode (repeatable).")] = None,
    city: Annotated[Optional[list[str]], typer.Option("--city", "-c", help="City name/adcode (repeatable).")] = None,
    layer: Annotated[Optional[list[str]], typer.Option("--layer", "-l", help="Layer key (repeatable): demonstration_zone, metropolitan_area, rail, waterway, ecological_corridor, zone, hub.")] = None,
    status: Annotated[Optional[list[str]], typer.Option("--status", "-s", help="Status, Chinese or English (repeatable).")] = None,
    search: Annotated[Optional[str], typer.Option("--search", "-q", help="Text in names or plan text.")] = None,
    cross_provincial: Annotated[bool, typer.Option("--cross-provincial", help="Only items in two or more provinces.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array on stdout.")] = False,
) -> None:
    """The items (the plan's and the imported ones) with computed provinces and
    per-province km / km²."""
    from geo.select import filter_projects

    items = filter_projects(provinces=province or (), cities=city or (), layers=layer or (),
                            status=status or (), text=search, cross_provincial=cross_provincial)
    records = project_records(items)
    if as_json:
        emit_json(records)
    else:
        emit_table(records, ["id", "name_zh", "layer", "status", "precision",
                             "provinces", "km_by_province", "km2_by_province", "outside"])
