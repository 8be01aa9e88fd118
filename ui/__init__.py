"""Streamlit panels (the only package besides app.py that calls ``st.*``)."""
