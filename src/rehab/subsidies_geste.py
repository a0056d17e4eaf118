"""MaPrimeRénov' par geste and Mon Accompagnateur Rénov': two Anah aids as dated rule data.

* **MaPrimeRénov' par geste** (``data/subsidies/maprimerenov_geste.json``):
  flat amounts per work item by income category — per heat pump, per m² of
  attic floor or roof slopes, per window … — for owner-occupiers and
  landlords of the three lower income categories. Since 1 January 2026
  wall insulation and biomass boilers are no longer eligible (décret
  n° 2025-956 du 8 septembre 2025). Not cumulable with the rénovation
  d'ampleur; aids capped at a share of the cost HT (écrêtement 90/75/60 %,
  applied by :func:`rehab.subsidies.eligible_aids`).
* **Mon Accompagnateur Rénov'** (``data/subsidies/mon_accompagnateur_renov.json``):
  the accompaniment mandatory for MaPrimeRénov' rénovation d'ampleur; its
  price (about 2,000 € TTC) is funded at 100/80/40/20 % by income category,
  on a base capped at 2,000 € TTC.

Both are checked case by case against the government's simulator Mes Aides
Réno (``tests/data/mesaidesreno``: 972 cases from its publicodes rules).

Examples
--------
>>> from rehab.subsidies import AidContext
>>> ctx = AidContext(owner_type="owner_occupier", income_category="modestes",
...                  class_before="F", class_after="E",
...                  measures=["attic_floor", "windows", "heating"],
...                  quantities={"attic_floor": 50, "windows": 6},
...                  heating_before="gas_boiler_old", heating_after="heat_pump_air_water",
...                  cost_ht=26000, cost_ttc=27430, date="2026-03-01")
>>> r = maprimerenov_geste(ctx)
>>> r.applied, r.amount_eur       # 4,000 (heat pump) + 50 m² x 20 + 6 x 80
(True, 5480.0)
>>> r.figures["items"]
{'heat_pump_air_water': 4000.0, 'attic_floor': 1000.0, 'windows': 480.0}
"""

from __future__ import annotations

from typing import Any

from .subsidies_base import AidContext, AidResult, _file, _fmt, _in_force, _no_rule

__all__ = ["WINDOW_AREA_M2", "aid_quantities", "maprimerenov_geste", "mon_accompagnateur_renov"]

#: Window area per window [m²] to turn priced m² of windows into the number of
#: windows MaPrimeRénov' par geste pays for: Mes Aides Réno's own conversion
#: (``isolation . vitres . CEE . surface = MPR . quantité × 2``, betagouv/reno
#: master 25bae95d, Dec 2025), an approximation.
WINDOW_AREA_M2 = 2.0

_PER_M2 = ("attic_floor", "roof_slopes")


def aid_quantities(lines: Any, quantities: Any = None) -> dict[str, Any]:
    """Quantities the par-geste rules need, from a package's cost lines.

    Attic-floor and roof-slope areas [m²] as priced; windows as a number of
    windows (priced m² / :data:`WINDOW_AREA_M2`).

    Parameters
    ----------
    lines : iterable of rehab.retrofit.CostLine
    quantities : sequence, optional
        The quantity of each line to use instead of its own, e.g. one array
        per line with a value per dwelling (the programme engine); the
        results are then arrays.

    Examples
    --------
    >>> from rehab.retrofit import CostLine
    >>> aid_quantities([CostLine("w", "windows_double_pvc", 12.0, "m2", 0, 0, 30, "windows", ""),
    ...                 CostLine("a", "attic_floor_blown", 48.0, "m2", 0, 0, 30, "attic_floor", "")])
    {'windows': 6.0, 'attic_floor': 48.0}
    """
    lines = list(lines)
    qs = [float(ln.quantity) for ln in lines] if quantities is None else list(quantities)
    out: dict[str, Any] = {}
    for ln, q in zip(lines, qs, strict=True):
        if ln.unit != "m2":
            continue
        if ln.aid_kind in _PER_M2:
            out[ln.aid_kind] = out.get(ln.aid_kind, 0.0) + q
        elif ln.aid_kind == "windows":
            out["windows"] = out.get("windows", 0.0) + q / WINDOW_AREA_M2
    return out


def _item_applies(item: dict[str, Any], ctx: AidContext) -> bool:
    if item["measure"] not in ctx.measures:
        return False
    for key in ("heating_after", "dhw_after", "ventilation_after"):
        if key in item and getattr(ctx, key) not in item[key]:
            return False
    return True


def maprimerenov_geste(ctx: AidContext) -> AidResult:
    """MaPrimeRénov' par geste for one project (before écrêtement) [EUR].

    Sum over the package's eligible items of the flat amount for the income
    category, times the quantity for items paid per m² or per window
    (``ctx.quantities``). The audit is paid only with another item.

    Parameters
    ----------
    ctx : AidContext

    Returns
    -------
    AidResult
        ``figures["items"]``: amount per item [EUR];
        ``figures["ecretement_share_of_ht"]``: the cap applied by
        :func:`rehab.subsidies.eligible_aids`.

    Examples
    --------
    >>> from rehab.subsidies import AidContext
    >>> ctx = AidContext(owner_type="owner_occupier", income_category="superieurs",
    ...                  class_before="E", class_after="D", measures=["heating"],
    ...                  heating_after="heat_pump_air_water", cost_ht=14000, cost_ttc=14770)
    >>> print(maprimerenov_geste(ctx).reason)
    MaPrimeRénov' par geste: income category superieurs not eligible (only tres_modestes, modestes, intermediaires)
    """
    aid = "maprimerenov_geste"
    rules = _file("maprimerenov_geste")["rules"]
    rule = _in_force(rules, ctx.date)
    if rule is None:
        return _no_rule(aid, "grant", ctx.date, rules)
    base = {
        "rule": rule["id"],
        "source": _file("maprimerenov_geste")["source"],
        "confidence": rule["confidence"],
    }

    def no(why: str) -> AidResult:
        return AidResult(aid, False, 0.0, "grant", f"MaPrimeRénov' par geste: {why}", **base)

    if ctx.owner_type not in rule["eligible_owner_types"]:
        return no(
            f"owner type {ctx.owner_type!r} not eligible "
            f"(only {', '.join(rule['eligible_owner_types'])})"
        )
    cats = rule["eligible_income_categories"]
    if ctx.income_category not in cats:
        return no(f"income category {ctx.income_category} not eligible (only {', '.join(cats)})")
    items: dict[str, float] = {}
    parts: list[str] = []
    missing: list[str] = []
    for item in rule["items"]:
        if item.get("requires_other_item") or not _item_applies(item, ctx):
            continue
        rate = float(item["amount_eur"][ctx.income_category])
        if item["per"] == "item":
            amount = rate * ctx.dwellings
            parts.append(f"{item['id']} {_fmt(amount)}")
        else:
            q = ctx.quantities.get(item["measure"])
            if q is None:
                missing.append(item["measure"])
                continue
            amount = rate * q
            parts.append(f"{item['id']} {q:g} {item['per']} x {rate:g} = {_fmt(amount)}")
        items[item["id"]] = items.get(item["id"], 0.0) + amount
    if items:
        for item in rule["items"]:
            if item.get("requires_other_item") and _item_applies(item, ctx):
                amount = float(item["amount_eur"][ctx.income_category]) * ctx.dwellings
                items[item["id"]] = amount
                parts.append(f"{item['id']} {_fmt(amount)}")
    note = (
        f"; not counted without a quantity: {', '.join(missing)} (give AidContext.quantities)"
        if missing
        else ""
    )
    if not items:
        return no(f"no eligible item in the package{note}")
    total = float(sum(items.values()))
    reason = (
        f"MaPrimeRénov' par geste ({ctx.income_category}): {'; '.join(parts)} EUR; "
        f"total {_fmt(total)} EUR{note}"
    )
    return AidResult(
        aid,
        True,
        total,
        "grant",
        reason,
        figures={
            "items": items,
            "ecretement_share_of_ht": rule["ecretement_share_of_ht"][ctx.income_category],
        },
        **base,
    )


def mon_accompagnateur_renov(ctx: AidContext, *, ampleur_applied: bool) -> AidResult:
    """Public funding of Mon Accompagnateur Rénov' [EUR].

    ``rate(income) × min(price, ceiling)`` per dwelling, paid with
    MaPrimeRénov' rénovation d'ampleur only (``ampleur_applied``). The price
    itself is a cost of the project (``ctx.accompaniment_price_ttc``, default
    the rule's average price).

    Examples
    --------
    >>> from rehab.subsidies import AidContext
    >>> ctx = AidContext(owner_type="owner_occupier", income_category="intermediaires",
    ...                  class_before="F", class_after="C", measures=["wall_external", "windows"],
    ...                  cost_ht=40000, cost_ttc=42200)
    >>> r = mon_accompagnateur_renov(ctx, ampleur_applied=True)
    >>> r.amount_eur, r.figures["price_eur_ttc"]
    (800.0, 2000.0)
    """
    aid = "mon_accompagnateur_renov"
    data = _file("mon_accompagnateur_renov")
    rule = _in_force(data["rules"], ctx.date)
    if rule is None:
        return _no_rule(aid, "grant", ctx.date, data["rules"])
    base = {"rule": rule["id"], "source": data["source"], "confidence": rule["confidence"]}
    price = (
        float(ctx.accompaniment_price_ttc)
        if ctx.accompaniment_price_ttc is not None
        else float(rule["price_eur_ttc"]) * ctx.dwellings
    )
    figures = {"price_eur_ttc": price}
    if not ampleur_applied:
        return AidResult(
            aid,
            False,
            0.0,
            "grant",
            "Mon Accompagnateur Rénov': funded only with MaPrimeRénov' rénovation d'ampleur",
            figures=figures,
            **base,
        )
    cat = ctx.income_category or "superieurs"
    rate = float(rule["rates"][cat])
    ceiling = float(rule["ceiling_eur_ttc"]) * ctx.dwellings
    amount = rate * min(price, ceiling)
    reason = (
        f"Mon Accompagnateur Rénov': {rate:.0%} ({cat}) x min(price {_fmt(price)} EUR TTC, "
        f"ceiling {_fmt(ceiling)} EUR TTC) = {_fmt(amount)} EUR"
    ).replace("%", " %")
    return AidResult(aid, True, amount, "grant", reason, figures={**figures, "rate": rate}, **base)
