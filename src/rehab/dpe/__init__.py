"""Official DPE XML files (3CL-DPE 2021 house records) as rehab houses.

* :func:`read_xml` reads one file (safely, with :mod:`defusedxml`) into a
  :class:`DPERecord`: the :class:`rehab.House` with every declared element,
  bridge and the ventilation, the heating and DHW systems with their
  shares, the ILPA flag, inertia, shading masks, dates and the certified
  outputs (:class:`Certified`);
* :func:`read_folder` reads every file of a folder;
* :func:`compare`, :func:`compare_many`, :func:`side_by_side` set rehab's
  3CL estimate beside the certified values.

Malformed files raise :class:`DPEFormatError` (an
:class:`rehab.errors.InputError`) naming the file and the XML path.

Examples
--------
>>> from rehab import dpe, labels
>>> rec = dpe.read_xml(dpe.example_path())
>>> est = labels.dpe(rec.house, "2021-12-23")     # the House carries its systems, ILPA, auxiliaries
>>> est.label, est.cep == rec.estimate().cep
('G', True)
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .._lazy import LazyPackage, lazy_getattr

if TYPE_CHECKING:
    from ._xml import DPEFormatError
    from .compare import compare, compare_many, side_by_side
    from .reader import Certified, DPERecord, read_folder, read_xml, to_typology

#: Names loaded on first access, so that ``rehab --help`` (which imports
#: ``rehab.dpe.cli`` to register the command) does not load the 3CL chain.
_NAMES = {
    "DPEFormatError": "._xml",
    "compare": ".compare",
    "compare_many": ".compare",
    "side_by_side": ".compare",
    "Certified": ".reader",
    "DPERecord": ".reader",
    "read_folder": ".reader",
    "read_xml": ".reader",
    "to_typology": ".reader",
}
__getattr__ = lazy_getattr(__name__, _NAMES)
sys.modules[__name__].__class__ = LazyPackage

__all__ = [
    "Certified",
    "DPEFormatError",
    "DPERecord",
    "compare",
    "compare_many",
    "example_path",
    "read_folder",
    "read_xml",
    "side_by_side",
    "to_typology",
]


def example_path() -> Path:
    """Path of the example DPE XML shipped with rehab (ADEME open data, Licence Ouverte 2.0).

    Examples
    --------
    >>> example_path().name
    'example-2187E0981996L.xml'
    """
    from .._data import data_path

    return data_path("dpe", "example-2187E0981996L.xml")
