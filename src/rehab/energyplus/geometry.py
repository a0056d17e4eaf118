"""Vertex geometry of EnergyPlus surfaces: Newell normals and vertex orders of
walls, floors, ceilings and windows (counter-clockwise seen from outside).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

from ..errors import InputError

Vec3 = tuple[float, float, float]


# --------------------------------------------------------------------------- geometry
def newell_normal(vertices: Sequence[Sequence[float]]) -> tuple[np.ndarray, float]:
    """Unit normal (right-hand rule) and area of a planar polygon.

    Newell's method: the vector area is ½ Σ vᵢ × vᵢ₊₁; its direction is the
    normal given by the right-hand rule over the vertex order, so vertices
    listed counter-clockwise seen from outside give the outward normal.

    Parameters
    ----------
    vertices : sequence of (x, y, z)
        Polygon corners [m].

    Returns
    -------
    normal : numpy.ndarray
        Unit normal (3,), zeros for a degenerate polygon.
    area : float
        Polygon area [m²].

    Examples
    --------
    >>> n, a = newell_normal([(0, 0, 0), (1, 0, 0), (1, 1, 0), (0, 1, 0)])
    >>> n.tolist(), a
    ([0.0, 0.0, 1.0], 1.0)
    """
    p = np.asarray(vertices, dtype=float)
    cross = np.cross(p, np.roll(p, -1, axis=0)).sum(axis=0) / 2.0
    area = float(np.linalg.norm(cross))
    if area == 0.0:
        return np.zeros(3), 0.0
    return cross / area, area


def wall_vertices(
    start: Sequence[float], end: Sequence[float], z_bottom: float, z_top: float
) -> tuple[Vec3, ...]:
    """Vertices of a vertical rectangular wall, outward normal.

    Walk along the wall from ``start`` to ``end`` (plan coordinates) with the
    zone on your **left** — i.e. list the footprint counter-clockwise seen
    from above and give each edge in turn. The result starts at the upper
    left corner seen from outside and runs counter-clockwise.

    Parameters
    ----------
    start, end : (x, y)
        Plan ends of the wall [m].
    z_bottom, z_top : float
        Heights of the wall's bottom and top edges [m].

    Returns
    -------
    tuple of (x, y, z)
        Four vertices.

    Examples
    --------
    >>> wall_vertices((0, 0), (8, 0), 0, 2.7)
    ((0.0, 0.0, 2.7), (0.0, 0.0, 0.0), (8.0, 0.0, 0.0), (8.0, 0.0, 2.7))
    """
    x0, y0 = (float(c) for c in start)
    x1, y1 = (float(c) for c in end)
    zb, zt = float(z_bottom), float(z_top)
    return ((x0, y0, zt), (x0, y0, zb), (x1, y1, zb), (x1, y1, zt))


def horizontal_vertices(
    footprint: Sequence[Sequence[float]], z: float, facing: Literal["up", "down"]
) -> tuple[Vec3, ...]:
    """Vertices of a horizontal polygon (floor, ceiling, flat roof).

    Parameters
    ----------
    footprint : sequence of (x, y)
        Polygon corners counter-clockwise seen from above [m].
    z : float
        Height [m].
    facing : {"up", "down"}
        Direction of the outward normal: ``"down"`` for a floor,
        ``"up"`` for a roof or ceiling.

    Returns
    -------
    tuple of (x, y, z)

    Examples
    --------
    >>> horizontal_vertices([(0, 0), (8, 0), (8, 6), (0, 6)], 0.0, "down")
    ((0.0, 6.0, 0.0), (8.0, 6.0, 0.0), (8.0, 0.0, 0.0), (0.0, 0.0, 0.0))
    """
    pts = [(float(x), float(y), float(z)) for x, y in footprint]
    if facing == "down":
        pts = pts[::-1]
    elif facing != "up":
        raise InputError(f"facing: {facing!r} is not one of 'up', 'down'")
    n, _ = newell_normal(pts)
    if (n[2] > 0) != (facing == "up"):
        raise InputError("footprint: the corners must be listed counter-clockwise seen from above")
    return tuple(pts)


def window_vertices(
    wall: Sequence[Sequence[float]], width: float, height: float, sill: float, left: float
) -> tuple[Vec3, ...]:
    """Vertices of a rectangular window in a vertical rectangular wall.

    Parameters
    ----------
    wall : sequence of (x, y, z)
        The wall, as returned by :func:`wall_vertices` (upper-left first,
        counter-clockwise seen from outside).
    width, height : float
        Window size [m].
    sill : float
        Height of the window's bottom above the wall's bottom edge [m].
    left : float
        Distance from the wall's left edge (seen from outside) [m].

    Returns
    -------
    tuple of (x, y, z)
        Four vertices, same orientation as the wall.

    Raises
    ------
    InputError
        If the window does not fit in the wall.

    Examples
    --------
    >>> w = wall_vertices((0, 0), (8, 0), 0, 2.7)
    >>> window_vertices(w, 3.0, 2.0, 0.2, 0.5)
    ((0.5, 0.0, 2.2), (0.5, 0.0, 0.2), (3.5, 0.0, 0.2), (3.5, 0.0, 2.2))
    """
    p = np.asarray(wall, dtype=float)
    if p.shape != (4, 3):
        raise InputError("wall: need the 4 vertices of a rectangular wall")
    bottom_left, bottom_right, top_right = p[1], p[2], p[3]
    along = bottom_right - bottom_left
    wall_width = float(np.linalg.norm(along))
    wall_height = float(top_right[2] - bottom_right[2])
    if wall_width <= 0 or wall_height <= 0 or abs(along[2]) > 1e-9:
        raise InputError("wall: not a vertical rectangle listed as wall_vertices() does")
    if left < 0 or sill < 0 or width <= 0 or height <= 0:
        raise InputError("window: width and height must be > 0, sill and left >= 0 [m]")
    if left + width > wall_width + 1e-9 or sill + height > wall_height + 1e-9:
        raise InputError(
            f"window: {width} m x {height} m at left={left} m, sill={sill} m does not fit "
            f"in a wall {wall_width:.3f} m wide and {wall_height:.3f} m high"
        )
    u = along / wall_width
    z0 = float(bottom_left[2])

    def at(s: float, h: float) -> Vec3:
        q = bottom_left + u * s
        return (round(float(q[0]), 9), round(float(q[1]), 9), round(z0 + h, 9))

    return (
        at(left, sill + height),
        at(left, sill),
        at(left + width, sill),
        at(left + width, sill + height),
    )


