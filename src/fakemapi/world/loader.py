"""World files (schema version 1): YAML in, a :class:`World` out, or a :class:`WorldError`.

Errors name the file, line and column of the offending value and what was expected. The YAML
is composed with PyYAML's C loader where present; values keep their source position so that
validation can point at them.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Mapping
from importlib import resources
from typing import Any, Callable

from fakemapi.safeformat import TemplateError, compile_template
from fakemapi.world.contents_loader import MESSAGE_KEYS, ContentsReader
from fakemapi.world.model import (
    DistList,
    EmsmdbSettings,
    Limits,
    Mailbox,
    Organization,
    ProfileSpec,
    Server,
    World,
)
from fakemapi.world.presets import DEFAULT_PRESET, OBJECT_TYPES, PRESETS
from fakemapi.world.specs import DeliverySpec, NamedPropSpec
from fakemapi.yamlsrc import Located, Path, SourceError, parse, read_text

SCHEMA_VERSION = 1
#: an Exchange alias: at most 64 of A-Z a-z 0-9 ! # $ % & ' * + - = ? ^ _ ` { | } ~, with periods only
#: between them (New-Mailbox -Alias; '/' is left out: it separates the parts of a DN)
_ALIAS = re.compile(r"[A-Za-z0-9!#$%&'*+\-=?^_`{|}~]+(?:\.[A-Za-z0-9!#$%&'*+\-=?^_`{|}~]+)*")
ALIAS_MAX = 64
#: organization, site and server names: letters, digits, hyphens and (organization only) spaces
_ORG_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9 \-]*[A-Za-z0-9])?")
_HOST_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?")
NAME_MAX = 64
#: the longest simulated connect or round trip (an hour), in milliseconds
MAX_COST_MS = 3_600_000
#: the most mailboxes one world may hold, generated or written out
MAX_MAILBOXES = 1_000_000
TOP_KEYS = ("schema_version", "organization", "server_preset", "servers", "mailboxes", "profiles", "emsmdb",
            "limits", "deliveries", "distribution_lists")


class WorldError(SourceError):
    """A world file or dict that does not describe a valid world."""

    default_source = "<world>"


def parse_yaml(text: str, source: str | None) -> tuple[Any, Located]:
    """Compose ``text`` and build its data, keeping positions. Syntax errors become WorldError."""
    return parse(text, source, WorldError, "expected a mapping with schema_version: 1")


def load_file(path: str) -> World:
    text = read_text(path, WorldError, "world file")
    data, located = parse_yaml(text, path)
    return _Builder(located).world(data)


def build(data: object, *, source: str | None = None) -> World:
    return _Builder(Located(source, WorldError)).world(data)


_DEFAULT: World | None = None


def load_default() -> World:
    global _DEFAULT  # a cache of an immutable value, not state
    if _DEFAULT is None:
        text = resources.files("fakemapi.world").joinpath("default.yaml").read_text(encoding="utf-8")
        data, located = parse_yaml(text, "fakemapi/world/default.yaml")
        _DEFAULT = _Builder(located).world(data)
    return _DEFAULT


class _Builder:
    def __init__(self, located: Located) -> None:
        self.loc = located
        #: (path, alias or address) of every sender and recipient, checked once all mailboxes are known
        self.addresses: list[tuple[Path, str]] = []
        self.contents = ContentsReader(self)

    # --- small typed readers ----------------------------------------------------------
    def kind(self, value: Any) -> str:
        return _kind(value)

    def fail(self, message: str, path: Path) -> SourceError:
        return self.loc.error(message, path)

    def mapping(self, value: Any, path: Path, allowed: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(f"expected a mapping with keys {', '.join(allowed)}; got {_kind(value)}", path)
        for key in value:
            if key not in allowed:
                raise self.loc.error(f"unknown key {key!r}; expected one of {', '.join(allowed)}",
                                     path + (key,), at_key=True)
        return value

    def string(self, value: Any, path: Path, *, default: str | None = None) -> str:
        if value is None and default is not None:
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int)) or value == "":
            raise self.fail(f"expected a non-empty string; got {_kind(value)}", path)
        return str(value)

    def integer(self, value: Any, path: Path, *, low: int = 0, high: int | None = None) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"expected an integer; got {_kind(value)}", path)
        if value < low or (high is not None and value > high):
            span = f"{low} to {high}" if high is not None else f"at least {low}"
            raise self.fail(f"expected an integer {span}; got {value}", path)
        return value

    def name(self, value: Any, path: Path, default: str | None, pattern: re.Pattern[str], what: str) -> str:
        """A name that goes into DNs and entry ids (organization, site, server): ASCII only, as
        Exchange has them; anything else is refused here rather than failing at logon."""
        text = self.string(value, path, default=default)
        if len(text) > NAME_MAX or not pattern.fullmatch(text):
            raise self.fail(f"{_short(text)} is not a name Exchange accepts: use at most {NAME_MAX} {what}, "
                            f"starting and ending with a letter or digit", path)
        return text

    def sequence(self, value: Any, path: Path) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(f"expected a list; got {_kind(value)}", path)
        return value

    def choice(self, value: Any, path: Path, choices: tuple[str, ...]) -> str:
        if value not in choices:
            raise self.fail(f"expected one of {', '.join(choices)}; got {value!r}", path)
        return str(value)

    # --- the schema -------------------------------------------------------------------
    def world(self, data: Any) -> World:
        # a file that is not a world at all: say so without quoting any of it
        if not isinstance(data, dict):
            raise self.fail(f"expected a mapping with keys {', '.join(TOP_KEYS)}; got {_kind_only(data)}", ())
        if "schema_version" not in data:
            raise self.fail("missing schema_version; expected schema_version: 1", ())
        if data["schema_version"] != SCHEMA_VERSION:
            shown = _version_text(data["schema_version"])
            raise self.fail(f"unsupported schema_version {shown}; this fakemapi reads "
                            f"version {SCHEMA_VERSION}", ("schema_version",))
        top = self.mapping(data, (), TOP_KEYS)
        org_data = self.mapping(top.get("organization") or {}, ("organization",), ("name", "site"))
        org = Organization(self.name(org_data.get("name"), ("organization", "name"), "Contoso", _ORG_NAME,
                                     "letters, digits, spaces and hyphens"),
                           self.name(org_data.get("site"), ("organization", "site"), "HQ", _HOST_NAME,
                                     "letters, digits and hyphens"))
        preset_name = self.choice(top.get("server_preset", DEFAULT_PRESET), ("server_preset",),
                                  tuple(PRESETS))
        preset = PRESETS[preset_name]
        servers = self.servers(top.get("servers"), org)
        mailboxes = self.mailboxes(top.get("mailboxes", []), org, servers)
        by_alias = {m.alias.lower(): m for m in mailboxes}
        profiles = self.profiles(top.get("profiles", []), by_alias)
        emsmdb = self.emsmdb(top.get("emsmdb") or {})
        limits = self.limits(top.get("limits") or {}, preset.sessions_per_user,
                             preset.objects_per_session)
        deliveries = self.deliveries(top.get("deliveries", []), by_alias)
        lists = self.distribution_lists(top.get("distribution_lists", []), org, by_alias)
        return World(org, preset, servers, tuple(mailboxes), tuple(profiles), emsmdb, limits,
                     source=self.loc.source, deliveries=deliveries, distribution_lists=lists)

    def distribution_lists(self, value: Any, org: Organization, by_alias: dict[str, Mailbox]) -> tuple[DistList, ...]:
        """``distribution_lists: [{alias: team, display_name: Team, members: [alice, bob]}]``."""
        out: list[DistList] = []
        entries = [(i, self.mapping(item, ("distribution_lists", i), ("alias", "display_name", "smtp", "members")))
                   for i, item in enumerate(self.sequence(value, ("distribution_lists",)))]
        names = {str(e.get("alias", "")).lower() for _, e in entries}
        for i, entry in entries:
            path: Path = ("distribution_lists", i)
            alias = self.string(entry.get("alias"), path + ("alias",))
            if "/" in alias or " " in alias:
                raise self.fail(f"alias {alias!r} may not contain '/' or spaces", path + ("alias",))
            if alias.lower() in by_alias or sum(1 for _, e in entries if str(e.get("alias", "")).lower()
                                                == alias.lower()) > 1:
                raise self.fail(f"alias {alias!r} is already used by a mailbox or another list", path + ("alias",))
            members = []
            for j, item in enumerate(self.sequence(entry.get("members", []), path + ("members",))):
                name = self.string(item, path + ("members", j))
                if name.lower() not in by_alias and name.lower() not in names:
                    raise self.fail(f"{name!r} is not a mailbox or distribution list alias in this world",
                                    path + ("members", j))
                members.append(name)
            display = self.string(entry.get("display_name"), path + ("display_name",), default=alias)
            smtp = self.string(entry.get("smtp"), path + ("smtp",), default=f"{alias}@{org.name}.com".lower())
            out.append(DistList(alias, display, f"{org.dn}/cn=Recipients/cn={alias}", smtp, tuple(members)))
        return tuple(out)

    def deliveries(self, value: Any, by_alias: dict[str, Mailbox]) -> tuple[DeliverySpec, ...]:
        """``deliveries: [{after: 2s, to: alice, from: bob, subject: ...}]``: mail that arrives in
        virtual time (fakemapi.client.notify)."""
        out: list[DeliverySpec] = []
        for i, item in enumerate(self.sequence(value, ("deliveries",))):
            path: Path = ("deliveries", i)
            entry = self.mapping(item, path, ("after",) + MESSAGE_KEYS)
            after = self.contents.duration(entry.get("after", 0), path + ("after",))
            message = self.contents.message({k: v for k, v in entry.items() if k != "after"}, path, ())
            if not (message.to or message.cc or message.bcc):
                raise self.fail("expected at least one recipient (to, cc or bcc)", path)
            for key, names in (("from", (message.sender,) if message.sender else ()), ("to", message.to),
                               ("cc", message.cc), ("bcc", message.bcc)):
                for name in names:
                    if "@" not in name and name.lower() not in by_alias:
                        raise self.fail(f"{name!r} is not a mailbox alias in this world; write an SMTP "
                                        f"address (with @) for someone outside it", path + (key,))
            out.append(DeliverySpec(after // datetime.timedelta(microseconds=1), message))
        return tuple(out)

    def servers(self, value: Any, org: Organization) -> dict[str, Server]:
        if value is None:
            raise self.fail("missing servers; expected a list such as [{name: EX01}]", ())
        out: dict[str, Server] = {}
        for i, item in enumerate(self.sequence(value, ("servers",))):
            entry = self.mapping(item, ("servers", i), ("name",))
            name = self.name(entry.get("name"), ("servers", i, "name"), None, _HOST_NAME,
                             "letters, digits and hyphens (a host name)")
            if name.lower() in out:
                raise self.fail(f"server {name!r} is listed twice", ("servers", i, "name"))
            out[name.lower()] = Server(name, org)
        if not out:
            raise self.fail("expected at least one server", ("servers",))
        return out

    def mailboxes(self, value: Any, org: Organization, servers: dict[str, Server]) -> list[Mailbox]:
        out: list[Mailbox] = []
        seen: set[str] = set()
        grants: list[tuple[Path, frozenset[str]]] = []
        keys = ("alias", "display_name", "server", "rights", "grant", "smtp", "folders", "named_props")
        items = self.sequence(value, ("mailboxes",))
        total = 0  # the world's size, checked before any mailbox is made
        for i, item in enumerate(items):
            count = item["generate"].get("count") if isinstance(item, dict) and isinstance(
                item.get("generate"), dict) else 1
            total += count if isinstance(count, int) and not isinstance(count, bool) and count > 0 else 1
            if total > MAX_MAILBOXES:
                at: Path = ("mailboxes", i, "generate", "count") if count != 1 else ("mailboxes", i)
                raise self.fail(f"the world would hold {total:,} mailboxes by here; a world holds at most "
                                f"{MAX_MAILBOXES:,}", at)
        for i, item in enumerate(items):
            path: Path = ("mailboxes", i)
            if isinstance(item, dict) and "generate" in item:
                self.mapping(item, path, ("generate",))
                gpath = path + ("generate",)
                gen = self.mapping(item["generate"], gpath, ("count", "start") + keys)
                count = self.integer(gen.get("count"), gpath + ("count",), low=0, high=MAX_MAILBOXES)
                start = self.integer(gen.get("start", 1), gpath + ("start",), low=-10**9, high=10**9)
                out.extend(self.generate(gen, gpath, start, count, org, servers, seen, grants))
            else:
                entry = self.mapping(item, path, keys)
                out.append(self.mailbox(entry, path, org, servers, seen, grants))
        for gpath, names in grants:
            for name in sorted(names - seen):
                raise self.fail(f"grant names {name!r}, which is not a mailbox alias in this world",
                                gpath)
        for apath, name in self.addresses:
            if "@" not in name and name.lower() not in seen:
                raise self.fail(f"{name!r} is not a mailbox alias in this world; write an SMTP address "
                                f"(with @) for someone outside it", apath)
        return out

    def generate(self, gen: dict[str, Any], gpath: Path, start: int, count: int, org: Organization,
                 servers: dict[str, Server], seen: set[str],
                 grants: list[tuple[Path, frozenset[str]]]) -> list[Mailbox]:
        """The mailboxes of one ``generate`` entry. The first is checked in full; when only the
        alias, display name and SMTP address vary with {n}, the others reuse what the first
        checked (a world of 100,000 mailboxes must load in well under a second)."""
        templates = {k: self.template(v, gpath + (k,)) for k, v in gen.items()
                     if k not in ("count", "start") and isinstance(v, str)}

        def entry(n: int) -> dict[str, Any]:
            return {k: self.fill(templates[k], n, gpath + (k,)) if k in templates else v
                    for k, v in gen.items() if k not in ("count", "start")}

        if count == 0:
            return []
        first = self.mailbox(entry(start), gpath, org, servers, seen, grants)
        out = [first]
        varying = {k for k, v in gen.items() if isinstance(v, str) and "{" in v}
        if not varying <= {"alias", "display_name", "smtp"} or "alias" not in varying:
            out.extend(self.mailbox(entry(n), gpath, org, servers, seen, grants)
                       for n in range(start + 1, start + count))
            return out
        display_t = templates.get("display_name")
        smtp_t = templates.get("smtp")
        display_fixed = self.fill(display_t, start, gpath) if display_t is not None else None
        smtp_fixed = self.fill(smtp_t, start, gpath) if smtp_t is not None else None
        dn_prefix = f"{org.dn}/cn=Recipients/cn="
        domain = f"@{org.name}.com".lower()
        # the patterns passed compile_template (the field n only, bounded specs) and n is an int, so
        # str.format, the fast way, can reach nothing else here
        alias_text, display_text, smtp_text = str(gen["alias"]), str(gen.get("display_name")), str(gen.get("smtp"))
        for n in range(start + 1, start + count):
            alias = alias_text.format(n=n)
            key = alias.lower()
            if key in seen or len(alias) > ALIAS_MAX or not _ALIAS.fullmatch(alias):
                out.append(self.mailbox(entry(n), gpath, org, servers, seen, grants))  # raises the error
                continue
            seen.add(key)
            if display_t is None:
                display = alias
            else:
                display = display_text.format(n=n) if "display_name" in varying else str(display_fixed)
            if smtp_t is None:
                smtp = key + domain
            else:
                smtp = smtp_text.format(n=n) if "smtp" in varying else str(smtp_fixed)
            out.append(Mailbox(alias, display or alias, first.server, dn_prefix + alias, smtp, first.rights,
                               first.grant, first.folders, first.named_props))
        return out

    def template(self, value: str, path: Path) -> Callable[[Mapping[str, Any]], str]:
        try:
            return compile_template(value, ("n",))
        except TemplateError as exc:
            raise self.fail(f"bad pattern {value!r} ({exc}); use {{n}} or {{n:03}}", path) from None

    def fill(self, template: Callable[[Mapping[str, Any]], str], n: int, path: Path) -> str:
        try:
            return template({"n": n})
        except TemplateError as exc:
            raise self.fail(f"bad pattern ({exc}); use {{n}} or {{n:03}}", path) from None

    def mailbox(self, entry: dict[str, Any], path: Path, org: Organization,
                servers: dict[str, Server], seen: set[str],
                grants: list[tuple[Path, frozenset[str]]]) -> Mailbox:
        alias = self.string(entry.get("alias"), path + ("alias",))
        if "/" in alias or " " in alias:
            raise self.fail(f"alias {_short(alias)} may not contain '/' or spaces", path + ("alias",))
        if len(alias) > ALIAS_MAX or not _ALIAS.fullmatch(alias):
            raise self.fail(f"alias {_short(alias)} is not an Exchange alias: use at most {ALIAS_MAX} of A-Z, a-z, "
                            f"0-9 and !#$%&'*+-=?^_`{{|}}~, with periods only between them", path + ("alias",))
        if alias.lower() in seen:
            raise self.fail(f"mailbox alias {alias!r} is used twice", path + ("alias",))
        seen.add(alias.lower())
        server_name = self.string(entry.get("server"), path + ("server",),
                                  default=next(iter(servers.values())).name)
        server = servers.get(server_name.lower())
        if server is None:
            raise self.fail(f"server {server_name!r} is not in servers "
                            f"({', '.join(s.name for s in servers.values())})", path + ("server",))
        rights = self.choice(entry.get("rights", "user"), path + ("rights",), ("user", "admin"))
        grant_list = self.sequence(entry.get("grant", []), path + ("grant",))
        grant = frozenset(self.string(g, path + ("grant", j)).lower() for j, g in enumerate(grant_list))
        if grant:
            grants.append((path + ("grant",), grant))
        display = self.string(entry.get("display_name"), path + ("display_name",), default=alias)
        smtp = self.string(entry.get("smtp"), path + ("smtp",),
                           default=f"{alias}@{org.name}.com".lower())
        named = self.named_props(entry.get("named_props", []), path + ("named_props",))
        folders = self.contents.folders(entry.get("folders", {}), path + ("folders",), named)
        named += self.contents.take_well_known()  # Outlook named properties the folders used by name
        return Mailbox(alias=alias, display_name=display, server=server.name,
                       dn=f"{org.dn}/cn=Recipients/cn={alias}", smtp=smtp, rights=rights, grant=grant,
                       folders=folders, named_props=named)

    def named_props(self, value: Any, path: Path) -> tuple[NamedPropSpec, ...]:
        out: list[NamedPropSpec] = []
        seen: set[tuple[uuid.UUID, str | int]] = set()
        for i, item in enumerate(self.sequence(value, path)):
            ipath = path + (i,)
            entry = self.mapping(item, ipath, ("guid", "name", "type"))
            guid = self.contents.guid(entry.get("guid", "PS_PUBLIC_STRINGS"), ipath + ("guid",))
            raw = entry.get("name")
            if isinstance(raw, bool) or not isinstance(raw, (str, int)) or raw == "":
                raise self.fail(f"expected a name (a string) or a numeric id; got {_kind(raw)}", ipath + ("name",))
            if isinstance(raw, int) and not 0 <= raw <= 0xFFFFFFFF:  # MAPINAMEID's lID is a LONG
                raise self.fail(f"a numeric name is a 32-bit id (0 to 0xFFFFFFFF); got {raw}", ipath + ("name",))
            name: str | int = raw
            ptype = self.contents.ptype(entry.get("type", "PT_UNICODE"), ipath + ("type",))
            key = (guid, name.lower() if isinstance(name, str) else name)
            if key in seen:
                raise self.fail(f"named property {name!r} is listed twice in this set", ipath + ("name",))
            seen.add(key)
            out.append(NamedPropSpec(guid, name, ptype))
        return tuple(out)

    def profiles(self, value: Any, by_alias: dict[str, Mailbox]) -> list[ProfileSpec]:
        out: list[ProfileSpec] = []
        names: set[str] = set()
        for i, item in enumerate(self.sequence(value or [], ("profiles",))):
            path: Path = ("profiles", i)
            entry = self.mapping(item, path, ("name", "mailbox", "default", "connect_flags"))
            name = self.string(entry.get("name"), path + ("name",))
            if name.lower() in names:
                raise self.fail(f"profile {name!r} is listed twice", path + ("name",))
            names.add(name.lower())
            alias = self.string(entry.get("mailbox"), path + ("mailbox",))
            if alias.lower() not in by_alias:
                raise self.fail(f"mailbox {alias!r} is not a mailbox alias in this world", path + ("mailbox",))
            default = entry.get("default", False)
            if not isinstance(default, bool):
                raise self.fail(f"expected true or false; got {_kind(default)}", path + ("default",))
            flags = self.integer(entry.get("connect_flags", 0), path + ("connect_flags",), high=0xFFFFFFFF)
            out.append(ProfileSpec(name, by_alias[alias.lower()].alias, default, flags))
        if sum(p.default for p in out) > 1:
            raise self.fail("more than one profile has default: true", ("profiles",))
        return out

    def emsmdb(self, value: Any) -> EmsmdbSettings:
        path: Path = ("emsmdb",)
        entry = self.mapping(value, path, ("reserved_logon_ids", "connection_scope", "release_rule",
                                           "connect_ms", "rpc_ms"))
        base = EmsmdbSettings()
        reserved = base.reserved_logon_ids
        if "reserved_logon_ids" in entry:
            items = self.sequence(entry["reserved_logon_ids"], path + ("reserved_logon_ids",))
            reserved = frozenset(self.integer(v, path + ("reserved_logon_ids", j), high=255)
                                 for j, v in enumerate(items))
            if len(reserved) >= 256:
                raise self.fail("every LogonId is reserved; leave at least one free",
                                path + ("reserved_logon_ids",))
        scope = self.choice(entry.get("connection_scope", base.connection_scope),
                            path + ("connection_scope",), ("process", "session"))
        rule = self.choice(entry.get("release_rule", base.release_rule), path + ("release_rule",),
                           ("refcount", "store-only"))
        connect = self._ms(entry, "connect_ms", base.connect_cost_us, path)
        rop = self._ms(entry, "rpc_ms", base.rop_cost_us, path)
        return EmsmdbSettings(reserved, scope, rule, connect, rop)

    def _ms(self, entry: dict[str, Any], key: str, default_us: int, path: Path) -> int:
        if key not in entry:
            return default_us
        value = entry[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= MAX_COST_MS:
            raise self.fail(f"expected a number of milliseconds from 0 to {MAX_COST_MS:,}; got {_kind(value)}",
                            path + (key,))
        return int(round(value * 1000))

    def limits(self, value: Any, sessions: int | None, objects: dict[str, int]) -> Limits:
        path: Path = ("limits",)
        entry = self.mapping(value, path, ("sessions_per_user", "objects_per_session"))
        if "sessions_per_user" in entry:
            raw = entry["sessions_per_user"]
            sessions = None if raw is None else self.integer(raw, path + ("sessions_per_user",), low=1)
        caps = dict(objects)
        if "objects_per_session" in entry:
            opath = path + ("objects_per_session",)
            given = self.mapping(entry["objects_per_session"], opath, OBJECT_TYPES)
            for key, raw in given.items():
                if raw is None:
                    caps.pop(key, None)
                else:
                    caps[key] = self.integer(raw, opath + (key,), low=1)
        return Limits(sessions, caps)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _version_text(value: Any) -> str:
    """A schema_version as the error shows it: short values as written, others by kind only."""
    if isinstance(value, (int, float, str)) and len(repr(value)) <= 16 and "\n" not in str(value):
        return repr(value)
    return _kind_only(value)


def _kind_only(value: Any) -> str:
    """What ``value`` is, without quoting it (for data that may not be the user's own)."""
    if value is None:
        return "nothing (null)"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list",
            dict: "a mapping"}.get(type(value), type(value).__name__)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({value})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"a string ({value!r})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
