"""Safe output: spreadsheet-formula neutralisation, atomic files and folders, no silent overwrite.

Every CSV (and spreadsheet) rehab writes goes through this module:

* **Formula injection** (OWASP, "CSV Injection"): a text cell that begins
  with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
  formula by spreadsheet software. Such a cell is written with a leading
  apostrophe (``'=HYPERLINK(…)``), which spreadsheets show as text. Numbers
  are never touched: numeric columns are written as they are, and a text
  cell that is a plain number (``-3.5``, ``+12``) is left alone. rehab's own
  stock readers remove that apostrophe again, so a stock written and read
  back is the same stock.
* **Atomic writing**: a file is written to a temporary file beside it and
  moved into place (:func:`os.replace`); a folder of results is written to a
  temporary folder beside it and moved into place (:func:`staged_dir`), so an
  interrupted run leaves either the old results or the new ones, never a mix.
* **No silent overwrite**: an existing file, or an existing non-empty
  folder, is refused with :class:`OutputExistsError` unless the caller says
  ``overwrite=True`` (``--overwrite`` on the command line).

Examples
--------
>>> neutralise("=HYPERLINK(\\"http://evil.example\\",\\"x\\")")
'\\'=HYPERLINK("http://evil.example","x")'
>>> neutralise("-2+3+cmd"), neutralise("-3.5"), neutralise("rue des Corons"), neutralise(12)
("'-2+3+cmd", '-3.5', 'rue des Corons', 12)
>>> unneutralise("'=SUM(1)"), unneutralise("'tis"), unneutralise(neutralise("'=x"))
('=SUM(1)', "'tis", "'=x")
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError, OutputExistsError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FORMULA_CHARS",
    "OutputExistsError",
    "atomic_file",
    "check_target",
    "is_formula",
    "neutralise",
    "neutralise_frame",
    "staged_dir",
    "unneutralise",
    "write_csv",
    "write_text",
]

#: First characters that make a spreadsheet cell a formula (OWASP CSV Injection).
FORMULA_CHARS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return s.strip() == s and s.lower().lstrip("+-") not in ("inf", "infinity", "nan")


def is_formula(value: Any) -> bool:
    """True when ``value`` is text a spreadsheet would run as a formula.

    Parameters
    ----------
    value : object
        A cell.

    Returns
    -------
    bool
        A ``str`` starting with one of :data:`FORMULA_CHARS` that is not a
        plain number.
    """
    return isinstance(value, str) and value.startswith(FORMULA_CHARS) and not _is_number(value)


def neutralise(value: Any) -> Any:
    """The cell as written by rehab: text formulas get a leading apostrophe, anything else is unchanged.

    Text that already starts with apostrophes before a formula character gets
    one more, so that :func:`unneutralise` gives it back exactly.
    """
    return "'" + value if isinstance(value, str) and is_formula(value.lstrip("'")) else value


def unneutralise(value: Any) -> Any:
    """Undo :func:`neutralise` (one apostrophe before ``'…`` + a formula character is removed)."""
    if isinstance(value, str) and value.startswith("'") and is_formula(value.lstrip("'")):
        return value[1:]
    return value


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells, column names and index labels are neutralised.

    Numeric, boolean and datetime columns are returned as they are.
    """
    import pandas as pd

    out = df.copy()
    for k in _text_columns(out):
        values = out.iloc[:, k].to_numpy(dtype=object)
        if any(neutralise(v) is not v for v in values):
            out.isetitem(k, pd.Series([neutralise(v) for v in values], index=out.index, dtype=object))
    out.columns = [neutralise(c) for c in out.columns]
    if pd.api.types.is_object_dtype(out.index.dtype):
        out.index = out.index.map(neutralise)
        out.index.name = neutralise(df.index.name)
    return out


def check_target(path: str | Path, *, overwrite: bool, what: str = "output") -> Path:
    """Refuse an existing file or non-empty folder unless ``overwrite``.

    Parameters
    ----------
    path : str or Path
        Target file or folder.
    overwrite : bool
        Allow replacing it.
    what : str
        What is being written, for the message.

    Returns
    -------
    Path

    Raises
    ------
    OutputExistsError
        The target exists (a file, or a folder with something in it).
    """
    p = Path(path)
    if overwrite or not p.exists():
        return p
    if p.is_dir():
        if not any(p.iterdir()):
            return p
        raise OutputExistsError(
            f"{what} folder {str(p)!r} is not empty; choose a new folder or pass overwrite=True "
            "(--overwrite on the command line) to replace its contents"
        )
    raise OutputExistsError(
        f"{what} file {str(p)!r} exists; choose another name or pass overwrite=True "
        "(--overwrite on the command line) to replace it"
    )


@contextlib.contextmanager
def atomic_file(path: str | Path, *, overwrite: bool = False, what: str = "output") -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success move it into place.

    An exception inside the block removes the temporary file and leaves
    ``path`` as it was.
    """
    p = check_target(path, overwrite=overwrite, what=what)
    if p.is_dir():
        raise OutputExistsError(f"{what} {str(p)!r} is a folder; give a file name")
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".rehab-tmp", dir=p.parent)
    except OSError as exc:
        raise InputError(f"cannot write {what} {str(p)!r}: {exc}") from None
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, p)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise
    return


def write_text(path: str | Path, text: str, *, overwrite: bool = False, what: str = "output") -> Path:
    """Write ``text`` (UTF-8) atomically, refusing an existing file unless ``overwrite``."""
    with atomic_file(path, overwrite=overwrite, what=what) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def write_csv(
    df: pd.DataFrame,
    path: str | Path,
    *,
    overwrite: bool = False,
    index: bool = False,
    what: str = "table",
    **kwargs: Any,
) -> Path:
    """Write a DataFrame as CSV: formula cells neutralised, atomically, no silent overwrite.

    Parameters
    ----------
    df : pandas.DataFrame
    path : str or Path
    overwrite : bool
        Replace an existing file.
    index : bool
        Write the index (as :meth:`pandas.DataFrame.to_csv`).
    what : str
        What is written, for messages.
    **kwargs
        Passed to :meth:`pandas.DataFrame.to_csv`.

    Returns
    -------
    Path
    """
    safe = neutralise_frame(df)
    if "lineterminator" not in kwargs and _has_cr(safe):
        # Python's csv quotes a cell only for the characters of the line terminator: a lone
        # CR inside a text cell would otherwise end the row for every reader
        kwargs["lineterminator"] = "\r\n"
    with atomic_file(path, overwrite=overwrite, what=what) as tmp:
        safe.to_csv(tmp, index=index, **kwargs)
    return Path(path)


def _text_columns(df: pd.DataFrame) -> list[int]:
    import pandas as pd

    return [
        k
        for k, dt in enumerate(df.dtypes)
        if pd.api.types.is_object_dtype(dt) or pd.api.types.is_string_dtype(dt) or isinstance(dt, pd.CategoricalDtype)
    ]


def _has_cr(df: pd.DataFrame) -> bool:
    cols = [df.iloc[:, k].to_numpy(dtype=object) for k in _text_columns(df)]
    return any(isinstance(v, str) and "\r" in v for col in cols for v in col) or any(
        isinstance(v, str) and "\r" in v for v in [*df.columns, *df.index]
    )


def _unique_beside(p: Path, tag: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f".{p.name}.", suffix=f".rehab-{tag}", dir=p.parent))


@contextlib.contextmanager
def staged_dir(path: str | Path, *, overwrite: bool = False, what: str = "output") -> Iterator[Path]:
    """Yield an empty temporary folder beside ``path``; on success it replaces ``path``.

    ``path`` must not exist, be an empty folder, or ``overwrite`` must be
    true (then its whole previous content is replaced, so files of an
    earlier run do not stay beside the new ones). An exception (or
    KeyboardInterrupt) inside the block removes the temporary folder and
    leaves ``path`` untouched.

    Raises
    ------
    OutputExistsError
        ``path`` is a non-empty folder or a file and ``overwrite`` is false.
    """
    p = check_target(path, overwrite=overwrite, what=what)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        stage = _unique_beside(p, "tmp")
    except OSError as exc:
        raise InputError(f"cannot create the {what} folder {str(p)!r}: {exc}") from None
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    _swap_in(stage, p)


def _swap_in(stage: Path, p: Path, remove: Callable[..., Any] = shutil.rmtree) -> None:
    """Move ``stage`` to ``p``; an existing ``p`` is moved aside first and removed after."""
    old = None
    if p.exists() or p.is_symlink():
        old = _unique_beside(p, "old")
        old.rmdir()
        os.replace(p, old)
    try:
        os.replace(stage, p)
    except OSError:
        if old is not None:
            os.replace(old, p)
        shutil.rmtree(stage, ignore_errors=True)
        raise
    if old is not None:
        if old.is_dir():
            remove(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)
