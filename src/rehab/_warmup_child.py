"""A child process of :mod:`rehab._warmup`: ``python -m rehab._warmup_child [--serve] [STAGE ...]``.

It calls the kernels of the stages it is given (default every stage of
:data:`rehab._warmup.STAGES`) once on a tiny batch, so that numba compiles
each and writes its disk cache (or finds it there), and prints the stage's
name on its standard output as each is done; then, with ``--serve`` (or no
argument), it prints :data:`rehab._warmup.SERVE` and answers the jobs of
:func:`rehab._warmup.submit` (:func:`serve`) until its standard input ends.
"""

from __future__ import annotations

import pickle
import sys
from collections.abc import Callable
from typing import Any, BinaryIO

__all__ = ["compile_kernels", "serve"]


def compile_kernels(say: Callable[[str], None], stages: tuple[str, ...] | None = None) -> None:
    """Call the kernels of ``stages`` (default every stage of :data:`rehab._warmup.STAGES`)
    once on a tiny batch (numba compiles each and writes the disk cache, or loads it when it is
    there), reporting each stage as it is done.

    The calls go through the functions the engines call, with arrays of the dtypes and
    flags the engines pass, so that the cached signatures are the ones a programme uses
    (``tests/test_warmup.py`` checks that a programme compiles nothing itself)."""
    from ._warmup import STAGES

    for stage in STAGES if stages is None else stages:
        _STAGES[stage]()
        say(stage)


def _solar() -> None:
    import numpy as np

    from . import solar

    nh = 48
    terms = np.zeros((11, nh))  # the hour terms of rehab.solar._sky_terms (read-only there too)
    terms[0] = np.linspace(-1.0, 1.0, nh)
    terms.setflags(write=False)
    irr = solar.SurfaceIrradiance(azimuth=np.array([180.0]), tilt=np.array([90.0]), _terms=terms,
                                  _ground_albedo=np.zeros((1, nh)), _haydavies=False)
    irr.through_glazing(2)  # the one kernel serves every output (the glazed one calls every helper)


def _batch() -> tuple[Any, Any]:
    import numpy as np

    from .demand.zones import ThermalZones, ZoneClimate

    nh = 48
    zones = ThermalZones.from_arrays(
        h_tr_op=60.0, h_tr_w=20.0, h_ve=20.0, c_m=8.0e6, a_floor=50.0,
        sol_idx=[[0, 0]], sol_area=[[1.0, 1.0]], wall_idx=[[0, 0]], wall_film=[[1, 1]],
        wall_r=[[0.5, 0.5]], wall_area=[[2.0, 2.0]],
    )
    climate = ZoneClimate.from_arrays(
        theta_e=np.linspace(-5.0, 30.0, nh), month=np.repeat(np.arange(1, 13), nh // 12),
        theta_h_set=20.0, irradiance=np.vstack([np.linspace(0.0, 400.0, nh), np.full(nh, 20.0)]),
    )
    return zones, climate


def _hourly() -> None:
    from .demand.hourly import simulate_hourly

    zones, climate = _batch()
    simulate_hourly(zones, climate, warmup_hours=4)


def _monthly() -> None:
    import numpy as np

    from .demand.solar_gains import month_sums, solar_gains_monthly

    zones, climate = _batch()
    nh = climate.month.shape[0]
    solar_gains_monthly(zones, climate.irradiance, climate.month, np.full(12, nh / 12), linear=False)
    month_sums(climate.irradiance, climate.month)


_STAGES: dict[str, Callable[[], None]] = {"solar": _solar, "hourly": _hourly, "monthly": _monthly}


def serve(inp: BinaryIO, out: BinaryIO) -> None:
    """Answer the jobs of :func:`rehab._warmup.submit` read from ``inp`` until it ends.

    Each job is a header (number, length) and the pickle of ``(fn, args, kwargs)``; each
    answer the same header and the pickle of ``(True, fn(*args, **kwargs))``, or of
    ``(False, message)`` when the call raised or its result does not pickle.
    """
    from ._warmup import _HEAD

    while len(head := inp.read(_HEAD.size)) == _HEAD.size:
        number, size = _HEAD.unpack(head)
        try:
            fn, args, kwargs = pickle.loads(inp.read(size))
            data = pickle.dumps((True, fn(*args, **kwargs)), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:
            data = pickle.dumps((False, f"{type(exc).__name__}: {exc}"))
        out.write(_HEAD.pack(number, len(data)) + data)
        out.flush()


def _prepare() -> None:
    """Import what the jobs will need (the report's charts), while the parent runs its programme."""
    import importlib

    for m in ("matplotlib.figure", "matplotlib.backends.backend_agg", "rehab.report"):
        try:
            importlib.import_module(m)
        except ImportError:  # no matplotlib: the parent draws nothing either
            return


def _main(argv: list[str]) -> int:
    """``[--serve] [STAGE ...]``: compile those stages (default all), then serve jobs if asked
    (with no argument: all stages, then serve)."""

    def say(stage: str) -> None:
        sys.stdout.write(stage + "\n")
        sys.stdout.flush()

    from ._warmup import SERVE

    stages = tuple(a for a in argv if a != "--serve")
    compile_kernels(say, stages or None)
    if argv and "--serve" not in argv:
        return 0
    _prepare()
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # anything a job prints must not garble the answers
    out.write((SERVE + "\n").encode("ascii"))
    out.flush()
    serve(sys.stdin.buffer, out)
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
