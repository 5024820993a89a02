"""MAPI profiles as the machine keeps them: services and profile sections.

Profiles live in the (simulated) registry, so every simulated process sees the same ones.
The Exchange service (MSEMS) keeps its settings in the global profile section
(``pbGlobalProfileSectionGuid``); PR_PROFILE_CONNECT_FLAGS saved there governs R3 for
connections made afterwards.
"""

from __future__ import annotations

import uuid
from typing import Any

from fakemapi import tags as t
from fakemapi.hresult import fail
from fakemapi.props import Bag, make_bag, read_one
from fakemapi.world.model import GUID_NAMESPACE, Mailbox, World

GLOBAL_SECTION = uuid.UUID("{C8B0DB13-05AA-1A10-9BB0-00AA002FC45A}")
EXCHANGE_SERVICE = "MSEMS"
KNOWN_SERVICES = {"MSEMS": "Microsoft Exchange Server", "MSPST MS": "Personal Folders",
                  "MSUPST MS": "Personal Folders", "CONTAB": "Outlook Address Book"}


class Service:
    __slots__ = ("uid", "name", "display_name")

    def __init__(self, uid: uuid.UUID, name: str, display_name: str) -> None:
        self.uid = uid
        self.name = name
        self.display_name = display_name


class Profile:
    __slots__ = ("name", "services", "sections", "_serial")

    def __init__(self, name: str) -> None:
        self.name = name
        self.services: dict[uuid.UUID, Service] = {}
        self.sections: dict[uuid.UUID, Bag] = {GLOBAL_SECTION: make_bag([(t.PR_PROFILE_NAME, name)])}
        self._serial = 0

    def add_service(self, name: str, display_name: str | None) -> Service:
        self._serial += 1
        uid = uuid.uuid5(GUID_NAMESPACE, f"service:{self.name.lower()}:{self._serial}")
        service = Service(uid, name, display_name or KNOWN_SERVICES.get(name, name))
        self.services[uid] = service
        if name != EXCHANGE_SERVICE:
            self.sections[uid] = make_bag([(t.PR_SERVICE_NAME, name)])
        return service

    def section(self, uid: uuid.UUID, create: bool = False) -> Bag:
        """The saved bag of section ``uid``; MSEMS's own section is the global one."""
        service = self.services.get(uid)
        if service is not None and service.name == EXCHANGE_SERVICE:
            uid = GLOBAL_SECTION
        bag = self.sections.get(uid)
        if bag is None:
            if not create:
                raise fail("MAPI_E_NOT_FOUND", detail=f"no profile section {{{str(uid).upper()}}}")
            bag = self.sections[uid] = {}
        return bag

    @property
    def global_section(self) -> Bag:
        return self.sections[GLOBAL_SECTION]

    def has_exchange(self) -> bool:
        return any(s.name == EXCHANGE_SERVICE for s in self.services.values())

    def connect_flags(self) -> int:
        """PR_PROFILE_CONNECT_FLAGS as saved in the global section (0 when absent)."""
        entry = self.sections[GLOBAL_SECTION].get(t.PR_PROFILE_CONNECT_FLAGS >> 16)
        return int(entry[1]) if entry is not None and entry[0] == t.PR_PROFILE_CONNECT_FLAGS else 0

    def exchange_user(self, world: World) -> Mailbox:
        """The account the profile's Exchange service logs on as (MAPILogonEx's view)."""
        if not self.has_exchange():
            raise fail("MAPI_E_UNCONFIGURED", component="MAPI",
                       detail=f"profile {self.name!r} has no Exchange service (CreateMsgService 'MSEMS')")
        user = read_one(self.global_section, t.PR_PROFILE_USER)
        home = read_one(self.global_section, t.PR_PROFILE_HOME_SERVER)
        if not user or not home:
            raise fail("MAPI_E_UNCONFIGURED", component="EMSMDB",
                       detail=f"profile {self.name!r}: the Exchange service needs PR_PROFILE_USER and "
                              f"PR_PROFILE_HOME_SERVER (ConfigureMsgService)")
        mailbox = world.find_mailbox(_text(user))
        if mailbox is None:
            raise fail("MAPI_E_LOGON_FAILED", ec="ecUnknownUser", component="EMSMDB",
                       detail=f"profile {self.name!r}: no mailbox {_text(user)!r} in this world")
        return mailbox


def _text(value: Any) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


class ProfileStore:
    """All profiles of the machine, and which one is the default."""

    __slots__ = ("profiles", "default")

    def __init__(self, world: World) -> None:
        self.profiles: dict[str, Profile] = {}
        self.default: str | None = None
        for spec in world.profiles:
            mailbox = world.mailbox(spec.mailbox)
            server = world.servers[mailbox.server.lower()]
            profile = self.create(spec.name)
            profile.add_service(EXCHANGE_SERVICE, None)
            profile.global_section.update(make_bag([
                (t.PR_PROFILE_USER, mailbox.dn),
                (t.PR_PROFILE_HOME_SERVER, server.name),
                (t.PR_PROFILE_HOME_SERVER_DN, server.dn),
                (t.PR_PROFILE_CONNECT_FLAGS, spec.connect_flags),
            ]))
            if spec.default:
                self.default = spec.name

    def get(self, name: str) -> Profile | None:
        return self.profiles.get(name.lower())

    def create(self, name: str) -> Profile:
        if not name:
            raise fail("MAPI_E_INVALID_PARAMETER", detail="a profile needs a name")
        if name.lower() in self.profiles:
            raise fail("MAPI_E_NO_ACCESS", detail=f"profile {name!r} already exists")
        profile = self.profiles[name.lower()] = Profile(name)
        return profile

    def delete(self, name: str) -> None:
        if self.profiles.pop(name.lower(), None) is None:
            raise fail("MAPI_E_NOT_FOUND", detail=f"no profile {name!r}")
        if self.default and self.default.lower() == name.lower():
            self.default = None

    def set_default(self, name: str | None) -> None:
        if name is not None and self.get(name) is None:
            raise fail("MAPI_E_NOT_FOUND", detail=f"no profile {name!r}")
        self.default = self.get(name).name if name is not None else None  # type: ignore[union-attr]

    def rows(self) -> list[Bag]:
        default = (self.default or "").lower()
        return [make_bag([(t.PR_DISPLAY_NAME, p.name), (t.PR_DEFAULT_PROFILE, p.name.lower() == default)])
                for p in sorted(self.profiles.values(), key=lambda p: p.name.lower())]
