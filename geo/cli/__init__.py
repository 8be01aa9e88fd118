"""The ``yrdmap`` command: a thin shell over :mod:`geo` (one module per command group).

The engine draws no web maps, so the installed command is :func:`layers.cli.main`: this
:data:`app` run with the folium map plugged in (:func:`context`) for ``export map --format
html``.
"""
from __future__ import annotations

import typer

from geo.cli import adjacency as _adjacency
from geo.cli import assign as _assign
from geo.cli import db as _db
from geo.cli import export as _export
from geo.cli import ingest as _ingest
from geo.cli import projects as _projects
from geo.cli import serve as _serve
from geo.cli import stats as _stats
from geo.cli import tracking as _tracking
from geo.cli import users as _users

app = typer.Typer(
    help="yrdmap — 长三角一体化 项目一张图: query the YRD plan's projects and regions.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def _root() -> None:
    """yrdmap — 长三角一体化 项目一张图: query the YRD plan's projects and regions."""


_projects.register(app)
_ingest.register(app)
_adjacency.register(app)
_stats.register(app)
_db.register(app)
_assign.register(app)
_export.register(app)
_serve.register(app)
_tracking.register(app); _users.register(app)  # tracking (#16)


def context(*, html_map=None) -> dict:
    """The object every command finds as ``ctx.obj``: what the engine cannot make itself.

    ``html_map(items, lang)`` returns the web map (a ``folium.Map``) that ``export map
    --format html`` writes; ``None``, and that export is refused with one line.
    """
    return {"html_map": html_map}


def main(*, html_map=None) -> None:
    """Run the command (:func:`layers.cli.main` passes ``html_map``; see :func:`context`)."""
    app(obj=context(html_map=html_map))
