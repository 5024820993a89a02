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
