"""The command line."""

import json
import subprocess
import sys

import pytest

import rehab
from rehab import __version__
from rehab.cli import main


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert __version__ in capsys.readouterr().out
    assert main([]) == 0
    assert "COMMAND" in capsys.readouterr().out


def test_console_script_installed():
    out = subprocess.run([sys.executable, "-m", "rehab.cli", "--version"], capture_output=True, text=True, check=True)
    assert __version__ in out.stdout


def test_schema_house(capsys):
    assert main(["schema", "house"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "House"


def test_archetypes_and_heatloss(tmp_path, capsys):
    assert main(["archetypes"]) == 0
    assert "coron-mid-terrace" in capsys.readouterr().out
    f = tmp_path / "h.json"
    assert main(["archetypes", "coron-mid-terrace", "--json", str(f)]) == 0
    assert main(["heatloss", str(f)]) == 0
    assert "H_tr=" in capsys.readouterr().out


def test_bad_input_exit_code_2(tmp_path, capsys):
    assert main(["heatloss", "no-such-archetype"]) == 2
    assert "unknown archetype" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text('{"floor_area": -3}')
    assert main(["heatloss", str(bad)]) == 2
    assert "floor_area" in capsys.readouterr().err


def test_assess_command_prints_and_writes(tmp_path, capsys):
    out = tmp_path / "a.csv"
    assert main(["assess", "coron-mid-terrace", "--packages", "attic-only", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "baseline" in text and "attic-only" in text
    import pandas as pd

    df = pd.read_csv(out)
    assert list(df["scenario"]) == ["baseline", "attic-only"]
    assert main(["assess", "coron-mid-terrace", "--packages", "no-such-package"]) == 2


def test_assess_prints_the_bill_by_use_in_english_and_french(capsys):
    from rehab._i18n import num

    args = ["assess", "coron-mid-terrace", "--packages", "bbc-renovation", "--date", "2026-06-01"]
    assert main(args) == 0
    en = capsys.readouterr().out
    table = rehab.assess(rehab.archetypes.get("coron-mid-terrace"), ["bbc-renovation"], date="2026-06-01")
    heat = table["bill_heating_eur"].round(0)
    assert "First-year energy bill by use [€/yr]:" in en
    line = next(ln for ln in en.splitlines() if ln.startswith("heating "))
    assert line.split()[1:] == [f"{v:.1f}" for v in heat]
    assert "NPV over 30 yr at 3.2 % real" in en
    assert main([*args, "--lang", "fr"]) == 0
    fr = capsys.readouterr().out
    line = next(ln for ln in fr.splitlines() if ln.startswith("chauffage "))
    assert line.split("  ")[-1].strip() == num(heat.iloc[1], 0, "fr")
    assert "facture après [€/an]" in fr and "classe DPE" in fr and "eau chaude sanitaire" in fr
    assert "VAN sur 30 ans à 3,2\u00a0% réel" in fr and "1er juin 2026" in fr


def test_python_m_rehab_cli_runs_a_command():
    """``python -m rehab.cli`` ran main() before cli_assess was defined (NameError)."""
    out = subprocess.run(
        [sys.executable, "-m", "rehab.cli", "assess", "coron-mid-terrace", "--packages", "attic-only"],
        capture_output=True, text=True, timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "attic-only" in out.stdout
