"""Retrofit aids as dated rule data: which apply, how much, and why.

Rules live in ``data/subsidies/*.json`` (each with its date and source)
and are picked by the context's date:

* MaPrimeRénov' rénovation d'ampleur (owner-occupiers and private
  landlords; initial class E/F/G, gain ≥ 2 classes, ≥ 2 insulation posts,
  no new mainly-fossil heating and no fuel-oil heating kept; rate by
  income category times the works cost HT capped at 30 k€ (2-class gain)
  or 40 k€ (≥ 3 classes); total aids capped at a share of the TTC cost —
  the écrêtement, 100/90/80/50 %);
* Mon Accompagnateur Rénov' (mandatory with the above; its price funded
  100/80/40/20 %) and MaPrimeRénov' par geste (flat amounts per heat pump,
  m² of attic or roof, window …; not cumulable with the rénovation
  d'ampleur), in :mod:`rehab.subsidies_geste`; both checked case by case
  against the government's simulator Mes Aides Réno
  (``tests/data/mesaidesreno``);
* CEE: Coup de pouce Chauffage (fossil boiler → heat pump: flat amounts
  before October 2025; since then the heat-pump fiche volume by climate
  zone, heated area and seasonal efficiency (and use, until December
  2025), × 5, at the registry price — BAR-TH-171/172 vA74-3, then from
  2026 BAR-TH-171 vA78-4 for air-water heat pumps while ground-source ones
  keep a flat amount) and a generic valuation
  of kWh cumac at the registry price (not cumulable with MaPrimeRénov'
  rénovation d'ampleur);
* éco-PTZ (zero-rate loan ≤ 50 k€ over 20 years) valued as the present
  value of the interest saved against a market loan;
* éco-prêt logement social (social landlords; Cep ≥ 180 or EGES ≥ 30)
  valued the same way;
* FEDER average grant per social dwelling (optional: counted only when
  asked);
* ERBM grants of the social mining houses of the coal basin (State and
  matching local grants, about 13 + 13 k€ per dwelling; counted when the
  context says the dwelling is in an ERBM operation), in
  :mod:`rehab.subsidies_social`.

:func:`eligible_aids` returns one :class:`AidResult` per aid, applied or
not, each with the amount and the reason (rule, figures, source).

Examples
--------
>>> from rehab.subsidies import AidContext, eligible_aids, total_grants
>>> ctx = AidContext(owner_type="owner_occupier", income_category="tres_modestes",
...                  class_before="F", class_after="D",
...                  measures=["wall_internal", "attic_floor", "windows"],
...                  cost_ht=40000, cost_ttc=42200, date="2026-06-01")
>>> mpr = eligible_aids(ctx)[0]
>>> mpr.aid, mpr.applied, mpr.amount_eur
('maprimerenov_ampleur', True, 24000.0)
>>> print(mpr.reason)
MaPrimeRénov' rénovation d'ampleur: class F -> D (gain 2 >= 2), 3 insulation posts (attic/roof, walls, windows/doors) >= 2; 80 % (tres_modestes) x min(cost 40,000 EUR HT, ceiling 30,000 EUR HT) = 24,000 EUR
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .errors import InputError, UnknownNameError
from .finance import as_date, capital_recovery_factor
from .subsidies_base import (  # the rules' shared vocabulary (rehab.subsidies_base)
    CLASSES,
    HEATING_SYSTEMS,
    INCOME_CATEGORIES,
    MEASURE_KINDS,
    AidContext,
    AidResult,
    _file,
    _fmt,
    _in_force,
    _no_rule,
    _posts,
)

__all__ = [
    "CLASSES",
    "HEATING_SYSTEMS",
    "INCOME_CATEGORIES",
    "MEASURE_KINDS",
    "AidContext",
    "AidResult",
    "cee_coup_de_pouce_chauffage",
    "cee_generic",
    "eco_pret_logement_social",
    "eco_ptz",
    "eligible_aids",
    "feder_social_housing",
    "kwh_cumac",
    "loan_grant_equivalent",
    "maprimerenov_ampleur",
    "maprimerenov_ampleur_amount",
    "total_grants",
]

# --------------------------------------------------------------------------
# MaPrimeRénov'
# --------------------------------------------------------------------------


def maprimerenov_ampleur(ctx: AidContext) -> AidResult:
    """MaPrimeRénov' rénovation d'ampleur for one project (before écrêtement).

    Amount = rate(income) × min(cost HT, ceiling(gain)); conditions: owner
    type, initial class E/F/G, gain ≥ 2 classes, ≥ 2 insulation posts
    (walls, roof, low floor, windows/doors). The audit, Accompagnateur
    Rénov', RGE and residence conditions are not checked (listed in the rule).

    Examples
    --------
    >>> ctx = AidContext(owner_type="owner_occupier", income_category="modestes",
    ...                  class_before="G", class_after="C", measures=["wall_external", "floor"],
    ...                  cost_ht=50000, cost_ttc=52750)
    >>> maprimerenov_ampleur(ctx).amount_eur          # 60 % x 40,000 (gain 4 >= 3)
    24000.0
    """
    aid = "maprimerenov_ampleur"
    rules = _file("maprimerenov_ampleur")["rules"]
    rule = _in_force(rules, ctx.date)
    if rule is None:
        return _no_rule(aid, "grant", ctx.date, rules)
    base = {"rule": rule["id"], "source": rule["source"], "confidence": rule["confidence"]}

    def no(why: str) -> AidResult:
        return AidResult(
            aid, False, 0.0, "grant", f"MaPrimeRénov' rénovation d'ampleur: {why}", **base
        )

    if ctx.owner_type not in rule["eligible_owner_types"]:
        return no(
            f"owner type {ctx.owner_type!r} not eligible (only {', '.join(rule['eligible_owner_types'])})"
        )
    if ctx.income_category is None:
        return no("income_category is needed (tres_modestes, modestes, intermediaires, superieurs)")
    if ctx.class_before not in rule["initial_classes"]:
        return no(f"initial class {ctx.class_before} not in {'/'.join(rule['initial_classes'])}")
    gain = ctx.class_gain
    if gain < rule["min_class_gain"]:
        return no(
            f"class {ctx.class_before} -> {ctx.class_after}: gain {gain} < {rule['min_class_gain']} classes"
        )
    posts = _posts(ctx.measures, rule["insulation_posts"])
    if len(posts) < rule["min_insulation_posts"]:
        return no(
            f"{len(posts)} insulation post(s) ({', '.join(posts) or 'none'}) < "
            f"{rule['min_insulation_posts']} required"
        )
    why_heating = _heating_excluded(ctx, rule)
    if why_heating:
        return no(why_heating)
    ceiling = max(c["ceiling"] for c in rule["ceilings_eur_ht"] if gain >= c["min_class_gain"])
    ceiling *= ctx.dwellings
    rate = rule["rates"][ctx.income_category]
    base_cost = min(ctx.cost_ht, ceiling)
    amount = rate * base_cost
    posts_txt = ", ".join(_short(p) for p in posts)
    reason = (
        f"MaPrimeRénov' rénovation d'ampleur: class {ctx.class_before} -> {ctx.class_after} "
        f"(gain {gain} >= {rule['min_class_gain']}), {len(posts)} insulation posts ({posts_txt}) "
        f">= {rule['min_insulation_posts']}; {rate:.0%} ({ctx.income_category}) x "
        f"min(cost {_fmt(ctx.cost_ht)} EUR HT, ceiling {_fmt(ceiling)} EUR HT) = {_fmt(amount)} EUR"
    ).replace("%", " %")
    return AidResult(
        aid,
        True,
        float(amount),
        "grant",
        reason,
        figures={
            "rate": rate,
            "ceiling_eur_ht": ceiling,
            "class_gain": gain,
            "insulation_posts": posts,
            "ecretement_share_of_ttc": rule["ecretement_share_of_ttc"][ctx.income_category],
        },
        **base,
    )


def _heating_excluded(ctx: AidContext, rule: dict[str, Any]) -> str:
    """Why the heating after works excludes the rénovation d'ampleur ("" if it does not)."""
    replaced = "heating" in ctx.measures and ctx.heating_after not in (None, ctx.heating_before)
    after = ctx.heating_after if replaced else ctx.heating_before
    if replaced and after in rule.get("excluded_heating_after", ()):
        return f"new heating {after!r} runs mainly on fossil fuel (excluded)"
    if not replaced and after in rule.get("excluded_heating_kept", ()):
        return f"heating {after!r} kept: keeping a mainly fuel-oil heating is excluded"
    return ""


_SHORT = {
    "walls": "walls",
    "roof": "attic/roof",
    "low floor": "low floor",
    "windows and doors": "windows/doors",
}


def _short(post: str) -> str:
    return _SHORT.get(post, post)


def maprimerenov_ampleur_amount(
    income_category: Any,
    class_before: Any,
    class_after: Any,
    n_insulation_posts: Any,
    cost_ht: Any,
    *,
    owner_type: Any = "owner_occupier",
    date: Any = 2026,
    heating_excluded: Any = False,
) -> np.ndarray:
    """Vectorised MaPrimeRénov' rénovation d'ampleur amount for many projects [EUR].

    Same rule as :func:`maprimerenov_ampleur` (before écrêtement), on arrays
    of equal shape (strings for categories and classes); 0 where not
    eligible. For a programme of thousands of houses × packages.
    ``heating_excluded`` (bool array) marks projects that install a
    mainly-fossil heating or keep a fuel-oil one (not eligible).

    Examples
    --------
    >>> maprimerenov_ampleur_amount(
    ...     ["tres_modestes", "superieurs", "modestes"], ["F", "E", "D"], ["D", "B", "B"],
    ...     [3, 2, 4], [40000.0, 50000.0, 30000.0]).tolist()
    [24000.0, 4000.0, 0.0]
    """
    rules = _file("maprimerenov_ampleur")["rules"]
    rule = _in_force(rules, as_date(date))
    inc = np.asarray(income_category, dtype=object)
    shape = np.broadcast_shapes(
        inc.shape, np.shape(class_before), np.shape(class_after), np.shape(cost_ht)
    )
    if rule is None:
        return np.zeros(shape)
    cidx = {c: i for i, c in enumerate(CLASSES)}

    def idx(a: Any, name: str) -> np.ndarray:
        arr = np.asarray(a, dtype=object)
        bad = sorted({str(x) for x in arr.ravel() if x not in cidx})
        if bad:
            raise InputError(f"{name}: {bad} not DPE classes; allowed A-G")
        return np.vectorize(cidx.__getitem__, otypes=[int])(arr) if arr.size else arr

    before, after = idx(class_before, "class_before"), idx(class_after, "class_after")
    bad = sorted({str(x) for x in inc.ravel() if x not in rule["rates"]})
    if bad:
        raise UnknownNameError("income category", bad[0], list(rule["rates"]))
    rate = np.vectorize(rule["rates"].__getitem__, otypes=[float])(inc)
    gain = before - after
    ceilings = sorted(rule["ceilings_eur_ht"], key=lambda c: c["min_class_gain"])
    ceiling = np.zeros(shape)
    for c in ceilings:
        ceiling = np.where(gain >= c["min_class_gain"], c["ceiling"], ceiling)
    initial = np.isin(np.asarray(class_before, dtype=object), rule["initial_classes"])
    owner = np.isin(np.asarray(owner_type, dtype=object), rule["eligible_owner_types"])
    ok = (
        owner
        & initial
        & (gain >= rule["min_class_gain"])
        & (np.asarray(n_insulation_posts) >= rule["min_insulation_posts"])
        & ~np.asarray(heating_excluded, dtype=bool)
    )
    amount = rate * np.minimum(np.asarray(cost_ht, dtype=float), ceiling)
    return np.where(ok, amount, 0.0)


# --------------------------------------------------------------------------
# CEE
# --------------------------------------------------------------------------


def kwh_cumac(annual_kwh_saved: Any, lifetime_years: Any = 30, rate: float = 0.04) -> Any:
    """CEE volume: annual saving cumulated over the lifetime, discounted at 4 %/yr [kWh cumac].

    ``cumac = ΔE · Σ_{t=0}^{n-1} (1 + 0.04)^-t`` (the CEE convention of
    actualisation at 4 %/yr).

    Examples
    --------
    >>> round(kwh_cumac(1000.0, 30))
    17984
    """
    n = np.asarray(lifetime_years, dtype=float)
    factor = (1.0 - (1.0 + rate) ** -n) / (1.0 - 1.0 / (1.0 + rate))
    out = np.asarray(annual_kwh_saved, dtype=float) * factor
    return float(out) if out.ndim == 0 else out


def cee_coup_de_pouce_chauffage(ctx: AidContext) -> AidResult:
    """CEE Coup de pouce Chauffage: fossil boiler replaced by a heat pump.

    Examples
    --------
    >>> ctx = AidContext(owner_type="owner_occupier", income_category="modestes",
    ...                  class_before="E", class_after="D", measures=["heating"],
    ...                  cost_ht=13270, cost_ttc=14000, living_area_m2=80.0,
    ...                  heating_before="gas-boiler-old", heating_after="heat_pump_air_water")
    >>> r = cee_coup_de_pouce_chauffage(ctx)     # 90,900 x 0.7 x 1.2 x 5 x 8.34 EUR/MWh cumac
    >>> r.applied, round(r.amount_eur, 2)
    (True, 3184.05)
    >>> cee_coup_de_pouce_chauffage(ctx.copy_with(heating_after="heat_pump_ground")).amount_eur   # flat
    5000.0
    """
    aid = "cee_coup_de_pouce_chauffage"
    rules = _file("cee")["coup_de_pouce_chauffage"]
    rule = _in_force(rules, ctx.date)
    if rule is None:
        return _no_rule(aid, "grant", ctx.date, rules)
    base = {"rule": rule["id"], "source": rule["source"], "confidence": rule["confidence"]}
    if ctx.heating_before not in rule["from_heating"]:
        return AidResult(
            aid,
            False,
            0.0,
            "grant",
            f"Coup de pouce Chauffage: heating before {ctx.heating_before!r} is not a replaced "
            f"fossil system ({', '.join(rule['from_heating'])})",
            **base,
        )
    if ctx.heating_after not in rule["to_heating"]:
        return AidResult(
            aid,
            False,
            0.0,
            "grant",
            f"Coup de pouce Chauffage: heating after {ctx.heating_after!r} is not an eligible "
            f"system ({', '.join(rule['to_heating'])})",
            **base,
        )
    if rule.get("method") == "fiche_bonus" and ctx.heating_after in rule["fiches"]:
        return _coup_de_pouce_fiche(ctx, rule, base)
    if "fiches" in rule:  # a fiche rule paying this heat pump a flat amount
        base.update(source=rule.get("flat_source", base["source"]),
                    confidence=rule.get("flat_confidence", base["confidence"]))
    cat = ctx.income_category or "superieurs"
    table = coup_de_pouce_flat(rule, ctx.heating_after)
    amount = float(table[cat]) * ctx.dwellings
    assumed = (
        " (default amount: an assumption, see the rule note)"
        if rule.get("amount_is_assumption")
        else ""
    )
    reason = (
        f"Coup de pouce Chauffage: {ctx.heating_before} -> {ctx.heating_after}; "
        f"{_fmt(amount)} EUR for income category {cat}{assumed}"
    )
    return AidResult(aid, True, amount, "grant", reason, figures={"income_category": cat}, **base)


def coup_de_pouce_flat(rule: dict[str, Any], heating_after: str | None) -> dict[str, float]:
    """Flat Coup de pouce amount of a heat pump by income category [EUR] (zero where the rule has none).

    A rule pays flat amounts (``amount_eur``, or ``amount_eur_by_heating_after`` for one
    heating), or computes them from the fiche of ``fiches`` and pays the heat pumps
    without one a flat amount (rule ``cdp-chauffage-2026-01``: air-water by fiche
    BAR-TH-171, ground-source flat).
    """
    by_after = rule.get("amount_eur_by_heating_after", {})
    none = dict.fromkeys(INCOME_CATEGORIES, 0.0)
    return by_after.get(heating_after, rule.get("amount_eur", none))


def coup_de_pouce_price(when: Any) -> float | None:
    """Price of a kWh cumac of the Coup de pouce [EUR/kWh cumac]: the generic CEE rule's registry price."""
    gen = _in_force(_file("cee")["generic"], as_date(when))
    return None if gen is None else gen["price_eur_per_mwh_cumac"] * gen["pass_through"] / 1000.0


def fiche_kwh_cumac(fiche: dict[str, Any]) -> tuple[list[list[float]], tuple[str, str]]:
    """kWh cumac of a heat-pump fiche by use and ηs class, and the words for each use.

    Returns ``([heating by class, heating + DHW by class], (word, word))``: fiches
    vA74 (Oct-Dec 2025) give one row per use, fiches vA78 (from 2026) one list for both.
    """
    k = fiche["kwh_cumac"]
    if isinstance(k, dict):
        return [k["heating"], k["heating_dhw"]], ("heating", "heating + dhw")
    return [k, k], ("any use", "any use")


def _coup_de_pouce_fiche(ctx: AidContext, rule: dict[str, Any], base: dict[str, Any]) -> AidResult:
    """Coup de pouce Chauffage as a bonus on the heat-pump fiche (BAR-TH-171/172, from 1 Oct 2025;
    BAR-TH-171 vA78-4 from 1 Jan 2026).

    ``EUR = kWh cumac(use, ηs class) × area factor × zone factor × bonus ×
    price × dwellings`` (data/subsidies/cee.json, rule ``method = fiche_bonus``).
    """
    aid = "cee_coup_de_pouce_chauffage"
    fiche = rule["fiches"][ctx.heating_after]
    base = {**base, "source": fiche.get("source", base["source"]),
            "confidence": fiche.get("confidence", base["confidence"])}
    price = coup_de_pouce_price(ctx.date)
    area = ctx.living_area_m2
    etas = ctx.heat_pump_etas
    if price is None or area is None:
        why = "give living_area_m2 (heated area)" if area is None else "no CEE price in force"
        return AidResult(aid, False, 0.0, "grant", f"Coup de pouce Chauffage ({fiche['fiche']}): {why}", **base)
    bounds = fiche["etas_lower_bounds"]
    cls = 0 if etas is None else sum(1 for b in bounds if etas >= b) - 1
    if cls < 0:
        return AidResult(aid, False, 0.0, "grant", f"Coup de pouce Chauffage: heat pump ηs {etas:.0%} < "
                         f"{bounds[0]:.0%} required by {fiche['fiche']}".replace("%", " %"), **base)
    table, use = fiche_kwh_cumac(fiche)
    use = use[int(bool(ctx.heat_pump_dhw))]
    kwh = table[int(bool(ctx.heat_pump_dhw))][cls]
    af = fiche["area_factors"][sum(1 for b in fiche["area_upper_bounds_m2"] if area >= b)]
    zf = rule["zone_factors"][ctx.climate_zone]
    mult = rule["bonus_multiplier"]
    amount = float(kwh * af * zf * mult * price * ctx.dwellings)
    cls_txt = "ηs not given: lowest class" if etas is None else f"ηs {etas:.0%}".replace("%", " %")
    reason = (
        f"Coup de pouce Chauffage: {ctx.heating_before} -> {ctx.heating_after}; {fiche['fiche']}: "
        f"{_fmt(kwh)} kWh cumac ({use}, {cls_txt}) x area factor {af:g} "
        f"({area:g} m²) x zone {ctx.climate_zone} {zf:g} x bonus {mult:g} x {price * 1000:.2f} EUR/MWh cumac"
        f"{f' x {ctx.dwellings}' if ctx.dwellings > 1 else ''} = {_fmt(amount)} EUR"
    )
    figures = {"kwh_cumac": kwh * af * zf, "bonus_multiplier": mult, "price_eur_per_kwh_cumac": price,
               "etas_class": cls + 1, "area_factor": af, "zone_factor": zf}
    return AidResult(aid, True, amount, "grant", reason, figures=figures, **base)


def cee_generic(ctx: AidContext) -> AidResult:
    """Generic CEE valuation: kWh cumac × registry price (an assumption-laden estimate).

    Uses ``ctx.cee_kwh_cumac`` if given, else :func:`kwh_cumac` of
    ``ctx.final_energy_saved_kwh`` over the rule's default lifetime.

    Examples
    --------
    >>> ctx = AidContext(owner_type="social_landlord", class_before="E", class_after="C",
    ...                  measures=["wall_internal"], cost_ht=20000, cost_ttc=21100,
    ...                  final_energy_saved_kwh=8000)
    >>> round(cee_generic(ctx).amount_eur)          # 8000 x 17.984 kWh cumac x 8.34 EUR/MWh
    1200
    """
    aid = "cee_generic"
    rules = _file("cee")["generic"]
    rule = _in_force(rules, ctx.date)
    if rule is None:
        return _no_rule(aid, "grant", ctx.date, rules)
    base = {"rule": rule["id"], "source": rule["price_source"], "confidence": rule["confidence"]}
    if ctx.cee_kwh_cumac is not None:
        cumac = ctx.cee_kwh_cumac
        how = f"{_fmt(cumac)} kWh cumac given"
    elif ctx.final_energy_saved_kwh is not None:
        n = rule["default_lifetime_years"]
        cumac = kwh_cumac(ctx.final_energy_saved_kwh, n, rule["cumac_discount_rate"])
        how = (
            f"{_fmt(ctx.final_energy_saved_kwh)} kWh/yr saved x {n} yr at 4 %/yr = "
            f"{_fmt(cumac)} kWh cumac (lifetime an assumption)"
        )
    else:
        return AidResult(
            aid,
            False,
            0.0,
            "grant",
            "generic CEE: give final_energy_saved_kwh or cee_kwh_cumac to value the certificates",
            **base,
        )
    price = rule["price_eur_per_mwh_cumac"] * rule["pass_through"]
    amount = cumac / 1000.0 * price
    reason = f"generic CEE: {how} x {price:.2f} EUR/MWh cumac = {_fmt(amount)} EUR"
    return AidResult(
        aid,
        True,
        float(amount),
        "grant",
        reason,
        figures={"kwh_cumac": cumac, "price_eur_per_mwh_cumac": price},
        **base,
    )


# --------------------------------------------------------------------------
# loans
# --------------------------------------------------------------------------


def loan_grant_equivalent(principal: Any, loan_rate: Any, market_rate: Any, years: Any) -> Any:
    """Grant-equivalent of a subsidised loan: present value of the interest saved [EUR].

    ``GE = P · (1 − CRF(r_loan, n) / CRF(r_market, n))``: the principal minus
    the repayments of the subsidised loan discounted at the market rate.

    Examples
    --------
    >>> round(loan_grant_equivalent(50000.0, 0.0, 0.04, 20), 2)
    16024.18
    """
    crf_l = capital_recovery_factor(loan_rate, years)
    crf_m = capital_recovery_factor(market_rate, years)
    out = np.asarray(principal, dtype=float) * (1.0 - np.asarray(crf_l) / np.asarray(crf_m))
    return float(out) if out.ndim == 0 else out


def eco_ptz(ctx: AidContext, *, grants_eur: float = 0.0) -> AidResult:
    """Éco-PTZ: zero-rate loan for private owners, valued against a market loan.

    Principal = min(ceiling, TTC cost − grants). The ceiling depends on the
    number of action posts (1: 15 k€, 2: 25 k€, ≥ 3: 30 k€, windows only:
    7 k€) or is 50 k€ over 20 years for a global-performance project (gain
    ≥ 35 % with Cep after < 331, or a rénovation d'ampleur gaining ≥ 2
    classes from E/F/G).

    Examples
    --------
    >>> ctx = AidContext(owner_type="owner_occupier", income_category="intermediaires",
    ...                  class_before="F", class_after="C",
    ...                  measures=["wall_internal", "attic_floor", "windows", "heating"],
    ...                  cost_ht=60000, cost_ttc=63300)
    >>> r = eco_ptz(ctx, grants_eur=13500)
    >>> r.loan_principal_eur, round(r.amount_eur, 2)    # 50,000 over 20 yr at 0 % vs 4 %
    (49800.0, 15960.09)
    """
    aid = "eco_ptz"
    rules = _file("eco_ptz")["rules"]
    rule = _in_force(rules, ctx.date)
    if rule is None:
        return _no_rule(aid, "loan", ctx.date, rules)
    base = {
        "rule": rule["id"],
        "source": _file("eco_ptz")["source"],
        "confidence": rule["confidence"],
    }
    if ctx.owner_type not in rule["eligible_owner_types"]:
        return AidResult(
            aid,
            False,
            0.0,
            "loan",
            f"éco-PTZ: owner type {ctx.owner_type!r} not eligible "
            f"(only {', '.join(rule['eligible_owner_types'])})",
            **base,
        )
    posts = _posts(ctx.measures, rule["action_posts"])
    gain_share = None
    if ctx.cep_before and ctx.cep_after is not None:
        gain_share = 1.0 - ctx.cep_after / ctx.cep_before
    global_perf = (
        gain_share is not None
        and gain_share >= rule["global_performance_min_gain"]
        and ctx.cep_after is not None
        and ctx.cep_after < rule["global_performance_max_cep_after"]
    )
    ampleur = ctx.class_before in ("E", "F", "G") and ctx.class_gain >= 2 and len(posts) >= 2
    ceilings = {c["case"].split(" (")[0]: c for c in rule["ceilings"]}
    if global_perf or ampleur:
        case = ceilings["global performance"]
        why = (
            f"global performance (Cep gain {gain_share:.0%})".replace("%", " %")
            if global_perf
            else f"rénovation d'ampleur (class {ctx.class_before} -> {ctx.class_after})"
        )
    elif not posts:
        return AidResult(aid, False, 0.0, "loan", "éco-PTZ: no eligible action", **base)
    elif posts == ["windows and doors"]:
        case, why = ceilings["windows only"], "windows only"
    elif len(posts) == 1:
        case, why = ceilings["1 action"], "1 action"
    elif len(posts) == 2:
        case, why = ceilings["2 actions"], "2 actions"
    else:
        case, why = ceilings["3 or more actions"], f"{len(posts)} actions"
    ceiling = case["ceiling"] * ctx.dwellings
    principal = max(0.0, min(float(ceiling), ctx.cost_ttc - grants_eur))
    if principal <= 0:
        return AidResult(
            aid, False, 0.0, "loan", "éco-PTZ: nothing left to finance after grants", **base
        )
    years = case["years"]
    m = rule["market_rate"]
    value = loan_grant_equivalent(principal, 0.0, m, years)
    interest = principal * capital_recovery_factor(m, years) * years - principal
    reason = (
        f"éco-PTZ: {why}; ceiling {_fmt(ceiling)} EUR over {years} yr; principal "
        f"min(ceiling, TTC {_fmt(ctx.cost_ttc)} - grants {_fmt(grants_eur)}) = {_fmt(principal)} EUR; "
        f"value = present value of the interest saved vs a {m:.1%} market loan "
        f"(an assumption) = {_fmt(value)} EUR (undiscounted interest {_fmt(interest)} EUR)"
    ).replace("%", " %")
    return AidResult(
        aid,
        True,
        float(value),
        "loan",
        reason,
        loan_principal_eur=principal,
        figures={"years": years, "market_rate": m, "undiscounted_interest_eur": interest},
        **base,
    )


def eco_pret_logement_social(ctx: AidContext, *, grants_eur: float = 0.0) -> AidResult:
    """Éco-prêt logement social (social landlords), valued against a market loan.

    Eligible when Cep before ≥ 180 kWhEP/(m²·yr) or EGES before ≥ 30
    kgCO2e/(m²·yr) (Banque des Territoires). Principal per dwelling = min(22
    k€ (+2 k€ if class A/B after), cost − grants); value = grant-equivalent
    at the rule's (assumed) loan and market rates.

    Examples
    --------
    >>> ctx = AidContext(owner_type="social_landlord", class_before="F", class_after="B",
    ...                  measures=["wall_internal", "roof_slopes", "windows", "heating"],
    ...                  cost_ht=80000, cost_ttc=84400, cep_before=390, eges_before=60)
    >>> r = eco_pret_logement_social(ctx)
    >>> r.loan_principal_eur, round(r.amount_eur)    # Livret A 1.5 %: 1.05 % vs 2.1 %
    (24000.0, 2842)
    """
    aid = "eco_pret_logement_social"
    rules = _file("eco_pret_logement_social")["rules"]
    rule = _in_force(rules, ctx.date)
    if rule is None:
        return _no_rule(aid, "loan", ctx.date, rules)
    base = {
        "rule": rule["id"],
        "source": _file("eco_pret_logement_social")["source"],
        "confidence": rule["confidence"],
    }
    if ctx.owner_type not in rule["eligible_owner_types"]:
        return AidResult(
            aid, False, 0.0, "loan", "éco-prêt logement social: for social landlords only", **base
        )
    if ctx.cep_before is None and ctx.eges_before is None:
        return AidResult(
            aid,
            False,
            0.0,
            "loan",
            "éco-prêt logement social: give cep_before and/or eges_before (eligibility: "
            f"Cep >= {rule['min_cep_before']} or EGES >= {rule['min_eges_before']})",
            **base,
        )
    cep_ok = ctx.cep_before is not None and ctx.cep_before >= rule["min_cep_before"]
    eges_ok = ctx.eges_before is not None and ctx.eges_before >= rule["min_eges_before"]
    if not (cep_ok or eges_ok):
        return AidResult(
            aid,
            False,
            0.0,
            "loan",
            f"éco-prêt logement social: Cep before {ctx.cep_before} < {rule['min_cep_before']} "
            f"and EGES before {ctx.eges_before} < {rule['min_eges_before']}",
            **base,
        )
    per = rule["ceiling_eur_per_dwelling"]
    label = ctx.class_after in ("A", "B")
    if label:
        per += rule["label_bonus_eur_per_dwelling"]
    ceiling = per * ctx.dwellings
    principal = max(0.0, min(float(ceiling), ctx.cost_ttc - grants_eur))
    if principal <= 0:
        return AidResult(
            aid, False, 0.0, "loan", "éco-prêt logement social: nothing left to finance", **base
        )
    value = loan_grant_equivalent(principal, rule["loan_rate"], rule["market_rate"], rule["years"])
    which = (
        f"Cep {ctx.cep_before} >= {rule['min_cep_before']}"
        if cep_ok
        else (f"EGES {ctx.eges_before} >= {rule['min_eges_before']}")
    )
    reason = (
        f"éco-prêt logement social: {which}; ceiling {_fmt(per)} EUR/dwelling"
        f"{' (incl. label bonus, class ' + ctx.class_after + ')' if label else ''}; principal "
        f"{_fmt(principal)} EUR over {rule['years']} yr at {rule['loan_rate']:.2%} vs "
        f"{rule['market_rate']:.1%} market (assumptions) = {_fmt(value)} EUR"
    ).replace("%", " %")
    return AidResult(
        aid,
        True,
        float(value),
        "loan",
        reason,
        loan_principal_eur=principal,
        figures={
            "loan_rate": rule["loan_rate"],
            "market_rate": rule["market_rate"],
            "years": rule["years"],
        },
        **base,
    )


def feder_social_housing(ctx: AidContext) -> AidResult:
    """FEDER average grant per social dwelling in Hauts-de-France (optional aid).

    Examples
    --------
    >>> ctx = AidContext(owner_type="social_landlord", class_before="F", class_after="C",
    ...                  cost_ht=60000, cost_ttc=63300, dwellings=10)
    >>> r = feder_social_housing(ctx)
    >>> r.optional, r.amount_eur
    (True, 43620.0)
    """
    aid = "feder"
    data = _file("feder")
    rule = _in_force(data["rules"], ctx.date)
    if rule is None:
        return _no_rule(aid, "grant", ctx.date, data["rules"])
    base = {"rule": rule["id"], "source": data["source"], "confidence": rule["confidence"]}
    if ctx.owner_type not in rule["eligible_owner_types"]:
        return AidResult(
            aid, False, 0.0, "grant", "FEDER: social landlords only", optional=True, **base
        )
    if ctx.region != rule["region"]:
        return AidResult(
            aid,
            False,
            0.0,
            "grant",
            f"FEDER: rehab holds the {rule['region']} figure only (region {ctx.region!r})",
            optional=True,
            **base,
        )
    amount = float(rule["amount_eur_per_dwelling"] * ctx.dwellings)
    return AidResult(
        aid,
        True,
        amount,
        "grant",
        f"FEDER (optional): {_fmt(rule['amount_eur_per_dwelling'])} EUR/dwelling "
        f"(2014-2020 average) x {ctx.dwellings} = {_fmt(amount)} EUR",
        optional=True,
        **base,
    )


# --------------------------------------------------------------------------
# all together
# --------------------------------------------------------------------------


def _off(r: AidResult, why: str) -> AidResult:
    return AidResult(
        r.aid,
        False,
        0.0,
        r.kind,
        why,
        r.rule,
        r.source,
        r.confidence,
        0.0,
        r.figures,
        r.optional,
    )


def _reduce(r: AidResult, cut: float, why: str) -> AidResult:
    new_amount = r.amount_eur - cut
    return AidResult(
        r.aid,
        new_amount > 0,
        new_amount,
        r.kind,
        r.reason + why,
        r.rule,
        r.source,
        r.confidence,
        0.0,
        {**r.figures, "ecretement_cut_eur": cut},
        r.optional,
    )


def eligible_aids(ctx: AidContext, *, include_optional: bool = False) -> list[AidResult]:
    """Every aid for a project: amount and reason, applied or not.

    Order: MaPrimeRénov' rénovation d'ampleur, Mon Accompagnateur Rénov',
    MaPrimeRénov' par geste, CEE Coup de pouce Chauffage, generic CEE,
    éco-PTZ, éco-prêt logement social, FEDER, ERBM. Interactions applied:

    * Mon Accompagnateur Rénov' is funded with the rénovation d'ampleur
      only; MaPrimeRénov' par geste is not cumulable with it (the household
      takes the rénovation d'ampleur when eligible);
    * CEE primes are not applied when MaPrimeRénov' rénovation d'ampleur is
      (the Anah values the CEE itself); the Coup de pouce replaces the
      generic CEE valuation when both apply (same certificates);
    * écrêtement: rénovation d'ampleur — MaPrimeRénov' and the other grants
      (``ctx.other_grants_eur``, FEDER) capped at the rule's share of the TTC
      cost (100/90/80/50 %); par geste — MaPrimeRénov', CEE and other grants
      capped at a share of the HT cost (90/75/60 %); MaPrimeRénov' is
      reduced first;
    * loans finance the TTC cost left after grants.

    Parameters
    ----------
    ctx : AidContext
    include_optional : bool, default False
        Count optional aids (FEDER).

    Returns
    -------
    list of AidResult

    Examples
    --------
    >>> ctx = AidContext(owner_type="owner_occupier", income_category="modestes",
    ...                  class_before="E", class_after="D", measures=["heating"],
    ...                  cost_ht=13270, cost_ttc=14000, living_area_m2=80.0,
    ...                  heating_before="fuel_oil_boiler", heating_after="heat_pump_air_water")
    >>> for r in eligible_aids(ctx):
    ...     print(r.aid, r.applied, round(r.amount_eur))
    maprimerenov_ampleur False 0
    mon_accompagnateur_renov False 0
    maprimerenov_geste True 4000
    cee_coup_de_pouce_chauffage True 3184
    cee_generic False 0
    eco_ptz True 1764
    eco_pret_logement_social False 0
    feder False 0
    erbm False 0
    >>> print(eligible_aids(ctx)[0].reason)
    MaPrimeRénov' rénovation d'ampleur: class E -> D: gain 1 < 2 classes
    """
    from .subsidies_geste import maprimerenov_geste, mon_accompagnateur_renov
    from .subsidies_social import erbm_mining_houses

    mpr = maprimerenov_ampleur(ctx)
    mar = mon_accompagnateur_renov(ctx, ampleur_applied=mpr.applied)
    geste = maprimerenov_geste(ctx)
    if mpr.applied and geste.applied:
        geste = _off(
            geste,
            geste.reason + " (not applied: not cumulable with MaPrimeRénov' rénovation d'ampleur)",
        )
    cdp = cee_coup_de_pouce_chauffage(ctx)
    gen = cee_generic(ctx)
    if mpr.applied:
        note = " (not applied: not cumulable with MaPrimeRénov' rénovation d'ampleur, whose CEE the Anah values)"
        if cdp.applied:
            cdp = _off(cdp, cdp.reason + note)
        if gen.applied:
            gen = _off(gen, gen.reason + note)
    if cdp.applied and gen.applied:
        gen = _off(
            gen, gen.reason + " (not applied: the Coup de pouce values the same certificates)"
        )
    feder = feder_social_housing(ctx)
    if feder.applied and not include_optional:
        feder = _off(feder, feder.reason + " (not counted: include_optional=False)")
    erbm = erbm_mining_houses(ctx)
    if mpr.applied:
        share = mpr.figures["ecretement_share_of_ttc"]
        cap = share * ctx.cost_ttc
        total = mpr.amount_eur + ctx.other_grants_eur + (feder.amount_eur if feder.applied else 0.0)
        if total > cap:
            cut = min(total - cap, mpr.amount_eur)
            mpr = _reduce(
                mpr,
                cut,
                f"; écrêtement: aids capped at {share:.0%} of TTC cost {_fmt(ctx.cost_ttc)} EUR, "
                f"reduced by {_fmt(cut)} EUR to {_fmt(mpr.amount_eur - cut)} EUR".replace("%", " %"),
            )
    elif geste.applied:
        share = geste.figures["ecretement_share_of_ht"]
        cap = share * ctx.cost_ht
        total = sum(r.amount_eur for r in (geste, cdp, gen, feder) if r.applied)
        total += ctx.other_grants_eur
        if total > cap:
            cut = min(total - cap, geste.amount_eur)
            geste = _reduce(
                geste,
                cut,
                f"; écrêtement: aids capped at {share:.0%} of HT cost {_fmt(ctx.cost_ht)} EUR, "
                f"reduced by {_fmt(cut)} EUR to {_fmt(geste.amount_eur - cut)} EUR".replace("%", " %"),
            )
    grants_total = sum(
        r.amount_eur for r in (mpr, mar, geste, cdp, gen, feder, erbm) if r.applied
    )
    grants_total += ctx.other_grants_eur
    ptz = eco_ptz(ctx, grants_eur=grants_total)
    pls = eco_pret_logement_social(ctx, grants_eur=grants_total)
    return [mpr, mar, geste, cdp, gen, ptz, pls, feder, erbm]


def total_grants(results: list[AidResult]) -> float:
    """Sum of the applied grants (loans excluded) [EUR]."""
    return float(sum(r.amount_eur for r in results if r.applied and r.kind == "grant"))


def total_value(results: list[AidResult]) -> float:
    """Sum of applied grants and grant-equivalents of loans [EUR]."""
    return float(sum(r.amount_eur for r in results if r.applied))
