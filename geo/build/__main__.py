"""``python -m geo.build {boundaries|neighbours|water|labels|lakes|projects|all}``: regenerate ``data/``."""
from __future__ import annotations

import sys


def _run(step: str) -> None:
    if step == "boundaries":
        from geo.build.boundaries import main
    elif step in ("water", "lakes"):  # lakes.geojson is one of the water build's files
        from geo.build.water import main
    elif step == "neighbours":
        from geo.build.neighbours import main
    elif step == "labels":
        from geo.build.labels import main
    elif step == "projects":
        from geo.build.projects import main
    else:
        raise SystemExit(f"unknown step {step!r}; expected boundaries, neighbours, "
                         "water (or lakes), labels, projects or all")
    main()


if __name__ == "__main__":
    steps = sys.argv[1:] or ["all"]
    for step in steps:
        for s in (["boundaries", "neighbours", "water", "labels", "projects"]
                  if step == "all" else [step]):
            _run(s)
