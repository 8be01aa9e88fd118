"""``python -m geo.cli``: the ``yrdmap`` command."""
from geo.cli import main

main()
