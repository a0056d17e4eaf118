"""rehab.options: one model and one set of defaults for assess, Programme and the CLI."""

import datetime as dt

import pytest

import rehab
from rehab import cli, finance
from rehab.errors import InputError, UnknownNameError
from rehab.options import DEFAULTS, STUDY_DATE, Options, make_options
from rehab.programme import Programme


def test_defaults_live_once():
    o = make_options()
    assert isinstance(o, Options)
    assert o.date == dt.date.fromisoformat(STUDY_DATE) and o.year == 2026
    assert o.discount_rate == finance.DISCOUNT_RATE and o.horizon == DEFAULTS["horizon"] == 30
    assert (o.mode, o.method, o.scenario, o.kva) == ("realistic", "hourly", "constant", "auto")
    # the command line takes the same default study date
    parser = cli.build_parser()
    dates = [a.default for sub in parser._subparsers._group_actions for p in sub.choices.values()
             for a in p._actions if a.dest == "date"]
    assert set(dates) == {STUDY_DATE, None}  # None: `rehab dpe` re-computes each DPE at its own date


def test_assess_and_programme_read_the_same_options():
    h = rehab.archetypes.get("coron-mid-terrace")
    df = rehab.assess(h, ["attic-only"], date="2027-03-01", mode="conventional", horizon=20)
    s = df.attrs["settings"]
    assert (s["date"], s["mode"], s["horizon"], s["scenario"]) == ("2027-03-01", "conventional", 20, "constant")
    p = Programme(rehab.stock.demo().table.head(2), ["attic-only"], date="2027-03-01", mode="conventional",
                  horizon=20)
    assert p.options == make_options(date="2027-03-01", mode="conventional", horizon=20,
                                      weather=p.options.weather)


@pytest.mark.parametrize(("option", "value", "match"), [
    ("mode", "dream", "mode: 'dream'; allowed 'conventional', 'realistic'"),
    ("method", "daily", "method: 'daily'; allowed 'hourly', 'monthly'"),
    ("discount_rate", 2.0, "discount_rate: 2.0 per year; allowed between -1 and 1"),
    ("kva", 50, "kva: 50; allowed 'auto' or a subscribed power in kVA"),
    ("cost_factor", -1, "cost_factor: -1; give a number >= 0"),
    ("weather", 3, "weather: int; give a rehab Weather, an EPW path or None"),
    ("colour", "red", r"unknown option\(s\) \['colour'\]; allowed: bill_prices"),
])
def test_bad_options_name_the_option_and_what_is_allowed(option, value, match):
    with pytest.raises(InputError, match=match):
        make_options(**{option: value})
    with pytest.raises(InputError, match=match):
        rehab.assess(rehab.archetypes.get("coron-mid-terrace"), ["attic-only"], **{option: value})


def test_unknown_rule_set_lists_the_known_ones():
    with pytest.raises(UnknownNameError, match="rule set"):
        make_options(rules=("france", "mars"))
