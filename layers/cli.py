"""The ``yrdmap`` command: :mod:`geo.cli`'s commands with the web map plugged in.

The engine draws no web maps (geo/ imports nothing from layers/), so ``yrdmap export map
--format html`` gets its folium map from here, the same :func:`layers.map_builder.folium_map`
the app's export panel draws; every other command is :mod:`geo.cli`'s own.
``python -m layers.cli`` is the same command as the installed ``yrdmap``.
"""
from __future__ import annotations

from geo.cli import app, context
from geo.cli import main as _main

__all__ = ["CONTEXT", "app", "html_map", "main"]


def html_map(items, lang: str):
    """The web map of ``items`` in ``lang`` (a ``folium.Map``; folium is imported on use,
    so ``yrdmap --help`` stays quick)."""
    from layers.map_builder import folium_map

    return folium_map(items, lang)


#: the ``ctx.obj`` the command runs with (tests pass it to ``CliRunner.invoke``)
CONTEXT = context(html_map=html_map)


def main() -> None:
    """Console-script entry point (``yrdmap`` in pyproject.toml)."""
    _main(html_map=html_map)


if __name__ == "__main__":
    main()
