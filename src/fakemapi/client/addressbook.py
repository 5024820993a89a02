"""The address book of an Exchange profile: the root container, its containers, and their
contents (the world's mailboxes and distribution lists).

``IAddrBook::OpenEntry(None)`` opens the root container. Its hierarchy table lists what the
Exchange address book provider shows (inferred from Outlook's address book on an Exchange
profile): the Global Address List, and All Address Lists with All Users, All Groups and All
Contacts under it. The GAL holds every mailbox and distribution list, All Users the mailboxes,
All Groups the lists; All Contacts is empty (the world has no mail contacts). The root has no
contents table. Containers' entry ids carry fakemapi's own DNs (``/fakemapi/ab/...``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from fakemapi import tags as t
from fakemapi.hresult import fail
from fakemapi.props import Bag, make_bag
from fakemapi.world.entryid import ab_display_type, ab_entryid, parse_ab_entryid

if TYPE_CHECKING:
    from fakemapi.world.model import DistList, Mailbox, World

#: MAPIDefS.h object and display types, container flags
MAPI_ABCONT = 4
MAPI_MAILUSER = 6
MAPI_DISTLIST = 8
DT_MAILUSER = 0x0
DT_DISTLIST = 0x1
DT_CONTAINER = 0x100
DT_GLOBAL = 0x20000
AB_RECIPIENTS = 0x1
AB_SUBCONTAINERS = 0x2
AB_UNMODIFIABLE = 0x8
CONVENIENT_DEPTH = 0x1
PR_SMTP_ADDRESS = 0x39FE001F
#: PidTagAccount (MS-OXOABK 2.2.3.20): "an Address Book object's alias"
PR_ACCOUNT = t.tag("PR_ACCOUNT")
#: PidTagAddressBookProxyAddresses (MS-OXOABK 2.2.3.23, MS-OXPROPS 2.565: 0x800F, PtypMultipleString)
PR_EMS_AB_PROXY_ADDRESSES = 0x800F101F
PR_CONTAINER_FLAGS = t.tag("PR_CONTAINER_FLAGS")


@attrs.frozen
class Container:
    key: str
    display_name: str
    display_type: int
    #: what it lists: "all", "users", "groups", "contacts", or "" (no recipients)
    holds: str
    children: tuple[str, ...] = ()

    @property
    def dn(self) -> str:
        return f"/fakemapi/ab/{self.key}" if self.key else ""

    @property
    def entryid(self) -> bytes:
        return ab_entryid(self.dn, self.display_type)

    @property
    def flags(self) -> int:
        return (AB_RECIPIENTS if self.holds else 0) | (AB_SUBCONTAINERS if self.children else 0) | AB_UNMODIFIABLE


CONTAINERS: dict[str, Container] = {c.key: c for c in (
    Container("", "", DT_CONTAINER, "", ("gal", "all-address-lists")),
    Container("gal", "Global Address List", DT_GLOBAL, "all"),
    Container("all-address-lists", "All Address Lists", DT_CONTAINER, "", ("all-users", "all-groups", "all-contacts")),
    Container("all-users", "All Users", DT_CONTAINER, "users"),
    Container("all-groups", "All Groups", DT_CONTAINER, "groups"),
    Container("all-contacts", "All Contacts", DT_CONTAINER, "contacts"),
)}
ROOT = CONTAINERS[""]


def container_bag(c: Container, depth: int | None = None) -> Bag:
    pairs: list[tuple[int, Any]] = [
        (t.PR_ENTRYID, c.entryid), (t.PR_DISPLAY_NAME, c.display_name), (t.PR_OBJECT_TYPE, MAPI_ABCONT),
        (t.PR_DISPLAY_TYPE, c.display_type), (PR_CONTAINER_FLAGS, c.flags),
        (t.PR_INSTANCE_KEY, c.entryid[-8:]), (t.PR_RECORD_KEY, c.entryid),
    ]
    if depth is not None:
        pairs.append((t.PR_DEPTH, depth))
    return make_bag(pairs)


def hierarchy(c: Container, convenient: bool) -> list[Bag]:
    """A container's hierarchy table: its children (and theirs, with CONVENIENT_DEPTH)."""
    out: list[Bag] = []

    def walk(node: Container, depth: int) -> None:
        for key in node.children:
            child = CONTAINERS[key]
            out.append(container_bag(child, depth))
            if convenient:
                walk(child, depth + 1)

    walk(c, 0)
    return out


def mailuser_bag(m: Mailbox) -> Bag:
    eid = ab_entryid(m.dn, DT_MAILUSER)
    return make_bag([
        (t.PR_ENTRYID, eid), (t.PR_DISPLAY_NAME, m.display_name), (t.PR_EMAIL_ADDRESS, m.dn),
        (t.PR_ADDRTYPE, "EX"), (PR_SMTP_ADDRESS, m.smtp), (t.PR_OBJECT_TYPE, MAPI_MAILUSER),
        (t.PR_DISPLAY_TYPE, DT_MAILUSER), (t.PR_INSTANCE_KEY, eid[-8:]), (t.PR_RECORD_KEY, eid),
        (t.PR_SEARCH_KEY, ("EX:" + m.dn).upper().encode("ascii", "replace") + b"\0"),
        (PR_ACCOUNT, m.alias), (PR_EMS_AB_PROXY_ADDRESSES, _proxy_addresses(m.smtp)),
    ])


def _proxy_addresses(smtp: str) -> tuple[str, ...]:
    """Each string "prefixed by an e-mail type, followed by a colon"; "the first string
    starting with the uppercase string "SMTP:" MUST match the PidTagSmtpAddress property"
    (MS-OXOABK 2.2.3.23). The world gives one address per object: the primary one."""
    return ("SMTP:" + smtp,)


def distlist_bag(d: DistList) -> Bag:
    eid = ab_entryid(d.dn, DT_DISTLIST)
    return make_bag([
        (t.PR_ENTRYID, eid), (t.PR_DISPLAY_NAME, d.display_name), (t.PR_EMAIL_ADDRESS, d.dn),
        (t.PR_ADDRTYPE, "EX"), (PR_SMTP_ADDRESS, d.smtp), (t.PR_OBJECT_TYPE, MAPI_DISTLIST),
        (t.PR_DISPLAY_TYPE, DT_DISTLIST), (t.PR_INSTANCE_KEY, eid[-8:]), (t.PR_RECORD_KEY, eid),
        (t.PR_SEARCH_KEY, ("EX:" + d.dn).upper().encode("ascii", "replace") + b"\0"),
        (PR_ACCOUNT, d.alias), (PR_EMS_AB_PROXY_ADDRESSES, _proxy_addresses(d.smtp)),
    ])


def _by_name(bags: list[Bag]) -> list[Bag]:
    return sorted(bags, key=lambda b: str(b[t.PR_DISPLAY_NAME >> 16][1]).lower())


def contents(world: World, c: Container) -> list[Bag]:
    """A container's contents table rows, by display name, as the directory sorts them."""
    if not c.holds:
        raise fail("MAPI_E_NO_SUPPORT", detail=f"the {c.display_name or 'root'} container has no contents table")
    bags: list[Bag] = []
    if c.holds in ("all", "users"):
        bags += [mailuser_bag(m) for m in world.mailboxes]
    if c.holds in ("all", "groups"):
        bags += [distlist_bag(d) for d in world.distribution_lists]
    return _by_name(bags)


def members(world: World, d: DistList) -> list[Bag]:
    """A distribution list's contents table: its members."""
    lists = {x.alias.lower(): x for x in world.distribution_lists}
    bags: list[Bag] = []
    for name in d.members:
        mailbox = world.find_mailbox(name)
        if mailbox is not None:
            bags.append(mailuser_bag(mailbox))
        elif name.lower() in lists:
            bags.append(distlist_bag(lists[name.lower()]))
    return bags


def lookup(world: World, entryid: bytes) -> tuple[str, Any]:
    """What an address-book entry id names: ("container", Container), ("mailuser", Mailbox) or
    ("distlist", DistList); MAPI_E_UNKNOWN_ENTRYID / MAPI_E_NOT_FOUND otherwise."""
    dn = parse_ab_entryid(entryid)
    kind = ab_display_type(entryid)
    if dn == "" or dn.startswith("/fakemapi/ab/"):
        c = CONTAINERS.get(dn[len("/fakemapi/ab/"):] if dn else "")
        if c is None:
            raise fail("MAPI_E_UNKNOWN_ENTRYID", detail=f"no address-book container {dn!r}")
        return "container", c
    if kind == DT_DISTLIST:
        for d in world.distribution_lists:
            if d.dn.lower() == dn.lower():
                return "distlist", d
    mailbox = world.mailbox_by_dn(dn)
    if mailbox is not None:
        return "mailuser", mailbox
    for d in world.distribution_lists:
        if d.dn.lower() == dn.lower():
            return "distlist", d
    raise fail("MAPI_E_NOT_FOUND", detail=f"no address-book entry {dn!r}")
