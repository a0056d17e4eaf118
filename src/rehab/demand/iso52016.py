"""Hourly heating and cooling needs by the node method of ISO 52016-1:2017 §6.5.

Where the 5R1C model of ISO 13790 lumps the whole fabric into one capacity
behind one surface node, ISO 52016-1 gives every element its own chain of
nodes, so that heat absorbed on the outside of a 22 cm brick wall takes the
hours it really takes to reach the rooms, and each surface exchanges heat
with the room air by convection and with the other surfaces by long-wave
radiation. One compiled kernel (numba, parallel over houses) runs a batch of
houses through a year; the climate, solar and gains helpers are those of the
5R1C engine (:mod:`rehab.solar`, :mod:`rehab.gains`, :mod:`rehab.weather`).

The model
---------
Nodes (§6.5.6, §6.5.7): one air node (air and furniture, κ_int = 10 kJ/(m²·K)
of floor, Table B.17, unless ``internal_capacity`` says otherwise); per opaque element 5 nodes, node 1 the outer surface,
node 5 the inner surface, with the conductances of §6.5.7.2
(h_pli = 6/R_c for pli = 1 and 4, 3/R_c for pli = 2 and 3, R_c the
element's resistance without surface films) and the areal heat capacity
κ_m shared among the nodes by the element's mass class (also §6.5.7.2;
the classes I, E, IE, D and M of Annex B Table B.13); per window 2 nodes
(h = 1/R_c, no capacity; §6.5.7.4) — in the kernel a window is a 5-node chain whose three middle
nodes are massless, which is the same network.

* Outer surface node (§6.5.6, the element's heat balance at pli = 1): exterior convection h_ce
  and radiation h_re to θ_e, the absorbed sunshine α_sol·I_sol,tot, and the
  extra long-wave loss to the sky F_sky·h_re·(θ_e − θ_sky) (§6.5.13.3, with
  the hourly sky temperature of the weather file in place of the default
  Δθ_er); a ground floor couples through its equivalent ground resistance
  to the ground temperature (§6.5.8, ISO 13370), an element on an unheated
  space to b·θ_e + (1 − b)·θ_int,a of the previous hour (ISO 13789 b), a
  party wall is adiabatic (no outer coefficients, §6.5.6.3.6), an internal partition or floor is half of its
  construction seen from both sides (area 2·A, adiabatic mid-plane).
* Inner surface node (pli = 5): convection h_ci to the air, long-wave
  exchange with every other surface h_ri·(θ_r − θ_pli), θ_r the
  area-weighted mean of the inner surface temperatures (as θ_r of
  §6.5.5.3), the radiative part of the internal gains and the transmitted
  sunshine not given to the air (f_sol,c = 0.1, Table B.11) spread over the
  inner surfaces in proportion to area, the beam's absorbed part on the
  floors (``solar_distribution``; or shares prescribed per element, as
  ASHRAE 140 tabulates them) (the element's heat balance of §6.5.6
  at pli = 5).
* Air node (§6.5.6, the heat balance of the internal air): convection from every inner surface, ventilation and
  infiltration H_ve, thermal bridges H_tb (to θ_e), the convective part of
  the internal gains and sunshine, and the ideal heating/cooling power Φ_HC
  (convective).
* Time: implicit Euler over one hour (§6.5.6: κ/Δt·(θ_t − θ_t−1)).
* Operative temperature θ_op = (θ_int,a + θ_r)/2 (§6.5.5.3). The set-points
  apply to θ_op (default) or to the air (``control="air"``, as EnergyPlus's
  ideal loads and ASHRAE 140).

Surface coefficients (the conventional values of ISO 13789:2017 Table 8,
with EN ISO 6946:2017 Annex C): h_ci = 2.5 (walls), 5.0 (heat flow up: ceilings, roofs),
0.7 (heat flow down: floors) W/(m²·K); h_ri = 5.13 W/(m²·K); h_ce = 20
W/(m²·K), h_re = 4.14·ε/0.9 W/(m²·K) — with ``exterior="wind"`` (default)
h_ce is hourly from the weather's wind (DOE-2/MoWiTT,
:func:`rehab.gains.exterior_convection_coefficient`), the model EnergyPlus
uses, with the roughness multiplier of brick or render on opaque faces
(1.52) and of glass on windows (1.00,
:data:`~rehab.demand.iso52016_kernel.R_F_GLASS`).

Solving (the node system per hour)
----------------------------------
The system of one house is one tridiagonal chain per element, all coupled
through two unknowns only, the air temperature θ_a and the mean radiant
temperature θ_r (the inner node of each chain sees h_ci·θ_a + h_ri·θ_r).
Only the two surface nodes of a chain carry hourly coefficients (the outer
film, the inner convection); its three inner nodes form a constant 3 × 3
tridiagonal matrix, factorised once per house. Each hour, per element, one
substitution through that matrix condenses the chain onto its surface nodes
(a 2 × 2 system, one division) and gives the inner surface temperature as
θ_s,e = s_e + g_e·(h_ci·θ_a + h_ri·θ_r). The area-weighted mean of these
gives θ_r as an affine function of θ_a; the air balance then gives θ_a as an
affine function of Φ_HC. The free-floating temperature (Φ_HC = 0) and the
response per watt give the ideal power exactly by superposition (the
standard's procedure for the needs); then every node is recovered. The
element loops have no branch and no library call (the cube roots of the
convection correlations are computed by Newton steps), so LLVM runs them in
SIMD registers: a batch goes in blocks of eight houses, one per lane (houses
of the same numbers of elements side by side), the blocks spread over the
cores; one or two houses run alone, their elements in the lanes.
A house has at most :data:`~rehab.demand.iso52016_kernel.MAX_ELEMENTS`
elements.

Examples
--------
A brick box simulated by both engines:

>>> import rehab
>>> h = rehab.archetypes.get("coron-mid-terrace")
>>> r = rehab.simulate(h, method="iso52016")
>>> 100 < r.heating_need_kwh_per_m2 < 400
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..energyplus.layers import (  # noqa: F401  (re-exported: the names the engine's users know)
    DECLARED_MASONRY,
    DECLARED_SLAB_R,
    KAPPA_CLASS,
    R_C_MIN,
    declared_layers,
    oriented_elements,
)
from ..errors import InputError
from .iso52016_climate import climate_rows, rho_factor
from .iso52016_climate import ground_temperature as climate_ground_temperature
from .iso52016_elements import (  # noqa: F401  (re-exported)
    H_CE,
    H_CI,
    H_RI,
    KAPPA_WINDOW,
    _house_elements,
    _layer_class,
    _lumped,
    mass_distribution,
    node_parameters,
)
from .iso52016_kernel import (
    _BLOCK,
    F_A,
    F_B,
    F_BOTH,
    F_COS,
    F_FLOOR,
    F_FSOL,
    F_H1,
    F_H4,
    F_HCI,
    F_HEXT,
    F_HRE,
    F_HRI,
    F_K1,
    F_K5,
    F_N,
    F_RF,
    F_SKY,
    H_CA,
    H_FR,
    H_HTB,
    H_HVE,
    H_HVEF,
    H_N,
    H_PCMAX,
    H_PHMAX,
    H_PINT,
    H_RE,
    H_SPRE,
    I_HCE,
    I_IRR,
    I_IRRB,
    I_KIND,
    I_N,
    K_ADIABATIC,
    K_EXTERIOR,
    MAX_ELEMENTS,
    R_F,
    R_F_GLASS,
    _kernel,
    _kernel_serial,
)

if TYPE_CHECKING:
    from ..house import House
    from ..weather import Weather

__all__ = [
    "H_CE",
    "H_CI",
    "H_RE",
    "H_RI",
    "IsoBatch",
    "build_iso_batch",
    "mass_distribution",
    "node_parameters",
    "run_iso52016",
    "simulate_iso52016",
]

#: Heat capacity of the air and furniture per m² of floor [J/(m²·K)]
#: (ISO 52016-1:2017 Table B.17, κ_int = 10 000 J/(m²·K)).
KAPPA_INT = 10_000.0
#: Radiative fraction of the internal gains [-]: 0.5, the split of ISO
#: 13790:2008 eq. C.1 that rehab's 5R1C engine and its EnergyPlus export use
#: (ISO 52016-1 Table B.11 gives f_int,c = 0.4), so the engines are comparable.
F_INT_R = 0.5

_DT = 3600.0
#: Batches of fewer houses run one house at a time on the calling thread
#: (:func:`~rehab.demand.iso52016_kernel._run_one`): a block of the parallel kernel costs about
#: as much as its eight lanes, so that one or two houses are faster alone.
SERIAL_BELOW = 3
WARMUP_HOURS = 720


# ----------------------------------------------------------------------------- batch
@dataclass(frozen=True, eq=False)
class IsoBatch:
    """Houses and climate ready for the kernel (SI units).

    Element arrays have shape (n_houses, n_elements_max); unused slots have
    zero area.

    Attributes
    ----------
    el_f : ndarray (n, F_N, m)
        Element floats (rows ``F_*``).
    el_i : ndarray (n, I_N, m)
        Element integers (rows ``I_*``).
    house : ndarray (n, H_N)
        House floats (columns ``H_*``).
    irr : ndarray (n_hours, n_rows + 1)
        Absorbed/transmitted irradiance per unit of the element's factor
        [W/m²] (last column zeros).
    hce : ndarray (n_hours, n_hrows)
        Exterior convective coefficient rows [W/(m²·K)].
    theta_e, theta_g, theta_sky : ndarray (n_hours,)
        Outdoor air, ground and (effective) sky temperatures [°C].
    theta_h, theta_c : ndarray (n_hours,)
        Heating and cooling set-points [°C] (±inf when off).
    month0 : ndarray (n_hours,)
        Month index 0–11.
    """

    el_f: np.ndarray
    el_i: np.ndarray
    house: np.ndarray
    irr: np.ndarray
    hce: np.ndarray
    theta_e: np.ndarray
    theta_g: np.ndarray
    theta_sky: np.ndarray
    theta_h: np.ndarray
    theta_c: np.ndarray
    month0: np.ndarray
    rho_factor: np.ndarray
    interior_model: int = 1
    exterior_model: int = 1

    def __len__(self) -> int:
        return int(self.house.shape[0])


def build_iso_batch(
    houses: Sequence[House],
    weather: Weather,
    *,
    setpoint: float | None = 19.0,
    setback: float | None = None,
    setback_hours: tuple[int, int] = (22, 6),
    cooling_setpoint: float | None = None,
    internal_gains: Any = "conventional",
    power_limit: float | None = None,
    exterior: str = "wind",
    terrain: str = "suburbs",
    ground_temperature: float | None = None,
    albedo: float | None = None,
    mass: str = "layers",
    sky_diffuse: str = "perez",
    solar_distribution: str | Mapping[str, float] = "floor",
    interior: str = "tarp",
    bridges: str = "walls",
    air_density: str = "outdoor",
    internal_capacity: float | None = None,
    radiative_fraction: float | None = None,
) -> IsoBatch:
    """Turn houses and a weather into the arrays of the ISO 52016-1 kernel.

    Parameters
    ----------
    houses : sequence of House
    weather : Weather
    setpoint, setback, setback_hours, cooling_setpoint, internal_gains, power_limit
        As :func:`rehab.simulate` (SI: °C, W).
    exterior : {"wind", "iso"}
        h_ce hourly from the wind (DOE-2/MoWiTT) or the standard's 20 W/(m²·K).
    terrain : str
        Terrain for the local wind.
    ground_temperature : float, optional
        Constant ground temperature [°C]; default the weather's at 1 m depth.
    albedo : float, optional
        Ground reflectance.
    mass : {"layers", "class"}
        How the κ of an element with known layers is shared among its 5
        nodes: each layer's capacity at its place in the chain ("layers",
        default; the node positions of §6.5.7.2), or κ_m by the mass class
        of Annex B Table B.13 derived from where the insulation lies
        ("class"). Elements without layers always use their class.
    sky_diffuse : str
        Sky-diffuse model of :func:`rehab.solar.surface_irradiance`.
    interior : {"tarp", "iso"}
        Inner convective coefficients: hourly from the surface-to-air
        temperature difference of the previous hour by Walton's TARP
        correlations (EnergyPlus's default: 1.31·|ΔT|^⅓ on walls,
        9.482·|ΔT|^⅓/(7.238 − |cos Σ|) for unstable and
        1.810·|ΔT|^⅓/(1.382 + |cos Σ|) for stable horizontal faces; EnergyPlus
        Engineering Reference, "TARP algorithm"), or the standard's fixed
        2.5/5.0/0.7 W/(m²·K) ("iso").
    bridges : {"walls", "air"}
        Linear thermal bridges Σ b·ψ·l: spread over the exterior walls'
        conduction (default; they are junctions of those walls, so they
        share the walls' mass and sun — and rehab's EnergyPlus export does
        the same), or a direct air-to-outside conductance H_tb
        (ISO 52016-1's treatment, a term of the internal air's balance of §6.5.6).
    air_density : {"outdoor", "fixed"}
        Heat capacity of the infiltration and natural-ventilation air: hourly
        ρ·c_p of the outdoor air (ideal gas at the weather's pressure,
        c_p = 1006 J/(kg·K); EnergyPlus's basis for infiltration), or the
        fixed 1200 J/(m³·K) of rehab's ventilation conductances.
    solar_distribution : {"floor", "area"} or mapping of str to float
        Where the transmitted sunshine lands: "area" spreads all of it over
        the inner surfaces in proportion to area (ISO 52016-1's distribution);
        "floor" (default) puts the beam's absorbed part (absorptance
        :data:`INSIDE_BEAM_ABSORPTANCE`) on the floors facing the room and
        spreads the diffuse and the reflected beam by area — the way
        EnergyPlus's ``FullInteriorAndExterior`` distribution treats a box.
        A mapping {element name: share} prescribes it: each named element's
        inner face absorbs that share of all the sunshine the windows
        transmit (beam and diffuse), none goes to the air, and what the
        shares leave below 1 goes back out through the windows — the input
        form of ASHRAE Standard 140's interior solar distribution tables
        (:data:`rehab.demand.bestest.INTERIOR_SOLAR`). Every house of the
        batch must have the named elements.
    internal_capacity : float, optional
        κ_int, heat capacity of the air node per m² of floor [J/(m²·K)]:
        default :data:`KAPPA_INT` (air and furniture, ISO 52016-1 Table B.17);
        a case without furniture (ASHRAE 140) gives the air's ρ·c_p·V/A_f.
    radiative_fraction : float, optional
        Radiative share of the internal gains [-], default :data:`F_INT_R`.

    Returns
    -------
    IsoBatch
    """
    from .. import gains
    from ..simulation_base import _schedule

    if air_density not in ("outdoor", "fixed"):
        raise InputError(f"air_density: {air_density!r} is not 'outdoor' or 'fixed'")
    if interior not in ("tarp", "iso"):
        raise InputError(f"interior: {interior!r} is not 'tarp' or 'iso'")
    shares = None
    if isinstance(solar_distribution, Mapping):
        shares = {str(k): float(v) for k, v in solar_distribution.items()}
        if any(not 0.0 <= v <= 1.0 for v in shares.values()) or sum(shares.values()) > 1.0 + 1e-9:
            raise InputError(
                f"solar_distribution: shares {shares!r} must each lie in [0, 1] and add up to at most 1 "
                "(the rest leaves through the windows)"
            )
    elif solar_distribution not in ("floor", "area"):
        raise InputError(f"solar_distribution: {solar_distribution!r} is not 'floor', 'area' or a mapping of element names to shares")
    if mass not in ("layers", "class"):
        raise InputError(f"mass: {mass!r} is not 'layers' or 'class'")
    kappa_int = KAPPA_INT if internal_capacity is None else float(internal_capacity)
    if not 0.0 < kappa_int < 1e7:
        raise InputError(f"internal_capacity: {internal_capacity!r} J/(m²·K) must be positive (air alone is ~3,000)")
    f_int_r = F_INT_R if radiative_fraction is None else float(radiative_fraction)
    if not 0.0 <= f_int_r <= 1.0:
        raise InputError(f"radiative_fraction: {radiative_fraction!r} must be between 0 and 1")
    if exterior not in ("wind", "iso"):
        raise InputError(f"exterior: {exterior!r} is not 'wind' or 'iso'")
    if bridges not in ("walls", "air"):
        raise InputError(f"bridges: {bridges!r} is not 'walls' or 'air'")
    per_house = [_house_elements(h, mass, bridges) for h in houses]
    beam_to_floor = shares is None and solar_distribution == "floor" and all(any(el.floor for el in els) for els, _ in per_house)
    n = len(houses)
    m = max(len(els) for els, _ in per_house)
    if m > MAX_ELEMENTS:
        big = next(h for h, (els, _) in zip(houses, per_house, strict=True) if len(els) > MAX_ELEMENTS)
        raise InputError(
            f"house {big.name!r}: {m} elements (after splitting walls of unknown orientation in four); "
            f"the ISO 52016-1 engine takes at most {MAX_ELEMENTS}: merge elements of the same "
            "orientation and construction"
        )
    irr_keys = sorted({el.irr_key for els, _ in per_house for el in els if el.irr_key is not None})
    hce_keys = sorted({el.hce_key for els, _ in per_house for el in els if el.hce_key is not None})
    irr_index = {k: i for i, k in enumerate(irr_keys)}
    win_keys = [k for k in irr_keys if k[0] == "win"]
    beam_index = {k: len(irr_keys) + i for i, k in enumerate(win_keys)}
    zero_col = len(irr_keys) + len(win_keys)
    hce_index = {k: i for i, k in enumerate(hce_keys)}
    el_f = np.zeros((n, F_N, m))
    el_i = np.zeros((n, I_N, m), dtype=np.int64)
    el_i[:, I_IRR, :] = zero_col
    el_i[:, I_IRRB, :] = zero_col
    el_i[:, I_KIND, :] = K_ADIABATIC
    hs = np.zeros((n, H_N))
    for i, (h, (els, h_tb)) in enumerate(zip(houses, per_house, strict=True)):
        for j, el in enumerate(els):
            el_f[i, F_H1 : F_H4 + 1, j] = el.h
            el_f[i, F_K1 : F_K5 + 1, j] = el.k / _DT
            el_f[i, F_A, j] = el.area
            el_f[i, F_HEXT, j] = el.h_ext
            el_f[i, F_B, j] = el.b
            el_f[i, F_FSOL, j] = el.f_sol
            # long-wave loss to the sky: ISO 52016-1 §6.5.13.3, F_sky·h_re·(θ_e − θ_sky) with
            # F_sky = (1 + cos β)/2 (the whole sky view; splitting it as √F_sky to the sky and the
            # rest to the air put the archetypes 3 % further from EnergyPlus)
            el_f[i, F_SKY, j] = el.sky * el.sky_f
            el_f[i, F_COS, j] = el.cos
            el_f[i, F_HRE, j] = el.sky
            el_f[i, F_BOTH, j] = 1.0 if el.both else 0.0
            el_f[i, F_HCI, j] = el.h_ci
            el_f[i, F_HRI, j] = H_RI
            el_f[i, F_RF, j] = R_F_GLASS if el.window else R_F
            el_i[i, I_KIND, j] = el.kind
            if el.irr_key is not None:
                el_i[i, I_IRR, j] = irr_index[el.irr_key]
                if el.window:
                    el_i[i, I_IRRB, j] = beam_index[el.irr_key]
            if el.hce_key is not None:
                el_i[i, I_HCE, j] = hce_index[el.hce_key]
            # windows: f_sol is the aperture per m²; the kernel tells them apart by their sign
            if el.window:
                el_f[i, F_FSOL, j] = -el.f_sol
        # share of the transmitted beam absorbed by each floor element, per m² of it
        a_floor = sum(el.area for el in els if el.floor)
        for j, el in enumerate(els):
            if el.floor and beam_to_floor:
                el_f[i, F_FLOOR, j] = 1.0 / a_floor
        if shares is not None:
            names = [el.name for el in els]
            unknown = sorted(set(shares) - set(names))
            if unknown:
                raise InputError(f"solar_distribution: no element named {unknown!r} in house {h.name!r} (elements: {names!r})")
            # each named element absorbs its share of the transmitted sunshine (per m² of it)
            for j, el in enumerate(els):
                el_f[i, F_FLOOR, j] = shares.get(el.name, 0.0) / el.area
            hs[i, H_SPRE] = 1.0
        h_vent, h_inf = h.ventilation.conductances(h.floor_area, h.volume)
        phi = float(gains.conventional_internal_gains(h.floor_area)) if internal_gains == "conventional" else float(internal_gains)
        # outdoor air entering by infiltration or natural/extract ventilation carries the
        # outdoor density (scaled hourly in the kernel); a balanced system's flow and
        # declared conductances are taken as given
        v = h.ventilation
        vent_scaled = v.h_ventilation is None and v.system != "balanced"
        inf_scaled = v.h_infiltration is None
        hs[i, H_HVE] = (h_vent if vent_scaled else 0.0) + (h_inf if inf_scaled else 0.0)
        hs[i, H_HVEF] = (0.0 if vent_scaled else h_vent) + (0.0 if inf_scaled else h_inf)
        hs[i, H_HTB] = h_tb
        hs[i, H_CA] = kappa_int * h.floor_area / _DT
        hs[i, H_PINT] = phi
        hs[i, H_FR] = f_int_r
        hs[i, H_PHMAX] = np.inf if power_limit is None else float(power_limit)
        hs[i, H_PCMAX] = np.inf
    nh = weather.n_hours
    irr, hce = climate_rows(weather, irr_keys, hce_keys, albedo=albedo, sky_diffuse=sky_diffuse,
                            exterior=exterior, terrain=terrain, h_ce=H_CE)
    theta_c = np.inf if cooling_setpoint is None else float(cooling_setpoint)
    return IsoBatch(
        el_f=np.ascontiguousarray(el_f),
        el_i=np.ascontiguousarray(el_i),
        house=np.ascontiguousarray(hs),
        irr=np.ascontiguousarray(irr),
        hce=np.ascontiguousarray(hce),
        theta_e=np.ascontiguousarray(weather.temp_air, dtype=float),
        theta_g=climate_ground_temperature(weather) if ground_temperature is None else np.full(nh, float(ground_temperature)),
        theta_sky=np.ascontiguousarray(weather.sky_temperature, dtype=float),
        theta_h=np.ascontiguousarray(_schedule(weather, setpoint, setback, setback_hours), dtype=float),
        theta_c=np.full(nh, theta_c),
        month0=np.ascontiguousarray(np.asarray(weather.month) - 1, dtype=np.int64),
        rho_factor=rho_factor(weather) if air_density == "outdoor" else np.ones(nh),
        interior_model=1 if interior == "tarp" else 0,
        exterior_model=1 if exterior == "wind" else 0,
    )


_rho_factor = rho_factor  # the name the EnergyPlus export imports


def run_iso52016(
    batch: IsoBatch,
    *,
    control: str = "operative",
    hourly: bool = False,
    warmup_hours: int = WARMUP_HOURS,
    theta_init: float = 15.0,
    element_heat: bool = False,
):
    """Run the ISO 52016-1 node model on a batch.

    Parameters
    ----------
    batch : IsoBatch
    control : {"operative", "air"}
        Temperature held at the set-points.
    hourly : bool
        Keep hourly air and operative temperatures and Φ_HC.
    warmup_hours : int
        Hours of the end of the climate run first and discarded (the year is
        taken as a cycle).
    theta_init : float
        Initial temperature of every node [°C].
    element_heat : bool
        Also return the annual heat entering each element's inner face from
        the zone [kWh], shape (n, n_elements_max), in the order of
        :func:`build_iso_batch`'s elements (diagnosis).

    Returns
    -------
    rehab.demand.hourly.HourlyResult
        Needs in J, as the 5R1C engine (and the element flows if asked).
    """
    from .hourly import HourlyResult

    w_air = {"air": 1.0, "operative": 0.5}.get(control)
    if w_air is None:
        raise InputError(f"control: {control!r} is not 'operative' or 'air'")
    n_warm = int(warmup_hours)
    if n_warm < 0:
        raise InputError(f"warmup_hours: {warmup_hours!r} h must be ≥ 0")
    n = len(batch)
    nh = batch.theta_e.shape[0]
    q_h = np.zeros((n, 12))
    q_c = np.zeros((n, 12))
    stats = np.zeros((n, 7))
    el_q = np.zeros((n, batch.el_f.shape[2]))
    shape = (n, nh) if hourly else (0, 0)
    o_a, o_o, o_p = (np.zeros(shape) for _ in range(3))
    if n:
        args = (
            batch.el_f, batch.el_i, batch.house, batch.irr, batch.hce, batch.theta_e, batch.theta_g,
            batch.theta_sky, batch.theta_h, batch.theta_c, batch.month0, batch.rho_factor, n_warm, w_air, float(theta_init),
            batch.interior_model, batch.exterior_model,
            q_h, q_c, stats, el_q, bool(element_heat), bool(hourly), o_a, o_o, o_p,
        )
        if n < SERIAL_BELOW:
            # a house or two: one at a time, its elements side by side in the SIMD lanes (no
            # thread pool to wake: its start-up costs more than the houses)
            _kernel_serial(*args)
        else:
            # houses of the same numbers of elements, exterior faces and windows side by side: a
            # block of the kernel then pads few slots
            a = batch.el_f[:, F_A, :] > 0.0
            ext = a & (batch.el_i[:, I_KIND, :] == K_EXTERIOR)
            win = a & (batch.el_f[:, F_FSOL, :] < 0.0)
            order = np.lexsort((win.sum(axis=1), (ext | win).sum(axis=1), a.sum(axis=1))).astype(np.int64)
            _kernel(_BLOCK, order, *args)
    q_h *= 3600.0
    q_c *= 3600.0
    res = HourlyResult(
        heating_need=q_h.sum(axis=1),
        cooling_need=q_c.sum(axis=1),
        heating_need_monthly=q_h,
        cooling_need_monthly=q_c,
        peak_heating=stats[:, 0],
        peak_cooling=stats[:, 1],
        hours_above_26=stats[:, 2],
        hours_above_28=stats[:, 3],
        theta_air_min=stats[:, 4],
        theta_air_max=stats[:, 5],
        theta_air_mean=stats[:, 6],
        n_hours=nh,
        theta_air=o_a if hourly else None,
        theta_op=o_o if hourly else None,
        phi_hc=o_p if hourly else None,
    )
    return (res, el_q / 1000.0) if element_heat else res


def simulate_iso52016(
    houses: House | Sequence[House],
    weather: Weather | None = None,
    *,
    setpoint: Any = 19.0,
    setback: Any = None,
    setback_hours: tuple[int, int] = (22, 6),
    cooling_setpoint: Any = None,
    internal_gains: Any = "conventional",
    power_limit: Any = None,
    hourly: bool = False,
    exterior: str = "wind",
    terrain: str = "suburbs",
    control: str = "operative",
    ground_temperature: Any = None,
    albedo: float | None = None,
    mass: str = "layers",
    solar_distribution: str | Mapping[str, float] = "floor",
    internal_capacity: float | None = None,
    radiative_fraction: float | None = None,
):
    """Heating and cooling needs of one house or many by ISO 52016-1's hourly node method.

    Same options and result as :func:`rehab.simulate` (which calls this
    function for ``method="iso52016"``), plus ``mass``,
    ``solar_distribution``, ``internal_capacity`` and ``radiative_fraction``
    (see :func:`build_iso_batch`; a test specification such as ASHRAE 140
    sets them, :func:`rehab.demand.bestest.bestest_iso52016_settings`).

    Returns
    -------
    rehab.simulation.SimulationResult
        ``method="iso52016"``.

    Examples
    --------
    >>> import rehab
    >>> from rehab.demand.iso52016 import simulate_iso52016
    >>> h = rehab.archetypes.get("castors-detached")
    >>> r = simulate_iso52016([h, h])
    >>> r.heating_need_kwh.shape, bool(r.heating_need_kwh[0] == r.heating_need_kwh[1])
    ((2,), True)
    """
    from .. import gains
    from ..simulation_base import (
        SimulationResult,
        control_options,
        deduplicate,
        engine_fields,
        house_list,
    )
    from ..units import to_si
    from ..weather import default

    seq, single = house_list(houses)
    if terrain not in gains.TERRAIN:
        raise InputError(f"simulate: terrain {terrain!r} is not one of {', '.join(gains.TERRAIN)}")
    if control not in ("operative", "air"):
        raise InputError(f"simulate: control {control!r} is not 'operative' or 'air'")
    gt = None if ground_temperature is None else to_si(ground_temperature, "degC", "ground_temperature", ge=-30, le=40)
    if albedo is not None and not 0.0 <= float(albedo) <= 1.0:
        raise InputError(f"simulate: albedo {albedo!r} must be between 0 and 1")
    w = weather if weather is not None else default()
    sp, sb, cs, pl, ig = control_options(setpoint, setback, cooling_setpoint, power_limit, internal_gains, setback_hours)
    uniq, inverse = deduplicate(seq)
    batch = build_iso_batch(
        uniq, w, setpoint=sp, setback=sb, setback_hours=setback_hours, cooling_setpoint=cs,
        internal_gains=ig, power_limit=pl, exterior=exterior, terrain=terrain,
        ground_temperature=gt, albedo=albedo, mass=mass, solar_distribution=solar_distribution,
        internal_capacity=internal_capacity, radiative_fraction=radiative_fraction,
    )
    r = run_iso52016(batch, control=control, hourly=hourly)
    area = np.array([h.floor_area for h in uniq])
    fields_ = engine_fields(r, area)
    out: dict[str, Any] = {}
    for k, v in fields_.items():
        if v is None:
            out[k] = None
            continue
        v = np.asarray(v)[inverse]
        out[k] = (float(v[0]) if v.ndim == 1 else v[0]) if single else v
    settings = dict(
        setpoint_c=sp, setback_c=sb, setback_hours=setback_hours, cooling_setpoint_c=cs,
        internal_gains=internal_gains, power_limit_w=pl, exterior=exterior, terrain=terrain,
        control=control, ground_temperature_c=gt, albedo=albedo, mass=mass,
        solar_distribution=solar_distribution if isinstance(solar_distribution, str) else dict(solar_distribution),
        internal_capacity=internal_capacity, radiative_fraction=radiative_fraction,
        weather=getattr(w, "name", "weather"), unique_houses=len(uniq),
    )
    return SimulationResult(method="iso52016", names=[h.name for h in seq], settings=settings, **out)
