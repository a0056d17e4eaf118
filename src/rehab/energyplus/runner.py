"""Run EnergyPlus on IDF files, one or many in parallel, and check its ``.err`` file.

Each run happens in its own directory (a temporary one, removed afterwards
unless ``keep=True``, or one you choose). The ``.err`` file is parsed:
severe or fatal messages raise :class:`rehab.errors.EnergyPlusError` carrying
those messages; warnings are kept on the :class:`RunResult`. The hourly
results are read from the SQLite output before the directory is removed.

Many runs go through :func:`run_many`: a pool of threads, each driving one
EnergyPlus subprocess (EnergyPlus runs outside Python, so threads give real
parallelism without re-loading eppy or the IDD in worker processes), with a
time-out per run.

Examples
--------
>>> from rehab.energyplus.runner import parse_err
>>> text = '''Program Version,EnergyPlus, Version 25.2.0
...    ** Warning ** Site:GroundTemperature:BuildingSurface: Some values fall outside the range of 15-25C.
...    **   ~~~   ** These values may be inappropriate.
...    ************* EnergyPlus Completed Successfully-- 1 Warning; 0 Severe Errors; Elapsed Time=00hr 00min  0.56sec
... '''
>>> report = parse_err(text)
>>> len(report.warnings), report.severe, report.completed
(1, [], True)
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EnergyPlusError, InputError, WeatherFileError
from .idf import IdfText
from .locate import EnergyPlusInstall, find_energyplus
from .results import EnergyPlusResults, read_sql

__all__ = [
    "DEFAULT_TIMEOUT",
    "EnergyPlusResults",
    "ErrReport",
    "RunResult",
    "parse_err",
    "run_idf",
    "run_many",
]

#: Default time-out of one annual run [s].
DEFAULT_TIMEOUT = 600.0


@dataclass
class ErrReport:
    """Messages of an EnergyPlus ``.err`` file.

    Attributes
    ----------
    warnings, severe, fatal : list of str
        One entry per message (continuation lines joined with newlines).
    completed : bool
        True if EnergyPlus reported "Completed Successfully".
    """

    warnings: list[str] = field(default_factory=list)
    severe: list[str] = field(default_factory=list)
    fatal: list[str] = field(default_factory=list)
    completed: bool = False


def parse_err(text: str) -> ErrReport:
    """Split an EnergyPlus ``.err`` file into warnings, severe and fatal messages.

    Parameters
    ----------
    text : str
        Content of ``eplusout.err``.

    Returns
    -------
    ErrReport
    """
    report = ErrReport()
    current: list[str] | None = None
    target: list[str] | None = None

    def flush() -> None:
        if current is not None and target is not None:
            target.append("\n".join(current))

    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("** Warning **"):
            flush()
            current, target = [line], report.warnings
        elif line.startswith("** Severe  **"):
            flush()
            current, target = [line], report.severe
        elif line.startswith("**  Fatal  **"):
            flush()
            current, target = [line], report.fatal
        elif line.startswith("**   ~~~   **") and current is not None:
            current.append(line)
        else:
            flush()
            current = target = None
            if "EnergyPlus Completed Successfully" in line:
                report.completed = True
    flush()
    return report


@dataclass
class RunResult:
    """One finished EnergyPlus run.

    Attributes
    ----------
    results : EnergyPlusResults
        Hourly needs and temperatures.
    warnings : list of str
        Warning messages of the ``.err`` file.
    elapsed : float
        Wall time of the EnergyPlus process [s].
    version : str
        EnergyPlus version (``"25.2.0"``).
    workdir : pathlib.Path or None
        Run directory, or None once removed (``keep=False``).
    name : str
        Label of the run.
    """

    results: EnergyPlusResults
    warnings: list[str]
    elapsed: float
    version: str
    workdir: Path | None
    name: str


IdfInput = IdfText | str | os.PathLike[str]

# ------------------------------------------------------------------ clean-up and workdir locks
#: Temporary run folders alive in this process and the EnergyPlus process of each.
_LIVE: dict[Path, subprocess.Popen | None] = {}
_LIVE_LOCK = threading.Lock()
LOCK_NAME = ".rehab-eplus.lock"


def _cleanup_live() -> None:
    """Kill the EnergyPlus processes of this process's runs and remove their temporary folders."""
    with _LIVE_LOCK:
        items = list(_LIVE.items())
        _LIVE.clear()
    for path, proc in items:
        if proc is not None and proc.poll() is None:
            proc.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)
        shutil.rmtree(path, ignore_errors=True)


def _on_sigterm(signum: int, frame: object) -> None:
    """SIGTERM: clean up, then do what the previous handler did (default: die of SIGTERM)."""
    _cleanup_live()
    prev = _on_sigterm.previous  # type: ignore[attr-defined]
    if callable(prev):
        prev(signum, frame)
        return
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTERM)


def _install_sigterm() -> None:
    """Clean temporary run folders on SIGTERM (main thread only; an ignored SIGTERM stays ignored)."""
    if threading.current_thread() is not threading.main_thread():
        return
    prev = signal.getsignal(signal.SIGTERM)
    if prev is _on_sigterm or prev == signal.SIG_IGN:
        return
    _on_sigterm.previous = prev  # type: ignore[attr-defined]
    signal.signal(signal.SIGTERM, _on_sigterm)


atexit.register(_cleanup_live)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _lock_workdir(run_dir: Path) -> Path:
    """Take ``run_dir``'s lock file, or raise InputError if another live run holds it."""
    lock = run_dir / LOCK_NAME
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            try:
                holder = int(lock.read_text().split()[0])
            except (OSError, ValueError, IndexError):
                holder = -1
            if holder > 0 and _pid_alive(holder) and not (holder == os.getpid() and lock not in _HELD):
                raise InputError(
                    f"workdir {str(run_dir)!r} is in use by another EnergyPlus run (process {holder}); "
                    "give each run its own workdir (run_many uses workdir/run-<i>)"
                ) from None
            lock.unlink(missing_ok=True)  # left by a run that died
            continue
        with os.fdopen(fd, "w") as fh:
            fh.write(f"{os.getpid()}\n")
        _HELD.add(lock)
        return lock
    raise InputError(f"workdir {str(run_dir)!r}: cannot take its lock file {LOCK_NAME}")


_HELD: set[Path] = set()


def _unlock(lock: Path) -> None:
    _HELD.discard(lock)
    lock.unlink(missing_ok=True)


def _stage(idf: IdfInput, run_dir: Path) -> Path:
    """Return the IDF path to run, writing text into ``run_dir`` if needed."""
    if isinstance(idf, IdfText):
        return idf.write(run_dir / "in.idf")
    if isinstance(idf, os.PathLike):
        path = Path(idf)
        if not path.is_file():
            raise InputError(f"idf: {str(path)!r} does not exist")
        return path.resolve()
    if isinstance(idf, str):
        if ";" in idf and "\n" in idf:
            target = run_dir / "in.idf"
            target.write_text(idf, encoding="utf-8")
            return target
        path = Path(idf)
        if path.is_file():
            return path.resolve()
        raise InputError(f"idf: {idf[:80]!r} is neither an existing file nor IDF text")
    raise InputError(f"idf: {type(idf).__name__} is not IDF text, an IdfText or a path")


def run_idf(
    idf: IdfInput,
    weather: str | os.PathLike[str],
    *,
    workdir: str | os.PathLike[str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    keep: bool = False,
    exe: str | os.PathLike[str] | EnergyPlusInstall | None = None,
    name: str | None = None,
) -> RunResult:
    """Run EnergyPlus on one IDF and read its hourly results.

    Parameters
    ----------
    idf : IdfText, str or path-like
        IDF text (an :class:`~rehab.energyplus.idf.IdfText` carries its side
        files) or the path of an IDF file (side files next to it are found
        by EnergyPlus).
    weather : path-like
        EPW weather file.
    workdir : path-like, optional
        Directory for the run's outputs (created if needed, kept). Default: a
        fresh temporary directory, removed afterwards unless ``keep``.
    timeout : float
        Wall-time limit [s]; the process is killed beyond it.
    keep : bool
        Keep the temporary directory (its path is on the result).
    exe : path-like or EnergyPlusInstall, optional
        EnergyPlus to use (default :func:`~rehab.energyplus.locate.find_energyplus`).
    name : str, optional
        Label used in messages.

    Returns
    -------
    RunResult

    Raises
    ------
    EnergyPlusError
        If EnergyPlus reports severe or fatal errors, fails, or exceeds
        ``timeout``; ``err_lines`` holds the relevant ``.err`` messages.
    WeatherFileError
        If ``weather`` does not exist.
    """
    install = exe if isinstance(exe, EnergyPlusInstall) else find_energyplus(exe)
    epw = Path(weather)
    if not epw.is_file():
        raise WeatherFileError(epw, None, "weather file not found")
    label = name or (str(idf) if isinstance(idf, os.PathLike) else "model")
    if timeout <= 0:
        raise InputError(f"timeout: {timeout!r} s must be > 0")
    temporary = workdir is None
    _install_sigterm()
    if temporary:
        run_dir = Path(tempfile.mkdtemp(prefix="rehab-eplus-"))
        with _LIVE_LOCK:
            _LIVE[run_dir] = None
        lock = None
    else:
        run_dir = Path(workdir)
        try:
            run_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"workdir {str(run_dir)!r}: {exc}") from None
        lock = _lock_workdir(run_dir)
    try:
        idf_path = _stage(idf, run_dir)
        cmd = [
            str(install.exe),
            "-w",
            str(epw.resolve()),
            "-d",
            str(run_dir.resolve()),
            str(idf_path),
        ]
        start = time.perf_counter()
        try:
            proc = _run_tracked(cmd, run_dir, timeout, temporary)
        except subprocess.TimeoutExpired as exc:
            report = _err_report(run_dir)
            raise EnergyPlusError(
                f"EnergyPlus {install.version_string} on {label}: no result within {timeout:g} s "
                "(process killed)",
                report.severe + report.fatal,
            ) from exc
        elapsed = time.perf_counter() - start
        report = _err_report(run_dir)
        if report.severe or report.fatal or proc.returncode != 0 or not report.completed:
            lines = report.severe + report.fatal
            if not lines:
                tail = (proc.stdout + proc.stderr).strip().splitlines()[-20:]
                lines = tail or ["(no .err file and no output)"]
            raise EnergyPlusError(
                f"EnergyPlus {install.version_string} failed on {label} (exit code "
                f"{proc.returncode}, {len(report.severe)} severe, {len(report.fatal)} fatal)",
                lines,
            )
        results = read_sql(run_dir / "eplusout.sql")
        return RunResult(
            results=results,
            warnings=report.warnings,
            elapsed=elapsed,
            version=install.version_string,
            workdir=run_dir if (keep or not temporary) else None,
            name=label,
        )
    finally:
        if lock is not None:
            _unlock(lock)
        if temporary:
            with _LIVE_LOCK:
                _LIVE.pop(run_dir, None)
            if not keep:
                shutil.rmtree(run_dir, ignore_errors=True)


def _run_tracked(cmd: list[str], run_dir: Path, timeout: float, temporary: bool) -> subprocess.CompletedProcess:
    """subprocess.run, with the process registered so that a SIGTERM can kill it."""
    with subprocess.Popen(
        cmd, cwd=run_dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        if temporary:
            with _LIVE_LOCK:
                if run_dir in _LIVE:
                    _LIVE[run_dir] = proc
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _err_report(run_dir: Path) -> ErrReport:
    err = run_dir / "eplusout.err"
    if not err.is_file():
        return ErrReport()
    return parse_err(err.read_text(encoding="latin-1"))


def run_many(
    jobs: Sequence[tuple[IdfInput, str | os.PathLike[str]]],
    *,
    max_workers: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    workdir: str | os.PathLike[str] | None = None,
    keep: bool = False,
    exe: str | os.PathLike[str] | EnergyPlusInstall | None = None,
    names: Sequence[str] | None = None,
    errors: str = "raise",
) -> list[RunResult | EnergyPlusError]:
    """Run many IDFs in parallel (one EnergyPlus process per run).

    Parameters
    ----------
    jobs : sequence of (idf, weather)
        What :func:`run_idf` takes, one pair per run.
    max_workers : int, optional
        Concurrent EnergyPlus processes (default: the number of CPUs).
    timeout : float
        Wall-time limit per run [s].
    workdir : path-like, optional
        Parent directory; run ``i`` goes to ``workdir/run-<i>`` (kept).
    keep : bool
        Keep temporary run directories.
    exe : path-like or EnergyPlusInstall, optional
    names : sequence of str, optional
        Labels of the runs.
    errors : {"raise", "return"}
        ``"raise"``: after every run has finished, raise the first failure
        (its message names the run). ``"return"``: put the
        :class:`EnergyPlusError` in the returned list in place of the result.

    Returns
    -------
    list
        One :class:`RunResult` (or error, with ``errors="return"``) per job,
        in the order of ``jobs``.
    """
    if errors not in ("raise", "return"):
        raise InputError(f"errors: {errors!r} is not one of 'raise', 'return'")
    install = exe if isinstance(exe, EnergyPlusInstall) else find_energyplus(exe)
    labels = list(names) if names is not None else [f"run {i}" for i in range(len(jobs))]
    if len(labels) != len(jobs):
        raise InputError(f"names: {len(labels)} names for {len(jobs)} jobs")
    workers = max_workers or os.cpu_count() or 1

    def one(i: int) -> RunResult | EnergyPlusError:
        idf, epw = jobs[i]
        wd = None if workdir is None else Path(workdir) / f"run-{i}"
        try:
            return run_idf(
                idf, epw, workdir=wd, timeout=timeout, keep=keep, exe=install, name=labels[i]
            )
        except EnergyPlusError as exc:
            return exc

    with ThreadPoolExecutor(max_workers=workers) as pool:
        out = list(pool.map(one, range(len(jobs))))
    if errors == "raise":
        for item in out:
            if isinstance(item, EnergyPlusError):
                raise item
    return out
