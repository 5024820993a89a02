"""The signature table covers every wrapped call, its generated document is fresh, and its
cited pywin32 lines say what the table says (checked against pywin32's sources where the
mirror is present)."""

from __future__ import annotations

import importlib.util
import inspect
import re
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from fakemapi.dropin import interfaces
from fakemapi.dropin.base import PyIUnknown
from fakemapi.dropin.modules import Modules
from fakemapi.dropin.signatures import SIGNATURES

ROOT = Path(__file__).resolve().parent.parent
MIRROR = Path("/work/.mirror/mhammond+pywin32/repo")


def _tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"fakemapi_{name}_tool", ROOT / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_signatures_document_is_up_to_date() -> None:
    expected = _tool("signatures").generate()
    actual = (ROOT / "docs" / "signatures.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/signatures.md is stale: run python tools/signatures.py"


def _wrapper_classes() -> list[type[PyIUnknown]]:
    out: list[type[PyIUnknown]] = []
    todo: list[type[PyIUnknown]] = [PyIUnknown]
    while todo:
        cls = todo.pop()
        out.append(cls)
        todo.extend(cls.__subclasses__())
    return out


def _call_of(method: Any) -> str | None:
    """The table key a wrapper method binds to (its body's qualified name), or None."""
    if not inspect.isfunction(method):
        return None
    body = getattr(method, "__wrapped__", None)
    return None if body is None else str(body.__qualname__)


def test_every_name_coverage_md_calls_implemented_has_a_table_entry() -> None:
    coverage = _tool("coverage")
    snapshot = coverage.load_snapshot()
    modules, classes = coverage.fakemapi_names()
    missing = []
    for name in coverage.MODULES:
        for fn in snapshot["modules"].get(name, []):
            if hasattr(modules[name], fn) and f"{name}.{fn}" not in SIGNATURES:
                missing.append(f"{name}.{fn}")
    for cls_name in coverage.INTERFACES:
        cls = classes.get(cls_name)
        for method in snapshot["interfaces"].get(cls_name, []):
            if cls is not None and hasattr(cls, method):
                call = _call_of(getattr(cls, method))
                if call not in SIGNATURES:
                    missing.append(f"{cls_name}.{method} (defined as {call})")
    assert not missing, "no signature-table entry for: " + ", ".join(missing)


def test_every_wrapper_method_and_module_function_parses_through_the_table() -> None:
    missing = []
    for cls in _wrapper_classes():
        for value in vars(cls).values():
            call = _call_of(value)
            if call is not None and call not in SIGNATURES:
                missing.append(call)
    mods = Modules()
    mods.set_flavor("x86")
    for module in ("mapi", "exchange"):
        for name in dir(getattr(mods, module)):
            fn = getattr(getattr(mods, module), name)
            if callable(fn) and getattr(fn, "__module__", "") == "fakemapi.dropin.functions" \
                    and f"{module}.{name}" not in SIGNATURES:
                missing.append(f"{module}.{name}")
    assert not missing, "wrapped calls without a signature-table entry: " + ", ".join(sorted(set(missing)))


#: the fake modules outside mapi / exchange whose functions are pywin32's C (or winerror.py) functions
OTHER_MODULES = ("pythoncom", "pywintypes", "winerror")


def test_every_pythoncom_pywintypes_and_winerror_function_has_a_table_entry() -> None:
    """Every function (not class) the fake pythoncom, pywintypes and winerror modules provide is
    in the table, and every table entry of those modules names a function they provide."""
    mods = Modules()
    missing, unknown = [], []
    for module in OTHER_MODULES:
        mod = getattr(mods, module)
        for name in dir(mod):
            value = getattr(mod, name)
            if inspect.isfunction(value) and f"{module}.{name}" not in SIGNATURES:
                missing.append(f"{module}.{name}")
    for call in SIGNATURES:
        module, _, name = call.partition(".")
        if module in OTHER_MODULES and not inspect.isfunction(getattr(getattr(mods, module), name, None)):
            unknown.append(call)
    assert not missing, "functions without a signature-table entry: " + ", ".join(sorted(missing))
    assert not unknown, "table entries naming no function: " + ", ".join(unknown)


def test_the_c_functions_of_those_modules_parse_through_their_entries(fakemapi: Any) -> None:
    """A pywin32 C function's stand-in refuses a wrong argument count with CPython's message for
    its entry's format (so its parser is the table's): one call per entry, with one argument
    too many."""
    mods = Modules()
    for call, sig in SIGNATURES.items():
        module, _, name = call.partition(".")
        if module not in OTHER_MODULES or sig.python or sig.unparsed:
            continue
        fn = getattr(getattr(mods, module), name)
        count = len(sig.args)
        low = sum(1 for a in sig.args if not a.optional)
        word = "exactly" if low == count else "at most"
        who = f"{sig.fname}()" if sig.fname else "function"
        expected = f"{who} takes {word} {count} argument{'' if count == 1 else 's'} ({count + 1} given)"
        with pytest.raises(TypeError) as err:
            fn(*([None] * (count + 1)))
        assert str(err.value) == expected, call


def test_every_table_entry_names_a_call_fakemapi_has() -> None:
    mods = Modules()
    mods.set_flavor("x86")
    owners: dict[str, Any] = {cls.__name__: cls for cls in _wrapper_classes()}
    owners.update(mapi=mods.mapi, exchange=mods.exchange, mapiutil=mods.mapiutil, pythoncom=mods.pythoncom,
                  pywintypes=mods.pywintypes, winerror=mods.winerror)
    unknown = [call for call in SIGNATURES
               if not hasattr(owners.get(call.split(".")[0]), call.split(".")[1])]
    assert not unknown, unknown


def test_wrapper_signatures_show_pywin32s_defaults() -> None:
    sig = inspect.signature(interfaces.PyIMAPIProp.GetProps.__wrapped__)  # type: ignore[attr-defined]
    assert str(sig) == "(self, propList, flags=0, /)"


# --- the cited lines, against pywin32's sources ------------------------------------------------
def _source_line(path: str, line: int) -> str:
    text = subprocess.run(["git", f"--git-dir={MIRROR}", "show", f"HEAD:{path}"], capture_output=True,
                          text=True, check=True).stdout.splitlines()
    return "\n".join(text[max(0, line - 2):line + 2])


CITED = [(call, sig) for call, sig in SIGNATURES.items()
         if not sig.python and re.fullmatch(r"[\w/.]+\.(i|cpp):\d+", sig.source.split(" ")[0])]


@pytest.mark.skipif(not MIRROR.exists(), reason="pywin32's sources are not mirrored on this machine")
@pytest.mark.parametrize(("call", "sig"), CITED, ids=[c for c, _ in CITED])
def test_the_cited_pywin32_line_declares_the_call_or_its_format(call: str, sig: Any) -> None:
    """Each entry's file:line is where pywin32 parses the call: a hand-written method's
    PyArg_ParseTuple there has exactly the table's format; a SWIG declaration names the call."""
    file, _, line = sig.source.split(" ")[0].partition(":")
    path = file if "/" in file else f"com/win32comext/mapi/src/{file}"
    near = _source_line(path, int(line))
    if "PyArg_ParseTuple" in near:
        assert f'"{sig.fmt}"' in near, (call, sig.fmt, near)
    else:
        assert re.search(rf"\b{call.split('.')[1]}\b", near), (call, near)
