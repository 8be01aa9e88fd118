"""``yrdmap import FILE`` and ``yrdmap imported``: bring your own projects.

``import`` prints the validation report (one line per problem) and, when it
has no error and ``--dry-run`` is not given, adds the items to the project
store. Exit status: 0 clean, 1 the report has errors (nothing imported),
2 usage errors (unknown option value, missing file).
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from geo.cli._filters import JsonArray, User
from geo.cli._output import domain_errors, emit_json, emit_rows, fail
from geo.cli._signin import refusals


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
    app.command("imported")(imported_command)


@domain_errors
@refusals
def import_command(
    file: Annotated[Path, typer.Argument(help="CSV, XLSX, GeoJSON, GPKG, zipped Shapefile, KML/KMZ.",
                                         show_default=False)],
    datum: Annotated[str, typer.Option("--datum", help="Datum of lon/lat input: wgs84, or gcj02 "
                                       "for Amap/Tencent exports.")] = "wgs84",
    encoding: Annotated[Optional[str], typer.Option("--encoding", "-e", help="Text encoding of a "
                        "CSV or .dbf (utf-8, utf-8-sig, gbk, gb18030); detected by default.")] = None,
    crs: Annotated[Optional[str], typer.Option("--crs", help="CRS of a table's coordinates, e.g. "
                   "EPSG:4549; files with a .prj/SRS use their own.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check only; write nothing.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON on stdout.")] = False,
    user: User = None,
) -> None:
    """Check FILE and, if the report has no error, add its items to the project store."""
    from geo.cli._signin import acting_user
    from geo.ingest import IngestError, import_file
    from geo.tracking.service import edit_log, guarded

    if not file.exists():
        fail(f"{file}: file not found")
    if file.is_dir():
        fail(f"{file}: is a folder; give a file")
    try:
        store = guarded(user=None if dry_run else acting_user(edit_log(), user))
        _, report = import_file(file, datum=datum.lower(), encoding=encoding, crs=crs,
                                dry_run=dry_run, store=store)
    except IngestError as err:  # an option's value is wrong
        fail(f"{err.issue.field or 'option'} {err.issue.value!r}: {err.issue.reason}; "
             f"accepted: {err.issue.accepted}")
    if as_json:
        emit_json(report.to_dict())
    else:
        for line in report.lines():
            typer.echo(line)
    if not report.ok:
        raise typer.Exit(1)


@domain_errors
@refusals
def imported_command(
    remove: Annotated[Optional[list[str]], typer.Option("--remove", help="Remove the imported item "
                      "with this id (repeatable).")] = None,
    as_json: JsonArray = False,
    user: User = None,
) -> None:
    """List the imported items, or remove some by id."""
    from geo.cli._signin import acting_user
    from geo.tracking.service import edit_log, guarded

    store = guarded(user=acting_user(edit_log(), user) if remove else None)
    for item_id in remove or ():
        try:
            store.remove(item_id)
        except KeyError as err:
            fail(str(err.args[0]))
        typer.echo(f"removed {item_id}", err=True)
    if remove:
        return
    user = store.load_user()
    cols = ["id", "name_zh", "layer", "status", "responsible_unit", "deadline", "source_file",
            "imported_at"]
    records = [{c: (None if v != v else v) if isinstance(v, float) else v for c, v in r.items()}
               for r in user[cols].to_dict("records")]
    emit_rows(records, cols, as_json)
