"""An object's properties as a client sees them: the saved bag plus its own unsaved changes.

Changes made with SetProps / DeleteProps are visible through the same object at once and to
other objects only after SaveChanges, for transacted objects (messages, attachments, profile
sections). Folders and message stores are not transacted (IMAPIProp::SaveChanges, Remarks: "some
objects, such as folders and message stores, are not transacted: changes take effect
immediately"): their changes reach the saved bag at once, and SaveChanges has nothing to do.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Callable

from fakemapi.hresult import code
from fakemapi.props import Bag, read
from fakemapi.tags import PT_ERROR

NOT_ENOUGH_MEMORY = code("MAPI_E_NOT_ENOUGH_MEMORY")


class PropObject:
    """``computed`` (if given) supplies properties the store derives (counts, ids); ``saved``
    holds what clients saved; ``pending`` what this object changed and has not saved."""

    __slots__ = ("saved", "pending", "deleted", "computed", "writable", "transacted")

    def __init__(self, saved: Bag, computed: Callable[[], Bag] | None = None,
                 writable: bool = True, transacted: bool = True) -> None:
        self.saved = saved  # shared with every other object on the same data
        self.computed = computed
        self.writable = writable
        #: False: SetProps / DeleteProps write the saved bag at once (folders, stores)
        self.transacted = transacted
        self.pending: Bag = {}
        self.deleted: set[int] = set()

    def view(self) -> Bag:
        computed = self.computed() if self.computed is not None else None
        if not self.pending and not self.deleted:
            if computed is None:
                return self.saved
            if not self.saved:
                return computed
        merged = dict(computed) if computed is not None else {}
        merged.update(self.saved)
        for pid in self.deleted:
            merged.pop(pid, None)
        merged.update(self.pending)
        return merged

    def get(self, tags: Iterable[int] | None, unicode: bool = False) -> tuple[bool, list[tuple[int, Any]]]:
        return read(self.view(), tags, unicode)

    def set(self, pairs: Iterable[tuple[int, Any]]) -> None:
        for tag, value in pairs:
            pid = tag >> 16
            if not self.transacted:
                self.saved[pid] = (tag, value)
                continue
            self.pending[pid] = (tag, value)
            self.deleted.discard(pid)

    def delete(self, tags: Iterable[int]) -> list[int]:
        """Delete ``tags``; returns those that were not there."""
        missing = []
        view = self.view()
        for tag in tags:
            pid = tag >> 16
            if pid not in view:
                missing.append(tag)
                continue
            if not self.transacted:
                if pid in self.saved:
                    del self.saved[pid]
                else:  # a computed property (counts, ids): nothing a client can remove
                    missing.append(tag)
                continue
            self.pending.pop(pid, None)
            self.deleted.add(pid)
        return missing

    def save(self) -> None:
        for pid in self.deleted:
            self.saved.pop(pid, None)
        self.saved.update(self.pending)
        self.pending = {}
        self.deleted = set()

    def tags(self) -> list[int]:
        return [tag for tag, _ in self.view().values()]


class DerivedPropObject(PropObject):
    """A view whose ``derive(own)`` properties (computed from the object's own merged properties)
    win over saved and pending ones, and whose large values GetProps refuses (``limit``)."""

    __slots__ = ("derive", "limit")

    def __init__(self, saved: Bag, derive: Callable[[Bag], Bag], writable: bool = True,
                 limit: int | None = None) -> None:
        super().__init__(saved, None, writable)
        self.derive = derive
        self.limit = limit

    def own(self) -> Bag:
        if not self.pending and not self.deleted:
            return self.saved
        merged = dict(self.saved)
        for pid in self.deleted:
            merged.pop(pid, None)
        merged.update(self.pending)
        return merged

    def view(self) -> Bag:
        own = self.own()
        merged = dict(own)
        merged.update(self.derive(own))
        return merged

    def get(self, tags: Iterable[int] | None, unicode: bool = False) -> tuple[bool, list[tuple[int, Any]]]:
        errors, pairs = read(self.view(), tags, unicode)
        if self.limit is None:
            return errors, pairs
        out = []
        for tag, value in pairs:
            size = 2 * len(value) if isinstance(value, str) else len(value) if isinstance(value, bytes) else 0
            if size > self.limit:
                out.append(((tag & 0xFFFF0000) | PT_ERROR, NOT_ENOUGH_MEMORY))
                errors = True
            else:
                out.append((tag, value))
        return errors, out
