"""Build-time pipeline: upstream sources → the committed files under ``data/``.

Nothing here runs in the app or the tests; it needs the ``build`` extra
(``pip install -e .[build]``).
"""
