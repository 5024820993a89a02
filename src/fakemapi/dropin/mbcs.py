"""The ``mbcs`` codec, while the fake is installed on a platform that lacks it.

On Windows, ``"mbcs"`` is the ANSI code page, and pywin32 programs decode PT_STRING8 values
with it (SpamBayes' ``GetProfileName`` does ``val.decode("mbcs", "ignore")``). Elsewhere Python
has no such codec, so an unmodified program would fail with LookupError where it works on
Windows. While installed, fakemapi answers ``mbcs`` (and its alias ``dbcs``) with the code page
its PT_STRING8 values use (:data:`fakemapi.dropin.shapes.ENCODING`, cp1252). Where the platform
has the codec, nothing is registered.
"""

from __future__ import annotations

import codecs

from fakemapi.dropin.convert import ENCODING

_NAMES = ("mbcs", "dbcs")


def _search(name: str) -> codecs.CodecInfo | None:
    if name not in _NAMES:
        return None
    base = codecs.lookup(ENCODING)
    return codecs.CodecInfo(base.encode, base.decode, base.streamreader, base.streamwriter,
                            base.incrementalencoder, base.incrementaldecoder, name="mbcs")


def _unregister() -> None:
    remove = getattr(codecs, "unregister", None)  # Python 3.10+; 3.9 keeps the codec registered
    if remove is not None:
        remove(_search)


def _platform_has_mbcs() -> bool:
    _unregister()  # so the lookup asks the platform only (3.9: ours may answer; then it stays)
    try:
        codecs.lookup("mbcs")
    except LookupError:
        return False
    return True


def register() -> None:
    """Make ``mbcs`` available, if the platform lacks it (idempotent)."""
    if not _platform_has_mbcs():
        codecs.register(_search)


def unregister() -> None:
    """Take fakemapi's ``mbcs`` away again (the codec cache is cleared with it)."""
    _unregister()
