"""PyIMAPIProp: GetProps, SetProps, DeleteProps, SaveChanges, CopyTo, OpenProperty, named properties."""

from __future__ import annotations

from typing import Any

from fakemapi import tags as t
from fakemapi.client.messages import Stream
from fakemapi.client.propobject import DerivedPropObject, PropObject
from fakemapi.dropin.base import PyIUnknown, api, wrap
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
    _opt_iid,
    _unicode,
)
from fakemapi.dropin.pytypes import as_uuid
from fakemapi.dropin.shapes import (
    ENCODING,
    as_int,
    as_nameids,
    as_props,
    as_tags,
    as_ulong,
    names_out,
    props_out,
)
from fakemapi.hresult import code, fail, signed
from fakemapi.props import read
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
    def GetProps(self, propList: Any, flags: Any = 0, /) -> tuple[int, tuple[tuple[int, Any], ...]]:  # noqa: N802,N803
        tags = as_tags(propList)
        flags = as_ulong(flags, "flags")
        errors, pairs = self._read(tags, _unicode(flags))
        return (MAPI_W_ERRORS_RETURNED if errors else 0), props_out(pairs)

    @api
    def SetProps(self, propList: Any, wantProblems: Any = False, /) -> tuple[int, Any]:  # noqa: N802,N803
        pairs = as_props(propList)
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
    def DeleteProps(self, propList: Any, wantProblems: Any = False, /) -> tuple[int, Any]:  # noqa: N802,N803
        tags = as_tags(propList, none_ok=False) or []
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
    def SaveChanges(self, flags: Any, /) -> None:  # noqa: N802
        value = as_ulong(flags, "flags")
        view = self._view()
        if not view.writable and (view.pending or view.deleted):
            raise fail("MAPI_E_NO_ACCESS", detail="the object was opened read-only")
        self._commit(view, value)
        return None

    @api
    def GetPropList(self, flags: Any, /) -> tuple[int, ...]:  # noqa: N802
        flags = as_ulong(flags, "flags")
        _, pairs = read(self._view().view(), None, _unicode(flags))
        return tuple(tag for tag, _ in pairs)

    @api
    def GetIDsFromNames(self, nameIds: Any, flags: Any = 0, /) -> tuple[int, ...]:  # noqa: N802,N803
        names = as_nameids(nameIds)
        value = as_ulong(flags, "flags")
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
    def GetNamesFromIDs(self, propTags: Any, propSetGuid: Any = None, flags: Any = 0, /) -> tuple[int, Any, Any]:  # noqa: N802,N803
        tags = as_tags(propTags)
        guid = _opt_iid(propSetGuid)
        as_ulong(flags, "flags")
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
    def OpenProperty(self, propTag: Any, iid: Any, interfaceOptions: Any, flags: Any, /) -> PyIUnknown:  # noqa: N802,N803
        tag = as_ulong(propTag, "propTag")
        want = as_uuid(iid, "iid")
        as_int(interfaceOptions, "interfaceOptions")
        value = as_ulong(flags, "flags")
        from fakemapi.dropin.interfaces.stream import PyIStream

        if want != IID_IStream:
            raise fail("MAPI_E_INTERFACE_NOT_SUPPORTED",
                       detail=f"fakemapi opens properties as IStream only, not {{{str(want).upper()}}}")
        ptype = tag & 0xFFFF
        if ptype not in (t.PT_BINARY, t.PT_STRING8, t.PT_UNICODE):
            raise fail("MAPI_E_NO_SUPPORT", detail=f"a property of type 0x{ptype:04X} has no stream")
        view = self._view()
        entry = (view.own() if isinstance(view, DerivedPropObject) else view.view()).get(tag >> 16)
        create = bool(value & MAPI_CREATE)
        writable = bool(value & (MAPI_MODIFY | MAPI_CREATE))
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

    @api
    def CopyTo(self, IIDExcludeList: Any, propTags: Any, uiParam: Any, progress: Any, resultIID: Any,  # noqa: N802,N803
               dest: Any, flags: Any, wantProblems: Any = False, /) -> tuple[int, Any]:  # noqa: N803
        if IIDExcludeList is not None and (isinstance(IIDExcludeList, (str, bytes))
                                           or not isinstance(IIDExcludeList, (list, tuple))):
            raise TypeError("Argument 1 must be a sequence of IID's, or None")
        exclude = set(as_tags(propTags) or [])
        return self._copy(None, {tag >> 16 for tag in exclude}, uiParam, progress, resultIID, dest, flags,
                          wantProblems)

    @api
    def CopyProps(self, propTags: Any, uiParam: Any, progress: Any, resultIID: Any, dest: Any,  # noqa: N802,N803
                  flags: Any, wantProblems: Any = False, /) -> tuple[int, Any]:  # noqa: N803
        tags = as_tags(propTags, none_ok=False) or []
        return self._copy(tags, set(), uiParam, progress, resultIID, dest, flags, wantProblems)

    def _copy(self, tags: list[int] | None, exclude: set[int], ui_param: Any, progress: Any, result_iid: Any,
              dest: Any, flags: Any, want_problems: Any) -> tuple[int, Any]:
        as_int(ui_param, "uiParam")
        if progress is not None and not isinstance(progress, str):
            raise TypeError("progress must be None")
        as_uuid(result_iid, "resultIID")
        value = as_ulong(flags, "flags")
        if not isinstance(dest, PyIMAPIProp):
            raise TypeError("The Python object is invalid (expected a PyIMAPIProp)")
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
        pairs = [(tag, val) for tag, val in candidates
                 if not (value & MAPI_NOREPLACE and tag >> 16 in existing)]
        target.set(pairs)
        self._copy_contents(dest, wanted_objects)
        if value & MAPI_MOVE and tags is not None and source.writable:
            source.delete([tag for tag, _ in pairs])
        return 0, (tuple(problems) if want_problems else None)

    def _copy_contents(self, dest: PyIMAPIProp, wanted: set[int]) -> None:
        """Messages also copy their recipients and attachments (PR_MESSAGE_RECIPIENTS /
        PR_MESSAGE_ATTACHMENTS: all of them for CopyTo unless excluded, when listed for CopyProps)."""
        from fakemapi.dropin.interfaces.message import PyIMessage

        if not (isinstance(self, PyIMessage) and isinstance(dest, PyIMessage)):
            return
        src, dst = self._msg, dest._msg
        if PR_MESSAGE_RECIPIENTS >> 16 in wanted:
            dst.modify_recipients(0, [list(r.values()) for r in src.current_recipients()])
        if PR_MESSAGE_ATTACHMENTS >> 16 in wanted:
            attachments = dst.writable_attachments()
            for att in src.current_attachments().values():
                num = dst.new_attachment_number()
                attachments[num] = Attachment(num, dict(att.props))

    @api
    def GetLastError(self, hr: Any, flags: Any = 0, /) -> Any:  # noqa: N802
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


