"""HTML building blocks of the report: style sheet, tables, cards, embedded charts."""

from __future__ import annotations

import base64
import contextlib
import contextvars
import html
import io
import math
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .. import _warmup
from .._i18n import eur, num, tr
from ..plot import DPE_COLOURS

if TYPE_CHECKING:
    import pandas as pd


_CSS = """
:root { --ink:#1d232b; --muted:#5b6573; --line:#d9dee4; --bg:#ffffff; --accent:#23527c; }
* { box-sizing: border-box; }
html { font-size: 15px; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font-family: "Segoe UI", "Helvetica Neue", Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif;
  line-height: 1.45; }
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem 1.5rem 4rem; }
header.top { border-bottom: 3px solid var(--accent); margin-bottom: 1rem; }
h1 { font-size: 1.9rem; margin: 0.2rem 0 0.3rem; letter-spacing: -0.01em; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 0.6rem; padding-bottom: 0.2rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.4rem 0 0.4rem; }
p, li { max-width: 48rem; }
.sub { color: var(--muted); margin: 0 0 0.8rem; }
nav ol { columns: 2; padding-left: 1.2rem; margin: 0.4rem 0 0; }
nav a { color: var(--accent); text-decoration: none; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: 0.6rem; margin: 0.8rem 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 0.55rem 0.7rem; }
.card .v { font-size: 1.35rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .k { color: var(--muted); font-size: 0.85rem; }
.tw { overflow-x: auto; margin: 0.5rem 0 1rem; }
table { border-collapse: collapse; font-size: 0.86rem; font-variant-numeric: tabular-nums; }
th, td { padding: 0.25rem 0.5rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); font-weight: 600; vertical-align: bottom; font-size: 0.8rem; }
td.d { white-space: nowrap; }
tbody tr:nth-child(even) { background: #f6f8fa; }
.n { text-align: right; white-space: nowrap; }
tbody th[scope="row"] { white-space: nowrap; }
table.sources td:last-child { font-size: 0.8rem; color: var(--muted); max-width: 30rem; }
figure { margin: 0.8rem 0 1.2rem; }
figure img { max-width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: 0.85rem; margin-top: 0.2rem; }
.note { background: #f4f7fb; border-left: 4px solid var(--accent); padding: 0.5rem 0.8rem; font-size: 0.9rem; }
.cls { display: inline-block; min-width: 1.5em; text-align: center; border-radius: 3px; color: #fff;
  font-weight: 700; padding: 0 0.25em; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
footer { margin-top: 3rem; color: var(--muted); font-size: 0.8rem; border-top: 1px solid var(--line); padding-top: 0.6rem; }
@media print {
  html { font-size: 10.5pt; }
  @page { size: A4; margin: 14mm 12mm; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure, table, .cards, .note { break-inside: avoid; page-break-inside: avoid; }
  tbody tr:nth-child(even) { background: none; }
  .tw { overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
"""


def _esc(x: Any) -> str:
    return html.escape(str(x), quote=True)


def _html_table(
    df: pd.DataFrame,
    formats: dict[str, Any] | None = None,
    *,
    index: bool = True,
    headers: dict[str, str] | None = None,
    cls: str = "",
    lang: str = "en",
) -> str:
    """A small HTML table; numbers right-aligned, cells escaped."""
    formats = formats or {}
    headers = headers or {}
    cols = list(df.columns)
    head = []
    if index:
        head.append(
            f'<th scope="col">{_esc(headers.get(df.index.name or "", df.index.name or ""))}</th>'
        )
    for c in cols:
        cl = ' class="n"' if c in formats else ""
        head.append(f'<th scope="col"{cl}>{_esc(headers.get(c, c))}</th>')
    body = []
    for key, row in df.iterrows():
        cells = [f'<th scope="row">{_esc(key)}</th>'] if index else []
        for c in cols:
            v = row[c]
            if c in formats:
                f = formats[c]
                txt = f(v) if callable(f) else num(float(v), int(f), lang)
                cells.append(f'<td class="n">{_esc(txt)}</td>')
            else:
                txt = "" if v is None or (isinstance(v, float) and math.isnan(v)) else v
                attr = ' class="d"' if c == "date" else ""
                cells.append(f"<td{attr}>{_esc(txt)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    c = f' class="{cls}"' if cls else ""
    return (
        f'<div class="tw"><table{c}><thead><tr>{"".join(head)}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _figure(width: float, height: float) -> Any:
    """A matplotlib Figure outside pyplot (no global state, thread-safe)."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _png(fig: Any, alt: str) -> str:
    """An <img> element holding the figure as an embedded base64 PNG."""
    buf = io.BytesIO()
    # zlib level 1: the PNGs about 6 % larger, encoded in a third of the time of the default 6
    fig.savefig(buf, format="png", dpi=110, facecolor="white", pil_kwargs={"compress_level": 1})
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    w, h = (fig.get_size_inches() * 110).round().astype(int)
    return f'<img src="data:image/png;base64,{data}" width="{w}" height="{h}" alt="{_esc(alt)}">'


#: The charts :func:`_chart` sent to the warm-up child in this thread's report: token -> (future, call).
_SENT: contextvars.ContextVar[dict[str, tuple[Any, Callable[..., str], tuple, dict]] | None] = (
    contextvars.ContextVar("rehab_report_charts", default=None)
)


def _chart(fn: Callable[..., str], *args: Any, **kwargs: Any) -> str:
    """The <img> element ``fn(*args, **kwargs)`` (a module-level function drawing one chart).

    Inside :func:`_charts_elsewhere`, when the CLI's warm-up child serves jobs
    (:func:`rehab._warmup.submit`), the child draws it on the other core and a
    placeholder stands in the page until :func:`_charts_elsewhere`'s ``fill``;
    otherwise it is drawn here. Either way the same bytes.
    """
    sent = _SENT.get()
    if sent is not None:
        f = _warmup.submit(fn, *args, **kwargs)
        if f is not None:
            token = f"\x00chart-{len(sent)}\x00"
            sent[token] = (f, fn, args, kwargs)
            return token
    return fn(*args, **kwargs)


#: Work to do while the child draws this thread's report charts (:func:`_meanwhile`).
_MEANWHILE: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar("rehab_report_meanwhile",
                                                                                    default=None)


@contextlib.contextmanager
def _meanwhile(task: Callable[[], Any]) -> Iterator[Callable[[], Any]]:
    """Run ``task`` while the warm-up child draws the charts of a report written in this block,
    or after it; yields ``result()``, which returns the task's value (running it if it has not
    run) or raises its error. For work of the same step that does not need the charts (the
    tables written beside the report)."""
    box: dict[str, Any] = {"task": task}

    def result() -> Any:
        _run_task(box)
        if "error" in box:
            raise box["error"]
        return box["value"]

    reset = _MEANWHILE.set(box)
    try:
        yield result
    finally:
        _MEANWHILE.reset(reset)


def _run_task(box: dict[str, Any]) -> None:
    if "task" in box:
        task = box.pop("task")
        try:
            box["value"] = task()
        except Exception as exc:  # raised by result(), where the caller expects it
            box["error"] = exc


@contextlib.contextmanager
def _charts_elsewhere() -> Iterator[Callable[[str], str]]:
    """Let :func:`_chart` send charts to the warm-up child; yields ``fill(page)``, which puts
    each chart in place of its placeholder (drawing here any the child could not)."""
    sent: dict[str, tuple[Any, Callable[..., str], tuple, dict]] = {}

    def fill(page: str) -> str:
        box = _MEANWHILE.get()
        if box is not None and not all(f.done() for f, *_ in sent.values()):
            _run_task(box)  # while the child draws
        for token, (f, fn, args, kwargs) in sent.items():
            try:
                img = f.result(timeout=_warmup.TIMEOUT)
            except Exception:  # the child ended or failed: drawn here
                img = fn(*args, **kwargs)
            page = page.replace(token, img)
        return page

    reset = _SENT.set(sent)
    try:
        yield fill
    finally:
        _SENT.reset(reset)


def _plot_png(name: str, args: tuple, lang: str, alt: str, size: tuple[float, float] = (7.0, 4.0)) -> str:
    """The <img> of ``rehab.plot.<name>(*args, ax=..., lang=lang)`` on a figure of ``size`` [in]
    (a module-level function of plain data: :func:`_chart` can send it to the warm-up child)."""
    from .. import plot

    fig = _figure(*size)
    getattr(plot, name)(*args, ax=fig.add_subplot(), lang=lang)
    return _png(fig, alt)


def _cls_badge(c: str) -> str:
    colour = DPE_COLOURS.get(str(c), "#777777")
    ink = "#1d232b" if c in ("C", "D", "E") else "#ffffff"
    return f'<span class="cls" style="background:{colour};color:{ink}">{_esc(c)}</span>'


def _cards(items: Sequence[tuple[str, str]]) -> str:
    return (
        '<div class="cards">'
        + "".join(
            f'<div class="card"><div class="v">{v}</div><div class="k">{_esc(k)}</div></div>'
            for k, v in items
        )
        + "</div>"
    )


def _objective_text(objective: str, target_class: str, lang: str = "en") -> str:
    """The choice rule in words."""
    msg = {
        "cheapest_reaching": "the cheapest package (net of subsidies) reaching DPE class {target} or better",
        "max_npv": "the package with the highest net present value",
        "highest_npv": "the package with the highest net present value",
        "min_co2": "the package with the lowest CO₂ emissions",
        "lowest_co2": "the package with the lowest CO₂ emissions",
    }.get(objective)
    return tr(msg, lang, target=target_class) if msg else objective.replace("_", " ")


def _money(lang: str, *, signed: bool = False) -> Any:
    """A cell formatter of euros in ``lang``."""
    return lambda v: eur(float(v), lang, signed=signed)
