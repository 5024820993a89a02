"""A ``sys.meta_path`` finder that makes the drop-in modules importable before any fake is
installed (the pytest plugin puts one in place for the test session).

The first ``import win32com.mapi`` (or ``pywintypes``, ``pythoncom``, ``winerror``) holds the
drop-in modules in ``sys.modules`` (:meth:`fakemapi.dropin.registry.Registry.hold`); their
functions then talk to whichever fake is installed at the time of the call, and raise
:class:`~fakemapi.dropin.registry.NotInstalledError` while none is. Where a real pywin32 is on
``sys.path``, the finder steps aside unless ``shadow`` is set, so the real modules import.
Nothing is imported, and nothing held, until a program imports one of these names.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Sequence
from types import ModuleType

#: the top-level names pywin32 provides that the drop-in set replaces
TOP_LEVEL = ("pywintypes", "pythoncom", "winerror", "win32com", "win32comext")


def real_pywin32() -> str | None:
    """Where a real pywin32 is found on ``sys.path`` (its ``pywintypes`` or ``win32com``), or None."""
    for name in ("pywintypes", "win32com"):
        spec = importlib.machinery.PathFinder.find_spec(name)
        if spec is not None:
            return spec.origin or (list(spec.submodule_search_locations or []) or [name])[0]
    return None


class _Loader(importlib.abc.Loader):
    def __init__(self, module: ModuleType) -> None:
        self.module = module

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        return self.module

    def exec_module(self, module: ModuleType) -> None:
        return None


class DropinFinder(importlib.abc.MetaPathFinder):
    """Supplies the drop-in modules on first import (see the module docstring)."""

    def __init__(self, shadow: bool = False) -> None:
        self.shadow = shadow
        self.held = False
        self._real: str | None | bool = False  # False: not looked for yet

    @property
    def real(self) -> str | None:
        if self._real is False:
            self._real = real_pywin32()
        return self._real  # type: ignore[return-value]

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname.split(".", 1)[0] not in TOP_LEVEL:
            return None
        if not self.shadow and self.real is not None:
            return None
        from fakemapi.dropin.modules import modules
        from fakemapi.dropin.registry import REGISTRY

        by_name = modules().by_name()
        module = by_name.get(fullname)
        if module is None:
            return None
        if not self.held:
            REGISTRY.hold(by_name)
            self.held = True
        return importlib.util.spec_from_loader(fullname, _Loader(module),
                                               is_package=hasattr(module, "__path__"))

    def insert(self) -> None:
        if self not in sys.meta_path:
            sys.meta_path.insert(0, self)

    def remove(self) -> None:
        """Take the finder out; release the modules if it held them."""
        if self in sys.meta_path:
            sys.meta_path.remove(self)
        if self.held:
            from fakemapi.dropin.registry import REGISTRY

            self.held = False
            REGISTRY.release()
