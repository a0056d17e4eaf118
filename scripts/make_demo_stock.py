"""Generate rehab's demonstration neighbourhood (data/stock/demo-loos-en-gohelle.csv).

A synthetic but plausible mix of the Loos-en-Gohelle housing the library was
born for: a social landlord's mining houses in four cités (one of them in a
UNESCO-listed cité whose street façades are protected) and a neighbourhood of
owner-occupied 1950s Castors houses. Run ``python scripts/make_demo_stock.py``;
the output is byte-for-byte reproducible (seeded).

Assumptions (stated, not measured; the dwellings are fictitious):

* Counts: 60 coron dwellings in 6 rows of 10 (heritage-listed cité: the 12
  row ends are end-terrace houses), 100 semi-detached cité pavillonnaire
  houses (50 pairs; the 20 of one street were sold to private landlords),
  40 detached cité-jardin houses, 40 semi-detached cité-moderne houses, and
  110 owner-occupied Castors houses: 350 dwellings. Proportions follow the
  typology of Mission Bassin Minier (2008) as summarised in
  shared/reference/mining-houses.md; the numbers are illustrative.
* Street orientation: each street has one façade azimuth (rows alternate
  east/west or north/south), Castors plots face one of four directions.
* Floor area: the archetype's area × N(1, 0.05), rounded to 0.5 m².
* Heating (social landlord): 60 % old gas boiler, 30 % condensing gas boiler,
  10 % direct electric; Castors owner-occupiers: 45 % old gas boiler,
  20 % fuel oil, 15 % condensing gas, 10 % direct electric, 10 % wood logs.
  DHW follows the carrier (gas boiler, else electric tank).
* Income categories of Castors owner-occupiers (Anah): 35 % très modestes,
  30 % modestes, 20 % intermédiaires, 15 % supérieurs — an ageing
  owner-occupier population of a former mining town (assumption).
* Positions: synthetic points around Loos-en-Gohelle (50.457 N, 2.793 E),
  one cluster per cité; not real addresses.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np

SEED = 2026
OUT = Path(__file__).resolve().parents[1] / "data" / "stock" / "demo-loos-en-gohelle.csv"
CENTRE = (2.793, 50.457)
BASE_AREA = {
    "coron-mid-terrace": 60.0,
    "coron-end-terrace": 60.0,
    "cite-pavillonnaire-semi": 84.5,
    "cite-jardin-detached": 90.0,
    "cite-moderne-semi": 84.0,
    "castors-detached": 80.0,
}
COLUMNS = ["id", "archetype", "address", "street", "cite", "owner", "income", "azimuth", "floor_area",
           "heating", "dhw", "heritage", "longitude", "latitude"]


def _dhw(heating: str) -> str:
    return "dhw-gas-boiler" if heating.startswith("gas") else "dhw-electric-tank"


def generate(seed: int = SEED) -> list[dict]:
    rng = np.random.default_rng(seed)
    rows: list[dict] = []

    def area(arch: str) -> float:
        return float(np.round(BASE_AREA[arch] * rng.normal(1.0, 0.05) * 2) / 2)

    def point(cx: float, cy: float) -> tuple[float, float]:
        return (round(CENTRE[0] + cx + rng.normal(0, 0.0008), 6), round(CENTRE[1] + cy + rng.normal(0, 0.0005), 6))

    def social_heating() -> str:
        return str(rng.choice(["gas-boiler-old", "gas-boiler-condensing", "direct-electric"], p=[0.6, 0.3, 0.1]))

    def add(arch, street, cite, number, owner, azimuth, heritage, heating, income, xy):
        lon, lat = point(*xy)
        rows.append({
            "id": f"LG-{len(rows) + 1:04d}", "archetype": arch, "address": f"{number} {street}", "street": street,
            "cite": cite, "owner": owner, "income": income, "azimuth": azimuth, "floor_area": area(arch),
            "heating": heating, "dhw": _dhw(heating), "heritage": int(heritage), "longitude": lon, "latitude": lat,
        })

    # cité 1: heritage-listed corons, 6 rows of 10, facing east or west
    for r in range(6):
        street = f"rue des Corons {r + 1}"
        az = 90 if r % 2 == 0 else 270
        for k in range(10):
            arch = "coron-end-terrace" if k in (0, 9) else "coron-mid-terrace"
            add(arch, street, "Cité des Corons (UNESCO)", k + 1, "social_landlord", az, True, social_heating(), "",
                (-0.004, 0.002))
    # cité 2: cité pavillonnaire, 5 streets of 10 pairs; street 5 sold to private landlords
    for s in range(5):
        street = f"rue des Pavillons {s + 1}"
        az = 180 if s % 2 == 0 else 0
        owner = "private_landlord" if s == 4 else "social_landlord"
        for k in range(20):
            add("cite-pavillonnaire-semi", street, "Cité pavillonnaire", k + 1, owner, az, s < 2, social_heating(),
                "", (0.0, 0.004))
    # cité 3: cité-jardin, 40 detached houses in 4 streets
    for s in range(4):
        street = f"allée des Jardins {s + 1}"
        az = [0, 90, 180, 270][s]
        for k in range(10):
            add("cite-jardin-detached", street, "Cité-jardin", k + 1, "social_landlord", az, False, social_heating(),
                "", (0.004, 0.0))
    # cité 4: cité moderne, 40 semi-detached houses in 2 streets
    for s in range(2):
        street = f"rue de la Reconstruction {s + 1}"
        for k in range(20):
            add("cite-moderne-semi", street, "Cité moderne", k + 1, "social_landlord", 180 if s == 0 else 0, False,
                social_heating(), "", (0.002, -0.004))
    # Castors neighbourhood: 110 owner-occupied detached houses in 5 streets
    heat = ["gas-boiler-old", "fuel-oil-boiler", "gas-boiler-condensing", "direct-electric", "wood-log-stove"]
    incomes = ["tres_modestes", "modestes", "intermediaires", "superieurs"]
    for s in range(5):
        street = f"rue des Castors {s + 1}"
        for k in range(22):
            az = int(rng.choice([0, 90, 180, 270]))
            h = str(rng.choice(heat, p=[0.45, 0.20, 0.15, 0.10, 0.10]))
            inc = str(rng.choice(incomes, p=[0.35, 0.30, 0.20, 0.15]))
            add("castors-detached", street, "Quartier des Castors", k + 1, "owner_occupier", az, False, h, inc,
                (-0.003, -0.005))
    return rows


def write(path: Path = OUT, seed: int = SEED) -> Path:
    rows = generate(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("# title: rehab demonstration neighbourhood, Loos-en-Gohelle mix (synthetic dwellings)\n")
        fh.write("# date: 2026-11-28\n")
        fh.write(f"# source: generated by scripts/make_demo_stock.py (seed {seed}); assumptions in that script's docstring\n")
        fh.write("# licence: CC-BY-4.0 (rehab developers)\n")
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return path


if __name__ == "__main__":
    p = write(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
    print(f"written {p}")
