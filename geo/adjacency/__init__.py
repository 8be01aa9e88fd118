"""Adjacency: who borders whom, how long the border is, what crosses it, what lies along it.

One operation per module: :mod:`~geo.adjacency.contiguity` (pairs and shared lengths of
any polygon coverage), :mod:`~geo.adjacency.neighbours` (the bundled units' graphs and
neighbours across levels), :mod:`~geo.adjacency.border` (the border between two regions
and the border zone along it), :mod:`~geo.adjacency.crossings` (projects crossing a
border) and :mod:`~geo.adjacency.route` (the regions a line passes through, in order).
"""
from geo.adjacency._catalog import AdjacencyError
from geo.adjacency.border import Border, border, border_zone
from geo.adjacency.contiguity import CONTACTS, contiguity
from geo.adjacency.crossings import crossings, near_border
from geo.adjacency.neighbours import graph, neighbours
from geo.adjacency.route import route

__all__ = ["AdjacencyError", "Border", "CONTACTS", "border", "border_zone", "contiguity",
           "crossings", "graph", "near_border", "neighbours", "route"]
