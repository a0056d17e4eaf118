"""Run the docstring examples of every module of the installed package."""

import doctest
import importlib
import pkgutil

import pytest

import rehab

MODULES = sorted(m.name for m in pkgutil.walk_packages(rehab.__path__, "rehab."))


@pytest.mark.parametrize("name", MODULES)
def test_module_doctests(name):
    try:
        mod = importlib.import_module(name)
    except ImportError as exc:  # optional extras are all installed by the test extra
        pytest.fail(f"{name} does not import: {exc}")
    res = doctest.testmod(mod, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert res.failed == 0, f"{res.failed} doctest failure(s) in {name}"
