"""Grants of social landlords' mining houses: the ERBM of the Nord–Pas-de-Calais coal basin.

The *Engagement pour le renouveau du bassin minier* (2017) co-finances the
energy renovation of the social landlords' mining houses: about 124 M€ of
State grants for about 9,500 dwellings in 2018–2024 (about 13 k€ per
dwelling), matched euro for euro by the local authorities
(``data/subsidies/erbm.json``). The grant is counted when the context says
the dwelling is part of an ERBM cité operation (``AidContext(erbm=True)``).

Examples
--------
>>> from rehab.subsidies import AidContext
>>> ctx = AidContext(owner_type="social_landlord", class_before="F", class_after="C",
...                  cost_ht=80000, cost_ttc=84400, erbm=True, dwellings=2)
>>> r = erbm_mining_houses(ctx)
>>> r.applied, r.amount_eur, r.figures["state_eur"]
(True, 52212.0, 26106.0)
"""

from __future__ import annotations

from .subsidies_base import AidContext, AidResult, _file, _fmt, _in_force, _no_rule

__all__ = ["erbm_mining_houses"]


def erbm_mining_houses(ctx: AidContext) -> AidResult:
    """ERBM grant of a social mining house: State + matching local grants [EUR].

    ``dwellings × state_per_dwelling × (1 + local_match_share)``, for social
    landlords in Hauts-de-France with ``ctx.erbm``.
    """
    aid = "erbm"
    data = _file("erbm")
    rule = _in_force(data["rules"], ctx.date)
    if rule is None:
        return _no_rule(aid, "grant", ctx.date, data["rules"])
    base = {"rule": rule["id"], "source": data["source"], "confidence": rule["confidence"]}

    def no(why: str) -> AidResult:
        return AidResult(aid, False, 0.0, "grant", f"ERBM: {why}", **base)

    if ctx.owner_type not in rule["eligible_owner_types"]:
        return no("social landlords' mining houses only")
    if ctx.region != rule["region"]:
        return no(f"Nord–Pas-de-Calais coal basin only (region {ctx.region!r})")
    if not ctx.erbm:
        return no("the dwelling is not declared part of an ERBM cité operation (AidContext.erbm)")
    state = float(rule["state_eur_per_dwelling"] * ctx.dwellings)
    local = state * float(rule["local_match_share"])
    return AidResult(
        aid,
        True,
        state + local,
        "grant",
        f"ERBM: State {_fmt(rule['state_eur_per_dwelling'])} EUR/dwelling (2018-2024 average) "
        f"x {ctx.dwellings} = {_fmt(state)} EUR, matched by the local authorities "
        f"({_fmt(local)} EUR): {_fmt(state + local)} EUR",
        figures={"state_eur": state, "local_eur": local},
        **base,
    )
