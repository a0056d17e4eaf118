"""The ISO 52016-1 node engine against EnergyPlus 25.2 on archetypes, packages and real houses.

Two archetypes (the heaviest brick coron and the detached castors house),
as built and after four preset packages, and three certified DPE houses
(declared element by element, exported as equivalent shoeboxes), run in
EnergyPlus (through rehab's exporter) and in both of rehab's engines: same
weather (the embedded Uccle file read with EnergyPlus's mid-hour sun), 19 °C
operative, conventional gains, no cooling. The full tables (every archetype
and package, the 108 DPE houses) come from ``benchmarks/validate_iso52016.py``
and are in docs/validation.md.

Targets (issue 14): annual heating need of the ISO 52016 engine within ±5 %
of EnergyPlus, savings fractions within ±2 points; real houses within ±10 %.
The table is printed (``pytest -rA``) with the 5R1C engine beside.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

from rehab import House, ThermalBridge, threecl
from rehab.errors import MissingExtraError

#: 108 certified DPE house records (ADEME open data, Licence Ouverte 2.0; see tests/data/README-dpe.md).
DPE_JSON = Path(__file__).resolve().parents[1] / "data" / "dpe-houses.json"
_KIND = {"mur": "wall", "plancher_haut": "ceiling", "plancher_bas": "floor", "porte": "door"}
_AZIMUTH = {1: 180.0, 2: 0.0, 3: 90.0, 4: 270.0}
_INERTIA = {1: "very_heavy", 2: "heavy", 3: "medium", 4: "light"}
_ALTITUDE = {1: 100.0, 2: 600.0, 3: 900.0}  # a representative altitude of each 3CL class [m]


@lru_cache(maxsize=1)
def dpe_records() -> list[dict]:
    """The records of ``tests/data/dpe-houses.json``."""
    return json.loads(DPE_JSON.read_text(encoding="utf-8"))["records"]


def _element(e: dict) -> dict:
    """One DPE element as a rehab element (U, area, b, orientation, Sw of the bay)."""
    if e["b"] >= 1.0:
        boundary = "ground" if e["adjacency"] in (2, 3, 5) and e["kind"] != "baie" else "exterior"
    elif e["b"] > 0.0:
        boundary = "unheated"
    else:
        boundary = "adjacent"
    if e["kind"] == "baie":
        return {
            "type": "window",
            "area": e["area"],
            "u_value": e["u"],
            "azimuth": _AZIMUTH.get(e["orientation"], 180.0),
            "g_value": e["sw"] if e["sw"] is not None else 0.0,
            "frame_fraction": 0.0,
            "boundary": "exterior" if e["adjacency"] == 1 and e["b"] >= 1.0 else "unheated",
            "b": e["b"],
        }
    out = {"type": "opaque", "kind": _KIND[e["kind"]], "area": e["area"], "u_value": e["u"],
           "boundary": boundary, "b": e["b"]}
    if e["orientation"] in _AZIMUTH and e["kind"] == "mur":
        out["azimuth"] = _AZIMUTH[e["orientation"]]
    return out


def declare_house(r: dict) -> House:
    """A record's envelope declared through ``House.from_elements`` (areas, U, b, orientation,
    Sw, Σψ·l as one declared bridge, H_vent and H_perm, inertia class, zone)."""
    bridges = r["bridges_w_per_k"]
    return House.from_elements(
        name=r["id"],
        floor_area=r["area"],
        ceiling_height=r["hsp"],
        elements=[_element(e) for e in r["elements"]],
        thermal_bridges=[ThermalBridge(junction="declared", length=bridges, psi=1.0)] if bridges > 0 else [],
        ventilation={"h_ventilation": r["hvent"], "h_infiltration": r["hperm"]},
        thermal_mass=_INERTIA[r["inertia_class"]],
        zone=threecl.ZONES[r["zone"] - 1],
        altitude=_ALTITUDE[r["altitude_class"]],
        year_built=r["year"],
    )

#: Relative tolerance on the annual heating need [-] (issue 14).
TOL_NEED = 0.05
#: Relative tolerance for a declared real house exported as a shoebox [-] (issue 14: ±10 %).
TOL_REAL = 0.10
#: Tolerance on savings fractions [percentage points] (issue 14). The worst case of the full
#: table is 1.66 points (coron mid-terrace, envelope-light: EnergyPlus 30.4 %, ISO 52016
#: 32.1 %; docs/validation.md section 5).
TOL_SAVINGS = 2.0


@pytest.fixture(scope="module")
def runs():
    import rehab
    from rehab import archetypes, packages

    pytest.importorskip("eppy")
    from rehab.energyplus import find_energyplus
    from rehab.energyplus import simulate as ep_simulate

    try:
        install = find_energyplus()
    except MissingExtraError:
        pytest.skip("EnergyPlus not installed")
    houses, labels = [], []
    for name in ("coron-mid-terrace", "castors-detached"):
        base = archetypes.get(name)
        houses.append(base)
        labels.append((name, "as built"))
        for p in ("envelope-light", "hqe-biosourced", "bbc-renovation"):
            houses.append(packages.get(p).apply(base))
            labels.append((name, p))
    for r in [dpe_records()[k] for k in (0, 40, 80)]:
        houses.append(declare_house(r))
        labels.append((r["id"], "DPE record"))
    weather = rehab.weather.read_epw(rehab.weather.default().path, sun_timing="mid-hour")
    iso = rehab.simulate(houses, weather, method="iso52016")
    fast = rehab.simulate(houses, weather)
    ep = ep_simulate(houses, weather, exe=install.exe, timeout=300)
    return {"labels": labels, "iso": iso.heating_need_kwh, "5r1c": fast.heating_need_kwh, "ep": ep.heating_need_kwh}


def _table(r) -> str:
    lines = [f"{'house':26} {'package':16} {'E+ kWh':>8} {'ISO kWh':>8} {'diff':>7} {'5R1C kWh':>9} {'diff':>7}"]
    for (h, p), e, i, f in zip(r["labels"], r["ep"], r["iso"], r["5r1c"], strict=True):
        lines.append(f"{h:26} {p:16} {e:8.0f} {i:8.0f} {100 * (i / e - 1):+6.1f}% {f:9.0f} {100 * (f / e - 1):+6.1f}%")
    return "\n".join(lines)


@pytest.mark.energyplus
def test_iso52016_within_5_percent_of_energyplus(runs):
    print(_table(runs))
    rel = runs["iso"] / runs["ep"] - 1.0
    print(f"ISO 52016: median |diff| {100 * np.median(np.abs(rel)):.1f} %, max {100 * np.max(np.abs(rel)):.1f} %")
    bad = [
        (lab, round(100 * d, 1))
        for lab, d in zip(runs["labels"], rel, strict=True)
        if abs(d) > (TOL_REAL if lab[1] == "DPE record" else TOL_NEED)
    ]
    assert not bad, bad


@pytest.mark.energyplus
def test_iso52016_savings_within_2_points(runs):
    labels = runs["labels"]
    base = {h: i for i, (h, p) in enumerate(labels) if p == "as built"}
    rows = []
    for i, (h, p) in enumerate(labels):
        if p in ("as built", "DPE record"):
            continue
        b = base[h]
        s_iso = 100 * (1 - runs["iso"][i] / runs["iso"][b])
        s_ep = 100 * (1 - runs["ep"][i] / runs["ep"][b])
        s_5 = 100 * (1 - runs["5r1c"][i] / runs["5r1c"][b])
        rows.append((h, p, s_ep, s_iso, s_5))
    for h, p, e, i, f in rows:
        print(f"savings {h:26} {p:16} E+ {e:5.1f} %  ISO {i:5.1f} % ({i - e:+.1f} pts)  5R1C {f:5.1f} % ({f - e:+.1f} pts)")
    bad = [(h, p, round(i - e, 1)) for h, p, e, i, _ in rows if abs(i - e) > TOL_SAVINGS]
    assert not bad, bad
