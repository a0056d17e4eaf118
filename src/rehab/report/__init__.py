"""A landlord's report of a retrofit programme: tables, charts and one self-contained HTML file.

:func:`write_html` turns a programme result (:meth:`rehab.Programme.run`)
into one HTML file that opens in any browser without Python nor network:
every chart is a PNG drawn with matplotlib (extra ``rehab[plot]``) and
embedded as base64, the style sheet is inline, no font, script or image is
fetched from anywhere (a Content-Security-Policy in the file forbids it).
The charts are drawn by :mod:`rehab.plot`, the same functions a notebook
uses. ``lang="fr"`` writes the whole report in French (texts, chart
labels, numbers as ``1 234,5`` and dates as ``6 décembre 2026``).
The report holds

* the summary of the chosen programme (houses, packages, cost, subsidies,
  net cost, energy and CO2 saved, DPE classes before and after);
* the comparison of every package on the whole stock;
* the DPE class distribution before and after (bar chart);
* cost against bill savings per house (scatter);
* the energy bills before and after split by use (heating, hot water,
  auxiliaries, subscriptions …) and by energy carrier (chart and tables);
* the marginal abatement-cost curve (EUR per tCO2 against cumulative tCO2
  saved per year);
* the yearly phasing and cash flows (when a plan is given);
* the uncertainty bands P10/P50/P90 (when given);
* tables per owner type, per street and per cité;
* the settings of the run and every shipped data file with its date and
  source (read through :mod:`rehab._data`).

The tables behind the report are public functions returning DataFrames
(:func:`outcomes`, :func:`package_comparison`, :func:`bill_breakdown`, :func:`group_summary`,
:func:`class_distribution`, :func:`data_sources`), so other tools can use
them without the HTML; :func:`write_tables` writes them as CSV, Parquet or
one spreadsheet (``format="xlsx"``).

The package is split by concern: :mod:`~rehab.report.tables` (the
DataFrames), :mod:`~rehab.report.html` (the page), ``sections`` (phasing and
uncertainty) and ``_html`` (the HTML building blocks).

Examples
--------
>>> from rehab import report
>>> src = report.data_sources()
>>> {"materials", "factors", "weather"} <= set(src["topic"])
True
>>> bool(src["date"].str.match(r"\\d{4}-\\d{2}-\\d{2}").all())
True
"""


from __future__ import annotations

from .._i18n import eur as _eur_lang
from .._i18n import num as _num_lang
from ..plot import CLASSES, DPE_COLOURS, OWNER_NAMES
from ._html import _objective_text
from .html import write_html
from .sections import _scaled
from .tables import (
    _plan_choice,
    bill_breakdown,
    class_distribution,
    data_sources,
    group_summary,
    outcomes,
    owner_choice,
    package_comparison,
    run_settings,
    write_tables,
)

__all__ = [
    "CLASSES",
    "DPE_COLOURS",
    "OWNER_NAMES",
    "bill_breakdown",
    "class_distribution",
    "data_sources",
    "group_summary",
    "outcomes",
    "owner_choice",
    "package_comparison",
    "run_settings",
    "write_html",
    "write_tables",
]


def _eur(x: float, *, signed: bool = False) -> str:
    """Euros in English, large sums in k€ and M€ (``_eur(2_345_678)`` -> '2.35 M€')."""
    return _eur_lang(x, "en", signed=signed)


def _num(x: float, digits: int = 0) -> str:
    """A number in English with thousands separators and a true minus sign."""
    return _num_lang(x, digits, "en")


#: Private helpers the CLI and the tests of 0.1 reach through ``rehab.report``.
_COMPAT = (_objective_text, _plan_choice, _scaled)
