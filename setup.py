"""Packaging hook: a wheel carries the application root as the ``yrdmap_app`` package.

Everything else is declared in pyproject.toml. The build copies ``app.py``,
``.streamlit/config.toml``, ``static/vendor/`` and ``data/`` (boundaries, network, catalog;
not ``data/user/``) into
``yrdmap_app/`` of the wheel, so ``pip install yrdmap-*.whl`` then ``yrdmap serve`` works
outside the checkout (``geo.paths.app_root`` finds it). The repository keeps its top-level
``data/`` and ``static/``; an editable install reads them in place.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
#: what the installed app needs, relative to the repository root
APP_FILES = ("app.py", ".streamlit/config.toml", "static/vendor", "data")
#: never shipped: what users add in a checkout
SKIP = ("data/user",)
PACKAGE = "yrdmap_app"


def _app_files():
    for name in APP_FILES:
        src = ROOT / name
        if src.is_dir():
            yield from (p for p in sorted(src.rglob("*")) if p.is_file()
                        and "__pycache__" not in p.parts
                        and not p.relative_to(ROOT).as_posix().startswith(SKIP))
        elif src.is_file():
            yield src
        else:
            raise FileNotFoundError(f"{name} is missing from the checkout; the wheel needs it")


class build_py_with_app(build_py):
    """build_py, plus the application root copied into ``yrdmap_app/``."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return                      # an editable install reads the checkout in place
        target = Path(self.build_lib) / PACKAGE
        target.mkdir(parents=True, exist_ok=True)
        (target / "__init__.py").write_text(
            '"""yrdmap\'s application root, installed: app.py, static/, .streamlit/, data/."""\n',
            encoding="utf-8")
        for src in _app_files():
            dest = target / src.relative_to(ROOT)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest)

    def get_outputs(self, include_bytecode=True):
        outputs = list(super().get_outputs(include_bytecode))
        if not getattr(self, "editable_mode", False):
            target = Path(self.build_lib) / PACKAGE
            outputs += [str(target / "__init__.py")]
            outputs += [str(target / p.relative_to(ROOT)) for p in _app_files()]
        return outputs


setup(cmdclass={"build_py": build_py_with_app})
