"""``yrdmap stats``: counts, km and km² of the plan's items by province or city;
``--compare`` two or more places; ``--targets`` the plan's 2025 targets."""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from geo.cli._filters import Json, Layer, Status
from geo.cli._output import domain_errors, emit_json, emit_rows, emit_table
from geo.errors import choice


def register(app: typer.Typer) -> None:
    app.command("stats")(stats)


_BY = ("province", "city")


@domain_errors
def stats(
    by: Annotated[str, typer.Option("--by", "-b", help="Rows: province or city.")] = "province",
    province: Annotated[Optional[list[str]], typer.Option("--province", "-p", help="Only items in, and rows of, this province (repeatable).")] = None,
    layer: Layer = None,
    status: Status = None,
    compare: Annotated[Optional[list[str]], typer.Option("--compare", "-c", help="Compare these provinces or cities side by side (repeat, two or more).")] = None,
    targets: Annotated[bool, typer.Option("--targets", help="Print the plan's 2025 targets (三(三)), target only.")] = False,
    lang: Annotated[str, typer.Option("--lang", help="Labels: zh or en.")] = "zh",
    as_json: Json = False,
) -> None:
    """The statistics view's numbers: items by layer and status, km of rail and
    waterway, km² of zones, metropolitan, ecological and demonstration areas,
    share of cross-provincial items — per province (or city) of the selection.
    Reads the store (catalog and imported items; counted in SQL with a database)."""
    from geo.stats import compare as compare_places
    from geo.store import get_store
    from geo.targets import target_records

    choice("--by", by, _BY)
    choice("--lang", lang, ("zh", "en"))
    if targets:
        rows = target_records(lang)
        emit_rows(rows, ["clause", f"indicator_{lang}", "target", "status"], as_json)
        return
    store = get_store()
    if compare:
        items = store.select(provinces=province or (), layers=layer or (), status=status or ())
        table = compare_places(items, compare, lang)
        if as_json:
            emit_json(table.to_dict("records"))
        else:
            counts = table["unit"].isin(["项", "count"])
            rows = [{k: (int(v) if n and isinstance(v, float) else v) for k, v in r.items()}
                    for r, n in zip(table.to_dict("records"), counts)]
            emit_table(rows, [c for c in table.columns if c != "measure"])
        return
    result = store.region_stats(by, within=province or (), provinces=province or (),
                                layers=layer or (), status=status or ())
    if as_json:
        emit_json(result.to_records())
    else:
        name = f"name_{lang}"
        emit_table(result.summary.to_dict("records"),
                   [name, "items", "n_rail", "n_waterway", "n_metropolitan_area",
                    "n_ecological_corridor", "n_zone", "n_hub", "cross_share", "rail_km",
                    "waterway_km", "demonstration_km2", "metropolitan_km2", "ecological_km2",
                    "zone_km2"])
