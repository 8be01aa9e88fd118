"""bench.map_scale: the quick run's rows (a 3,000-item store: over the shape limit)."""
from __future__ import annotations

import os


def test_quick_rows_show_discs_for_the_whole_region_and_leave_the_store_alone():
    from bench import map_scale

    before = os.environ.get("YRDMAP_STORE_DIR")
    rows = {r["name"]: r for r in map_scale.run(quick=True)}
    assert os.environ.get("YRDMAP_STORE_DIR") == before
    assert len(rows) == 6 and all(r["value"] is not None for r in rows.values())
    shapes = next(r for n, r in rows.items() if "default view" in n and "shapes" in n)
    assert shapes["value"] == 0 and shapes["peer_value"] == 3108 and shapes["within_budget"]
    sent = next(r for n, r in rows.items() if "default view" in n and "script" in n)
    assert sent["value"] < sent["peer_value"] / 5
