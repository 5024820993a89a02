"""The converters added for the calls merged from the other branches: the format codes ``K``,
``z#`` and a tuple such as ``(kkk)`` (checked against this interpreter's own PyArg_ParseTuple,
as tests/test_convert_formats.py does), and PyIMsgStore.Advise's entry id."""

from __future__ import annotations

from typing import Any

import pytest
from test_convert_formats import cpython_parse, fake_parse

from fakemapi.dropin import convert as c

CASES = [
    # "Kk:ReadAt" (com/win32com/src/extensions/PyILockBytes.cpp:31): getargs.c case 'K' is
    # PyLong_Check, then PyLong_AsUnsignedLongLongMask (no range check, negatives masked)
    ("Kk:ReadAt", ("x", 1)), ("Kk:ReadAt", (1.5, 1)), ("Kk:ReadAt", (-1, 1)), ("Kk:ReadAt", (2 ** 70, 1)),
    ("Kk:ReadAt", (None, 1)), ("Kk:ReadAt", (2 ** 64 - 1, 1)),
    # "lz#l:FlushQueues" (com/win32comext/mapi/src/PyIMAPIStatus.i:70): z# is s# with None
    ("lz#l:FlushQueues", (0, None, 0)), ("lz#l:FlushQueues", (0, b"a\0b", 0)), ("lz#l:FlushQueues", (0, "é", 0)),
    ("lz#l:FlushQueues", (0, 1, 0)), ("lz#l:FlushQueues", (0, bytearray(b"a"), 0)),
    ("lz#l:FlushQueues", (0, memoryview(b"a"), 0)),
    # "O|(kkk):PyWrapCompressedRTFStreamEx" (com/win32comext/mapi/src/mapi.i:719): getargs.c
    # converttuple: a sequence but bytes, of exactly three items, each "k"
    ("O|(kkk):PyWrapCompressedRTFStreamEx", (1, 0)), ("O|(kkk):PyWrapCompressedRTFStreamEx", (1, None)),
    ("O|(kkk):PyWrapCompressedRTFStreamEx", (1, (1, 2))), ("O|(kkk):PyWrapCompressedRTFStreamEx", (1, [1, 2, 3, 4])),
    ("O|(kkk):PyWrapCompressedRTFStreamEx", (1, ("a", 1, 2))),
    ("O|(kkk):PyWrapCompressedRTFStreamEx", (1, (1, 2, None))),
    ("O|(kkk):PyWrapCompressedRTFStreamEx", (1, "abc")), ("O|(kkk):PyWrapCompressedRTFStreamEx", (1, b"abc")),
    ("O|(kkk):PyWrapCompressedRTFStreamEx", (1, {1: 2, 3: 4, 5: 6})),
    ("O|(kkk):PyWrapCompressedRTFStreamEx", (1, [1, -1, 2 ** 40])),
    ("O|(kkk):PyWrapCompressedRTFStreamEx", (1, bytearray(b"abc"))),
]
IDS = [f"{f}-{'-'.join(type(v).__name__ for v in a)}-{i}" for i, (f, a) in enumerate(CASES)]


@pytest.mark.parametrize(("fmt", "args"), CASES, ids=IDS)
def test_new_format_codes_raise_what_cpythons_pyarg_parsetuple_raises(fmt: str, args: tuple[Any, ...]) -> None:
    assert fake_parse(fmt, args) == cpython_parse(fmt, args)


def test_big_k_masks_to_64_bits_as_pylong_asunsignedlonglongmask() -> None:
    assert c.fmt_big_k(-1, "ReadAt", 1) == 2 ** 64 - 1
    assert c.fmt_big_k(2 ** 64 + 5, "ReadAt", 1) == 5


def test_a_tuple_format_hands_on_the_converted_items() -> None:
    assert c.fmt_tuple("kkk")([1, -1, 2 ** 32 + 7], "F", 2) == (1, 0xFFFFFFFF, 7)


def test_msgstore_advise_entry_id_takes_none_or_bytes_and_says_string() -> None:
    """PyIMsgStore.i:289-297: None is NULL, bytes pass (PyBytes_Check), anything else is
    TypeError "EntryID must be a string" (unlike PyIMAPISession.i:180, "... or None")."""
    assert c.entryid_or_none(None) is None
    assert c.entryid_or_none(b"\x00\x01") == b"\x00\x01"
    for bad in ("abc", bytearray(b"a"), 1):
        with pytest.raises(TypeError, match="^EntryID must be a string$"):
            c.entryid_or_none(bad)
