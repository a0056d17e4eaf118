"""Locate and load the data files shipped with rehab (one place, cached).

In an installed wheel the project's ``data/`` folder is packaged as
``rehab/data`` and read through :mod:`importlib.resources`; in a source
checkout (editable install) the project's own ``data/`` folder is used.
"""

from __future__ import annotations

import csv
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import DataError

__all__ = ["data_dir", "data_path", "read_csv_records", "read_json"]


@lru_cache(maxsize=1)
def data_dir() -> Path:
    """Directory holding rehab's shipped data files.

    Returns
    -------
    pathlib.Path
        ``rehab/data`` inside the installed package, or the ``data/`` folder
        of a source checkout.

    Raises
    ------
    DataError
        If neither exists (a broken installation).
    """
    try:
        packaged = resources.files("rehab") / "data"
        if packaged.is_dir():
            return Path(str(packaged))
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - odd loaders
        pass
    checkout = Path(__file__).resolve().parents[2] / "data"
    if checkout.is_dir():
        return checkout
    raise DataError(
        "rehab's data files are missing: reinstall rehab (the wheel ships rehab/data)"
    )


def data_path(*parts: str) -> Path:
    """Path of one shipped data file, e.g. ``data_path("materials", "materials.csv")``."""
    p = data_dir().joinpath(*parts)
    if not p.exists():
        raise DataError(f"rehab data file {'/'.join(parts)!r} is missing from {data_dir()}")
    return p


def read_csv_records(*parts: str) -> list[dict[str, str]]:
    """Read a shipped CSV file (lines starting with ``#`` are metadata comments).

    Returns
    -------
    list of dict
        One dict per row, values as strings.
    """
    path = data_path(*parts)
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if not ln.startswith("#") and ln.strip()]
    return list(csv.DictReader(lines))


def csv_metadata(*parts: str) -> dict[str, str]:
    """The ``# key: value`` header lines of a shipped CSV file."""
    path = data_path(*parts)
    meta: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for ln in fh:
            if not ln.startswith("#"):
                break
            body = ln[1:].strip()
            if ":" in body:
                k, v = body.split(":", 1)
                meta[k.strip()] = v.strip()
    return meta


def read_json(*parts: str) -> Any:
    """Read a shipped JSON file."""
    path = data_path(*parts)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(f"rehab data file {path.name} is not valid JSON: {exc}") from exc
