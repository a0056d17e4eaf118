"""The run options of an assessment or a programme: one model, one set of defaults.

Every option of :func:`rehab.assess`, :class:`rehab.programme.Programme`
and the command line (``rehab assess``, ``rehab programme``) is named,
defaulted and checked here, once: :data:`DEFAULTS` holds the defaults
(the study date included), :func:`make_options` checks given values
against the allowed ones and brings them to :class:`Options`, the frozen
form the engine reads.

Examples
--------
>>> o = make_options(date="2027-01-15", mode="conventional")
>>> o.date.isoformat(), o.year, o.mode, o.horizon
('2027-01-15', 2027, 'conventional', 30)
>>> make_options(colour="red")
Traceback (most recent call last):
...
rehab.errors.InputError: unknown option(s) ['colour']; allowed: bill_prices, cost_factor, date, discount_rate, horizon, humidity_class, kva, main_rooms, method, mode, rules, scenario, summer_bypass, tenant_contribution, weather
"""

from __future__ import annotations

import datetime as _dt
import math
import numbers
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError

__all__ = ["DEFAULTS", "STUDY_DATE", "Options", "make_options"]

#: Default study date (DPE factors and classes, tariffs, aids, rental bans, price year):
#: 1 June 2026, after the 1 January 2026 change of the electricity primary-energy
#: factor (2.3 → 1.9, arrêté of 13 August 2025) and the 1 February 2026 regulated
#: tariffs (docs/economics.md). Choice of rehab, 2026-12.
STUDY_DATE = "2026-06-01"

#: The run options and their defaults (``discount_rate`` None: :data:`rehab.finance.DISCOUNT_RATE`;
#: ``weather`` None: :func:`rehab.weather.default`).
DEFAULTS: dict[str, Any] = {
    "date": STUDY_DATE,
    "horizon": 30,
    "discount_rate": None,
    "weather": None,
    "method": "hourly",
    "mode": "realistic",
    "rules": ("france",),
    "scenario": "constant",
    "kva": "auto",
    "bill_prices": "tariffs",
    "cost_factor": 1.0,
    "humidity_class": 3,
    "summer_bypass": True,
    "tenant_contribution": False,
    "main_rooms": None,
}


@dataclass(frozen=True)
class Options:
    """Validated options shared by :func:`rehab.assess` and :class:`Programme`."""

    date: _dt.date
    year: int
    horizon: int
    discount_rate: float
    weather: Any
    method: str = "hourly"
    mode: str = "realistic"
    rules: tuple[Any, ...] = ("france",)
    scenario: str = "constant"
    kva: Any = "auto"
    bill_prices: str = "tariffs"
    cost_factor: float = 1.0
    humidity_class: int = 3
    summer_bypass: bool = True
    tenant_contribution: bool = False
    main_rooms: int | None = None


def make_options(**given: Any) -> Options:
    """Check the options and bring them to their internal form (errors name field and allowed values).

    Parameters
    ----------
    **given
        Any of :data:`DEFAULTS` (the others take their default): ``date``
        (study date), ``horizon`` [yr], ``discount_rate`` [1/yr],
        ``weather`` (Weather, EPW path or None), ``method`` ("hourly",
        "monthly"), ``mode`` ("realistic", "conventional"), ``rules``
        (rule sets), ``scenario`` (price scenario), ``kva`` ("auto" or
        3..36), ``bill_prices`` ("tariffs", "dpe"), ``cost_factor`` (≥ 0),
        ``humidity_class`` (EN ISO 13788 class), ``summer_bypass``,
        ``tenant_contribution``, ``main_rooms``.

    Raises
    ------
    InputError
        An unknown option, or a value outside what is allowed (the message
        names the option, the value and what is allowed).
    """
    from . import costs, finance
    from .factors import parse_date
    from .weather import Weather, default, read_epw

    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        raise InputError(f"unknown option(s) {unknown}; allowed: {', '.join(sorted(DEFAULTS))}")
    o = {**DEFAULTS, **given}
    date, horizon, discount_rate, weather = o["date"], o["horizon"], o["discount_rate"], o["weather"]
    method, mode, rules, scenario, kva = o["method"], o["mode"], o["rules"], o["scenario"], o["kva"]
    bill_prices, cost_factor, humidity_class = o["bill_prices"], o["cost_factor"], o["humidity_class"]
    summer_bypass, tenant_contribution, main_rooms = o["summer_bypass"], o["tenant_contribution"], o["main_rooms"]
    if discount_rate is None:
        discount_rate = finance.DISCOUNT_RATE

    if mode not in ("conventional", "realistic"):
        raise InputError(f"mode: {mode!r}; allowed 'conventional', 'realistic'")
    if method not in ("hourly", "monthly"):
        raise InputError(f"method: {method!r}; allowed 'hourly', 'monthly'")
    if bill_prices not in ("tariffs", "dpe"):
        raise InputError(f"bill_prices: {bill_prices!r}; allowed 'tariffs', 'dpe'")
    if not (
        isinstance(cost_factor, (int, float)) and cost_factor >= 0 and math.isfinite(cost_factor)
    ):
        raise InputError(f"cost_factor: {cost_factor!r}; give a number >= 0")
    try:
        rate = float(discount_rate)
    except (TypeError, ValueError):
        raise InputError(
            f"discount_rate: {discount_rate!r}; give a real rate per year, e.g. 0.032"
        ) from None
    if not (-1.0 < rate < 1.0):
        raise InputError(
            f"discount_rate: {discount_rate!r} per year; allowed between -1 and 1 (0.032 = 3.2 %)"
        )
    if scenario not in finance.scenarios():
        raise InputError(f"scenario: {scenario!r}; allowed {', '.join(finance.scenarios())}")
    if kva != "auto" and not (isinstance(kva, numbers.Integral) and 3 <= int(kva) <= 36):
        raise InputError(f"kva: {kva!r}; allowed 'auto' or a subscribed power in kVA (3..36)")
    d = parse_date(date)
    if weather is None:
        w = default()
    elif isinstance(weather, Weather):
        w = weather
    elif isinstance(weather, (str, Path)):
        w = read_epw(weather)
    else:
        raise InputError(
            f"weather: {type(weather).__name__}; give a rehab Weather, an EPW path or None"
        )
    from .retrofit import rule_set

    rules = tuple(rules)
    for r in rules:
        rule_set(r)  # unknown names fail here, listing the known ones
    return Options(
        date=d,
        year=costs.study_year(d),
        horizon=finance._horizon(horizon),
        discount_rate=rate,
        weather=w,
        method=method,
        mode=mode,
        rules=rules,
        scenario=scenario,
        kva=kva,
        bill_prices=bill_prices,
        cost_factor=float(cost_factor),
        humidity_class=int(humidity_class),
        summer_bypass=bool(summer_bypass),
        tenant_contribution=bool(tenant_contribution),
        main_rooms=main_rooms,
    )


