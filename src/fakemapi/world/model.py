"""The server side as configured: organization, servers, mailboxes, rights, profiles, limits.

A :class:`World` is a value: loading the same file twice gives equal worlds, and nothing in it
changes while a fake runs. Run-time server state (open server sessions, store contents written
by clients) lives in :mod:`fakemapi.world.server`, made fresh for each install.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator

import attrs

from fakemapi.world.presets import Preset
from fakemapi.world.specs import DeliverySpec, FolderSpec, NamedPropSpec

#: Namespace for the deterministic GUIDs of mailboxes and servers (R14).
GUID_NAMESPACE = uuid.UUID("6b1f0f4e-3c1d-5d7a-9a51-fa6e0a0a0a01")

PRIVATE_MDB = "Microsoft Private MDB"
PUBLIC_MDB = "Microsoft Public MDB"


def dn_key(dn: str) -> str:
    """DNs compare case-insensitively, as in Exchange."""
    return dn.lower()


@attrs.frozen
class Organization:
    name: str = "Contoso"
    site: str = "HQ"

    @property
    def dn(self) -> str:
        return f"/o={self.name}/ou={self.site}"


@attrs.frozen
class Server:
    name: str
    org: Organization

    @property
    def dn(self) -> str:
        return f"{self.org.dn}/cn=Configuration/cn=Servers/cn={self.name}"

    @property
    def private_mdb_dn(self) -> str:
        return f"{self.dn}/cn={PRIVATE_MDB}"

    @property
    def public_mdb_dn(self) -> str:
        return f"{self.dn}/cn={PUBLIC_MDB}"

    @property
    def guid(self) -> uuid.UUID:
        return uuid.uuid5(GUID_NAMESPACE, "server:" + dn_key(self.dn))


@attrs.frozen
class Mailbox:
    alias: str
    display_name: str
    server: str
    dn: str
    smtp: str
    #: "admin" may open every mailbox with admin privilege and is exempt from the session cap.
    rights: str = "user"
    #: lower-case aliases of accounts with full access to this mailbox.
    grant: frozenset[str] = frozenset()
    #: the contents the world file gives it (not part of equality)
    folders: tuple[FolderSpec, ...] = attrs.field(default=(), eq=False, repr=False)
    named_props: tuple[NamedPropSpec, ...] = attrs.field(default=(), eq=False, repr=False)
    #: :attr:`guid`, once computed (a uuid5: a SHA-1 each time otherwise)
    _guid: uuid.UUID | None = attrs.field(default=None, init=False, eq=False, repr=False)

    @property
    def is_admin(self) -> bool:
        return self.rights == "admin"

    @property
    def guid(self) -> uuid.UUID:
        guid = self._guid
        if guid is None:
            guid = uuid.uuid5(GUID_NAMESPACE, "mailbox:" + dn_key(self.dn))
            object.__setattr__(self, "_guid", guid)
        return guid

    def allows(self, account: Mailbox) -> bool:
        """R10: may ``account`` open this mailbox (given admin privilege on the entry id)?"""
        return account is self or account.is_admin or account.alias.lower() in self.grant


@attrs.frozen
class DistList:
    """A distribution list of the directory (``distribution_lists`` in a world file): the
    address book shows it beside the mailboxes; ``members`` are mailbox or list aliases."""

    alias: str
    display_name: str
    dn: str
    smtp: str
    members: tuple[str, ...] = ()


@attrs.frozen
class ProfileSpec:
    name: str
    mailbox: str  # alias of the profile's own mailbox
    default: bool = False
    connect_flags: int = 0


@attrs.frozen
class EmsmdbSettings:
    #: R1: LogonIds never handed out.
    reserved_logon_ids: frozenset[int] = frozenset({0xFF})
    #: R2: "process" (one shared connection per server per process) or "session".
    connection_scope: str = "process"
    #: R6: "refcount" (logon lives while any object of it does) or "store-only" (OpenChange).
    release_rule: str = "refcount"
    #: R14: virtual cost of an EcDoConnectEx and of one ROP round trip, in microseconds.
    connect_cost_us: int = 20_000
    rop_cost_us: int = 1_000

    @property
    def usable_logon_ids(self) -> int:
        return 256 - len(self.reserved_logon_ids)


@attrs.frozen
class Limits:
    sessions_per_user: int | None
    objects_per_session: dict[str, int]


@attrs.frozen(eq=False)
class World:
    """The server side: build it with :meth:`load`, :meth:`from_dict` or :meth:`default`."""

    organization: Organization
    preset: Preset
    servers: dict[str, Server]  # by lower-case name
    mailboxes: tuple[Mailbox, ...]
    profiles: tuple[ProfileSpec, ...]
    emsmdb: EmsmdbSettings
    limits: Limits
    #: the file it came from, for messages; None for from_dict / default.
    source: str | None = None
    #: mail delivered in virtual time while a program runs (``deliveries`` in a world file)
    deliveries: tuple[DeliverySpec, ...] = ()
    #: distribution lists of the directory (``distribution_lists`` in a world file)
    distribution_lists: tuple[DistList, ...] = ()
    _by_dn: dict[str, Mailbox] = attrs.field(init=False, repr=False)
    _by_alias: dict[str, Mailbox] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_dn", {dn_key(m.dn): m for m in self.mailboxes})
        object.__setattr__(self, "_by_alias", {m.alias.lower(): m for m in self.mailboxes})

    # --- construction ------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | object) -> World:
        """Read a world YAML file; a malformed one raises :class:`fakemapi.WorldError`."""
        from fakemapi.world.loader import load_file

        return load_file(str(path))

    @classmethod
    def from_dict(cls, data: object, *, source: str | None = None) -> World:
        """Build a world from the same data a world file holds."""
        from fakemapi.world.loader import build

        return build(data, source=source)

    @classmethod
    def default(cls) -> World:
        """The embedded default world (see the README)."""
        from fakemapi.world.loader import load_default

        return load_default()

    # --- queries -----------------------------------------------------------------------
    def mailbox_by_dn(self, dn: str) -> Mailbox | None:
        return self._by_dn.get(dn_key(dn))

    def mailbox(self, alias: str) -> Mailbox:
        """The mailbox with this alias (case-insensitive); KeyError names it when unknown."""
        try:
            return self._by_alias[alias.lower()]
        except KeyError:
            raise KeyError(f"no mailbox with alias {alias!r} in this world") from None

    def find_mailbox(self, alias_or_dn: str) -> Mailbox | None:
        return self._by_alias.get(alias_or_dn.lower()) or self._by_dn.get(dn_key(alias_or_dn))

    def server(self, name: str) -> Server | None:
        return self.servers.get(name.lower())

    def server_by_dn(self, dn: str) -> Server | None:
        """The server a server or MDB DN names (``.../cn=Servers/cn=EX01[/cn=...]``)."""
        parts = [p for p in dn.split("/") if p]
        for i, part in enumerate(parts):
            if part.lower() == "cn=servers" and i + 1 < len(parts):
                key, _, value = parts[i + 1].partition("=")
                if key.lower() == "cn":
                    server = self.servers.get(value.lower())
                    if server is not None and dn_key("/" + "/".join(parts[: i + 2])) == dn_key(server.dn):
                        return server
        return None

    def profile(self, name: str) -> ProfileSpec | None:
        for p in self.profiles:
            if p.name.lower() == name.lower():
                return p
        return None

    def __iter__(self) -> Iterator[Mailbox]:
        return iter(self.mailboxes)

    def __len__(self) -> int:
        return len(self.mailboxes)

    def mailboxes_on(self, server: str) -> Iterable[Mailbox]:
        return (m for m in self.mailboxes if m.server.lower() == server.lower())
