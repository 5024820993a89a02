"""install() / uninstall(): put the drop-in modules into sys.modules and take them out again."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fakemapi.dropin import base
from fakemapi.dropin.functions import EXCHANGE_X86_FUNCTIONS, MAPI_FUNCTIONS
from fakemapi.dropin.modules import modules
from fakemapi.dropin.registry import REGISTRY
from fakemapi.fake import Fake
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
    for cls in base._SPECIAL:
        if isinstance(cls, type) and issubclass(cls, base.PyIUnknown):
            names.update(n for n in dir(cls) if n[:1].isupper())
    return frozenset(names)


def install(world: Any = None, *, flavor: str = "x64", strict: bool = False) -> Fake:
    """Install a fresh fake for ``world`` (default: the embedded world) and return it.

    Installing again replaces the current fake; ``uninstall()`` then restores what
    ``sys.modules`` held before the first install.
    """
    fake = Fake(_world(world), flavor=flavor, strict=strict)
    fake.faults.method_names = _method_names
    mods = modules()
    if REGISTRY.fake is None:
        REGISTRY.saved = {name: sys.modules.get(name) for name in mods.by_name()}
    mods.set_flavor(flavor)
    sys.modules.update(mods.by_name())
    REGISTRY.fake = fake
    return fake


def uninstall() -> None:
    """Remove the fake; modules that were there before come back. Safe to call twice."""
    if REGISTRY.fake is None:
        return
    for name, previous in REGISTRY.saved.items():
        if previous is None:
            sys.modules.pop(name, None)
        else:
            sys.modules[name] = previous
    REGISTRY.saved = {}
    REGISTRY.fake = None


@contextmanager
def installed(world: Any = None, *, flavor: str = "x64", strict: bool = False) -> Iterator[Fake]:
    """``with installed(world) as fake:`` installs, and uninstalls however the block ends."""
    fake = install(world, flavor=flavor, strict=strict)
    try:
        yield fake
    finally:
        uninstall()
