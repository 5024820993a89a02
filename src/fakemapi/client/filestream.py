"""OpenStreamOnFile: an IStream over a real file on disk (MAPIUtil.h, OpenStreamOnFile).

Flags as MAPI reads them: STGM_READ (0) / STGM_WRITE (1) / STGM_READWRITE (2) for access,
STGM_CREATE (0x1000) to create or truncate the file, STGM_DELETEONRELEASE (0x04000000) to delete
it when the stream is released, and SOF_UNIQUEFILENAME (0x80000000): ``filename`` is then the
directory (None: the temporary directory) in which a new file named from ``prefix`` is created
(GetTempFileName's pattern, the prefix's first three characters, four hex digits and ``.TMP``;
the digits come from a counter, R14). Without STGM_CREATE the file must exist
(MAPI_E_NOT_FOUND); a denied open is MAPI_E_NO_ACCESS (OpenStreamOnFile's documented returns).
"""

from __future__ import annotations

import os
import tempfile
from typing import IO, Any, Callable

from fakemapi.hresult import fail

STGM_WRITE = 0x1
STGM_READWRITE = 0x2
STGM_CREATE = 0x1000
STGM_DELETEONRELEASE = 0x04000000
SOF_UNIQUEFILENAME = 0x80000000


def unique_name(directory: str | None, prefix: str, counter: Callable[[], int]) -> str:
    """A file name that does not exist yet in ``directory``, GetTempFileName-style."""
    base = directory or tempfile.gettempdir()
    if not os.path.isdir(base):
        raise fail("MAPI_E_NOT_FOUND", detail=f"no directory {base!r} for SOF_UNIQUEFILENAME")
    while True:
        path = os.path.join(base, f"{prefix[:3]}{counter() & 0xFFFF:04X}.TMP")
        if not os.path.exists(path):
            return path


class FileStream:
    """The stream: reads and writes go straight to the file (Commit has nothing to do)."""

    __slots__ = ("path", "file", "writable", "delete", "name", "commit_to", "__weakref__")

    def __init__(self, path: str, flags: int) -> None:
        self.path = path
        self.writable = bool(flags & (STGM_WRITE | STGM_READWRITE))
        self.delete = bool(flags & STGM_DELETEONRELEASE)
        self.name = os.path.basename(path)
        self.commit_to = None
        create = bool(flags & (STGM_CREATE | SOF_UNIQUEFILENAME))
        if not create and not os.path.exists(path):
            raise fail("MAPI_E_NOT_FOUND", detail=f"no file {path!r} (STGM_CREATE creates one)")
        mode = "w+b" if create else ("r+b" if self.writable else "rb")
        try:
            self.file: IO[bytes] = open(path, mode)  # noqa: SIM115 - closed when the stream is released
        except PermissionError:
            raise fail("MAPI_E_NO_ACCESS", detail=f"cannot open {path!r}") from None
        except IsADirectoryError:
            raise fail("MAPI_E_NO_ACCESS", detail=f"{path!r} is a directory") from None
        if create:
            self.writable = True

    @property
    def data(self) -> bytes:
        here = self.file.tell()
        self.file.seek(0)
        out = self.file.read()
        self.file.seek(here)
        return out

    @property
    def size(self) -> int:
        return os.fstat(self.file.fileno()).st_size

    @property
    def position(self) -> int:
        return self.file.tell()

    @position.setter
    def position(self, value: int) -> None:
        self.file.seek(value)

    def read(self, count: int) -> bytes:
        return self.file.read(max(0, count))

    def write(self, data: bytes) -> int:
        if not self.writable:
            raise fail("STG_E_ACCESSDENIED", detail="the file was opened with STGM_READ")
        return self.file.write(data)

    def seek(self, offset: int, origin: int) -> int:
        if origin not in (0, 1, 2):
            raise fail("STG_E_INVALIDFUNCTION", detail=f"cannot seek from origin {origin}")
        base = {0: 0, 1: self.file.tell(), 2: self.size}[origin]
        if base + offset < 0:
            raise fail("STG_E_INVALIDFUNCTION", detail=f"cannot seek to {offset} from origin {origin}")
        return self.file.seek(base + offset)

    def set_size(self, size: int) -> None:
        if not self.writable:
            raise fail("STG_E_ACCESSDENIED", detail="the file was opened with STGM_READ")
        self.file.truncate(size)

    def commit(self) -> None:
        self.file.flush()

    def close(self) -> None:
        if not self.file.closed:
            self.file.close()
            if self.delete:
                try:
                    os.remove(self.path)
                except OSError:
                    pass

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001 - never raise from a finalizer
            pass


def open_stream_on_file(filename: str | None, flags: int, prefix: str | None,
                        counter: Callable[[], int]) -> Any:
    if flags & SOF_UNIQUEFILENAME:
        path = unique_name(filename, prefix or "", counter)
    elif not filename:
        raise fail("MAPI_E_INVALID_PARAMETER", detail="OpenStreamOnFile needs a file name (or SOF_UNIQUEFILENAME)")
    else:
        path = filename
    return FileStream(path, flags)
