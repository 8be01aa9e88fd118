"""The stack's floor for the browser benchmark: Streamlit + st_folium drawing one line.

No data, no widgets, no controls: what any Streamlit + folium page costs to load and
paint on this machine (Streamlit's frontend, the component, Leaflet). Run by
:mod:`bench.browser` (``streamlit run``), never by the app.
"""
import folium
import streamlit as st
from streamlit_folium import st_folium

st.set_page_config(layout="wide")
fmap = folium.Map(location=[31.1, 118.9], zoom_start=6.5, tiles=None)
folium.PolyLine([[30.0, 118.0], [32.0, 121.0]]).add_to(fmap)
st_folium(fmap, height=660, use_container_width=True, returned_objects=[])
