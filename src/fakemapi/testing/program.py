"""Call programs: what a MAPI client does to the logon table, as data, and a driver that runs
them through the pywin32 drop-in surface.

A program is a list of operations (:class:`Op`). Operations name what they act on by *pick*, a
small integer resolved when the operation runs (``pick % len(candidates)``, in creation order),
so a program is meaningful whatever happened before it; an operation with nothing to act on is
skipped. :meth:`Driver.resolve` turns an operation into a :class:`Step` (the concrete session,
store, mailbox or process), :meth:`Driver.perform` runs a step and returns its :class:`Outcome`.

The driver uses nothing but what client code uses (``win32com.mapi``), plus the public
:class:`fakemapi.Fake` views to say which LogonId an open took. It imports no hypothesis;
:mod:`fakemapi.strategies` generates programs and :mod:`fakemapi.testing` drives them from a
hypothesis state machine.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from typing import Any, Union

import attrs

from fakemapi.fake import Fake
from fakemapi.hresult import name_of
from fakemapi.world.entryid import store_entryid
from fakemapi.world.model import World

#: pbGlobalProfileSectionGuid: where the Exchange service keeps PR_PROFILE_CONNECT_FLAGS
GLOBAL_PROFILE_SECTION = "{C8B0DB13-05AA-1A10-9BB0-00AA002FC45A}"
#: PR_PROFILE_CONNECT_FLAGS bit (EdkMdb.h); pywin32 does not export it
CONNECT_USE_SEPARATE_CONNECTION = 0x4
OPENSTORE_USE_ADMIN_PRIVILEGE = 0x1
OPENSTORE_TAKE_OWNERSHIP = 0x8
#: the alias of a mailbox no world has: opening it fails with MAPI_E_NOT_FOUND (R10, R13)
GHOST = "nosuchmailbox"
#: what open_child can open through a store: the root folder, a hierarchy table of the root
#: folder (the folder itself released at once), or IExchangeManageStore
CHILD_KINDS = ("folder", "table", "manage")


# --- operations (what a program says) ------------------------------------------------------------
@attrs.frozen
class Initialize:
    """``mapi.MAPIInitialize(None)`` in the current process."""


@attrs.frozen
class Uninitialize:
    """``mapi.MAPIUninitialize()`` in the current process (R8 when the count reaches zero)."""


@attrs.frozen
class Logon:
    """``mapi.MAPILogonEx(0, profile, None, MAPI_EXTENDED | MAPI_NEW_SESSION | MAPI_NO_MAIL)``."""

    profile: int


@attrs.frozen
class Logoff:
    """``session.Logoff(0, 0, 0)`` (R9)."""

    session: int


@attrs.frozen
class Open:
    """``session.OpenMsgStore`` of a mailbox with an OPENSTORE_USE_ADMIN_PRIVILEGE entry id."""

    session: int
    mailbox: int


@attrs.frozen
class Release:
    """Drop the program's reference to a store (R6, R7)."""

    store: int


@attrs.frozen
class OpenChild:
    """Open an object through a store and keep it (``kind`` in :data:`CHILD_KINDS`); keeping it
    after the store is released is the classic leak of KB 260141."""

    store: int
    kind: str


@attrs.frozen
class ReleaseChild:
    child: int


@attrs.frozen
class Probe:
    """One harmless call on any held object, to see whether it still works."""

    target: int


@attrs.frozen
class SwitchProcess:
    """Later module-level calls act as simulated OS process ``process`` (``fake.process``)."""

    process: int


@attrs.frozen
class SetConnectFlags:
    """Set or clear CONNECT_USE_SEPARATE_CONNECTION in the session's profile (R3), through
    ``OpenProfileSection(pbGlobalProfileSectionGuid)``, ``SetProps`` and ``SaveChanges``."""

    session: int
    separate: bool


@attrs.frozen
class DropConnection:
    """A fault: ``fake.faults.drop_connection`` of a live connection."""

    connection: int


Op = Union[Initialize, Uninitialize, Logon, Logoff, Open, Release, OpenChild, ReleaseChild, Probe,
           SwitchProcess, SetConnectFlags, DropConnection]


# --- steps (what a program does, resolved) and outcomes -----------------------------------------
@attrs.frozen
class Step:
    """A resolved operation: ``action`` and its concrete arguments.

    ``target`` is an object key (``"session#1"``, ``"store#2"``, ``"child#3"``), a profile name,
    a process name or a connection id; ``arg`` a mailbox alias, a child kind or a flag.
    """

    action: str
    target: str | int | None = None
    arg: str | bool | None = None

    def __str__(self) -> str:
        args = ", ".join(repr(a) for a in (self.target, self.arg) if a is not None)
        return f"{self.action}({args})"


@attrs.frozen
class Outcome:
    """What a step gave: ``error`` is the HRESULT name (or a Python exception's class name),
    ``key`` the object key of what it made, ``logon`` the ``(connection_id, logon_id)`` an
    open took."""

    error: str | None = None
    key: str | None = None
    logon: tuple[int, int] | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


# --- the driver ------------------------------------------------------------------------------------
def _pick(items: Sequence[Any], pick: int) -> Any:
    return items[pick % len(items)] if items else None


class Driver:
    """Runs programs through the drop-in surface of an installed fake.

    ``objects`` holds every object the program keeps, by key, in creation order; dropping a key
    drops the program's only reference (the object is released at once, R6).
    """

    def __init__(self, fake: Fake, *, mailboxes: Iterable[str] | None = None,
                 profiles: Iterable[str] | None = None, processes: Iterable[str] = ("main", "worker")) -> None:
        self.fake = fake
        world: World = fake.world
        self.world = world
        self.mailboxes: list[str] = list(mailboxes) if mailboxes is not None else \
            [m.alias for m in world.mailboxes] + [GHOST]
        self.profiles: list[str] = list(profiles) if profiles is not None else [p.name for p in world.profiles]
        self.processes: list[str] = list(processes)
        self.process = self.processes[0] if self.processes else "main"
        self.objects: dict[str, Any] = {}
        self.kinds: dict[str, str] = {}  # key -> "session" | "store" | child kind
        self._serial = 0
        self._entryids: dict[str, bytes] = {}
        self.mapi = importlib.import_module("win32com.mapi.mapi")
        self.mapitags = importlib.import_module("win32com.mapi.mapitags")
        self.exchange = importlib.import_module("win32com.mapi.exchange")
        self.com_error: type[BaseException] = importlib.import_module("pywintypes").com_error

    # --- what there is to act on -------------------------------------------------------------
    def keys(self, prefix: str) -> list[str]:
        return [k for k in self.objects if k.startswith(prefix)]

    def entryid(self, alias: str) -> bytes:
        """The entry id a privileged tool builds for ``alias`` (KB Q194627): the home server's
        private store, the mailbox DN, OPENSTORE_USE_ADMIN_PRIVILEGE | OPENSTORE_TAKE_OWNERSHIP.
        Entry ids derive from the world alone (R14), so any install of it accepts them."""
        eid = self._entryids.get(alias)
        if eid is None:
            world = self.world
            mailbox = world.find_mailbox(alias)
            if mailbox is not None:
                server, dn = mailbox.server, mailbox.dn
            else:
                server = next(iter(world.servers.values())).name
                dn = f"{world.organization.dn}/cn=Recipients/cn={alias}"
            eid = self._entryids[alias] = store_entryid(
                server, dn, OPENSTORE_USE_ADMIN_PRIVILEGE | OPENSTORE_TAKE_OWNERSHIP)
        return eid

    def live_connection_ids(self) -> list[int]:
        return sorted(c.connection_id for name in sorted(self.fake.processes)
                      for c in self.fake.connections(name))

    def all_logons(self) -> set[tuple[int, int]]:
        return {(li.connection_id, li.logon_id) for name in sorted(self.fake.processes)
                for li in self.fake.logons(name)}

    # --- resolving -----------------------------------------------------------------------------
    def resolve(self, op: Op) -> Step | None:
        """The step ``op`` stands for now, or None when there is nothing for it to act on."""
        if isinstance(op, Initialize):
            return Step("initialize")
        if isinstance(op, Uninitialize):
            return Step("uninitialize")
        if isinstance(op, Logon):
            profile = _pick(self.profiles, op.profile)
            return None if profile is None else Step("logon", profile)
        if isinstance(op, SwitchProcess):
            process = _pick(self.processes, op.process)
            return None if process is None else Step("switch_process", process)
        if isinstance(op, DropConnection):
            conn = _pick(self.live_connection_ids(), op.connection)
            return None if conn is None else Step("drop_connection", conn)
        if isinstance(op, (Logoff, Open, SetConnectFlags)):
            session = _pick(self.keys("session#"), op.session)
            if session is None:
                return None
            if isinstance(op, Logoff):
                return Step("logoff", session)
            if isinstance(op, Open):
                mailbox = _pick(self.mailboxes, op.mailbox)
                return None if mailbox is None else Step("open", session, mailbox)
            return Step("set_connect_flags", session, op.separate)
        if isinstance(op, (Release, OpenChild)):
            store = _pick(self.keys("store#"), op.store)
            if store is None:
                return None
            if isinstance(op, Release):
                return Step("release", store)
            return Step("open_child", store, op.kind)
        if isinstance(op, ReleaseChild):
            child = _pick(self.keys("child#"), op.child)
            return None if child is None else Step("release_child", child)
        if isinstance(op, Probe):
            target = _pick(list(self.objects), op.target)
            return None if target is None else Step("probe", target)
        raise TypeError(f"not a program operation: {op!r}")

    def run(self, op: Op) -> tuple[Step | None, Outcome | None]:
        step = self.resolve(op)
        return step, (self.perform(step) if step is not None else None)

    # --- performing ----------------------------------------------------------------------------
    def perform(self, step: Step) -> Outcome:
        """Run one step through the drop-in surface; MAPI errors become ``Outcome.error``."""
        if step.action == "switch_process":
            self.process = str(step.target)
            return Outcome()
        if step.action == "drop_connection":
            try:
                self.fake.faults.drop_connection(int(step.target))  # type: ignore[arg-type]
            except ValueError:
                return Outcome("ValueError")
            return Outcome()
        if step.action in ("release", "release_child"):
            obj = self.objects.pop(str(step.target))
            self.kinds.pop(str(step.target))
            del obj  # the program's only reference: the object is released now (R6)
            return Outcome()
        with self.fake.process(self.process):
            try:
                return self._call(step)
            except self.com_error as exc:
                return Outcome(name_of(exc.hresult))  # type: ignore[attr-defined]

    def _keep(self, prefix: str, kind: str, obj: Any, **extra: Any) -> Outcome:
        self._serial += 1
        key = f"{prefix}#{self._serial}"
        self.objects[key] = obj
        self.kinds[key] = kind
        return Outcome(key=key, **extra)

    def _call(self, step: Step) -> Outcome:
        mapi = self.mapi
        action = step.action
        if action == "initialize":
            mapi.MAPIInitialize(None)
            return Outcome()
        if action == "uninitialize":
            mapi.MAPIUninitialize()
            return Outcome()
        if action == "logon":
            flags = mapi.MAPI_EXTENDED | mapi.MAPI_NEW_SESSION | mapi.MAPI_NO_MAIL
            return self._keep("session", "session", mapi.MAPILogonEx(0, step.target, None, flags))
        target = self.objects[str(step.target)]
        if action == "logoff":
            target.Logoff(0, 0, 0)
            return Outcome()
        if action == "open":
            before = self.all_logons()
            flags = mapi.MDB_NO_DIALOG | mapi.MDB_NO_MAIL | mapi.MDB_TEMPORARY | mapi.MAPI_BEST_ACCESS
            store = target.OpenMsgStore(0, self.entryid(str(step.arg)), None, flags)
            new = sorted(self.all_logons() - before)
            return self._keep("store", "store", store, logon=new[0] if len(new) == 1 else None)
        if action == "set_connect_flags":
            tag = self.mapitags.PR_PROFILE_CONNECT_FLAGS
            section = target.OpenProfileSection(GLOBAL_PROFILE_SECTION, None, mapi.MAPI_MODIFY)
            _, ((got, value),) = section.GetProps((tag,), 0)
            flags = value if got == tag else 0
            flags = flags | CONNECT_USE_SEPARATE_CONNECTION if step.arg else flags & ~CONNECT_USE_SEPARATE_CONNECTION
            section.SetProps(((tag, flags),))
            section.SaveChanges(0)
            return Outcome()
        if action == "open_child":
            kind = str(step.arg)
            if kind == "folder":
                child = target.OpenEntry(None, None, 0)
            elif kind == "table":
                folder = target.OpenEntry(None, None, 0)
                try:
                    child = folder.GetHierarchyTable(0)
                finally:
                    del folder
            elif kind == "manage":
                child = target.QueryInterface(self.exchange.IID_IExchangeManageStore)
            else:
                raise ValueError(f"unknown child kind {kind!r}; expected one of {', '.join(CHILD_KINDS)}")
            return self._keep("child", kind, child)
        if action == "probe":
            self._probe(self.kinds[str(step.target)], target)
            return Outcome()
        raise ValueError(f"unknown step {step}")

    def _probe(self, kind: str, obj: Any) -> None:
        if kind == "session":
            obj.QueryIdentity()
        elif kind in ("store", "folder"):
            obj.GetProps((self.mapitags.PR_DISPLAY_NAME_A,), 0)
        elif kind == "table":
            obj.GetRowCount(0)
        else:  # manage
            mailbox = self.world.mailboxes[0]
            server = self.world.servers[mailbox.server.lower()]
            obj.CreateStoreEntryID(server.private_mdb_dn, mailbox.dn, OPENSTORE_USE_ADMIN_PRIVILEGE)

    def release_all(self) -> None:
        """Drop every object the program holds (newest first)."""
        for key in reversed(list(self.objects)):
            obj = self.objects.pop(key)
            del obj
        self.kinds.clear()


def run_program(fake: Fake, program: Iterable[Op], **driver_options: Any) -> list[tuple[Step, Outcome]]:
    """Run ``program`` on ``fake`` (installed) and return what each step that ran gave; the
    objects it still holds are released at the end."""
    driver = Driver(fake, **driver_options)
    out: list[tuple[Step, Outcome]] = []
    try:
        for op in program:
            step, outcome = driver.run(op)
            if step is not None and outcome is not None:
                out.append((step, outcome))
    finally:
        driver.release_all()
    return out
