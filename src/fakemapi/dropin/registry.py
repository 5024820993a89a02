"""The installed-modules registry: which fake the drop-in modules talk to, and what
``sys.modules`` held before. This is the only module-level state fakemapi keeps."""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fakemapi.fake import Fake


class NotInstalledError(RuntimeError):
    """A drop-in module was used while no fake is installed."""


class Registry:
    __slots__ = ("fake", "saved")

    def __init__(self) -> None:
        self.fake: Fake | None = None
        #: sys.modules entries replaced by install(), to put back on uninstall()
        self.saved: dict[str, ModuleType | None] = {}


REGISTRY = Registry()


def current() -> Fake:
    fake = REGISTRY.fake
    if fake is None:
        raise NotInstalledError("fakemapi is not installed: call fakemapi.install() "
                                "(or use the fakemapi pytest fixture) before using win32com.mapi")
    return fake
