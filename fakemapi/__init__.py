"""fakemapi: a deterministic, in-memory Extended MAPI (pywin32's win32com.mapi) with the
Exchange Emsmdb32 logon model, for testing MAPI clients on any OS.

    import fakemapi
    with fakemapi.installed() as fake:
        from win32com.mapi import mapi
        ...
"""

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

__all__ = [
    "ConnectionInfo", "Fake", "LiveObject", "LogonInfo", "NotInstalledError", "RecordMode", "Recorder",
    "RecorderError", "RecordingMismatch", "ReleaseOrderWarning", "Timeline", "Trace", "TraceEvent", "World",
    "WorldError",
    "install", "installed", "record", "scrub_text", "uninstall",
]
