"""Access modes: what an open object may do, and the PR_ACCESS / PR_ACCESS_LEVEL it shows.

IMsgStore::OpenEntry, IMAPIContainer::OpenEntry, IMAPISession::OpenEntry and OpenMsgStore take
MAPI_MODIFY (MDB_WRITE for stores) to ask for read/write access, and MAPI_BEST_ACCESS for "the
maximum network permissions allowed for the user": on an object the user may write, that is
read/write too. Without either flag the object is opened read-only.

PR_ACCESS (PidTagAccess, MS-OXCPRPT 2.2.1.1) is what the user may do to the object, from their
rights; PR_ACCESS_LEVEL (PidTagAccessLevel, MS-OXCPRPT 2.2.1.2) is the mode the object was opened
in: 0 read-only, 1 modify.
"""

from __future__ import annotations

from typing import Callable

from fakemapi import tags as t
from fakemapi.hresult import fail
from fakemapi.props import Bag, make_bag
from fakemapi.world.contents import MESSAGE_ACCESS as _MESSAGE_ACCESS
from fakemapi.world.contents import NEW_MESSAGE_ACCESS as _NEW_MESSAGE_ACCESS

MAPI_MODIFY = 0x1
MDB_WRITE = 0x4
MAPI_BEST_ACCESS = 0x10

MAPI_ACCESS_MODIFY = 0x1
MAPI_ACCESS_READ = 0x2
MAPI_ACCESS_DELETE = 0x4
MAPI_ACCESS_CREATE_HIERARCHY = 0x8
MAPI_ACCESS_CREATE_CONTENTS = 0x10
MAPI_ACCESS_CREATE_ASSOCIATED = 0x20

ACCESS_LEVEL_READ_ONLY = 0
ACCESS_LEVEL_MODIFY = 1

PR_ACCESS = t.tag("PR_ACCESS")
PR_ACCESS_LEVEL = t.tag("PR_ACCESS_LEVEL")

#: PR_ACCESS of a folder the user owns or has full access to: every right
FOLDER_ACCESS = (MAPI_ACCESS_MODIFY | MAPI_ACCESS_READ | MAPI_ACCESS_DELETE | MAPI_ACCESS_CREATE_HIERARCHY
                 | MAPI_ACCESS_CREATE_CONTENTS | MAPI_ACCESS_CREATE_ASSOCIATED)
#: PR_ACCESS of messages (saved; not saved yet): the server side derives them
MESSAGE_ACCESS, NEW_MESSAGE_ACCESS = _MESSAGE_ACCESS, _NEW_MESSAGE_ACCESS


def opens_writable(flags: int, may_write: bool = True, write_flag: int = MAPI_MODIFY) -> bool:
    """Whether an open with ``flags`` gives a read/write object.

    ``write_flag`` (MAPI_MODIFY, or MDB_WRITE for OpenMsgStore) asks for read/write;
    MAPI_BEST_ACCESS asks for the most the user may have, which is read/write where
    ``may_write``. Every store a logon succeeds on is one the account may write in this model
    (its own mailbox, one it has rights on, a public store), so ``may_write`` is True unless an
    object says otherwise (a message already submitted, for instance).
    """
    if not may_write:
        return False
    return bool(flags & (write_flag | MAPI_BEST_ACCESS))


def opens_in_store(flags: int, store_writable: bool, may_write: bool = True) -> bool:
    """Whether an OpenEntry with ``flags`` on a folder or message of a store gives a read/write
    object, where the store itself was opened read/write (``store_writable``) or read-only.

    IMAPISession::OpenMsgStore, Notes to callers: in a store opened read-only, "calls to open one
    of the message store's messages or folders ... with the MAPI_MODIFY flag set will fail"
    (MAPI_E_NO_ACCESS, IMsgStore::OpenEntry's "attempt was made to modify a read-only object");
    MAPI_BEST_ACCESS asks for the most the store allows, which is read-only there.
    """
    if not store_writable:
        if flags & MAPI_MODIFY and not flags & MAPI_BEST_ACCESS:
            raise fail("MAPI_E_NO_ACCESS", detail="the store was opened read-only (OpenMsgStore without MDB_WRITE "
                                                  "or MAPI_BEST_ACCESS): its folders and messages cannot be "
                                                  "opened with MAPI_MODIFY")
        return False
    return opens_writable(flags, may_write)


def require_store_writable(store_writable: bool, call: str) -> None:
    """Refuse ``call``, a change to the contents of a store opened read-only.

    IMAPISession::OpenMsgStore, Notes to callers: in a store opened read-only, calls to
    IMAPIFolder::CreateMessage, DeleteMessages, CreateFolder, DeleteFolder (and SetProps,
    DeleteProps) "will fail", and so do CopyMessages and CopyTo "if the destination ... is
    read-only". MAPI_E_NO_ACCESS is MAPI's code for "an attempt was made to modify a read-only
    object" (IMAPIProp::SetProps) and MS-OXCDATA 2.4.1's AccessDenied.
    """
    if not store_writable:
        raise fail("MAPI_E_NO_ACCESS", detail=f"{call}: the store was opened read-only (OpenMsgStore without "
                                              f"MDB_WRITE or MAPI_BEST_ACCESS)")


def access_props(access: int, writable: bool) -> Bag:
    """PR_ACCESS and PR_ACCESS_LEVEL of an open object."""
    return make_bag([(PR_ACCESS, access),
                     (PR_ACCESS_LEVEL, ACCESS_LEVEL_MODIFY if writable else ACCESS_LEVEL_READ_ONLY)])


def level_props(writable: bool) -> Bag:
    """PR_ACCESS_LEVEL alone (a store object: MS-OXCPRPT gives stores no PR_ACCESS)."""
    return make_bag([(PR_ACCESS_LEVEL, ACCESS_LEVEL_MODIFY if writable else ACCESS_LEVEL_READ_ONLY)])


def with_access(computed: Callable[[], Bag], access: Bag) -> Callable[[], Bag]:
    """``computed`` with the access properties of the open object added."""

    def view() -> Bag:
        bag = dict(computed())
        bag.update(access)
        return bag

    return view
