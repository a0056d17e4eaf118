"""Code tables of the DPE XML (observatoire DPE, 3CL-DPE 2021 schema, version 2).

Only the codes the reader needs to build a :class:`rehab.House` and its
systems; the meaning of each code is that of the ADEME enumeration tables
of the DPE schema (``enum_*_id``), as published with the observatory's data
dictionary (observatoire-dpe-audit.ademe.fr, "dictionnaire de données",
consulted 2026-12-06) and used by the 108 files in ``tests/data/dpe/xml``.
"""

from __future__ import annotations

__all__ = [
    "ADJACENCY",
    "ALTITUDE_CLASS",
    "ALTITUDE_REPRESENTATIVE_M",
    "ENERGY",
    "GROUND_ADJACENCY",
    "INERTIA",
    "ORIENTATION_AZIMUTH",
    "PERIOD",
    "TILT_DEG",
    "ZONE",
    "generator_kind",
]

#: enum_zone_climatique_id → 3CL zone.
ZONE = {1: "H1a", 2: "H1b", 3: "H1c", 4: "H2a", 5: "H2b", 6: "H2c", 7: "H2d", 8: "H3"}

#: enum_classe_altitude_id → rehab altitude class.
ALTITUDE_CLASS = {1: "below_400", 2: "400_800", 3: "above_800"}
#: A representative altitude of each class [m] (used only when the file gives none).
ALTITUDE_REPRESENTATIVE_M = {1: 100.0, 2: 600.0, 3: 900.0}

#: enum_classe_inertie_id → 3CL inertia class.
INERTIA = {1: "very_heavy", 2: "heavy", 3: "medium", 4: "light"}

#: enum_periode_construction_id → (first year, last year) of the period.
PERIOD = {
    1: (1000, 1947),
    2: (1948, 1974),
    3: (1975, 1977),
    4: (1978, 1982),
    5: (1983, 1988),
    6: (1989, 2000),
    7: (2001, 2005),
    8: (2006, 2012),
    9: (2013, 2021),
    10: (2022, 2100),
}

#: enum_orientation_id → azimuth of the outward normal [deg from north].
ORIENTATION_AZIMUTH = {1: 180.0, 2: 0.0, 3: 90.0, 4: 270.0}

#: enum_inclinaison_vitrage_id → a tilt [deg] in the matching 3CL C1 class
#: (1: < 25°, 2: 25–75°, 3: ≥ 75° vertical, 4: horizontal).
TILT_DEG = {1: 10.0, 2: 45.0, 3: 90.0, 4: 0.0}

#: enum_type_adjacence_id → short name.
ADJACENCY = {
    1: "exterior",
    2: "buried wall",
    3: "crawl space",
    4: "non-residential building",
    5: "ground slab",
    6: "unheated basement",
    7: "unheated space, not accessible",
    8: "garage",
    9: "storeroom",
    10: "sunspace (veranda)",
    11: "strongly ventilated attic",
    12: "weakly ventilated attic",
    13: "very weakly ventilated attic",
    14: "circulation without opening",
    15: "circulation with opening",
    16: "circulation with smoke vent",
    17: "entrance hall, self-closing",
    18: "entrance hall, not self-closing",
    19: "shared private garage",
    20: "commercial premises",
    21: "other outbuilding",
    22: "heated dwelling (no loss)",
}
#: Adjacencies on the ground (b = 1 means a declared ground U).
GROUND_ADJACENCY = frozenset({2, 3, 5})

#: enum_type_energie_id → rehab carrier (rehab.factors.CARRIERS).
ENERGY = {
    1: "electricity",
    2: "natural_gas",
    3: "fuel_oil",
    4: "wood_logs",
    5: "wood_pellets",
    6: "wood_chips",
    7: "wood_chips",
    8: "district_heat",
    9: "lpg",
    10: "lpg",
    11: "coal",
    12: "electricity",
    13: "lpg",
    14: "fuel_oil",
}


def generator_kind(code: int) -> str:
    """Family of a heating generator from ``enum_type_generateur_ch_id``.

    1–19 heat pumps; 20–54 wood stoves, inserts, closed fireplaces and
    cookers; 55–74 wood boilers; 98–105 direct-electric emitters; the other
    codes are boilers and other combustion systems (75–97 fuel-oil and gas
    boilers, 106 electric boiler, 107+ LPG and other systems).

    Examples
    --------
    >>> generator_kind(99), generator_kind(26), generator_kind(79)
    ('joule', 'stove', 'boiler')
    """
    if code <= 19:
        return "heat_pump"
    if code <= 54:
        return "stove"
    if code <= 74:
        return "wood_boiler"
    if 98 <= code <= 105:
        return "joule"
    return "boiler"
