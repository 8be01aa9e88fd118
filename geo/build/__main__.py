"""``python -m geo.build {boundaries|neighbours|water|labels|courses|network|projects|all}``:
regenerate ``data/`` (``lakes`` is another name of ``water``, which writes lakes.geojson)."""
from __future__ import annotations

import sys

STEPS = ["boundaries", "neighbours", "water", "labels", "courses", "network", "projects"]


def _run(step: str) -> None:
    if step == "boundaries":
        from geo.build.boundaries import main
    elif step in ("water", "lakes"):  # lakes.geojson is one of the water build's files
        from geo.build.water import main
    elif step == "neighbours":
        from geo.build.neighbours import main
    elif step == "labels":
        from geo.build.labels import main
    elif step == "courses":
        from geo.build.courses import main
    elif step == "network":
        from geo.build.network import main
    elif step == "projects":
        from geo.build.projects import main
    else:
        raise SystemExit(f"unknown step {step!r}; expected {', '.join(STEPS)}, lakes or all")
    main()


if __name__ == "__main__":
    steps = sys.argv[1:] or ["all"]
    for step in steps:
        for s in (STEPS if step == "all" else [step]):
            _run(s)
