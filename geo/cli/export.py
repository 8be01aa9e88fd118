"""``yrdmap export``: map snapshots (PNG/PDF/SVG/HTML) and data files of the filtered items.

Both commands take the filters of ``yrdmap projects``, refuse to overwrite a file
without ``--force``, and exit with status 2 and a one-line reason on an unknown
format, an empty selection or an unwritable path, leaving no partial file.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from geo.cli._filters import City, County, Cross, Layer, Province, Search, Status
from geo.cli._output import domain_errors, fail

export_app = typer.Typer(help="Export the map (PNG/PDF/SVG/HTML) or the filtered items "
                              "(GeoJSON/GPKG/CSV/KML/Shapefile/XLSX).", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")


Out = Annotated[Optional[Path], typer.Option(
    "--out", "-o", help="Output file (default: a name saying region, layers and date, here).")]
Force = Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")]
Lang = Annotated[str, typer.Option("--lang", help="Language of titles, legend and headers: zh or en.")]
Title = Annotated[Optional[str], typer.Option("--title", help="Title (default: built from the filters).")]


def _select(province, city, layer, status, search, cross, county=None) -> tuple:
    from geo.select import filter_projects

    filters = {"provinces": province or [], "cities": city or [], "counties": county or [],
               "layers": layer or [], "status": status or [], "text": search or "",
               "cross_provincial": cross}
    items = filter_projects(provinces=filters["provinces"], cities=filters["cities"],
                            layers=filters["layers"], status=filters["status"],
                            text=search or None, cross_provincial=cross, counties=county or ())
    if len(items) == 0:
        fail("no items match the filters: nothing to export")
    return items, filters


def _target(out: Path | None, ext: str, filters: dict, lang: str, force: bool) -> Path:
    from geo.export import check_target, export_filename

    out = out if out is not None else Path(export_filename(ext, filters=filters, lang=lang))
    return check_target(out, overwrite=force)


def _done(path: Path) -> None:
    typer.echo(str(path))


@export_app.command("map")
@domain_errors
def export_map(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f", help="png, pdf, svg or html.")] = "png",
    out: Out = None,
    page: Annotated[str, typer.Option("--page", "--paper", help="a4 or a3.")] = "a4",
    orientation: Annotated[str, typer.Option("--orientation", help="landscape or portrait.")] = "landscape",
    dpi: Annotated[int, typer.Option("--dpi", help="PNG resolution (50–1200).")] = 300,
    summary_page: Annotated[bool, typer.Option(
        "--summary-page", help="PDF: append the per-province statistics table as page 2.")] = False,
    title: Title = None,
    extent: Annotated[str, typer.Option(
        "--extent", help="filtered | yrd | region:NAME (or NAME) | bbox:minlon,minlat,maxlon,maxlat.")
    ] = "filtered",
    lang: Lang = "zh",
    province: Province = None, city: City = None, county: County = None, layer: Layer = None,
    status: Status = None,
    search: Search = None, cross_provincial: Cross = False, force: Force = False,
) -> None:
    """A map of the filtered items: PNG (300 dpi), PDF/SVG (vector, selectable text) or a
    standalone HTML page that opens offline."""
    from geo.export import MAP_FORMATS, get_format, parse_extent
    from geo.export.describe import check_lang

    fmt = get_format(fmt).key
    if fmt not in MAP_FORMATS:
        fail(f"{fmt!r} is a data format; use `yrdmap export data`. Map formats: "
             f"{', '.join(MAP_FORMATS)}")
    check_lang(lang)
    make_html_map = (ctx.obj or {}).get("html_map")
    if get_format(fmt).kind == "html" and make_html_map is None:
        fail("the html map is drawn by the map layers, not the engine: run the installed "
             "`yrdmap` (layers.cli; after `pip install -e .` if it predates it) or "
             "`python -m layers.cli`")
    spec = parse_extent(extent)
    items, filters = _select(province, city, layer, status, search, cross_provincial, county)
    target = _target(out, get_format(fmt).ext, filters, lang, force)
    from geo.export import write     # the one export function (the app's panel calls it too)

    options = dict(lang=lang, filters=filters, title=title)
    if get_format(fmt).kind == "html":
        options["html_map"] = make_html_map(items, lang)   # items: never empty (_select)
    else:
        options.update(page=page.lower(), orientation=orientation.lower(), dpi=dpi,
                       extent=spec, summary_page=summary_page)
    try:
        write(fmt, items, target, **options)
    except OSError as exc:
        fail(f"cannot write {str(target)!r}: {exc.strerror or exc}")
    _done(target)


@export_app.command("data")
@domain_errors
def export_data(
    fmt: Annotated[str, typer.Option(
        "--format", "-f", help="geojson, gpkg, csv, kml, shp (zipped) or xlsx.")] = "geojson",
    out: Out = None,
    lang: Lang = "zh",
    title: Title = None,
    province: Province = None, city: City = None, county: County = None, layer: Layer = None,
    status: Status = None,
    search: Search = None, cross_provincial: Cross = False, force: Force = False,
    raw_cells: Annotated[bool, typer.Option("--raw-cells", help="CSV/XLSX: write text cells "
                         "exactly, even those a spreadsheet would run as formulas (=, +, -, @); "
                         "by default they get a leading apostrophe.")] = False,
) -> None:
    """The filtered items as a data file (every property; WGS84)."""
    from geo.export import DATA_FORMATS, get_format, write
    from geo.export.describe import check_lang

    f = get_format(fmt)
    if f.key not in DATA_FORMATS:
        fail(f"{f.key!r} is a map format; use `yrdmap export map`. Data formats: "
             f"{', '.join(DATA_FORMATS)}")
    check_lang(lang)
    items, filters = _select(province, city, layer, status, search, cross_provincial, county)
    target = _target(out, f.ext, filters, lang, force)
    try:
        write(f.key, items, target, lang=lang, filters=filters, title=title,
              guard_formulas=not raw_cells)
    except OSError as exc:
        fail(f"cannot write {str(target)!r}: {exc.strerror or exc}")
    _done(target)
