"""The item filters every listing and export command takes, and the options many commands
share (``--json``, ``--user``), declared once.

``--layer``'s help lists the layer keys from :data:`geo.schema.LAYERS` (the registry's
layers), so a new layer shows up in every command's help.
"""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from geo.schema import LAYERS

__all__ = ["Province", "City", "County", "Layer", "Status", "Search", "Cross", "JsonArray",
           "JsonObject", "Json", "User"]

Province = Annotated[Optional[list[str]], typer.Option(
    "--province", "-p", help="Province name/adcode (repeatable).")]
City = Annotated[Optional[list[str]], typer.Option("--city", "-c", help="City name/adcode (repeatable).")]
County = Annotated[Optional[list[str]], typer.Option(
    "--county", help="County/district name/adcode (repeatable); an item matches if any part of it "
    "lies in one.")]
Layer = Annotated[Optional[list[str]], typer.Option(
    "--layer", "-l", help=f"Layer key (repeatable): {', '.join(LAYERS)}.")]
Status = Annotated[Optional[list[str]], typer.Option(
    "--status", "-s", help="Status, Chinese or English (repeatable).")]
Search = Annotated[Optional[str], typer.Option("--search", "-q", help="Text in names or plan text.")]
Cross = Annotated[bool, typer.Option("--cross-provincial", help="Only items in two or more provinces.")]
JsonArray = Annotated[bool, typer.Option("--json", help="Print a JSON array on stdout.")]
JsonObject = Annotated[bool, typer.Option("--json", help="Print a JSON object on stdout.")]
Json = Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")]
User = Annotated[Optional[str], typer.Option("--user", "-u", help="Your account in a team store "
                                             "(password from $YRDMAP_PASSWORD or a prompt).")]
