"""``python -m geo.build {boundaries|lakes|courses|network|projects|all}``: regenerate ``data/``."""
from __future__ import annotations

import sys


def _run(step: str) -> None:
    if step == "boundaries":
        from geo.build.boundaries import main
    elif step == "lakes":
        from geo.build.lakes import main
    elif step == "courses":
        from geo.build.courses import main
    elif step == "network":
        from geo.build.network import main
    elif step == "projects":
        from geo.build.projects import main
    else:
        raise SystemExit(f"unknown step {step!r}; expected boundaries, lakes, courses, network, projects or all")
    main()


if __name__ == "__main__":
    steps = sys.argv[1:] or ["all"]
    for step in steps:
        for s in (["boundaries", "lakes", "courses", "network", "projects"] if step == "all" else [step]):
            _run(s)
