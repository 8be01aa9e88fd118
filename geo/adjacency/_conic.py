"""Lon/lat → conic projection in numpy, for the transformers whose PROJ pipeline is
nothing but that (degrees → radians, then ``aea`` or ``lcc`` on an ellipsoid).

Measuring the shared borders of all China's counties projects ~2 M vertices; PROJ
does it one point at a time (~170 ns each), these vectorised formulas (the same ones,
from Snyder's *Map Projections — A Working Manual*, §14–15, as PROJ's ``aea.cpp`` and
``lcc.cpp``) in a fraction of that. Any other pipeline (a datum shift, an axis swap,
another projection, an unknown parameter) gets ``None`` and the caller uses PROJ.
Each fast projection is checked against PROJ on a grid of points when it is built and
refused (``None``) if any coordinate differs by more than a micrometre.

Examples
--------
>>> from geo import crs
>>> t = crs.transformer(4326, crs.METRIC)
>>> fast = conic_forward(t)
>>> x, y = fast(np.array([120.5]), np.array([31.2]))
>>> px, py = t.transform(120.5, 31.2)
>>> bool(abs(x[0] - px) < 1e-6 and abs(y[0] - py) < 1e-6)
True
>>> conic_forward(crs.transformer(4326, 3857)) is None     # webmerc: PROJ
True
"""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from pyproj import Transformer
from pyproj.exceptions import CRSError

__all__ = ["conic_forward", "conic_polar"]

_PREFIX = "proj=pipeline step proj=unitconvert xy_in=deg xy_out=rad step "
_KEYS = {"proj", "lat_0", "lon_0", "lat_1", "lat_2", "x_0", "y_0", "k_0", "ellps", "a", "b",
         "rf", "es", "units"}
_CHECK_TOLERANCE_M = 1e-6

Forward = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


class _Conic(NamedTuple):
    forward: Forward
    polar: Forward


def conic_forward(transformer: Transformer) -> Forward | None:
    """A numpy ``f(lon_deg, lat_deg) -> (x, y)`` equal to ``transformer.transform``
    (within 1 µm), or ``None`` when its pipeline is not a plain ellipsoidal ``aea`` or
    ``lcc`` from lon/lat degrees (then use ``transformer`` itself)."""
    conic = _build(transformer.definition)
    return None if conic is None else conic.forward


def conic_polar(transformer: Transformer) -> Forward | None:
    """The same projection in polar form, ``f(lon_deg, lat_deg) -> (r, θ)`` with
    ``x = r sin θ + x0`` and ``y = c − r cos θ`` (``c`` a constant; ``r`` is signed, in
    metres), or ``None`` where :func:`conic_forward` is ``None``.

    Distances need no sine or cosine of ``θ``: two points are
    ``sqrt((r1 − r2)² + r1 r2 · 2 (1 − cos(θ1 − θ2)))`` apart, which skips half the
    cost of :func:`conic_forward` (one sine, one square root a point)."""
    conic = _build(transformer.definition)
    return None if conic is None else conic.polar


@lru_cache(maxsize=32)
def _build(definition: str) -> _Conic | None:
    if not definition.startswith(_PREFIX):
        return None
    params: dict[str, str] = {}
    for word in definition[len(_PREFIX):].split():
        key, _, value = word.partition("=")
        if key not in _KEYS or key in params:
            return None
        params[key] = value
    if params.get("proj") not in ("aea", "lcc") or params.get("units", "m") != "m":
        return None
    try:
        fwd = _aea(params) if params["proj"] == "aea" else _lcc(params)
    except (KeyError, ValueError, ZeroDivisionError, CRSError):
        return None
    if fwd is None or not _agrees(fwd.forward, definition):
        return None
    return fwd


def _ellipsoid(params: dict) -> tuple[float, float]:
    """Semi-major axis and eccentricity."""
    from pyproj import Geod

    if "ellps" in params:
        if any(k in params for k in ("a", "b", "rf", "es")):
            raise ValueError("ellps with explicit axes")
        g = Geod(ellps=params["ellps"])
        a, es = g.a, g.es
    elif "a" in params and "rf" in params:
        a, f = float(params["a"]), 1.0 / float(params["rf"])
        es = f * (2 - f)
    elif "a" in params and "b" in params:
        a, b = float(params["a"]), float(params["b"])
        es = 1 - (b / a) ** 2
    else:
        raise ValueError("no ellipsoid")
    if not (0 < es < 1):          # a sphere uses other formulas: leave it to PROJ
        raise ValueError("not an ellipsoid")
    return float(a), float(np.sqrt(es))


def _angles(params: dict, *names: str) -> list[float]:
    return [np.radians(float(params.get(n, 0.0))) for n in names]


def _msfn(sinphi, cosphi, es):
    return cosphi / np.sqrt(1.0 - es * sinphi * sinphi)


def _qsfn(sinphi, e):
    con = e * sinphi
    return (1.0 - e * e) * (sinphi / (1.0 - con * con) + np.arctanh(con) / e)


def _tsfn(sinphi, e):
    # tan(pi/4 - phi/2) / ((1 - e sin phi) / (1 + e sin phi)) ** (e/2), written with
    # sin phi only: tan(pi/4 - phi/2) = sqrt((1 - sin phi) / (1 + sin phi))
    return np.exp(0.5 * np.log((1.0 - sinphi) / (1.0 + sinphi)) + e * np.arctanh(e * sinphi))


def _parallels(phi1: float, phi2: float, e: float, g):
    """Snyder's ``m`` and ``g(sin φ, e)`` (``q`` of the equal-area conic, ``t`` of the
    conformal one) at the first standard parallel, and at the second (``None`` for a
    tangent cone, ``φ1 = φ2``: then the cone constant is ``sin φ1``)."""
    def at(phi):
        s = np.sin(phi)
        return _msfn(s, np.cos(phi), e * e), g(s, e)

    return at(phi1), (at(phi2) if abs(phi1 - phi2) >= 1e-10 else None)


def _cone(a: float, n: float, lam0: float, rho0: float, rho_of, x0: float, y0: float
          ) -> _Conic:
    """The forward of a conic projection: ``x = a ρ sin θ + x0``, ``y = a (ρ0 − ρ cos θ) + y0``
    with ``θ = n (λ − λ0)`` and ``ρ = rho_of(sin φ)`` (Snyder eq. 14-1, 14-2 / 15-1, 15-2);
    and its polar form, ``(a ρ, θ)``."""
    def polar(lon, lat):
        return a * rho_of(np.sin(np.radians(lat))), _wrap(np.radians(lon) - lam0) * n

    def forward(lon, lat):
        lam = _wrap(np.radians(lon) - lam0) * n
        rho = rho_of(np.sin(np.radians(lat)))
        sin, cos = _sincos(lam)
        return a * rho * sin + x0, a * (rho0 - rho * cos) + y0

    return _Conic(forward, polar)


def _aea(params: dict) -> _Conic | None:
    a, e = _ellipsoid(params)
    phi0, lam0, phi1, phi2 = _angles(params, "lat_0", "lon_0", "lat_1", "lat_2")
    x0, y0 = float(params.get("x_0", 0)), float(params.get("y_0", 0))
    if "k_0" in params or abs(phi1 + phi2) < 1e-10:
        return None
    (m1, q1), second = _parallels(phi1, phi2, e, _qsfn)
    if second is not None:
        m2, q2 = second
        if q2 == q1:
            return None
        n = (m1 * m1 - m2 * m2) / (q2 - q1)
    else:
        n = np.sin(phi1)
    c = m1 * m1 + n * q1

    def rho_of(sinphi):
        return np.sqrt(c - n * _qsfn(sinphi, e)) / n

    return _cone(a, n, lam0, rho_of(np.sin(phi0)), rho_of, x0, y0)


def _lcc(params: dict) -> _Conic | None:
    a, e = _ellipsoid(params)
    phi0, lam0, phi1, phi2 = _angles(params, "lat_0", "lon_0", "lat_1", "lat_2")
    if "lat_1" not in params:
        return None
    if "lat_2" not in params:
        phi2 = phi1
    x0, y0 = float(params.get("x_0", 0)), float(params.get("y_0", 0))
    k0 = float(params.get("k_0", 1.0))
    if abs(phi1 + phi2) < 1e-10 or abs(abs(phi0) - np.pi / 2) < 1e-10:
        return None
    (m1, t1), second = _parallels(phi1, phi2, e, _tsfn)
    n = np.sin(phi1) if second is None else np.log(m1 / second[0]) / np.log(t1 / second[1])
    c = m1 * t1 ** -n / n

    def rho_of(sinphi):
        return c * np.exp(n * np.log(_tsfn(sinphi, e)))

    return _cone(a * k0, n, lam0, c * _tsfn(np.sin(phi0), e) ** n, rho_of, x0, y0)


def _sincos(lam):
    """sin and cos of ``lam``; where every ``|lam|`` is below 1.2 rad (a conic's
    angle for a country's span of longitudes) the cosine is ``sqrt(1 - sin²)``, to
    1e-16 there and a third of the cost of numpy's cos."""
    sin = np.sin(lam)
    if lam.size and max(-lam.min(), lam.max()) < 1.2:
        return sin, np.sqrt(1.0 - sin * sin)
    return sin, np.cos(lam)


def _wrap(lam):
    """Longitudes into [-pi, pi], as PROJ's adjlon (only where needed: a copy)."""
    out = np.asarray(lam, dtype=float)
    if not out.size or max(-out.min(), out.max()) <= np.pi:
        return out
    far = np.abs(out) > np.pi
    out = out.copy()
    out[far] = (out[far] + np.pi) % (2 * np.pi) - np.pi
    return out


def _agrees(fwd: Forward, definition: str) -> bool:
    """The fast forward against PROJ itself on a lon/lat grid around the projection."""
    t = Transformer.from_pipeline(definition)
    lon0 = float(next((w.split("=")[1] for w in definition.split() if w.startswith("lon_0=")),
                      0))
    lon = np.repeat(lon0 + np.linspace(-40, 40, 41), 33)
    lat = np.tile(np.linspace(-10, 70, 33), 41)
    x, y = fwd(lon, lat)
    px, py = t.transform(lon, lat)
    ok = np.isfinite(px) & np.isfinite(py)
    return bool(ok.sum() > 100 and np.all(np.abs(x[ok] - px[ok]) < _CHECK_TOLERANCE_M)
                and np.all(np.abs(y[ok] - py[ok]) < _CHECK_TOLERANCE_M))
