"""The two languages: every message the code translates has its French, numbers and dates the French way."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

import rehab
from rehab import _i18n, cli, plot
from rehab._i18n import FR, date, eur, num, pct, tr
from rehab.errors import InputError

SRC = Path(rehab.__file__).parent
TRANSLATED = [SRC / "plot.py", SRC / "cli.py", *sorted((SRC / "report").glob("*.py"))]


def _literal_messages(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        n.args[0].value
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
        and getattr(n.func, "id", None) == "tr"
        and n.args
        and isinstance(n.args[0], ast.Constant)
        and isinstance(n.args[0].value, str)
    ]


@pytest.mark.parametrize("path", TRANSLATED, ids=lambda p: p.name)
def test_every_literal_message_has_its_french(path):
    missing = [m for m in _literal_messages(path) if m not in FR]
    assert missing == []


def test_messages_held_in_tables_have_their_french():
    from rehab.report import html, sections

    tables = [
        plot.OWNER_NAMES.values(),
        plot._KIND_NAMES.values(),
        plot.BILL_NAMES.values(),
        cli._ASSESS_LABELS.values(),
        ["yes", "no", "realistic", "conventional"],
        sections._BILL_COLUMNS.values(),
        sections._QUANTITY_NAMES.values(),
        [t for _, t in html._SECTIONS],
        ["final energy", "primary energy", "heating need", "energy", "no works", "before", "after"],
        ["plan method", "plan objective", "plan budget basis", "yearly budget", "capacity [houses/yr]"],
    ]
    missing = [m for t in tables for m in t if m not in FR]
    assert missing == []


def test_placeholders_match():
    import string

    fields = lambda s: sorted(f for _, f, _, _ in string.Formatter().parse(s) if f)  # noqa: E731
    bad = [k for k, v in FR.items() if fields(k) != fields(v)]
    assert bad == []


def test_numbers_money_percent_dates():
    assert num(1234567.891, 2, "fr") == "1\u202f234\u202f567,89"
    assert num(1234567.891, 2, "en") == "1,234,567.89"
    assert num(-0.2, 0, "fr") == "0" and num(float("nan"), 0, "fr") == "–"
    assert eur(-12_345, "fr") == "−12\u00a0k€" and eur(950.4, "fr") == "950\u00a0€"
    assert eur(1200, "fr", signed=True) == "+1\u202f200\u00a0€"
    assert pct(12.34, "fr", 1) == "12,3\u00a0%"
    assert date(dt.date(2027, 1, 1), "fr") == "1er janvier 2027"
    assert date("2026-08-15", "fr") == "15 août 2026" and date("2026-08-15") == "15 August 2026"
    assert tr("{years}-yr payback", "fr", years=10) == "retour en 10 ans"
    assert tr("untranslated", "fr") == "untranslated"


def test_check_lang():
    assert _i18n.check_lang("fr") == "fr"
    with pytest.raises(InputError, match="lang 'es' is not available; use one of en, fr"):
        _i18n.check_lang("es")
