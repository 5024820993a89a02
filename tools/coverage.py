"""Generate docs/coverage.md: which names of pywin32's win32comext.mapi fakemapi has.

The names come from the published type stubs (PyPI ``types-pywin32``, a dev dependency). They are
kept in ``tools/pywin32_stub_names.json`` so the document can be checked where the stubs are not
installed (CI installs only the ``test`` extra):

    python tools/coverage.py            # write docs/coverage.md from the snapshot
    python tools/coverage.py --refresh  # re-read the installed stubs into the snapshot first
    python tools/coverage.py --check    # exit 1 if docs/coverage.md is stale

Every stub name is either implemented (an attribute of fakemapi's module or wrapper class) or
listed in REASONS / PARTIAL below; a name that is neither makes the generator fail.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "tools" / "pywin32_stub_names.json"
DOCUMENT = ROOT / "docs" / "coverage.md"

MODULES = ("mapi", "exchange", "mapiutil")
#: the wrapper classes of win32comext.mapi in the stubs (pythoncom's PyIStream too: OpenProperty returns it)
INTERFACES = ("PyIMAPISession", "PyIMAPIProp", "PyIMsgStore", "PyIMAPIContainer", "PyIMAPIFolder",
              "PyIMessage", "PyIAttach", "PyIMAPITable", "PyIProfAdmin", "PyIMsgServiceAdmin",
              "PyIAddrBook", "PyIMAPIStatus", "PyIStream")

#: stub names fakemapi does not have, and why
REASONS: dict[str, str] = {
    "mapi.RTFSync": "RTF bodies (PR_RTF_COMPRESSED) are not emulated",
    "mapi.WrapCompressedRTFStream": "RTF bodies (PR_RTF_COMPRESSED) are not emulated",
    "mapi.WrapCompressedRTFStreamEx": "RTF bodies (PR_RTF_COMPRESSED) are not emulated",
    "mapi.RTFStreamToHTML": "RTF bodies (PR_RTF_COMPRESSED) are not emulated",
    "mapi.OpenIMsgSession": "IMessage-on-IStorage (.msg files) is not emulated",
    "mapi.CloseIMsgSession": "IMessage-on-IStorage (.msg files) is not emulated",
    "mapi.OpenIMsgOnIStg": "IMessage-on-IStorage (.msg files) is not emulated",
    "mapi.OpenStreamOnFile": "file streams are outside the Exchange model",
    "mapi.OpenStreamOnFileW": "file streams are outside the Exchange model",
    "mapi.HrAllocAdviseSink": "notifications (Advise) are not emulated",
    "mapi.HrThisThreadAdviseSink": "notifications (Advise) are not emulated",
    "mapi.HrDispatchNotifications": "notifications (Advise) are not emulated",
    "PyIMAPISession.Advise": "notifications (Advise) are not emulated",
    "PyIMAPISession.Unadvise": "notifications (Advise) are not emulated",
    "PyIMsgStore.Advise": "notifications (Advise) are not emulated",
    "PyIMsgStore.Unadvise": "notifications (Advise) are not emulated",
    "PyIMAPIProp.GetProplist": "the stub's misspelling: pywin32 (and fakemapi) call it GetPropList",
    "PyIMAPIStatus.ChangePassword": "status objects (IMAPIStatus) are not emulated; GetStatusTable is",
    "PyIMAPIStatus.SettingsDialog": "status objects (IMAPIStatus) are not emulated; GetStatusTable is",
    "PyIMAPIStatus.ValidateState": "status objects (IMAPIStatus) are not emulated; GetStatusTable is",
    "PyIMAPIStatus.FlushQueues": "status objects (IMAPIStatus) are not emulated; delivery is immediate",
    "PyIProfAdmin.CopyProfile": "copying and renaming profiles is not emulated",
    "PyIProfAdmin.RenameProfile": "copying and renaming profiles is not emulated",
    "PyIMsgServiceAdmin.GetProviderTable": "provider administration is not emulated",
    "PyIMsgServiceAdmin.AdminProviders": "provider administration is not emulated",
    "PyIStream.LockRegion": "region locking does not apply to in-memory property streams",
    "PyIStream.UnLockRegion": "region locking does not apply to in-memory property streams",
}
#: names fakemapi has, but only as a documented refusal
PARTIAL: dict[str, str] = {
    "PyIMAPITable.Advise": "raises MAPI_E_NO_SUPPORT: notifications are not emulated",
    "PyIMAPITable.Unadvise": "raises MAPI_E_NOT_FOUND: there are no advise connections",
    "PyIStream.Revert": "raises E_NOTIMPL: property streams commit into their object",
    "PyIMsgStore.AbortSubmit": "raises MAPI_E_NOT_IN_QUEUE: delivery is immediate",
}


# --- the stubs -------------------------------------------------------------------------------
def read_stubs() -> dict[str, Any]:
    """The function and method names of the installed types-pywin32 stubs."""
    import importlib.metadata

    dist = importlib.metadata.distribution("types-pywin32")
    base = Path(str(dist.locate_file("")))
    modules: dict[str, list[str]] = {}
    for name in MODULES:
        tree = ast.parse((base / "win32comext-stubs" / "mapi" / f"{name}.pyi").read_text(encoding="utf-8"))
        modules[name] = sorted({node.name for node in tree.body if isinstance(node, ast.FunctionDef)})
    tree = ast.parse((base / "_win32typing-stubs" / "__init__.pyi").read_text(encoding="utf-8"))
    interfaces: dict[str, list[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name in INTERFACES:
            interfaces[node.name] = sorted({item.name for item in node.body if isinstance(item, ast.FunctionDef)})
    return {"source": f"types-pywin32 {dist.version}", "modules": modules,
            "interfaces": {name: interfaces.get(name, []) for name in INTERFACES}}


def load_snapshot() -> dict[str, Any]:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


# --- fakemapi ----------------------------------------------------------------------------------
def fakemapi_names() -> tuple[dict[str, Any], dict[str, Any]]:
    """fakemapi's drop-in modules (x86 flavor: with the EDK helpers) and wrapper classes by stub name."""
    from fakemapi.dropin import interfaces
    from fakemapi.dropin.modules import Modules

    mods = Modules()
    mods.set_flavor("x86")
    modules = {"mapi": mods.mapi, "exchange": mods.exchange, "mapiutil": mods.mapiutil}
    classes: dict[str, Any] = {
        "PyIMAPISession": interfaces.PyIMAPISession, "PyIMAPIProp": interfaces.PyIMAPIProp,
        "PyIMsgStore": interfaces.PyIMsgStore, "PyIMAPIContainer": interfaces.PyIMAPIContainer,
        "PyIMAPIFolder": interfaces.PyIMAPIFolder, "PyIMessage": interfaces.PyIMessage,
        "PyIAttach": interfaces.PyIAttach, "PyIMAPITable": interfaces.PyIMAPITable,
        "PyIProfAdmin": interfaces.PyIProfAdmin, "PyIMsgServiceAdmin": interfaces.PyIMsgServiceAdmin,
        "PyIAddrBook": interfaces.PyIAddrBook, "PyIMAPIStatus": None, "PyIStream": interfaces.PyIStream,
    }
    return modules, classes


def generate(snapshot: dict[str, Any]) -> str:
    modules, classes = fakemapi_names()
    lines = ["# API coverage", "",
             "Generated by `python tools/coverage.py` from the published pywin32 type stubs "
             f"({snapshot['source']}; names kept in `tools/pywin32_stub_names.json`). Do not edit.", "",
             "For each module function and interface method of `win32comext.mapi` in the stubs: whether "
             "fakemapi has it. `exchange` is counted with the `x86` flavor (the 32-bit EDK helpers); "
             "with the default `x64` flavor those names raise AttributeError, as on 64-bit pywin32.", ""]
    rows: list[tuple[str, str, str]] = []
    unaccounted: list[str] = []

    def status(key: str, present: bool) -> tuple[str, str]:
        if present and key in PARTIAL:
            return "partial", PARTIAL[key]
        if present:
            return "yes", ""
        if key in REASONS:
            return "no", REASONS[key]
        unaccounted.append(key)
        return "no", "(no reason given)"

    sections: list[tuple[str, list[tuple[str, str, str]]]] = []
    for name in MODULES:
        section = []
        for fn in snapshot["modules"].get(name, []):
            key = f"{name}.{fn}"
            state, why = status(key, hasattr(modules[name], fn))
            section.append((f"`{key}`", state, why))
        sections.append((f"module `{name}`", section))
    for cls_name in INTERFACES:
        cls = classes.get(cls_name)
        section = []
        for method in snapshot["interfaces"].get(cls_name, []):
            key = f"{cls_name}.{method}"
            state, why = status(key, cls is not None and hasattr(cls, method))
            section.append((f"`{key}`", state, why))
        sections.append((f"interface `{cls_name}`", section))
    if unaccounted:
        raise SystemExit("stub names neither implemented nor given a reason in tools/coverage.py: "
                         + ", ".join(unaccounted))
    for _, section in sections:
        rows.extend(section)
    total = len(rows)
    counts = {state: sum(1 for _, s, _ in rows if s == state) for state in ("yes", "partial", "no")}
    lines += ["## Summary", "", "| | names |", "|---|---|",
              f"| implemented | {counts['yes']} |", f"| partial (a documented refusal) | {counts['partial']} |",
              f"| not implemented (reason given) | {counts['no']} |", f"| total in the stubs | {total} |", "",
              "| section | implemented | partial | not implemented |", "|---|---|---|---|"]
    for title, section in sections:
        c = {state: sum(1 for _, s, _ in section if s == state) for state in ("yes", "partial", "no")}
        lines.append(f"| {title} | {c['yes']} | {c['partial']} | {c['no']} |")
    for title, section in sections:
        lines += ["", f"## {title[0].upper()}{title[1:]}", "", "| name | fakemapi | note |", "|---|---|---|"]
        lines += [f"| {name} | {state} | {why} |" for name, state, why in section]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--refresh", action="store_true", help="re-read the installed types-pywin32 stubs")
    parser.add_argument("--check", action="store_true", help="fail if docs/coverage.md is stale")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    if args.refresh:
        SNAPSHOT.write_text(json.dumps(read_stubs(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    text = generate(load_snapshot())
    if args.check:
        if DOCUMENT.read_text(encoding="utf-8") != text:
            print("docs/coverage.md is stale: run python tools/coverage.py", file=sys.stderr)
            return 1
        return 0
    DOCUMENT.write_text(text, encoding="utf-8")
    print(f"wrote {DOCUMENT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
