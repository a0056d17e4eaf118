"""Certified DPE values next to rehab's own 3CL estimate of the same record.

:func:`compare` evaluates one :class:`~rehab.dpe.DPERecord` with
:meth:`DPERecord.estimate` (rehab's 3CL chain on the record's declared
elements and systems) and sets each result beside the certified value of
the file's ``sortie`` block; :func:`compare_many` does it for a list and
returns a table with the relative errors.

Examples
--------
>>> from rehab import dpe
>>> row = dpe.compare(dpe.read_xml(dpe.example_path()))
>>> row["label"], row["label_certified"]
('G', 'G')
>>> abs(row["cep_error"]) < 0.10
True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .reader import DPERecord

__all__ = ["compare", "compare_many", "side_by_side"]


def compare(record: DPERecord, date: Any = None) -> dict[str, Any]:
    """rehab's estimate of a record beside its certified values.

    Parameters
    ----------
    record : DPERecord
    date : str or date, optional
        Evaluation date (default: the date the DPE was established).

    Returns
    -------
    dict
        ``id``; for each of ``gv`` [W/K], ``need`` (heating need [kWh/yr]),
        ``dhw_need`` [kWh/yr], ``cep`` [kWhEP/(m²·yr)], ``eges``
        [kgCO2e/(m²·yr)]: rehab's value, ``<name>_certified`` and
        ``<name>_error`` (relative, rehab/certified − 1); ``label`` and
        ``label_certified``; ``ilpa``; ``notes``.
    """
    est = record.estimate(date)
    c = record.certified
    # the self-consumed PV electricity is deducted from Cep by the 3CL chain
    # itself (house.threecl.pv_self_consumed_kwh)
    cep = est.cep
    row: dict[str, Any] = {"id": record.id}
    pairs = {
        "gv": (est.details["gv_w_per_k"], c.gv_w_per_k),
        "need": (est.heating_need_kwh, c.heating_need_kwh),
        "dhw_need": (est.dhw_need_kwh, c.dhw_need_kwh),
        "cep": (cep, c.cep),
        "eges": (est.eges, c.eges),
    }
    for name, (mine, cert) in pairs.items():
        row[name] = float(mine)
        row[f"{name}_certified"] = float(cert)
        row[f"{name}_error"] = float(mine) / float(cert) - 1.0 if cert else float("nan")
    row["label"] = est.label
    row["label_certified"] = c.label
    row["ilpa"] = record.ilpa
    row["notes"] = "; ".join(record.notes)
    return row


def compare_many(records: Iterable[DPERecord], date: Any = None) -> Any:
    """:func:`compare` on many records: a :class:`pandas.DataFrame`, one row per record.

    Examples
    --------
    >>> from rehab import dpe
    >>> table = dpe.compare_many([dpe.read_xml(dpe.example_path())])
    >>> list(table.columns[:4])
    ['id', 'gv', 'gv_certified', 'gv_error']
    """
    import pandas as pd

    return pd.DataFrame([compare(r, date) for r in records])


def side_by_side(record: DPERecord, date: Any = None) -> str:
    """A plain-text table: certified vs rehab for one record (used by ``rehab dpe``).

    Examples
    --------
    >>> from rehab import dpe
    >>> print(dpe.side_by_side(dpe.read_xml(dpe.example_path())).splitlines()[0])
    DPE 2187E0981996L (established 2021-12-23, 42.5 m², zone H1c, ILPA no)
    """
    row = compare(record, date)
    h = record.house
    lines = [
        f"DPE {record.id} (established {record.date.isoformat()}, {h.floor_area:g} m², "
        f"zone {h.zone}, ILPA {'yes' if record.ilpa else 'no'})",
        f"{'':32}{'certified':>12}{'rehab':>12}{'error':>9}",
    ]
    names = {
        "gv": "GV [W/K]",
        "need": "heating need [kWh/yr]",
        "dhw_need": "DHW need [kWh/yr]",
        "cep": "Cep [kWhEP/(m²·yr)]",
        "eges": "EGES [kgCO2e/(m²·yr)]",
    }
    for key, label in names.items():
        lines.append(
            f"{label:32}{row[key + '_certified']:12.1f}{row[key]:12.1f}{row[key + '_error']:+9.1%}"
        )
    lines.append(f"{'class':32}{row['label_certified']:>12}{row['label']:>12}")
    lines.append("rehab: estimate with 3CL conventions from the declared elements and systems.")
    return "\n".join(lines)
