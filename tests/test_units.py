"""Units at the boundary (rehab.units) and the error tree (rehab.errors)."""

import numpy as np
import pytest

from rehab import Q_, errors
from rehab.units import to_si, ureg


def test_number_is_taken_in_documented_unit():
    assert to_si(0.22, "m", "thickness") == pytest.approx(0.22)


def test_strings_and_quantities_convert_once():
    assert to_si("22 cm", "m", "t") == pytest.approx(0.22)
    assert to_si("0.035 W/(m*K)", "W/(m*K)", "λ") == pytest.approx(0.035)
    assert to_si(Q_(35, "mW/(m*K)"), "W/(m*K)", "λ") == pytest.approx(0.035)
    assert to_si("1 kWh", "J", "e") == pytest.approx(3.6e6)
    assert to_si("19 °C", "degC", "setpoint") == pytest.approx(19.0)
    assert to_si("50 m²", "m**2", "area") == pytest.approx(50.0)


def test_quantity_from_another_registry():
    import pint

    other = pint.UnitRegistry()
    assert to_si(other.Quantity(30, "cm"), "m", "t") == pytest.approx(0.3)


def test_arrays_pass_through():
    out = to_si(Q_(np.array([10.0, 20.0]), "cm"), "m", "t")
    np.testing.assert_allclose(out, [0.1, 0.2])


@pytest.mark.parametrize(
    "value, reason",
    [("2 kg", "dimension"), ("abc", "cannot parse"), (float("nan"), "NaN"), (True, "boolean"), ("-1 m", "range")],
)
def test_bad_values_name_field_value_and_unit(value, reason):
    with pytest.raises(errors.UnitError) as exc:
        to_si(value, "m", "wall thickness", gt=0)
    msg = str(exc.value)
    assert "wall thickness" in msg and "m" in msg and reason in msg
    assert isinstance(exc.value, ValueError) and isinstance(exc.value, errors.RehabError)


def test_error_tree_builtins():
    assert issubclass(errors.UnknownNameError, KeyError)
    assert issubclass(errors.MissingExtraError, ImportError)
    assert issubclass(errors.EnergyPlusError, RuntimeError)
    assert issubclass(errors.StockFileError, ValueError)
    e = errors.UnknownNameError("material", "glas_wool", ["glass_wool", "cork"])
    assert "glass_wool" in str(e) and not str(e).startswith("'")


def test_missing_extra_message():
    with pytest.raises(errors.MissingExtraError, match=r'pip install "rehab\[nope\]"'):
        errors.require_extra("module_that_does_not_exist_rehab", "nope", "a test")


def test_one_registry():
    import rehab

    assert rehab.ureg is ureg
    assert rehab.units.ureg is ureg and Q_ is ureg.Quantity


def test_plain_numbers_and_houses_need_no_pint():
    """pint (about a second of CPU to import and parse) is loaded only when a Quantity or a string
    with a unit is converted: building an archetype and converting numbers or arrays never needs it."""
    import subprocess
    import sys

    code = (
        "import sys, numpy as np\n"
        "from rehab import archetypes\n"
        "from rehab.units import to_si\n"
        "archetypes.get(archetypes.names()[0])\n"
        "assert to_si(np.array([1.0, 2.0]), 'm').tolist() == [1.0, 2.0]\n"
        "assert to_si([3], 'm').tolist() == [3.0] and to_si(4, 'm') == 4.0\n"
        "assert 'pint' not in sys.modules, 'pint imported'\n"
        "assert to_si('5 cm', 'm') == 0.05 and 'pint' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
