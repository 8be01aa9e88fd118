"""A temporary team file store: one imported item in 苏州 (江苏), accounts root (admin),
js (editor of 江苏), zj (editor of 浙江), v (viewer); passwords ``password-<name>``."""
import geopandas as gpd
import pytest
import shapely

from geo.auth import User, add_account, sign_in
from geo.store.files import FileStore
from geo.tracking.file_log import FileEditLog


def imported(item_id="imp-sz", lon=120.62, lat=31.30, **extra):
    return gpd.GeoDataFrame([{"id": item_id, "name_zh": "苏州的泵站", "name_en": "Suzhou pump",
                              "layer": "hub", "clause": "十四", "plan_text": "推进…",
                              "status": "在建", "status_en": "under construction",
                              "precision": "approximate", "responsible_unit": "苏州市水务局",
                              "deadline": "2025-06-30", **extra}],
                            geometry=[shapely.Point(lon, lat)], crs=4326)


def make_team(folder, **item) -> FileEditLog:
    """Write ``imported(**item)`` to the file store in ``folder`` and the accounts root
    (admin), js (editor of 江苏), zj (editor of 浙江) and v (viewer); return the edit log."""
    FileStore(folder).add_items(imported(**item))
    log = FileEditLog(folder)
    add_account(log, "root", "admin", "password-root")
    root = User("root", "admin")
    add_account(log, "js", "editor", "password-js", ["江苏"], by=root)
    add_account(log, "zj", "editor", "password-zj", ["浙江"], by=root)
    add_account(log, "v", "viewer", "password-v", by=root)
    return log


@pytest.fixture
def team(store_dir):
    log = make_team(store_dir)
    store = FileStore(store_dir)
    users = {n: sign_in(log, n, f"password-{n}") for n in ("root", "js", "zj", "v")}
    return store, log, users
