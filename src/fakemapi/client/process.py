"""One simulated OS process: its MAPIInitialize count, sessions, objects and Emsmdb32 state."""

from __future__ import annotations

import warnings
from typing import Any

from fakemapi.client.objects import Handle, ReleaseOrderWarning
from fakemapi.client.runtime import Runtime
from fakemapi.client.session import Session
from fakemapi.emsmdb.connection import Logon
from fakemapi.emsmdb.provider import Emsmdb
from fakemapi.hresult import code, fail

MAPI_LOGON_UI = 0x1
MAPI_NEW_SESSION = 0x2
MAPI_ALLOW_OTHERS = 0x8
MAPI_EXPLICIT_PROFILE = 0x10
MAPI_USE_DEFAULT = 0x40

INVALID_OBJECT = code("MAPI_E_INVALID_OBJECT")
END_OF_SESSION = code("MAPI_E_END_OF_SESSION")


class ClientProcess:
    __slots__ = ("name", "runtime", "init_count", "emsmdb", "sessions", "handles", "shared_session",
                 "notify_flags")

    def __init__(self, name: str, runtime: Runtime) -> None:
        self.name = name
        self.runtime = runtime
        self.init_count = 0
        #: every live interface object of the process by id: the one registry of them (a
        #: session's objects and a logon's are found here by their ``session`` and ``logon``)
        self.handles: dict[int, Handle] = {}
        self.emsmdb = Emsmdb(name, runtime.server, runtime.clock, runtime.next_connection_id,
                             runtime.timeline, runtime.faults, self.handles)
        self.sessions: list[Session] = []
        self.shared_session: Session | None = None
        #: the MAPIINIT_0 flags of the first MAPIInitialize (MAPI_MULTITHREAD_NOTIFICATIONS)
        self.notify_flags = 0

    # --- MAPIInitialize / MAPIUninitialize (R8) -----------------------------------------
    def initialize(self, flags: int = 0) -> None:
        if self.init_count == 0:
            self.notify_flags = flags
        self.init_count += 1

    def uninitialize(self) -> None:
        if self.init_count == 0:
            return
        self.init_count -= 1
        if self.init_count == 0:
            for handle in self.handles.values():
                handle.kill(INVALID_OBJECT)
            for session in self.sessions:
                session.alive = False
            self.runtime.notifier.drop_process(self)
            self.emsmdb.drop_all()
            self.sessions.clear()
            self.shared_session = None

    def require_init(self) -> None:
        if self.init_count == 0:
            raise fail("MAPI_E_NOT_INITIALIZED", component="MAPI", detail="call MAPIInitialize first")

    # --- MAPILogonEx ----------------------------------------------------------------------
    def logon(self, profile_name: str, flags: int) -> Session:
        """MAPILogonEx. Which profile, from the name and the flags (see :func:`choose_profile`);
        without MAPI_NEW_SESSION the shared session (made with MAPI_ALLOW_OTHERS) is returned
        when there is one, whatever the name ("MapiLogonEx uses an existing shared session even
        if the lpszProfileName parameter is not NULL", MAPI_NEW_SESSION)."""
        self.require_init()
        if not flags & MAPI_NEW_SESSION and self.shared_session is not None:
            return self.shared_session
        profiles = self.runtime.profiles
        profile_name = choose_profile(profile_name, flags, profiles.default)
        profile = profiles.get(profile_name)
        if profile is None:
            known = ", ".join(repr(p.name) for p in profiles.profiles.values()) or "none"
            raise fail("MAPI_E_LOGON_FAILED", component="MAPI",
                       detail=f"the world has no profile {profile_name!r} (it has: {known})")
        account = profile.exchange_user(self.runtime.world)
        session = Session(self.runtime.next_session_id(), self, profile, account)
        self.sessions.append(session)
        if flags & MAPI_ALLOW_OTHERS:
            self.shared_session = session
        return session

    def end_session(self, session: Session) -> None:
        """R9: Logoff. Its objects answer MAPI_E_END_OF_SESSION; its logons are freed."""
        session.alive = False
        for handle in list(self.handles.values()):
            if handle.session is session:
                handle.kill(END_OF_SESSION)
        self.emsmdb.drop_session(session)
        if session in self.sessions:
            self.sessions.remove(session)
        if self.shared_session is session:
            self.shared_session = None

    # --- objects and lifetimes (R6, R7, R12) ----------------------------------------------
    def new_handle(self, kind: str, session: Session | None, logon: Logon | None, data: Any) -> Handle:
        rt = self.runtime
        handle = Handle(next(rt.handle_ids), kind, self, session, logon, data,
                        rt.creation_site() if rt.strict else None)
        if logon is not None:
            if handle.objt is not None:
                self.emsmdb.add_object(logon, handle.objt)  # may close the server session
            logon.pins += 1  # emsmdb.pin, inlined (the hot path)
            if handle.is_store:
                logon.store_refs += 1
        self.handles[handle.id] = handle
        return handle

    def release(self, handle: Handle) -> None:
        """The program dropped its last reference to the object of ``handle``."""
        if handle.released:
            return
        handle.released = True
        self.handles.pop(handle.id, None)
        logon = handle.logon
        if logon is None:
            return
        if handle.objt is not None and logon.alive:
            self.emsmdb.remove_object(logon, handle.objt)
        warning: ReleaseOrderWarning | None = None
        if handle.is_store and self.runtime.strict and logon.alive and logon.store_refs == 1 and logon.pins > 1:
            others = self.emsmdb.handles_of(logon)
            warning = ReleaseOrderWarning(
                f"store {handle.describe()} (LogonId {logon.logon_id} on connection "
                f"{logon.connection.id}) released while {len(others)} object(s) obtained through it "
                f"are alive: {'; '.join(h.describe() for h in others)}. The logon stays until they "
                f"are released; release them first (KB 260141).")
        # Release first: with warnings turned into errors (-W error) the warning raises, and the
        # release must not stop half-way (that would pin the LogonId for good).
        self.emsmdb.unpin(logon, handle.is_store)
        if warning is not None:
            warnings.warn(warning, stacklevel=self.runtime.user_stacklevel())


def choose_profile(name: str, flags: int, default: str | None) -> str:
    """The profile MAPILogonEx logs on with, for profile name ``name`` ("" for an empty one) and
    ``flags``, where ``default`` is the default profile's name (None: there is none).

    - MAPI_USE_DEFAULT: "substitute the profile name of the default profile for the
      lpszProfileName parameter. The MAPI_EXPLICIT_PROFILE flag is ignored unless lpszProfileName
      is NULL or empty" (MAPILogonEx, flFlags): the default profile, MAPI_EXPLICIT_PROFILE or not.
      (Published clients rely on that: ASynK logs on with MAPI_USE_DEFAULT | MAPI_BEST_ACCESS,
      and MAPI_BEST_ACCESS is 0x10, the value of MAPI_EXPLICIT_PROFILE.)
    - MAPI_EXPLICIT_PROFILE with an empty name and no MAPI_USE_DEFAULT: "The default profile should not be used, and the
      user should be required to supply a profile"; "the MAPI_EXPLICIT_PROFILE flag is ignored
      unless lpszProfileName is NULL or empty". Without MAPI_LOGON_UI nobody can be asked:
      MAPI_E_LOGON_FAILED. With it, MAPI shows the profile dialog, and the fake has no user to
      answer it: MAPI_E_USER_CANCEL, as if the dialog was cancelled (inferred).
    - An empty name otherwise (with or without MAPI_LOGON_UI): the default profile. That the
      default serves when the flag that forbids it is absent follows from MAPI_EXPLICIT_PROFILE's
      text; with MAPI_LOGON_UI the fake answers the dialog with the profile it preselects, the
      default (inferred).
    - No default profile where one is needed: MAPI_E_LOGON_FAILED ("The logon was unsuccessful").
    """
    if flags & MAPI_EXPLICIT_PROFILE and not name and not flags & MAPI_USE_DEFAULT:
        if flags & MAPI_LOGON_UI:
            raise fail("MAPI_E_USER_CANCEL", component="MAPI",
                       detail="MAPI_EXPLICIT_PROFILE with no profile name: the profile dialog has no user "
                              "to answer it")
        raise fail("MAPI_E_LOGON_FAILED", component="MAPI",
                   detail="MAPI_EXPLICIT_PROFILE with no profile name and no MAPI_LOGON_UI: no profile to use")
    if name and not flags & MAPI_USE_DEFAULT:
        return name
    if default is None:
        raise fail("MAPI_E_LOGON_FAILED", component="MAPI", detail="there is no default profile")
    return default
