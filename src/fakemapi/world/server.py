"""The servers at run time: open server sessions per user (R11) and logon checks (R10).

One :class:`ServerSide` is made per install, so every fake starts from the world as written.
It is shared by all simulated processes: the servers do not care which process connects.
"""

from __future__ import annotations

import datetime
from collections import Counter

from fakemapi.hresult import fail
from fakemapi.trace import Clock
from fakemapi.world.contents import SentMessage, clock_time
from fakemapi.world.entryid import StoreEntryId, store_entryid
from fakemapi.world.events import EventHub
from fakemapi.world.model import Mailbox, Server, World
from fakemapi.world.store import StoreData

OPENSTORE_USE_ADMIN_PRIVILEGE = 0x1
OPENSTORE_PUBLIC = 0x2
OPENSTORE_HOME_LOGON = 0x4
OPENSTORE_TAKE_OWNERSHIP = 0x8

_ACCESS_DENIED = {"ecAccessDenied": "MAPI_E_NO_ACCESS", "ecLoginPerm": "MAPI_E_LOGON_FAILED"}


class ServerSide:
    __slots__ = ("world", "sessions", "_stores", "_public", "clock", "sent", "_smtp", "events")

    def __init__(self, world: World, clock: Clock | None = None) -> None:
        self.world = world
        #: open server sessions (RPC connections) by (server, user alias), all lower case.
        self.sessions: Counter[tuple[str, str]] = Counter()
        self._stores: dict[str, StoreData] = {}
        self._public: dict[str, StoreData] = {}
        self.clock = clock if clock is not None else Clock()
        #: every message submitted, in order (``fake.sent``)
        self.sent: list[SentMessage] = []
        self._smtp: dict[str, Mailbox] | None = None
        #: every store's changes go through this hook (fakemapi.world.events)
        self.events = EventHub()

    def now(self) -> datetime.datetime:
        return clock_time(self.clock.now_us)

    def find_address(self, address: str) -> Mailbox | None:
        """The world mailbox an alias, legacy DN or SMTP address names (case-insensitive)."""
        if self._smtp is None:
            self._smtp = {m.smtp.lower(): m for m in self.world.mailboxes}
        text = address.strip()
        if text.lower().startswith("smtp:"):
            text = text[5:]
        return self._smtp.get(text.lower()) or self.world.find_mailbox(text)

    def existing_store(self, mailbox: Mailbox) -> StoreData | None:
        return self._stores.get(mailbox.dn.lower())

    # --- R11: server sessions per user ---------------------------------------------------
    def begin_session(self, server: Server, user: Mailbox) -> None:
        """EcDoConnectEx for ``user``; past the per-user cap it fails with ecLoginFailure."""
        cap = self.world.limits.sessions_per_user
        key = (server.name.lower(), user.alias.lower())
        if cap is not None and not user.is_admin and self.sessions[key] >= cap:
            raise fail("MAPI_E_FAILONEPROVIDER", ec="ecLoginFailure", component="EMSMDB",
                       detail=f"{user.alias} already has {cap} sessions on {server.name} "
                              f"(Maximum Allowed Sessions Per User)")
        self.sessions[key] += 1

    def end_session(self, server: Server, user: Mailbox) -> None:
        key = (server.name.lower(), user.alias.lower())
        self.sessions[key] -= 1
        if self.sessions[key] <= 0:
            del self.sessions[key]

    # --- stores --------------------------------------------------------------------------
    def store_of(self, mailbox: Mailbox) -> StoreData:
        key = mailbox.dn.lower()
        store = self._stores.get(key)
        if store is None:
            server = self.world.servers[mailbox.server.lower()]
            eid = store_entryid(server.name, mailbox.dn, OPENSTORE_HOME_LOGON | OPENSTORE_TAKE_OWNERSHIP)
            store = self._stores[key] = StoreData.create(server, mailbox, eid, self.find_address, self.now,
                                                         preset=self.world.preset.name)
            store.hub = self.events
        return store

    def public_store(self, server: Server) -> StoreData:
        store = self._public.get(server.name.lower())
        if store is None:
            eid = store_entryid(server.name, "", OPENSTORE_PUBLIC)
            store = self._public[server.name.lower()] = StoreData.create(server, None, eid, self.find_address,
                                                                         self.now)
            store.hub = self.events
        return store

    def home_server(self, eid: StoreEntryId) -> Server:
        """Where the logon of ``eid`` lands: the mailbox's home server (Emsmdb32 follows an
        ecWrongServer redirect by itself), else the server the entry id names."""
        if not eid.public:
            mailbox = self.world.mailbox_by_dn(eid.mailbox_dn)
            if mailbox is not None:
                return self.world.servers[mailbox.server.lower()]
        server = self.world.server(eid.server)
        if server is None:
            # Inferred: the provider cannot reach a server that does not exist; Emsmdb32 reports
            # a failed provider logon, the cause being the RPC failure.
            raise fail("MAPI_E_FAILONEPROVIDER", ec="ecRpcFailed", component="EMSMDB",
                       detail=f"no server named {eid.server!r} in this world")
        return server

    # --- R10: RopLogon checks --------------------------------------------------------------
    def logon(self, server: Server, user: Mailbox, eid: StoreEntryId) -> StoreData:
        """The store a RopLogon by ``user`` with ``eid`` opens, or the error R10 gives."""
        if eid.public or eid.flags & OPENSTORE_PUBLIC:
            return self.public_store(server)
        mailbox = self.world.mailbox_by_dn(eid.mailbox_dn)
        if mailbox is None:
            raise fail("MAPI_E_NOT_FOUND", ec="ecUnknownUser", component="EMSMDB",
                       detail=f"no mailbox {eid.mailbox_dn!r}")
        if mailbox is not user:
            if not eid.flags & OPENSTORE_USE_ADMIN_PRIVILEGE:
                raise fail("MAPI_E_UNCONFIGURED", ec="ecProfileNotConfigured", component="EMSMDB",
                           detail=f"{mailbox.alias} is not {user.alias}'s own mailbox and the entry id "
                                  f"lacks OPENSTORE_USE_ADMIN_PRIVILEGE")
            if not mailbox.allows(user):
                ec = self.world.preset.access_denied_ec
                raise fail(_ACCESS_DENIED[ec], ec=ec, component="EMSMDB",
                           detail=f"{user.alias} has no rights on {mailbox.alias}'s mailbox")
        return self.store_of(mailbox)
