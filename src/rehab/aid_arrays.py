"""The 2026 aid rules on arrays: one call for a whole programme of aid contexts.

:func:`eligible_aids_arrays` applies every rule of
:func:`rehab.subsidies.eligible_aids` — MaPrimeRénov' rénovation d'ampleur,
Mon Accompagnateur Rénov', MaPrimeRénov' par geste, CEE Coup de pouce
Chauffage and generic CEE, éco-PTZ, éco-prêt logement social, FEDER, ERBM,
and their interactions (non-cumulation, écrêtement, loans after grants) —
to an :class:`AidArrays`: one entry per project, as numpy arrays (owner,
income category and DPE classes as small integer codes, the measure kinds
as a boolean matrix, the par-geste quantities as a float matrix). The same
data files (``data/subsidies/*.json``, dated rules picked by the call's
date) are read once. It returns, for every project, the amount and the
applied flag of each aid of :data:`AIDS` and the sums a programme needs
(:class:`AidArrayResult`); the amounts equal the scalar route's to the euro
cent and beyond (``tests/test_aid_arrays.py`` draws thousands of random
contexts and the 972 Mes Aides Réno cases).

The reasons (the text of each :class:`rehab.subsidies.AidResult`) are
written by the scalar rules: :class:`AidResultsLazy` builds them for the
contexts that are asked for (a programme's ``aid_table``, one dwelling's
aids), from :meth:`AidArrays.context`.

Examples
--------
>>> from rehab.subsidies import AidContext, eligible_aids
>>> ctxs = [AidContext(owner_type="owner_occupier", income_category="tres_modestes",
...                    class_before="F", class_after="D",
...                    measures=["wall_internal", "attic_floor", "windows"],
...                    cost_ht=40000, cost_ttc=42200, date="2026-06-01"),
...         AidContext(owner_type="owner_occupier", income_category="modestes",
...                    class_before="E", class_after="D", measures=["heating"],
...                    cost_ht=13270, cost_ttc=14000, date="2026-06-01",
...                    heating_before="fuel_oil_boiler", heating_after="heat_pump_air_water",
...                    living_area_m2=80.0)]
>>> res = eligible_aids_arrays(AidArrays.from_contexts(ctxs))
>>> res.amount[:, AIDS.index("maprimerenov_ampleur")].tolist()
[24000.0, 0.0]
>>> res.names.tolist()
['maprimerenov_ampleur; mon_accompagnateur_renov; eco_ptz', 'maprimerenov_geste; cee_coup_de_pouce_chauffage; eco_ptz']
>>> [round(float(x), 2) for x in res.grants] == [
...     round(sum(a.amount_eur for a in eligible_aids(c) if a.applied and a.kind == "grant"), 2) for c in ctxs]
True
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .errors import InputError
from .finance import as_date, capital_recovery_factor
from .subsidies_base import (
    CLASSES,
    HEATING_SYSTEMS,
    INCOME_CATEGORIES,
    MEASURE_KINDS,
    AidContext,
    AidResult,
    _file,
    _in_force,
)

__all__ = [
    "AIDS",
    "AID_KINDS",
    "CLIMATE_ZONES",
    "OWNER_TYPES",
    "AidArrayResult",
    "AidArrays",
    "AidResultsLazy",
    "eligible_aids_arrays",
]

#: The aids of :func:`rehab.subsidies.eligible_aids`, in its order (columns of
#: :attr:`AidArrayResult.amount`).
AIDS = (
    "maprimerenov_ampleur",
    "mon_accompagnateur_renov",
    "maprimerenov_geste",
    "cee_coup_de_pouce_chauffage",
    "cee_generic",
    "eco_ptz",
    "eco_pret_logement_social",
    "feder",
    "erbm",
)

#: Grant or loan, for each aid of :data:`AIDS`.
AID_KINDS = tuple("loan" if a in ("eco_ptz", "eco_pret_logement_social") else "grant" for a in AIDS)

#: Owner types (codes of :attr:`AidArrays.owner`).
OWNER_TYPES = ("owner_occupier", "private_landlord", "social_landlord")

#: CEE climate zones (codes of :attr:`AidArrays.climate_zone`).
CLIMATE_ZONES = ("H1", "H2", "H3")

_A = {a: i for i, a in enumerate(AIDS)}
_M = {m: i for i, m in enumerate(MEASURE_KINDS)}


def _norm(name: str | None) -> str | None:
    return None if name is None else name.replace("-", "_")


@dataclass
class AidArrays:
    """Aid contexts of many projects as arrays (one entry per project).

    The columnar form of :class:`rehab.subsidies.AidContext`: categories
    are integer codes into the tuples named below (−1 = not given), the
    optional numbers are NaN when not given. ``date`` and ``region`` are
    one per call.

    Parameters
    ----------
    owner : array of int
        Codes into :data:`OWNER_TYPES`.
    income : array of int
        Codes into :data:`rehab.subsidies.INCOME_CATEGORIES` (−1: none).
    class_before, class_after : array of int
        Codes into :data:`rehab.subsidies.CLASSES` (0 = A … 6 = G).
    measures : array of bool, shape (n, len(MEASURE_KINDS))
        Measure kinds of each package (:data:`rehab.subsidies.MEASURE_KINDS`).
    cost_ht, cost_ttc : array of float
        Works cost before / including VAT [EUR].
    heating_before, heating_after : array of int
        Codes into :data:`rehab.subsidies.HEATING_SYSTEMS` (−1: none).
    date : date, "YYYY-MM-DD" or year
    cep_before, cep_after : array of float, optional
        Conventional primary energy [kWhEP/(m²·yr)] (NaN: not given).
    eges_before : array of float, optional
        Conventional emissions [kgCO2e/(m²·yr)].
    final_energy_saved_kwh, cee_kwh_cumac : array of float, optional
        [kWh/yr], [kWh cumac].
    quantities : array of float, shape (n, len(MEASURE_KINDS)), optional
        Par-geste quantity of each measure kind [m² or count] (NaN: not given).
    dhw_after, ventilation_after : array of int, optional
        Codes into ``systems`` (−1: none).
    systems : tuple of str
        Names of the DHW and ventilation systems coded above.
    erbm : array of bool, optional
    dwellings : array of int, optional (default 1)
    other_grants_eur : array of float, optional [EUR] (default 0)
    accompaniment_price_ttc : array of float, optional [EUR] (NaN: the rule's price)
    region : str, default "hauts-de-france"
    living_area_m2 : array of float, optional
        Area heated by the heat pump [m²] (NaN: not given).
    climate_zone : array of int, optional
        Codes into :data:`CLIMATE_ZONES` (default H1).
    heat_pump_etas : array of float, optional
        Seasonal efficiency ηs of the heat pump installed [-] (NaN: not given).
    heat_pump_dhw : array of bool, optional
        The heat pump also makes the domestic hot water.
    """

    owner: Any
    income: Any
    class_before: Any
    class_after: Any
    measures: Any
    cost_ht: Any
    cost_ttc: Any
    heating_before: Any = None
    heating_after: Any = None
    date: Any = _dt.date(2026, 7, 1)
    cep_before: Any = None
    cep_after: Any = None
    eges_before: Any = None
    final_energy_saved_kwh: Any = None
    cee_kwh_cumac: Any = None
    quantities: Any = None
    dhw_after: Any = None
    ventilation_after: Any = None
    systems: tuple[str, ...] = ()
    erbm: Any = None
    dwellings: Any = None
    other_grants_eur: Any = None
    accompaniment_price_ttc: Any = None
    region: str = "hauts-de-france"
    living_area_m2: Any = None
    climate_zone: Any = None
    heat_pump_etas: Any = None
    heat_pump_dhw: Any = None

    def __post_init__(self) -> None:
        self.owner = np.asarray(self.owner, dtype=np.int64).ravel()
        n = len(self.owner)
        self.date = as_date(self.date)

        def codes(name: str, vocab: Sequence[str], none_ok: bool) -> None:
            v = getattr(self, name)
            a = np.full(n, -1, dtype=np.int64) if v is None else np.asarray(v, dtype=np.int64).ravel()
            lo = -1 if none_ok else 0
            if a.shape != (n,) or ((a < lo) | (a >= len(vocab))).any():
                bad = a[(a < lo) | (a >= len(vocab))][:3].tolist() if a.shape == (n,) else a.shape
                raise InputError(
                    f"AidArrays.{name}: {bad} are not codes of {tuple(vocab)} "
                    f"(allowed {lo}..{len(vocab) - 1}, one per project, {n} projects)"
                )
            setattr(self, name, a)

        def floats(name: str, default: float) -> None:
            v = getattr(self, name)
            a = np.full(n, default) if v is None else np.asarray(v, dtype=float).ravel()
            if a.shape != (n,):
                raise InputError(f"AidArrays.{name}: shape {a.shape}, expected ({n},) (one per project)")
            if (a < 0).any():
                raise InputError(f"AidArrays.{name}: {a[a < 0][:3].tolist()} must be >= 0")
            setattr(self, name, a)

        codes("owner", OWNER_TYPES, False)
        codes("income", INCOME_CATEGORIES, True)
        codes("class_before", CLASSES, False)
        codes("class_after", CLASSES, False)
        codes("heating_before", HEATING_SYSTEMS, True)
        codes("heating_after", HEATING_SYSTEMS, True)
        self.systems = tuple(_norm(s) for s in self.systems)
        codes("dhw_after", self.systems, True)
        codes("ventilation_after", self.systems, True)
        if self.climate_zone is None:
            self.climate_zone = np.zeros(n, dtype=np.int64)
        codes("climate_zone", CLIMATE_ZONES, False)
        for name in ("cost_ht", "cost_ttc", "other_grants_eur"):
            floats(name, 0.0)
        for name in ("cep_before", "cep_after", "eges_before", "final_energy_saved_kwh", "cee_kwh_cumac",
                     "accompaniment_price_ttc", "living_area_m2", "heat_pump_etas"):
            floats(name, np.nan)
        if (self.cost_ttc + 1e-9 < self.cost_ht).any():
            i = int(np.flatnonzero(self.cost_ttc + 1e-9 < self.cost_ht)[0])
            raise InputError(f"AidArrays: cost_ttc ({self.cost_ttc[i]:g} EUR) is below cost_ht "
                             f"({self.cost_ht[i]:g} EUR) for project {i}")
        shape = (n, len(MEASURE_KINDS))
        self.measures = np.asarray(self.measures, dtype=bool).reshape(shape)
        q = np.full(shape, np.nan) if self.quantities is None else np.asarray(self.quantities, dtype=float)
        if q.shape != shape or (q < 0).any():
            raise InputError(f"AidArrays.quantities: shape {q.shape} (expected {shape}), values >= 0 [m² or count]")
        self.quantities = q
        self.erbm = np.zeros(n, dtype=bool) if self.erbm is None else np.asarray(self.erbm, dtype=bool).ravel()
        self.heat_pump_dhw = (np.zeros(n, dtype=bool) if self.heat_pump_dhw is None
                              else np.asarray(self.heat_pump_dhw, dtype=bool).ravel())
        d = np.ones(n, dtype=np.int64) if self.dwellings is None else np.asarray(self.dwellings, dtype=np.int64).ravel()
        if d.shape != (n,) or (d < 1).any():
            raise InputError("AidArrays.dwellings: one integer >= 1 per project")
        self.dwellings = d

    def __len__(self) -> int:
        return len(self.owner)

    @classmethod
    def from_contexts(cls, contexts: Sequence[AidContext]) -> AidArrays:
        """The arrays of a list of :class:`rehab.subsidies.AidContext` (one date and region)."""
        cs = list(contexts)
        dates = {c.date for c in cs}
        regions = {c.region for c in cs}
        if len(dates) > 1 or len(regions) > 1:
            raise InputError(f"AidArrays.from_contexts: one date and one region per call, got {sorted(dates)} "
                             f"and {sorted(regions)}")
        systems = sorted({s for c in cs for s in (c.dhw_after, c.ventilation_after) if s is not None})
        sidx = {s: i for i, s in enumerate(systems)}
        n, k = len(cs), len(MEASURE_KINDS)
        meas = np.zeros((n, k), dtype=bool)
        q = np.full((n, k), np.nan)
        for i, c in enumerate(cs):
            meas[i, [_M[m] for m in c.measures]] = True
            for m, v in c.quantities.items():
                q[i, _M[m]] = v

        def code(vals: list[Any], vocab: Sequence[str]) -> np.ndarray:
            return np.array([-1 if v is None else list(vocab).index(v) for v in vals], dtype=np.int64)

        def num(vals: list[Any]) -> np.ndarray:
            return np.array([np.nan if v is None else float(v) for v in vals], dtype=float)

        return cls(
            owner=code([c.owner_type for c in cs], OWNER_TYPES),
            income=code([c.income_category for c in cs], INCOME_CATEGORIES),
            class_before=code([c.class_before for c in cs], CLASSES),
            class_after=code([c.class_after for c in cs], CLASSES),
            measures=meas,
            cost_ht=num([c.cost_ht for c in cs]),
            cost_ttc=num([c.cost_ttc for c in cs]),
            heating_before=code([c.heating_before for c in cs], HEATING_SYSTEMS),
            heating_after=code([c.heating_after for c in cs], HEATING_SYSTEMS),
            date=cs[0].date if cs else _dt.date(2026, 7, 1),
            cep_before=num([c.cep_before for c in cs]),
            cep_after=num([c.cep_after for c in cs]),
            eges_before=num([c.eges_before for c in cs]),
            final_energy_saved_kwh=num([c.final_energy_saved_kwh for c in cs]),
            cee_kwh_cumac=num([c.cee_kwh_cumac for c in cs]),
            quantities=q,
            dhw_after=np.array([sidx.get(c.dhw_after, -1) for c in cs], dtype=np.int64),
            ventilation_after=np.array([sidx.get(c.ventilation_after, -1) for c in cs], dtype=np.int64),
            systems=tuple(systems),
            erbm=np.array([c.erbm for c in cs], dtype=bool),
            dwellings=np.array([c.dwellings for c in cs], dtype=np.int64),
            other_grants_eur=num([c.other_grants_eur for c in cs]),
            accompaniment_price_ttc=num([c.accompaniment_price_ttc for c in cs]),
            region=cs[0].region if cs else "hauts-de-france",
            living_area_m2=num([c.living_area_m2 for c in cs]),
            climate_zone=code([c.climate_zone for c in cs], CLIMATE_ZONES),
            heat_pump_etas=num([c.heat_pump_etas for c in cs]),
            heat_pump_dhw=np.array([c.heat_pump_dhw for c in cs], dtype=bool),
        )

    def context(self, i: int) -> AidContext:
        """Project ``i`` as a :class:`rehab.subsidies.AidContext` (for the scalar rules and their reasons)."""
        return self.contexts([i])[0]

    def contexts(self, idx: Any = None) -> list[AidContext]:
        """Projects ``idx`` (all by default) as :class:`rehab.subsidies.AidContext` (for the scalar
        rules and their reasons), the columns converted to Python values once for all of them."""
        ix = np.arange(len(self)) if idx is None else np.asarray(idx, dtype=np.int64).ravel()

        def opt(a: np.ndarray) -> list[float | None]:
            return [None if v != v else v for v in a[ix].tolist()]

        def name(codes: np.ndarray, vocab: Sequence[str]) -> list[str | None]:
            return [None if c < 0 else vocab[c] for c in codes[ix].tolist()]

        kinds = MEASURE_KINDS
        meas = [[m for m, on in zip(kinds, row, strict=True) if on] for row in self.measures[ix].tolist()]
        quant = [{m: v for m, v in zip(kinds, row, strict=True) if v == v} for row in self.quantities[ix].tolist()]
        cols = {
            "owner_type": [OWNER_TYPES[c] for c in self.owner[ix].tolist()],
            "income_category": name(self.income, INCOME_CATEGORIES),
            "class_before": [CLASSES[c] for c in self.class_before[ix].tolist()],
            "class_after": [CLASSES[c] for c in self.class_after[ix].tolist()],
            "measures": meas,
            "cost_ht": self.cost_ht[ix].tolist(),
            "cost_ttc": self.cost_ttc[ix].tolist(),
            "heating_before": name(self.heating_before, HEATING_SYSTEMS),
            "heating_after": name(self.heating_after, HEATING_SYSTEMS),
            "cep_before": opt(self.cep_before),
            "cep_after": opt(self.cep_after),
            "eges_before": opt(self.eges_before),
            "final_energy_saved_kwh": opt(self.final_energy_saved_kwh),
            "cee_kwh_cumac": opt(self.cee_kwh_cumac),
            "dwellings": self.dwellings[ix].tolist(),
            "other_grants_eur": self.other_grants_eur[ix].tolist(),
            "quantities": quant,
            "ventilation_after": name(self.ventilation_after, self.systems),
            "dhw_after": name(self.dhw_after, self.systems),
            "accompaniment_price_ttc": opt(self.accompaniment_price_ttc),
            "erbm": self.erbm[ix].tolist(),
            "living_area_m2": opt(self.living_area_m2),
            "climate_zone": [CLIMATE_ZONES[c] for c in self.climate_zone[ix].tolist()],
            "heat_pump_etas": opt(self.heat_pump_etas),
            "heat_pump_dhw": self.heat_pump_dhw[ix].tolist(),
        }
        keys = list(cols)
        make = AidContext.model_construct  # checked arrays: no validation again (as context())
        d, region = self.date, self.region
        return [make(date=d, region=region, **dict(zip(keys, vals, strict=True)))
                for vals in zip(*cols.values(), strict=True)]


@dataclass
class AidArrayResult:
    """What :func:`eligible_aids_arrays` returns, one row per project.

    Attributes
    ----------
    amount : numpy.ndarray, shape (n, len(AIDS))
        Amount of each aid of :data:`AIDS` [EUR] (grant, or the
        grant-equivalent of a loan; 0 where not applied), after the
        interactions and the écrêtement.
    applied : numpy.ndarray of bool, shape (n, len(AIDS))
    loan_principal : numpy.ndarray, shape (n, len(AIDS))
        Principal of the loans [EUR] (0 for grants).
    grants, loans, public : numpy.ndarray
        Sums of the applied grants, loan values and public grants
        (:data:`rehab.economics.PUBLIC_AIDS`) [EUR].
    names : numpy.ndarray of str
        The applied aids joined by "; " (the programme's ``aids_applied``).
    """

    amount: np.ndarray
    applied: np.ndarray
    loan_principal: np.ndarray
    grants: np.ndarray
    loans: np.ndarray
    public: np.ndarray
    names: np.ndarray
    figures: dict[str, np.ndarray] = field(default_factory=dict)


def _rule(name: str, key: str, when: _dt.date) -> dict[str, Any] | None:
    return _in_force(_file(name)[key], when)


def _lut(vocab: Sequence[Any], table: dict[str, Any], default: float = np.nan) -> np.ndarray:
    """Float look-up over the codes of ``vocab`` (last entry: code −1)."""
    return np.array([float(table[v]) if v in table else default for v in vocab] + [default])


def _isin(codes: np.ndarray, vocab: Sequence[str], allowed: Any) -> np.ndarray:
    lut = np.array([v in allowed for v in vocab] + [False])
    return lut[codes]


def _posts(measures: np.ndarray, mapping: dict[str, str]) -> tuple[np.ndarray, list[str], np.ndarray]:
    """(posts matrix, post names, number of distinct posts) of each project."""
    names = sorted(set(mapping.values()))
    mat = np.zeros((measures.shape[0], len(names)), dtype=bool)
    for m, p in mapping.items():
        if m in _M:
            mat[:, names.index(p)] |= measures[:, _M[m]]
    return mat, names, mat.sum(axis=1)


def _ampleur(c: AidArrays) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """MaPrimeRénov' rénovation d'ampleur before écrêtement: (applied, amount, écrêtement share)."""
    n = len(c)
    rule = _rule("maprimerenov_ampleur", "rules", c.date)
    if rule is None:
        return np.zeros(n, dtype=bool), np.zeros(n), np.zeros(n)
    gain = c.class_before - c.class_after
    _, _, nposts = _posts(c.measures, rule["insulation_posts"])
    ok = (
        _isin(c.owner, OWNER_TYPES, rule["eligible_owner_types"])
        & (c.income >= 0)
        & _isin(c.class_before, CLASSES, rule["initial_classes"])
        & (gain >= rule["min_class_gain"])
        & (nposts >= rule["min_insulation_posts"])
    )
    # heating: a new mainly-fossil system, or a fuel-oil one kept, excludes the aid
    hb, ha = c.heating_before, c.heating_after
    replaced = c.measures[:, _M["heating"]] & (ha >= 0) & (ha != hb)
    after = np.where(replaced, ha, hb)
    ok &= ~(replaced & _isin(after, HEATING_SYSTEMS, rule.get("excluded_heating_after", ())))
    ok &= ~(~replaced & _isin(after, HEATING_SYSTEMS, rule.get("excluded_heating_kept", ())))
    ceiling = np.full(n, -np.inf)
    for cc in rule["ceilings_eur_ht"]:
        ceiling = np.where(gain >= cc["min_class_gain"], np.maximum(ceiling, cc["ceiling"]), ceiling)
    ceiling = ceiling * c.dwellings
    rate = _lut(INCOME_CATEGORIES, rule["rates"])[c.income]
    amount = np.where(ok, rate * np.minimum(c.cost_ht, ceiling), 0.0)
    share = _lut(INCOME_CATEGORIES, rule["ecretement_share_of_ttc"])[c.income]
    return ok, amount, share


def _accompaniment(c: AidArrays, ampleur: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mon Accompagnateur Rénov' funding: (applied, amount)."""
    n = len(c)
    rule = _rule("mon_accompagnateur_renov", "rules", c.date)
    if rule is None:
        return np.zeros(n, dtype=bool), np.zeros(n)
    price = np.where(np.isnan(c.accompaniment_price_ttc), float(rule["price_eur_ttc"]) * c.dwellings,
                     c.accompaniment_price_ttc)
    cat = np.where(c.income >= 0, c.income, INCOME_CATEGORIES.index("superieurs"))
    rate = _lut(INCOME_CATEGORIES, rule["rates"])[cat]
    ceiling = float(rule["ceiling_eur_ttc"]) * c.dwellings
    return ampleur.copy(), np.where(ampleur, rate * np.minimum(price, ceiling), 0.0)


def _geste_item(c: AidArrays, item: dict[str, Any]) -> np.ndarray:
    ok = c.measures[:, _M[item["measure"]]].copy() if item["measure"] in _M else np.zeros(len(c), dtype=bool)
    if "heating_after" in item:
        ok &= _isin(c.heating_after, HEATING_SYSTEMS, item["heating_after"])
    for key in ("dhw_after", "ventilation_after"):
        if key in item:
            ok &= _isin(getattr(c, key), c.systems, item[key])
    return ok


def _geste(c: AidArrays) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """MaPrimeRénov' par geste before écrêtement: (applied, amount, écrêtement share)."""
    n = len(c)
    rule = _rule("maprimerenov_geste", "rules", c.date)
    if rule is None:
        return np.zeros(n, dtype=bool), np.zeros(n), np.zeros(n)
    ok = _isin(c.owner, OWNER_TYPES, rule["eligible_owner_types"]) & _isin(
        c.income, INCOME_CATEGORIES, rule["eligible_income_categories"]
    )
    any_item = np.zeros(n, dtype=bool)
    total = np.zeros(n)
    for item in rule["items"]:
        if item.get("requires_other_item"):
            continue
        rate = _lut(INCOME_CATEGORIES, item["amount_eur"])[c.income]
        on = ok & _geste_item(c, item)
        if item["per"] == "item":
            amount = rate * c.dwellings
        else:
            q = c.quantities[:, _M[item["measure"]]]
            on &= ~np.isnan(q)
            amount = rate * q
        any_item |= on
        total = total + np.where(on, amount, 0.0)
    for item in rule["items"]:
        if item.get("requires_other_item"):
            on = any_item & _geste_item(c, item)
            rate = _lut(INCOME_CATEGORIES, item["amount_eur"])[c.income]
            total = total + np.where(on, rate * c.dwellings, 0.0)
    share = _lut(INCOME_CATEGORIES, rule["ecretement_share_of_ht"])[c.income]
    return any_item, np.where(any_item, total, 0.0), share


def _coup_de_pouce(c: AidArrays) -> tuple[np.ndarray, np.ndarray]:
    """CEE Coup de pouce Chauffage: (applied, amount)."""
    from .subsidies import coup_de_pouce_flat

    n = len(c)
    rule = _rule("cee", "coup_de_pouce_chauffage", c.date)
    if rule is None:
        return np.zeros(n, dtype=bool), np.zeros(n)
    ok = _isin(c.heating_before, HEATING_SYSTEMS, rule["from_heating"]) & _isin(
        c.heating_after, HEATING_SYSTEMS, rule["to_heating"]
    )
    cat = np.where(c.income >= 0, c.income, INCOME_CATEGORIES.index("superieurs"))
    lut = np.array([
        [float(coup_de_pouce_flat(rule, h)[cat_]) for cat_ in INCOME_CATEGORIES]
        for h in (*HEATING_SYSTEMS, None)
    ])
    amount = np.where(ok, lut[c.heating_after, cat] * c.dwellings, 0.0)
    if rule.get("method") == "fiche_bonus":  # the heat pumps with a fiche: computed from it
        return _coup_de_pouce_fiche(c, rule, ok, amount)
    return ok, amount


def _coup_de_pouce_fiche(c: AidArrays, rule: dict[str, Any], ok: np.ndarray,
                         flat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The Coup de pouce as a bonus on the heat-pump fiches (rule ``method = fiche_bonus``).

    ``flat`` is the flat amount of the heat pumps without a fiche in the rule.
    """
    from .subsidies import coup_de_pouce_price, fiche_kwh_cumac

    price = coup_de_pouce_price(c.date)
    amount = flat.copy()
    by_fiche = _isin(c.heating_after, HEATING_SYSTEMS, list(rule["fiches"]))
    ok = ok & ~(by_fiche & (np.isnan(c.living_area_m2) | (price is None)))
    zf = np.array([rule["zone_factors"][z] for z in CLIMATE_ZONES])[c.climate_zone]
    for name, fiche in rule["fiches"].items():
        on = ok & (c.heating_after == HEATING_SYSTEMS.index(name))
        etas = np.where(np.isnan(c.heat_pump_etas), np.inf, c.heat_pump_etas)
        cls = np.searchsorted(np.asarray(fiche["etas_lower_bounds"], dtype=float), etas, side="right") - 1
        cls = np.where(np.isnan(c.heat_pump_etas), 0, cls)
        ok &= ~(on & (cls < 0))
        on &= cls >= 0
        table = np.array(fiche_kwh_cumac(fiche)[0], dtype=float)
        kwh = table[c.heat_pump_dhw.astype(np.int64), np.clip(cls, 0, None)]
        area = np.where(on, c.living_area_m2, 0.0)
        af = np.asarray(fiche["area_factors"], dtype=float)[
            np.searchsorted(np.asarray(fiche["area_upper_bounds_m2"], dtype=float), area, side="right")]
        v = kwh * af * zf * rule["bonus_multiplier"] * (price or 0.0) * c.dwellings
        amount = np.where(on, v, amount)
    return ok, np.where(ok, amount, 0.0)


def _generic(c: AidArrays) -> tuple[np.ndarray, np.ndarray]:
    """Generic CEE valuation: (applied, amount)."""
    from .subsidies import kwh_cumac

    n = len(c)
    rule = _rule("cee", "generic", c.date)
    if rule is None:
        return np.zeros(n, dtype=bool), np.zeros(n)
    given = ~np.isnan(c.cee_kwh_cumac)
    saved = ~np.isnan(c.final_energy_saved_kwh)
    fe = np.where(saved, c.final_energy_saved_kwh, 0.0)
    cumac = np.where(
        given, c.cee_kwh_cumac,
        np.asarray(kwh_cumac(fe, rule["default_lifetime_years"], rule["cumac_discount_rate"]), dtype=float),
    )
    ok = given | saved
    price = rule["price_eur_per_mwh_cumac"] * rule["pass_through"]
    return ok, np.where(ok, cumac / 1000.0 * price, 0.0)


def _feder(c: AidArrays, include_optional: bool) -> tuple[np.ndarray, np.ndarray]:
    n = len(c)
    rule = _rule("feder", "rules", c.date)
    if rule is None or not include_optional or c.region != rule["region"]:
        return np.zeros(n, dtype=bool), np.zeros(n)
    ok = _isin(c.owner, OWNER_TYPES, rule["eligible_owner_types"])
    return ok, np.where(ok, (rule["amount_eur_per_dwelling"] * c.dwellings).astype(float), 0.0)


def _erbm(c: AidArrays) -> tuple[np.ndarray, np.ndarray]:
    n = len(c)
    rule = _rule("erbm", "rules", c.date)
    if rule is None or c.region != rule["region"]:
        return np.zeros(n, dtype=bool), np.zeros(n)
    ok = _isin(c.owner, OWNER_TYPES, rule["eligible_owner_types"]) & c.erbm
    state = (rule["state_eur_per_dwelling"] * c.dwellings).astype(float)
    return ok, np.where(ok, state + state * float(rule["local_match_share"]), 0.0)


def _lge_factor(loan_rate: float, market_rate: float, years: Any) -> float:
    """``1 − CRF(r_loan, n) / CRF(r_market, n)`` of :func:`rehab.subsidies.loan_grant_equivalent`."""
    return float(1.0 - np.asarray(capital_recovery_factor(loan_rate, years))
                 / np.asarray(capital_recovery_factor(market_rate, years)))


def _eco_ptz(c: AidArrays, grants: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """éco-PTZ: (applied, value, principal)."""
    n = len(c)
    z = np.zeros(n)
    rule = _rule("eco_ptz", "rules", c.date)
    if rule is None:
        return np.zeros(n, dtype=bool), z, z
    mat, names, nposts = _posts(c.measures, rule["action_posts"])
    cb, ca = c.cep_before, c.cep_after
    has = ~np.isnan(cb) & (cb != 0) & ~np.isnan(ca)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        gain_share = np.where(has, 1.0 - ca / np.where(has, cb, 1.0), np.nan)
    global_perf = has & (gain_share >= rule["global_performance_min_gain"]) & (
        ca < rule["global_performance_max_cep_after"]
    )
    ampleur = _isin(c.class_before, CLASSES, ("E", "F", "G")) & (c.class_before - c.class_after >= 2) & (nposts >= 2)
    cases = {cc["case"].split(" (")[0]: cc for cc in rule["ceilings"]}
    windows_only = (nposts == 1) & mat[:, names.index("windows and doors")] if "windows and doors" in names else (
        np.zeros(n, dtype=bool))
    which = np.select(
        [global_perf | ampleur, nposts == 0, windows_only, nposts == 1, nposts == 2],
        ["global performance", "", "windows only", "1 action", "2 actions"],
        "3 or more actions",
    )
    ceiling = np.zeros(n)
    factor = np.zeros(n)
    for name, cc in cases.items():
        on = which == name
        ceiling[on] = float(cc["ceiling"])
        factor[on] = _lge_factor(0.0, rule["market_rate"], cc["years"])
    ok = _isin(c.owner, OWNER_TYPES, rule["eligible_owner_types"]) & (which != "")
    principal = np.maximum(0.0, np.minimum(ceiling * c.dwellings, c.cost_ttc - grants))
    ok &= principal > 0
    principal = np.where(ok, principal, 0.0)
    return ok, principal * factor, principal


def _eco_pls(c: AidArrays, grants: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Éco-prêt logement social: (applied, value, principal)."""
    n = len(c)
    z = np.zeros(n)
    rule = _rule("eco_pret_logement_social", "rules", c.date)
    if rule is None:
        return np.zeros(n, dtype=bool), z, z
    cep_ok = ~np.isnan(c.cep_before) & (c.cep_before >= rule["min_cep_before"])
    eges_ok = ~np.isnan(c.eges_before) & (c.eges_before >= rule["min_eges_before"])
    ok = _isin(c.owner, OWNER_TYPES, rule["eligible_owner_types"]) & (cep_ok | eges_ok)
    per = rule["ceiling_eur_per_dwelling"] + np.where(
        _isin(c.class_after, CLASSES, ("A", "B")), rule["label_bonus_eur_per_dwelling"], 0
    )
    principal = np.maximum(0.0, np.minimum((per * c.dwellings).astype(float), c.cost_ttc - grants))
    ok &= principal > 0
    principal = np.where(ok, principal, 0.0)
    factor = _lge_factor(rule["loan_rate"], rule["market_rate"], rule["years"])
    return ok, principal * factor, principal


def _cut(applied: np.ndarray, amount: np.ndarray, total: np.ndarray, cap: np.ndarray,
         where: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Écrêtement: ``amount`` reduced by the excess of ``total`` over ``cap`` where ``where``."""
    over = where & (total > cap)
    cut = np.where(over, np.minimum(total - cap, amount), 0.0)
    new = np.where(over, amount - cut, amount)
    return np.where(over, new > 0, applied), new


def eligible_aids_arrays(ctx: AidArrays, *, include_optional: bool = False) -> AidArrayResult:
    """Every aid of every project: :func:`rehab.subsidies.eligible_aids` on arrays.

    Same rules, same order and same interactions as the scalar route: the
    rénovation d'ampleur excludes MaPrimeRénov' par geste and the CEE
    primes; the Coup de pouce replaces the generic CEE; the écrêtement cuts
    MaPrimeRénov' first (TTC share for the rénovation d'ampleur, HT share for
    par geste); the loans finance the TTC cost left after the grants.

    Parameters
    ----------
    ctx : AidArrays
    include_optional : bool, default False
        Count the optional aids (FEDER).

    Returns
    -------
    AidArrayResult
    """
    from .economics import PUBLIC_AIDS

    n = len(ctx)
    amount = np.zeros((n, len(AIDS)))
    applied = np.zeros((n, len(AIDS)), dtype=bool)
    principal = np.zeros((n, len(AIDS)))
    mpr_ok, mpr, share_ttc = _ampleur(ctx)
    mar_ok, mar = _accompaniment(ctx, mpr_ok)
    geste_ok, geste, share_ht = _geste(ctx)
    geste_ok &= ~mpr_ok
    cdp_ok, cdp = _coup_de_pouce(ctx)
    gen_ok, gen = _generic(ctx)
    cdp_ok &= ~mpr_ok
    gen_ok &= ~mpr_ok & ~cdp_ok
    feder_ok, feder = _feder(ctx, include_optional)
    erbm_ok, erbm = _erbm(ctx)

    def on(ok: np.ndarray, a: np.ndarray) -> np.ndarray:
        return np.where(ok, a, 0.0)

    other = ctx.other_grants_eur
    mpr_ok, mpr = _cut(mpr_ok, on(mpr_ok, mpr), on(mpr_ok, mpr) + other + on(feder_ok, feder),
                       share_ttc * ctx.cost_ttc, mpr_ok)
    total_g = on(geste_ok, geste) + on(cdp_ok, cdp) + on(gen_ok, gen) + on(feder_ok, feder) + other
    geste_ok, geste = _cut(geste_ok, on(geste_ok, geste), total_g, share_ht * ctx.cost_ht, ~mpr_ok & geste_ok)
    # ``~mpr_ok`` above is after the cut: a rénovation d'ampleur cut to 0 was applied before it
    parts = {"maprimerenov_ampleur": (mpr_ok, mpr), "mon_accompagnateur_renov": (mar_ok, mar),
             "maprimerenov_geste": (geste_ok, geste), "cee_coup_de_pouce_chauffage": (cdp_ok, cdp),
             "cee_generic": (gen_ok, gen), "feder": (feder_ok, feder), "erbm": (erbm_ok, erbm)}
    grants_total = np.zeros(n)
    for a in ("maprimerenov_ampleur", "mon_accompagnateur_renov", "maprimerenov_geste",
              "cee_coup_de_pouce_chauffage", "cee_generic", "feder", "erbm"):
        ok, v = parts[a]
        grants_total = grants_total + on(ok, v)
        applied[:, _A[a]], amount[:, _A[a]] = ok, on(ok, v)
    grants_total = grants_total + other
    for a, fn in (("eco_ptz", _eco_ptz), ("eco_pret_logement_social", _eco_pls)):
        ok, v, p = fn(ctx, grants_total)
        applied[:, _A[a]], amount[:, _A[a]], principal[:, _A[a]] = ok, on(ok, v), p
    grants = np.zeros(n)
    loans = np.zeros(n)
    public = np.zeros(n)
    for j, a in enumerate(AIDS):
        v = on(applied[:, j], amount[:, j])
        if AID_KINDS[j] == "grant":
            grants = grants + v
            if a in PUBLIC_AIDS:
                public = public + v
        else:
            loans = loans + v
    return AidArrayResult(amount, applied, principal, grants, loans, public, _names(applied))


def _names(applied: np.ndarray) -> np.ndarray:
    """The applied aids of each project joined by "; " (one string per distinct pattern)."""
    bits = applied.astype(np.int64) @ (1 << np.arange(applied.shape[1], dtype=np.int64))
    uniq, inv = np.unique(bits, return_inverse=True)
    text = np.array(["; ".join(a for j, a in enumerate(AIDS) if u >> j & 1) for u in uniq] + [""], dtype=object)
    return text[inv.reshape(-1)] if len(bits) else np.zeros(0, dtype=object)


class AidResultsLazy(Sequence):
    """The :class:`rehab.subsidies.AidResult` lists of many contexts, built when read.

    ``lazy[j]`` is :func:`rehab.subsidies.eligible_aids` of context ``j``
    (only its applied aids unless ``keep_all``), computed by the scalar
    rules on first access and kept: the reasons of the aids a report or a
    user asks for, without writing them for every context of a programme.
    """

    def __init__(self, contexts: AidArrays, *, keep_all: bool = False) -> None:
        self.contexts = contexts
        self.keep_all = keep_all
        self._done: dict[int, list[AidResult]] = {}

    def __len__(self) -> int:
        return len(self.contexts)

    def __getitem__(self, j: Any) -> Any:
        if isinstance(j, slice):
            return [self[i] for i in range(*j.indices(len(self)))]
        j = int(j)
        if j < 0:
            j += len(self)
        if not 0 <= j < len(self):
            raise IndexError(f"aid context {j} out of range ({len(self)} contexts)")
        hit = self._done.get(j)
        if hit is None:
            from .subsidies import eligible_aids

            res = eligible_aids(self.contexts.context(j))
            hit = self._done[j] = res if self.keep_all else [a for a in res if a.applied]
        return hit

    def rows(self, offset: int = 0, keys: Any = None) -> list[tuple[Any, ...]]:
        """``(aid_key, aid, amount_eur, kind, reason)`` of the applied aids of contexts ``keys`` (all by default)."""
        js = list(range(len(self))) if keys is None else [int(j) for j in keys]
        todo = sorted({j for j in js if 0 <= j < len(self) and j not in self._done})
        if len(todo) > 1:  # the contexts built at once (AidArrays.contexts), the rules on each
            from .subsidies import eligible_aids

            for j, ctx in zip(todo, self.contexts.contexts(todo), strict=True):
                res = eligible_aids(ctx)
                self._done[j] = res if self.keep_all else [a for a in res if a.applied]
        return [(j + offset, a.aid, float(a.amount_eur), a.kind, a.reason)
                for j in js for a in self[j] if a.applied]
