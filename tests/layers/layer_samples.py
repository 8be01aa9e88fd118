"""Sample geometries and items for the layer tests (WGS84)."""
from __future__ import annotations

import geopandas as gpd
import shapely

EVIL = "<img src=x onerror=alert(1)>"

#: one sample per geometry type (empties are dropped by geo.display before drawing)
GEOMETRIES = {
    "Point": shapely.Point(121.47, 31.23),
    "MultiPoint": shapely.MultiPoint([(120.15, 30.27), (118.78, 32.06)]),
    "LineString": shapely.LineString([(121.47, 31.23), (120.58, 31.30), (118.78, 32.06)]),
    "MultiLineString": shapely.MultiLineString([[(121.0, 31.0), (121.5, 31.5)],
                                                [(120.0, 30.0), (120.5, 30.2)]]),
    "Polygon": shapely.box(120.5, 30.8, 121.2, 31.3),
    "MultiPolygon": shapely.MultiPolygon([shapely.box(118, 31, 118.5, 31.5),
                                          shapely.box(119, 31, 119.4, 31.4)]),
}


def item_frame(layer: str, geom_type: str, *, name_zh: str = "测试项目",
               status: str = "规划") -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"id": [f"t-{geom_type.lower()}"], "name_zh": [name_zh], "name_en": ["Test item"],
         "layer": [layer], "status": [status]},
        geometry=[GEOMETRIES[geom_type]], crs=4326)
