"""The contents part of a world file: ``mailboxes[].folders`` and ``mailboxes[].named_props``.

Read by the world loader's builder, with its positioned errors (``file:line:column: path: ...``).
"""

from __future__ import annotations

import base64
import binascii
import datetime
import re
import uuid
from typing import Any, Protocol

import attrs

from fakemapi.data.mapitags_values import MAPITAGS
from fakemapi.data.named_props import WELL_KNOWN
from fakemapi.data.propsets import PROPSETS
from fakemapi.tags import (
    MV_FLAG,
    PT_BINARY,
    PT_BOOLEAN,
    PT_CLSID,
    PT_DOUBLE,
    PT_I2,
    PT_I8,
    PT_LONG,
    PT_R4,
    PT_STRING8,
    PT_SYSTIME,
    PT_UNICODE,
)
from fakemapi.world import items
from fakemapi.world.specs import (
    EPOCH,
    AttachmentSpec,
    FolderSpec,
    GeneratedSpec,
    MessageEntry,
    MessageSpec,
    NamedPropSpec,
)
from fakemapi.yamlsrc import Located, Path, SourceError


class _Builder(Protocol):
    """The small typed readers of the world loader's builder that the contents reader uses
    (declared here so that this module, which the loader imports, does not import the loader)."""

    loc: Located
    #: (path, alias or address) of every sender and recipient, checked once all mailboxes are known
    addresses: list[tuple[Path, str]]

    def kind(self, value: Any) -> str: ...

    def fail(self, message: str, path: Path) -> SourceError: ...

    def mapping(self, value: Any, path: Path, allowed: tuple[str, ...]) -> dict[str, Any]: ...

    def string(self, value: Any, path: Path, *, default: str | None = None) -> str: ...

    def integer(self, value: Any, path: Path, *, low: int = 0, high: int | None = None) -> int: ...

    def sequence(self, value: Any, path: Path) -> list[Any]: ...

    def choice(self, value: Any, path: Path, choices: tuple[str, ...]) -> str: ...

MESSAGE_KEYS: tuple[str, ...] = ("subject", "body", "from", "to", "cc", "bcc", "received", "message_class", "read",
                "importance", "size_hint", "attachments", "props")
GENERATE_KEYS: tuple[str, ...] = ("count", "subject", "body", "from", "to", "cc", "bcc", "received_from", "every",
                 "message_class", "read", "importance", "size_hint", "attachments", "props")
#: the body keys beside ``body`` (world/bodies.py): an HTML body, an RTF body (RTF source text)
BODY_KEYS = ("html", "rtf")
MESSAGE_KEYS += BODY_KEYS + items.ITEM_KEYS
GENERATE_KEYS += BODY_KEYS
FOLDER_KEYS: tuple[str, ...] = ("messages", "folders", "container_class")
#: a folder's own properties and its associated (hidden) messages
FOLDER_KEYS += ("props", "associated")
#: property types a world file can give values for (single and PT_MV_* forms)
VALUE_TYPES = {"PT_I2": PT_I2, "PT_SHORT": PT_I2, "PT_LONG": PT_LONG, "PT_I4": PT_LONG, "PT_R4": PT_R4,
               "PT_DOUBLE": PT_DOUBLE, "PT_R8": PT_DOUBLE, "PT_BOOLEAN": PT_BOOLEAN, "PT_I8": PT_I8,
               "PT_STRING8": PT_STRING8, "PT_UNICODE": PT_UNICODE, "PT_SYSTIME": PT_SYSTIME,
               "PT_BINARY": PT_BINARY, "PT_CLSID": PT_CLSID}
#: the deepest folder tree a world may describe (a YAML file stops at 100 levels of nesting anyway)
MAX_FOLDER_DEPTH = 30
#: an attachment: a file, or (``message:``) an embedded message written like a folder's messages
ATTACHMENT_KEYS = ("filename", "data", "name", "message")
#: the deepest chain of embedded messages (message in an attachment in a message ...) a world may
#: describe; a loader limit like MAX_FOLDER_DEPTH, not an Exchange one (each level takes three
#: levels of YAML nesting, so a file reaches this well before yamlsrc's 100)
MAX_EMBED_DEPTH = 20
#: the most embedded messages one world may describe (a dict for World.from_dict can share one
#: message mapping between attachments: 2 attachments a level, 20 levels, would be a million)
MAX_EMBEDDED = 100_000
#: what each integer type holds (PT_LONG as signed or unsigned 32 bits: pywin32 takes either)
_INT_RANGES = {PT_I2: (-0x8000, 0xFFFF), PT_LONG: (-0x80000000, 0xFFFFFFFF),
               PT_I8: (-0x8000000000000000, 0xFFFFFFFFFFFFFFFF)}
_DURATION = re.compile(r"^\s*(\d{1,15})\s*([smhd])\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
#: the times a world file may give: what a FILETIME (PT_SYSTIME) and Python's datetime both hold
EARLIEST = datetime.datetime(1601, 1, 1, tzinfo=datetime.timezone.utc)
LATEST = datetime.datetime(9999, 12, 31, 23, 59, 59, tzinfo=datetime.timezone.utc)
MAX_DURATION_S = int((LATEST - EARLIEST).total_seconds())


class ContentsReader:
    def __init__(self, builder: _Builder) -> None:
        self.b = builder
        #: Outlook's well-known named properties the current mailbox's props use (in first-use
        #: order) without declaring them in named_props: see :meth:`take_well_known`
        self.well_known: list[NamedPropSpec] = []
        #: embedded messages read so far (at most MAX_EMBEDDED in a world)
        self.embedded_count = 0

    def take_well_known(self) -> tuple[NamedPropSpec, ...]:
        """The well-known named properties the mailbox just read used, to follow its named_props
        (their ids are 0x8000 + len(named_props) + their index here); forgets them."""
        out = tuple(self.well_known)
        self.well_known = []
        return out

    def well_known_tag(self, key: str, named: tuple[NamedPropSpec, ...]) -> int | None:
        """The tag of an Outlook well-known named property (fakemapi/data/named_props.py) by name."""
        found = WELL_KNOWN.get(key)
        if found is None:
            return None
        setname, lid, ptype = found
        guid = uuid.UUID(PROPSETS[setname])
        for i, spec in enumerate(named):
            if spec.guid == guid and spec.name == lid:
                return ((0x8000 + i) << 16) | spec.ptype
        wanted = NamedPropSpec(guid, lid, ptype)
        if wanted not in self.well_known:
            self.well_known.append(wanted)
        return ((0x8000 + len(named) + self.well_known.index(wanted)) << 16) | ptype

    def _kind(self, value: Any) -> str:
        return self.b.kind(value)

    # --- folders ------------------------------------------------------------------------
    def folders(self, value: Any, path: Path, named: tuple[NamedPropSpec, ...]) -> tuple[FolderSpec, ...]:
        if value is None:
            return ()
        if path.count("folders") > MAX_FOLDER_DEPTH:  # a dict given to World.from_dict may even hold itself
            raise self.b.fail(f"folders nested more than {MAX_FOLDER_DEPTH} deep", path)
        if not isinstance(value, dict):
            raise self.b.fail(f"expected a mapping of folder names to folders; got {self._kind(value)}", path)
        out: list[FolderSpec] = []
        seen: set[str] = set()
        for name, spec in value.items():
            fpath = path + (name,)
            if isinstance(name, bool) or not isinstance(name, (str, int)) or str(name) == "":
                raise self.b.loc.error("a folder name must be a non-empty string", fpath, at_key=True)
            text = str(name)
            if "\\" in text or "/" in text:
                raise self.b.loc.error(f"folder name {text!r} may not contain '/' or '\\'", fpath, at_key=True)
            if text.lower() in seen:
                raise self.b.loc.error(f"folder {text!r} is listed twice", fpath, at_key=True)
            seen.add(text.lower())
            entry = self.b.mapping(spec if spec is not None else {}, fpath, FOLDER_KEYS)
            cls = entry.get("container_class")
            container = None if cls is None else self.b.string(cls, fpath + ("container_class",))
            messages = self.messages(entry.get("messages") or [], fpath + ("messages",), named)
            children = self.folders(entry.get("folders"), fpath + ("folders",), named)
            out.append(self.folder_extras(FolderSpec(text, container, messages, children), entry, fpath, named))
        return tuple(out)

    def folder_extras(self, spec: FolderSpec, entry: dict[str, Any], path: Path,
                      named: tuple[NamedPropSpec, ...]) -> FolderSpec:
        """``props:`` of the folder itself and its ``associated:`` (FAI) messages, written out."""
        if entry.get("props") is None and entry.get("associated") is None:
            return spec
        props = self.props(entry.get("props") or {}, path + ("props",), named)
        associated: list[MessageSpec] = []
        for i, item in enumerate(self.b.sequence(entry.get("associated") or [], path + ("associated",))):
            ipath = path + ("associated", i)
            fields = self.b.mapping(item, ipath, MESSAGE_KEYS)
            associated.append(self.message(fields, ipath, named))
        return attrs.evolve(spec, props=props, associated=tuple(associated))

    # --- messages -----------------------------------------------------------------------
    def messages(self, value: Any, path: Path, named: tuple[NamedPropSpec, ...]) -> tuple[MessageEntry, ...]:
        out: list[MessageEntry] = []
        for i, item in enumerate(self.b.sequence(value, path)):
            ipath = path + (i,)
            if isinstance(item, dict) and "generate" in item:
                self.b.mapping(item, ipath, ("generate",))
                out.append(self.generated(item["generate"], ipath + ("generate",), named))
            else:
                entry = self.b.mapping(item, ipath, MESSAGE_KEYS)
                out.append(self.message(entry, ipath, named))
        return tuple(out)

    def generated(self, value: Any, path: Path, named: tuple[NamedPropSpec, ...]) -> GeneratedSpec:
        entry = self.b.mapping(value, path, GENERATE_KEYS)
        count = self.b.integer(entry.get("count"), path + ("count",), low=0, high=10_000_000)
        start = self.time(entry.get("received_from", EPOCH), path + ("received_from",))
        every = self.duration(entry.get("every", "1h"), path + ("every",))
        if count > 1 and every > (LATEST - start) / (count - 1):
            raise self.b.fail(f"{count:,} messages every {every} from {start.isoformat()} would be received after "
                              f"the year 9999; use a shorter every: or an earlier received_from:", path + ("every",))
        template = self.message({k: v for k, v in entry.items()
                                 if k not in ("count", "received_from", "every")}, path, named)
        return GeneratedSpec(count, template, start, every)

    def message(self, entry: dict[str, Any], path: Path, named: tuple[NamedPropSpec, ...],
                depth: int = 0) -> MessageSpec:
        """One message; ``depth`` counts the embedded messages around it (0: in a folder)."""
        b = self.b

        def text(key: str) -> str | None:
            raw = entry.get(key)
            if raw is None:
                return None
            if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
                raise b.fail(f"expected a string; got {self._kind(raw)}", path + (key,))
            return str(raw)

        sender = None
        if entry.get("from") is not None:
            sender = b.string(entry["from"], path + ("from",))
            b.addresses.append((path + ("from",), sender))
        recipients: dict[str, tuple[str, ...]] = {}
        for key in ("to", "cc", "bcc"):
            raw = entry.get(key, [])
            items = [raw] if isinstance(raw, str) else b.sequence(raw, path + (key,))
            names = []
            for j, item in enumerate(items):
                ipath = path + (key, j) if not isinstance(raw, str) else path + (key,)
                name = b.string(item, ipath)
                b.addresses.append((ipath, name))
                names.append(name)
            recipients[key] = tuple(names)
        received = None if entry.get("received") is None else self.time(entry["received"], path + ("received",))
        read = entry.get("read", False)
        if not isinstance(read, bool):
            raise b.fail(f"expected true or false; got {self._kind(read)}", path + ("read",))
        importance = b.integer(entry.get("importance", 1), path + ("importance",), low=0, high=2)
        # PR_MESSAGE_SIZE is a PT_LONG
        size_hint = b.integer(entry.get("size_hint", 0), path + ("size_hint",), high=0x7FFFFFFF)
        message_class = b.string(entry.get("message_class"), path + ("message_class",), default="IPM.Note")
        attachments = tuple(self.attachment(item, path + ("attachments", j), named, depth)
                            for j, item in enumerate(b.sequence(entry.get("attachments", []),
                                                                path + ("attachments",))))
        props = self.props(entry.get("props") or {}, path + ("props",), named)
        spec = MessageSpec(text("subject"), text("body"), sender, recipients["to"], recipients["cc"],
                           recipients["bcc"], received, message_class, read, importance, size_hint,
                           attachments, props)
        return self.item(self.bodies(spec, entry, path), entry, path, named)

    def item(self, spec: MessageSpec, entry: dict[str, Any], path: Path,
             named: tuple[NamedPropSpec, ...]) -> MessageSpec:
        """``contact:``, ``appointment:`` or ``task:``: the message class and the properties Outlook
        writes for such an item (world/items.py); ``message_class``, ``subject`` and ``props`` given
        beside it win."""
        given = [key for key in items.ITEM_KEYS if entry.get(key) is not None]
        if not given:
            return spec
        if len(given) > 1:
            raise self.b.fail(f"a message is one item: {' and '.join(given)} cannot be given together",
                              path + (given[1],))
        key = given[0]
        ipath = path + (key,)

        def named_tag(name: str) -> int:
            return self.well_known_tag(name, named) or 0

        if key == "contact":
            fields: dict[str, Any] = {}
            for name, raw in self.b.mapping(entry[key], ipath, items.CONTACT_KEYS).items():
                fields[name] = self.b.string(raw, ipath + (name,))
            cls, subject, pairs = items.contact(fields, named_tag)
        elif key == "appointment":
            raw_fields = self.b.mapping(entry[key], ipath, items.APPOINTMENT_KEYS)
            if raw_fields.get("start") is None:
                raise self.b.fail("an appointment needs a start time", ipath)
            fields = {name: self.time(raw_fields[name], ipath + (name,))
                      for name in ("start", "end") if raw_fields.get(name) is not None}
            if "end" in fields and fields["end"] < fields["start"]:
                raise self.b.fail("the end is before the start", ipath + ("end",))
            if raw_fields.get("location") is not None:
                fields["location"] = self.b.string(raw_fields["location"], ipath + ("location",))
            all_day = raw_fields.get("all_day", False)
            if not isinstance(all_day, bool):
                raise self.b.fail(f"expected true or false; got {self._kind(all_day)}", ipath + ("all_day",))
            fields["all_day"] = all_day
            fields["busy_status"] = items.BUSY_STATUS[self.b.choice(
                raw_fields.get("busy_status", "busy"), ipath + ("busy_status",), tuple(items.BUSY_STATUS))]
            cls, subject, pairs = items.appointment(fields, named_tag)
        else:
            raw_fields = self.b.mapping(entry[key], ipath, items.TASK_KEYS)
            fields = {name: self.time(raw_fields[name], ipath + (name,))
                      for name in ("start", "due", "completed") if raw_fields.get(name) is not None}
            fields["status"] = items.TASK_STATUS[self.b.choice(
                raw_fields.get("status", "not_started"), ipath + ("status",), tuple(items.TASK_STATUS))]
            if raw_fields.get("percent_complete") is not None:
                pct = raw_fields["percent_complete"]
                if isinstance(pct, bool) or not isinstance(pct, (int, float)) or not 0 <= pct <= 1:
                    raise self.b.fail(f"expected a number from 0 to 1; got {pct!r}", ipath + ("percent_complete",))
                fields["percent_complete"] = float(pct)
            cls, subject, pairs = items.task(fields, named_tag)
        return attrs.evolve(spec, message_class=cls if entry.get("message_class") is None else spec.message_class,
                            subject=spec.subject if spec.subject is not None else subject,
                            props=tuple(pairs) + spec.props)

    def bodies(self, spec: MessageSpec, entry: dict[str, Any], path: Path) -> MessageSpec:
        """``html:`` (stored as PR_HTML, UTF-8) and ``rtf:`` (RTF source, stored as LZFu
        PR_RTF_COMPRESSED) bodies; the store derives the body types not given (world/bodies.py)."""
        found: dict[str, str] = {}
        for key in BODY_KEYS:
            raw = entry.get(key)
            if raw is None:
                continue
            if not isinstance(raw, str):
                raise self.b.fail(f"expected a string; got {self._kind(raw)}", path + (key,))
            found[key] = raw
        if "rtf" in found and not found["rtf"].lstrip().startswith("{\\rtf"):
            raise self.b.fail("expected RTF source text starting with {\\rtf1", path + ("rtf",))
        if not found:
            return spec
        return attrs.evolve(spec, html=found.get("html"), rtf=found.get("rtf"))

    def attachment(self, value: Any, path: Path, named: tuple[NamedPropSpec, ...], depth: int) -> AttachmentSpec:
        """``{filename: ..., data: ...}`` (a file) or ``{message: {...}}`` (an embedded message,
        ATTACH_EMBEDDED_MSG: MS-OXCMSG 2.2.2.9), each with an optional ``name:``. ``depth`` is how
        many embedded messages enclose the message this attachment belongs to."""
        entry = self.b.mapping(value, path, ATTACHMENT_KEYS)
        name = None if entry.get("name") is None else self.b.string(entry["name"], path + ("name",))
        if "message" not in entry:
            filename = self.b.string(entry.get("filename"), path + ("filename",))
            return AttachmentSpec(filename, self.data(entry.get("data", ""), path + ("data",)), name)
        if "data" in entry:
            raise self.b.fail("an attachment is a file (filename: and data:) or a message (message:), "
                              "not both", path + ("data",))
        mpath = path + ("message",)
        # a YAML file stops at 100 levels of nesting; a dict given to World.from_dict may even hold itself
        if depth + 1 > MAX_EMBED_DEPTH:
            raise self.b.fail(f"embedded messages nested more than {MAX_EMBED_DEPTH} deep", mpath)
        self.embedded_count += 1
        if self.embedded_count > MAX_EMBEDDED:
            raise self.b.fail(f"the world would hold more than {MAX_EMBEDDED:,} embedded messages by here",
                              mpath)
        given = None if entry.get("filename") is None else self.b.string(entry["filename"], path + ("filename",))
        fields = self.b.mapping(entry["message"], mpath, MESSAGE_KEYS)
        return AttachmentSpec(given, b"", name, self.message(fields, mpath, named, depth + 1))

    def data(self, value: Any, path: Path) -> bytes:
        """Text (stored as UTF-8), or ``base64:...`` / ``hex:...`` for binary data."""
        if isinstance(value, bytes):
            return value
        if not isinstance(value, str):
            raise self.b.fail(f"expected text, base64:... or hex:...; got {self._kind(value)}", path)
        try:
            if value.startswith("base64:"):
                return base64.b64decode(value[7:].strip(), validate=True)
            if value.startswith("hex:"):
                return bytes.fromhex(value[4:].strip())
        except (binascii.Error, ValueError):
            raise self.b.fail(f"not valid {value.split(':')[0]} data", path) from None
        return value.encode("utf-8")

    # --- scalars ------------------------------------------------------------------------
    def time(self, value: Any, path: Path) -> datetime.datetime:
        if isinstance(value, datetime.datetime):
            stamp = value
        elif isinstance(value, datetime.date):
            stamp = datetime.datetime(value.year, value.month, value.day)
        elif isinstance(value, str):
            try:
                stamp = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            except ValueError:
                raise self.b.fail(f"expected a time such as 2024-01-02T03:04:05Z; got {value!r}", path) from None
        else:
            raise self.b.fail(f"expected a time such as 2024-01-02T03:04:05Z; got {self._kind(value)}", path)
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=datetime.timezone.utc)
        try:
            stamp = stamp.astimezone(datetime.timezone.utc)
        except OverflowError:
            raise self.b.fail(f"{stamp.isoformat()} is outside the years 1601 to 9999 once its offset is "
                              f"applied", path) from None
        if not EARLIEST <= stamp <= LATEST:
            raise self.b.fail(f"{stamp.isoformat()} is outside the years 1601 to 9999 (a FILETIME starts in "
                              f"1601)", path)
        return stamp

    def duration(self, value: Any, path: Path) -> datetime.timedelta:
        seconds: int | None = None
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            seconds = value
        else:
            match = _DURATION.match(value) if isinstance(value, str) else None
            if match is not None:
                seconds = int(match.group(1)) * _UNITS[match.group(2)]
        if seconds is None:
            raise self.b.fail(f"expected a duration such as 90s, 15m, 1h or 2d (or seconds); got "
                              f"{self._kind(value)}", path)
        if seconds > MAX_DURATION_S:
            raise self.b.fail(f"a duration of {seconds:,} seconds is longer than the years a time can span "
                              f"(at most {MAX_DURATION_S:,} seconds)", path)
        return datetime.timedelta(seconds=seconds)

    def guid(self, value: Any, path: Path) -> uuid.UUID:
        if isinstance(value, str):
            if value in PROPSETS:
                return uuid.UUID(PROPSETS[value])
            try:
                return uuid.UUID(value.strip())
            except ValueError:
                pass
        raise self.b.fail(f"expected a property set name ({', '.join(sorted(PROPSETS))}) or a "
                          f"GUID such as {{00020329-0000-0000-C000-000000000046}}; got {self._kind(value)}", path)

    def ptype(self, value: Any, path: Path) -> int:
        if isinstance(value, str):
            mv = value.startswith("PT_MV_")
            base = "PT_" + value[6:] if mv else value
            if base in VALUE_TYPES:
                return VALUE_TYPES[base] | (MV_FLAG if mv else 0)
        names = ", ".join(VALUE_TYPES)
        raise self.b.fail(f"expected a property type ({names}, or their PT_MV_ forms); got {self._kind(value)}",
                          path)

    # --- extra properties ---------------------------------------------------------------
    def props(self, value: Any, path: Path, named: tuple[NamedPropSpec, ...]) -> tuple[tuple[int, Any], ...]:
        if not isinstance(value, dict):
            raise self.b.fail(f"expected a mapping of property tags (or names) to values; got "
                              f"{self._kind(value)}", path)
        by_name = {str(p.name).lower(): (0x8000 + i, p.ptype) for i, p in enumerate(named)}
        out: list[tuple[int, Any]] = []
        for key, raw in value.items():
            kpath = path + (key,)
            if isinstance(key, int) and not isinstance(key, bool) and 0 < key <= 0xFFFFFFFF:
                tag = key
            elif isinstance(key, str) and key in MAPITAGS and key.startswith("PR_"):
                tag = MAPITAGS[key]
            elif isinstance(key, str) and key.lower() in by_name:
                pid, ptype = by_name[key.lower()]
                tag = (pid << 16) | ptype
            elif isinstance(key, str) and key in WELL_KNOWN:
                tag = self.well_known_tag(key, named) or 0
            else:
                raise self.b.loc.error(f"unknown property {key!r}: expected a tag (such as 0x1000001F), a PR_* "
                                       f"name of mapitags, the name of one of this mailbox's named_props, or "
                                       f"an Outlook named property such as PidLidEmail1EmailAddress",
                                       kpath, at_key=True)
            out.append((tag, self.value(tag, raw, kpath)))
        return tuple(out)

    def value(self, tag: int, raw: Any, path: Path) -> Any:
        ptype = tag & 0xFFFF
        if ptype & MV_FLAG:
            items = self.b.sequence(raw, path)
            base = (tag & 0xFFFF0000) | (ptype & ~MV_FLAG)
            return tuple(self.value(base, item, path + (j,)) for j, item in enumerate(items))
        name = next((n for n, v in VALUE_TYPES.items() if v == ptype), f"0x{ptype:04X}")

        def wrong() -> Exception:
            return self.b.fail(f"expected a value for a {name} property; got {self._kind(raw)}", path)

        if ptype in (PT_I2, PT_LONG, PT_I8):
            if isinstance(raw, bool) or not isinstance(raw, int):
                raise wrong()
            low, high = _INT_RANGES[ptype]
            if not low <= raw <= high:
                raise self.b.fail(f"{raw} does not fit a {name} property ({low} to {high})", path)
            return raw
        if ptype == PT_BOOLEAN:
            if not isinstance(raw, bool):
                raise wrong()
            return raw
        if ptype in (PT_R4, PT_DOUBLE):
            if isinstance(raw, bool) or not isinstance(raw, (int, float)):
                raise wrong()
            return float(raw)
        if ptype in (PT_STRING8, PT_UNICODE):
            if not isinstance(raw, str):
                raise wrong()
            return raw
        if ptype == PT_SYSTIME:
            return self.time(raw, path)
        if ptype == PT_BINARY:
            if not isinstance(raw, str):
                raise wrong()
            return self.data(raw, path)
        if ptype == PT_CLSID:
            if not isinstance(raw, str):
                raise wrong()
            return self.guid(raw, path)
        raise self.b.fail(f"property type 0x{ptype:04X} cannot be given in a world file "
                          f"(use one of {', '.join(VALUE_TYPES)})", path)
