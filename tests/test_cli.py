"""The command line."""

import json
import subprocess
import sys

import pytest

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
