"""The public surface of ``import rehab`` (in the manner of httpx's test_exported_members).

``rehab.__all__`` is the contract: every name resolves, the list equals the
one in the API reference (docs/reference/index.md), no re-exported function
shadows a module, and the import itself loads none of the heavy libraries.
"""

from __future__ import annotations

import importlib.util
import pkgutil
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import rehab

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "docs" / "reference" / "index.md"


def _tables(section: str | None = None) -> set[str]:
    """Names in the first column (`rehab.NAME`) of the API reference's tables.

    ``None``: the public surface (the tables before "## Engine modules");
    ``"engine"``: the engine modules' table.
    """
    text = REFERENCE.read_text(encoding="utf-8")
    public, engine = text.split("## Engine modules", 1)
    return set(re.findall(r"^\| \[?`rehab\.(\w+)`", engine if section else public, flags=re.M))


def _documented() -> set[str]:
    return _tables()


def test_every_exported_name_resolves():
    for name in rehab.__all__:
        assert getattr(rehab, name) is not None, name


def test_all_is_unique_and_covers_the_lazy_tables():
    assert len(rehab.__all__) == len(set(rehab.__all__))
    assert set(rehab.__all__) == set(rehab._MODULES) | set(rehab._NAMES) | {"__version__"}


def test_surface_equals_the_api_reference():
    documented = _documented()
    exported = set(rehab.__all__) - {"__version__"}
    assert documented == exported, (
        f"in __all__ but not in the docs: {sorted(exported - documented)}; "
        f"in the docs but not in __all__: {sorted(documented - exported)}"
    )


def test_every_module_of_the_surface_has_a_reference_page():
    for name in rehab.__all__:
        if type(getattr(rehab, name)).__name__ == "module":
            page = REFERENCE.parent / f"{name}.md"
            assert page.exists(), f"docs/reference/{name}.md is missing"
            assert f"::: rehab.{name}" in page.read_text(encoding="utf-8")


def test_every_module_has_a_reference_page_in_the_site():
    """Public or engine, every module of the package has a page in docs/reference and the nav."""
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    top = {
        m.name
        for m in pkgutil.iter_modules(rehab.__path__)
        if not m.name.startswith("_") and m.name != "cli"  # the CLI has its guide, docs/cli.md
    }
    public_modules = {n for n in rehab.__all__ if n in top}
    assert top == public_modules | _tables("engine"), sorted(top - public_modules - _tables("engine"))
    assert not public_modules & _tables("engine")
    for name in top:
        page = REFERENCE.parent / f"{name}.md"
        assert page.exists(), f"docs/reference/{name}.md is missing"
        assert f"::: rehab.{name}" in page.read_text(encoding="utf-8")
        assert f"reference/{name}.md" in nav, f"mkdocs.yml nav lacks reference/{name}.md"


def test_engine_modules_load_on_access_but_stay_off_the_surface():
    for name in _tables("engine"):
        assert name not in rehab.__all__
        assert getattr(rehab, name).__name__ == f"rehab.{name}"


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'no_such_thing'"):
        rehab.no_such_thing  # noqa: B018
    assert not hasattr(rehab, "__wrapped__")


def test_submodules_outside_the_surface_still_load_on_access():
    assert rehab.gains.__name__ == "rehab.gains"
    assert rehab.demand.monthly.__name__ == "rehab.demand.monthly"


def _run(code: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return out.stdout.strip()


def test_import_loads_no_heavy_library():
    loaded = _run(
        "import sys, rehab; "
        "print(' '.join(m for m in ('numpy', 'pandas', 'pint', 'scipy', 'pydantic', 'numba', "
        "'matplotlib') if m in sys.modules))"
    )
    assert loaded == ""


def test_cli_help_loads_no_pint_pandas_or_scipy():
    loaded = _run(
        "import sys, contextlib, io\n"
        "from rehab.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        main(['--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(' '.join(m for m in ('pandas', 'pint', 'scipy', 'pydantic', 'numba', "
        "'matplotlib') if m in sys.modules))"
    )
    assert loaded == ""


def test_assess_is_the_function_in_a_fresh_interpreter():
    assert _run("import rehab; print(callable(rehab.assess), rehab.assess.__name__)") == (
        "True assess"
    )


def test_assess_stays_the_function_after_its_module_is_imported():
    code = (
        "import importlib, rehab; importlib.import_module('rehab.' + rehab._module_of('assess')); "
        "import rehab.cli; print(callable(rehab.assess), rehab.assess.__module__)"
    )
    assert _run(code).startswith("True rehab.assess")


def test_no_reexported_function_shadows_a_module():
    for name in rehab._NAMES:
        assert importlib.util.find_spec(f"rehab.{name}") is None, (
            f"rehab.{name} is both a re-exported name and a module"
        )


def test_one_version_source():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert "version" in project["project"]["dynamic"]
    path = project["tool"]["hatch"]["version"]["path"]
    text = (ROOT / path).read_text(encoding="utf-8")
    assert re.search(r'^__version__ = "([^"]+)"$', text, re.M).group(1) == rehab.__version__


def test_the_package_is_typed():
    assert (Path(rehab.__file__).parent / "py.typed").exists()


def test_logger_has_a_null_handler():
    import logging

    handlers = logging.getLogger("rehab").handlers
    assert any(isinstance(h, logging.NullHandler) for h in handlers)


def test_star_import_of_energyplus_resolves_every_name():
    """``from rehab.energyplus import *`` raised AttributeError: ``Door`` was listed, not loadable (issue 11)."""
    ns: dict = {}
    exec("from rehab.energyplus import *", ns)
    import rehab.energyplus as ep

    assert set(ep.__all__) <= set(ns)


def test_engine_path_logs_its_stages_and_prints_nothing(caplog, capsys):
    """info per run stage (counts and seconds) on the module loggers under "rehab"; no print."""
    import logging

    house = rehab.archetypes.get("coron-mid-terrace")
    with caplog.at_level(logging.DEBUG, logger="rehab"):
        rehab.simulate([house, house], method="monthly")
        table = rehab.assess(house, packages=["attic-only"])
        stock = rehab.stock.demo()
        small = rehab.stock.Stock(table=stock.table.iloc[:3].reset_index(drop=True), source="x")
        result = rehab.Programme(small, ["attic-only"]).run(progress=False)
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""
    msgs: dict[tuple[str, str], list[str]] = {}
    for r in caplog.records:
        msgs.setdefault((r.name, r.levelname), []).append(r.getMessage())

    def logged(name: str, level: str, start: str) -> bool:
        return any(m.startswith(start) for m in msgs.get((name, level), []))

    assert logged(
        "rehab.simulation", "INFO", "simulate: 2 house(s) (1 unique), monthly method, 8760 weather hours"
    )
    assert logged(
        "rehab.assessment", "INFO",
        f"assess: house 'coron-mid-terrace', {len(table)} scenario(s) (2 allowed), realistic mode",
    )
    assert logged(
        "rehab.programme", "INFO", "programme: 3 dwelling(s) x 1 package(s) + baseline, backend numpy"
    )
    assert logged(
        "rehab.programme", "INFO",
        f"programme: {len(result.table)} row(s) in 1 chunk(s) on 1 worker(s), 0 refused row(s)",
    )
    assert logged("rehab.programme", "DEBUG", "programme: chunk 1/1, 3 dwelling(s)")
    assert logged("rehab.evaluation", "DEBUG", "evaluate: {'units': 6, ")
    assert all(r.name.startswith("rehab.") for r in caplog.records)
