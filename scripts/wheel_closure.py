"""What an offline ``pip install --no-index --find-links WHEELS yrdmap[extras]`` installs on a
target platform, resolved from the wheels' own metadata with the *target's* environment
markers (``pip download --platform`` evaluates markers for the machine it runs on, so it
misses Windows-only requirements such as click's ``colorama``).

    python scripts/wheel_closure.py WHEELS --platform windows|linux --python 3.11 \
        [--extras db,dask] [--json] [--missing]

Prints the wheel chosen for every requirement (``--json``: {"files": [...], "missing":
[...]}); ``--missing`` prints only the requirements no wheel satisfies (one a line, for
``pip download``). Exit status 1 when something is missing. Needs ``packaging``.
"""
from __future__ import annotations

import argparse
import json
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.tags import compatible_tags, cpython_tags
from packaging.utils import canonicalize_name, parse_wheel_filename

#: manylinux tags a glibc 2.28 system runs (as scripts/bundle.sh downloads)
LINUX_PLATFORMS = ["manylinux_2_28_x86_64", "manylinux_2_27_x86_64", "manylinux_2_26_x86_64",
                   "manylinux_2_24_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64",
                   "manylinux_2_12_x86_64", "manylinux2010_x86_64", "manylinux_2_5_x86_64",
                   "manylinux1_x86_64", "linux_x86_64"]


def target_environment(platform: str, python: str) -> dict:
    """PEP 508 marker values of CPython ``python`` on ``platform`` (windows | linux)."""
    env = dict(default_environment())
    env.update(python_version=python, python_full_version=f"{python}.0",
               implementation_name="cpython", platform_python_implementation="CPython")
    if platform == "windows":
        env.update(sys_platform="win32", platform_system="Windows", os_name="nt",
                   platform_machine="AMD64")
    else:
        env.update(sys_platform="linux", platform_system="Linux", os_name="posix",
                   platform_machine="x86_64")
    return env


def target_tags(platform: str, python: str) -> set:
    major, minor = (int(x) for x in python.split("."))
    plats = ["win_amd64"] if platform == "windows" else LINUX_PLATFORMS
    abi = f"cp{major}{minor}"
    tags = set(cpython_tags((major, minor), abis=[abi, "abi3", "none"], platforms=plats))
    tags |= set(compatible_tags((major, minor), interpreter=abi, platforms=plats))
    return tags


def _metadata(path: Path):
    with zipfile.ZipFile(path) as zf:
        name = next(n for n in zf.namelist()
                    if n.count("/") == 1 and n.endswith(".dist-info/METADATA"))
        return Parser().parsestr(zf.read(name).decode("utf-8"))


def closure(wheels: Path, root: str, platform: str, python: str) -> tuple[dict, list[str]]:
    """``({name: wheel file}, [missing requirement strings])`` for ``root`` on the target."""
    env, tags = target_environment(platform, python), target_tags(platform, python)
    index: dict[str, list] = {}
    for path in sorted(wheels.glob("*.whl")):
        name, version, _, wtags = parse_wheel_filename(path.name)
        if wtags & tags:
            index.setdefault(name, []).append((version, path))
    chosen: dict[str, tuple] = {}
    missing: list[str] = []
    queue = [(Requirement(root), frozenset(Requirement(root).extras))]
    seen = set()
    while queue:
        req, extras = queue.pop(0)
        name = canonicalize_name(req.name)
        key = (name, str(req.specifier), extras)
        if key in seen:
            continue
        seen.add(key)
        if name in chosen:
            version, path, had = chosen[name]
            if req.specifier and not req.specifier.contains(version, prereleases=True):
                missing.append(f"{req} (bundle has {path.name})")
                continue
            if extras <= had:
                continue
            chosen[name] = (version, path, had | extras)
        else:
            fits = [(v, p) for v, p in index.get(name, [])
                    if req.specifier.contains(v, prereleases=True)]
            if not fits:
                missing.append(str(req).split(";")[0].strip())
                continue
            version, path = max(fits)
            chosen[name] = (version, path, extras)
        meta = _metadata(chosen[name][1])
        for line in meta.get_all("Requires-Dist") or []:
            dep = Requirement(line)
            if dep.marker is None or any(dep.marker.evaluate(dict(env, extra=e))
                                         for e in (chosen[name][2] or {""})):
                queue.append((Requirement(str(dep).split(";")[0]), frozenset(dep.extras)))
    return {n: c[1].name for n, c in sorted(chosen.items())}, sorted(set(missing))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("wheels", type=Path)
    ap.add_argument("--platform", choices=("windows", "linux"), required=True)
    ap.add_argument("--python", choices=("3.11", "3.12"), required=True)
    ap.add_argument("--extras", default="")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--missing", action="store_true")
    args = ap.parse_args(argv)
    root = "yrdmap" + (f"[{args.extras}]" if args.extras else "")
    files, missing = closure(args.wheels, root, args.platform, args.python)
    if args.missing:
        print("\n".join(missing))
    elif args.json:
        print(json.dumps({"files": sorted(files.values()), "missing": missing}, indent=2))
    else:
        for name, f in files.items():
            print(f"{name:30} {f}")
        for m in missing:
            print(f"MISSING {m}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
