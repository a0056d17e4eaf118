"""Both engines against EnergyPlus 25.2: archetypes × packages, and the 108 real DPE houses.

Prints the tables of docs/validation.md (sections 4 and 5):

* every archetype as built and after every preset package — annual heating
  need of the ISO 52016-1 engine and of the 5R1C engine against EnergyPlus
  (same house through rehab's exporter, same weather: the embedded Uccle
  file with EnergyPlus's mid-hour sun; 19 °C operative, conventional gains),
  and the savings fractions;
* the 108 certified DPE houses of ``tests/data/dpe-houses.json`` declared
  through ``House.from_elements`` (``declare_house`` of
  ``tests/validation/test_iso52016_energyplus.py``) and exported as equivalent shoeboxes: median |difference| and share
  within ±10 % for each engine.

Run: ``python benchmarks/validate_iso52016.py [--quick]`` (``--quick``: two
archetypes and 12 DPE houses). The full run takes about 10 minutes of
EnergyPlus on 2 cores.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

import rehab
from rehab import archetypes, packages
from rehab.energyplus import simulate as ep_simulate

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "validation"))
from test_iso52016_energyplus import declare_house  # noqa: E402
from test_iso52016_energyplus import dpe_records as records  # noqa: E402


def weather():
    return rehab.weather.read_epw(rehab.weather.default().path, sun_timing="mid-hour")


def archetype_table(names: list[str]) -> None:
    houses, labels = [], []
    for name in names:
        base = archetypes.get(name)
        houses.append(base)
        labels.append((name, "as built"))
        for p in packages.ordered_names():
            if p == "heat-pump-only":  # same envelope as built
                continue
            houses.append(packages.get(p).apply(base))
            labels.append((name, p))
    w = weather()
    t0 = time.perf_counter()
    ep = ep_simulate(houses, w, timeout=600).heating_need_kwh
    t_ep = time.perf_counter() - t0
    iso = rehab.simulate(houses, w, method="iso52016").heating_need_kwh
    fast = rehab.simulate(houses, w).heating_need_kwh
    print(f"EnergyPlus: {len(houses)} houses in {t_ep:.0f} s\n")
    print("| house | package | EnergyPlus kWh | ISO 52016 kWh | diff | 5R1C kWh | diff |")
    print("|---|---|---|---|---|---|---|")
    for (h, p), e, i, f in zip(labels, ep, iso, fast, strict=True):
        print(f"| {h} | {p} | {e:,.0f} | {i:,.0f} | {100 * (i / e - 1):+.1f} % | {f:,.0f} | {100 * (f / e - 1):+.1f} % |")
    ri, rf = iso / ep - 1, fast / ep - 1
    print(f"\nISO 52016: median |diff| {100 * np.median(abs(ri)):.1f} %, max {100 * np.max(abs(ri)):.1f} %, "
          f"within ±5 %: {np.mean(abs(ri) <= 0.05):.0%}")
    print(f"5R1C:      median |diff| {100 * np.median(abs(rf)):.1f} %, max {100 * np.max(abs(rf)):.1f} %, "
          f"within ±5 %: {np.mean(abs(rf) <= 0.05):.0%}\n")
    print("| house | package | savings E+ | ISO 52016 | diff | 5R1C | diff |")
    print("|---|---|---|---|---|---|---|")
    worst_i = worst_f = 0.0
    for k, (h, p) in enumerate(labels):
        if p == "as built":
            b = k
            continue
        se, si, sf = (100 * (1 - x[k] / x[b]) for x in (ep, iso, fast))
        worst_i, worst_f = max(worst_i, abs(si - se)), max(worst_f, abs(sf - se))
        print(f"| {h} | {p} | {se:.1f} % | {si:.1f} % | {si - se:+.1f} pts | {sf:.1f} % | {sf - se:+.1f} pts |")
    print(f"\nlargest savings gap: ISO 52016 {worst_i:.1f} pts, 5R1C {worst_f:.1f} pts\n")


def dpe_table(n: int | None) -> None:
    recs = records()[:n] if n else records()
    houses = [declare_house(r) for r in recs]
    w = weather()
    t0 = time.perf_counter()
    ep = ep_simulate(houses, w, timeout=600).heating_need_kwh
    t_ep = time.perf_counter() - t0
    iso = rehab.simulate(houses, w, method="iso52016").heating_need_kwh
    fast = rehab.simulate(houses, w).heating_need_kwh
    print(f"DPE houses: {len(houses)} through EnergyPlus in {t_ep:.0f} s")
    for label, x in (("ISO 52016", iso), ("5R1C", fast)):
        d = x / ep - 1
        q = np.percentile(d, [5, 25, 50, 75, 95])
        print(f"{label:10} median |diff| {100 * np.median(abs(d)):.1f} %, within ±10 % {np.mean(abs(d) <= 0.10):.0%} "
              f"({int(np.sum(abs(d) <= 0.10))}/{len(d)}), within ±5 % {np.mean(abs(d) <= 0.05):.0%}; "
              f"percentiles 5/25/50/75/95: " + " / ".join(f"{100 * v:+.1f}" for v in q) + " %")
    worst = np.argsort(-abs(iso / ep - 1))[:5]
    for k in worst:
        print(f"  {houses[k].name}: EnergyPlus {ep[k]:,.0f}, ISO {iso[k]:,.0f}, 5R1C {fast[k]:,.0f} kWh")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", choices=["archetypes", "dpe"])
    a = ap.parse_args()
    if a.only != "dpe":
        archetype_table(["coron-mid-terrace", "castors-detached"] if a.quick else archetypes.names())
    if a.only != "archetypes":
        dpe_table(12 if a.quick else None)


if __name__ == "__main__":
    main()
