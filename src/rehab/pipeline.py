"""The whole study in one object: programme → choice → phasing plan → uncertainty → report.

:class:`Study` holds what a landlord or an engineer decides once — the
stock, the packages, the run options (:mod:`rehab.options`), the
objective of the choice, the budget of the phasing plan, the Monte Carlo
samples — and :meth:`Study.run` chains the library's steps in their one
order (pvlib's ``ModelChain`` is the model): :class:`rehab.programme.Programme`,
:func:`rehab.objectives.choose`, :func:`rehab.planning.plan`,
:func:`rehab.uncertainty.run`, :func:`rehab.report.outcomes`. The
:class:`StudyResult` writes every table and the HTML report into a folder
at once (staged: an interrupted write leaves the old folder or the new
one, never a mix). ``rehab demo`` and ``rehab programme`` only build a
Study from their arguments, run it and print it.

Examples
--------
>>> import rehab
>>> from rehab.pipeline import Study
>>> s = Study(rehab.stock.demo().table.head(6), ["attic-only", "bbc-renovation"], mode="conventional")
>>> r = s.run()
>>> sorted(r.timings), len(r.choice)
(['choice', 'outcomes', 'programme'], 6)
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError
from .objectives import OBJECTIVES

__all__ = ["Study", "StudyResult"]


@dataclass
class StudyResult:
    """What :meth:`Study.run` produced, step by step.

    Attributes
    ----------
    result : rehab.programme.ProgrammeResult
        Every dwelling × scenario.
    choice : pandas.DataFrame
        The chosen scenario of every dwelling (:func:`rehab.objectives.choose`).
    plan : rehab.planning.Plan or None
        The phasing plan (with a budget).
    uncertainty : rehab.uncertainty.UncertaintyResult or None
        The Monte Carlo bands (with samples).
    outcomes : pandas.DataFrame
        Before and after of every dwelling under the choice (:func:`rehab.report.outcomes`).
    timings : dict of str to float
        Wall time of each step [s] (the plan runs on a worker thread while the
        uncertainty is sampled: their times overlap).
    study : Study
        The settings.
    """

    result: Any
    choice: Any
    plan: Any
    uncertainty: Any
    outcomes: Any
    timings: dict[str, float]
    study: Study

    def comparison(self) -> Any:
        """Every package on the whole stock (:func:`rehab.report.package_comparison`)."""
        from . import report

        return report.package_comparison(self.result)

    def write(self, folder: Any, *, format: str = "csv", title: str | None = None, lang: str = "en",
              overwrite: bool = False, stock: Any = None, what: str = "folder") -> tuple[list[Path], Path]:
        """Write the summary tables, the programme table and the HTML report into ``folder``.

        Parameters
        ----------
        folder : path
            Output folder; refused when not empty unless ``overwrite``.
        format : {"csv", "parquet", "xlsx"}
            Format of the tables.
        title : str, optional
            Title of the report.
        lang : {"en", "fr"}
            Language of the report.
        overwrite : bool
            Replace the contents of a non-empty folder.
        stock : Stock, optional
            The stock (its bad rows and source in the report).
        what : str
            How the folder is named in an error (e.g. the CLI's ``--out``).

        Returns
        -------
        (list of Path, Path)
            The table files and the report, at their final place.
        """
        from . import report, safeio
        from .report import _html

        out = Path(folder)
        s = self.study
        t = time.perf_counter()
        with safeio.staged_dir(out, overwrite=overwrite, what=what) as stage:  # old or new, never a mix

            def tables() -> list[Path]:
                files = report.write_tables(self.result, stage, plan=self.plan, uncertainty=self.uncertainty,
                                            choice=self.choice, target_class=s.target_class, format=format)
                (self.result.to_parquet if format == "parquet" else self.result.to_csv)(stage)
                return files

            # in a CLI run, the tables are written while the warm-up child draws some of the charts
            with _html._meanwhile(tables) as tables_written:
                html = report.write_html(self.result, stage / "index.html", plan=self.plan,
                                         uncertainty=self.uncertainty, title=title, stock=stock,
                                         choice=self.choice, objective=s.objective,
                                         target_class=s.target_class, lang=lang)
            files = tables_written()
        self.timings["tables and report"] = time.perf_counter() - t
        return [out / f.name for f in files], out / html.name


class Study:
    """A retrofit study of a stock: its settings, and :meth:`run`.

    Parameters
    ----------
    stock : Stock, path, DataFrame or list of House
        As for :class:`rehab.programme.Programme`.
    packages : iterable, optional
        Preset names, Package objects, dicts or lists of measures; default every preset.
    objective : str
        The choice (:data:`rehab.objectives.OBJECTIVES`).
    target_class : str
        DPE class the choice aims at.
    budget : float, optional
        Yearly budget of the phasing plan [EUR/yr]; None: no plan.
    capacity : int, optional
        Dwellings treated per year (with a budget).
    start_year : int
        First year of works of the plan.
    samples : int
        Monte Carlo samples of the uncertainty bands (0: none).
    seed : int
        Seed of the samples.
    **options
        The run options of :mod:`rehab.options` (date, mode, horizon, …).
    """

    def __init__(self, stock: Any, packages: Any = None, *, objective: str = "cheapest_reaching",
                 target_class: str = "C", budget: float | None = None, capacity: int | None = None,
                 start_year: int = 2027, samples: int = 0, seed: int = 2026, **options: Any) -> None:
        if objective not in OBJECTIVES:
            raise InputError(f"objective: {objective!r}; allowed {', '.join(OBJECTIVES)}")
        if capacity and not budget:
            raise InputError("capacity: needs a budget (the phasing plan)")
        if samples < 0:
            raise InputError(f"samples: {samples!r}; give a whole number >= 0")
        self.stock, self.packages, self.objective, self.target_class = stock, packages, objective, target_class
        self.budget, self.capacity, self.start_year = budget, capacity, start_year
        self.samples, self.seed, self.options = samples, seed, options

    def __repr__(self) -> str:
        n = len(self.stock) if hasattr(self.stock, "__len__") else "?"
        plan = f", budget {self.budget:,.0f} EUR/yr" if self.budget else ""
        return f"Study({n} dwellings, {self.objective} to class {self.target_class}{plan}, {self.samples} samples)"

    def _plan(self, result: Any, choice: Any) -> tuple[Any, float]:
        """The phasing plan (:func:`rehab.planning.plan`) under the study's budget, and its wall time [s]."""
        from .planning import plan as make_plan

        t = time.perf_counter()
        kw: dict[str, Any] = {"budget_per_year": self.budget, "start_year": self.start_year}
        if self.capacity:
            kw["capacity_per_year"] = self.capacity
        return make_plan(result, choice, **kw), time.perf_counter() - t

    def run(self, *, backend: str = "numpy", client: Any = None, progress: bool = False) -> StudyResult:
        """Run every step, in order.

        Parameters
        ----------
        backend, client, progress
            As for :meth:`rehab.programme.Programme.run`.

        Returns
        -------
        StudyResult
        """
        from . import report
        from .programme import Programme

        timings: dict[str, float] = {}
        t = time.perf_counter()
        result = Programme(self.stock, packages=self.packages, **self.options).run(
            backend=backend, client=client, progress=progress)
        timings["programme"] = time.perf_counter() - t
        t = time.perf_counter()
        choice = result.choose(objective=self.objective, target_class=self.target_class)
        timings["choice"] = time.perf_counter() - t
        plan = unc = None
        planned = None
        if self.budget:
            # the phasing plan's MILP (HiGHS, which releases the GIL) runs on a worker thread while
            # this one samples the uncertainty: both only read the result and the choice
            pool = ThreadPoolExecutor(1, thread_name_prefix="rehab-plan")
            planned = pool.submit(self._plan, result, choice)
            pool.shutdown(wait=False)
        t_unc = None
        try:
            if self.samples:
                from . import uncertainty

                t = time.perf_counter()
                unc = uncertainty.run(result, n_samples=self.samples, seed=self.seed, choice=choice)
                t_unc = time.perf_counter() - t
        finally:
            if planned is not None:
                planned.exception()  # wait for it, even when the uncertainty failed
        if planned is not None:
            plan, timings["plan"] = planned.result()  # the plan's error, if any, is raised here
        if t_unc is not None:
            timings["uncertainty"] = t_unc
        t = time.perf_counter()
        out = report.outcomes(result, choice, target_class=self.target_class)
        timings["outcomes"] = time.perf_counter() - t
        return StudyResult(result, choice, plan, unc, out, timings, self)
