"""Box geometry of a house and the builder that turns it into envelope elements.

A :class:`BoxGeometry` is a rectangular dwelling (internal dimensions) of one
or more storeys with its front (street) façade facing ``azimuth``, party
walls on the left and/or right, an unheated attic, a heated roof or a flat
roof, and a slab, crawlspace or cellar below. :func:`house_from_box` lays out
the façades, windows, doors, attic, ground floor, internal mass and thermal
bridges and returns a :class:`rehab.House`.

Sides are named as seen from the street, facing the front façade: the
*left* wall faces ``azimuth + 90°``, the *right* wall ``azimuth − 90°``,
the *back* wall ``azimuth + 180°``.

Dimensions are internal (ISO 13789:2017 5.2 allows internal, overall internal
or external dimensions if used consistently; the French DPE uses internal
dimensions).
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from pydantic import Field

from ._base import RehabModel
from .units import quantity_type

__all__ = ["SIDES", "BoxGeometry", "facade_overflows", "side_azimuth", "window_perimeter"]

SIDES = ("front", "back", "left", "right")
_SIDE_OFFSET = {"front": 0.0, "back": 180.0, "left": 90.0, "right": 270.0}


def side_azimuth(front_azimuth: float, side: str) -> float:
    """Azimuth of a side's outward normal [deg, 0 = N, clockwise].

    Examples
    --------
    >>> side_azimuth(180.0, "left"), side_azimuth(180.0, "right"), side_azimuth(180.0, "back")
    (270.0, 90.0, 0.0)
    """
    return (front_azimuth + _SIDE_OFFSET[side]) % 360.0


class BoxGeometry(RehabModel):
    """Rectangular layout of a dwelling (internal dimensions).

    Parameters
    ----------
    width : float or str
        Internal length of the front and back façades [m].
    depth : float or str
        Internal length of the side walls [m].
    storeys : int
        Heated storeys (an unheated attic is not a storey).
    storey_height : float or str
        Internal floor-to-ceiling height [m].
    floor_thickness : float or str
        Thickness of intermediate floors [m] (adds to the façade height).
    azimuth : float
        Outward normal of the front (street) façade [deg from north].
    party_walls : {"none", "left", "right", "both"}
        Sides shared with a neighbour.
    roof : {"attic", "heated_roof", "flat"}
        Unheated attic above the top ceiling ("combles perdus"), heated
        rooms under the roof slopes ("rampants"), or a flat roof.
    roof_pitch : float
        [deg].
    foundation : {"slab", "crawlspace", "cellar"}
    window_height : float
        Typical window height [m] (reveal lengths, EnergyPlus layout).
    """

    width: quantity_type("m", gt=1, le=100) = 5.0
    depth: quantity_type("m", gt=1, le=100) = 6.0
    storeys: int = Field(2, ge=1, le=6)
    storey_height: quantity_type("m", gt=1.8, le=6) = 2.5
    floor_thickness: quantity_type("m", ge=0, le=1) = 0.25
    azimuth: quantity_type("deg", ge=0, lt=360) = 180.0
    party_walls: Literal["none", "left", "right", "both"] = "both"
    roof: Literal["attic", "heated_roof", "flat"] = "attic"
    roof_pitch: quantity_type("deg", ge=0, le=70) = 40.0
    foundation: Literal["slab", "crawlspace", "cellar"] = "slab"
    window_height: quantity_type("m", gt=0.3, le=4) = 1.3

    @property
    def footprint(self) -> float:
        """Internal footprint [m²]."""
        return self.width * self.depth

    @property
    def floor_area(self) -> float:
        """Heated floor area [m²]."""
        return self.footprint * self.storeys

    @property
    def wall_height(self) -> float:
        """Internal height of the façades [m]."""
        return self.storeys * self.storey_height + (self.storeys - 1) * self.floor_thickness

    def is_party(self, side: str) -> bool:
        """True if ``side`` is a party wall."""
        return side in ("left", "right") and self.party_walls in (side, "both")

    def side_length(self, side: str) -> float:
        """Internal length of a side [m]."""
        return self.width if side in ("front", "back") else self.depth

    @property
    def exposed_perimeter(self) -> float:
        """Perimeter of non-party walls [m] (ISO 13370 P)."""
        return sum(self.side_length(s) for s in SIDES if not self.is_party(s))


def window_perimeter(area: Any, height: float) -> Any:
    """Perimeter of the windows of a façade, ~1 m wide each [m] (assumption): 2·A/h + 2·n·h
    with n = max(1, round(A/h)) windows; 0 without windows. Floats or arrays.

    Examples
    --------
    >>> window_perimeter(2.6, 1.3), window_perimeter(np.array([0.0, 3.5]), 1.3).round(3).tolist()
    (9.2, [0.0, 13.185])
    """
    a = np.asarray(area, dtype=float)
    n = np.maximum(1.0, np.round(a / (height * 1.0)))
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(a > 0, 2.0 * a / height + 2.0 * n * height, 0.0)
    return float(out) if out.ndim == 0 else out


def facade_overflow_message(side: str, window_area: float, door_area: float, gross: float) -> str:
    """The reason a façade cannot hold its windows and door (one wording for every caller)."""
    return (
        f"windows: {window_area:.2f} m² of windows and {door_area:.2f} m² of door exceed "
        f"the {side} façade ({gross:.2f} m² gross)"
    )


def facade_overflows(geometry: BoxGeometry, windows: dict[str, float], door_area: float = 1.8) -> list[str]:
    """Façades whose windows and door leave no wall (the check :func:`house_from_box` applies).

    Returns one message per overflowing side (empty when the layout fits),
    so a stock row can be refused with its reason before any House is built.

    Examples
    --------
    >>> g = BoxGeometry(width=5.0, depth=6.0, storeys=2, party_walls="both")
    >>> facade_overflows(g, {"front": 4.0, "back": 4.0})
    []
    >>> facade_overflows(g, {"front": 30.0})  # doctest: +ELLIPSIS
    ['windows: 30.00 m² of windows and 1.80 m² of door exceed the front façade (...)']
    """
    out = []
    h = geometry.wall_height
    for side in SIDES:
        if geometry.is_party(side):
            continue
        gross = geometry.side_length(side) * h
        w_area = float(windows.get(side, 0.0))
        d_area = door_area if side == "front" else 0.0
        if gross - w_area - d_area <= 0:
            out.append(facade_overflow_message(side, w_area, d_area, gross))
    return out
