"""Recording: wrap a pywin32-compatible module set, write every call as a scenario file.

    import fakemapi

    with fakemapi.record("scenarios/backup.yaml", target=fakemapi.World.load("worlds/contoso.yaml")):
        import mybackup            # imports win32com.mapi as usual
        mybackup.run()

While the block runs, the functions of the target's ``mapi`` and ``exchange`` modules (patched
in place, so code that imported them earlier is covered) and every object they return go
through the recorder: each call is passed to the target and written down with its arguments
and its result or HRESULT. The file is
a scenario in the project's language (``as:`` bindings for returned objects, ``expect:`` values
and errors, ``release:`` when the program drops an object), so ``fakemapi replay`` replays it.

Targets: ``"pywin32"`` (the real ``win32com.mapi`` on Windows), a :class:`~fakemapi.Fake` that
is installed (``fakemapi.install(world)``), a :class:`~fakemapi.World` (the recorder installs a
fresh fake for it and uninstalls it afterwards), any object with ``mapi`` and ``exchange``
module attributes, or ``None`` (replay only).

Record modes are VCR.py's: ``once`` (record when the file does not exist, else replay),
``new_episodes`` (calls go to the target; the file keeps its steps and gains the new ones),
``none`` (replay only; the file must exist), ``all`` (record afresh, overwrite). In replay, the
recorded results are returned without a target; identical calls replay in recorded order; a
call the recording does not have raises :class:`RecordingMismatch` naming the nearest recorded
step and what differed.
"""

from __future__ import annotations

import enum
import importlib
import os
import re
import sys
import threading
import weakref
from collections.abc import Iterator, Mapping, Sequence
from types import ModuleType
from typing import Any, Callable, Optional, Union

import attrs

from fakemapi.scenario.emit import Name, Plain, Ref, emit, emit_step, quote
from fakemapi.scenario.values import ValueProblem, normalize

StepDict = dict[str, Any]
Hook = Callable[[StepDict], Optional[StepDict]]

#: the sys.modules names the recorder replaces while it runs
PACKAGES = ("win32com", "win32comext")
SUBMODULES = ("mapi", "exchange", "mapitags", "mapiutil", "emsabtags")
SUPPORT = ("pythoncom", "pywintypes", "winerror")
PY_ERRORS = ("TypeError", "ValueError", "AttributeError", "NotImplementedError", "OverflowError")
#: bytes this long or longer that come back from a call and are passed to a later one are
#: written as a reference to the earlier result (``$rows1.0.0.1``), not as a copy
REF_MIN_BYTES = 16


class RecordMode(str, enum.Enum):
    """VCR.py's record modes."""

    ONCE = "once"
    NEW_EPISODES = "new_episodes"
    NONE = "none"
    ALL = "all"


def validate_mode(mode: Union[str, RecordMode]) -> RecordMode:
    """The mode, or ValueError naming the modes there are."""
    try:
        return RecordMode(mode)
    except ValueError:
        raise ValueError(f"record mode must be one of {', '.join(m.value for m in RecordMode)}; "
                         f"got {mode!r}") from None


class RecorderError(Exception):
    """The recorder cannot do what was asked (no target to record with, no file to replay, ...)."""


class RecordingMismatch(Exception):
    """In replay, a call the recording does not have. The message names the nearest recorded
    step and what differed (the method, which argument, expected against got)."""


def scrub_text(replacements: Mapping[str, str]) -> Hook:
    """A ``before_record`` hook that replaces text in every string (and in the ASCII or UTF-16
    form inside bytes) of a step's arguments and expected values: addresses, names, bodies.

        fakemapi.record(path, target=..., before_record=scrub_text({"alice@contoso.com": "user1@example.com"}))
    """
    if not isinstance(replacements, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in replacements.items()):
        raise TypeError(f"replacements: expected a mapping of str to str, got {replacements!r}")
    pairs = [(old, new) for old, new in replacements.items() if old]

    def fix(value: Any) -> Any:
        if isinstance(value, (Ref, Name)):
            return value
        if isinstance(value, str):
            for old, new in pairs:
                value = value.replace(old, new)
            return value
        if isinstance(value, bytes):
            for old, new in pairs:
                value = value.replace(old.encode("utf-16-le"), new.encode("utf-16-le"))
                try:
                    value = value.replace(old.encode("ascii"), new.encode("ascii"))
                except UnicodeEncodeError:
                    pass
            return value
        if isinstance(value, tuple):
            return tuple(fix(v) for v in value)
        if isinstance(value, list):
            return [fix(v) for v in value]
        if isinstance(value, dict):
            return {k: fix(v) for k, v in value.items()}
        return value

    def hook(step: StepDict) -> StepDict:
        if "args" in step:
            step["args"] = fix(step["args"])
        if "expect" in step:
            step["expect"] = fix(step["expect"])
        return step

    return hook


def record(path: Union[str, os.PathLike[str]], target: Any = None, *, mode: Union[str, RecordMode] = "once",
           world: Union[str, os.PathLike[str], None] = None, name: str | None = None,
           description: str | None = None, before_record: Hook | None = None) -> Recorder:
    """A :class:`Recorder` for the scenario file at ``path`` (see the module docstring).

    ``world`` is the world file the written scenario names (default: the target fake's world
    file; none for the default world or real pywin32). ``name`` and ``description`` go into the
    file. ``before_record(step_dict)`` sees each new step just before the file is written and
    returns it (changed, e.g. scrubbed) or ``None`` to leave it out; see :func:`scrub_text`.
    """
    return Recorder(os.fspath(path), target, validate_mode(mode), world=world, name=name,
                    description=description, before_record=before_record)


# --- what the recorder wraps --------------------------------------------------------------------
@attrs.define(slots=True)
class _Target:
    modules: dict[str, Any]  # sub-module name (and support module name) -> module
    packages: dict[str, Any]  # win32com / win32comext -> module, where there is one
    fake: Any  # the Fake whose current process names the steps, if any
    owned: bool  # the recorder installed the fake and uninstalls it
    world: Any  # the World, if known
    flavor: str
    strict: bool | None
    label: str


def _fake_modules() -> dict[str, Any]:
    from fakemapi.dropin.modules import modules

    mods = modules()
    return {name: getattr(mods, name) for name in (*SUBMODULES, *SUPPORT)}


def _resolve_target(target: Any) -> _Target:
    from fakemapi.dropin.install import install
    from fakemapi.dropin.registry import REGISTRY
    from fakemapi.fake import Fake
    from fakemapi.world.model import World

    if isinstance(target, World):
        fake = install(target)
        return _Target(_fake_modules(), {}, fake, True, target, fake.flavor, fake.strict, "a fakemapi World")
    if isinstance(target, Fake):
        if REGISTRY.fake is not target:
            raise RecorderError("the Fake given as target is not the installed one; record with "
                                "target=fakemapi.install(world), or pass the World itself")
        return _Target(_fake_modules(), {}, target, False, target.world, target.flavor, target.strict,
                       "an installed fakemapi Fake")
    if isinstance(target, str) and target == "pywin32":
        mods: dict[str, Any] = {}
        try:
            for sub in SUBMODULES:
                mods[sub] = importlib.import_module(f"win32com.mapi.{sub}")
                if str(getattr(mods[sub], "__file__", "")).startswith("<fakemapi"):
                    # the pytest plugin makes fakemapi's modules importable: they are not pywin32
                    raise ImportError(f"win32com.mapi.{sub} is fakemapi's drop-in module, not pywin32's")
        except ImportError as exc:
            raise RecorderError(f"target 'pywin32' needs pywin32's win32com.mapi, which is Windows-only ({exc}); "
                                f"on other systems record against fakemapi (target=fakemapi.install(world))") from None
        for name in SUPPORT:
            mods[name] = importlib.import_module(name)
        packages = {p: sys.modules.get(p) for p in PACKAGES}
        return _Target(mods, packages, None, False, None, _flavor_of(mods["exchange"]), None, "pywin32")
    if target is not None and hasattr(target, "mapi") and hasattr(target, "exchange"):
        mods = {name: getattr(target, name, None) for name in (*SUBMODULES, *SUPPORT)}
        fallback = _fake_modules()
        for name, module in mods.items():
            if module is None:
                mods[name] = fallback[name]
        return _Target(mods, {}, None, False, None, _flavor_of(mods["exchange"]), None,
                       f"a module set ({type(target).__name__})")
    raise RecorderError(f"target must be 'pywin32', a fakemapi Fake or World, a module set with mapi and "
                        f"exchange, or None (replay only); got {target!r}")


def _flavor_of(exchange: Any) -> str:
    return "x86" if hasattr(exchange, "HrMailboxLogon") else "x64"


# --- the proxies client code sees ---------------------------------------------------------------
class _Proxy:
    """An object a call returned: its calls go through the recorder. ``_real`` is the target's
    object (None in replay); ``_name`` is its binding in the scenario."""

    __slots__ = ("_rec", "_name", "_real", "_root", "__weakref__")

    def __init__(self, rec: Recorder, name: str, real: Any, root: str) -> None:
        self._rec = rec
        self._name = name
        self._real = real
        self._root = root

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):
            raise AttributeError(attr)
        rec, name, real = self._rec, self._name, self._real
        if real is not None:
            fn = getattr(real, attr)
            if not callable(fn):
                return fn
        else:
            fn = None

        proxy = self

        def call(*args: Any, **kwargs: Any) -> Any:
            # the bound call holds its proxy, so in ``s.GetMsgStoresTable(0).QueryRows(1, 0)``
            # the table's release is recorded after its QueryRows, not before
            assert proxy is not None
            return rec._call(name, attr, fn, args, kwargs)

        call.__name__ = attr
        return call

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _Proxy):
            if self._real is not None and other._real is not None:
                return bool(self._real == other._real)
            return self is other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._real) if self._real is not None else id(self)

    def __repr__(self) -> str:
        how = "recorded" if self._real is not None else "replayed"
        return f"<{type(self).__name__} ${self._name} ({how})>"

    def __del__(self) -> None:
        try:
            self._rec._dropped(self._root)
        except Exception:  # noqa: BLE001 - never raise from a finalizer
            pass


_PROXY_CLASSES: dict[str, type[_Proxy]] = {}


def _proxy_class(type_name: str) -> type[_Proxy]:
    """A proxy class named like the object's pywin32 type (``PyIMsgStore``)."""
    cls = _PROXY_CLASSES.get(type_name)
    if cls is None:
        cls = _PROXY_CLASSES[type_name] = type(type_name, (_Proxy,), {"__slots__": ()})
    return cls


def _is_interface(value: Any) -> bool:
    return type(value).__name__.startswith("PyI") and hasattr(value, "QueryInterface")


def _unwrap(value: Any) -> Any:
    if isinstance(value, _Proxy):
        return value._real
    if isinstance(value, (tuple, list)) and any(isinstance(v, (_Proxy, tuple, list)) for v in value):
        return type(value)(_unwrap(v) for v in value)
    return value


class _Vars:
    """Bindings while a recording plays or records: objects weakly (so that a dropped object is
    released, as in the program), values strongly. Reads like the runner's ``vars`` dict."""

    __slots__ = ("_values", "_objects")

    def __init__(self) -> None:
        self._values: dict[str, Any] = {}
        self._objects: dict[str, Any] = {}  # name -> structure holding weakrefs

    def __contains__(self, name: object) -> bool:
        return name in self._values or (name in self._objects and _deref(self._objects[name]) is not _GONE)

    def __getitem__(self, name: str) -> Any:
        if name in self._values:
            return self._values[name]
        value = _deref(self._objects[name])
        if value is _GONE:
            raise KeyError(name)
        return value

    def get(self, name: str, default: Any = None) -> Any:
        try:
            return self[name]
        except KeyError:
            return default

    def bind(self, name: str, value: Any) -> None:
        if _has_proxy(value):
            self._objects[name] = _weak(value)
            self._values.pop(name, None)
        else:
            self._values[name] = value
            self._objects.pop(name, None)

    def drop(self, name: str) -> None:
        self._values.pop(name, None)
        self._objects.pop(name, None)


_GONE = object()
_ABSENT = object()


def _has_proxy(value: Any) -> bool:
    if isinstance(value, _Proxy):
        return True
    return isinstance(value, (tuple, list)) and any(_has_proxy(v) for v in value)


def _weak(value: Any) -> Any:
    if isinstance(value, _Proxy):
        return weakref.ref(value)
    if isinstance(value, (tuple, list)):
        return (type(value), [_weak(v) for v in value])
    return value


def _deref(value: Any) -> Any:
    if isinstance(value, weakref.ref):
        obj = value()
        return _GONE if obj is None else obj
    if isinstance(value, tuple) and len(value) == 2 and value[0] in (tuple, list):
        items = [_deref(v) for v in value[1]]
        return value[0](items)
    return value


# --- what gets written ----------------------------------------------------------------------
@attrs.define(slots=True)
class _Entry:
    """One step of the run, in order: a new call, a release, or a recorded step replayed."""

    process: str
    call: str | None = None  # "actor.Method"
    args: list[Any] = attrs.field(factory=list)
    bind: str | None = None
    expect: dict[str, Any] = attrs.field(factory=dict)
    note: str | None = None
    release: str | None = None
    recorded: int | None = None  # index of the recorded step this is

    def as_dict(self) -> StepDict:
        if self.release is not None:
            return {"release": self.release, "process": self.process}
        out: StepDict = {"call": self.call, "args": list(self.args)}
        if self.bind is not None:
            out["as"] = self.bind
        if self.expect:
            out["expect"] = dict(self.expect)
        if self.note:
            out["note"] = self.note
        out["process"] = self.process
        return out


@attrs.define(slots=True)
class _Recorded:
    """A step of the existing file, flattened out of process blocks."""

    index: int
    raw: dict[str, Any]
    plain: frozenset[tuple[Any, ...]]  # paths (inside raw) of strings written unquoted
    process: str
    step: Any  # the loader's step (CallStep, ReleaseStep, CheckStep)
    where: str
    played: bool = False


_NAME_HINTS = {
    "PyIMAPISession": "session", "PyIMsgStore": "store", "PyIMAPITable": "table", "PyIMAPIFolder": "folder",
    "PyIMessage": "message", "PyIAttach": "attach", "PyIExchangeManageStore": "manage",
    "PyIProfAdmin": "profadmin", "PyIMsgServiceAdmin": "service_admin", "PyIProfSect": "profsect",
    "PyIAddrBook": "addrbook", "PyIMailUser": "mailuser", "PyIDistList": "distlist", "PyIStream": "stream",
    "PyIUnknown": "unknown", "PyIMAPIContainer": "container", "PyIABContainer": "abcontainer",
}
_VALUE_HINTS = {"CreateAttach": "attachment", "QueryRows": "rows", "HrQueryAllRows": "rows",
                "CreateStoreEntryID": "eid", "CreateStoreEntryID2": "eid", "GetProps": "props",
                "QueryIdentity": "identity",
                "GetReceiveFolder": "receive", "HrGetServerDN": "server_dn", "HrGetMailboxDN": "mailbox_dn"}


def _snake(type_name: str) -> str:
    base = type_name[3:] if type_name.startswith("PyI") else type_name
    base = base.replace("MAPI", "")
    return re.sub(r"(?<!^)(?=[A-Z])", "_", base).lower() or "obj"


class Recorder:
    """Records, or replays, the calls a program makes (see the module docstring and :func:`record`)."""

    def __init__(self, path: str, target: Any, mode: RecordMode, *, world: Any = None, name: str | None = None,
                 description: str | None = None, before_record: Hook | None = None) -> None:
        self.path = path
        self.mode = mode
        self._target_arg = target
        self._world_arg = world
        self._name_arg = name
        self._description_arg = description
        self._hook = before_record
        self._lock = threading.RLock()
        self._active = False
        self._closed = False
        self.recording = False  # calls go to the target and the file is written
        self._target: _Target | None = None
        self._saved: dict[str, Any] = {}
        self._patched: list[tuple[Any, str, Any]] = []  # (module, name, what it held) to put back
        self._entries: list[_Entry] = []
        self._recorded: list[_Recorded] = []
        self._header: dict[str, Any] = {}
        self._header_plain: frozenset[tuple[Any, ...]] = frozenset()
        #: what the existing file says around its data, kept when it is written again: the header's
        #: own lines (comments included), the comment lines before each recorded step (by id of its
        #: raw step), and the comment lines after the last step
        self._header_text: list[str] | None = None
        self._comments: dict[int, list[str]] = {}
        self._tail_comments: list[str] = []
        self._by_call: dict[tuple[str, str], list[int]] = {}
        self._first: dict[tuple[str, str], int] = {}  # per call: where the unplayed ones start
        self._scope: dict[str, Any] = {}
        self._vars = _Vars()
        self._taken: set[str] = set()
        self._counters: dict[str, int] = {}
        self._live: dict[str, int] = {}  # binding root -> proxies of it still alive
        self._root_process: dict[str, str] = {}
        self._bytes: dict[bytes, tuple[_Entry, str]] = {}  # bytes result -> (entry, path)
        self._flavor = "x64"
        self.mapi: Any = None
        self.exchange: Any = None

    # --- life cycle -----------------------------------------------------------------------
    def __enter__(self) -> Recorder:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        if self._active:
            raise RecorderError("this recorder is already running")
        exists = os.path.exists(self.path)
        mode = self.mode
        if mode is RecordMode.NONE and not exists:
            raise RecorderError(f"record mode 'none' replays only, and there is no recording at {self.path}")
        self.recording = mode in (RecordMode.ALL, RecordMode.NEW_EPISODES) or (mode is RecordMode.ONCE and not exists)
        if exists and mode is not RecordMode.ALL:
            self._load()
        if self.recording:
            if self._target_arg is None:
                why = "there is no recording at " + self.path if not exists else f"mode {mode.value!r} records"
                raise RecorderError(f"recording needs a target ({why}): pass target=fakemapi.install(world), a "
                                    f"fakemapi World, or 'pywin32' on Windows")
            self._target = _resolve_target(self._target_arg)
            try:
                self._flavor = self._target.flavor
                if not self._header:
                    self._header = self._new_header(self._target)
            except BaseException:
                self._release_target()
                raise
            base = self._target.modules
        else:
            base = _fake_modules()
        self._install(base)
        self._active = True

    def _release_target(self) -> None:
        if self._target is not None and self._target.owned:
            from fakemapi.dropin.install import uninstall

            uninstall(self._target.fake)  # this one, wherever it is: installs nest (issue 13)

    def stop(self) -> None:
        if not self._active:
            return
        self._active = False
        self._closed = True
        for module, attr, value in reversed(self._patched):
            if value is _ABSENT:
                delattr(module, attr)
            else:
                setattr(module, attr, value)
        self._patched = []
        for name, previous in self._saved.items():
            if previous is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = previous
        self._saved = {}
        try:
            if self.recording:
                self._write()
        finally:
            self._release_target()

    # --- inspection -----------------------------------------------------------------------
    @property
    def all_played(self) -> bool:
        """Every recorded call was made (VCR's ``all_played``)."""
        return not self.unplayed()

    def unplayed(self) -> list[str]:
        """``file:line:col: call`` of each recorded call not made (yet)."""
        return [r.where for r in self._recorded if not r.played and r.raw.get("release") is None
                and "check" not in r.raw]

    @property
    def play_count(self) -> int:
        return sum(1 for r in self._recorded if r.played)

    # --- setting up -----------------------------------------------------------------------
    def _load(self) -> None:
        from fakemapi.scenario.loader import ScenarioError, load_scenario
        from fakemapi.scenario.steps import CallStep, CheckStep, ProcessStep, ReleaseStep
        from fakemapi.world.loader import WorldError
        from fakemapi.yamlsrc import parse

        try:
            scenario = load_scenario(self.path)
        except (ScenarioError, WorldError) as exc:
            raise RecorderError(f"cannot replay {self.path}: {exc}") from None
        with open(self.path, encoding="utf-8") as fh:
            text = fh.read()
        data, located = parse(text, self.path, ScenarioError, "")
        self._header = {k: v for k, v in data.items() if k != "steps"}
        self._header_plain = frozenset(p for p in located.plain if p and p[0] != "steps")
        source_lines = text.splitlines()
        steps_line = located.key_marks.get(("steps",), (None, None))[0]
        if steps_line is not None and list(data)[-1] == "steps":
            self._header_text = [line.rstrip() for line in source_lines[:steps_line - 1]]
            last = max((i for i, line in enumerate(source_lines) if line.strip() and
                        not line.strip().startswith("#")), default=len(source_lines))
            self._tail_comments = [line.strip() for line in source_lines[last + 1:] if line.strip()]
        self._flavor = scenario.flavor
        world = scenario.world
        self._scope = {"vars": self._vars, "n": None, "mailbox": None, "process": None,
                       "servers": {s.name: s for s in world.servers.values()}, "org": world.organization}

        def flatten(steps: Sequence[Any], raws: Sequence[Any], path: tuple[Any, ...], process: str) -> None:
            for i, (step, raw) in enumerate(zip(steps, raws)):
                here = path + (i,)
                if isinstance(step, ProcessStep):
                    flatten(step.body, raw["steps"], here + ("steps",), str(raw["process"]))
                    continue
                if not isinstance(step, (CallStep, ReleaseStep, CheckStep)):
                    raise RecorderError(f"cannot replay {step.where}: a recording is a flat list of calls, releases, "
                                        f"checks and process blocks (no repeat, for_each or threads)")
                plain = frozenset(p[len(here):] for p in located.plain if p[:len(here)] == here)
                rec = _Recorded(len(self._recorded), raw, plain, process, step, str(step.where))
                self._comments[id(raw)] = _comments_before(source_lines, located.marks.get(here, (0, 0))[0])
                self._recorded.append(rec)
                if isinstance(step, CallStep):
                    self._by_call.setdefault((step.actor, step.method), []).append(rec.index)
                    if step.bind is not None:
                        self._taken.add(str(step.bind(self._scope)))
                elif isinstance(step, ReleaseStep):
                    self._by_call.setdefault(("release", ""), []).append(rec.index)

        flatten(scenario.steps, data["steps"], ("steps",), "main")

    def _new_header(self, target: _Target) -> dict[str, Any]:
        from fakemapi.world.model import World

        header: dict[str, Any] = {"schema_version": 1}
        header["name"] = self._name_arg or os.path.splitext(os.path.basename(self.path))[0]
        header["description"] = self._description_arg or (
            f"Recorded by fakemapi.record (mode {self.mode.value}) against {target.label}.")
        world_path: str | None = None
        folder = os.path.dirname(os.path.abspath(self.path))
        if self._world_arg is not None:
            # one rule with the scenario loader: a relative world= is read from the scenario file's folder
            given = os.fspath(self._world_arg)
            world_path = given if os.path.isabs(given) else os.path.join(folder, given)
            if not os.path.isfile(world_path):
                hint = ""
                if not os.path.isabs(given) and os.path.isfile(given):
                    hint = (f"; {given!r} exists relative to the current folder, but the scenario reads its world "
                            f"relative to its own folder: pass "
                            f"world={os.path.relpath(os.path.abspath(given), folder)!r} or an absolute path")
                raise RecorderError(f"world={given!r}: no world file at {world_path} (a relative world= is read "
                                    f"from the scenario file's folder, {folder}, as the scenario will read it){hint}")
        elif target.world is not None and target.world is not World.default():
            if target.world.source is None:
                raise RecorderError("the target's world was not loaded from a file, so the recording cannot name it: "
                                    "pass world='path/to/world.yaml' (the file the scenario should load)")
            world_path = target.world.source  # a file that was opened: its path holds as it is
        if world_path is not None:
            rel = os.path.relpath(os.path.abspath(world_path), folder)
            header["world"] = rel.replace(os.sep, "/")
        if target.flavor != "x64":
            header["flavor"] = target.flavor
        if target.strict:
            header["strict"] = True
        return header

    def _install(self, base: dict[str, Any]) -> None:
        """Route the ``mapi`` and ``exchange`` functions through the recorder, in the module
        objects themselves (so that code which imported them earlier is recorded too), and make
        ``win32com.mapi`` importable where the target's modules are not in ``sys.modules``."""
        extra: tuple[str, ...] = ()
        if not self.recording and self._flavor == "x86":
            from fakemapi.dropin.functions import EXCHANGE_X86_FUNCTIONS

            extra = tuple(EXCHANGE_X86_FUNCTIONS)
        self._patch("mapi", base["mapi"], ())
        self._patch("exchange", base["exchange"], extra)
        self.mapi, self.exchange = base["mapi"], base["exchange"]
        entries: dict[str, Any] = {}
        if not self.recording:  # fakemapi's modules, whether a fake is installed or not
            from fakemapi.dropin.modules import modules

            entries = modules().by_name()
        elif self._target is not None and self._target.fake is None and not self._target.packages:
            for top in PACKAGES:  # a module set: a package that holds it
                package = ModuleType(f"{top}.mapi", "fakemapi recorder: win32com.mapi")
                package.__path__ = []
                for sub in SUBMODULES:
                    setattr(package, sub, base[sub])
                    entries[f"{top}.mapi.{sub}"] = base[sub]
                entries[f"{top}.mapi"] = package
                entries[top] = _package(top, package, None)
            for name in SUPPORT:
                entries[name] = base[name]
        for name, module in entries.items():
            self._saved.setdefault(name, sys.modules.get(name))
            sys.modules[name] = module

    def _patch(self, actor: str, module: Any, extra: tuple[str, ...]) -> None:
        for attr in dir(module):
            if attr.startswith("_"):
                continue
            value = getattr(module, attr)
            if callable(value) and not isinstance(value, type):
                self._patched.append((module, attr, value))
                setattr(module, attr, self._function(actor, attr, value if self.recording else None))
        for attr in extra:
            if not hasattr(module, attr):
                self._patched.append((module, attr, _ABSENT))
                setattr(module, attr, self._function(actor, attr, None))

    def _function(self, actor: str, method: str, fn: Any) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            return self._call(actor, method, fn, args, kwargs)

        call.__name__ = call.__qualname__ = method
        call.__doc__ = getattr(fn, "__doc__", None)
        return call

    # --- a call ---------------------------------------------------------------------------------
    def _call(self, actor: str, method: str, fn: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        if kwargs:
            raise TypeError(f"{method}() takes no keyword arguments")
        if self._closed and fn is not None:
            return fn(*_unwrap(args))  # the block ended: calls on objects kept past it are not written
        with self._lock:
            matched = self._match(actor, method, args) if self._recorded else None
            if not self.recording:
                if matched is None:
                    raise RecordingMismatch(self._mismatch(actor, method, args))
                return self._replayed(matched)
            process = self._target.fake.current.name if self._target is not None and self._target.fake else "main"
            shown = [self._view(a) for a in args]
            try:
                result = fn(*_unwrap(args))
            except Exception as exc:
                error, note = _error_of(exc)
                if error is None:
                    raise
                self._log_call(process, actor, method, shown, matched, error=error, note=note)
                raise
            return self._log_call(process, actor, method, shown, matched, result=result)

    def _log_call(self, process: str, actor: str, method: str, shown: list[Any], matched: int | None, *,
                  result: Any = None, error: str | None = None, note: str | None = None) -> Any:
        recorded_bind = None
        if matched is not None:
            rec = self._recorded[matched]
            rec.played = True
            entry = _Entry(process, recorded=matched)
            if rec.step.bind is not None:
                recorded_bind = str(rec.step.bind(self._scope))
        else:
            entry = _Entry(process, call=f"{actor}.{method}", args=shown)
        self._entries.append(entry)
        if error is not None:
            entry.expect = {"error": Name(error)}
            entry.note = note
            return None
        if _is_interface(result):
            name = recorded_bind or self._fresh(_NAME_HINTS.get(type(result).__name__) or _snake(type(result).__name__))
            proxy = _proxy_class(type(result).__name__)(self, name, result, name)
            self._bound(name, proxy, 1, process)
            entry.bind = name
            entry.expect = {"type": Name(type(result).__name__)}
            return proxy
        if isinstance(result, (tuple, list)) and any(_is_interface(v) for v in result):
            name = recorded_bind or self._fresh(_VALUE_HINTS.get(method, "result"))
            items: list[Any] = []
            at: dict[int, Any] = {}
            objects: dict[int, Name] = {}
            for i, item in enumerate(result):
                if _is_interface(item):
                    items.append(_proxy_class(type(item).__name__)(self, f"{name}.{i}", item, name))
                    objects[i] = Name(type(item).__name__)
                else:
                    items.append(item)
                    at[i] = item
            wrapped = type(result)(items)
            self._bound(name, wrapped, len(objects), process)
            entry.bind = name
            entry.expect = {"type": Name(type(result).__name__), "len": len(result), "objects": objects}
            if at:
                entry.expect["at"] = at
            return wrapped
        if recorded_bind is not None:
            self._vars.bind(recorded_bind, result)
        if result is not None:
            entry.expect = {"value": result}
            if isinstance(result, list):
                entry.expect["type"] = Name("list")
        self._remember_bytes(entry, result, "", recorded_bind)
        return result

    def _bound(self, name: str, value: Any, live: int, process: str) -> None:
        self._vars.bind(name, value)
        self._live[name] = live
        self._root_process[name] = process
        self._taken.add(name)

    def _fresh(self, hint: str) -> str:
        n = self._counters.get(hint, 0)
        while True:
            n += 1
            name = f"{hint}{n}"
            if name not in self._taken:
                self._counters[hint] = n
                self._taken.add(name)
                return name

    def _remember_bytes(self, entry: _Entry | None, value: Any, path: str, bind: str | None) -> None:
        if isinstance(value, bytes):
            if len(value) >= REF_MIN_BYTES and value not in self._bytes:
                if bind is not None:
                    self._bytes[value] = (_Entry("main", bind=bind), path)
                elif entry is not None:
                    self._bytes[value] = (entry, path)
        elif isinstance(value, (tuple, list)):
            for i, item in enumerate(value):
                self._remember_bytes(entry, item, f"{path}.{i}", bind)

    def _view(self, value: Any) -> Any:
        """An argument as the file writes it: objects and earlier results by reference."""
        if isinstance(value, _Proxy):
            return Ref(value._name)
        if isinstance(value, bytes):
            known = self._bytes.get(value)
            if known is None:
                return value
            entry, path = known
            if entry.bind is None:
                entry.bind = self._fresh(_VALUE_HINTS.get((entry.call or "").rpartition(".")[2], "value"))
            return Ref(entry.bind + path)
        if isinstance(value, (tuple, list)):
            return type(value)(self._view(v) for v in value)
        return value

    def _dropped(self, root: str) -> None:
        with self._lock:
            left = self._live.get(root)
            if left is None:
                return
            if left > 1:
                self._live[root] = left - 1
                return
            del self._live[root]
            self._vars.drop(root)
            if not self.recording or self._closed:
                return
            process = self._root_process.pop(root, "main")
            for index in self._by_call.get(("release", ""), ()):
                rec = self._recorded[index]
                if not rec.played and [g(self._scope) for g in rec.step.names] == [root]:
                    rec.played = True
                    self._entries.append(_Entry(process, recorded=index))
                    return
            self._entries.append(_Entry(process, release=root))

    # --- replay -----------------------------------------------------------------------------
    def _match(self, actor: str, method: str, args: tuple[Any, ...]) -> int | None:
        """The first recorded step not played yet with this actor, method and arguments."""
        key = (actor, method)
        candidates = self._by_call.get(key, ())
        start = self._first.get(key, 0)
        while start < len(candidates) and self._recorded[candidates[start]].played:
            start += 1
        self._first[key] = start
        for index in candidates[start:]:
            rec = self._recorded[index]
            if not rec.played and self._args_match(rec, args) is None:
                if not self.recording:
                    rec.played = True
                return index
        return None

    def _args_match(self, rec: _Recorded, args: tuple[Any, ...]) -> str | None:
        """None when ``args`` are the recorded ones, else what differs."""
        getters = rec.step.args
        if len(getters) != len(args):
            return f"argument count differs: expected {len(getters)}, got {len(args)}"
        for i, (getter, got) in enumerate(zip(getters, args), 1):
            try:
                want = getter(self._scope)
            except ValueProblem as exc:
                return f"argument {i} differs: expected {_raw_arg(rec, i - 1)} ({exc}), got {_show(self._view(got))}"
            if normalize(want) != normalize(got):
                return (f"argument {i} differs: expected {_show(_shown_want(want))}, "
                        f"got {_show(self._view(got))}")
        return None

    def _replayed(self, index: int) -> Any:
        rec = self._recorded[index]
        step = rec.step
        expect = step.expect
        if expect.error is not None:
            raise _error(expect.error, rec.raw.get("note"))
        bind = str(step.bind(self._scope)) if step.bind is not None else None
        if expect.type_name is not None and expect.type_name.startswith("PyI"):
            name = bind or self._fresh("object")
            proxy = _proxy_class(expect.type_name)(self, name, None, name)
            self._bound(name, proxy, 1, "main")
            return proxy
        if expect.objects:
            name = bind or self._fresh("result")
            size = expect.length if expect.length is not None else 1 + max(i for i, _ in expect.objects)
            items: list[Any] = [None] * size
            for i, getter in expect.at:
                items[i] = getter(self._scope)
            for i, type_name in expect.objects:
                items[i] = _proxy_class(type_name)(self, f"{name}.{i}", None, name)
            value: Any = tuple(items) if expect.type_name == "tuple" else items
            self._bound(name, value, len(expect.objects), "main")
            return value
        value = expect.value(self._scope) if expect.value is not None else None
        if expect.type_name == "list" and isinstance(value, tuple):
            value = list(value)
        if bind is not None:
            self._vars.bind(bind, value)
            self._remember_bytes(None, value, "", bind)
        return value

    def _mismatch(self, actor: str, method: str, args: tuple[Any, ...]) -> str:
        call = f"{actor}.{method}({', '.join(_show(self._view(a)) for a in args)})"
        head = f"no recorded call matches {call} in {self.path} (mode {self.mode.value})"
        same = [self._recorded[i] for i in self._by_call.get((actor, method), ())]
        if same:
            matching = [r for r in same if self._args_match(r, args) is None]
            if matching:  # and every one played, else it would have matched
                return (f"{head}\n  {actor}.{method} with these arguments was recorded {len(matching)} time(s) and "
                        f"every one was played already\n  nearest recorded step: {matching[-1].where}")
            pool = [r for r in same if not r.played] or same
            best = min(pool, key=lambda r: (self._differences(r, args), r.index))
            return f"{head}\n  nearest recorded step: {best.where}\n  {self._args_match(best, args)}"
        by_method = [r for r in self._recorded if _call_of(r)[1] == method]
        if by_method:
            best = _first_unplayed_else_last(by_method)
            return (f"{head}\n  nearest recorded step: {best.where}\n  the object differs: expected "
                    f"${_call_of(best)[0]}, got ${actor}")
        by_actor = [r for r in self._recorded if _call_of(r)[0] == actor]
        if by_actor:
            best = _first_unplayed_else_last(by_actor)
            return (f"{head}\n  nearest recorded step: {best.where}\n  the method differs: expected "
                    f"{_call_of(best)[1]}, got {method}")
        nxt = [r for r in self._recorded if not r.played and _call_of(r)[0]]
        hint = f"\n  next recorded step not played: {nxt[0].where}" if nxt else "\n  every recorded call was played"
        return f"{head}\n  nothing recorded calls {method} on ${actor}{hint}"

    def _differences(self, rec: _Recorded, args: tuple[Any, ...]) -> int:
        getters = rec.step.args
        if len(getters) != len(args):
            return 1000
        count = 0
        for getter, got in zip(getters, args):
            try:
                if normalize(getter(self._scope)) != normalize(got):
                    count += 1
            except ValueProblem:
                count += 1
        return count

    # --- writing ----------------------------------------------------------------------------
    def _write(self) -> None:
        from fakemapi.scenario.loader import ScenarioError, load_scenario
        from fakemapi.world.loader import WorldError

        try:
            lines = self._lines()
        except ValueError as exc:
            raise RecorderError(f"cannot write the recording to {self.path}: {exc}") from None
        folder = os.path.dirname(os.path.abspath(self.path))
        os.makedirs(folder, exist_ok=True)
        tmp = self.path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
        os.replace(tmp, self.path)
        try:
            load_scenario(self.path)
        except (ScenarioError, WorldError) as exc:
            raise RecorderError(f"the recording written to {self.path} does not load (a before_record hook may have "
                                f"dropped or changed a step others depend on): {exc}") from None

    def _lines(self) -> list[str]:
        """The file's lines (ValueError for a value YAML cannot hold)."""
        blocks = self._ordered()
        if self._header_text is not None:
            lines = list(self._header_text)
        else:
            lines = [f"{key}: {emit(value, self._header_plain, (key,))}" for key, value in self._header.items()]
        lines.append("steps:")

        def step(item: tuple[dict[str, Any], Plain | None], indent: str) -> None:
            lines.extend(indent + comment for comment in self._comments.get(id(item[0]), ()))
            lines.extend(emit_step(item, indent))

        for process, group in _by_process(blocks):
            if process == "main":
                for item in group:
                    step(item, "  ")
            else:
                lines.append(f"  - process: {quote(process)}")
                lines.append("    steps:")
                for item in group:
                    step(item, "      ")
        if not any(True for _, group in _by_process(blocks) for _ in group):
            lines[-1] = "steps: []"
        lines.extend(self._tail_comments)
        return lines

    def _ordered(self) -> list[tuple[str, dict[str, Any], Plain | None]]:
        """(process, step data, plain paths) in file order: this run's steps, with recorded steps
        it did not make kept after the recorded step they followed; recorded releases of objects
        this run kept move to the end (where the scenario lets go of everything anyway)."""
        after: dict[int, list[_Recorded]] = {}
        late: list[_Recorded] = []
        anchor = -1
        for rec in self._recorded:
            if rec.played:
                anchor = rec.index
            elif "release" in rec.raw:
                late.append(rec)
            else:
                after.setdefault(anchor, []).append(rec)
        out: list[tuple[str, dict[str, Any], Plain | None]] = []

        def keep(index: int) -> None:
            for rec in after.get(index, ()):
                out.append((rec.process, rec.raw, rec.plain))

        keep(-1)
        for entry in self._entries:
            if entry.recorded is not None:
                rec = self._recorded[entry.recorded]
                out.append((rec.process, rec.raw, rec.plain))
                keep(entry.recorded)
                continue
            data = entry.as_dict()
            if self._hook is not None:
                hooked = self._hook(data)
                if hooked is None:
                    continue
                data = hooked
            process = str(data.pop("process", entry.process))
            out.append((process, _step_data(data), None))
        out.extend((rec.process, rec.raw, rec.plain) for rec in late)
        return out


def _package(top: str, mapi_package: ModuleType, real: Any) -> ModuleType:
    """``win32com`` whose ``mapi`` is the recorder's; anything else comes from the real one."""
    mod = ModuleType(top, f"fakemapi recorder: {top}")
    mod.__path__ = list(getattr(real, "__path__", []))
    mod.mapi = mapi_package  # type: ignore[attr-defined]
    if real is not None:
        def __getattr__(attr: str) -> Any:  # noqa: N807
            return getattr(real, attr)

        setattr(mod, "__getattr__", __getattr__)  # noqa: B010 - a module-level __getattr__
    return mod


def _error_of(exc: BaseException) -> tuple[str | None, str | None]:
    from fakemapi.hresult import name_of

    hresult = getattr(exc, "hresult", None)
    if isinstance(hresult, int) and not isinstance(hresult, bool):
        return name_of(hresult), None
    if type(exc).__name__ in PY_ERRORS:
        return type(exc).__name__, f"{type(exc).__name__}: {exc}"
    return None, None


def _error(name: str, note: Any) -> BaseException:
    from fakemapi.dropin.pytypes import make_com_error
    from fakemapi.hresult import CODES

    if name in PY_ERRORS:
        message = str(note).partition(": ")[2] if isinstance(note, str) and note.startswith(name) else name
        return {"TypeError": TypeError, "ValueError": ValueError, "AttributeError": AttributeError,
                "NotImplementedError": NotImplementedError, "OverflowError": OverflowError}[name](message)
    code = int(name, 16) if name.lower().startswith("0x") else CODES[name]
    return make_com_error(code)


def _first_unplayed_else_last(recs: list[_Recorded]) -> _Recorded:
    return next((r for r in recs if not r.played), recs[-1])


def _call_of(rec: _Recorded) -> tuple[str, str]:
    step = rec.step
    return (getattr(step, "actor", ""), getattr(step, "method", ""))


def _raw_arg(rec: _Recorded, i: int) -> str:
    key = next(iter(k for k in rec.raw if isinstance(k, str) and "." in k), None)
    args = rec.raw.get(key) if key else None
    return str(args[i]) if isinstance(args, list) and i < len(args) else "?"


def _shown_want(value: Any) -> Any:
    if isinstance(value, _Proxy):
        return Ref(value._name)
    if isinstance(value, (tuple, list)):
        return type(value)(_shown_want(v) for v in value)
    return value


def _show(value: Any) -> str:
    if isinstance(value, Ref):
        return f"${value}"
    if isinstance(value, bytes) and len(value) > 40:
        return repr(value[:16])[:-1] + "..." + repr(value[-16:])[2:]
    if isinstance(value, (tuple, list)):
        inner = ", ".join(_show(v) for v in value)
        return f"({inner}{',' if len(value) == 1 else ''})" if isinstance(value, tuple) else f"[{inner}]"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _comments_before(lines: Sequence[str], line: int) -> list[str]:
    """The comment lines just above line ``line`` (1-based) of the file, stripped, in order."""
    out: list[str] = []
    i = line - 2
    while i >= 0 and (lines[i].strip().startswith("#") or not lines[i].strip()):
        if lines[i].strip():
            out.append(lines[i].strip())
        i -= 1
    return out[::-1]


def _by_process(items: list[tuple[str, dict[str, Any], Plain | None]]
                ) -> Iterator[tuple[str, list[tuple[dict[str, Any], Plain | None]]]]:
    current: str | None = None
    group: list[tuple[dict[str, Any], Plain | None]] = []
    for process, data, plain in items:
        if process != current and group:
            yield current or "main", group
            group = []
        current = process
        group.append((data, plain))
    if group:
        yield current or "main", group


def _step_data(data: StepDict) -> dict[str, Any]:
    """A hook's step dict (``call`` + ``args``) as the YAML step (``actor.Method: [args]``)."""
    if "release" in data:
        return {"release": _as_name(data["release"])}
    out: dict[str, Any] = {str(data["call"]): list(data.get("args", []))}
    for key in ("as", "expect", "note"):
        if data.get(key) not in (None, {}):
            out[key] = _as_name(data[key]) if key == "as" else data[key]
    return out


def _as_name(value: Any) -> Any:
    return Name(value) if isinstance(value, str) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value) else value
