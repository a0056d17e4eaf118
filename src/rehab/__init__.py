"""rehab — eco-renovation of old housing.

Building physics (ISO 6946, 13370, 13789, 13790, 52016-1), retrofit packages
and their economics, from one house to a neighbourhood of thousands.
"""

from __future__ import annotations

__version__ = "0.1.0"

from . import errors, units  # noqa: E402
from .errors import RehabError  # noqa: E402
from .units import Q_, ureg  # noqa: E402

__all__ = ["Q_", "RehabError", "__version__", "errors", "units", "ureg"]
