"""PyIMAPIProp: GetProps, SetProps, DeleteProps, SaveChanges, CopyTo, OpenProperty, named properties."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Callable

from fakemapi import tags as t
from fakemapi.client.access import MAPI_BEST_ACCESS
from fakemapi.client.bodies import MessageProps
from fakemapi.client.messages import Stream
from fakemapi.client.propobject import DerivedPropObject, PropObject
from fakemapi.dropin.base import PyIUnknown, api, wrap
from fakemapi.dropin.convert import ENCODING, as_tags_required
from fakemapi.dropin.interfaces.common import (
    _IDENTITY_IDS,
    MAPI_CREATE,
    MAPI_MODIFY,
    MAPI_MOVE,
    MAPI_NOREPLACE,
    MAPI_W_ERRORS_RETURNED,
    PR_MESSAGE_ATTACHMENTS,
    PR_MESSAGE_RECIPIENTS,
    PS_MAPI,
    IID_IStream,
    _cost,
    _last_error,
    _unicode,
)
from fakemapi.dropin.shapes import (
    names_out,
    props_out,
)
from fakemapi.hresult import MapiError, code, fail, signed
from fakemapi.props import Bag, make_bag, read
from fakemapi.world.bodies import BODY_IDS, HTML_ID
from fakemapi.world.contents import COMPUTED_IDS, Attachment, NameMap


# =========================================================================================
class PyIMAPIProp(PyIUnknown):
    """IMAPIProp over the handle's property view (see :meth:`_view`)."""

    __slots__ = ()

    def _view(self) -> PropObject:
        h = self._h
        if h.props is None:
            h.props = self._make_view()
        return h.props  # type: ignore[no-any-return]

    def _make_view(self) -> PropObject:
        raise fail("MAPI_E_NO_SUPPORT", detail=f"{type(self).__name__} has no properties")

    def _read(self, tags: list[int] | None, unicode: bool) -> tuple[bool, list[tuple[int, Any]]]:
        """GetProps on the properties as this object sees them (saved plus unsaved changes)."""
        return self._view().get(tags, unicode)

    def _get_props(self, tags: list[int] | None, unicode: bool) -> tuple[int, tuple[tuple[int, Any], ...]]:
        """GetProps' result, shaped as pywin32 returns it."""
        errors, pairs = self._read(tags, unicode)
        return (MAPI_W_ERRORS_RETURNED if errors else 0), props_out(pairs)

    def _commit(self, view: PropObject, flags: int) -> None:
        view.save()

    def _check_set(self) -> None:
        """Raise if the object takes no more changes (a submitted message, KEEP_OPEN_READONLY)."""

    def _names(self) -> NameMap:
        logon = self._h.logon
        if logon is None:
            raise fail("MAPI_E_NO_SUPPORT", detail=f"{type(self).__name__} has no named properties")
        return logon.store.names

    @api
    def GetProps(self, propList: list[int] | None, flags: int, /) -> tuple[int, tuple[tuple[int, Any], ...]]:  # noqa: N802,N803
        return self._get_props(propList, _unicode(flags))

    @api
    def SetProps(self, propList: list[tuple[int, Any]], wantProblems: bool, /) -> tuple[int, Any]:  # noqa: N802,N803
        pairs = propList
        view = self._view()
        self._check_set()
        if not view.writable:
            raise fail("MAPI_E_NO_ACCESS", detail="the object was opened read-only (pass MAPI_MODIFY)")
        problems = []
        if isinstance(view, DerivedPropObject):
            # the store derives these; setting them is a per-property problem (MAPI_E_COMPUTED)
            problems = [(i, tag, signed(code("MAPI_E_COMPUTED"))) for i, (tag, _) in enumerate(pairs)
                        if tag >> 16 in COMPUTED_IDS]
            pairs = [p for p in pairs if p[0] >> 16 not in COMPUTED_IDS]
        view.set(pairs)
        if not wantProblems:
            return 0, None
        return 0, tuple(problems)

    @api
    def DeleteProps(self, propList: list[int] | None, wantProblems: bool, /) -> tuple[int, Any]:  # noqa: N802,N803
        tags = as_tags_required(propList)
        view = self._view()
        self._check_set()
        if not view.writable:
            raise fail("MAPI_E_NO_ACCESS", detail="the object was opened read-only (pass MAPI_MODIFY)")
        computed = [tag for tag in tags if tag >> 16 in COMPUTED_IDS] if isinstance(view, DerivedPropObject) else []
        missing = view.delete([tag for tag in tags if tag not in computed])
        if not wantProblems:
            return 0, None
        problems = tuple((i, tag, signed(code("MAPI_E_COMPUTED" if tag in computed else "MAPI_E_NOT_FOUND")))
                         for i, tag in enumerate(tags) if tag in missing or tag in computed)
        return 0, problems

    @api
    def SaveChanges(self, flags: int, /) -> None:  # noqa: N802
        value = flags
        view = self._view()
        if not view.writable and (view.pending or view.deleted):
            raise fail("MAPI_E_NO_ACCESS", detail="the object was opened read-only")
        self._commit(view, value)
        return None

    @api
    def GetPropList(self, flags: int, /) -> tuple[int, ...]:  # noqa: N802
        view = self._view()
        _, pairs = read(view.full() if isinstance(view, MessageProps) else view.view(), None, _unicode(flags))
        return tuple(tag for tag, _ in pairs)

    @api
    def GetIDsFromNames(self, nameIds: list[tuple[Any, Any]] | None, flags: int, /) -> tuple[int, ...]:  # noqa: N802,N803
        names = nameIds
        value = flags
        store_names = self._names()
        if names is None:  # every named property the store knows
            return tuple(pid << 16 for pid in sorted(store_names.names))
        out = []
        for guid, name in names:
            if guid == PS_MAPI:
                # PS_MAPI names the ordinary properties: its MNID_IDs are property ids
                out.append((name & 0xFFFF) << 16 if isinstance(name, int) and name < 0x8000 else t.PT_ERROR)
                continue
            pid = store_names.get(guid, name)
            if pid is None and value & MAPI_CREATE:
                pid = store_names.create(guid, name)
            # an unknown name is PROP_TAG(PT_ERROR, 0): MAPI_W_ERRORS_RETURNED is swallowed by pywin32
            out.append(pid << 16 if pid is not None else t.PT_ERROR)
        return tuple(out)

    @api
    def GetNamesFromIDs(self, propTags: list[int] | None, propSetGuid: Any, flags: int, /) -> tuple[int, Any, Any]:  # noqa: N802,N803
        tags = propTags
        guid = propSetGuid
        store_names = self._names()
        if tags is None:
            tags = [pid << 16 for pid, (g, _) in sorted(store_names.names.items()) if guid is None or g == guid]
        names: list[Any] = []
        errors = False
        for tag in tags:
            pid = tag >> 16
            if pid < 0x8000:
                names.append((PS_MAPI, pid))
                continue
            found = store_names.names.get(pid)
            if found is None or (guid is not None and found[0] != guid):
                names.append(None)
                errors = True
            else:
                names.append(found)
        return (MAPI_W_ERRORS_RETURNED if errors else 0), tuple(tags), names_out(names)

    @api
    def OpenProperty(self, propTag: int, iid: Any, interfaceOptions: int, flags: int, /) -> PyIUnknown:  # noqa: N802,N803
        tag, want, value = propTag, iid, flags
        from fakemapi.dropin.interfaces.stream import PyIStream

        if want != IID_IStream:
            opened = self._open_object(tag, want, value)
            if opened is not None:
                return opened
            raise fail("MAPI_E_INTERFACE_NOT_SUPPORTED",
                       detail=f"fakemapi opens properties as IStream only, not {{{str(want).upper()}}}")
        ptype = tag & 0xFFFF
        if ptype not in (t.PT_BINARY, t.PT_STRING8, t.PT_UNICODE):
            raise fail("MAPI_E_NO_SUPPORT", detail=f"a property of type 0x{ptype:04X} has no stream")
        view = self._view()
        entry = (view.own() if isinstance(view, DerivedPropObject) else view.view()).get(tag >> 16)
        if entry is None and tag >> 16 in BODY_IDS and isinstance(view, DerivedPropObject):
            # a body the store derives from the native one
            entry = (view.full() if isinstance(view, MessageProps) else view.view()).get(tag >> 16)
        if entry is not None and tag >> 16 == HTML_ID and entry[0] & 0xFFFF != ptype:
            entry = read(view.view(), (tag,))[1][0]  # PR_HTML as PR_BODY_HTML, or the other way round
        create = bool(value & MAPI_CREATE)
        # MAPI_BEST_ACCESS: read/write where the object is (IMAPIProp::OpenProperty documents
        # MAPI_MODIFY and MAPI_CREATE; best access is what the object allows)
        writable = bool(value & (MAPI_MODIFY | MAPI_CREATE)) or bool(value & MAPI_BEST_ACCESS) and view.writable
        if writable:
            self._check_set()
            if not view.writable:
                raise fail("MAPI_E_NO_ACCESS", detail="the object was opened read-only (pass MAPI_MODIFY)")
        if entry is None and not create:
            raise fail("MAPI_E_NOT_FOUND", detail=f"the object has no property 0x{tag:08X}")
        data = b"" if entry is None or create and not value & MAPI_MODIFY else _stream_bytes(tag, entry[1])

        def commit(payload: bytes) -> None:
            view.set([(tag, _stream_value(tag, payload))])

        h = self._h
        _cost(h)
        stream = Stream(data, writable, commit, f"0x{tag:08X}")
        return wrap(PyIStream, h.process, "stream", h.session, h.logon, stream)

    def _open_object(self, tag: int, iid: Any, flags: int) -> PyIUnknown | None:
        """OpenProperty with an interface other than IStream: None where the object has none
        (an attachment opens its embedded message, dropin/interfaces/message.py)."""
        return None

    @api
    def CopyTo(self, IIDExcludeList: Any, propTags: list[int] | None, uiParam: int, progress: Any,  # noqa: N802,N803
               resultIID: Any, dest: PyIMAPIProp, flags: int, wantProblems: bool, /) -> tuple[int, Any]:  # noqa: N803
        exclude = set(propTags or [])
        return self._copy(None, {tag >> 16 for tag in exclude}, dest, flags, wantProblems)

    @api
    def CopyProps(self, propTags: list[int] | None, uiParam: int, progress: Any, resultIID: Any,  # noqa: N802,N803
                  dest: PyIMAPIProp, flags: int, wantProblems: bool, /) -> tuple[int, Any]:  # noqa: N803
        return self._copy(as_tags_required(propTags), set(), dest, flags, wantProblems)

    def _copy(self, tags: list[int] | None, exclude: set[int], dest: PyIMAPIProp, value: int,
              want_problems: bool) -> tuple[int, Any]:
        source = self._view()
        target = dest._view()
        dest._check_set()
        if not target.writable:
            raise fail("MAPI_E_NO_ACCESS", detail="the destination was opened read-only")
        own = source.own() if isinstance(source, DerivedPropObject) else source.view()
        existing = target.own() if isinstance(target, DerivedPropObject) else target.view()
        objects = {PR_MESSAGE_RECIPIENTS >> 16, PR_MESSAGE_ATTACHMENTS >> 16}
        if tags is None:
            wanted_objects = objects - exclude
            candidates = [entry for pid, entry in own.items()
                          if pid not in exclude and pid not in COMPUTED_IDS and pid not in _IDENTITY_IDS]
        else:
            wanted_objects = {tag >> 16 for tag in tags} & objects
            candidates = []
        problems = []
        for i, tag in enumerate(tags or []):
            if tag >> 16 in objects:
                continue
            entry = own.get(tag >> 16)
            if entry is None:
                problems.append((i, tag, signed(code("MAPI_E_NOT_FOUND"))))
            else:
                candidates.append(entry)
        candidates = self._map_names(dest, candidates)
        pairs = [(tag, val) for tag, val in candidates
                 if not (value & MAPI_NOREPLACE and tag >> 16 in existing)]
        target.set(pairs)
        self._copy_contents(dest, wanted_objects)
        if value & MAPI_MOVE and tags is not None and source.writable:
            source.delete([tag for tag, _ in pairs])
        return 0, (tuple(problems) if want_problems else None)

    def _map_names(self, dest: PyIMAPIProp, pairs: list[tuple[int, Any]]) -> list[tuple[int, Any]]:
        """Named properties (ids from 0x8000) copied to an object with other names (another store,
        a message file) take the destination's ids for the same names, as CopyTo maps them; one
        the source cannot name is left out."""
        if not any(tag >> 16 >= 0x8000 for tag, _ in pairs):
            return pairs
        return self._name_mapper(dest)(pairs)

    def _name_mapper(self, dest: PyIMAPIProp) -> Callable[[Iterable[tuple[int, Any]]], list[tuple[int, Any]]]:
        """What :meth:`_map_names` does to a list of properties, for this source and ``dest``."""
        try:
            source, target = self._names(), dest._names()
        except MapiError:
            return lambda pairs: [(tag, val) for tag, val in pairs if tag >> 16 < 0x8000]
        if source is target:
            return list

        def remap(pairs: Iterable[tuple[int, Any]]) -> list[tuple[int, Any]]:
            out = []
            for tag, val in pairs:
                pid = tag >> 16
                if pid < 0x8000:
                    out.append((tag, val))
                    continue
                name = source.names.get(pid)
                if name is not None:
                    out.append(((target.create(name[0], name[1], tag & 0xFFFF) << 16) | (tag & 0xFFFF), val))
            return out

        return remap

    def _copy_contents(self, dest: PyIMAPIProp, wanted: set[int]) -> None:
        """Messages also copy their recipients and attachments (PR_MESSAGE_RECIPIENTS /
        PR_MESSAGE_ATTACHMENTS: all of them for CopyTo unless excluded, when listed for CopyProps),
        embedded messages included, named properties mapped at every depth."""
        from fakemapi.dropin.interfaces.message import PyIMessage

        if not (isinstance(self, PyIMessage) and isinstance(dest, PyIMessage)):
            return
        src, dst = self._msg, dest._msg
        if PR_MESSAGE_RECIPIENTS >> 16 in wanted:
            dst.modify_recipients(0, [list(r.values()) for r in src.current_recipients()])
        if PR_MESSAGE_ATTACHMENTS >> 16 in wanted:
            mapper = self._name_mapper(dest)

            def names(bag: Bag) -> Bag:
                return make_bag(mapper(bag.values()))

            attachments = dst.writable_attachments()
            for att in src.current_attachments().values():
                num = dst.new_attachment_number()
                embedded = att.embedded.clone(dst.message.store, names) if att.embedded is not None else None
                attachments[num] = Attachment(num, names(att.props), embedded, att.ole)

    @api
    def GetLastError(self, hr: int, flags: int, /) -> Any:  # noqa: N802
        return _last_error(self._h.session, hr)


def _stream_bytes(tag: int, value: Any) -> bytes:
    ptype = tag & 0xFFFF
    if isinstance(value, bytes):
        return value
    text = str(value)
    return text.encode("utf-16-le") if ptype == t.PT_UNICODE else text.encode(ENCODING, "replace")


def _stream_value(tag: int, data: bytes) -> Any:
    ptype = tag & 0xFFFF
    if ptype == t.PT_UNICODE:
        return data.decode("utf-16-le", "replace").rstrip("\0")
    if ptype == t.PT_STRING8:
        return data.decode(ENCODING, "replace").rstrip("\0")
    return data


