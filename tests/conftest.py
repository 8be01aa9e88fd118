"""Shared fixtures: the repo's paths, the shared/ folder beside it (CI copies it there),
and a throwaway PostgreSQL + PostGIS server for the tests that need a database.

The session starts one server with ``scripts/postgis.sh start`` (127.0.0.1, a free
non-default port, data under /tmp/yrdmap-pg.*) the first time a test asks for it, and
stops it at the end; set ``YRDMAP_TEST_DATABASE_URL`` to use a running server instead (its
role must be allowed to create databases and the postgis extension). Every test that
writes gets its own database, copied from a template that ``db init`` and ``db load``
filled once.

The CI guard and the file-store default are in the repository's top conftest.py.
"""
from __future__ import annotations

import itertools
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SCRIPT = REPO / "scripts" / "postgis.sh"
TEMPLATE = "yrdmap_template"
_counter = itertools.count()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "plan-catalog.md").exists():
        pytest.skip(f"{SHARED} (the plan catalog and seed) is not beside the repo")
    return SHARED


# ── A temporary file store ─────────────────────────────────────────────────

@pytest.fixture
def store_dir(tmp_path, monkeypatch) -> Path:
    """``tmp_path/store`` (not made yet) set as the default file store, with no sign-in
    file or sign-in requirement taken from the environment and no failed sign-ins counted."""
    from geo import auth

    folder = tmp_path / "store"
    monkeypatch.setenv("YRDMAP_STORE_DIR", str(folder))
    monkeypatch.delenv("YRDMAP_AUTH", raising=False)
    monkeypatch.delenv("YRDMAP_SIGNIN_REQUIRED", raising=False)
    monkeypatch.setattr(auth, "_failures", {})
    return folder


@pytest.fixture
def store(store_dir):
    """An empty file store in ``store_dir``, also the default store (test modules that test
    another store, e.g. PostGIS, define their own ``store``)."""
    from geo.store.files import FileStore

    return FileStore(store_dir)


# ── PostgreSQL + PostGIS ─────────────────────────────────────────────────────

def _with_db(url: str, dbname: str) -> str:
    psycopg = pytest.importorskip("psycopg")
    info = psycopg.conninfo.conninfo_to_dict(url)
    info["dbname"] = dbname
    return psycopg.conninfo.make_conninfo(**info)


@pytest.fixture(scope="session")
def pg_server():
    """The server's URL (of its maintenance database ``yrdmap``)."""
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install 'yrdmap[db]')")
    given = os.environ.get("YRDMAP_TEST_DATABASE_URL")
    if given:
        yield given
        return
    if subprocess.run(["bash", str(SCRIPT), "check"]).returncode != 0:
        pytest.skip("PostgreSQL/PostGIS are not installed: bash scripts/system-deps.sh (apt-get install "
                    "-y --no-install-recommends postgresql postgresql-15-postgis-3)")
    proc = subprocess.run(["bash", str(SCRIPT), "start"], capture_output=True, text=True,
                          env=dict(os.environ, YRDMAP_PG_NO_INSTALL="1"), timeout=120)
    if proc.returncode != 0:
        pytest.fail(f"scripts/postgis.sh start failed:\n{proc.stderr[-2000:]}")
    env = dict(line.split("=", 1) for line in proc.stdout.split() if "=" in line)
    try:
        yield env["YRDMAP_DATABASE_URL"]
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", env["YRDMAP_PG_DIR"]], timeout=60)


def _admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture(scope="session")
def template_url(pg_server) -> str:
    """A database at the latest schema with the bundled boundaries and catalog loaded."""
    from geo.db.load import load
    from geo.db.schema import migrate

    _admin(pg_server, f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)")
    _admin(pg_server, f"CREATE DATABASE {TEMPLATE}")
    url = _with_db(pg_server, TEMPLATE)
    migrate(url)
    load(url)
    return url


def _fresh(pg_server: str, template: str | None):
    """Yield the URL of a new database (a copy of ``template``, or empty); drop it after."""
    name = f"yrdmap_test_{os.getpid()}_{next(_counter)}"
    _admin(pg_server, f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
    yield _with_db(pg_server, name)
    _admin(pg_server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def db_url(pg_server, template_url):
    """A private loaded database for one test (dropped afterwards)."""
    yield from _fresh(pg_server, TEMPLATE)


@pytest.fixture(scope="module")
def module_db_url(pg_server, template_url):
    """A private loaded database shared by one module's tests."""
    yield from _fresh(pg_server, TEMPLATE)


@pytest.fixture
def empty_db_url(pg_server):
    """A database yrdmap never touched."""
    yield from _fresh(pg_server, None)


@pytest.fixture
def down_url() -> str:
    """A URL where no server listens (port 1 on loopback)."""
    return "postgresql://postgres@127.0.0.1:1/yrdmap"


@pytest.fixture
def postgis_store(db_url):
    """A :class:`geo.db.store.PostGISStore` on ``db_url`` (a private loaded database)."""
    from geo.db.store import PostGISStore

    return PostGISStore(db_url)


@pytest.fixture(scope="session")
def catalog_items():
    """The catalog's items as :func:`geo.catalog.load_projects` gives them (its cached
    frame: read it, never change it)."""
    from geo.catalog import load_projects

    return load_projects()
