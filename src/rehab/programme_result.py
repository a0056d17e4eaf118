"""The result of a programme: its table, the choice of a scenario per dwelling, aggregates and files.

:class:`ProgrammeResult` is what :meth:`rehab.programme.Programme.run`
returns (and :mod:`rehab.programme` re-exports): one row per dwelling and
scenario, the refused rows, the aids applied, the run's settings and
timings; :meth:`~ProgrammeResult.choose` picks a scenario per dwelling
(:mod:`rehab.objectives`), :meth:`~ProgrammeResult.aggregate` sums by
owner, street or cité, and the tables are written as CSV or Parquet.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import BadRow, InputError, require_extra
from .evaluation import UNITS
from .objectives import BASELINE
from .threecl import CLASSES

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ProgrammeResult"]


class _AidTable:
    """The aid table of a run, built on first read from the chunks' lazy aid results
    (:class:`rehab.aid_arrays.AidResultsLazy`, one per chunk with its ``aid_key`` offset)."""

    def __init__(self, parts: list[tuple[int, Any]]) -> None:
        self.parts = parts

    def frame(self, keys: Any = None) -> Any:
        """The rows of the contexts ``keys`` (all by default): aid_key, aid, amount_eur, kind, reason."""
        import pandas as pd

        rows: list[tuple[Any, ...]] = []
        for offset, lazy in self.parts:
            ks = None if keys is None else [k - offset for k in keys if 0 <= k - offset < len(lazy)]
            rows.extend(lazy.rows(offset, ks))
        return pd.DataFrame(rows, columns=["aid_key", "aid", "amount_eur", "kind", "reason"])

    def __call__(self) -> Any:
        return self.frame()


class _LazyField:
    """A dataclass field whose value may be an :class:`_AidTable`, built into its DataFrame on first read."""

    def __set_name__(self, owner: Any, name: str) -> None:
        self.key = f"_lazy_{name}"

    def __get__(self, obj: Any, objtype: Any = None) -> Any:
        if obj is None:
            return None  # the dataclass default
        v = obj.__dict__.get(self.key)
        if isinstance(v, _AidTable):
            v = obj.__dict__[self.key] = v()
        return v

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__[self.key] = value




@dataclass
class ProgrammeResult:
    """The result of :meth:`Programme.run`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per (house_id, scenario), the house as it is first, stock
        order; columns :data:`COLUMNS` (units in :data:`UNITS` and
        ``table.attrs["units"]``).
    houses : pandas.DataFrame
        The stock rows, indexed by house_id.
    settings : dict
        The options of the run.
    errors : list of BadRow
        Refused stock rows and dwellings that could not be computed.
    stats : dict
        Work shared: houses, variants, units (variant × scenario), thermal
        units, houses simulated, 3CL combinations, aid contexts, chunks,
        seconds.
    aid_table : pandas.DataFrame
        The aids applied per aid context (``aid_key`` of the table): aid,
        amount_eur, kind, reason.
    """

    table: pd.DataFrame
    houses: pd.DataFrame
    settings: dict[str, Any]
    errors: list[BadRow] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    aid_table: Any = _LazyField()

    def __repr__(self) -> str:
        """One line: houses, scenarios, rows, refused rows (``_repr_html_`` has the totals)."""
        t = self.table
        houses = t["house_id"].nunique() if "house_id" in t else 0
        scen = list(t["scenario"].unique()) if "scenario" in t else []
        return (
            f"ProgrammeResult({houses} houses × {len(scen)} scenarios {scen}, {len(t)} rows, "
            f"{len(self.errors)} refused row(s))"
        )

    def _repr_html_(self) -> str:
        """A short summary for notebooks: houses, scenarios, and each scenario's totals."""
        t = self.table
        cols = [c for c in ("cost_ttc_eur", "net_cost_eur", "bill_after_eur", "co2_kg") if c in t]
        g = t[t["allowed"]] if "allowed" in t else t
        agg = g.groupby("scenario", sort=False)[cols].sum().div(1e3).round(1)
        agg.columns = [c.replace("_eur", " [k€]").replace("_kg", " [t/yr]") for c in cols]
        if "dpe_class" in g:
            agg["classes"] = g.groupby("scenario", sort=False)["dpe_class"].agg(
                lambda s: " ".join(f"{k}:{v}" for k, v in sorted(s.value_counts().items()))
            )
        return (
            f"<p><b>ProgrammeResult</b>: {t['house_id'].nunique()} houses × "
            f"{t['scenario'].nunique()} scenarios (baseline included), {len(self.errors)} refused "
            "row(s); sums over the houses where each scenario is allowed</p>" + agg.to_html()
        )

    def plan(self, choice: Any = None, **options: Any) -> Any:
        """Phasing under a yearly budget and capacity: :func:`rehab.planning.plan` of this result."""
        from .planning import plan

        return plan(self, choice, **options)

    def cashflows(self, plan: Any, **options: Any) -> pd.DataFrame:
        """Yearly cash flows per payer of a plan: :func:`rehab.planning.cashflows`."""
        from .planning import cashflows

        return cashflows(self, plan, **options)

    def uncertainty(self, **options: Any) -> Any:
        """Monte Carlo bands of this programme: :func:`rehab.uncertainty.run`."""
        from .uncertainty import run

        return run(self, **options)

    def report(self, path: Any, **options: Any) -> Any:
        """Write the self-contained HTML report: :func:`rehab.report.write_html`."""
        from .report import write_html

        return write_html(self, path, **options)

    def aids(self, house_id: str, scenario: str) -> pd.DataFrame:
        """The aids applied to one dwelling and scenario, with their reasons."""
        t = self.table
        row = t[(t["house_id"] == house_id) & (t["scenario"] == scenario)]
        if row.empty:
            raise InputError(f"aids: no row for house_id {house_id!r} and scenario {scenario!r}")
        k = int(row["aid_key"].iloc[0])
        src = self.__dict__.get("_lazy_aid_table")
        table = src.frame([k]) if isinstance(src, _AidTable) else self.aid_table
        return table[table["aid_key"] == k].drop(columns="aid_key").reset_index(drop=True)

    # ------------------------------------------------------------ choice
    def choose(
        self,
        objective: str = "cheapest_reaching",
        target_class: str = "C",
        *,
        require_class: str | None = None,
    ) -> pd.DataFrame:
        """The scenario of each dwelling that best meets an objective.

        Parameters
        ----------
        objective : {"cheapest_reaching", "max_npv", "min_co2", "cheapest_bbc", "min_whole_life", "cheapest_carbon"}
            ``cheapest_reaching``: the lowest net cost (after grants) among the
            scenarios reaching ``target_class`` or better (the house as it is
            counts, at no cost); ``max_npv``: the highest NPV (doing nothing
            has NPV 0); ``min_co2``: the lowest emissions (ties: lowest net
            cost); ``cheapest_bbc``: the lowest net cost reaching class A or B;
            ``min_whole_life``: the lowest whole-life carbon over the horizon
            (embodied + operational, :mod:`rehab.carbon`; ties: lowest net
            cost); ``cheapest_carbon``: the lowest net cost per tonne of
            whole-life carbon avoided (the house as it is when no package
            saves any).
            Only allowed scenarios are considered; ties go to the lighter
            package (package order).
        target_class : str
            "A".."G", for ``cheapest_reaching``.
        require_class : str, optional
            For ``max_npv`` and ``min_co2``: consider only scenarios reaching it.

        Returns
        -------
        pandas.DataFrame
            One row per dwelling: ``house_id``, ``scenario`` (``baseline``
            when nothing qualifies), ``reason``, ``reaches_target``, then the
            chosen row's columns.
        """
        from .objectives import choose

        return choose(self.table, objective, target_class, require_class=require_class,
                      horizon=self.settings.get("horizon"))

    # ------------------------------------------------------------ aggregates
    def aggregate(self, by: Any = "owner", choice: Any = None) -> pd.DataFrame:
        """Sums and means per group of dwellings, before and after.

        Parameters
        ----------
        by : str or list of str
            Table columns to group by: ``owner``, ``archetype``, ``street``,
            ``cite``, ``income`` (or any other column of the table).
        choice : DataFrame, str or None
            None: one row per group and scenario (every dwelling takes that
            scenario; refused ones stay as they are); an objective name
            (:data:`OBJECTIVES`) or the DataFrame of :meth:`choose`: one row
            per group comparing the baseline with the chosen scenarios; a
            package name: every dwelling takes it where allowed.

        Returns
        -------
        pandas.DataFrame
            ``houses``, ``treated``, ``floor_area_m2``, energy, CO2 and bills
            before and after, the bills also by use and by carrier
            (``bill_heating_eur_before`` …; sums; ``cep_before``/``cep_after`` area-weighted
            means [kWhEP/(m²·yr)]), costs, grants (public share), net cost,
            savings, NPV (sums), and the dwellings per DPE class before
            (``before_A``…) and after (``after_A``…).
        """
        import pandas as pd

        t = self.table
        keys = [by] if isinstance(by, str) else list(by)
        bad = [k for k in keys if k not in t.columns]
        if bad or not keys:
            allowed = ("owner", "archetype", "street", "cite", "income")
            raise InputError(
                f"by: {bad or by!r} not a column of the table; allowed {', '.join(allowed)} (or any table column)"
            )
        base = t[t["scenario"] == BASELINE].set_index("house_id")
        if choice is None:
            frames = []
            for s in pd.unique(t["scenario"]):
                frames.append(self._agg(base, self._after(base, s), keys).assign(scenario=s))
            out = pd.concat(frames).reset_index()
            return out.set_index([*keys, "scenario"])
        return self._agg(base, self._after(base, choice), keys)

    def _after(self, base: pd.DataFrame, choice: Any) -> pd.DataFrame:
        """The chosen row of every dwelling (:func:`rehab.objectives.scenario_of`)."""
        import pandas as pd

        from .objectives import scenario_of

        want = scenario_of(self, choice).reindex(base.index).fillna(BASELINE)
        idx = pd.MultiIndex.from_arrays([want.index, want.to_numpy()])
        sel = self.table.set_index(["house_id", "scenario"], drop=False).reindex(idx)
        sel.index = want.index
        return sel

    @staticmethod
    def _agg(base: pd.DataFrame, after: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        import pandas as pd

        g = base[keys].copy()
        treated = (after["scenario"] != BASELINE) & after["allowed"].astype(bool)
        num = lambda df, c: pd.to_numeric(df[c], errors="coerce").fillna(0.0)  # noqa: E731
        data = pd.DataFrame(index=base.index)
        data["houses"] = 1
        data["treated"] = treated.astype(int)
        data["floor_area_m2"] = num(base, "floor_area_m2")
        for c, label in (
            ("delivered_kwh", "delivered_kwh"),
            ("primary_kwh", "primary_kwh"),
            ("co2_kg", "co2_kg"),
            ("bill_before_eur", "bill_eur"),
        ):
            data[f"{label}_before"] = num(base, c)
            data[f"{label}_after"] = num(after, "bill_after_eur" if c == "bill_before_eur" else c)
        for c in [c for c in base.columns if c.startswith("bill_") and c not in ("bill_before_eur", "bill_after_eur")]:
            data[f"{c}_before"] = num(base, c)  # the bill by use and by carrier (baseline row)
            data[f"{c}_after"] = num(after, c)
        for c in (
            "cost_ttc_eur",
            "subsidies_eur",
            "public_subsidies_eur",
            "net_cost_eur",
            "savings_eur",
            "npv_eur",
            "savings_kwh",
        ):
            data[c] = np.where(treated, num(after, c), 0.0)
        data["co2_saved_kg"] = data["co2_kg_before"] - data["co2_kg_after"]
        for cl in CLASSES:
            data[f"before_{cl}"] = (base["dpe_class"] == cl).astype(int)
            data[f"after_{cl}"] = (after["dpe_class"] == cl).astype(int)
        data = pd.concat([g, data], axis=1)
        out = data.groupby(keys, dropna=False).sum(numeric_only=True)
        area = out["floor_area_m2"].replace(0.0, np.nan)
        out.insert(
            list(out.columns).index("primary_kwh_after") + 1,
            "cep_before",
            out["primary_kwh_before"] / area,
        )
        out.insert(
            list(out.columns).index("cep_before") + 1, "cep_after", out["primary_kwh_after"] / area
        )
        return out

    # ------------------------------------------------------------ files
    def _write(self, directory: Any, fmt: str, overwrite: bool = False) -> Path:
        from . import safeio

        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        tables = {
            "table": self.table,
            "houses": self.houses.reset_index(drop=True),
            "aids": self.aid_table if self.aid_table is not None else None,
            "errors": _errors_frame(self.errors),
        }
        for name in [*(n for n, df in tables.items() if df is not None), "settings"]:  # all refused before any is written
            safeio.check_target(d / f"{name}.{'json' if name == 'settings' else fmt}", overwrite=overwrite)
        for name, df in tables.items():
            if df is None:
                continue
            out = df.copy()
            for c in out.columns:
                if out[c].dtype == object:
                    out[c] = out[c].map(lambda v: v.isoformat() if isinstance(v, _dt.date) else v)
            if fmt == "parquet":
                require_extra("pyarrow", "parquet", "writing Parquet tables")
                with safeio.atomic_file(d / f"{name}.parquet", overwrite=overwrite) as tmp:
                    out.to_parquet(tmp, index=False)
            else:  # formula-like text cells neutralised (rehab.safeio)
                safeio.write_csv(out, d / f"{name}.csv", overwrite=overwrite)
        meta = {"settings": self.settings, "stats": self.stats, "units": dict(UNITS)}
        safeio.write_text(d / "settings.json", json.dumps(meta, indent=2, default=str), overwrite=overwrite)
        return d

    def to_parquet(self, directory: Any, *, overwrite: bool = False) -> Path:
        """Write table, houses, aids and errors as Parquet files and settings.json in ``directory``.

        Existing files of these names are refused unless ``overwrite``."""
        return self._write(directory, "parquet", overwrite)

    def to_csv(self, directory: Any, *, overwrite: bool = False) -> Path:
        """Write table, houses, aids and errors as CSV files and settings.json in ``directory``.

        Existing files of these names are refused unless ``overwrite``."""
        return self._write(directory, "csv", overwrite)


def _errors_frame(errors: list[BadRow]) -> Any:
    import pandas as pd

    return pd.DataFrame(
        [{"row": e.row, "column": e.column, "value": e.value, "reason": e.reason} for e in errors],
        columns=["row", "column", "value", "reason"],
    )
