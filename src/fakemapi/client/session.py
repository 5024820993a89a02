"""A MAPI session: the profile it logged on with, the account, and the stores it opens."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakemapi import tags as t
from fakemapi.client.profiles import Profile
from fakemapi.emsmdb.connection import Logon
from fakemapi.hresult import MapiError, fail
from fakemapi.props import Bag, make_bag
from fakemapi.world.entryid import (
    ab_entryid,
    is_ab_entryid,
    is_folder_entryid,
    is_message_entryid,
    is_store_entryid,
    parse_ab_entryid,
    parse_folder_entryid,
    parse_message_entryid,
    parse_store_entryid,
    store_entryid,
)
from fakemapi.world.model import Mailbox
from fakemapi.world.server import OPENSTORE_HOME_LOGON, OPENSTORE_PUBLIC, OPENSTORE_TAKE_OWNERSHIP
from fakemapi.world.store import PRIVATE_PROVIDER, PUBLIC_PROVIDER

if TYPE_CHECKING:
    from fakemapi.client.process import ClientProcess

PR_SMTP_ADDRESS = 0x39FE001F
STATUS_DEFAULT_STORE = 0x2
MAPI_STORE = 1
MAPI_MAILUSER = 6
MAPI_DISTLIST = 8
DT_DISTLIST = 1


class Session:
    __slots__ = ("id", "process", "profile", "account", "alive", "last_errors")

    def __init__(self, sid: int, process: ClientProcess, profile: Profile, account: Mailbox) -> None:
        self.id = sid
        self.process = process
        self.profile = profile
        self.account = account
        self.alive = True
        #: the last error of each HRESULT, for GetLastError
        self.last_errors: dict[int, MapiError] = {}

    # --- stores -----------------------------------------------------------------------------
    @property
    def home_server(self) -> Any:
        return self.process.runtime.world.servers[self.account.server.lower()]

    def default_store_entryid(self) -> bytes:
        return store_entryid(self.home_server.name, self.account.dn,
                             OPENSTORE_HOME_LOGON | OPENSTORE_TAKE_OWNERSHIP)

    def public_store_entryid(self) -> bytes:
        return store_entryid(self.home_server.name, "", OPENSTORE_PUBLIC)

    def stores_rows(self) -> list[Bag]:
        """Rows of GetMsgStoresTable: the own mailbox (default) and the public folders."""
        own, public = self.default_store_entryid(), self.public_store_entryid()
        return [
            make_bag([(t.PR_ENTRYID, own), (t.PR_DISPLAY_NAME, f"Mailbox - {self.account.display_name}"),
                      (t.PR_DEFAULT_STORE, True), (t.PR_MDB_PROVIDER, PRIVATE_PROVIDER),
                      (t.PR_RESOURCE_FLAGS, STATUS_DEFAULT_STORE), (t.PR_OBJECT_TYPE, MAPI_STORE),
                      (t.PR_PROVIDER_DISPLAY, "Microsoft Exchange Message Store"),
                      (t.PR_RECORD_KEY, self.account.guid.bytes_le),
                      (t.PR_INSTANCE_KEY, (1).to_bytes(4, "little"))]),
            make_bag([(t.PR_ENTRYID, public), (t.PR_DISPLAY_NAME, "Public Folders"),
                      (t.PR_DEFAULT_STORE, False), (t.PR_MDB_PROVIDER, PUBLIC_PROVIDER),
                      (t.PR_RESOURCE_FLAGS, 0), (t.PR_OBJECT_TYPE, MAPI_STORE),
                      (t.PR_PROVIDER_DISPLAY, "Microsoft Exchange Message Store"),
                      (t.PR_RECORD_KEY, self.home_server.guid.bytes_le),
                      (t.PR_INSTANCE_KEY, (2).to_bytes(4, "little"))]),
        ]

    def open_store(self, entryid: bytes) -> Logon:
        """OpenMsgStore: every success is a new logon, even of a store already open."""
        return self.process.emsmdb.open_store(self, self.id, self.account, self.profile.connect_flags(), entryid)

    def logon_for_folder(self, entryid: bytes) -> Logon:
        """session.OpenEntry on a folder (or message) id goes through a store this session has open."""
        if is_message_entryid(entryid):
            guid = parse_message_entryid(entryid).store_guid
        else:
            guid = parse_folder_entryid(entryid).store_guid
        found = None
        for conn in self.process.emsmdb.connections.values():
            for logon in conn.logons.values():
                if logon.session is self and logon.alive and logon.store.guid == guid:
                    if logon.writable:
                        return logon
                    found = found or logon  # a read-only store only if it is the one open
        if found is not None:
            return found
        raise fail("MAPI_E_UNKNOWN_ENTRYID", detail="the entry id's store is not open in this session")

    def logon_for_store(self, entryid: bytes) -> Logon:
        """A logon of this session on the store ``entryid`` names (session.Advise)."""
        wanted = parse_store_entryid(entryid).identity()
        for conn in self.process.emsmdb.connections.values():
            for logon in conn.logons.values():
                if logon.session is self and logon.alive and \
                        parse_store_entryid(logon.entryid).identity() == wanted:
                    return logon
        raise fail("MAPI_E_UNKNOWN_ENTRYID", detail="the store is not open in this session")

    # --- identity and entry ids ------------------------------------------------------------
    def identity(self) -> bytes:
        return ab_entryid(self.account.dn)

    def classify(self, entryid: bytes) -> str:
        if is_store_entryid(entryid):
            return "store"
        if is_folder_entryid(entryid):
            return "folder"
        if is_message_entryid(entryid):
            return "message"
        if is_ab_entryid(entryid):
            return "mailuser"
        if len(entryid) < 20:
            # too short to hold the 4 flag bytes and the provider's MAPIUID MAPI routes by
            raise fail("MAPI_E_INVALID_ENTRYID", detail="the entry id is too short to name a provider")
        # IMAPISession::OpenEntry / CompareEntryIDs: MAPI_E_UNKNOWN_ENTRYID, the entry id is not
        # recognized: no provider in the profile claims its MAPIUID
        raise fail("MAPI_E_UNKNOWN_ENTRYID", detail="no provider of the profile knows this entry id")

    def same_object(self, a: bytes, b: bytes) -> bool:
        """CompareEntryIDs: do both ids name the same object? Flags in store ids do not count."""
        kind_a, kind_b = self.classify(a), self.classify(b)
        if kind_a != kind_b:
            return False
        if kind_a == "store":
            return parse_store_entryid(a).identity() == parse_store_entryid(b).identity()
        if kind_a == "mailuser":
            return parse_ab_entryid(a).lower() == parse_ab_entryid(b).lower()
        return a == b

    def mailuser_bag(self, entryid: bytes) -> Bag:
        dn = parse_ab_entryid(entryid)
        mailbox = self.process.runtime.world.mailbox_by_dn(dn)
        if mailbox is None:
            raise fail("MAPI_E_NOT_FOUND", detail=f"no address-book entry {dn!r}")
        return make_bag([(t.PR_ENTRYID, ab_entryid(mailbox.dn)), (t.PR_DISPLAY_NAME, mailbox.display_name),
                         (t.PR_EMAIL_ADDRESS, mailbox.dn), (t.PR_ADDRTYPE, "EX"),
                         (t.PR_OBJECT_TYPE, MAPI_MAILUSER), (t.PR_DISPLAY_TYPE, 0)])

    def resolve(self, name: str) -> Bag:
        """ResolveName of one display name: a world mailbox by alias, SMTP address, legacy DN or
        display name (exact, else a unique prefix of the display name or alias), or a one-off
        SMTP recipient for ``someone@domain``. None found: MAPI_E_NOT_FOUND; several:
        MAPI_E_AMBIGUOUS_RECIP."""
        server = self.process.runtime.server
        text = name.strip()
        found = server.find_address(text)
        if found is None:
            mailboxes = self.process.runtime.world.mailboxes
            exact = [m for m in mailboxes if m.display_name.lower() == text.lower()]
            if not exact:
                exact = [m for m in mailboxes if m.display_name.lower().startswith(text.lower())
                         or m.alias.lower().startswith(text.lower())] if text else []
            if len(exact) > 1:
                raise fail("MAPI_E_AMBIGUOUS_RECIP", detail=f"{name!r} matches {len(exact)} entries")
            found = exact[0] if exact else None
        if found is not None:
            return make_bag([(t.PR_ENTRYID, ab_entryid(found.dn)), (t.PR_DISPLAY_NAME, found.display_name),
                             (t.PR_EMAIL_ADDRESS, found.dn), (t.PR_ADDRTYPE, "EX"), (PR_SMTP_ADDRESS, found.smtp),
                             (t.PR_OBJECT_TYPE, MAPI_MAILUSER), (t.PR_DISPLAY_TYPE, 0),
                             (t.PR_SEARCH_KEY, ("EX:" + found.dn).upper().encode("ascii", "replace") + b"\0")])
        for dl in self.process.runtime.world.distribution_lists:
            if text.lower() in (dl.alias.lower(), dl.display_name.lower(), dl.smtp.lower(), dl.dn.lower()):
                return make_bag([(t.PR_ENTRYID, ab_entryid(dl.dn, DT_DISTLIST)), (t.PR_DISPLAY_NAME, dl.display_name),
                                 (t.PR_EMAIL_ADDRESS, dl.dn), (t.PR_ADDRTYPE, "EX"), (PR_SMTP_ADDRESS, dl.smtp),
                                 (t.PR_OBJECT_TYPE, MAPI_DISTLIST), (t.PR_DISPLAY_TYPE, DT_DISTLIST),
                                 (t.PR_SEARCH_KEY, ("EX:" + dl.dn).upper().encode("ascii", "replace") + b"\0")])
        if "@" in text and " " not in text:
            return make_bag([(t.PR_DISPLAY_NAME, text), (t.PR_EMAIL_ADDRESS, text), (t.PR_ADDRTYPE, "SMTP"),
                             (PR_SMTP_ADDRESS, text), (t.PR_OBJECT_TYPE, MAPI_MAILUSER), (t.PR_DISPLAY_TYPE, 0),
                             (t.PR_SEARCH_KEY, ("SMTP:" + text).upper().encode("ascii", "replace") + b"\0")])
        raise fail("MAPI_E_NOT_FOUND", detail=f"nothing in the address book matches {name!r}")

    def remember(self, error: MapiError) -> None:
        self.last_errors[error.hr] = error
