"""Fuzzing the drop-in surface: random calls with random arguments raise only
pywintypes.com_error, TypeError or ValueError, never an internal exception, and leave the
Emsmdb32 invariants true.

The calls go to every public method of every object the machine holds (sessions, stores,
folders, tables, IExchangeManageStore, and whatever earlier fuzz calls returned: profile
sections, service admins, address books, messages, ...) and to the functions of the mapi,
exchange (x86 flavor, with the EDK helpers) and mapiutil modules. Arguments are the malformed
and well-formed shapes of fakemapi.strategies, the objects held, and plain 0 / None.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

from hypothesis import note
from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from fakemapi import strategies
from fakemapi.program import Outcome, Step
from fakemapi.testing import MapiMachine

#: methods that may raise NotImplementedError because fakemapi does not emulate them (documented
#: gaps); none at present
DOCUMENTED_GAPS: frozenset[str] = frozenset()
#: how many objects returned by fuzz calls the machine keeps to call later
KEEP = 12
MODULES = ("win32com.mapi.mapi", "win32com.mapi.exchange", "win32com.mapi.mapiutil")


def _methods(obj: Any) -> list[str]:
    return sorted(name for name in dir(type(obj)) if name[:1].isupper() and callable(getattr(obj, name, None)))


def _functions(module: Any) -> list[str]:
    return sorted(name for name, value in vars(module).items()
                  if name[:1].isalpha() and callable(value) and not isinstance(value, type))


class FuzzMachine(MapiMachine):
    world = {
        "schema_version": 1,
        "servers": [{"name": "EX01"}, {"name": "EX02"}],
        "mailboxes": [{"alias": "admin", "rights": "admin"}, {"alias": "alice"},
                      {"alias": "bob", "server": "EX02", "grant": ["alice"]},
                      {"generate": {"count": 4, "alias": "u{n}"}}],
        "profiles": [{"name": "Admin", "mailbox": "admin", "default": True},
                     {"name": "AliceSeparate", "mailbox": "alice", "connect_flags": 4}],
        "emsmdb": {"reserved_logon_ids": list(range(3, 256))},
        "limits": {"sessions_per_user": 2, "objects_per_session": {"objtFolder": 4, "objtFolderView": 3}},
    }
    flavor = "x86"
    inject_faults = True

    def installed(self) -> None:
        self.kept: list[Any] = []
        self.eids = [self.driver.entryid(alias) for alias in ("admin", "alice", "bob", "u1", "ghost")]
        self.modules = {name.rsplit(".", 1)[1]: importlib.import_module(name) for name in MODULES}

    def check_open(self, step: Step, outcome: Outcome, before: Any) -> None:
        """Fuzz calls change profiles and flags behind the machine's back: only the invariants
        that hold whatever happened are checked."""

    def _held(self) -> list[Any]:
        return list(self.driver.objects.values()) + self.kept

    def _arguments(self, data: st.DataObject) -> list[Any]:
        """Random arguments; objects the machine holds are drawn by index (hypothesis keeps what
        it draws until the example's data is collected, which would keep them alive and make
        their release depend on the cycle collector)."""
        one = st.one_of(strategies.arguments(self.eids), st.sampled_from([0, None, 1, "Admin"]),
                        st.tuples(st.just("held"), st.integers(0, 63)))
        held = self._held()
        args = []
        for arg in data.draw(st.lists(one, max_size=5), label="args"):
            if isinstance(arg, tuple) and len(arg) == 2 and arg[0] == "held" and held:
                arg = held[arg[1] % len(held)]
            args.append(arg)
        return args

    def _call(self, target: Any, name: str, args: list[Any]) -> None:
        pywintypes = importlib.import_module("pywintypes")
        try:
            result = getattr(target, name)(*args)
        except (pywintypes.com_error, TypeError, ValueError, OverflowError, SystemError):
            # OverflowError: an "l" argument outside a 32-bit C long (CPython getargs.c on
            # Windows); SystemError: PyArg_ParseTuple given a non-tuple where pywin32 parses a
            # structure's tuple (mapilib.i:551 MAPIINIT_0, mapiutil.cpp SRestriction parts)
            return
        except AttributeError as exc:
            # pywin32's mapiutil is pure Python and calls methods on its arguments (obj.GetProps,
            # propDict.items): given an argument without that method, it raises AttributeError
            # naming the argument's type and the method, as here
            missing = re.fullmatch(r"'(\w+)' object has no attribute '(\w+)'", str(exc))
            assert target is self.modules["mapiutil"] and missing is not None, exc
            assert any(type(a).__name__ == missing[1] and not hasattr(a, missing[2]) for a in args), exc
            return
        except NotImplementedError:
            assert name in DOCUMENTED_GAPS, f"{name} raised NotImplementedError; it is not a documented gap"
            return
        for value in result if isinstance(result, (list, tuple)) else (result,):
            if type(value).__name__.startswith("PyI"):
                self.kept.append(value)
        del self.kept[:-KEEP]

    @precondition(lambda self: bool(self.driver.objects) or bool(self.kept))
    @rule(data=st.data())
    def fuzz_method(self, data: st.DataObject) -> None:
        held = self._held()
        target = held[data.draw(st.integers(0, len(held) - 1), label="object")]
        name = data.draw(st.sampled_from(_methods(target)), label="method")
        args = self._arguments(data)
        note(f"{target!r}.{name}{tuple(args)!r}")
        self._call(target, name, args)

    @rule(data=st.data())
    def fuzz_function(self, data: st.DataObject) -> None:
        module = data.draw(st.sampled_from(sorted(self.modules)), label="module")
        name = data.draw(st.sampled_from(_functions(self.modules[module])), label="function")
        args = self._arguments(data)
        note(f"{module}.{name}{tuple(args)!r}")
        self._call(self.modules[module], name, args)

    def teardown(self) -> None:
        self.kept.clear()
        super().teardown()


TestFuzz = FuzzMachine.TestCase
