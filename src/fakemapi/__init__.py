"""fakemapi: a deterministic, in-memory Extended MAPI (pywin32's win32com.mapi) with the
Exchange Emsmdb32 logon model, for testing MAPI clients on any OS.

    import fakemapi
    with fakemapi.installed() as fake:
        from win32com.mapi import mapi
        ...

The names below are imported when first used, so that ``import fakemapi`` (and the pytest
plugin, which every pytest run in the environment loads) costs next to nothing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fakemapi.client.objects import ReleaseOrderWarning
    from fakemapi.dropin.install import install, installed, uninstall
    from fakemapi.dropin.registry import NotInstalledError
    from fakemapi.fake import ConnectionInfo, Fake, LiveObject, LogonInfo
    from fakemapi.scenario.recorder import (
        Recorder,
        RecorderError,
        RecordingMismatch,
        RecordMode,
        record,
        scrub_text,
    )
    from fakemapi.trace import Timeline, Trace, TraceEvent
    from fakemapi.world import World, WorldError

__version__ = "0.1.0"

#: public name -> the module that defines it
_EXPORTS = {
    "ReleaseOrderWarning": "fakemapi.client.objects",
    "install": "fakemapi.dropin.install", "installed": "fakemapi.dropin.install",
    "uninstall": "fakemapi.dropin.install",
    "NotInstalledError": "fakemapi.dropin.registry",
    "ConnectionInfo": "fakemapi.fake", "Fake": "fakemapi.fake", "LiveObject": "fakemapi.fake",
    "LogonInfo": "fakemapi.fake",
    "Recorder": "fakemapi.scenario.recorder", "RecorderError": "fakemapi.scenario.recorder",
    "RecordingMismatch": "fakemapi.scenario.recorder", "RecordMode": "fakemapi.scenario.recorder",
    "record": "fakemapi.scenario.recorder", "scrub_text": "fakemapi.scenario.recorder",
    "Timeline": "fakemapi.trace", "Trace": "fakemapi.trace", "TraceEvent": "fakemapi.trace",
    "World": "fakemapi.world", "WorldError": "fakemapi.world",
}
#: subpackages and modules that ``import fakemapi`` used to load as a side effect: still reachable
#: as attributes (``fakemapi.scenario.load_scenario``) without importing them first
_SUBMODULES = ("client", "data", "dropin", "emsmdb", "fake", "hresult", "props", "scenario", "tags", "trace",
               "world", "yamlsrc")

__all__ = [
    "ConnectionInfo", "Fake", "LiveObject", "LogonInfo", "NotInstalledError", "RecordMode", "Recorder",
    "RecorderError", "RecordingMismatch", "ReleaseOrderWarning", "Timeline", "Trace", "TraceEvent", "World",
    "WorldError", "install", "installed", "record", "scrub_text", "uninstall",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS) | set(_SUBMODULES))
