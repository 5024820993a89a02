"""The signature table: how pywin32 parses every call fakemapi wraps, transcribed from its sources.

One entry per wrapped function or method, keyed ``"PyIMAPITable.SetColumns"`` (the wrapper
class's qualified name) or ``"mapi.MAPILogonEx"`` (module and name). An entry gives:

* ``fmt``: the ``PyArg_ParseTuple`` format in the source. For methods SWIG generates from a
  declaration (``HRESULT SetColumns(SPropTagArray *INPUT, unsigned long lFlags)``) it is the
  format SWIG 1.1 generates: a typemapped argument is ``O``, ``long`` / ``unsigned long`` /
  ``ULONG`` are ``l``, ``int`` is ``i``, ``char *`` is ``s``; the ``:Name`` suffix is inferred.
* ``args``: one spec per argument, ``"name"``, ``"name:helper"``, with ``"=default"`` for an
  optional one (the C variable's initial value). The helper is the pywin32 conversion the C
  code applies after parsing (``tags`` = PyMAPIObject_AsSPropTagArray, ``mapistr`` =
  PyWinObject_AsMAPIStr, ``if:IMAPITable`` = PyCom_InterfaceFromPyInstanceOrObject, ...; the
  full list is ``HELPERS`` in :mod:`fakemapi.dropin.parse`). ``ulong`` marks an ``l`` parsed into
  an unsigned C variable (range-checked signed, then read as unsigned).
* ``unicode``: the argument whose ``MAPI_UNICODE`` bit picks PyWinObject_AsMAPIStr's wide form.
* ``result``: the shape handed back; ``source``: pywin32 file and line (paths under
  ``com/win32comext/mapi/src/`` unless they start with another top-level folder).

Adding a call: add one ``_s(...)`` line in the right section, then run
``python tools/signatures.py`` to regenerate ``docs/signatures.md``. These are facts, written as
our own data; no pywin32 code is copied.
"""

from __future__ import annotations

from typing import Any

import attrs

#: marks an argument without a default
REQUIRED: Any = attrs.NOTHING


@attrs.frozen(slots=True)
class Arg:
    name: str
    code: str
    helper: str | None
    default: Any = REQUIRED

    @property
    def optional(self) -> bool:
        return self.default is not REQUIRED


@attrs.frozen(slots=True)
class Signature:
    call: str
    fmt: str
    source: str
    result: str
    args: tuple[Arg, ...]
    unicode: str | None = None
    note: str = ""
    python: bool = False  # pywin32 implements it in Python (mapiutil.py): no C parsing
    unparsed: bool = False  # C code that reads no arguments (no PyArg_ParseTuple): any are taken

    @property
    def fname(self) -> str:
        """The name PyArg_ParseTuple puts in its messages ('' when the format has none)."""
        return self.fmt.partition(":")[2]


def format_codes(fmt: str) -> tuple[list[str], int]:
    """The codes of a PyArg_ParseTuple format (``s#`` is one code, and so is a tuple such as
    ``(kkk)``) and how many are required."""
    body = fmt.partition(":")[0]
    codes: list[str] = []
    required = -1
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "|":
            required = len(codes)
        elif ch == "(":
            end = body.index(")", i)
            inner = body[i + 1:end]
            if not inner or any(x in inner for x in "(|#"):
                raise ValueError(f"only flat tuples of simple codes are supported: {fmt!r}")
            codes.append(body[i:end + 1])
            i = end
        elif i + 1 < len(body) and body[i + 1] == "#":
            codes.append(ch + "#")
            i += 1
        else:
            codes.append(ch)
        i += 1
    return codes, (len(codes) if required < 0 else required)


_DEFAULTS: dict[str, Any] = {"0": 0, "1": 1, "None": None, "False": False, "True": True, "(0, 0, 0)": (0, 0, 0)}


def _s(call: str, fmt: str, source: str, result: str, *specs: str, unicode: str | None = None,
       note: str = "", python: bool = False, unparsed: bool = False) -> Signature:
    if unparsed and (fmt or specs):
        raise ValueError(f"{call}: an unparsed call has no format and no argument specs")
    codes, required = format_codes(fmt)
    if len(codes) != len(specs) and not python:
        raise ValueError(f"{call}: {len(specs)} argument specs for format {fmt!r}")
    args = []
    for i, spec in enumerate(specs):
        head, eq, default = spec.partition("=")
        name, _, helper = head.partition(":")
        if python:
            code = "O"
        else:
            code = codes[i]
            if (i >= required) != bool(eq):
                raise ValueError(f"{call}: argument {name!r} optional in {fmt!r} but spec {spec!r}")
        args.append(Arg(name, code, helper or None, _DEFAULTS[default] if eq else REQUIRED))
    sig = Signature(call, fmt, source, result, tuple(args), unicode, note, python, unparsed)
    if unicode is not None and unicode not in {a.name for a in args}:
        raise ValueError(f"{call}: unicode={unicode!r} names no argument")
    return sig


_G = "(version, errorText, component, lowLevelError, context) or None"
_ENTRIES: list[Signature] = [
    # ---- mapi (mapi.i) --------------------------------------------------------------------
    _s("mapi.MAPIInitialize", "O:MAPIInitialize", "mapi.i:609 (typemap mapilib.i:551)", "None",
       "init:mapiinit"),
    _s("mapi.MAPIUninitialize", ":MAPIUninitialize", "mapi.i:120", "None"),
    _s("mapi.MAPILogonEx", "lO|Ol", "mapi.i:629", "PyIMAPISession",
       "uiParam:ulong", "profileName:mapistr", "password:mapistr_none=None", "flags:ulong=0", unicode="flags"),
    _s("mapi.MAPIAdminProfiles", "l:MAPIAdminProfiles", "mapi.i:661", "PyIProfAdmin", "fFlags:ulong"),
    _s("mapi.HexFromBin", "s#:HexFromBin", "mapi.i:84", "str", "data"),
    _s("mapi.BinFromHex", "O:BinFromHex", "mapi.i:99", "bytes", "val:tchar"),
    _s("mapi.MAPIUIDFromBinary", "s#:MAPIUIDFromBinary", "mapi.i:745", "PyIID", "data"),
    _s("mapi.HrQueryAllRows", "OOOOl:HrQueryAllRows", "mapi.i:673", "tuple of rows",
       "table:if:IMAPITable", "properties:tags", "restrictions:restriction", "sortOrderSet:sort", "rowsMax"),
    _s("mapi.HrGetOneProp", "Ok:HrGetOneProp", "mapi.i:1121", "(tag, value)", "prop:ifo:IMAPIProp", "propTag"),
    _s("mapi.HrSetOneProp", "OO:HrSetOneProp", "mapi.i:1174", "None", "prop:ifo:IMAPIProp", "propValue:prop"),
    _s("mapi.HrAllocAdviseSink", "O|O:HrAllocAdviseSink", "mapi.i:1219", "PyIMAPIAdviseSink",
       "callback", "context=None", note="then TypeError 'OnNotify must be callable' (PyCallable_Check)"),
    _s("mapi.HrThisThreadAdviseSink", "O:HrThisThreadAdviseSink", "mapi.i:1237 (typemap mapilib.i:248)",
       "PyIMAPIAdviseSink", "object:if:IMAPIAdviseSink"),
    _s("mapi.HrDispatchNotifications", "l:HrDispatchNotifications", "mapi.i:1241", "None", "flags:ulong"),
    _s("mapi.OpenStreamOnFile", "O|lO:OpenStreamOnFile", "mapi.i:1021", "PyIStream",
       "filename:chars_none", "flags:ulong=0", "prefix:chars_none=None"),
    _s("mapi.OpenStreamOnFileW", "O|lO:OpenStreamOnFileW", "mapi.i:1077", "PyIStream",
       "filename:tchar_none", "flags:ulong=0", "prefix:tchar_none=None"),
    _s("mapi.RTFSync", "Ol:RTFSync", "mapi.i:681 (typemap mapilib.i:213)", "int (1 when it changed the message)",
       "message:if:IMessage", "flags:ulong"),
    _s("mapi.WrapCompressedRTFStream", "Ol:WrapCompressedRTFStream", "mapi.i:688 (typemap mapilib.i:317)",
       "PyIStream", "stream:if:IStream", "flags:ulong"),
    _s("mapi.WrapCompressedRTFStreamEx", "O|(kkk):PyWrapCompressedRTFStreamEx", "mapi.i:719", "(PyIStream, int)",
       "stream:ifo:IStream", "wcsinfo=(0, 0, 0)",
       note="wcsinfo is (ulFlags, ulInCodePage, ulOutCodePage); the stream is converted after the parse (mapi.i:723)"),
    _s("mapi.RTFStreamToHTML", "O:RTFStreamToHTML", "mapi.i:957", "bytes or None", "stream:ifo:IStream"),
    _s("mapi.OpenIMsgSession", "|l:OpenIMsgOnIStg", "mapi.i:764", "int (a session handle)", "flags=0",
       note="pywin32's format names the call OpenIMsgOnIStg"),
    _s("mapi.CloseIMsgSession", "l:CloseIMsgSession", "mapi.i:783", "None", "session"),
    _s("mapi.OpenIMsgOnIStg", "lOO|Oll:OpenIMsgOnIStg", "mapi.i:808", "PyIMessage",
       "session", "support", "storage", "callback=None", "callbackData=0", "flags=0",
       note="support and callback must be None (TypeError 'Only None us supported for MAPISupport and "
            "CallRelease', mapi.i:817), then storage through PyCom_InterfaceFromPyObject(IID_IStorage) (mapi.i:825)"),
    # ---- exchange, x86 EDK helpers (exchange.i) ---------------------------------------------
    _s("exchange.HrOpenExchangePrivateStore", "O:HrOpenExchangePrivateStore", "exchange.i:430", "PyIMsgStore",
       "session:if:IMAPISession"),
    _s("exchange.HrOpenExchangePublicStore", "O:HrOpenExchangePublicStore", "exchange.i:424", "PyIMsgStore",
       "session:if:IMAPISession"),
    _s("exchange.HrGetServerDN", "O:HrGetServerDN", "exchange.i:92", "str", "session:if:IMAPISession"),
    _s("exchange.HrGetMailboxDN", "O:HrGetMailboxDN", "exchange.i:86", "str", "session:if:IMAPISession"),
    _s("exchange.HrMAPIFindDefaultMsgStore", "O:HrMAPIFindDefaultMsgStore", "exchange.i:109", "bytes",
       "session:if:IMAPISession"),
    _s("exchange.HrMAPIFindStore", "OO:HrMAPIFindStore", "exchange.i:300", "bytes",
       "session:ifo:IMAPISession", "name:tchar"),
    _s("exchange.HrMAPIFindIPMSubtree", "O:HrMAPIFindIPMSubtree", "exchange.i:137", "bytes", "store:if:IMsgStore"),
    _s("exchange.HrMAPIFindInbox", "O:HrMAPIFindInbox", "exchange.i:166", "bytes", "store:if:IMsgStore"),
    _s("exchange.HrMAPIFindFolderEx", "OOO:HrMAPIFindFolderEx", "exchange.i:258", "bytes",
       "msgStore:ifo:IMsgStore", "sepString:tchar", "path:tchar"),
    _s("exchange.HrMAPIOpenFolderEx", "OOO:HrMAPIOpenFolderEx", "exchange.i:402", "PyIMAPIFolder",
       "msgStore:if_none:IMsgStore", "sep:tchar", "name:tchar",
       note="SWIG: IMsgStore *INPUT_NULLOK, WCHAR INPUT, WCHAR *INPUT; the by-value WCHAR is read as a str"),
    _s("exchange.HrMAPIFindFolder", "OO:HrMAPIFindFolder", "exchange.i:220", "bytes",
       "folder:ifo:IMAPIFolder", "name:tchar"),
    _s("exchange.HrCreateProfileName", "O:HrCreateProfileName", "exchange.i:336", "str", "prefix:chars"),
    _s("exchange.HrMailboxLogon", "OOss:HrMailboxLogon", "exchange.i:387", "PyIMsgStore",
       "session:if:IMAPISession", "msgStore:if:IMsgStore", "msgStoreDN", "mailboxDN"),
    _s("exchange.HrMailboxLogoff", "O:HrMailboxLogoff", "exchange.i:396 (typemap mapilib.i:335)", "None",
       "inbox:if:IMsgStore"),
    _s("exchange.HrMAPISetPropBoolean", "Oli:HrMAPISetPropBoolean", "exchange.i:410", "None",
       "obj:if:IMAPIProp", "tag:ulong", "val"),
    _s("exchange.HrMAPISetPropLong", "Oll:HrMAPISetPropLong", "exchange.i:417", "None",
       "obj:if:IMAPIProp", "tag:ulong", "val"),
    # ---- mapiutil (pywin32's mapiutil.py: Python, no C parsing) --------------------------------
    _s("mapiutil.GetPropTagName", "", "com/win32comext/mapi/mapiutil.py:12", "str", "pt", python=True),
    _s("mapiutil.GetScodeString", "", "com/win32comext/mapi/mapiutil.py:65", "str", "hr", python=True),
    _s("mapiutil.GetMapiTypeName", "", "com/win32comext/mapi/mapiutil.py:76", "str", "propType",
       "rawType=True", python=True),
    _s("mapiutil.GetProperties", "", "com/win32comext/mapi/mapiutil.py:93", "list or value", "obj", "propList",
       python=True),
    _s("mapiutil.GetAllProperties", "", "com/win32comext/mapi/mapiutil.py:128", "list", "obj",
       "make_tag_names=True", python=True),
    _s("mapiutil.SetPropertyValue", "", "com/win32comext/mapi/mapiutil.py:155", "None", "obj", "prop", "val",
       python=True),
    _s("mapiutil.SetProperties", "", "com/win32comext/mapi/mapiutil.py:175", "None", "msg", "propDict",
       python=True),
    # ---- pythoncom module functions (com/win32com/src/PythonCOM.cpp, PyStorage.cpp) --------------
    _s("pythoncom.CoInitialize", ":CoInitialize", "com/win32com/src/PythonCOM.cpp:933", "None"),
    _s("pythoncom.CoInitializeEx", "l:CoInitializeEx", "com/win32com/src/PythonCOM.cpp:966", "None",
       "flags:ulong"),
    _s("pythoncom.CoUninitialize", "", "com/win32com/src/PythonCOM.cpp:1955 (body :983)", "None", unparsed=True,
       note="no PyArg_ParseTuple: any arguments are taken and ignored"),
    _s("pythoncom.CoCreateInstance", "OOiO:CoCreateInstance", "com/win32com/src/PythonCOM.cpp:102", "PyIUnknown",
       "clsid:iid", "unkOuter", "context", "iid:iid",
       note="then unkOuter through PyCom_InterfaceFromPyInstanceOrObject(IID_IUnknown, bNoneOK TRUE), after "
            "both IIDs (PythonCOM.cpp:109-114)"),
    _s("pythoncom.GetScodeString", "k", "com/win32com/src/PythonCOM.cpp:595", "str", "scode",
       note="no :name in the format, so CPython's messages say 'function'"),
    _s("pythoncom.MakeIID", "O|i", "com/win32com/src/PythonCOM.cpp:730 (win32/src/PyIID.cpp:20)", "PyIID",
       "iidString", "is_bytes=0", note="pywintypes.IID after a DeprecationWarning"),
    _s("pythoncom.PumpWaitingMessages", "|ii:PumpWaitingMessages", "com/win32com/src/PythonCOM.cpp:1423",
       "int (1 after WM_QUIT, else 0)", "firstMessage=0", "lastMessage=0"),
    _s("pythoncom.CreateStreamOnHGlobal", "|Ol:CreateStreamOnHGlobal", "com/win32com/src/PyStorage.cpp:113",
       "PyIStream", "hGlobal:handle=None", "DeleteOnRelease=True"),
    _s("pythoncom.CreateILockBytesOnHGlobal", "|Ol:CreateILockBytesOnHGlobal",
       "com/win32com/src/PyStorage.cpp:136", "PyILockBytes", "hGlobal:handle=None", "DeleteOnRelease=True"),
    _s("pythoncom.StgCreateDocfile", "Oi|i:StgCreateDocfile", "com/win32com/src/PyStorage.cpp:162", "PyIStorage",
       "name:bstr_none", "mode:ulong", "reserved=0", note="None: a temporary compound file (in memory here)"),
    _s("pythoncom.StgCreateDocfileOnILockBytes", "Oi|i:StgCreateDocfileOnILockBytes",
       "com/win32com/src/PyStorage.cpp:188", "PyIStorage", "lockBytes:ifo:ILockBytes", "mode:ulong", "reserved=0"),
    _s("pythoncom.StgOpenStorageOnILockBytes", "OOk|Ok:StgOpenStorageOnILockBytes",
       "com/win32com/src/PyStorage.cpp:219", "PyIStorage", "lockBytes:ifo:ILockBytes",
       "stgPriority:ifo_none:IStorage", "mode", "snbExclude=None", "reserved=0",
       note="snbExclude is parsed and not used: NULL reaches StgOpenStorageOnILockBytes (PyStorage.cpp:236)"),
    _s("pythoncom.StgOpenStorage", "OOi|Oi:StgOpenStorage", "com/win32com/src/PyStorage.cpp:278", "PyIStorage",
       "name:bstr_none", "other:ifo_none:IStorage", "mode:ulong", "snbExclude=None", "reserved=0",
       note="snbExclude is parsed and not used: NULL reaches StgOpenStorage (PyStorage.cpp:293)"),
    _s("pythoncom.ReadClassStg", "O:ReadClassStg", "com/win32com/src/PyStorage.cpp:14", "PyIID",
       "storage:ifo:IStorage"),
    _s("pythoncom.WriteClassStg", "OO:WriteClassStg", "com/win32com/src/PyStorage.cpp:35", "None",
       "storage", "iid:iid",
       note="then storage through PyCom_InterfaceFromPyObject(IID_IStorage), after the IID (PyStorage.cpp:41-46)"),
    # ---- pywintypes module functions (win32/src/PyIID.cpp, PyTime.cpp) ----------------------------
    _s("pywintypes.IID", "O|i", "win32/src/PyIID.cpp:20", "PyIID", "iidString", "is_bytes=0",
       note="is_bytes: the first 16 bytes of a buffer; else a PyIID as it is, or a str through CLSIDFromString"),
    _s("pywintypes.Time", "O", "win32/src/PyTime.cpp:60", "a datetime (PyTime.cpp:260 PyWin_NewTime)",
       "timeRepr"),
    # ---- winerror (pywin32's win32/Lib/winerror.py: Python, no C parsing) ----------------------------
    _s("winerror.SUCCEEDED", "", "win32/Lib/winerror.py:3411", "bool", "hr", python=True),
    _s("winerror.FAILED", "", "win32/Lib/winerror.py:3415", "bool", "hr", python=True),
    _s("winerror.HRESULT_CODE", "", "win32/Lib/winerror.py:3419", "int", "hr", python=True),
    _s("winerror.SCODE_CODE", "", "win32/Lib/winerror.py:3423", "int", "sc", python=True),
    _s("winerror.HRESULT_FACILITY", "", "win32/Lib/winerror.py:3427", "int", "hr", python=True),
    _s("winerror.SCODE_FACILITY", "", "win32/Lib/winerror.py:3431", "int", "sc", python=True),
    _s("winerror.HRESULT_SEVERITY", "", "win32/Lib/winerror.py:3435", "int", "hr", python=True),
    _s("winerror.SCODE_SEVERITY", "", "win32/Lib/winerror.py:3439", "int", "sc", python=True),
    # ---- pythoncom PyIUnknown (com/win32com/src/PyIUnknown.cpp) --------------------------------
    _s("PyIUnknown.QueryInterface", "O|O:QueryInterface", "com/win32com/src/PyIUnknown.cpp:123",
       "the object through the interface", "iid:iid", "useIID=None"),
    # ---- PyIMAPIProp (PyIMAPIProp.i) ------------------------------------------------------------
    _s("PyIMAPIProp.GetProps", "O|l:GetProps", "PyIMAPIProp.i:49", "(hr, ((tag, value), ...))",
       "propList:tags", "flags:ulong=0", note="hr is 0 or MAPI_W_ERRORS_RETURNED"),
    _s("PyIMAPIProp.SetProps", "O|O:SetProps", "PyIMAPIProp.i:131", "(0, problems or None)",
       "propList:props", "wantProblems:bool=False"),
    _s("PyIMAPIProp.DeleteProps", "O|O:DeleteProps", "PyIMAPIProp.i:97", "(0, problems or None)",
       "propList:tags", "wantProblems:bool=False"),
    _s("PyIMAPIProp.SaveChanges", "l:SaveChanges", "PyIMAPIProp.i:444", "None", "flags:ulong"),
    _s("PyIMAPIProp.GetPropList", "l:GetPropList", "PyIMAPIProp.i:462", "tuple of tags", "flags:ulong"),
    _s("PyIMAPIProp.GetIDsFromNames", "O|l:GetIDsFromNames", "PyIMAPIProp.i:339", "tuple of tags",
       "nameIds:nameids", "flags:ulong=0"),
    _s("PyIMAPIProp.GetNamesFromIDs", "O|Ol:GetIDsFromNames", "PyIMAPIProp.i:373", "(hr, tags, names)",
       "propTags:tags", "propSetGuid:iid_none=None", "flags:ulong=0",
       note="pywin32's format names the call GetIDsFromNames"),
    _s("PyIMAPIProp.OpenProperty", "kOll:OpenProperty", "PyIMAPIProp.i:317", "PyIUnknown (PyIStream)",
       "propTag", "iid:iid", "interfaceOptions", "flags:ulong"),
    _s("PyIMAPIProp.CopyTo", "OOlzOOl|O:CopyTo", "PyIMAPIProp.i:186", "(0, problems or None)",
       "IIDExcludeList:iid_seq_none", "propTags:tags", "uiParam:ulong", "progress", "resultIID:iid",
       "dest:if:IMAPIProp", "flags:ulong", "wantProblems:bool=False"),
    _s("PyIMAPIProp.CopyProps", "OlzOOl|O:CopyProps", "PyIMAPIProp.i:267", "(0, problems or None)",
       "propTags:tags", "uiParam:ulong", "progress", "resultIID:iid", "dest:if:IMAPIProp", "flags:ulong",
       "wantProblems:bool=False"),
    _s("PyIMAPIProp.GetLastError", "l|l:GetLastError", "PyIMAPIProp.i:421", _G, "hr", "flags:ulong=0"),
    # ---- PyIMAPISession (PyIMAPISession.i) ------------------------------------------------------
    _s("PyIMAPISession.OpenMsgStore", "ls#Ol:OpenMsgStore", "PyIMAPISession.i:104", "PyIMsgStore",
       "uiParam:ulong", "entryId", "iid:iid_none", "flags:ulong"),
    _s("PyIMAPISession.OpenEntry", "OOl:OpenEntry", "PyIMAPISession.i:54", "PyIUnknown subclass",
       "entryId:entryid_none", "iid:iid_none", "flags:ulong"),
    _s("PyIMAPISession.GetMsgStoresTable", "l:GetMsgStoresTable", "PyIMAPISession.i:288", "PyIMAPITable",
       "flags:ulong"),
    _s("PyIMAPISession.GetStatusTable", "l:GetStatusTable", "PyIMAPISession.i:294", "PyIMAPITable", "flags:ulong"),
    _s("PyIMAPISession.QueryIdentity", ":QueryIdentity", "PyIMAPISession.i:134", "bytes"),
    _s("PyIMAPISession.Logoff", "lll:Logoff", "PyIMAPISession.i:300", "None",
       "uiParm:ulong", "flags:ulong", "reserved:ulong"),
    _s("PyIMAPISession.OpenProfileSection", "OOl:OpenProfileSection", "PyIMAPISession.i:314", "PyIProfSect",
       "iidSection:iid", "iid:iid_none", "flags:ulong"),
    _s("PyIMAPISession.AdminServices", "|l:AdminServices", "PyIMAPISession.i:322", "PyIMsgServiceAdmin",
       "flags:ulong=0"),
    _s("PyIMAPISession.CompareEntryIDs", "OO|i:CompareEntryIDs", "PyIMAPISession.i:226", "int",
       "entryId:chars_bytes", "entryId2:chars_bytes", "flags=0"),
    _s("PyIMAPISession.OpenAddressBook", "lOl:OpenAddressBook", "PyIMAPISession.i:306", "PyIAddrBook",
       "uiParm:ulong", "iid:iid_none", "flags:ulong"),
    _s("PyIMAPISession.GetLastError", "l|l:GetLastError", "PyIMAPISession.i:266", _G, "hr", "flags:ulong=0"),
    _s("PyIMAPISession.Advise", "OkO:Advise", "PyIMAPISession.i:169", "int (a connection)",
       "entryId:entryid_none", "mask", "sink:ifo:IMAPIAdviseSink"),
    _s("PyIMAPISession.Unadvise", "l:Unadvise", "PyIMAPISession.i:208", "None", "connection:ulong"),
    # ---- PyIMsgStore (PyIMsgStore.i) ------------------------------------------------------------
    _s("PyIMsgStore.OpenEntry", "OOl:OpenEntry", "PyIMsgStore.i:52", "PyIUnknown subclass",
       "entryId:entryid_none", "iid:iid_none", "flags:ulong"),
    _s("PyIMsgStore.StoreLogoff", "k:StoreLogoff", "PyIMsgStore.i:93", "int (the flags MAPI returns)", "flags"),
    _s("PyIMsgStore.GetReceiveFolder", "|Ol:GetReceiveFolder", "PyIMsgStore.i:126", "(entryid, explicitClass)",
       "messageClass:mapistr_none=None", "flags:ulong=0", unicode="flags"),
    _s("PyIMsgStore.GetReceiveFolderTable", "l:GetReceiveFolderTable", "PyIMsgStore.i:152", "PyIMAPITable",
       "flags:ulong"),
    _s("PyIMsgStore.CompareEntryIDs", "OO|i:CompareEntryIDs", "PyIMsgStore.i:173", "int",
       "entryId:chars_bytes", "entryId2:chars_bytes", "flags=0"),
    _s("PyIMsgStore.AbortSubmit", "O|i:AbortSubmit", "PyIMsgStore.i:245", "None",
       "entryId:chars_bytes", "flags=0"),
    _s("PyIMsgStore.GetLastError", "l|l:GetLastError", "PyIMsgStore.i:211", _G, "hr", "flags:ulong=0"),
    _s("PyIMsgStore.Advise", "OkO:Advise", "PyIMsgStore.i:284", "int (a connection)",
       "entryId:entryid_opt", "eventMask", "adviseSink:if:IMAPIAdviseSink"),
    _s("PyIMsgStore.Unadvise", "l:Unadvise", "PyIMsgStore.i:319", "None", "connection:ulong"),
    # ---- PyIMAPIContainer / PyIMAPIFolder (PyIMAPIContainer.i, PyIMAPIFolder.i) -------------------
    _s("PyIMAPIContainer.GetContentsTable", "l:GetContentsTable", "PyIMAPIContainer.i:82", "PyIMAPITable",
       "flags:ulong"),
    _s("PyIMAPIContainer.GetHierarchyTable", "l:GetHierarchyTable", "PyIMAPIContainer.i:86", "PyIMAPITable",
       "flags:ulong"),
    _s("PyIMAPIContainer.OpenEntry", "OOl:OpenEntry", "PyIMAPIContainer.i:49", "PyIUnknown subclass",
       "entryId:entryid_none", "iid:iid_none", "flags:ulong"),
    _s("PyIMAPIFolder.CreateFolder", "lO|OOl", "PyIMAPIFolder.i:88", "PyIMAPIFolder",
       "folderType:ulong", "folderName:mapistr", "folderComment:mapistr_none=None", "iid:iid_none=None",
       "flags:ulong=0", unicode="flags"),
    _s("PyIMAPIFolder.DeleteFolder", "OOO|l:DeleteFolder", "PyIMAPIFolder.i:159", "int",
       "entryId:entryid", "uiParam:ulong_ptr", "progress:if_none:IMAPIProgress", "flags:ulong=0"),
    _s("PyIMAPIFolder.CreateMessage", "Ol:CreateMessage", "PyIMAPIFolder.i:125", "PyIMessage",
       "iid:iid_none", "flags:ulong"),
    _s("PyIMAPIFolder.CopyMessages", "OOOlOl:CopyMessages", "PyIMAPIFolder.i:131", "int (0 or MAPI_W_*)",
       "msgs:binarray", "iid:iid_none", "folder:if:IMAPIFolder", "ulUIParam:ulong",
       "progress:if_none:IMAPIProgress", "flags:ulong"),
    _s("PyIMAPIFolder.DeleteMessages", "OlOl:DeleteMessages", "PyIMAPIFolder.i:192", "int (0 or MAPI_W_*)",
       "msgs:binarray", "uiParam:ulong", "progress:if_none:IMAPIProgress", "flags:ulong"),
    _s("PyIMAPIFolder.EmptyFolder", "lOl:EmptyFolder", "PyIMAPIFolder.i:199", "int (0 or MAPI_W_*)",
       "uiParam:ulong", "progress:if_none:IMAPIProgress", "flags:ulong"),
    _s("PyIMAPIFolder.SetReadFlags", "OlOl:SetReadFlags", "PyIMAPIFolder.i:206", "int (0 or MAPI_W_*)",
       "msgs:binarray", "uiParam:ulong", "progress:if_none:IMAPIProgress", "flags:ulong"),
    _s("PyIMAPIFolder.GetLastError", "l|l:GetLastError", "PyIMAPIFolder.i:46", _G, "hr", "flags:ulong=0"),
    # ---- PyIMessage / PyIAttach (PyIMessage.i, PyIAttach.i) ------------------------------------------
    _s("PyIMessage.SetReadFlag", "l:SetReadFlag", "PyIMessage.i:34", "None", "flag:ulong"),
    _s("PyIMessage.GetAttachmentTable", "l:GetAttachmentTable", "PyIMessage.i:40", "PyIMAPITable", "flags:ulong"),
    _s("PyIMessage.OpenAttach", "lOl:OpenAttach", "PyIMessage.i:46", "PyIAttach",
       "attachmentNum:ulong", "interface:iid_none", "flags:ulong"),
    _s("PyIMessage.CreateAttach", "Ol:CreateAttach", "PyIMessage.i:55", "[attachmentNum, PyIAttach]",
       "interface:iid_none", "flags:ulong"),
    _s("PyIMessage.DeleteAttach", "llOl:DeleteAttach", "PyIMessage.i:63", "None",
       "attachmentNum:ulong", "ulUIParam:ulong", "interface:if_none:IMAPIProgress", "flags:ulong"),
    _s("PyIMessage.GetRecipientTable", "l:GetRecipientTable", "PyIMessage.i:77", "PyIMAPITable", "flags:ulong"),
    _s("PyIMessage.ModifyRecipients", "lO:ModifyRecipients", "PyIMessage.i:71", "None",
       "flags:ulong", "mods:adrlist"),
    _s("PyIMessage.SubmitMessage", "l:SubmitMessage", "PyIMessage.i:83", "None", "flags:ulong"),
    # ---- PyIMAPITable (PyIMAPITable.i) ----------------------------------------------------------
    _s("PyIMAPITable.SetColumns", "Ol:SetColumns", "PyIMAPITable.i:99", "None", "propTags:tags", "flags:ulong"),
    _s("PyIMAPITable.QueryColumns", "l:QueryColumns", "PyIMAPITable.i:120", "tuple of tags", "flags:ulong"),
    _s("PyIMAPITable.QueryRows", "ll:QueryRows", "PyIMAPITable.i:93", "tuple of rows", "rowCount", "flags:ulong"),
    _s("PyIMAPITable.GetRowCount", "l:GetRowCount", "PyIMAPITable.i:87", "int", "flags:ulong"),
    _s("PyIMAPITable.SeekRow", "ll:SeekRow", "PyIMAPITable.i:72", "int (rows moved)",
       "bookmark:ulong", "rowCount"),
    _s("PyIMAPITable.SeekRowApprox", "ll:SeekRowApprox", "PyIMAPITable.i:80", "None",
       "numerator:ulong", "denominator:ulong"),
    _s("PyIMAPITable.QueryPosition", ":QueryPosition", "PyIMAPITable.i:113", "[row, numerator, denominator]"),
    _s("PyIMAPITable.GetStatus", ":GetStatus", "PyIMAPITable.i:106", "[tableStatus, tableType]"),
    _s("PyIMAPITable.CreateBookmark", ":CreateBookmark", "PyIMAPITable.i:134", "int"),
    _s("PyIMAPITable.FreeBookmark", "l:FreeBookmark", "PyIMAPITable.i:129", "None", "bookmark:ulong"),
    _s("PyIMAPITable.Abort", ":Abort", "PyIMAPITable.i:126", "None"),
    _s("PyIMAPITable.Restrict", "Ol:Restrict", "PyIMAPITable.i:139", "None",
       "restriction:restriction", "flags:ulong"),
    _s("PyIMAPITable.SortTable", "Ol:SortTable", "PyIMAPITable.i:152", "None", "sortOrderSet:sort", "flags:ulong"),
    _s("PyIMAPITable.FindRow", "Oll:FindRow", "PyIMAPITable.i:145", "None",
       "restriction:restriction", "bookmarkOrigin:ulong", "flags:ulong"),
    _s("PyIMAPITable.Advise", "lO:Advise", "PyIMAPITable.i:66", "int", "eventMask:ulong",
       "adviseSink:if:IMAPIAdviseSink"),
    _s("PyIMAPITable.Unadvise", "l:Unadvise", "PyIMAPITable.i:158", "None", "handle:ulong"),
    _s("PyIMAPITable.GetLastError", "l|l:GetLastError", "PyIMAPITable.i:44", _G, "hr", "flags:ulong=0"),
    # ---- PyIProfAdmin (PyIProfAdmin.i) ----------------------------------------------------------
    _s("PyIProfAdmin.GetProfileTable", "l:GetProfileTable", "PyIProfAdmin.i:111", "PyIMAPITable", "flags:ulong"),
    _s("PyIProfAdmin.CreateProfile", "OO|ll", "PyIProfAdmin.i:82", "None",
       "oldProfileName:mapistr", "Password:mapistr_none", "uiParam:ulong=0", "flags:ulong=0", unicode="flags"),
    _s("PyIProfAdmin.DeleteProfile", "O|l", "PyIProfAdmin.i:129", "None",
       "oldProfileName:mapistr", "flags:ulong=0", unicode="flags"),
    _s("PyIProfAdmin.SetDefaultProfile", "O|l", "PyIProfAdmin.i:275", "None",
       "profileName:mapistr_none", "flags:ulong=0", unicode="flags"),
    _s("PyIProfAdmin.AdminServices", "O|Oll", "PyIProfAdmin.i:314", "PyIMsgServiceAdmin",
       "profileName:mapistr", "Password:mapistr_none=None", "uiParam:ulong=0", "flags:ulong=0", unicode="flags"),
    _s("PyIProfAdmin.GetLastError", "l|l:GetLastError", "PyIProfAdmin.i:44", _G, "hr", "flags:ulong=0"),
    _s("PyIProfAdmin.ChangeProfilePassword", "OOOl:ChangeProfilePassword", "PyIProfAdmin.i:151", "None",
       "profileName:tchar", "oldPassword:tchar_none", "newPassword:tchar_none", "flags:ulong",
       note="SWIG: TCHAR *INPUT, TCHAR *INPUT_NULLOK x2 (typemaps SWIG/swig_lib/python/pywintypes.i:113, :127)"),
    _s("PyIProfAdmin.CopyProfile", "OOO|ll", "PyIProfAdmin.i:177", "None",
       "oldProfileName:mapistr", "Password:mapistr_none", "newProfileName:mapistr", "uiParam:ulong=0",
       "flags:ulong=0", unicode="flags"),
    _s("PyIProfAdmin.RenameProfile", "OOO|ll", "PyIProfAdmin.i:229", "None",
       "oldProfileName:mapistr", "Password:mapistr_none", "newProfileName:mapistr", "uiParam:ulong=0",
       "flags:ulong=0", unicode="flags"),
    # ---- PyIMsgServiceAdmin (PyIMsgServiceAdmin.i) --------------------------------------------------
    _s("PyIMsgServiceAdmin.CreateMsgService", "OO|ll", "PyIMsgServiceAdmin.i:82", "None",
       "serviceName:mapistr", "displayName:mapistr_none", "uiParam:ulong=0", "flags:ulong=0", unicode="flags"),
    _s("PyIMsgServiceAdmin.ConfigureMsgService", "OiiO:ConfigureMsgService", "PyIMsgServiceAdmin.i:122", "None",
       "iid:iid", "ulUIParam", "ulFlags", "props:props_none"),
    _s("PyIMsgServiceAdmin.GetMsgServiceTable", "l:GetMsgServiceTable", "PyIMsgServiceAdmin.i:154",
       "PyIMAPITable", "flags:ulong"),
    _s("PyIMsgServiceAdmin.DeleteMsgService", "O:DeleteMsgService", "PyIMsgServiceAdmin.i:166", "None",
       "uuid:iid"),
    _s("PyIMsgServiceAdmin.RenameMsgService", "OlO:RenameMsgService", "PyIMsgServiceAdmin.i:172", "None",
       "uuid:iid", "flags:ulong", "newName:tchar"),
    _s("PyIMsgServiceAdmin.OpenProfileSection", "OOl:OpenProfileSection", "PyIMsgServiceAdmin.i:179",
       "PyIProfSect", "uuid:iid", "iid:iid_none", "flags:ulong"),
    _s("PyIMsgServiceAdmin.GetLastError", "l|l:GetLastError", "PyIMsgServiceAdmin.i:44", _G, "hr",
       "flags:ulong=0"),
    _s("PyIMsgServiceAdmin.GetProviderTable", "l:GetProviderTable", "PyIMsgServiceAdmin.i:160", "PyIMAPITable",
       "flags:ulong"),
    _s("PyIMsgServiceAdmin.AdminProviders", "Ol:AdminProviders", "PyIMsgServiceAdmin.i:188 (typemap mapilib.i:11)",
       "PyIProviderAdmin", "uuid:iid", "flags:ulong"),
    _s("PyIMsgServiceAdmin2.CreateMsgServiceEx", "OO|ll", "PyIMsgServiceAdmin2.i:52", "PyIID (the service's uid)",
       "serviceName:mapistr", "displayName:mapistr_none", "uiParam:ulong=0", "flags:ulong=0", unicode="flags"),
    # ---- PyIProviderAdmin (PyIProviderAdmin.i) ---------------------------------------------------
    _s("PyIProviderAdmin.GetLastError", "l|l:GetLastError", "PyIProviderAdmin.i:43", _G, "hr", "flags:ulong=0"),
    _s("PyIProviderAdmin.GetProviderTable", "l:GetProviderTable", "PyIProviderAdmin.i:65", "PyIMAPITable",
       "flags:ulong"),
    _s("PyIProviderAdmin.DeleteProvider", "O:DeleteProvider", "PyIProviderAdmin.i:71 (typemap mapilib.i:11)", "None",
       "uuid:iid"),
    _s("PyIProviderAdmin.OpenProfileSection", "OOl:OpenProfileSection", "PyIProviderAdmin.i:76", "PyIProfSect",
       "uuid:iid", "iid:iid_none", "flags:ulong"),
    _s("PyIProviderAdmin.CreateProvider", "slOll", "PyIProviderAdmin.i:95", "PyIID (the provider's uid)",
       "name", "cValues:ulong", "props:props_none", "uiParam:ulong", "flags:ulong",
       note="no :name in the format, so CPython's messages say 'function'"),
    # ---- PyIMAPIStatus (PyIMAPIStatus.i) --------------------------------------------------------
    _s("PyIMAPIStatus.ChangePassword", "OOl:ChangePassword", "PyIMAPIStatus.i:41", "None",
       "oldPassword:tchar", "newPassword:tchar", "ulFlags:ulong"),
    _s("PyIMAPIStatus.SettingsDialog", "ll:SettingsDialog", "PyIMAPIStatus.i:46", "None",
       "ulUIParam:ulong", "ulFlags:ulong"),
    _s("PyIMAPIStatus.ValidateState", "ll:ValidateState", "PyIMAPIStatus.i:51", "None",
       "ulUIParam:ulong", "ulFlags:ulong"),
    _s("PyIMAPIStatus.FlushQueues", "lz#l:FlushQueues", "PyIMAPIStatus.i:70", "None",
       "ulUIParam:ulong", "transport", "ulFlags:ulong"),
    # ---- PyIAddrBook / PyIMailUser (PyIAddrBook.i, PyIMailUser.i: PyIMailUser is a PyIMAPIContainer) ----
    _s("PyIAddrBook.ResolveName", "llOO:ResolveName", "PyIAddrBook.i:31", "the resolved ADRLIST",
       "uiParm:ulong", "flags:ulong", "entryTitle:tchar_none", "ADRLIST:adrlist"),
    _s("PyIAddrBook.OpenEntry", "OOl:OpenEntry", "PyIAddrBook.i:58", "PyIMailUser",
       "entryId:entryid_none", "iid:iid_none", "flags:ulong"),
    _s("PyIAddrBook.CompareEntryIDs", "OO|i:CompareEntryIDs", "PyIAddrBook.i:104", "int",
       "entryId:chars_bytes", "entryId2:chars_bytes", "flags=0"),
    _s("PyIAddrBook.GetLastError", "l|l:GetLastError", "PyIMAPIProp.i:421", _G, "hr", "flags:ulong=0",
       note="inherited from PyIMAPIProp"),
    _s("PyIMailUser.GetContentsTable", "l:GetContentsTable", "PyIMAPIContainer.i:82", "PyIMAPITable",
       "flags:ulong", note="inherited from PyIMAPIContainer"),
    _s("PyIMailUser.GetHierarchyTable", "l:GetHierarchyTable", "PyIMAPIContainer.i:86", "PyIMAPITable",
       "flags:ulong", note="inherited from PyIMAPIContainer"),
    _s("PyIMailUser.OpenEntry", "OOl:OpenEntry", "PyIMAPIContainer.i:49", "PyIUnknown subclass",
       "entryId:entryid_none", "iid:iid_none", "flags:ulong", note="inherited from PyIMAPIContainer"),
    _s("PyIABContainer.GetContentsTable", "l:GetContentsTable", "PyIMAPIContainer.i:82", "PyIMAPITable",
       "flags:ulong", note="inherited from PyIMAPIContainer"),
    _s("PyIABContainer.GetHierarchyTable", "l:GetHierarchyTable", "PyIMAPIContainer.i:86", "PyIMAPITable",
       "flags:ulong", note="inherited from PyIMAPIContainer"),
    _s("PyIDistList.GetContentsTable", "l:GetContentsTable", "PyIMAPIContainer.i:82", "PyIMAPITable",
       "flags:ulong", note="inherited from PyIMAPIContainer"),
    _s("PyIDistList.GetHierarchyTable", "l:GetHierarchyTable", "PyIMAPIContainer.i:86", "PyIMAPITable",
       "flags:ulong", note="inherited from PyIMAPIContainer"),
    _s("_ABTableOwner.OpenEntry", "OOl:OpenEntry", "PyIMAPIContainer.i:49", "PyIMailUser or PyIDistList",
       "entryId:entryid_none", "iid:iid_none", "flags:ulong",
       note="PyIABContainer's and PyIDistList's, inherited from PyIMAPIContainer"),
    # ---- PyIConverterSession (PyIConverterSession.i) ----------------------------------------------
    _s("PyIConverterSession.MIMEToMAPI", "OO|l:MIMEToMAPI", "PyIConverterSession.i:68", "None",
       "stream:ifo:IStream", "msg:ifo:IMessage", "flags:ulong=0",
       note="pywin32 leaves flags uninitialised when omitted; fakemapi takes 0"),
    _s("PyIConverterSession.MAPIToMIMEStm", "OO|l:MAPIToMIMEStm", "PyIConverterSession.i:113", "None",
       "msg:ifo:IMessage", "stream:ifo:IStream", "flags:ulong=0",
       note="pywin32 leaves flags uninitialised when omitted; fakemapi takes 0"),
    _s("PyIConverterSession.SetAdrBook", "O:SetAdrBook", "PyIConverterSession.i:156", "None",
       "addrBook:ifo_none:IAddrBook"),
    # ---- IExchangeManageStore(Ex) (PyIExchangeManageStore.i, PyIExchangeManageStoreEx.i) ------------
    _s("PyIExchangeManageStore.CreateStoreEntryID", "OO|l:CreateStoreEntryID", "PyIExchangeManageStore.i:76",
       "bytes", "serverDN:chars", "userDN:chars_none", "flags:ulong=0"),
    _s("PyIExchangeManageStoreEx.CreateStoreEntryID2", "O|l:CreateStoreEntryID2",
       "PyIExchangeManageStoreEx.i:73", "bytes", "props:props", "flags:ulong=0"),
    # ---- pythoncom PyIStream (com/win32com/src/extensions/PyIStream.cpp) -------------------------------
    _s("PyIStream.Read", "l:Read", "com/win32com/src/extensions/PyIStream.cpp:19", "bytes", "numBytes:nonzero"),
    _s("PyIStream.read", "l:Read", "com/win32com/src/extensions/PyIStream.cpp:19", "bytes", "numBytes:nonzero",
       note="an alias of Read"),
    _s("PyIStream.Write", "O:Write", "com/win32com/src/extensions/PyIStream.cpp:52", "int (bytes written)",
       "data:buffer"),
    _s("PyIStream.write", "O:Write", "com/win32com/src/extensions/PyIStream.cpp:52", "int (bytes written)",
       "data:buffer", note="an alias of Write"),
    _s("PyIStream.Seek", "Ol", "com/win32com/src/extensions/PyIStream.cpp:78", "int (new position)",
       "offset:large", "origin"),
    _s("PyIStream.SetSize", "O", "com/win32com/src/extensions/PyIStream.cpp:99", "None", "newSize:ularge"),
    _s("PyIStream.CopyTo", "OO:CopyTo", "com/win32com/src/extensions/PyIStream.cpp:126", "int (bytes written)",
       "stream:ifo:IStream", "cb:ularge"),
    _s("PyIStream.Commit", "|l:Commit", "com/win32com/src/extensions/PyIStream.cpp:155", "None", "flags=0"),
    _s("PyIStream.Revert", ":Revert", "com/win32com/src/extensions/PyIStream.cpp:174", "None"),
    _s("PyIStream.Clone", ":Clone", "com/win32com/src/extensions/PyIStream.cpp:252", "PyIStream"),
    _s("PyIStream.Stat", "|i:Stat", "com/win32com/src/extensions/PyIStream.cpp:274", "STATSTG tuple",
       "grfStatFlag=0"),
    _s("PyIStream.LockRegion", "OOl:LockRegion", "com/win32com/src/extensions/PyIStream.cpp:198", "None",
       "offset:ularge", "cb:ularge", "lockType:ulong"),
    _s("PyIStream.UnlockRegion", "OOl:UnlockRegion", "com/win32com/src/extensions/PyIStream.cpp:228", "None",
       "offset:ularge", "cb:ularge", "lockType:ulong"),
    # ---- pythoncom PyIStorage / PyIEnumSTATSTG / PyILockBytes (com/win32com/src/extensions/) -------------
    _s("PyIStorage.CreateStream", "Oi|ii:CreateStream", "com/win32com/src/extensions/PyIStorage.cpp:37", "PyIStream",
       "name:tchar", "mode", "reserved1=0", "reserved2=0"),
    _s("PyIStorage.OpenStream", "OOi|i:OpenStream", "com/win32com/src/extensions/PyIStorage.cpp:68", "PyIStream",
       "name", "reserved1", "mode", "reserved2=0",
       note="reserved1 must be None (TypeError, :70-73), checked before the name is converted (:76)"),
    _s("PyIStorage.CreateStorage", "Oii|i:CreateStorage", "com/win32com/src/extensions/PyIStorage.cpp:102",
       "PyIStorage", "name:tchar", "mode", "stgFmt", "reserved2=0"),
    _s("PyIStorage.OpenStorage", "OOi|zi:OpenStorage", "com/win32com/src/extensions/PyIStorage.cpp:137",
       "PyIStorage", "name:tchar_none", "priority:ifo_none:IStorage", "mode", "snbExclude=None", "reserved=0",
       note="snbExclude is parsed and not used: NULL reaches OpenStorage (:148)"),
    _s("PyIStorage.CopyTo", "OzO:CopyTo", "com/win32com/src/extensions/PyIStorage.cpp:174", "None",
       "rgiidExclude", "snbExclude", "stgDest",
       note="rgiidExclude: None or a sequence (SeqToVector, PyWinObject_AsIID, :178-180), then stgDest as an "
            "IStorage (:182)"),
    _s("PyIStorage.MoveElementTo", "OOOi:MoveElementTo", "com/win32com/src/extensions/PyIStorage.cpp:214", "None",
       "name", "stgDest", "newName", "flags",
       note="both names are converted (:218-221) before stgDest (:222)"),
    _s("PyIStorage.Commit", "i:Commit", "com/win32com/src/extensions/PyIStorage.cpp:247", "None", "grfCommitFlags"),
    _s("PyIStorage.Revert", ":Revert", "com/win32com/src/extensions/PyIStorage.cpp:264", "None"),
    _s("PyIStorage.EnumElements", "|izi:EnumElements", "com/win32com/src/extensions/PyIStorage.cpp:288",
       "PyIEnumSTATSTG", "reserved1=0", "reserved2=None", "reserved3=0"),
    _s("PyIStorage.DestroyElement", "O:DestroyElement", "com/win32com/src/extensions/PyIStorage.cpp:308", "None",
       "name:tchar"),
    _s("PyIStorage.RenameElement", "OO:RenameElement", "com/win32com/src/extensions/PyIStorage.cpp:331", "None",
       "oldName:tchar", "newName:tchar"),
    _s("PyIStorage.SetClass", "O:SetClass", "com/win32com/src/extensions/PyIStorage.cpp:407", "None", "clsid:iid"),
    _s("PyIStorage.SetStateBits", "ii:SetStateBits", "com/win32com/src/extensions/PyIStorage.cpp:432", "None",
       "grfStateBits", "grfMask"),
    _s("PyIStorage.Stat", "|i:Stat", "com/win32com/src/extensions/PyIStorage.cpp:452", "STATSTG tuple",
       "grfStatFlag=0"),
    _s("PyIEnumSTATSTG.Next", "|l:Next", "com/win32com/src/extensions/PyIEnumSTATSTG.cpp:26",
       "tuple of STATSTG tuples", "num=1"),
    _s("PyIEnumSTATSTG.Skip", "l:Skip", "com/win32com/src/extensions/PyIEnumSTATSTG.cpp:74", "None", "num"),
    _s("PyIEnumSTATSTG.Reset", ":Reset", "com/win32com/src/extensions/PyIEnumSTATSTG.cpp:94", "None"),
    _s("PyIEnumSTATSTG.Clone", ":Clone", "com/win32com/src/extensions/PyIEnumSTATSTG.cpp:115", "PyIEnumSTATSTG"),
    _s("PyILockBytes.ReadAt", "Kk:ReadAt", "com/win32com/src/extensions/PyILockBytes.cpp:31", "bytes",
       "ulOffset", "cb"),
    _s("PyILockBytes.WriteAt", "OO:WriteAt", "com/win32com/src/extensions/PyILockBytes.cpp:60",
       "int (bytes written)", "ulOffset:ularge", "data:buffer"),
    _s("PyILockBytes.Flush", ":Flush", "com/win32com/src/extensions/PyILockBytes.cpp:86", "None"),
    _s("PyILockBytes.SetSize", "O:SetSize", "com/win32com/src/extensions/PyILockBytes.cpp:105", "None",
       "cb:ularge"),
    _s("PyILockBytes.Stat", "i:Stat", "com/win32com/src/extensions/PyILockBytes.cpp:196", "STATSTG tuple",
       "grfStatFlag"),
]

#: call -> signature
SIGNATURES: dict[str, Signature] = {sig.call: sig for sig in _ENTRIES}
if len(SIGNATURES) != len(_ENTRIES):  # pragma: no cover - a typo in the table
    raise ValueError("a call appears twice in the signature table")
