"""The installed-modules registry: which fake the drop-in modules talk to, and what
``sys.modules`` held before. This is the only module-level state fakemapi keeps.

Installs nest as a stack: the drop-in modules talk to the fake on top; leaving an inner
install (``installed()``, ``run_scenario``, ``record(target=World)``) brings the outer one
back, and only when the stack is empty (and nobody holds the modules, see :meth:`Registry.hold`)
does ``sys.modules`` get back what it held before the first install. Every change happens under
one lock, so installs and uninstalls from several threads leave ``sys.modules`` consistent.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fakemapi.fake import Fake


class NotInstalledError(RuntimeError):
    """A drop-in module was used while no fake is installed."""


NOT_INSTALLED = ("fakemapi is not installed: call fakemapi.install() "
                 "(or use the fakemapi pytest fixture) before using win32com.mapi")
HELD = ("no fake is installed: the fakemapi pytest plugin makes win32com.mapi importable from the start "
        "of the test session, but its functions work only while a fake is installed: inside a test "
        "that uses the `fakemapi` fixture (or inside `with fakemapi.installed():`)")


class Registry:
    __slots__ = ("stack", "saved", "holders", "lock", "_in")

    def __init__(self) -> None:
        #: installed fakes, innermost last; the drop-in modules talk to ``stack[-1]``
        self.stack: list[Fake] = []
        #: sys.modules entries replaced when the modules went in, to put back when they go out
        self.saved: dict[str, ModuleType | None] = {}
        #: how many holders keep the modules in sys.modules with no fake installed (the pytest plugin)
        self.holders = 0
        self.lock = threading.RLock()
        self._in = False

    @property
    def fake(self) -> Fake | None:
        """The fake the drop-in modules talk to now (the innermost install), or None."""
        stack = self.stack
        return stack[-1] if stack else None

    # --- sys.modules ------------------------------------------------------------------------
    def put_in(self, modules: dict[str, ModuleType]) -> None:
        """Make sure ``modules`` are in sys.modules (saving what was there the first time)."""
        with self.lock:
            if not self._in:
                self.saved = {name: sys.modules.get(name) for name in modules}
                self._in = True
            sys.modules.update(modules)

    def take_out_if_unused(self) -> None:
        """Restore what sys.modules held, once no fake is installed and nobody holds the modules."""
        with self.lock:
            if self.stack or self.holders or not self._in:
                return
            for name, previous in self.saved.items():
                if previous is None:
                    sys.modules.pop(name, None)
                else:
                    sys.modules[name] = previous
            self.saved = {}
            self._in = False

    # --- the stack ----------------------------------------------------------------------------
    def push(self, fake: Fake, modules: dict[str, ModuleType], prepare: Callable[[], None]) -> None:
        """Install ``fake`` on top; ``prepare`` (setting the modules' flavor) runs under the lock."""
        with self.lock:
            self.put_in(modules)
            prepare()
            self.stack.append(fake)

    def pop(self, fake: Fake | None = None) -> Fake | None:
        """Remove ``fake`` (default: the innermost one); returns the fake now on top."""
        with self.lock:
            if fake is None:
                if self.stack:
                    self.stack.pop()
            else:
                for i in range(len(self.stack) - 1, -1, -1):
                    if self.stack[i] is fake:
                        del self.stack[i]
                        break
            self.take_out_if_unused()
            return self.fake

    def hold(self, modules: dict[str, ModuleType]) -> None:
        """Keep ``modules`` in sys.modules even with no fake installed, until :meth:`release`."""
        with self.lock:
            self.put_in(modules)
            self.holders += 1

    def release(self) -> None:
        with self.lock:
            if self.holders:
                self.holders -= 1
            self.take_out_if_unused()


REGISTRY = Registry()


def current() -> Fake:
    fake = REGISTRY.fake
    if fake is None:
        raise NotInstalledError(HELD if REGISTRY.holders else NOT_INSTALLED)
    return fake
