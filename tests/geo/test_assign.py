"""geo.assign: mass point-in-region assignment, in-process and on a Dask LocalCluster,
checked against geopandas.sjoin."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from typer.testing import CliRunner

from geo.assign import AssignResult, assign, assign_frame, columns_for, region_table

N = 100_000


def random_points(n: int, seed: int = 7) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = region_table("county").total_bounds
    return gpd.GeoDataFrame({"k": np.arange(n)},
                            geometry=gpd.points_from_xy(rng.uniform(x0, x1, n),
                                                        rng.uniform(y0, y1, n)), crs=4326)


@pytest.fixture(scope="module")
def points() -> gpd.GeoDataFrame:
    return random_points(N)


def sjoin_codes(points: gpd.GeoDataFrame, level: str) -> np.ndarray:
    regions = region_table(level)[["adcode", "geometry"]]
    joined = gpd.sjoin(points, regions, predicate="within", how="left")
    assert not joined.index.duplicated().any()          # a coverage: one unit per point
    return joined["adcode"].astype("Int64").to_numpy()


@pytest.mark.parametrize("level", ["province", "city", "county"])
def test_matches_sjoin_on_100k_random_points(points, level):
    got = assign_frame(points, level)
    code, zh, en = columns_for(level)
    expected = sjoin_codes(points, level)
    np.testing.assert_array_equal(got[code].to_numpy(), expected)
    names = region_table(level).set_index("adcode")
    inside = got[code].notna().to_numpy()
    assert inside.sum() > N // 3
    assert (got[zh][inside].astype(str).to_numpy()
            == names.loc[got[code][inside].astype(int), "name_zh"].to_numpy()).all()
    assert got[en][~inside].isna().all()
    assert list(got.columns) == ["k", "geometry", code, zh, en]
    assert got["k"].tolist() == points["k"].tolist()


def test_points_outside_are_flagged_and_counted():
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy([121.47, 123.5, 100.0, 120.62],
                                                       [31.23, 30.0, 40.0, 31.31]), crs=4326)
    r = assign(pts, "city")
    assert isinstance(r, AssignResult) and r.outside == 2 and r.partitions == 1
    assert r.frame["city_adcode"].tolist() == [310100, pd.NA, pd.NA, 320500]
    assert "2 outside every city" in r.summary()


def test_border_points_within_vs_intersects():
    jiashan = region_table("county").set_index("adcode").geometry[330421]
    vertex = shapely.Point(shapely.get_coordinates(jiashan.exterior
                                                   if jiashan.geom_type == "Polygon"
                                                   else jiashan.geoms[0].exterior)[0])
    pts = gpd.GeoDataFrame(geometry=[vertex], crs=4326)
    assert assign_frame(pts, "county")["county_adcode"].isna().all()     # as sjoin "within"
    touched = region_table("county")[region_table("county").intersects(vertex)]["adcode"]
    got = assign_frame(pts, "county", predicate="intersects")["county_adcode"].iloc[0]
    assert got == touched.min()


@pytest.mark.parametrize("predicate", ["within", "intersects"])
def test_every_border_vertex_and_edge_midpoint_matches_sjoin(predicate):
    """Points on the units' own borders — every 5th vertex and the midpoints between
    them — are where the border cells' candidate test could go wrong."""
    regions = region_table("county")[["adcode", "geometry"]]
    xy = shapely.get_coordinates(shapely.boundary(regions.geometry.values))[::5]
    xy = np.r_[xy, (xy[:-1] + xy[1:]) / 2]
    pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs=4326)
    got = assign_frame(pts, "county", predicate=predicate)["county_adcode"]
    joined = gpd.sjoin(pts, regions, predicate=predicate, how="left")
    # several units touch a border point: "intersects" keeps the lowest adcode
    expected = joined["adcode"].groupby(level=0).min().sort_index().astype("Int64")
    assert len(pts) > 50_000 and got.notna().sum() > (len(pts) // 2 if predicate ==
                                                       "intersects" else 0)
    np.testing.assert_array_equal(got.to_numpy(), expected.to_numpy())


def test_lines_polygons_and_multipoints_take_the_largest_part():
    frame = gpd.GeoDataFrame(geometry=[
        shapely.LineString([(121.10, 31.05), (121.40, 31.05), (121.42, 31.05)]),   # 上海 mostly
        shapely.box(120.62, 31.28, 120.66, 31.32).union(shapely.box(121.46, 31.22, 121.47, 31.23)),
        shapely.MultiPoint([(120.62, 31.31), (120.63, 31.30), (121.47, 31.23)]),
        shapely.box(124.0, 29.0, 124.1, 29.1),                                    # at sea
    ], crs=4326)
    got = assign_frame(frame, "city")["city_adcode"].tolist()
    assert got == [310100, 320500, 320500, pd.NA]


def test_other_crs_input_is_reprojected(points):
    small = points.head(2000)
    a = assign_frame(small, "county")["county_adcode"]
    b = assign_frame(small.to_crs(4549), "county")["county_adcode"]
    assert a.tolist() == b.tolist()


def test_bad_arguments():
    pts = random_points(5)
    with pytest.raises(ValueError, match="level 'town'"):
        assign(pts, "town")
    with pytest.raises(ValueError, match="partitions 0"):
        assign(pts, "county", partitions=0)
    with pytest.raises(ValueError, match="predicate 'touches'"):
        assign(pts, "county", predicate="touches")
    with pytest.raises(ValueError, match="no CRS"):
        assign(gpd.GeoDataFrame(geometry=list(pts.geometry)), "county")


# ── the Dask path ─────────────────────────────────────────────────────────────

@pytest.fixture(scope="module")
def client():
    pytest.importorskip("distributed")
    from geo.assign import _client

    with _client("local") as c:      # the engine's own local cluster (2 worker processes)
        yield c


@pytest.mark.slow
def test_dask_path_is_identical_and_honours_partitions(points, client):
    seen = []
    r = assign(points, "county", client=client, partitions=7,
               progress=lambda done, total: seen.append((done, total)))
    assert r.partitions == 7 and seen[-1] == (7, 7) and len(seen) == 8
    local = assign_frame(points, "county")
    pd.testing.assert_frame_equal(pd.DataFrame(r.frame.drop(columns="geometry")),
                                  pd.DataFrame(local.drop(columns="geometry")))
    assert shapely.equals_exact(r.frame.geometry.values, points.geometry.values, 0).all()
    assert r.outside == int(local["county_adcode"].isna().sum())


@pytest.mark.slow
def test_dask_path_default_partitions_and_mixed_geometries(client):
    frame = gpd.GeoDataFrame({"name": ["a", "b", "c"]}, geometry=[
        shapely.Point(121.47, 31.23), shapely.box(120.62, 31.28, 120.66, 31.32),
        shapely.Point(125, 30)], crs=4326)
    r = assign(frame, "province", client=client)
    assert r.partitions == 3                 # 2 per worker, at most one per row
    assert r.frame["province_adcode"].tolist() == [310000, 320000, pd.NA]
    assert r.frame["name"].tolist() == ["a", "b", "c"]


@pytest.mark.slow
def test_dask_chunks_of_points_and_of_other_rows_match_in_process(client):
    # chunks of 2 rows: only points (sent as x/y), an empty point, a missing geometry,
    # a multipoint and a degenerate line (sent as geometries); same answer as in-process
    frame = gpd.GeoDataFrame(geometry=[
        shapely.Point(121.47, 31.23), shapely.Point(120.62, 31.31),
        shapely.Point(), shapely.Point(118.78, 32.06),
        None, shapely.Point(125, 30),
        shapely.MultiPoint([(121.47, 31.23), (121.48, 31.24)]),
        shapely.LineString([(120.62, 31.31), (120.62, 31.31)]),
        shapely.Point(120.16, 30.27), shapely.Point(117.23, 31.82)], crs=4326)
    r = assign(frame, "county", client=client, partitions=5)
    assert r.partitions == 5
    pd.testing.assert_frame_equal(pd.DataFrame(r.frame.drop(columns="geometry")),
                                  pd.DataFrame(assign_frame(frame, "county")
                                               .drop(columns="geometry")))
    assert r.frame["county_adcode"].isna().tolist() == [False, False, True, False, True,
                                                        True, False, True, False, False]


@pytest.mark.slow
def test_dask_workers_read_their_own_parquet_row_groups(points, client, tmp_path):
    from geo.assign import assign_parquet

    local = assign_frame(points, "county")
    for encoding in ("geoarrow", "WKB"):
        path = tmp_path / f"points-{encoding}.parquet"
        points.to_parquet(path, geometry_encoding=encoding, row_group_size=15_000)
        seen = []
        r = assign_parquet(path, "county", client=client,
                           progress=lambda done, total: seen.append((done, total)))
        assert r.partitions == seen[-1][1] == -(-len(points) // 15_000)
        assert r.frame["county_adcode"].equals(local["county_adcode"]), encoding
        assert r.outside == int(local["county_adcode"].isna().sum())


# ── the command ───────────────────────────────────────────────────────────────

def test_cli_csv_to_csv_and_parquet(tmp_path):
    from geo.cli import app

    src = tmp_path / "points.csv"
    src.write_text("名称,经度,纬度\n外滩,121.49,31.24\n海上,123.5,30.0\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    r = CliRunner().invoke(app, ["assign", str(src), "--level", "county", "--out", str(out)])
    assert r.exit_code == 0, r.output
    table = pd.read_csv(out)
    assert table["county_adcode"][0] // 100 == 3101 and pd.isna(table["county_adcode"][1])
    assert "1 row(s) outside every county" in r.output
    pq = tmp_path / "out.parquet"
    r = CliRunner().invoke(app, ["assign", str(src), "--level", "city", "--out", str(pq)])
    assert r.exit_code == 0 and gpd.read_parquet(pq)["city_name_zh"].tolist()[0] == "上海市"


@pytest.mark.parametrize("args, message", [
    (["--level", "town"], "level 'town'"),
    (["--partitions", "4"], "--partitions needs --scheduler"),
    (["--out", "x.shp"], "accepted suffixes"),
    (["--lon", "nope"], "--lon 'nope' is not a column"),
])
def test_cli_errors(tmp_path, args, message):
    from geo.cli import app

    src = tmp_path / "p.csv"
    src.write_text("lon,lat\n121.49,31.24\n", encoding="utf-8")
    base = ["assign", str(src), "--out", str(tmp_path / "o.csv")]
    r = CliRunner().invoke(app, base + args)
    assert r.exit_code == 2 and message in r.output
    assert not (tmp_path / "o.csv").exists()


def test_cli_unreachable_scheduler(tmp_path):
    pytest.importorskip("distributed")
    from geo.cli import app

    src = tmp_path / "p.csv"
    src.write_text("lon,lat\n121.49,31.24\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["assign", str(src), "--out", str(tmp_path / "o.csv"),
                                 "--scheduler", "tcp://127.0.0.1:1"])
    assert r.exit_code == 1 and "cannot reach the Dask scheduler" in r.output
    assert not (tmp_path / "o.csv").exists()
