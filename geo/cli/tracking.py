"""``yrdmap edit``, ``yrdmap history`` and ``yrdmap report overdue``: tracking the 清单.

Exit statuses: 0 done, 1 an edit conflict (someone saved first; nothing written), 2 bad
input (unknown id, field or value — one line naming it), 3 refused (sign-in, role or
scope).
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from geo.cli._filters import JsonArray, User
from geo.cli._output import domain_errors, emit_rows, fail
from geo.cli._signin import acting_user, refusals

report_app = typer.Typer(help="Reports: the 督办 report of overdue and due-soon items.",
                         no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("edit")(edit_command)
    app.command("history")(history_command)
    app.add_typer(report_app, name="report")


@domain_errors
@refusals
def edit_command(
    item_id: Annotated[str, typer.Argument(help="The item's id.", show_default=False)],
    set_: Annotated[list[str], typer.Option("--set", help="field=value (repeatable): progress, "
                    "percent, responsible_unit, deadline, expected_result, progress_note; an "
                    "empty value clears the field.")],
    user: User = None,
    comment: Annotated[Optional[str], typer.Option("--comment", "-m", help="Why (kept in the "
                       "history).")] = None,
    version: Annotated[Optional[int], typer.Option("--version", help="The version you read "
                       "(from `yrdmap history`): refuse if the item changed since.")] = None,
) -> None:
    """Change an item's tracked state; every change is kept in its history."""
    from geo.tracking.fields import parse_assignments
    from geo.tracking.service import edit_item, edit_log

    log = edit_log()
    who = acting_user(log, user)
    rows = edit_item(item_id, parse_assignments(set_), user=who, comment=comment,
                     expected_version=version, log=log)
    if not rows:
        typer.echo(f"{item_id}: nothing changed", err=True)
        return
    for e in rows:
        typer.echo(f"{item_id} v{e.version}: {e.field} {e.old!r} → {e.new!r}")


@domain_errors
@refusals
def history_command(
    item_id: Annotated[str, typer.Argument(help="The item's id.", show_default=False)],
    as_json: JsonArray = False,
) -> None:
    """An item's edit history, oldest first (version, when, who, field, old → new, comment)."""
    from geo.tracking.service import edit_log, find_item, history

    find_item(item_id)
    rows = [e.to_dict() for e in history(item_id, edit_log())]
    emit_rows(rows, ["version", "when", "who", "field", "old", "new", "comment"], as_json)


@report_app.command("overdue")
@domain_errors
def overdue_command(
    fmt: Annotated[str, typer.Option("--format", "-f", help="xlsx or pdf.")] = "xlsx",
    by: Annotated[str, typer.Option("--by", help="responsible_unit or province.")]
        = "responsible_unit",
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Target file (default "
                   "督办_<by>_<date>.<format> here).")] = None,
    lang: Annotated[str, typer.Option("--lang", help="zh or en.")] = "zh",
    days: Annotated[int, typer.Option("--days", help="Due-soon horizon in days.")] = 30,
    today: Annotated[Optional[str], typer.Option("--date", help="Report date YYYY-MM-DD "
                     "(default today).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """The 督办 report: per responsible unit (or province), what is overdue or due soon,
    with the plan clause, and a map page (PDF)."""
    import datetime as dt

    from geo.export._atomic import ExportError, check_target
    from geo.store import load_all_with_regions
    from geo.tracking.due import BY
    from geo.tracking.fields import check_value
    from geo.tracking.report import REPORT_FORMATS, write_report
    from geo.tracking.service import edit_log, with_tracking

    fmt = fmt.lower()
    if fmt not in REPORT_FORMATS:
        fail(f"--format {fmt!r} is not known; accepted: {', '.join(REPORT_FORMATS)}")
    if by not in BY:
        fail(f"--by {by!r} is not known; accepted: {', '.join(BY)}")
    day = dt.date.fromisoformat(check_value("deadline", today)) if today else dt.date.today()
    target = out or Path(f"督办_{by}_{day.isoformat()}.{fmt}")
    try:
        check_target(target, overwrite=force)
    except ExportError as exc:
        fail(str(exc))
    items = with_tracking(load_all_with_regions(), edit_log())
    write_report(items, target, fmt=fmt, by=by, lang=lang, today=day, days=days)
    typer.echo(str(target))
