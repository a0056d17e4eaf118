"""Tests of rehab.rental: the rental-ban status of one dwelling and of arrays of dwellings."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pytest

from rehab import labels, rental
from rehab.errors import InputError, UnknownNameError

DATES = ["2022-01-01", "2022-08-24", "2023-01-01", "2024-06-01", "2025-01-01", "2027-12-31", "2028-01-01",
         "2034-01-01"]


def test_labels_re_exports_the_rental_names():
    assert labels.rental_status is rental.rental_status
    assert labels.rental_status_arrays is rental.rental_status_arrays
    assert labels.DECENCY_FINAL_LIMIT == 450.0


@pytest.mark.parametrize("date", DATES)
def test_arrays_equal_the_scalar_rule_element_by_element(date):
    pairs = list(itertools.product("ABCDEFG", [0.0, 300.0, 449.99, 450.0, 450.01, 900.0]))
    lab = [p[0] for p in pairs] * 3
    fin = [p[1] for p in pairs] * 3
    s = rental.rental_status_arrays(lab, fin, date)
    for i, (x, f) in enumerate(zip(lab, fin, strict=True)):
        one = rental.rental_status(x, f, date)
        assert s.allowed[i] == one.allowed
        assert s.banned_since[i] == one.banned_since
        assert s.deadline[i] == one.deadline
        assert s.rent_freeze[i] == one.rent_freeze
    assert s.allowed.dtype == bool and s.deadline.dtype == object


def test_arrays_hand_values():
    # class G banned from 2025-01-01; F from 2028-01-01; 450 kWh/(m²·yr) decency limit from 2023-01-01
    s = rental.rental_status_arrays(np.array(["G", "F", "F", "D"], dtype=object), [300.0, 300.0, 451.0, 100.0],
                                    "2026-06-01")
    assert s.allowed.tolist() == [False, True, False, True]
    assert s.banned_since.tolist() == [dt.date(2025, 1, 1), None, dt.date(2023, 1, 1), None]
    assert s.deadline.tolist() == [None, dt.date(2028, 1, 1), dt.date(2028, 1, 1), None]  # the class ban still ahead
    assert s.rent_freeze.tolist() == [True, True, True, False]


def test_arrays_errors_and_empty():
    with pytest.raises(UnknownNameError, match="H"):
        rental.rental_status_arrays(["A", "H"], [1.0, 2.0], "2026-01-01")
    with pytest.raises(InputError, match="final_energy_m2"):
        rental.rental_status_arrays(["A", "B"], [1.0], "2026-01-01")
    s = rental.rental_status_arrays(np.empty(0, dtype=object), np.empty(0), "2026-01-01")
    assert len(s.allowed) == 0 and len(s.deadline) == 0
