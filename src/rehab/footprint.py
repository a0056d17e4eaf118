"""Building footprints: area, perimeter, party walls shared with touching neighbours, attachment.

A neighbourhood stock often comes as building footprints (polygons of a
GeoJSON, GeoPackage or Shapefile, e.g. the IGN BD TOPO ``BATIMENT`` layer
or a landlord's GIS). :func:`footprint_table` measures, for every
footprint:

* its area and perimeter [m²], [m] in a metric projection (Lambert-93,
  EPSG:2154, for France; the local UTM zone elsewhere) when given in
  longitude/latitude;
* the length of wall it shares with each touching footprint: the overlap
  of *nearly collinear* edges — an edge of one footprint and an edge of the
  other whose directions differ by less than ``max_angle`` and whose ends
  lie within ``tolerance`` of each other's line — measured along the edge
  (:func:`shared_length`). Digitised footprints rarely touch exactly (gaps
  and overlaps of a few centimetres to decimetres); edges that only meet at
  a corner or cross at an angle share nothing;
* the number of neighbours sharing at least ``min_shared`` metres, and the
  attachment it implies (:func:`attachment`): none → ``detached``; one whose
  own only neighbour is this house → ``semi-detached``; one that has others
  → ``end-terrace``; two or more → ``mid-terrace`` (the house types of
  :mod:`rehab.typology`);
* the area inside the walls (:func:`inner_area`): the footprint less the
  wall thickness on its exposed sides and half of it on its party walls,
  which :mod:`rehab.stock_typology` takes as the living area per storey
  when a row gives no ``floor_area``.

Neighbours are searched among the footprints given: a building touching one
that is not in the file is not seen. Give the whole block, or state the
attachment (``house_type``) in the rows.

Needs the ``gis`` extra (``pip install "rehab[gis]"``: shapely, pyproj).

Examples
--------
Three terraced houses 6 m wide and 9 m deep, and a detached house apart:

>>> from shapely.geometry import box
>>> t = footprint_table([box(0, 0, 6, 9), box(6, 0, 12, 9), box(12, 0, 18, 9), box(40, 0, 48, 10)],
...                     crs="EPSG:2154")
>>> t[["footprint_area", "party_wall_length", "neighbours", "house_type"]]
   footprint_area  party_wall_length  neighbours   house_type
0            54.0                9.0           1  end-terrace
1            54.0               18.0           2  mid-terrace
2            54.0                9.0           1  end-terrace
3            80.0                0.0           0     detached
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from .errors import InputError, require_extra

__all__ = [
    "DEFAULT_WALL_THICKNESS",
    "annotate",
    "attachment",
    "footprint_table",
    "inner_area",
    "metric_crs",
    "shared_length",
]

#: Wall thickness taken off the footprint for the area inside the walls [m]
#: (assumption, 2026-12-06: the middle of the 22–34 cm solid brick walls of
#: the coal-basin houses, DESIGN.md; give ``wall_thickness`` for others).
DEFAULT_WALL_THICKNESS = 0.30
#: Lambert-93 (EPSG:2154) extent of metropolitan France in longitude/latitude [deg]
#: (EPSG registry, area of use of EPSG:2154).
_FRANCE_LONLAT = ((-9.86, 10.38), (41.15, 51.56))


def _shapely() -> Any:
    return require_extra("shapely", "gis", "measuring building footprints")


def _edges(poly: Any) -> np.ndarray:
    """Every boundary edge of a polygon or multipolygon, as rows (x0, y0, x1, y1) [m].

    Rings are oriented with the inside on their left (exterior
    counter-clockwise, holes clockwise), so that a wall shared by two
    footprints is run in opposite directions by the two.
    """
    shapely = _shapely()
    parts = []
    oriented = shapely.orient_polygons(np.asarray([poly], dtype=object), exterior_cw=False)
    for ring in shapely.get_rings(shapely.get_parts(oriented)):
        xy = shapely.get_coordinates(ring)
        if len(xy) >= 2:
            parts.append(np.hstack([xy[:-1], xy[1:]]))
    if not parts:
        return np.zeros((0, 4))
    e = np.vstack(parts)
    keep = np.hypot(e[:, 2] - e[:, 0], e[:, 3] - e[:, 1]) > 1e-9
    return e[keep]


def shared_length(a: Any, b: Any, tolerance: float = 0.3, max_angle: float = 10.0) -> float:
    """Length of wall shared by two footprints [m]: the overlap of their nearly collinear edges.

    For each edge ``s`` of ``a`` and ``t`` of ``b`` that face each other
    (run in opposite directions, within ``max_angle`` [deg], the rings
    oriented alike) and whose end points lie within ``tolerance`` [m] of the
    other's line, the overlap of ``t`` projected on ``s`` is counted (the
    length along ``s``). Façades in line along a street run the same way
    and never count, even where two footprints overlap slightly. For footprints that touch
    exactly, this is the length of their common boundary; it is symmetric
    up to the small difference of the two edges' directions.

    Parameters
    ----------
    a, b : shapely Polygon or MultiPolygon
        Footprints in a metric projection [m].
    tolerance : float
        Largest gap or overlap between the two walls [m].
    max_angle : float
        Largest angle between the two walls [deg].

    Returns
    -------
    float
        [m]

    Examples
    --------
    A 6 × 9 m house and a 5 × 12 m one beside it, 4 cm apart, sharing the
    9 m side (the bigger one also extends 3 m further back): 9 m; two houses
    meeting only at a corner share nothing.

    >>> from shapely.geometry import box
    >>> shared_length(box(0, 0, 6, 9), box(6.04, -3, 11.04, 9))
    9.0
    >>> shared_length(box(0, 0, 6, 9), box(6, 9, 12, 18))
    0.0
    """
    return float(_shared(_edges(a), _edges(b), tolerance, max_angle))


def _shared(ea: np.ndarray, eb: np.ndarray, tol: float, max_angle: float) -> float:
    if len(ea) == 0 or len(eb) == 0:
        return 0.0
    d = ea[:, 2:] - ea[:, :2]
    ln = np.hypot(d[:, 0], d[:, 1])
    u = d / ln[:, None]  # unit direction of each edge of a
    db = eb[:, 2:] - eb[:, :2]
    lb = np.hypot(db[:, 0], db[:, 1])
    ub = db / lb[:, None]
    cos = -(u @ ub.T)  # (na, nb): a shared wall is run in opposite directions (see _edges)
    # both ends of t at most tol from the line of s, and both ends of s from the line of t
    def side(p: np.ndarray, origin: np.ndarray, unit: np.ndarray) -> np.ndarray:
        # perpendicular distance of points p (nb, 2) from lines (na) → (na, nb)
        rel = p[None, :, :] - origin[:, None, :]
        return np.abs(rel[..., 0] * unit[:, None, 1] - rel[..., 1] * unit[:, None, 0])

    near = (side(eb[:, :2], ea[:, :2], u) <= tol) & (side(eb[:, 2:], ea[:, :2], u) <= tol)
    near &= (tol >= side(ea[:, :2], eb[:, :2], ub).T) | (tol >= side(ea[:, 2:], eb[:, :2], ub).T)
    ok = near & (cos >= math.cos(math.radians(max_angle)))
    if not ok.any():
        return 0.0
    # overlap of t's projection on s with s itself (s spans 0..len along u)
    rel0 = eb[None, :, :2] - ea[:, None, :2]
    rel1 = eb[None, :, 2:] - ea[:, None, :2]
    p0 = rel0[..., 0] * u[:, None, 0] + rel0[..., 1] * u[:, None, 1]
    p1 = rel1[..., 0] * u[:, None, 0] + rel1[..., 1] * u[:, None, 1]
    lo = np.maximum(np.minimum(p0, p1), 0.0)
    hi = np.minimum(np.maximum(p0, p1), ln[:, None])
    return float(np.sum(np.where(ok, np.clip(hi - lo, 0.0, None), 0.0)))


def attachment(neighbours: Sequence[Sequence[int]]) -> list[str]:
    """House type of each building from its neighbours (indices of the footprints it shares walls with).

    none → ``detached``; one neighbour that shares walls only with this
    building → ``semi-detached``; one that has other neighbours →
    ``end-terrace``; two or more → ``mid-terrace``.

    Examples
    --------
    >>> attachment([[1], [0], [3], [2, 4], [3], []])
    ['semi-detached', 'semi-detached', 'end-terrace', 'mid-terrace', 'end-terrace', 'detached']
    """
    out = []
    for nb in neighbours:
        if len(nb) == 0:
            out.append("detached")
        elif len(nb) >= 2:
            out.append("mid-terrace")
        else:
            out.append("semi-detached" if len(neighbours[nb[0]]) == 1 else "end-terrace")
    return out


def metric_crs(crs: Any, lonlat_centre: tuple[float, float] | None = None) -> Any:
    """A metric CRS for measuring footprints given in ``crs``.

    A projected CRS is kept; longitude/latitude goes to Lambert-93
    (EPSG:2154) inside its area of use (metropolitan France), else to the
    UTM zone of ``lonlat_centre``.

    Examples
    --------
    >>> metric_crs("EPSG:4326", (2.79, 50.46)).to_epsg(), metric_crs("EPSG:2154").to_epsg()
    (2154, 2154)
    >>> metric_crs("EPSG:4326", (-73.6, 45.5)).to_epsg()
    32618
    """
    pyproj = require_extra("pyproj", "gis", "measuring building footprints")
    c = pyproj.CRS.from_user_input(crs)
    if c.is_projected:
        units = {a.unit_name for a in c.axis_info}
        if units <= {"metre", "meter"}:
            return c
    if lonlat_centre is None:
        raise InputError(f"footprints in {c.to_string()}: give the centre (lon, lat) to choose a metric projection")
    lon, lat = lonlat_centre
    (x0, x1), (y0, y1) = _FRANCE_LONLAT
    if x0 <= lon <= x1 and y0 <= lat <= y1:
        return pyproj.CRS.from_epsg(2154)
    zone = int((lon + 180.0) // 6.0) % 60 + 1
    return pyproj.CRS.from_epsg((32600 if lat >= 0 else 32700) + zone)


def _to_metric(geoms: list[Any], crs: Any) -> tuple[list[Any], Any]:
    shapely = _shapely()
    pyproj = require_extra("pyproj", "gis", "measuring building footprints")
    if crs is None:
        raise InputError("footprints: the coordinate reference system is required (e.g. 'EPSG:2154')")
    src = pyproj.CRS.from_user_input(crs)
    valid = [g for g in geoms if g is not None and not g.is_empty]
    centre = None
    if valid:
        c = shapely.centroid(shapely.GeometryCollection(valid)) if len(valid) > 1 else valid[0].centroid
        lonlat = pyproj.Transformer.from_crs(src, "EPSG:4326", always_xy=True).transform(c.x, c.y)
        centre = (float(lonlat[0]), float(lonlat[1]))
    dst = metric_crs(src, centre)
    if dst == src:
        return geoms, dst
    tr = pyproj.Transformer.from_crs(src, dst, always_xy=True)
    out = [None if g is None else shapely.transform(g, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))
           for g in geoms]
    return out, dst


def inner_area(area: Any, perimeter: Any, party_length: Any = 0.0,
               wall_thickness: Any = DEFAULT_WALL_THICKNESS) -> Any:
    """Area inside the walls of one storey [m²] from a footprint's area and perimeter.

    A_in = A − t·P + 4·t² + (t/2)·L_party: the footprint less a band of
    wall thickness ``t`` along its perimeter ``P`` (the 4·t² gives back the
    corners counted twice: exact for a rectangle, close for any plan with
    four outer corners), with half of each party wall given back (a party
    wall is shared with the neighbour). Partitions and stairs are not
    deducted. Arrays broadcast.

    Parameters
    ----------
    area : float or array_like
        Footprint area [m²].
    perimeter : float or array_like
        Footprint perimeter [m].
    party_length : float or array_like
        Length of party walls [m].
    wall_thickness : float or array_like
        [m]

    Returns
    -------
    float or numpy.ndarray
        [m²]

    Examples
    --------
    A 6 × 9 m mid-terrace house with 30 cm walls: (6 − 0.6)·(9 − 0.6) +
    0.15·18 = 48.06 m².

    >>> round(float(inner_area(54.0, 30.0, 18.0)), 2)
    48.06
    """
    a = np.asarray(area, dtype=float)
    t = np.asarray(wall_thickness, dtype=float)
    out = a - t * np.asarray(perimeter, dtype=float) + 4.0 * t**2 + 0.5 * t * np.asarray(party_length, dtype=float)
    return out if out.ndim else float(out)


def footprint_table(
    geometries: Any,
    crs: Any = None,
    *,
    tolerance: float = 0.3,
    max_angle: float = 10.0,
    min_shared: float = 1.0,
    wall_thickness: float = DEFAULT_WALL_THICKNESS,
) -> Any:
    """Area, perimeter, party walls and attachment of every footprint (a DataFrame).

    Parameters
    ----------
    geometries : sequence of shapely geometries, or a geopandas GeoSeries/GeoDataFrame
        One per building; polygons and multipolygons are measured, any
        other geometry (a point, None) gives NaN and no neighbours.
    crs : str or pyproj.CRS, optional
        CRS of the coordinates (default the GeoSeries'); longitude/latitude
        are projected (:func:`metric_crs`).
    tolerance : float
        Largest gap or overlap between two walls counted as shared [m].
    max_angle : float
        Largest angle between two walls counted as shared [deg].
    min_shared : float
        Shortest shared length that makes two buildings neighbours [m].
    wall_thickness : float
        For ``inner_area`` [m] (:func:`inner_area`).

    Returns
    -------
    pandas.DataFrame
        One row per geometry: ``footprint_area`` [m²],
        ``footprint_perimeter`` [m], ``party_wall_length`` [m] (sum over
        neighbours), ``neighbours`` (count), ``house_type``
        (:func:`attachment`), ``inner_area`` [m²] (:func:`inner_area`);
        ``attrs["crs"]``: the projection measured in.
    """
    import pandas as pd

    shapely = _shapely()
    if hasattr(geometries, "geometry") and hasattr(geometries, "crs"):
        crs = crs if crs is not None else geometries.crs
        geometries = list(geometries.geometry)
    elif hasattr(geometries, "crs") and hasattr(geometries, "to_crs"):
        crs = crs if crs is not None else geometries.crs
        geometries = list(geometries)
    geoms = [g if g is not None and getattr(g, "geom_type", "") in ("Polygon", "MultiPolygon") and not g.is_empty
             else None for g in geometries]
    for name, v, lo in (("tolerance", tolerance, 0.0), ("max_angle", max_angle, 0.0), ("min_shared", min_shared, 0.0),
                        ("wall_thickness", wall_thickness, 0.0)):
        if not (math.isfinite(float(v)) and float(v) >= lo):
            raise InputError(f"footprint_table: {name} = {v!r} must be a finite number >= {lo:g}")
    geoms, metric = _to_metric(geoms, crs)
    n = len(geoms)
    area = np.full(n, np.nan)
    perim = np.full(n, np.nan)
    party = np.zeros(n)
    idx = [i for i, g in enumerate(geoms) if g is not None]
    edges = {i: _edges(geoms[i]) for i in idx}
    for i in idx:
        area[i] = geoms[i].area
        perim[i] = geoms[i].length
    neighbours: list[list[int]] = [[] for _ in range(n)]
    if idx:
        tree = shapely.STRtree([geoms[i] for i in idx])
        left, right = tree.query([geoms[i].buffer(tolerance) for i in idx], predicate="intersects")
        for a, b in zip(left.tolist(), right.tolist(), strict=True):
            if a >= b:
                continue
            i, j = idx[a], idx[b]
            s = 0.5 * (_shared(edges[i], edges[j], tolerance, max_angle)
                       + _shared(edges[j], edges[i], tolerance, max_angle))
            if s >= min_shared:
                party[i] += s
                party[j] += s
                neighbours[i].append(j)
                neighbours[j].append(i)
    inner = inner_area(area, perim, party, wall_thickness)
    out = pd.DataFrame(
        {
            "footprint_area": area,
            "footprint_perimeter": perim,
            "party_wall_length": np.where(np.isnan(area), np.nan, party),
            "neighbours": [len(nb) for nb in neighbours],
            "house_type": [t if g is not None else None for t, g in zip(attachment(neighbours), geoms, strict=True)],
            "inner_area": inner,
        }
    )
    out.attrs["crs"] = metric.to_string()
    return out


def annotate(records: list[dict[str, Any]], footprints: list[tuple[int, Any, Any]], **options: Any) -> list[str]:
    """Fill the footprint columns of stock records from their polygons (a GIS stock file).

    ``footprint_area``, ``footprint_perimeter``, ``party_wall_length`` and
    ``house_type`` (the attachment, :func:`attachment`) are set on every
    record with a polygon and no archetype (a typology row,
    :mod:`rehab.stock_typology`); a value given in the record is kept.
    Neighbours are searched among all the polygons given, archetype rows
    included.

    Parameters
    ----------
    records : list of dict
        Stock records (changed in place).
    footprints : list of (int, geometry, crs)
        Index of the record, its polygon and the CRS of its coordinates.
    **options
        ``tolerance``, ``max_angle``, ``min_shared`` of :func:`footprint_table`.

    Returns
    -------
    list of str
        Notes for the stock (what was measured, in which projection).
    """
    pyproj = require_extra("pyproj", "gis", "measuring building footprints")
    shapely = _shapely()
    polys = [(i, g, c) for i, g, c in footprints if getattr(g, "geom_type", "") in ("Polygon", "MultiPolygon")]
    if not polys:
        return []
    lonlat = []
    for _i, g, c in polys:
        src = pyproj.CRS.from_user_input(c)
        if src.equals(pyproj.CRS.from_epsg(4326), ignore_axis_order=True) or src == pyproj.CRS("OGC:CRS84"):
            lonlat.append(g)
            continue
        tr = pyproj.Transformer.from_crs(src, "EPSG:4326", always_xy=True)
        lonlat.append(shapely.transform(g, lambda xy, tr=tr: np.column_stack(tr.transform(xy[:, 0], xy[:, 1]))))
    t = footprint_table(lonlat, "EPSG:4326", **options)
    for (i, _g, _c), row in zip(polys, t.itertuples(index=False), strict=True):
        rec = records[i]
        if rec.get("archetype") not in (None, ""):
            continue  # an archetype row: its footprint only serves its neighbours
        for col in ("footprint_area", "footprint_perimeter", "party_wall_length"):
            if rec.get(col) is None:
                rec[col] = round(float(getattr(row, col)), 3)
        if rec.get("house_type") is None:
            rec["house_type"] = row.house_type
    shared = int((t["neighbours"] > 0).sum())
    return [f"{len(polys)} footprints measured in {t.attrs['crs']}: {shared} share walls with a neighbour"]
