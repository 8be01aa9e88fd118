"""Where the bundled files live, in a checkout and in an installed package.

The application root holds ``app.py``, ``static/`` (vendored Leaflet), ``.streamlit/`` and
``data/`` (boundaries, catalog). In a checkout it is the repository; in an installed wheel
it is the ``yrdmap_app`` package, which the build fills with copies of those files (see
``setup.py``). ``data_dir`` (``YRDMAP_DATA_DIR``, :mod:`geo.config`) overrides the data folder.

Examples
--------
>>> (app_root() / "app.py").is_file()
True
>>> projects_path().name
'projects.geojson'
"""
from __future__ import annotations

import importlib.util
import os
import sys
from functools import lru_cache
from pathlib import Path

from geo import config

__all__ = ["app_root", "data_dir", "boundaries_dir", "projects_path", "static_dir", "STATIC_URL", "file_stamp",
           "user_data_dir", "user_cache_dir", "is_checkout"]

_CHECKOUT = Path(__file__).resolve().parents[1]
#: the package an installed wheel carries app.py, static/, .streamlit/ and data/ in
INSTALLED_PACKAGE = "yrdmap_app"


def _is_root(folder: Path) -> bool:
    return (folder / "app.py").is_file() and (folder / "data" / "boundaries").is_dir()


def is_checkout() -> bool:
    """True when running from a repository checkout (or an editable install of one)."""
    return _is_root(_CHECKOUT)


@lru_cache(maxsize=1)
def app_root() -> Path:
    """The folder holding ``app.py``, ``static/``, ``.streamlit/`` and ``data/``."""
    if is_checkout():
        return _CHECKOUT
    spec = importlib.util.find_spec(INSTALLED_PACKAGE)   # locates, does not import
    if spec is not None and spec.submodule_search_locations:
        folder = Path(next(iter(spec.submodule_search_locations)))
        if _is_root(folder):
            return folder
    raise FileNotFoundError(
        f"yrdmap's data was not found: neither {_CHECKOUT} is a checkout nor is the "
        f"{INSTALLED_PACKAGE} package installed; reinstall the yrdmap wheel")


def data_dir() -> Path:
    """The data folder: ``data_dir`` (``$YRDMAP_DATA_DIR``) or ``<app root>/data``."""
    return config.get("data_dir") or app_root() / "data"


def boundaries_dir() -> Path:
    return data_dir() / "boundaries"


def projects_path() -> Path:
    return data_dir() / "projects.geojson"


def static_dir() -> Path:
    """The folder served at ``/app/static/`` (vendored Leaflet and plugins)."""
    return app_root() / "static"


#: :func:`static_dir` as the st_folium component frame
#: (``/component/streamlit_folium.st_folium/index.html``) reaches it: relative, so the app
#: also works under a ``server.baseUrlPath``
STATIC_URL = "../../app/static"


def file_stamp(path: Path) -> tuple[int, int, int] | None:
    """``(mtime_ns, size, inode)`` of ``path``, or ``None`` when there is no such file:
    a value that changes with every save, for the stores' and logs' caches.

    Examples
    --------
    >>> file_stamp(Path("/no/such/file")) is None
    True
    """
    try:
        st = Path(path).stat()
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def user_data_dir() -> Path:
    """Where an installed yrdmap keeps what users add (imported items): ``data/user/`` in a
    checkout; ``%LOCALAPPDATA%\\yrdmap`` on Windows, ``$XDG_DATA_HOME/yrdmap`` (or
    ``~/.local/share/yrdmap``) elsewhere for an installed package."""
    if is_checkout() or config.get("data_dir"):
        return data_dir() / "user"
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local"
    else:
        base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "yrdmap"


def user_cache_dir() -> Path:
    """Where the server keeps what it can recompute (compressed static files):
    ``%LOCALAPPDATA%\\yrdmap\\cache`` on Windows, ``$XDG_CACHE_HOME/yrdmap`` (or
    ``~/.cache/yrdmap``) elsewhere."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "yrdmap" / "cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "yrdmap"
