"""The naive peer for the benchmark: geopandas ``explore()`` of the same layers in st_folium.

Full-resolution boundaries, folium's CDN assets, no simplification: what a first
attempt looks like. Run by tests/browser/measure_map.py, never by the app.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import streamlit as st  # noqa: E402
from streamlit_folium import st_folium  # noqa: E402

from geo.catalog import load_lakes, load_projects, load_regions  # noqa: E402

st.set_page_config(layout="wide")
st.title("naive: explore() + st_folium")
m = load_regions("province", "full").explore(name="provinces", tiles=None)
for level in ("city", "county"):
    load_regions(level, "full").explore(m=m, name=level, style_kwds={"fill": False})
load_lakes().explore(m=m, name="lakes")
load_projects()[["id", "name_zh", "layer", "status", "geometry"]].explore(m=m, column="layer",
                                                                           name="projects")
st_folium(m, height=660, use_container_width=True, returned_objects=[])
