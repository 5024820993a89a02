"""QueryInterface(IID_IUnknown) gives a plain PyIUnknown, whatever the object.

pywin32 com/win32com/src/PyIUnknown.cpp:123-163: QueryInterface parses "O|O:QueryInterface" and
wraps the interface it got by the IID asked for (PyCom_PyObjectFromIUnknown(punk, iid, TRUE)),
so asking for IID_IUnknown gives the type registered for IUnknown: a PyIUnknown with no MAPI
methods, which QueryInterfaces back to the object's own interfaces.
"""

from __future__ import annotations

import pytest
from test_contents_kit import fk, folder, logon, own_store, pw  # noqa: F401 - fk is a fixture


def test_a_message_through_iid_iunknown_is_a_plain_pyiunknown_that_queries_back(fk):  # noqa: F811
    m = pw()
    store = own_store(logon("Alice"))
    message = folder(store, "Inbox").CreateMessage(None, 0)
    unknown = message.QueryInterface(m.pythoncom.IID_IUnknown)
    assert type(unknown).__name__ == "PyIUnknown"
    with pytest.raises(AttributeError):
        unknown.GetProps  # noqa: B018 - PyIUnknown has QueryInterface only
    again = unknown.QueryInterface(m.mapi.IID_IMessage)
    assert type(again).__name__ == "PyIMessage"
    assert again == message  # the same object (pywin32 compares IUnknown identity)


def test_a_folder_and_a_table_through_iid_iunknown_are_plain_pyiunknowns(fk):  # noqa: F811
    m = pw()
    store = own_store(logon("Alice"))
    inbox = folder(store, "Inbox")
    assert type(inbox.QueryInterface(m.pythoncom.IID_IUnknown)).__name__ == "PyIUnknown"
    table = inbox.GetContentsTable(0)
    unknown = table.QueryInterface(m.pythoncom.IID_IUnknown)
    assert type(unknown).__name__ == "PyIUnknown"
    assert type(unknown.QueryInterface(m.mapi.IID_IMAPITable)).__name__ == "PyIMAPITable"
