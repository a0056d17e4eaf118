"""Compile the engines' numba kernels in a child process while this one reads its inputs.

numba compiles a kernel on its first call and caches the machine code on
disk (``cache=True``: ``__pycache__`` next to the sources, or
``NUMBA_CACHE_DIR``). On a fresh install the first ``rehab demo`` would
compile every kernel it calls (the surface irradiance of :mod:`rehab.solar`,
the hourly 5R1C kernel of :mod:`rehab.demand.hourly`, the monthly sums of
:mod:`rehab.demand.solar_gains`: about 5 s of CPU together) in the middle of
its programme. :func:`start`, called at the very beginning of a CLI
programme, runs two ``python -m rehab._warmup_child`` processes instead
(:data:`GROUPS`): they call the kernels once on a tiny batch, so that numba
compiles them and writes its disk cache, on both cores, while this process
imports its modules, reads the stock and builds the scenarios. Before its first call of
a kernel the engine calls :func:`wait` for that kernel's stage; numba then
loads the child's machine code from the cache instead of compiling it.
While it waits, :func:`wait` runs the idle tasks registered with
:func:`when_idle` (imports the later steps need anyway), as does
:func:`idle_while` for a main thread about to block on a kernel that runs
on a worker thread.

Its kernels compiled, the first child stays on the second core to serve
:func:`submit`: it calls a module-level function on pickled arguments and
sends the result back (the HTML report draws some of its charts there
while this process draws the others). It ends when this process calls
:func:`finish` or exits.

Safety
------
* Any failure of the child (it cannot start, crashes, cannot write the
  cache, is killed, takes longer than :data:`TIMEOUT`) only costs time:
  :func:`wait` returns and numba compiles in this process as it would
  without the child. Results never depend on the child: the machine code
  numba loads from the cache is what it would have compiled here (same
  source, same signature, same CPU — numba's cache index checks all three).
* The child is a new interpreter started with :mod:`subprocess`
  (``sys.executable -m rehab._warmup_child``), not a fork: the same on Linux,
  macOS and Windows, and safe in a threaded parent. A reader thread reaps
  it as soon as it ends (no zombie process); at exit a child still
  running is killed and reaped.
* What the child computes for :func:`submit` is what this process would:
  the same function of the same arguments, in the same interpreter and
  library versions (matplotlib draws the same bytes). A job the child
  cannot do (it ended, the arguments do not pickle, the function raised)
  is done here.
* Nothing starts on ``import rehab``: only :func:`start` starts the
  child, once per process. ``REHAB_WARMUP=0`` disables it, as do a frozen
  application and ``NUMBA_DISABLE_JIT``.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

__all__ = ["STAGES", "TIMEOUT", "finish", "idle_while", "start", "submit", "wait", "when_idle"]

log = logging.getLogger(__name__)

#: The kernels the child compiles, in the order a programme first calls them; the child prints
#: each name when its kernels are in the disk cache: ``solar`` (the surface irradiance of
#: :func:`rehab.solar.surface_irradiance`), ``hourly`` (:func:`rehab.demand.hourly.simulate_hourly`),
#: ``monthly`` (the hourly-film wall sums of :func:`rehab.demand.solar_gains.solar_gains_monthly`
#: and the monthly sums of :func:`rehab.demand.solar_gains.month_sums`).
STAGES = ("solar", "hourly", "monthly")

#: The children :func:`start` starts and the stages each compiles, in order: numba compiles in
#: one thread per process, so two children compile on both cores while this process imports
#: and reads (the hourly kernel, the longest, alone in the second). The first child then
#: serves :func:`submit`.
GROUPS = (("solar", "monthly"), ("hourly",))

#: Longest wait for a stage [s]; then the child is killed and the kernel compiled here.
TIMEOUT = 300.0

#: The line the child prints when, its stages done, it reads jobs (:func:`submit`) on its standard input.
SERVE = "serve"

#: Header of a job or of its answer: the job's number and the length of the pickle that follows.
_HEAD = struct.Struct("<II")


class ChildGone(RuntimeError):
    """The child ended before answering a job (the caller does the job itself)."""


class _Child:
    """The running child, the stages it has reported and the thread that reads and reaps it."""

    def __init__(self, proc: subprocess.Popen, stages: tuple[str, ...] = STAGES) -> None:
        self.proc = proc
        self.pid = os.getpid()  # a forked copy of this process does not own the child
        self.ready = {s: threading.Event() for s in stages}
        self.serving = threading.Event()
        self.ended = threading.Event()
        self.jobs: dict[int, Future] = {}
        self.count = 0
        self.outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self.jobs_lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, name="rehab-warmup", daemon=True)
        self.reader.start()
        # jobs are written by a thread of their own: a pickle larger than the pipe's buffer
        # would otherwise block the caller while the child draws the previous job
        self.writer = threading.Thread(target=self._write, name="rehab-warmup-jobs", daemon=True)
        self.writer.start()

    def _read(self) -> None:
        out = self.proc.stdout
        try:
            while line := out.readline():  # type: ignore[union-attr]
                word = line.decode("ascii", "replace").strip()
                if word in self.ready:
                    self.ready[word].set()
                elif word == SERVE:
                    self.serving.set()
                    self._answers(out)
                    break
        except Exception as exc:  # the pipe closed under us (stop()), or a garbled answer
            log.debug("rehab._warmup: reading the child stopped: %s", exc)
        finally:
            self.serving.clear()
            rc = self.proc.wait()  # reap: no zombie
            if rc:
                log.debug("rehab._warmup: the child exited with %s; the kernels compile in process", rc)
            with self.jobs_lock:
                self.ended.set()
                left, self.jobs = list(self.jobs.values()), {}
            self.outbox.put(None)
            for e in self.ready.values():
                e.set()  # nothing more will come: waiters go on (and compile what is missing)
            for f in left:  # their callers do the jobs themselves
                f.set_exception(ChildGone("the warm-up child ended"))

    def _answers(self, out: Any) -> None:
        """Read the answers to the jobs (until the child ends) and resolve their futures."""
        while len(head := out.read(_HEAD.size)) == _HEAD.size:
            number, size = _HEAD.unpack(head)
            data = out.read(size)
            if len(data) < size:
                return
            ok, value = pickle.loads(data)
            with self.jobs_lock:
                f = self.jobs.pop(number, None)
            if f is not None:
                if ok:
                    f.set_result(value)
                else:
                    f.set_exception(RuntimeError(f"in the warm-up child: {value}"))

    def _write(self) -> None:
        stdin = self.proc.stdin
        try:
            while (data := self.outbox.get()) is not None:
                stdin.write(data)  # type: ignore[union-attr]
                stdin.flush()  # type: ignore[union-attr]
        except (OSError, ValueError):  # the child ended: _read fails the jobs left
            pass
        finally:
            with self.jobs_lock:
                self.serving.clear()
            with contextlib.suppress(OSError, ValueError):
                stdin.close()  # type: ignore[union-attr]  # the child ends when its input does

    def submit(self, data: bytes) -> Future | None:
        with self.jobs_lock:
            if self.ended.is_set() or not self.serving.is_set():
                return None
            number, self.count = self.count, self.count + 1
            f: Future = Future()
            self.jobs[number] = f
        self.outbox.put(_HEAD.pack(number, len(data)) + data)
        return f

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.outbox.put(None)
        self.reader.join(timeout=5.0)
        self.writer.join(timeout=5.0)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


_child: _Child | None = None  # the first child (it serves submit())
_children: list[_Child] = []
_started = False
_idle: list[Callable[[], object]] = []
_lock = threading.Lock()

#: Wall time spent in :func:`wait` (idle tasks included) [s].
waited = 0.0


def _command(stages: tuple[str, ...] = STAGES, serve: bool = True) -> list[str]:
    """A child's command line: this interpreter, this package's ``rehab._warmup_child``, its stages."""
    return [sys.executable, "-m", "rehab._warmup_child", *(["--serve"] if serve else []), *stages]


def _owner(stage: str) -> _Child | None:
    """The child that compiles ``stage`` (None: none started here, or none compiles it)."""
    for c in _children:
        if stage in c.ready and c.pid == os.getpid():
            return c
    return None


def _alive() -> bool:
    return any(c.pid == os.getpid() and not c.ended.is_set() for c in _children)


def _disabled() -> bool:
    if os.environ.get("REHAB_WARMUP", "1").strip() in ("0", "false", "no", "off"):
        return True
    if os.environ.get("NUMBA_DISABLE_JIT", "0").strip() not in ("", "0"):
        return True
    return bool(getattr(sys, "frozen", False)) or not sys.executable


def start() -> bool:
    """Start the children that compile the kernels into numba's disk cache (once per process).

    Returns
    -------
    bool
        True when the children were started by this call; False when disabled,
        already started in this process, or when they could not start (the
        kernels then compile in process, as without them).
    """
    global _child, _started
    with _lock:
        if _started or _disabled():
            return False
        _started = True
        env = dict(os.environ)
        # the child imports this very package, wherever it was imported from (an editable tree, PYTHONPATH)
        root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
        kw: dict = {"creationflags": subprocess.CREATE_NO_WINDOW} if os.name == "nt" else {}
        for k, stages in enumerate(GROUPS):
            try:
                proc = subprocess.Popen(_command(stages, serve=k == 0), stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                                        close_fds=True, **kw)
            except (OSError, ValueError) as exc:  # its stages compile in process
                log.debug("rehab._warmup: no child for %s (%s); compiled in process", stages, exc)
                continue
            _children.append(_Child(proc, stages))
        if not _children:
            return False
        _child = _children[0]
        atexit.register(_stop)
        return True


def when_idle(task: Callable[[], object]) -> None:
    """Run ``task`` (once) while :func:`wait` waits for the child; dropped if it never waits.

    For work this process will do anyway later (imports): done while it
    would otherwise sit idle. A task that raises is ignored (its work is
    then simply done later, where it is needed).
    """
    with _lock:
        if _alive():
            _idle.append(task)


def wait(stage: str) -> None:
    """Return once the kernel of ``stage`` is in numba's disk cache, or will not be.

    Immediate when no child was started, when it has reported ``stage`` or
    when it has ended; otherwise runs the idle tasks (on the main thread
    only), then blocks (at most :data:`TIMEOUT` s, after which the child is
    killed).
    """
    global waited
    child = _owner(stage)
    if child is None:
        return
    ready = child.ready[stage]
    if ready.is_set():
        return
    t = time.perf_counter()
    main = threading.current_thread() is threading.main_thread()  # elsewhere the main thread works meanwhile
    while main and not ready.is_set():
        with _lock:
            task = _idle.pop(0) if _idle else None
        if task is None:
            break
        _run(task)
    if not ready.wait(TIMEOUT):
        log.warning("rehab._warmup: no %s kernel from the child after %.0f s; compiling in process",
                    stage, TIMEOUT)
        _stop()
    with _lock:
        waited += time.perf_counter() - t


def idle_while(pending: Any) -> None:
    """Run the idle tasks while ``pending`` (a :class:`concurrent.futures.Future`) is not done.

    For a main thread about to block on work another thread does (the
    programme's hourly kernel, waiting itself for the child's compilation):
    it imports what the later steps need meanwhile. Does nothing off the
    main thread, without a child, or once the child has ended.
    """
    if threading.current_thread() is not threading.main_thread():
        return
    while not pending.done() and _alive():
        with _lock:
            task = _idle.pop(0) if _idle else None
        if task is None:
            return
        _run(task)


def submit(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Future | None:
    """``fn(*args, **kwargs)`` computed by the child once its kernels are compiled.

    For work the second core can take while this process does other work
    (the report's charts). ``fn`` must be a module-level function of
    rehab's (pickled by name) and its arguments picklable.

    Returns
    -------
    concurrent.futures.Future or None
        The future result; None when no child serves jobs (none was
        started, it is still compiling, it has ended), when the call does
        not pickle or off the process that started the child: then the
        caller computes ``fn(*args, **kwargs)`` itself. The future fails
        with :class:`ChildGone` when the child ends before answering, and
        with RuntimeError when ``fn`` raised there.
    """
    child = _child
    if child is None or child.pid != os.getpid() or not child.serving.is_set():
        return None
    try:
        data = pickle.dumps((fn, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # unpicklable: done here
        log.debug("rehab._warmup: %r not sent to the child: %s", fn, exc)
        return None
    return child.submit(data)


def finish() -> None:
    """Tell the child that no more jobs will come: it ends once it has answered those sent."""
    child = _child
    if child is not None and child.pid == os.getpid():
        child.outbox.put(None)


def _run(task: Callable[[], object]) -> None:
    try:
        task()
    except Exception as exc:  # the task's work is redone where it is needed
        log.debug("rehab._warmup: idle task %r failed: %s", task, exc)


def _stop() -> None:
    """Kill the children still running and reap them (at exit, after a timeout)."""
    for child in list(_children):
        if child.pid == os.getpid():
            child.stop()
    with _lock:
        _idle.clear()
