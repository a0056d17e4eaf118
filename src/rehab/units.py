"""Units at the boundary: the one pint registry of rehab and its converters.

Inside rehab every number is a plain float (or numpy array) in SI units:
m, m², m³, s, kg, J, W, K for temperature differences and °C for absolute
temperatures. Public models and functions accept either

* a plain number (or array), taken to be in the documented unit,
* a :class:`pint.Quantity` of any compatible unit, or
* a string such as ``"30 cm"``, ``"0.035 W/(m*K)"`` or ``"19 degC"``,

and convert once, here. A value of the wrong dimension raises
:class:`rehab.errors.UnitError` naming the field, the value and the unit.

Examples
--------
>>> from rehab.units import to_si
>>> to_si("30 cm", "m", "thickness")
0.3
>>> to_si(0.035, "W/(m*K)", "conductivity")
0.035
>>> round(to_si("68 degF", "degC", "setpoint"), 6)
20.0
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Annotated, Any

import numpy as np
from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

from .errors import UnitError

if TYPE_CHECKING:
    import pint

__all__ = [
    "Q_",  # noqa: F822 - built on first access (module __getattr__)
    "SI",
    "quantity_type",
    "to_si",
    "ureg",  # noqa: F822 - built on first access (module __getattr__)
]



@lru_cache(maxsize=1)
def _registry() -> pint.UnitRegistry:
    """The one unit registry of rehab, built on first use.

    Importing pint and parsing its definitions costs about a second of CPU;
    plain numbers (what the engines pass) never need it, so ``rehab.units.ureg``
    and ``rehab.units.Q_`` are built when first read (PEP 562).
    """
    import pint

    reg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True, cache_folder=None)
    reg.define("EUR = [currency] = € = euro")
    reg.define("ach = 1 / hour")  # air changes per hour
    reg.define("kWhEP = kilowatt_hour")  # primary energy, same dimension as kWh
    return reg


def __getattr__(name: str) -> Any:
    """``ureg`` (the one unit registry of rehab: use it for every Quantity you hand to
    rehab) and ``Q_`` (its Quantity class), built on first access."""
    if name == "ureg":
        return _registry()
    if name == "Q_":
        return _registry().Quantity
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _is_quantity(value: Any) -> bool:
    """A pint Quantity (of any registry); pint is not imported to tell (no Quantity exists before it is)."""
    pint = sys.modules.get("pint")
    return pint is not None and isinstance(value, pint.Quantity)

#: Documented SI unit of common quantity kinds (what a bare number means).
SI = {
    "length": "m",
    "area": "m**2",
    "volume": "m**3",
    "conductivity": "W/(m*K)",
    "resistance": "m**2*K/W",
    "u_value": "W/(m**2*K)",
    "psi": "W/(m*K)",
    "density": "kg/m**3",
    "specific_heat": "J/(kg*K)",
    "heat_capacity": "J/K",
    "areal_heat_capacity": "J/(m**2*K)",
    "conductance": "W/K",
    "temperature": "degC",
    "temperature_difference": "K",
    "power": "W",
    "energy": "J",
    "air_change_rate": "1/h",
    "flow": "m**3/h",
    "angle": "deg",
    "pressure": "Pa",
}


@lru_cache(maxsize=256)
def _unit(unit: str) -> pint.Unit:
    return _registry().Unit(unit)


def _pretty(unit: str) -> str:
    return unit.replace("**2", "²").replace("**3", "³").replace("*", "·")


def to_si(
    value: Any,
    unit: str,
    field: str = "value",
    *,
    ge: float | None = None,
    gt: float | None = None,
    le: float | None = None,
    lt: float | None = None,
) -> Any:
    """Convert a number, Quantity or string to a float (or array) in ``unit``.

    Parameters
    ----------
    value : float, array_like, pint.Quantity or str
        Plain numbers are taken to be in ``unit`` already.
    unit : str
        Target unit, in pint syntax (e.g. ``"m"``, ``"W/(m**2*K)"``).
    field : str
        Name used in error messages.
    ge, gt, le, lt : float, optional
        Allowed range, in ``unit``; a value outside raises UnitError.

    Returns
    -------
    float or numpy.ndarray
        Magnitude in ``unit``.

    Raises
    ------
    UnitError
        Wrong dimension, unparsable string, NaN, or out of the allowed range.

    Examples
    --------
    >>> to_si("15 mm", "m", "plaster thickness")
    0.015
    >>> to_si("2 m", "W/(m*K)", "conductivity")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    rehab.errors.UnitError: conductivity: '2 m' is not a valid quantity in W/(m*K) (its dimension [length] is not that of W/(m*K)); ...
    """
    if type(value) is float or type(value) is int:
        f = float(value)
        if f != f:
            raise UnitError(field, value, unit, "NaN is not allowed")
        _check_range(f, unit, field, value, ge, gt, le, lt)
        return f
    original = value
    if isinstance(value, bool):
        raise UnitError(field, value, unit, "a boolean is not a quantity")
    if isinstance(value, str):
        ureg = _registry()
        text = value.strip().replace("°C", "degC").replace("°F", "degF").replace("²", "**2")
        text = text.replace("³", "**3").replace("·", "*").replace("°", "deg")
        try:
            q = ureg.Quantity(text)
        except Exception as exc:  # pint raises several unrelated types on bad text
            raise UnitError(field, value, unit, f"cannot parse: {exc}") from None
        if not _is_quantity(q):
            q = ureg.Quantity(q, "dimensionless")
        value = q
    if _is_quantity(value):
        import pint

        ureg, target = _registry(), _unit(unit)
        q = value
        if q._REGISTRY is not ureg:  # a quantity from another registry
            q = ureg.Quantity(q.magnitude, str(q.units))
        if q.dimensionless and not target.dimensionless and q.units == ureg.dimensionless:
            # "30" as a string: a bare number in the documented unit
            q = ureg.Quantity(q.magnitude, target)
        try:
            out = q.to(target).magnitude
        except pint.DimensionalityError:
            raise UnitError(
                field,
                original,
                unit,
                f"its dimension {q.dimensionality} is not that of {unit}",
            ) from None
    else:
        out = value
    if isinstance(out, (list, tuple)):
        try:
            out = np.asarray(out, dtype=float)
        except (TypeError, ValueError):
            raise UnitError(field, original, unit, "not a list of numbers") from None
    if isinstance(out, np.ndarray):
        if out.ndim == 0:
            out = float(out)
        else:
            arr = np.asarray(out, dtype=float)
            if np.isnan(arr).any():
                raise UnitError(field, original, unit, "contains NaN")
            _check_range(arr, unit, field, original, ge, gt, le, lt)
            return arr
    try:
        f = float(out)
    except (TypeError, ValueError):
        raise UnitError(field, original, unit, f"not a number ({type(value).__name__})") from None
    if math.isnan(f):
        raise UnitError(field, original, unit, "NaN is not allowed")
    _check_range(f, unit, field, original, ge, gt, le, lt)
    return f


def _check_range(arr, unit, field, value, ge, gt, le, lt) -> None:
    if isinstance(arr, float):
        lo, hi = arr, arr
    elif np.size(arr) == 0:
        return
    else:
        lo, hi = float(np.min(arr)), float(np.max(arr))
    ok = (
        (ge is None or lo >= ge)
        and (gt is None or lo > gt)
        and (le is None or hi <= le)
        and (lt is None or hi < lt)
    )
    if ok:
        return
    allowed = [f"{op} {b:g}" for op, b in ((">=", ge), (">", gt), ("<=", le), ("<", lt)) if b is not None]
    raise UnitError(field, value, unit, f"out of range: allowed {' and '.join(allowed)} {_pretty(unit)}")


def _converter(unit: str, ge, gt, le, lt) -> Callable[[Any], float]:
    def convert(v: Any) -> float:
        if v is None:
            return v
        return to_si(v, unit, "", ge=ge, gt=gt, le=le, lt=lt)

    return convert


def quantity_type(
    unit: str,
    *,
    ge: float | None = None,
    gt: float | None = None,
    le: float | None = None,
    lt: float | None = None,
    description: str = "",
) -> Any:
    """A pydantic field type: a float in ``unit`` accepting Quantities and strings.

    Parameters
    ----------
    unit : str
        The SI unit stored (pint syntax).
    ge, gt, le, lt : float, optional
        Allowed range in ``unit``.
    description : str
        Text for the JSON schema.

    Returns
    -------
    typing.Annotated
        ``Annotated[float, ...]`` usable as a pydantic field annotation; the
        JSON schema accepts a number (in ``unit``) or a string with a unit.

    Examples
    --------
    >>> from pydantic import BaseModel
    >>> class Slab(BaseModel):
    ...     thickness: quantity_type("m", gt=0)
    >>> Slab(thickness="8 cm").thickness
    0.08
    """
    bounds = []
    for name, b in (("minimum", ge), ("exclusiveMinimum", gt), ("maximum", le), ("exclusiveMaximum", lt)):
        if b is not None:
            bounds.append((name, b))
    schema: dict[str, Any] = {
        "anyOf": [
            {"type": "number", **dict(bounds)},
            {"type": "string", "description": f"a quantity with its unit, e.g. '1 {unit}'"},
        ],
        "x-unit": unit,
    }
    if description:
        schema["description"] = f"{description} [{_pretty(unit)}]"
    return Annotated[
        float,
        BeforeValidator(_converter(unit, ge, gt, le, lt)),
        PlainSerializer(float, return_type=float, when_used="json"),
        WithJsonSchema(schema, mode="validation"),
    ]
