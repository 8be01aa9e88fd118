"""The stack's floor for the browser benchmark: Streamlit + st_folium drawing one line.

No data, no widgets, no controls: what any Streamlit + folium page costs to load and
paint on this machine (Streamlit's frontend, the component, Leaflet). With
``?mode=layers`` a button swaps the line for another through st_folium's
``feature_group_to_add`` (the map is not rebuilt): what any layer change costs on
this stack (a rerun, the component's update, Leaflet drawing one line). Run by
:mod:`bench.browser` (``streamlit run``), never by the app.
"""
import folium
import streamlit as st
from streamlit_folium import st_folium

st.set_page_config(layout="wide")
fmap = folium.Map(location=[31.1, 118.9], zoom_start=6.5, tiles=None)
if st.query_params.get("mode") != "layers":
    folium.PolyLine([[30.0, 118.0], [32.0, 121.0]]).add_to(fmap)
    st_folium(fmap, height=540, use_container_width=True, returned_objects=[])
else:
    n = st.session_state.get("n", 0)
    if st.button("swap"):
        n = st.session_state["n"] = n + 1
    group = folium.FeatureGroup(name="line")
    folium.PolyLine([[30.0, 118.0 + n % 2], [32.0, 121.0]]).add_to(group)
    st_folium(fmap, height=540, use_container_width=True, returned_objects=[],
              feature_group_to_add=[group])
