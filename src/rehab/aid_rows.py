"""The aid contexts of a programme's rows as arrays, for :func:`rehab.aid_arrays.eligible_aids_arrays`.

:func:`row_contexts` turns the rows of :func:`rehab.evaluation.evaluate_units`
(owner and income of each dwelling, DPE classes and Cep of each 3CL
combination, the package's measure kinds, systems and par-geste quantities,
aid-eligible costs) into the distinct :class:`rehab.aid_arrays.AidArrays`
contexts and the context of each row, without a Python loop over rows: the
Python objects among them (systems, measure-kind tuples) are coded once per
distinct object.
"""

from __future__ import annotations

from itertools import chain
from operator import itemgetter
from typing import Any

import numpy as np
import pandas as pd

from .aid_arrays import OWNER_TYPES, AidArrays
from .errors import InputError
from .finance import as_date
from .subsidies_base import (
    CLASSES,
    HEATING_SYSTEMS,
    INCOME_CATEGORIES,
    MEASURE_KINDS,
    _file,
    _in_force,
)

__all__ = ["by_object", "codes", "first_appearance", "row_contexts"]


def codes(values: Any, vocab: tuple[str, ...], what: str) -> np.ndarray:
    """Codes into ``vocab`` of a sequence of names (None: −1), through its distinct values."""
    arr = np.empty(len(values), dtype=object)
    arr[:] = list(values)
    codes, uniq = pd.factorize(arr, use_na_sentinel=True)
    idx = {v: i for i, v in enumerate(vocab)}
    bad = [u for u in uniq if u not in idx]
    if bad:
        raise InputError(f"{what}: {bad[0]!r} is not one of {', '.join(vocab)}")
    lut = np.array([idx[u] for u in uniq] + [-1], dtype=np.int64)
    return lut[codes]


def by_object(objs: Any, value: Any) -> tuple[np.ndarray, list[Any]]:
    """(code of each object, values) with ``value(obj)`` computed once per distinct object
    (by identity) and the codes numbering the distinct values (by equality)."""
    ids = np.fromiter(map(id, objs), dtype=np.int64, count=len(objs))
    _, first, inv = np.unique(ids, return_index=True, return_inverse=True)
    vals: dict[Any, int] = {}
    code = np.array([vals.setdefault(value(objs[i]), len(vals)) for i in first], dtype=np.int64)
    return code[inv.reshape(-1)] if len(ids) else np.zeros(0, dtype=np.int64), list(vals)


def row_contexts(units: Any, dw: Any, d: Any, rows: np.ndarray, ct: np.ndarray, combo_r: np.ndarray,
                 drow: np.ndarray, hn: Any, heat_r: list, c3: dict[str, Any], aid_ht_r: np.ndarray,
                 aid_ttc_r: np.ndarray, base_final: np.ndarray, final_r: np.ndarray,
                 area_r: np.ndarray | None = None) -> tuple:
    """The distinct aid contexts of ``rows`` (:class:`rehab.aid_arrays.AidArrays`) and the
    context of each row, numbered in order of first appearance.

    Parameters
    ----------
    units, dw
        :class:`rehab.scenarios.Units` and :class:`rehab.evaluation.Dwellings`.
    d : date
        Date of the aid requests.
    rows : numpy.ndarray of int
        The rows that get aids (computed, with aid-eligible cost lines).
    ct, combo_r : numpy.ndarray of int
        3CL combination of each row (``combo_r[units.base]``: the baseline's).
    drow : numpy.ndarray of int
        Dwelling of each row.
    hn : callable
        Heating system -> name in :data:`rehab.subsidies.HEATING_SYSTEMS` (or None).
    heat_r : list
        Heating system of each row after works.
    c3 : dict
        ``label``, ``cep`` [kWhEP/(m²·yr)], ``eges`` [kgCO2e/(m²·yr)] of each combination.
    aid_ht_r, aid_ttc_r : numpy.ndarray
        Aid-eligible cost of each row [EUR].
    base_final, final_r : numpy.ndarray
        Final energy before / after [kWh/yr].
    area_r : numpy.ndarray, optional
        Living area of each row [m²]: the heated area of the CEE Coup de pouce when the rule
        in force computes it from the heat-pump fiche (a context column only then, and only
        on the rows installing a heat pump that fiche pays).

    Returns
    -------
    (AidArrays, numpy.ndarray)
        The distinct contexts and the context of each of ``rows``.
    """
    m = len(rows)
    mk = {k: i for i, k in enumerate(MEASURE_KINDS)}
    dr = drow[rows]
    owner = codes(dw.owner, OWNER_TYPES, "owner")[dr]
    income = np.where(owner == OWNER_TYPES.index("social_landlord"), -1,
                      codes(dw.income, INCOME_CATEGORIES, "income")[dr])
    lab = codes(c3["label"], CLASSES, "DPE class")
    c, b = ct[rows], combo_r[units.base[rows]]
    kcode, kinds = by_object(units.aid_kinds[rows], lambda t: tuple(t or ()))
    kmat = np.zeros((len(kinds), len(MEASURE_KINDS)), dtype=bool)
    for j, t in enumerate(kinds):
        kmat[j, [mk[x] for x in t]] = True
    measures = kmat[kcode] if m else np.zeros((0, len(MEASURE_KINDS)), dtype=bool)
    hc, hnames = by_object(dw.heating, hn)
    hb = codes(hnames, HEATING_SYSTEMS, "heating")[hc][dr] if len(hnames) else np.full(m, -1)
    heat_rows = list(map(heat_r.__getitem__, rows.tolist()))
    hc, hnames = by_object(heat_rows, hn)
    ha = codes(hnames, HEATING_SYSTEMS, "heating")[hc] if len(hnames) else np.full(m, -1)
    # the DHW system and the ventilation a package installs (par-geste items naming them)
    dcode, dnames = by_object(units.dhw_after[rows], lambda x: getattr(x, "name", None) if x is not None else None)
    outcome = units.outcome[rows] if units.outcome is not None else np.full(m, None, dtype=object)
    vcode, vnames = by_object(outcome, lambda oc: oc.house.ventilation.system if oc is not None else None)
    systems = sorted({s.replace("-", "_") for s in (*dnames, *vnames) if s is not None})
    sidx = {s: i for i, s in enumerate(systems)}
    dlut = np.array([sidx[s.replace("-", "_")] if s is not None else -1 for s in dnames] + [-1], dtype=np.int64)
    vlut = np.array([sidx[s.replace("-", "_")] if s is not None else -1 for s in vnames] + [-1], dtype=np.int64)
    dhw = dlut[dcode]
    vent = np.where(measures[:, mk["ventilation"]], vlut[vcode], -1)
    # par-geste quantities: the (kind, quantity) pairs of every row, flattened
    aq = units.aid_quantities[rows]
    lens = np.fromiter(map(len, aq), dtype=np.int64, count=m)
    flat = list(chain.from_iterable(aq))
    q = np.full((m, len(MEASURE_KINDS)), np.nan)
    if flat:
        kq = np.fromiter(map(mk.__getitem__, map(itemgetter(0), flat)), dtype=np.int64, count=len(flat))
        vq = np.fromiter(map(itemgetter(1), flat), dtype=float, count=len(flat))
        q[np.repeat(np.arange(m), lens), kq] = vq
    saved = base_final[rows] - final_r[rows]
    cols = {
        "owner": owner, "income": income, "class_before": lab[b], "class_after": lab[c],
        "cost_ht": aid_ht_r[rows], "cost_ttc": aid_ttc_r[rows], "heating_before": hb, "heating_after": ha,
        "cep_before": c3["cep"][b], "cep_after": c3["cep"][c], "eges_before": c3["eges"][b],
        "final_energy_saved_kwh": np.where(saved < 0.0, 0.0, saved), "dhw_after": dhw, "ventilation_after": vent,
        "erbm": (np.fromiter(map(bool, dw.erbm), dtype=bool, count=len(dw.erbm))[dr] if dw.erbm is not None
                 else np.zeros(m, dtype=bool)),
    }
    rule = _in_force(_file("cee")["coup_de_pouce_chauffage"], as_date(d))
    if area_r is not None and rule is not None and rule.get("method") == "fiche_bonus":
        # only the rows installing a heat pump the fiche pays need their area (others share contexts)
        by_fiche = np.array([h in rule["fiches"] for h in HEATING_SYSTEMS] + [False])[ha]
        cols["living_area_m2"] = np.where(by_fiche, np.asarray(area_r, dtype=float)[rows], np.nan)
    used = np.flatnonzero(~np.isnan(q).all(axis=0))
    key = first_appearance([*cols.values(), kcode, *q[:, used].T])
    first = np.unique(key, return_index=True)[1] if m else np.zeros(0, dtype=np.int64)
    ctx = AidArrays(**{k: v[first] for k, v in cols.items()}, measures=measures[first], quantities=q[first],
                    systems=tuple(systems), date=d)
    return ctx, key


def first_appearance(columns: list[np.ndarray]) -> np.ndarray:
    """Code of each row's tuple of column values, numbered in order of first appearance.

    Floats compare by value (−0.0 equals 0.0, every NaN equals NaN). The rows are hashed
    to one 64-bit number (one factorisation), then checked against the first row of their
    code; on a hash collision the columns are factorised one after the other instead.
    """
    m = len(columns[0]) if columns else 0
    if m == 0:
        return np.zeros(0, dtype=np.int64)
    mat = np.empty((m, len(columns)), dtype=np.int64)
    for j, col in enumerate(columns):
        a = np.asarray(col)
        if a.dtype.kind == "f":
            a = a.astype(float) + 0.0  # -0.0 -> 0.0
            mat[:, j] = np.where(np.isnan(a), np.nan, a).view(np.int64)
        else:
            mat[:, j] = a.astype(np.int64)
    u = mat.view(np.uint64)
    h = np.zeros(m, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(u.shape[1]):
            x = (h ^ u[:, j]) * np.uint64(0x9E3779B97F4A7C15)
            h = x ^ (x >> np.uint64(29))
    code = pd.factorize(h)[0].astype(np.int64)
    first = np.unique(code, return_index=True)[1]
    if (mat == mat[first[code]]).all():
        return code
    code = np.zeros(m, dtype=np.int64)  # a collision: exact, column by column
    for j in range(mat.shape[1]):
        c2 = pd.factorize(mat[:, j])[0].astype(np.int64) + 1
        code = pd.factorize(code * (int(c2.max(initial=0)) + 1) + c2)[0].astype(np.int64)
    return code
