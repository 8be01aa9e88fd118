"""yrdmap's engine: data loading, datum conversion, selection and queries.

Nothing in this package imports streamlit; the app and the ``yrdmap`` CLI are two
thin doors onto these functions.
"""
