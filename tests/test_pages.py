"""Tests of rehab._pages: arrays on ordinary pages, numpy's huge-page switch restored."""

import numpy as np
import pytest

from rehab import _pages


def test_array_is_a_writeable_float64_buffer_of_the_shape():
    a = _pages.array((4, 5))
    a[:] = np.arange(20.0).reshape(4, 5)
    assert a.dtype == np.float64 and a.flags.c_contiguous and a.flags.writeable
    assert a.shape == (4, 5) and float(a.sum()) == 190.0
    assert _pages.array((0, 5)).shape == (0, 5)


def test_block_restores_numpy_setting_even_after_an_error():
    switch = _pages._switch()
    if switch is None:
        pytest.skip("this numpy has no huge-page switch")
    before = switch(True)  # known state
    try:
        with pytest.raises(RuntimeError), _pages.block():
            assert switch(False) is False  # inside: off
            raise RuntimeError("boom")
        assert switch(True) is True  # after: back on
    finally:
        switch(before)
