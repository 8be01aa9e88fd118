"""The shared PostGIS project store (team mode). Needs the ``db`` extra (psycopg).

One concern per module: :mod:`~geo.db.connection` (``YRDMAP_DATABASE_URL``, sessions, the
errors users see), :mod:`~geo.db.schema` (versioned migrations in ``migrations/``),
:mod:`~geo.db.load` (boundaries, lakes and catalog into the database), :mod:`~geo.db.items`
(item rows ↔ GeoDataFrames), :mod:`~geo.db.measure` (items' parts per region, in SQL),
:mod:`~geo.db.store` (:class:`~geo.db.store.PostGISStore`, the ProjectStore),
:mod:`~geo.db.queries` (filters, statistics, neighbours, borders, crossings in SQL) and
:mod:`~geo.db.dump` (a GeoPackage of everything). Nothing here imports psycopg until a
database is used, and nothing imports streamlit.
"""
