"""``yrdmap assign INPUT --level county --out OUT``: the unit of each of many points.

INPUT is GeoParquet (``.parquet``), a GeoPackage (``.gpkg``), GeoJSON or a CSV with
lon/lat columns (WGS84; ``--lon``/``--lat`` name them, else common names such as
lon/lng/longitude/经度 are recognised). OUT is ``.parquet``, ``.gpkg`` or ``.csv``
(points as lon/lat columns, other geometries as WKT), written completely or not at all.
Without ``--scheduler`` the work runs in this process; with it, on a Dask cluster
(``--scheduler local`` starts a 2-worker LocalCluster). Rows outside every unit are kept
with an empty adcode and counted. Exit status: 0 done, 2 bad arguments or input, 1 the
cluster cannot be reached or the ``dask`` extra is missing.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from geo.cli._output import domain_errors, fail
from geo.errors import InputError, choice

_LON = ("lon", "lng", "long", "longitude", "x", "经度", "东经")
_LAT = ("lat", "latitude", "y", "纬度", "北纬")
_READS = (".parquet", ".geoparquet", ".gpkg", ".geojson", ".json", ".csv")
_WRITES = (".parquet", ".gpkg", ".csv")


def register(app: typer.Typer) -> None:
    app.command("assign")(assign_command)


def _pick(columns, wanted: Optional[str], names: tuple, what: str) -> str:
    if wanted:
        if wanted not in columns:
            raise InputError(f"--{what} {wanted!r} is not a column; columns: {', '.join(columns)}")
        return wanted
    for c in columns:
        if str(c).strip().lower() in names:
            return c
    raise InputError(f"no {what} column found (tried {', '.join(names)}); name it with --{what}")


def read_input(path: Path, lon: Optional[str] = None, lat: Optional[str] = None):
    """The input as a GeoDataFrame in WGS84."""
    import geopandas as gpd
    import pandas as pd

    suffix = path.suffix.lower()
    if suffix not in _READS:
        raise InputError(f"{path.name}: unsupported input; accepted: {', '.join(_READS)}")
    if suffix in (".parquet", ".geoparquet"):
        frame = gpd.read_parquet(path)
    elif suffix == ".csv":
        table = pd.read_csv(path, encoding="utf-8-sig")
        x, y = _pick(table.columns, lon, _LON, "lon"), _pick(table.columns, lat, _LAT, "lat")
        xs, ys = pd.to_numeric(table[x], errors="coerce"), pd.to_numeric(table[y], errors="coerce")
        bad = xs.isna() | ys.isna()
        if bad.any():
            row = int(bad.to_numpy().nonzero()[0][0])
            raise InputError(f"{path.name}: row {row + 2} has no numeric {x}/{y} "
                             f"({table[x].iloc[row]!r}, {table[y].iloc[row]!r})")
        frame = gpd.GeoDataFrame(table, geometry=gpd.points_from_xy(xs, ys), crs=4326)
    else:
        frame = gpd.read_file(path, engine="pyogrio")
    if frame.crs is None:
        raise InputError(f"{path.name}: the data has no CRS; expected lon/lat (EPSG:4326)")
    return frame if frame.crs.to_epsg() == 4326 else frame.to_crs(4326)


def write_output(frame, out: Path) -> None:
    """Write the result atomically by the suffix of ``out``."""
    import shapely

    from geo.export._atomic import atomic_path

    suffix = out.suffix.lower()
    with atomic_path(out) as tmp:
        if suffix == ".parquet":
            frame.to_parquet(tmp)
        elif suffix == ".gpkg":
            frame.to_file(tmp, driver="GPKG", engine="pyogrio")
        else:
            table = frame.drop(columns=frame.geometry.name)
            geoms = frame.geometry.values
            if (frame.geom_type == "Point").all():
                if "lon" not in table and "lat" not in table:
                    table = table.assign(lon=shapely.get_x(geoms), lat=shapely.get_y(geoms))
            else:
                table = table.assign(wkt=shapely.to_wkt(geoms))
            table.to_csv(tmp, index=False, encoding="utf-8")


@domain_errors
def assign_command(
    input: Annotated[Path, typer.Argument(help="GeoParquet, GeoPackage, GeoJSON or CSV (lon/lat).",
                                          show_default=False)],
    level: Annotated[str, typer.Option("--level", "-l", help="province, city or county.")] = "county",
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output: .parquet, .gpkg or "
                                                ".csv.", show_default=False)] = None,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Dask scheduler address "
                         "(tcp://host:8786), or 'local' for a 2-worker LocalCluster; default: "
                         "in this process.")] = None,
    partitions: Annotated[Optional[int], typer.Option("--partitions", help="Spatial partitions "
                          "on the cluster (default 2 per worker).")] = None,
    predicate: Annotated[str, typer.Option("--predicate", help="within (points on a border "
                         "stay unassigned) or intersects (they get the lowest adcode).")] = "within",
    lon: Annotated[Optional[str], typer.Option("--lon", help="CSV longitude column.")] = None,
    lat: Annotated[Optional[str], typer.Option("--lat", help="CSV latitude column.")] = None,
) -> None:
    """Add the adcode and names of the containing province, city or county to every row."""
    from geo._compat import MissingDependency
    from geo.assign import assign

    if out is None:
        raise InputError("--out is required (.parquet, .gpkg or .csv)")
    if out.suffix.lower() not in _WRITES:
        raise InputError(f"--out {str(out)!r}: accepted suffixes {', '.join(_WRITES)}")
    if not input.exists():
        raise InputError(f"{input}: file not found")
    if partitions is not None and scheduler is None:
        raise InputError("--partitions needs --scheduler (partitions run on a Dask cluster)")
    from geo.catalog import LEVELS

    choice("level", level, LEVELS)
    frame = read_input(input, lon, lat)
    typer.echo(f"read {len(frame):,} rows from {input.name}", err=True)
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if scheduler is None:
            return
        if bar is None:
            bar = typer.progressbar(length=total, label="partitions", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)
        if done == total:
            bar.__exit__(None, None, None)

    try:
        result = assign(frame, level, scheduler=scheduler, partitions=partitions,
                        predicate=predicate, progress=progress)
    except (ConnectionError, MissingDependency) as exc:
        fail(str(exc), code=1)
    write_output(result.frame, out)
    typer.echo(result.summary(), err=True)
    if result.outside:
        col = f"{level}_adcode"
        rows = result.frame.index[result.frame[col].isna()][:10].tolist()
        typer.echo(f"{result.outside:,} row(s) outside every {level} (empty {col}); first: "
                   + ", ".join(map(str, rows)), err=True)
    typer.echo(f"wrote {out}")
