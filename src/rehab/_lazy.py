"""Lazy packages (PEP 562): names load on first access, and a submodule never shadows one.

A package lists its re-exported names in a module-level dict ``_NAMES``
(name -> submodule defining it), defines ``__getattr__ = lazy_getattr(...)``
and sets its class to :class:`LazyPackage`. When a submodule has the same
name as a re-exported function (``rehab.dpe.compare``, the module, and
``rehab.dpe.compare``, the function), importing the submodule would make
the import system bind the module over the function; :class:`LazyPackage`
refuses that binding, so the function stays.
"""

from __future__ import annotations

import importlib
import types
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["LazyPackage", "lazy_getattr"]


class LazyPackage(types.ModuleType):
    """A package whose re-exported names (``_NAMES``) are never replaced by a submodule."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and name in self.__dict__.get("_NAMES", ()):
            return
        super().__setattr__(name, value)


def lazy_getattr(package: str, names: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` loading ``names`` (name -> relative module) on first access."""

    def __getattr__(name: str) -> Any:
        if name not in names:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(names[name], package), name)
        module = importlib.import_module(package)
        module.__dict__[name] = value
        return value

    return __getattr__
