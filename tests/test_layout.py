"""The layer rule of the package, checked on its source (issue 15).

DESIGN.md, "Layers: data flows down, errors flow up": world/ (server side) < emsmdb/ (connections,
logon tables) < client/ (per-process MAPI client) < the ``Fake`` handle < dropin/ (pywin32-shaped
modules), with the scenario kit and the testing kit on top; "each layer imports only the ones below
it". The README's "How the code is laid out" lists the same order. The imports are read with
``ast`` (every ``import`` statement: at module level, inside functions, and under
``TYPE_CHECKING``), so a deferred or type-only import up the layers counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import fakemapi

PACKAGE = Path(fakemapi.__file__).resolve().parent

#: the layers, lowest first
LAYERS = ("base", "world", "emsmdb", "client", "fake", "dropin", "scenario", "testing", "top")

#: modules at the top of the package, by layer (folders take the layer of their name)
TOP_LEVEL = {
    # shared by every layer: the HRESULT table, tags and property bags, trace and clock, YAML positions
    "hresult": "base", "tags": "base", "props": "base", "trace": "base", "yamlsrc": "base",
    # safe templates (world and scenario files), names for numbers in reports
    "safeformat": "base", "names": "base",
    # the handle install() returns: the model's state, seen from a test
    "fake": "fake",
    # entry points and the public API
    "__init__": "top", "__main__": "top", "cli": "top", "pytest_plugin": "top", "runsummary": "top",
    # old import paths kept as aliases of the modules that moved (fakemapi.testing.*, fakemapi.emsmdb.faults)
    "strategies": "top", "program": "top", "invariants": "top", "workers": "top", "machine": "top",
    "faults": "top",
}
FOLDERS = {"data": "base", "world": "world", "emsmdb": "emsmdb", "client": "client", "dropin": "dropin",
           "scenario": "scenario", "testing": "testing", "bootstrap": "top", "bundled_scenarios": "top"}

#: Import-time or deferred imports that still close a circle inside a folder, each with why it
#: stays. The test fails when one of them is gone, so that this list only shrinks.
KNOWN_CIRCLES = {
    # World.load / from_dict / default are the public constructors on the data class; the loader
    # builds Worlds, so the class reaches its loader with a deferred import.
    ("fakemapi.world.model", "fakemapi.world.loader"),
    # PyIUnknown.QueryInterface (pywin32 has it on every interface) finds the wrapper class of an
    # IID among the interface modules, which all derive from PyIUnknown.
    ("fakemapi.dropin.base", "fakemapi.dropin.interfaces"),
    # Interface-typed arguments (pywin32's PyCom_InterfaceFromPyInstanceOrObject) are converted
    # by QueryInterface, which finds the wrapper class of an IID among the interface modules.
    ("fakemapi.dropin.parse", "fakemapi.dropin.interfaces.query"),
    # the same converter checks that an argument is a wrapper (PyIUnknown, in base), and base's
    # api decorator binds each method's parser when the wrapper classes are defined
    ("fakemapi.dropin.parse", "fakemapi.dropin.base"),
    # IMAPIProp.CopyTo copies recipients and attachments too when both sides are messages.
    ("fakemapi.dropin.interfaces.prop", "fakemapi.dropin.interfaces.message"),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str:
    parts = module.split(".")[1:] or ["__init__"]
    if len(parts) == 1 and parts[0] in TOP_LEVEL:
        return TOP_LEVEL[parts[0]]
    if parts[0] in FOLDERS:
        return FOLDERS[parts[0]]
    raise AssertionError(f"{module}: not in a layer; give it one in tests/test_layout.py (TOP_LEVEL or FOLDERS)")


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


PACKAGES = {module_name(p) for p in PACKAGE.rglob("__init__.py")}


def imports(module: str, path: Path, known: set[str]) -> dict[str, tuple[int, bool]]:
    """The fakemapi modules ``module`` imports: name -> (line, type-only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    type_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            type_only.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    out: dict[str, tuple[int, bool]] = {}
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        for name in names:
            if name in known and name != module:
                line, was_type_only = out.get(name, (node.lineno, True))
                out[name] = (min(line, node.lineno), was_type_only and id(node) in type_only)
    return out


def graph() -> dict[str, dict[str, tuple[int, bool]]]:
    mods = modules()
    return {m: imports(m, p, set(mods)) for m, p in mods.items()}


def folder_of(module: str, package: bool) -> str:
    return module if package else module.rsplit(".", 1)[0]


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_every_module_has_a_layer() -> None:
    for module in modules():
        assert layer_of(module) in LAYERS


def test_no_module_imports_a_higher_layer() -> None:
    """DESIGN.md: "Each layer imports only the ones below it" (type-only and deferred imports too)."""
    upward = []
    for module, deps in graph().items():
        rank = LAYERS.index(layer_of(module))
        for dep, (line, _) in sorted(deps.items()):
            if LAYERS.index(layer_of(dep)) > rank:
                upward.append(f"{module}:{line} imports {dep} ({layer_of(module)} -> {layer_of(dep)})")
    assert upward == []


def test_no_import_circle_inside_a_folder() -> None:
    """Each folder reads top-down: the imports that run (at import time or deferred into a
    function) form no circle, except the ones KNOWN_CIRCLES explains."""
    g = graph()
    edges: dict[str, set[str]] = {}
    for module, deps in g.items():
        edges[module] = {d for d, (_, type_only) in deps.items()
                         if not type_only and (module, d) not in KNOWN_CIRCLES}
    assert circles(edges) == []
    for module, dep in sorted(KNOWN_CIRCLES):
        assert dep in g[module], f"{module} no longer imports {dep}: remove it from KNOWN_CIRCLES"
        assert module in _reaches(edges, dep), f"{module} -> {dep} closes no circle now: remove it from KNOWN_CIRCLES"


def test_type_only_circles_stay_inside_one_folder() -> None:
    """A type-only import may name a sibling module that imports this one (classes that refer to
    each other, such as a client Handle and its Session), never a module of another folder."""
    g = graph()
    edges = {m: {d for d in deps if (m, d) not in KNOWN_CIRCLES} for m, deps in g.items()}
    for comp in circles(edges):
        folders = {folder_of(m, m in PACKAGES) for m in comp}
        assert len(folders) == 1, f"a circle across folders: {comp}"


def test_the_reader_sees_deferred_and_type_only_imports(tmp_path: Path) -> None:
    """The checks above rest on this: imports inside functions and under TYPE_CHECKING are found."""
    source = tmp_path / "mod.py"
    source.write_text("from typing import TYPE_CHECKING\n"
                      "from fakemapi.world import model\n"
                      "if TYPE_CHECKING:\n"
                      "    from fakemapi.client.session import Session\n"
                      "def f():\n"
                      "    from fakemapi.dropin.install import install\n", encoding="utf-8")
    known = {"fakemapi.world.model", "fakemapi.client.session", "fakemapi.dropin.install"}
    assert imports("fakemapi.world.mod", source, known) == {
        "fakemapi.world.model": (2, False), "fakemapi.client.session": (4, True), "fakemapi.dropin.install": (6, False)}


def _reaches(edges: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        v = todo.pop()
        for w in edges.get(v, ()):
            if w not in seen:
                seen.add(w)
                todo.append(w)
    return seen
