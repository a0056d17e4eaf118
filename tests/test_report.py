"""The landlord's report: its tables, its HTML, and the HTML rendered in headless Chromium."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

import rehab
from rehab import planning, report, uncertainty
from rehab.errors import InputError, MissingExtraError
from rehab.programme import Programme

PACKAGES = ["attic-only", "heat-pump-only", "bbc-renovation"]


@pytest.fixture(scope="module")
def stock():
    demo = rehab.stock.demo()
    # every 25th dwelling: corons (heritage and not), Castors, cités, all three owner types
    rows = demo.table.iloc[::25].reset_index(drop=True)
    return rehab.stock.Stock(table=rows, source="demo-subset.csv")


@pytest.fixture(scope="module")
def result(stock):
    return Programme(stock, PACKAGES).run(progress=False)


@pytest.fixture(scope="module")
def plan(result):
    return planning.plan(
        result,
        result.choose(target_class="C"),
        budget_per_year=120_000,
        start_year=2027,
        end_year=2034,
    )


@pytest.fixture(scope="module")
def unc(result):
    return uncertainty.run(result, n_samples=50, seed=7, choice=result.choose(target_class="C"))


@pytest.fixture(scope="module")
def html_file(result, plan, unc, stock, tmp_path_factory):
    return report.write_html(
        result,
        tmp_path_factory.mktemp("rep"),
        plan=plan,
        uncertainty=unc,
        choice=result.choose(target_class="C"),
        title="Test <programme>",
        stock=stock,
    )


# ----------------------------------------------------------------------------- tables
def test_outcomes_follow_the_chosen_rows(result):
    out = report.outcomes(result)
    t = result.table.set_index(["house_id", "scenario"])
    assert len(out) == result.table["house_id"].nunique()
    for _, row in out.iterrows():
        base = t.loc[(row["house_id"], "baseline")]
        if row["scenario"] == "baseline":  # nothing reaches C: no works, nothing saved
            assert (
                row["cost_ttc_eur"] == 0.0
                and row["co2_saved_kg"] == 0.0
                and row["savings_eur"] == 0.0
            )
            assert row["class_after"] == base["dpe_class"]
            continue
        after = t.loc[(row["house_id"], row["scenario"])]
        assert row["class_before"] == base["dpe_class"] and row["class_after"] == after["dpe_class"]
        assert row["net_cost_eur"] == pytest.approx(after["net_cost_eur"])
        assert row["savings_eur"] == pytest.approx(
            base["bill_before_eur"] - after["bill_after_eur"]
        )
        assert row["co2_saved_kg"] == pytest.approx(base["co2_kg"] - after["co2_kg"])
        assert row["energy_saved_kwh"] == pytest.approx(
            base["delivered_kwh"] - after["delivered_kwh"]
        )
        assert row["reaches_target"] == (after["dpe_class"] in "ABC")
    # the cheapest reaching C: no allowed package in A-C is cheaper than the one chosen
    chosen = out[out["scenario"] != "baseline"].iloc[0]
    rows = result.table[(result.table["house_id"] == chosen["house_id"]) & result.table["allowed"]]
    reaching = rows[rows["dpe_class"].isin(list("ABC"))]
    assert chosen["net_cost_eur"] == pytest.approx(reaching["net_cost_eur"].min())


def test_outcomes_with_an_explicit_choice(result):
    ids = result.table["house_id"].unique()
    out = report.outcomes(result, {ids[0]: "attic-only"})
    assert out.loc[0, "scenario"] == "attic-only"
    assert (out.loc[1:, "scenario"] == "baseline").all()
    assert (out.loc[1:, "cost_ttc_eur"] == 0).all()
    with pytest.raises(InputError, match="no-such-package"):
        report.outcomes(result, {ids[0]: "no-such-package"})
    with pytest.raises(InputError, match=r"\.table"):
        report.outcomes(object())


def test_package_comparison_sums_the_allowed_rows(result):
    comp = report.package_comparison(result)
    assert list(comp.index) == PACKAGES
    t = result.table
    base = t[t["scenario"] == "baseline"].set_index("house_id")
    for name in PACKAGES:
        p = t[(t["scenario"] == name) & t["allowed"]].set_index("house_id")
        assert comp.loc[name, "allowed"] == len(p)
        assert comp.loc[name, "houses"] == t["house_id"].nunique()
        assert comp.loc[name, "net_cost_eur"] == pytest.approx(p["net_cost_eur"].sum())
        assert comp.loc[name, "co2_saved_t"] == pytest.approx(
            (base.loc[p.index, "co2_kg"] - p["co2_kg"]).sum() / 1000
        )
        assert comp.loc[name, "cep_after"] == pytest.approx(p["cep_kwhep_m2"].mean())
        counts = p["dpe_class"].value_counts()
        assert comp.loc[name, "classes_after"] == " ".join(
            f"{c}:{counts[c]}" for c in "ABCDEFG" if c in counts
        )
    # heritage street façades forbid external wall insulation: bbc-renovation is refused on them
    heritage = rehab.stock.demo().table.set_index("id").loc[t["house_id"].unique(), "heritage"]
    assert comp.loc["bbc-renovation", "allowed"] == int((~heritage.astype(bool)).sum())


def test_distribution_and_groups_add_up(result):
    out = report.outcomes(result)
    dist = report.class_distribution(out)
    assert list(dist.index) == list("ABCDEFG")
    assert dist["before"].sum() == dist["after"].sum() == len(out)
    g = report.group_summary(out, "owner")
    assert g["houses"].sum() == len(out)
    assert g["net_cost_eur"].sum() == pytest.approx(out["net_cost_eur"].sum())
    assert set(g.index) <= {"owner_occupier", "social_landlord", "private_landlord"}
    with pytest.raises(InputError, match="no such column"):
        report.group_summary(out, "colour")


def test_data_sources_have_dates_and_sources():
    ds = report.data_sources()
    for topic in (
        "materials",
        "archetypes",
        "climate",
        "factors",
        "costs",
        "prices",
        "subsidies",
        "weather",
    ):
        rows = ds[ds["topic"] == topic]
        assert len(rows), topic
        assert rows["date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all(), rows[["file", "date"]]
        assert (rows["source"].str.strip().str.len() > 0).all(), rows[["file", "source"]]
    weather = ds[ds["topic"] == "weather"].iloc[0]
    assert weather["file"].endswith(".epw") and "Climate.OneBuilding.Org" in weather["source"]
    assert (
        ds.loc[ds["file"] == "factors/primary_energy.csv", "date"].item()
        == rehab._data.csv_metadata("factors", "primary_energy.csv")["date"]
    )


# ----------------------------------------------------------------------------- HTML
class _Parse(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _parse(text):
    p = _Parse()
    p.feed(text)
    return p.tags


def test_html_is_self_contained_with_every_section(html_file):
    text = html_file.read_text(encoding="utf-8")
    assert html_file.name == "index.html"
    tags = _parse(text)
    ids = {a.get("id") for t, a in tags if t == "section"}
    assert ids == {
        "summary",
        "packages",
        "classes",
        "cost-savings",
        "abatement",
        "bills",
        "whole-life",
        "phasing",
        "uncertainty",
        "owners",
        "places",
        "sources",
    }
    imgs = [a for t, a in tags if t == "img"]
    assert len(imgs) == 8  # classes, cost-savings, abatement, bills, whole life, phasing, cash flows, uncertainty
    for a in imgs:
        assert a["src"].startswith("data:image/png;base64,")
        png = base64.b64decode(a["src"].split(",", 1)[1])
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
        assert a["alt"]
    # nothing is fetched from anywhere: no script, no stylesheet link, no external URL in an attribute
    assert not [t for t, _ in tags if t in ("script", "link", "iframe", "object", "embed")]
    for _, a in tags:
        for k in ("src", "href"):
            v = a.get(k) or ""
            assert not v.startswith(("http:", "https:", "//")), v
    assert "@import" not in text and "url(" not in text
    assert "default-src 'none'" in text  # CSP forbids any other resource
    assert "@media print" in text
    assert "Test &lt;programme&gt;" in text


def test_html_lists_the_data_sources_with_their_dates(html_file):
    text = html_file.read_text(encoding="utf-8")
    for f in (
        "materials/materials.csv",
        "factors/primary_energy.csv",
        "costs/unit_costs.csv",
        "prices/tariffs.csv",
        "subsidies/maprimerenov_ampleur.json",
        "archetypes/archetypes.json",
        "climate/3cl_monthly.csv",
        "weather/BEL_VLG_Uccle.064470_TMYx.2007-2021.epw",
    ):
        m = re.search(
            re.escape(f) + r"</td><td>.*?</td><td class=\"d\">(\d{4}-\d{2}-\d{2})</td>", text
        )
        assert m, f
    assert "Climate.OneBuilding.Org" in text
    assert "2026-06-01" in text  # the run's settings (evaluation date)
    assert "1 cell(s)" not in text  # the subset stock has no refused rows


def test_html_summary_numbers(result, html_file):
    text = html_file.read_text(encoding="utf-8")
    out = report.outcomes(result)
    n = len(out)
    assert f'<div class="v">{n}</div><div class="k">houses</div>' in text
    assert f'<div class="v">{len(PACKAGES)}</div><div class="k">packages compared</div>' in text
    assert (
        f'<div class="v">{report._eur(out["net_cost_eur"].sum())}</div><div class="k">net cost</div>'
        in text
    )
    before = int(out["class_before"].isin(list("ABC")).sum())
    assert f"{before} → {int(out['reaches_target'].sum())}" in text


def test_html_with_a_plan(result, plan, html_file):
    text = html_file.read_text(encoding="utf-8")
    phasing = text[text.index('<section id="phasing">') : text.index('<section id="uncertainty">')]
    assert phasing.count("<img ") == 2 and "Cash flows per payer" in phasing
    for year in range(2027, 2035):
        assert f'<th scope="row">{year}</th>' in phasing
    spent = plan.yearly.set_index("year")["spend_eur"]
    assert (spent <= 120_000 + 1e-6).all()
    assert report._eur(float(spent.iloc[0])) in phasing
    if len(plan.unmet):
        assert f"Rental-ban deadlines not met ({len(plan.unmet)})" in phasing
    settings = report.run_settings(result, plan)
    assert settings["yearly budget"] == "120 k€" and settings["plan years"] == "2027–2034"
    assert settings["date"] == "2026-06-01" and settings["packages"] == ", ".join(PACKAGES)


def test_report_without_plan_uses_the_choice_and_says_so(result, tmp_path):
    f = report.write_html(result, tmp_path / "r.html", target_class="D")
    text = f.read_text(encoding="utf-8")
    assert text.count("<img ") == 5  # classes, cost-savings, abatement, bills, whole life
    assert "No phasing plan was computed" in text and "No Monte Carlo analysis was run" in text
    assert "reaching DPE class D or better" in text
    out = report.outcomes(result, target_class="D")
    chosen = result.choose(target_class="D")
    assert list(out["scenario"]) == list(chosen["scenario"])
    assert list(out["house_id"]) == list(chosen["house_id"])


def test_plan_schedule_is_the_default_choice(result, plan):
    out = report.outcomes(result, report._plan_choice(plan))
    done = set(plan.schedule["house_id"])
    assert set(out.loc[out["scenario"] != "baseline", "house_id"]) == done
    assert out["net_cost_eur"].sum() == pytest.approx(plan.schedule["net_cost_eur"].sum())


def test_html_with_uncertainty(unc, html_file):
    text = html_file.read_text(encoding="utf-8")
    sec = text[text.index('<section id="uncertainty">') : text.index('<section id="owners">')]
    assert sec.count("<img ") == 1 and "50 Monte Carlo samples (seed 7)" in sec
    a = unc.aggregate
    vals, unit = report._scaled(
        a.loc["npv_eur", ["p10", "p50", "p90", "deterministic"]].to_numpy(float), "EUR"
    )
    p10, p50, p90, _ = vals
    row = re.search(rf"net present value</th><td>{unit}</td>(.*?)</tr>", sec).group(1)
    cells = [
        float(c.replace(",", "").replace("−", "-")) for c in re.findall(r'class="n">([^<]+)<', row)
    ]
    assert cells[1:] == pytest.approx([p10, p50, p90], abs=0.006)
    for name in ("setpoint_offset", "n50_factor", "cost_house_factor"):
        assert name in sec
    settings = report.run_settings(None, None, unc)
    assert settings["uncertainty n samples"] == "50" and settings["uncertainty seed"] == "7"
    assert not [k for k in settings if "seconds" in k]


def test_eur_and_num_formatting():
    assert report._eur(2_345_678) == "2.35 M€"
    assert report._eur(-12_345) == "−12 k€"
    assert report._eur(950.4) == "950 €"
    assert report._eur(1200, signed=True) == "+1,200 €"
    assert report._eur(float("nan")) == "–"
    assert report._num(-1234.56, 1) == "−1,234.6"
    assert report._num(-0.2) == "0"


def test_missing_matplotlib_names_the_extra(result, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if not installed
    with pytest.raises(MissingExtraError, match=re.escape('pip install "rehab[plot]"')):
        report.write_html(result, tmp_path / "r.html")
    assert not (tmp_path / "r.html").exists()


def test_write_tables(result, tmp_path):
    files = report.write_tables(result, tmp_path / "t")
    names = sorted(p.name for p in files)
    assert names == [
        "bills_by_carrier.csv",
        "bills_by_use.csv",
        "by_archetype.csv",
        "by_cite.csv",
        "by_owner.csv",
        "by_street.csv",
        "choice.csv",
        "packages.csv",
    ]
    use = pd.read_csv(tmp_path / "t" / "bills_by_use.csv").set_index("use")
    assert use.loc["total", "before_eur"] == pytest.approx(report.outcomes(result)["bill_before_eur"].sum())
    choice = pd.read_csv(tmp_path / "t" / "choice.csv")
    assert len(choice) == result.table["house_id"].nunique()
    assert choice["net_cost_eur"].sum() == pytest.approx(
        report.outcomes(result)["net_cost_eur"].sum()
    )
    with pytest.raises(InputError, match="format"):
        report.write_tables(result, tmp_path / "t", format="ods")


def test_write_tables_with_a_plan_as_parquet(result, plan, tmp_path):
    files = report.write_tables(result, tmp_path, plan=plan, format="parquet")
    names = {p.name for p in files}
    assert {
        "plan_schedule.parquet",
        "plan_yearly.parquet",
        "plan_unmet.parquet",
        "plan_cashflows.parquet",
    } <= names
    sched = pd.read_parquet(tmp_path / "plan_schedule.parquet")
    assert len(sched) == len(plan.schedule)


def test_write_tables_as_one_spreadsheet(result, plan, tmp_path):
    from openpyxl import load_workbook

    (path,) = report.write_tables(result, tmp_path, plan=plan, format="xlsx")
    assert path.name == "tables.xlsx"
    wb = load_workbook(path)
    assert {"packages", "choice", "by_owner", "plan_schedule", "plan_cashflows"} <= set(
        wb.sheetnames
    )
    ws = wb["choice"]
    header = [c.value for c in ws[1]]
    assert "net_cost_eur [EUR]" in header and "cep_before" in header
    assert ws.freeze_panes == "A2"
    j = header.index("net_cost_eur [EUR]") + 1
    values = [ws.cell(i, j).value for i in range(2, ws.max_row + 1)]
    assert sum(values) == pytest.approx(report.outcomes(result, plan.schedule)["net_cost_eur"].sum())
    assert ws.cell(2, j).number_format == "#,##0"
    assert ws.max_row - 1 == result.table["house_id"].nunique()


# ----------------------------------------------------------------------------- French
@pytest.fixture(scope="module")
def html_fr(result, plan, unc, stock, tmp_path_factory):
    return report.write_html(
        result,
        tmp_path_factory.mktemp("rep_fr") / "rapport.html",
        plan=plan,
        uncertainty=unc,
        stock=stock,
        lang="fr",
    )


def test_french_report_is_in_french(result, plan, html_fr):
    from rehab._i18n import FR, date, eur

    text = html_fr.read_text(encoding="utf-8")
    assert '<html lang="fr">' in text and "<h1>Rapport du programme de rénovation</h1>" in text
    for title in ("Synthèse", "Bouquets comparés", "Phasage et trésorerie", "Incertitude"):
        assert f"<h2>{title}</h2>" in text
    assert date(__import__("datetime").date.today(), "fr") in text
    out = report.outcomes(result, plan.schedule)
    net = eur(out["net_cost_eur"].sum(), "fr")
    assert net.endswith(("\xa0k€", "\xa0M€"))  # a no-break space before the unit
    assert f'<div class="v">{net}</div><div class="k">reste à charge</div>' in text
    # no English sentence of the report is left (the long messages, placeholders cut out)
    import re as _re

    left = [
        k
        for k in FR
        if len(k) > 40 and all(len(p) < 25 or p in text for p in _re.split(r"\{\w+\}", k))
        and any(len(p) >= 25 for p in _re.split(r"\{\w+\}", k))
    ]
    assert left == []
    # numbers the French way: a decimal comma in the uncertainty table, no "1,234"-style grouping
    assert _re.search(r'class="n">−?\d+,\d\d<', text)
    assert not _re.search(r'class="n">−?\d{1,3},\d{3}<', text)


def test_unknown_language_is_refused(result, tmp_path):
    with pytest.raises(InputError, match=r"lang 'de'.*en, fr"):
        report.write_html(result, tmp_path / "r.html", lang="de")


# ----------------------------------------------------------------------------- browser
def _chromium() -> str:
    """The headless browser; fails in CI when missing, skips elsewhere."""
    exe = os.environ.get("REHAB_CHROMIUM") or next(
        (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
    )
    if exe:
        return exe
    msg = (
        "headless Chromium is not installed: apt-get install chromium chromium-driver "
        "(or set REHAB_CHROMIUM to a Chrome/Chromium binary)"
    )
    if os.environ.get("CI"):
        pytest.fail(f"{msg}; CI must run the browser test (.ci/run installs Chromium)")
    pytest.skip(f"{msg}; this test runs in CI (environment variable CI set)")


def _run_browser(exe, tmp_path, *args):
    cmd = [
        exe,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True)


_PROBE = """<script>
window.addEventListener("load", function () {
  var r = Array.prototype.map.call(document.images, function (i) {
    return [i.complete, i.naturalWidth, i.naturalHeight];
  });
  document.body.setAttribute("data-images", JSON.stringify(r));
});
</script>"""


@pytest.mark.browser
def test_report_renders_in_headless_chromium(html_file, tmp_path):
    exe = _chromium()
    text = html_file.read_text(encoding="utf-8")
    n_img = text.count("<img ")
    # 1) every image loads: a copy of the page with a probe script (the CSP is widened for inline scripts only)
    probe = tmp_path / "probe.html"
    probe.write_text(
        text.replace(
            "default-src 'none';", "default-src 'none'; script-src 'unsafe-inline';"
        ).replace("</body>", _PROBE + "</body>"),
        encoding="utf-8",
    )
    dom = _run_browser(exe, tmp_path, "--dump-dom", probe.as_uri()).stdout
    m = re.search(r'data-images="([^"]*)"', dom)
    assert m, "the probe did not run: " + dom[:300]
    images = json.loads(m.group(1).replace("&quot;", '"'))
    assert len(images) == n_img == 8
    assert all(complete and w > 0 and h > 0 for complete, w, h in images), images
    # 2) the page itself (CSP as shipped) is not blank
    shot = tmp_path / "shot.png"
    _run_browser(
        exe, tmp_path, f"--screenshot={shot}", "--window-size=1200,2600", html_file.as_uri()
    )
    import matplotlib.image

    px = matplotlib.image.imread(shot)[..., :3]
    assert px.shape[0] == 2600 and px.shape[1] == 1200
    grey = px.mean(axis=2)
    assert grey.std() > 0.05, "the screenshot is blank"
    non_white = float((grey < 0.9).mean())
    assert 0.02 < non_white < 0.6, non_white
    # the DPE-class chart is drawn: the class colours of the after bars appear on the page
    colours = {tuple(int(v[i : i + 2], 16) for i in (1, 3, 5)) for v in report.DPE_COLOURS.values()}
    rgb = np.round(px * 255).astype(int).reshape(-1, 3)
    seen = {c for c in colours if (np.abs(rgb - np.array(c)).sum(axis=1) <= 6).any()}
    assert len(seen) >= 2, seen
    # 3) it prints (A4, print style sheet)
    pdf = tmp_path / "report.pdf"
    _run_browser(
        exe, tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", html_file.as_uri()
    )
    data = pdf.read_bytes()
    assert data[:5] == b"%PDF-" and len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 3


@pytest.mark.browser
def test_french_report_renders_in_headless_chromium(html_fr, tmp_path):
    exe = _chromium()
    shot = tmp_path / "fr.png"
    _run_browser(exe, tmp_path, f"--screenshot={shot}", "--window-size=1200,1800", html_fr.as_uri())
    import matplotlib.image

    grey = matplotlib.image.imread(shot)[..., :3].mean(axis=2)
    assert grey.shape == (1800, 1200) and grey.std() > 0.05
    dom = _run_browser(exe, tmp_path, "--dump-dom", html_fr.as_uri()).stdout
    assert "Synthèse" in dom and "reste à charge" in dom



def test_whole_life_section_sums_the_programme_per_package(result, html_file, html_fr):
    """The whole-life chart's table: each house takes the package where allowed, stays as it is elsewhere."""
    text = html_file.read_text(encoding="utf-8")
    assert 'id="whole-life"' in text and "Whole-life carbon" in text
    t = result.table
    base = t[t["scenario"] == "baseline"].set_index("house_id")
    for s, g in t[t["scenario"] != "baseline"].groupby("scenario"):
        g = g.set_index("house_id")
        ok = g["allowed"].astype(bool)
        expect = g["operational_kgco2e"].where(ok, base["operational_kgco2e"].reindex(g.index)).sum() / 1000.0
        assert f'<td class="n">{expect:,.1f}</td>' in text, s
    fr = html_fr.read_text(encoding="utf-8")  # French numbers: 1 187,1
    sec = fr[fr.index('<section id="whole-life">') : fr.index('<section id="phasing">')]
    assert re.search(r'<td class="n">\d{1,3}(\u202f\d{3})*,\d</td>', sec)
    assert not re.search(r'<td class="n">[\d,]*\.\d</td>', sec)


# ----------------------------------------------------------------------------- bills by use and carrier
def test_bill_breakdown_adds_up_to_the_chosen_bills(result):
    ch = result.choose(target_class="C")
    out = report.outcomes(result, ch)
    use = report.bill_breakdown(result, ch)
    carrier = report.bill_breakdown(result, ch, by="carrier")
    assert list(use.index) == ["heating", "dhw", "cooling", "lighting", "auxiliaries", "subscriptions", "pv", "total"]
    assert {"electricity", "natural_gas", "pv", "total"} <= set(carrier.index)
    for b in (use, carrier):
        assert b.loc["total", "before_eur"] == pytest.approx(out["bill_before_eur"].sum())
        assert b.loc["total", "after_eur"] == pytest.approx(out["bill_after_eur"].sum())
        assert b.drop(index="total")["after_eur"].sum() == pytest.approx(b.loc["total", "after_eur"])
        assert b.loc["total", "after_eur_per_house"] == pytest.approx(out["bill_after_eur"].mean())
    # by hand: the heating bill before is the sum of the baseline rows' heating bills
    t = result.table
    assert use.loc["heating", "before_eur"] == pytest.approx(t.loc[t["scenario"] == "baseline", "bill_heating_eur"].sum())
    assert use.loc["heating", "change_eur"] < 0  # the chosen works cut the heating bill
    with pytest.raises(InputError, match="by: 'month'"):
        report.bill_breakdown(result, ch, by="month")


def test_html_bills_section_in_both_languages(result, html_file, html_fr):
    from rehab._i18n import eur

    use = report.bill_breakdown(result, result.choose(target_class="C"))
    text = html_file.read_text(encoding="utf-8")
    sec = text[text.index('<section id="bills">') : text.index('<section id="whole-life">')]
    assert "<h3>By use</h3>" in sec and "<h3>By energy carrier</h3>" in sec
    assert "hot water" in sec and "natural gas" in sec and "subscriptions" in sec
    assert f"<td class=\"n\">{eur(use.loc['heating', 'before_eur'], 'en')}</td>" in sec
    assert sec.count("<img ") == 1
    fr = html_fr.read_text(encoding="utf-8")
    sec = fr[fr.index('<section id="bills">') : fr.index('<section id="whole-life">')]
    assert "<h2>Factures d'énergie par usage et par énergie</h2>" in sec.replace("&#x27;", "'")
    assert "eau chaude sanitaire" in sec and "gaz naturel" in sec and "abonnements" in sec
