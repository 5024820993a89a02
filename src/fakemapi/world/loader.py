"""World files (schema version 1): YAML in, a :class:`World` out, or a :class:`WorldError`.

Errors name the file, line and column of the offending value and what was expected. The YAML
is composed with PyYAML's C loader where present; values keep their source position so that
validation can point at them.
"""

from __future__ import annotations

import uuid
from importlib import resources
from typing import Any

from fakemapi.world.contents_loader import ContentsReader
from fakemapi.world.model import (
    EmsmdbSettings,
    Limits,
    Mailbox,
    Organization,
    ProfileSpec,
    Server,
    World,
)
from fakemapi.world.presets import DEFAULT_PRESET, OBJECT_TYPES, PRESETS
from fakemapi.world.specs import NamedPropSpec
from fakemapi.yamlsrc import Located, Path, SourceError, parse

SCHEMA_VERSION = 1


class WorldError(SourceError):
    """A world file or dict that does not describe a valid world."""

    default_source = "<world>"


def parse_yaml(text: str, source: str | None) -> tuple[Any, Located]:
    """Compose ``text`` and build its data, keeping positions. Syntax errors become WorldError."""
    return parse(text, source, WorldError, "expected a mapping with schema_version: 1")


def load_file(path: str) -> World:
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as exc:
        raise WorldError(f"cannot read the world file: {exc.strerror}", source=path) from None
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
        top = self.mapping(data, (), ("schema_version", "organization", "server_preset", "servers",
                                      "mailboxes", "profiles", "emsmdb", "limits"))
        if "schema_version" not in top:
            raise self.fail("missing schema_version; expected schema_version: 1", ())
        if top["schema_version"] != SCHEMA_VERSION:
            raise self.fail(f"unsupported schema_version {top['schema_version']!r}; this fakemapi reads "
                            f"version {SCHEMA_VERSION}", ("schema_version",))
        org_data = self.mapping(top.get("organization") or {}, ("organization",), ("name", "site"))
        org = Organization(self.string(org_data.get("name"), ("organization", "name"), default="Contoso"),
                           self.string(org_data.get("site"), ("organization", "site"), default="HQ"))
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
        return World(org, preset, servers, tuple(mailboxes), tuple(profiles), emsmdb, limits,
                     source=self.loc.source)

    def servers(self, value: Any, org: Organization) -> dict[str, Server]:
        if value is None:
            raise self.fail("missing servers; expected a list such as [{name: EX01}]", ())
        out: dict[str, Server] = {}
        for i, item in enumerate(self.sequence(value, ("servers",))):
            entry = self.mapping(item, ("servers", i), ("name",))
            name = self.string(entry.get("name"), ("servers", i, "name"))
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
        for i, item in enumerate(self.sequence(value, ("mailboxes",))):
            path: Path = ("mailboxes", i)
            if isinstance(item, dict) and "generate" in item:
                self.mapping(item, path, ("generate",))
                gpath = path + ("generate",)
                gen = self.mapping(item["generate"], gpath, ("count", "start") + keys)
                count = self.integer(gen.get("count"), gpath + ("count",), low=0, high=1_000_000)
                start = self.integer(gen.get("start", 1), gpath + ("start",))
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
        def entry(n: int) -> dict[str, Any]:
            return {k: self.expand(v, n, gpath + (k,)) for k, v in gen.items() if k not in ("count", "start")}

        if count == 0:
            return []
        first = self.mailbox(entry(start), gpath, org, servers, seen, grants)
        out = [first]
        varying = {k for k, v in gen.items() if isinstance(v, str) and "{" in v}
        if not varying <= {"alias", "display_name", "smtp"} or "alias" not in varying:
            out.extend(self.mailbox(entry(n), gpath, org, servers, seen, grants)
                       for n in range(start + 1, start + count))
            return out
        alias_t = gen["alias"]
        display_t = gen.get("display_name")
        smtp_t = gen.get("smtp")
        dn_prefix = f"{org.dn}/cn=Recipients/cn="
        domain = f"@{org.name}.com".lower()
        for n in range(start + 1, start + count):
            alias = alias_t.format(n=n)
            key = alias.lower()
            if "/" in alias or " " in alias or key in seen or not alias:
                out.append(self.mailbox(entry(n), gpath, org, servers, seen, grants))  # raises the error
                continue
            seen.add(key)
            if display_t is None:
                display = alias
            else:
                display = display_t.format(n=n) if "display_name" in varying else display_t
            if smtp_t is None:
                smtp = key + domain
            else:
                smtp = smtp_t.format(n=n) if "smtp" in varying else smtp_t
            out.append(Mailbox(alias, display or alias, first.server, dn_prefix + alias, smtp, first.rights,
                               first.grant, first.folders, first.named_props))
        return out

    def expand(self, value: Any, n: int, path: Path) -> Any:
        if isinstance(value, str):
            try:
                return value.format(n=n)
            except (KeyError, IndexError, ValueError) as exc:
                raise self.fail(f"bad pattern {value!r} ({exc}); use {{n}} or {{n:03}}", path) from None
        return value

    def mailbox(self, entry: dict[str, Any], path: Path, org: Organization,
                servers: dict[str, Server], seen: set[str],
                grants: list[tuple[Path, frozenset[str]]]) -> Mailbox:
        alias = self.string(entry.get("alias"), path + ("alias",))
        if "/" in alias or " " in alias:
            raise self.fail(f"alias {alias!r} may not contain '/' or spaces", path + ("alias",))
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
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise self.fail(f"expected a non-negative number of milliseconds; got {_kind(value)}",
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
