"""The naive peer of the map benchmarks: geopandas ``explore()`` of the same layers in st_folium.

What a first attempt looks like: full-resolution boundaries, folium's CDN assets,
no simplification, the whole map rebuilt on every rerun. A province filter in the
sidebar keeps the projects that intersect the chosen provinces (a plain
``GeoDataFrame.intersects``). Run by :mod:`bench.browser` (``streamlit run``) and
:mod:`bench.filter` (``AppTest``), never by the app.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import streamlit as st  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from geo.catalog import load_lakes, load_projects, load_regions  # noqa: E402

st.set_page_config(layout="wide")
st.title("naive: explore() + st_folium")
provinces = load_regions("province", "full")
chosen = st.sidebar.multiselect("provinces", provinces["adcode"].tolist(), key="provinces")
projects = load_projects()[["id", "name_zh", "layer", "status", "geometry"]]
if chosen:
    area = provinces[provinces["adcode"].isin(chosen)].union_all()
    projects = projects[projects.intersects(area)]
m = provinces.explore(name="provinces", tiles=None)
for level in ("city", "county"):
    load_regions(level, "full").explore(m=m, name=level, style_kwds={"fill": False})
load_lakes().explore(m=m, name="lakes")
if len(projects):
    projects.explore(m=m, column="layer", name="projects")
st_folium(m, height=540, use_container_width=True, returned_objects=[])
