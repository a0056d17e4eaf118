"""Large arrays on ordinary (4 KiB) memory pages instead of transparent huge pages.

numpy asks the kernel for transparent huge pages (``madvise(MADV_HUGEPAGE)``)
on every array of 4 MB or more. Where the kernel's THP defrag mode is
``madvise`` (Ubuntu's default), the first touch of each 2 MiB page may
compact memory synchronously: system time that buys nothing for arrays
written once and read a few times. Measured on 2 cores, 2026-12-06: filling
the 100 MB irradiance table of 10,000 distinct Houses cost 0.2–0.9 s of
system time on huge pages against 0.05 s on ordinary pages; the 23,000 × 8
programme benchmark spent 1.58 s of system time against 0.98 s, the same
user time. Results do not depend on the page size.

Two tools, one concern: :func:`array` for one long-lived buffer (an
anonymous mapping: ordinary pages, committed as written, returned when the
array goes), :func:`block` for every numpy allocation of a stretch of work.
"""

from __future__ import annotations

import mmap
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np


def array(shape: tuple[int, ...]) -> np.ndarray:
    """An uninitialised C-contiguous float64 array of ``shape`` on ordinary pages.

    Examples
    --------
    >>> a = array((3, 4))
    >>> a[:] = 1.0
    >>> a.shape, float(a.sum()), a.flags.c_contiguous, a.flags.writeable
    ((3, 4), 12.0, True, True)
    """
    count = int(np.prod(shape, dtype=np.int64))
    if count == 0:
        return np.empty(shape)
    return np.frombuffer(mmap.mmap(-1, 8 * count), dtype=np.float64, count=count).reshape(shape)


def _switch():
    """numpy's private huge-page switch, or None where this numpy has none."""
    try:
        from numpy._core.multiarray import _set_madvise_hugepage
    except ImportError:  # numpy < 2
        try:
            from numpy.core.multiarray import _set_madvise_hugepage
        except ImportError:  # pragma: no cover - a numpy without the switch
            return None
    return _set_madvise_hugepage


@contextmanager
def block() -> Iterator[None]:
    """numpy's large arrays on ordinary pages inside the ``with`` block, its setting back after.

    The switch is numpy's own (private ``_set_madvise_hugepage``; the
    documented one, the ``NUMPY_MADVISE_HUGEPAGE`` variable, is read only at
    import) and process-wide: other threads' allocations meanwhile get
    ordinary pages too, which changes only their speed. Without the switch
    the block runs unchanged.

    Examples
    --------
    >>> import numpy as np
    >>> with block():
    ...     a = np.zeros(1_000_000)
    >>> float(a.sum())
    0.0
    """
    switch = _switch()
    if switch is None:  # pragma: no cover - a numpy without the switch
        yield
        return
    was = switch(False)
    try:
        yield
    finally:
        switch(was)
