"""Languages of the report and the command line: English and French.

Messages are written in English in the code and looked up in :data:`FR`
(``tr("net cost", "fr")`` -> ``"reste à charge"``); numbers, money and dates are
written the way each language writes them: ``1,234.5`` and ``2.35 M€`` in
English, ``1 234,5`` and ``2,35 M€`` in French (a narrow no-break space
U+202F groups the thousands, a no-break space U+00A0 separates the unit, as
the Imprimerie nationale's *Lexique des règles typographiques* recommends).

>>> num(-1234.56, 1, "fr")
'−1\u202f234,6'
>>> eur(2_345_678, "fr")
'2,35\u00a0M€'
>>> date("2026-12-06", "fr"), date("2026-12-06", "en")
('6 décembre 2026', '6 December 2026')
>>> tr("net cost", "fr")
'reste à charge'
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

from .errors import InputError

__all__ = ["LANGS", "check_lang", "date", "eur", "num", "pct", "tr"]

#: Languages of the report and the CLI summaries.
LANGS = ("en", "fr")

_MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
}

#: Short month names (chart axes).
MONTHS_SHORT = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "fr": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
}

_THIN = "\u202f"  # narrow no-break space: French thousands separator
_NBSP = "\u00a0"  # no-break space: before a unit in French


def check_lang(lang: str) -> str:
    """``lang`` if it is one of :data:`LANGS`, else an :class:`~rehab.errors.InputError`."""
    if lang not in LANGS:
        raise InputError(f"lang {lang!r} is not available; use one of {', '.join(LANGS)}")
    return lang


def tr(msg: str, lang: str = "en", /, **fields: Any) -> str:
    """The message in ``lang``, with ``{fields}`` filled in (English if no translation)."""
    text = FR.get(msg, msg) if lang == "fr" else msg
    return text.format(**fields) if fields else text


def num(x: Any, digits: int = 0, lang: str = "en") -> str:
    """A number with grouped thousands and a true minus sign; ``–`` when missing."""
    if x is None or not math.isfinite(float(x)):
        return "–"
    s = f"{float(x):,.{digits}f}"
    s = s.replace("-", "−") if s.strip("-0.,") else s.lstrip("-")
    if lang == "fr":
        s = s.replace(",", _THIN).replace(".", ",")
    return s


def eur(x: Any, lang: str = "en", *, signed: bool = False) -> str:
    """Euros, large sums in k€ and M€ (``eur(2_345_678)`` -> ``'2.35 M€'``)."""
    if x is None or not math.isfinite(float(x)):
        return "–"
    x = float(x)
    a = abs(x)
    sign = "−" if x < 0 and a >= 0.5 else ("+" if signed and x >= 0.5 else "")
    sp = _NBSP if lang == "fr" else " "
    if a >= 1e6:
        return f"{sign}{num(a / 1e6, 2, lang)}{sp}M€"
    if a >= 1e4:
        return f"{sign}{num(a / 1e3, 0, lang)}{sp}k€"
    return f"{sign}{num(a, 0, lang)}{sp}€"


def pct(x: Any, lang: str = "en", digits: int = 0) -> str:
    """A percentage (``pct(12.3, "fr")`` -> ``'12 %'`` with a no-break space)."""
    return f"{num(x, digits, lang)}{_NBSP if lang == 'fr' else ' '}%"


def unit(value: str, unit_: str, lang: str = "en") -> str:
    """A formatted value and its unit, joined by a no-break space in French."""
    return f"{value}{_NBSP if lang == 'fr' else ' '}{unit_}"


def date(d: Any, lang: str = "en") -> str:
    """A date in words: ``'6 December 2026'``, ``'6 décembre 2026'`` (``1er`` in French)."""
    d = _dt.date.fromisoformat(str(d)[:10]) if not isinstance(d, _dt.date) else d
    day = "1er" if (lang == "fr" and d.day == 1) else str(d.day)
    return f"{day} {_MONTHS['fr' if lang == 'fr' else 'en'][d.month - 1]} {d.year}"


from ._i18n_fr import FR  # noqa: E402  (the dictionary is long: its own module)
