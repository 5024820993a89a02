"""install() / uninstall(): put the drop-in modules into sys.modules and take them out again."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fakemapi.dropin import base, mbcs
from fakemapi.dropin.functions import EXCHANGE_X86_FUNCTIONS, MAPI_FUNCTIONS
from fakemapi.dropin.modules import modules
from fakemapi.dropin.registry import REGISTRY
from fakemapi.fake import Fake
from fakemapi.trace import DEFAULT_TRACE_SIZE
from fakemapi.world.model import World


def _world(world: Any) -> World:
    if world is None:
        return World.default()
    if isinstance(world, World):
        return world
    if isinstance(world, dict):
        return World.from_dict(world)
    if isinstance(world, str) or hasattr(world, "__fspath__"):
        return World.load(world)
    raise TypeError(f"world must be a World, a dict, a path or None, not {type(world).__name__}")


def _method_names() -> frozenset[str]:
    """Every method of the drop-in's interfaces and every function of its modules: the names a
    fault rule may name (handed down to ``fake.faults``, which cannot import the drop-in)."""
    names: set[str] = set(MAPI_FUNCTIONS) | set(EXCHANGE_X86_FUNCTIONS)
    for cls in base.wrapper_classes():
        names.update(n for n in dir(cls) if n[:1].isupper())
    return frozenset(names)


def install(world: Any = None, *, flavor: str = "x64", strict: bool = False,
            trace_size: int | None = DEFAULT_TRACE_SIZE) -> Fake:
    """Install a fresh fake for ``world`` (default: the embedded world) and return it.

    ``trace_size``: how many of the most recent calls ``fake.trace`` keeps (and points
    ``fake.timeline`` keeps); the totals always cover every call. ``None`` keeps everything,
    ``0`` only the totals.

    Installs nest: the drop-in modules talk to the innermost fake, and ``uninstall()`` (or the
    end of an ``installed()`` block) brings the previous one back. ``sys.modules`` gets back what
    it held before the first install once every install has been undone. Thread-safe.
    """
    fake = Fake(_world(world), flavor=flavor, strict=strict, trace_size=trace_size)
    fake.faults.method_names = _method_names
    mods = modules()
    REGISTRY.push(fake, mods.by_name(), lambda: mods.set_flavor(flavor))
    mbcs.register()
    return fake


def uninstall(fake: Fake | None = None) -> None:
    """Undo the innermost install (or the install of ``fake``, wherever it is in the stack); the
    fake below comes back, and after the last one, the modules that were there before. Safe to
    call more often than ``install()``."""
    mods = modules()
    with REGISTRY.lock:
        top = REGISTRY.pop(fake)
        if top is not None:
            mods.set_flavor(top.flavor)
        elif not REGISTRY.stack:
            mbcs.unregister()


def hold_modules() -> None:
    """Keep the drop-in modules in ``sys.modules`` even while no fake is installed, so programs
    that import ``win32com.mapi`` at import time can be imported; their calls raise
    :class:`NotInstalledError` until a fake is installed. Undo with :func:`release_modules`
    (the pytest plugin does this around the test session)."""
    REGISTRY.hold(modules().by_name())


def release_modules() -> None:
    """Undo one :func:`hold_modules`."""
    REGISTRY.release()


@contextmanager
def installed(world: Any = None, *, flavor: str = "x64", strict: bool = False,
              trace_size: int | None = DEFAULT_TRACE_SIZE) -> Iterator[Fake]:
    """``with installed(world) as fake:`` installs, and uninstalls this fake however the block ends
    (an outer install comes back)."""
    fake = install(world, flavor=flavor, strict=strict, trace_size=trace_size)
    try:
        yield fake
    finally:
        uninstall(fake)
