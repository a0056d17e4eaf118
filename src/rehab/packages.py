"""Named retrofit packages (presets) and user-defined packages.

Presets are data: one JSON file per package in ``data/packages/`` with its
title, description, date, sources and the list of measures, each measure
with its parameters and the source of every number (``source`` field).
:func:`get` builds a :class:`rehab.retrofit.Package`; :func:`package`
accepts a preset name, a Package, a dict or a plain list of measures (a
user-defined package).

Presets (see ``docs/retrofit.md`` for the figures on a coron house):

* ``attic-only`` — attic-floor insulation R 7;
* ``envelope-light`` — attic R 7, double glazing U_w 1.3, humidity-controlled
  extract ventilation;
* ``bbc-renovation`` — aims at class A/B: external wall insulation R 4.4,
  attic R 10, floor R 3.3, triple glazing, airtightness Q4Pa-surf 1.2,
  balanced ventilation, air-to-water heat pump, thermodynamic water heater;
* ``hqe-biosourced`` — wood fibre inside behind a humidity-variable
  retarder with clay plaster, cellulose, cork, wood windows, pellet boiler,
  solar water heater;
* ``heritage`` — internal insulation of the street façade, external
  insulation elsewhere, heat pump;
* ``heat-pump-only`` — heat pump and thermodynamic water heater.

Examples
--------
>>> from rehab import packages
>>> packages.names()
['attic-only', 'bbc-renovation', 'envelope-light', 'heat-pump-only', 'heritage', 'hqe-biosourced']
>>> p = packages.get("attic-only")
>>> p.measures[0].target_r
7.0
>>> mine = packages.package([{"kind": "airtightness", "n50": 5}], name="tighter")
>>> mine.name, mine.measures[0].n50
('tighter', 5.0)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from ._data import data_path, read_json
from .errors import DataError, InputError, UnknownNameError
from .retrofit import Measure, Package, measure

__all__ = ["ORDER", "describe", "get", "names", "ordered_names", "package", "parse_packages"]

#: Presets from the lightest to the deepest (the row order of :func:`rehab.assess`).
ORDER = (
    "attic-only",
    "envelope-light",
    "heat-pump-only",
    "heritage",
    "hqe-biosourced",
    "bbc-renovation",
)


def names() -> list[str]:
    """Names of the preset packages (``data/packages/*.json``), sorted."""
    return sorted(p.stem for p in data_path("packages").glob("*.json"))


def ordered_names() -> list[str]:
    """Preset names from the lightest to the deepest package (then any other preset).

    Examples
    --------
    >>> ordered_names()[0], ordered_names()[-1]
    ('attic-only', 'bbc-renovation')
    """
    known = names()
    return [n for n in ORDER if n in known] + [n for n in known if n not in ORDER]


@lru_cache(maxsize=32)
def _load(name: str) -> Package:
    known = names()
    if name not in known:
        raise UnknownNameError("package", name, known)
    raw = read_json("packages", f"{name}.json")
    try:
        pkg = Package.model_validate(raw)
    except InputError as exc:
        raise DataError(f"packages/{name}.json is malformed: {exc}") from None
    if pkg.name != name:
        raise DataError(f"packages/{name}.json names itself {pkg.name!r}")
    return pkg


def get(name: str) -> Package:
    """A preset package by name.

    Raises
    ------
    UnknownNameError
        Unknown name; the message suggests the closest names.

    Examples
    --------
    >>> get("bbc-renovaton")
    Traceback (most recent call last):
    ...
    rehab.errors.UnknownNameError: unknown package 'bbc-renovaton'; did you mean 'bbc-renovation'? (6 known: see the catalogue)
    """
    return _load(name)


def describe(name: str) -> str:
    """Title, description, measures with their sources, as text."""
    return get(name).describe()


def package(
    spec: str | Package | dict[str, Any] | Sequence[Measure | dict[str, Any]],
    *,
    name: str | None = None,
) -> Package:
    """A Package from a preset name, a Package, a dict or a list of measures.

    Parameters
    ----------
    spec : str, Package, dict or list
        Preset name; a Package; a dict with ``name`` and ``measures``; or a
        list of measures (Measure objects or dicts with ``kind``) — a
        user-defined package.
    name : str, optional
        Name of a user-defined package (default "custom"); renames a preset
        or Package when given.

    Examples
    --------
    >>> package("heat-pump-only").title.startswith("Heat pump only")
    True
    >>> package({"name": "x", "measures": [{"kind": "windows", "u_value": 1.4}]}).measures[0].u_value
    1.4
    """
    if isinstance(spec, Package):
        pkg = spec
    elif isinstance(spec, str):
        pkg = get(spec)
    elif isinstance(spec, dict):
        pkg = Package.model_validate(spec)
    elif isinstance(spec, Sequence):
        pkg = Package(
            name=name or "custom",
            title="user-defined package",
            measures=[measure(m).model_dump() for m in spec],
        )
        return pkg
    else:
        raise InputError(
            f"package: {spec!r} is not a package; give a preset name ({', '.join(names())}), a Package, "
            "a dict or a list of measures"
        )
    if name is not None and name != pkg.name:
        pkg = pkg.copy_with(name=name)
    return pkg


def parse_packages(specs: Iterable[Any] | None, field_name: str = "packages") -> list[Package]:
    """Packages from preset names, Package objects, dicts or lists of measures (default every preset).

    Names must be unique and not ``"baseline"``; an unknown preset name
    raises :class:`rehab.errors.UnknownNameError` naming the field and the
    presets.

    Examples
    --------
    >>> [p.name for p in parse_packages(["attic-only", [{"kind": "airtightness", "n50": 5}]])]
    ['attic-only', 'custom-2']
    """
    items = list(ordered_names()) if specs is None else list(specs)
    if isinstance(specs, (str, bytes)):
        items = [specs]
    out = []
    for i, s in enumerate(items):
        if isinstance(s, str) and s not in names():
            known = names()
            err = UnknownNameError("package", s, known)
            err.message = (
                f"{field_name}[{i}]: {err.message.split(' (')[0]}; allowed presets: {', '.join(known)} "
                "(or a Package, a dict with name and measures, a list of measures)"
            )
            err.args = (err.message,)
            raise err
        out.append(
            package(s, name=f"custom-{i + 1}" if isinstance(s, (list, tuple)) else None)
        )
    given = [p.name for p in out]
    dup = sorted({n for n in given if given.count(n) > 1})
    if dup or "baseline" in given:
        raise InputError(
            f"{field_name}: package names must be unique and not 'baseline'; repeated: {dup or ['baseline']}"
        )
    return out
