"""The one error tree of rehab.

Every error rehab raises on purpose derives from :class:`RehabError` *and*
from the builtin a Python user would expect, so ``except ValueError`` keeps
working for code that does not know rehab::

    RehabError (Exception)
    ├── InputError (ValueError)                bad input given by the user
    │   ├── UnitError                          wrong unit / dimension / unparsable quantity
    │   ├── ModelValidationError               a pydantic model refused its input
    │   ├── UnknownNameError (KeyError)        unknown material, archetype, package, zone …
    │   ├── WeatherFileError                   malformed EPW file (carries the line number)
    │   ├── StockFileError                     bad rows in a stock file (carries every bad row)
    │   ├── ConstraintError                    a measure is forbidden (heritage, rule set)
    │   └── OutputExistsError (FileExistsError) an output exists and overwrite was not given
    ├── DataError (RuntimeError)               a shipped data file is missing or malformed
    ├── SimulationError (RuntimeError)         a calculation could not be carried out
    │   └── EnergyPlusError                    EnergyPlus ended with fatal/severe errors
    └── MissingExtraError (ImportError)        an optional extra is not installed

Examples
--------
>>> from rehab.errors import UnitError, RehabError
>>> issubclass(UnitError, ValueError) and issubclass(UnitError, RehabError)
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "BadRow",
    "ConstraintError",
    "DataError",
    "EnergyPlusError",
    "InputError",
    "MissingExtraError",
    "ModelValidationError",
    "OutputExistsError",
    "RehabError",
    "SimulationError",
    "StockFileError",
    "UnitError",
    "UnknownNameError",
    "WeatherFileError",
    "require_extra",
]


class RehabError(Exception):
    """Base class of every error raised on purpose by rehab."""


class InputError(RehabError, ValueError):
    """Input given by the user is invalid (wrong value, unit, name or file)."""


class UnitError(InputError):
    """A quantity has the wrong physical dimension or cannot be parsed.

    Parameters
    ----------
    field : str
        Name of the field or argument being converted.
    value : object
        The value that was refused.
    expected : str
        The expected unit (e.g. ``"m"`` or ``"W/(m*K)"``).
    reason : str
        Why it was refused.
    """

    def __init__(self, field: str, value: Any, expected: str, reason: str) -> None:
        self.field = field
        self.value = value
        self.expected = expected
        self.reason = reason
        prefix = f"{field}: " if field else ""
        super().__init__(
            f"{prefix}{value!r} is not a valid quantity in {expected} ({reason}); "
            f"give a number in {expected}, a pint Quantity or a string such as '1.5 {expected}'"
        )


class ModelValidationError(InputError):
    """A rehab model (pydantic) refused its input.

    ``str(err)`` lists every problem as ``model.field: value -> reason``;
    :attr:`errors` keeps the structured list (as pydantic's ``errors()``).
    """

    def __init__(self, model: str, errors: Sequence[dict[str, Any]]) -> None:
        self.model = model
        self.errors = list(errors)
        lines = []
        for e in self.errors:
            loc = ".".join(str(p) for p in e.get("loc", ())) or "<model>"
            value = e.get("input", None)
            msg = e.get("msg", "invalid")
            shown = repr(value)
            if len(shown) > 80:
                shown = shown[:77] + "..."
            lines.append(f"  {model}.{loc} = {shown}: {msg}")
        n = len(self.errors)
        super().__init__(
            f"{n} invalid field{'s' if n != 1 else ''} in {model}:\n" + "\n".join(lines)
        )


class UnknownNameError(InputError, KeyError):
    """A name (material id, archetype, package, zone, carrier …) is not known.

    The message lists the closest known names.
    """

    def __init__(self, kind: str, name: Any, known: Sequence[str]) -> None:
        import difflib

        self.kind = kind
        self.name = name
        self.known = list(known)
        close = difflib.get_close_matches(str(name), self.known, n=5, cutoff=0.4)
        if not close:
            close = [k for k in self.known if str(name).lower() in k.lower()][:5]
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        msg = f"unknown {kind} {name!r}{hint} ({len(self.known)} known: see the catalogue)"
        self.message = msg
        super().__init__(msg)

    def __str__(self) -> str:  # KeyError would quote the message
        return self.message


class WeatherFileError(InputError):
    """A weather file is malformed; carries the path and 1-based line number."""

    def __init__(self, path: Any, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path}, line {line}" if line is not None else f"{path}"
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class BadRow:
    """One refused row of a tabular input (1-based row number as in the file)."""

    row: int
    column: str
    value: Any
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column!r}: {self.value!r} -> {self.reason}"


class StockFileError(InputError):
    """A stock file has bad rows; :attr:`bad_rows` lists every one of them."""

    def __init__(self, source: Any, bad_rows: Sequence[BadRow]) -> None:
        self.source = source
        self.bad_rows = list(bad_rows)
        shown = "\n".join(f"  {b}" for b in self.bad_rows[:50])
        more = "" if len(self.bad_rows) <= 50 else f"\n  … and {len(self.bad_rows) - 50} more"
        super().__init__(f"{source}: {len(self.bad_rows)} bad row(s)\n{shown}{more}")


class ConstraintError(InputError):
    """A measure or package is forbidden by a constraint (heritage, rule set)."""


class OutputExistsError(InputError, FileExistsError):
    """An output file or non-empty folder exists and ``overwrite`` was not given.

    Raised by every writer of rehab (:mod:`rehab.safeio`, the report, the
    stock writers, the command line) before anything is written, so the
    user's file is left as it was. Also importable as
    ``rehab.safeio.OutputExistsError``.
    """


class DataError(RehabError, RuntimeError):
    """A data file shipped with rehab is missing or malformed."""


class SimulationError(RehabError, RuntimeError):
    """A calculation could not be carried out."""


class EnergyPlusError(SimulationError):
    """EnergyPlus ended with fatal or severe errors.

    Attributes
    ----------
    err_lines : list of str
        The relevant lines of the ``.err`` file.
    """

    def __init__(self, message: str, err_lines: Sequence[str] = ()) -> None:
        self.err_lines = list(err_lines)
        body = "\n".join(self.err_lines[:40])
        super().__init__(message + (f"\n{body}" if body else ""))


class MissingExtraError(RehabError, ImportError):
    """An optional extra is needed and not installed."""

    def __init__(self, extra: str, module: str, what: str = "") -> None:
        self.extra = extra
        super().__init__(
            f"{what or 'this feature'} needs the optional package {module!r}: "
            f'pip install "rehab[{extra}]"',
            name=module,
        )


def require_extra(module: str, extra: str, what: str = "") -> Any:
    """Import an optional module or raise :class:`MissingExtraError`.

    Parameters
    ----------
    module : str
        Module to import (e.g. ``"eppy"``).
    extra : str
        rehab extra that provides it (e.g. ``"energyplus"``).
    what : str
        Feature that needs it, for the message.

    Returns
    -------
    module
        The imported module.
    """
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(extra, module, what) from exc
