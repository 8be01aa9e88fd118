"""yrdmap — 长三角一体化 项目一张图 (Streamlit page; composes geo/ and layers/)."""
import streamlit as st

from geo.catalog import load_projects

st.set_page_config(page_title="长三角一体化 项目一张图", layout="wide")
st.title("长三角一体化 项目一张图 · YRD Integration Projects Map")
st.caption("The map arrives with the map issue; the catalog is loaded below.")
st.dataframe(load_projects().drop(columns="geometry"))
