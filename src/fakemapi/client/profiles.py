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


#: MAPIDefS.h resource types
MAPI_STORE_PROVIDER = 33
MAPI_AB_PROVIDER = 35
MAPI_TRANSPORT_PROVIDER = 36
#: MAPIDefS.h PR_RESOURCE_FLAGS bits of providers
STATUS_DEFAULT_STORE = 0x2
STATUS_PRIMARY_IDENTITY = 0x4
STATUS_PRIMARY_STORE = 0x1000
STATUS_NO_DEFAULT_STORE = 0x40000

#: (section, display name, provider display, DLL, resource type, resource flags) of each
#: service's providers. MSEMS after KB 294470's MAPISVC.INF ("Providers=EMS_DSA, EMS_MDB_public,
#: EMS_MDB_private, EMS_RXP, EMS_MSX, EMS_Hook"; the store sections' DLL, types and flags are the
#: article's); fakemapi lists the directory (address book), both stores and the Exchange transport.
#: The EMS_DSA and EMS_MSX display names and DLLs are inferred (EMSABP.DLL and EMSMDB.DLL are the
#: article's PR_SERVICE_SUPPORT_FILES).
PROVIDERS: dict[str, tuple[tuple[str, str, str, str, int, int], ...]] = {
    "MSEMS": (
        ("EMS_DSA", "Microsoft Exchange Directory Service", "Microsoft Exchange Directory Service",
         "EMSABP.DLL", MAPI_AB_PROVIDER, 0),
        ("EMS_MDB_public", "Public Folders", "Microsoft Exchange Message Store", "EMSMDB.DLL",
         MAPI_STORE_PROVIDER, STATUS_NO_DEFAULT_STORE),
        ("EMS_MDB_private", "Private Folders", "Microsoft Exchange Message Store", "EMSMDB.DLL",
         MAPI_STORE_PROVIDER, STATUS_PRIMARY_IDENTITY | STATUS_DEFAULT_STORE | STATUS_PRIMARY_STORE),
        ("EMS_MSX", "Microsoft Exchange Transport", "Microsoft Exchange Transport", "EMSMDB.DLL",
         MAPI_TRANSPORT_PROVIDER, 0),
    ),
    "MSPST MS": (("MSPST MS", "Personal Folders", "Personal Folders", "MSPST.DLL", MAPI_STORE_PROVIDER, 0),),
    "MSUPST MS": (("MSUPST MS", "Personal Folders", "Personal Folders", "MSPST.DLL", MAPI_STORE_PROVIDER, 0),),
    "CONTAB": (("CONTAB", "Outlook Address Book", "Outlook Address Book", "CONTAB.DLL", MAPI_AB_PROVIDER, 0),),
}


class Provider:
    """One service provider of a message service (a row of the provider table)."""

    __slots__ = ("uid", "section", "display_name", "provider_display", "dll", "resource_type",
                 "resource_flags")

    def __init__(self, uid: uuid.UUID, section: str, display_name: str, provider_display: str, dll: str,
                 resource_type: int, resource_flags: int) -> None:
        self.uid = uid
        self.section = section
        self.display_name = display_name
        self.provider_display = provider_display
        self.dll = dll
        self.resource_type = resource_type
        self.resource_flags = resource_flags


class Service:
    __slots__ = ("uid", "name", "display_name", "providers")

    def __init__(self, uid: uuid.UUID, name: str, display_name: str) -> None:
        self.uid = uid
        self.name = name
        self.display_name = display_name
        self.providers: list[Provider] = []


class Profile:
    __slots__ = ("name", "services", "sections", "_serial", "_global")

    def __init__(self, name: str) -> None:
        self.name = name
        self.services: dict[uuid.UUID, Service] = {}
        #: the global section's bag, made once and never replaced (a UUID key hashes in Python:
        #: OpenMsgStore reads the connect flags from here without the lookup)
        self._global = make_bag([(t.PR_PROFILE_NAME, name)])
        self.sections: dict[uuid.UUID, Bag] = {GLOBAL_SECTION: self._global}
        self._serial = 0

    def add_service(self, name: str, display_name: str | None) -> Service:
        self._serial += 1
        uid = uuid.uuid5(GUID_NAMESPACE, f"service:{self.name.lower()}:{self._serial}")
        service = Service(uid, name, display_name or KNOWN_SERVICES.get(name, name))
        self.services[uid] = service
        if name != EXCHANGE_SERVICE:
            self.sections[uid] = make_bag([(t.PR_SERVICE_NAME, name)])
        for entry in PROVIDERS.get(name, ()):
            self.add_provider(service, *entry)
        return service

    def add_provider(self, service: Service, section: str, display_name: str, provider_display: str, dll: str,
                     resource_type: int, resource_flags: int) -> Provider:
        """A provider of ``service``, with its own profile section (IProviderAdmin::CreateProvider)."""
        self._serial += 1
        uid = uuid.uuid5(GUID_NAMESPACE, f"provider:{self.name.lower()}:{self._serial}")
        provider = Provider(uid, section, display_name, provider_display, dll, resource_type, resource_flags)
        service.providers.append(provider)
        self.sections[uid] = make_bag([(t.PR_DISPLAY_NAME, display_name), (t.PR_PROVIDER_DISPLAY, provider_display),
                                       (t.tag("PR_PROVIDER_DLL_NAME"), dll), (t.PR_RESOURCE_TYPE, resource_type),
                                       (t.PR_RESOURCE_FLAGS, resource_flags), (t.PR_SERVICE_NAME, service.name),
                                       (t.PR_SERVICE_UID, service.uid.bytes_le),
                                       (t.tag("PR_PROVIDER_UID"), uid.bytes_le)])
        return provider

    def provider_rows(self, service: Service | None = None) -> list[Bag]:
        """The provider table: every provider of ``service`` (of every service if None), in order."""
        services = [service] if service is not None else list(self.services.values())
        rows: list[Bag] = []
        for svc in services:
            for ordinal, p in enumerate(svc.providers):
                rows.append(make_bag([
                    (t.PR_INSTANCE_KEY, p.uid.bytes_le[:4]), (t.PR_SERVICE_UID, svc.uid.bytes_le),
                    (t.tag("PR_PROVIDER_UID"), p.uid.bytes_le), (t.PR_RESOURCE_TYPE, p.resource_type),
                    (t.PR_DISPLAY_NAME, p.display_name), (t.PR_PROVIDER_DISPLAY, p.provider_display),
                    (t.tag("PR_PROVIDER_DLL_NAME"), p.dll), (t.PR_RESOURCE_FLAGS, p.resource_flags),
                    (t.tag("PR_PROVIDER_ORDINAL"), ordinal), (t.PR_SERVICE_NAME, svc.name),
                ]))
        return rows

    def copy(self, name: str) -> Profile:
        """The same services, providers and sections under another name (CopyProfile)."""
        other = Profile(name)
        other._serial = self._serial
        for uid, service in self.services.items():
            twin = Service(uid, service.name, service.display_name)
            twin.providers = list(service.providers)
            other.services[uid] = twin
        other.sections = {uid: dict(bag) for uid, bag in self.sections.items() if uid != GLOBAL_SECTION}
        # the global section's bag is made once and never replaced (global_section reads it)
        other._global.update(self._global)
        other._global[t.PR_PROFILE_NAME >> 16] = (t.PR_PROFILE_NAME, name)
        other.sections[GLOBAL_SECTION] = other._global
        return other

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
        return self._global

    def has_exchange(self) -> bool:
        return any(s.name == EXCHANGE_SERVICE for s in self.services.values())

    def connect_flags(self) -> int:
        """PR_PROFILE_CONNECT_FLAGS as saved in the global section (0 when absent)."""
        entry = self._global.get(t.PR_PROFILE_CONNECT_FLAGS >> 16)
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

    def copy(self, old: str, new: str) -> Profile:
        """IProfAdmin::CopyProfile: MAPI_E_NOT_FOUND for an unknown profile, MAPI_E_NO_ACCESS
        (the documented MAPI_E_ACCESS_DENIED, E_ACCESSDENIED) when the new name is taken."""
        source = self.get(old)
        if source is None:
            raise fail("MAPI_E_NOT_FOUND", detail=f"no profile {old!r}")
        if not new:
            raise fail("MAPI_E_INVALID_PARAMETER", detail="a profile needs a name")
        if new.lower() in self.profiles:
            raise fail("MAPI_E_NO_ACCESS", detail=f"profile {new!r} already exists")
        profile = self.profiles[new.lower()] = source.copy(new)
        return profile

    def rename(self, old: str, new: str) -> None:
        """IProfAdmin::RenameProfile (the default profile keeps being the default)."""
        was_default = self.default is not None and self.default.lower() == old.lower()
        self.copy(old, new)
        del self.profiles[old.lower()]
        if was_default:
            self.default = new

    def set_default(self, name: str | None) -> None:
        if name is not None and self.get(name) is None:
            raise fail("MAPI_E_NOT_FOUND", detail=f"no profile {name!r}")
        self.default = self.get(name).name if name is not None else None  # type: ignore[union-attr]

    def rows(self) -> list[Bag]:
        default = (self.default or "").lower()
        return [make_bag([(t.PR_DISPLAY_NAME, p.name), (t.PR_DEFAULT_PROFILE, p.name.lower() == default)])
                for p in sorted(self.profiles.values(), key=lambda p: p.name.lower())]
