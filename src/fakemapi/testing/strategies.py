"""hypothesis strategies for fakemapi: worlds, call programs and malformed arguments.

hypothesis is a test dependency: ``import fakemapi`` never imports it; this module does.

* :func:`worlds` draws world dicts for :meth:`fakemapi.World.from_dict` (or ``install``): a few
  servers and mailboxes, a server preset, reserved LogonIds, the connection scope and the
  release rule, and small caps, so that the limits are reached in a handful of calls.
* :func:`programs` draws call programs (lists of :mod:`fakemapi.program` operations) for
  :func:`fakemapi.testing.run_program`.
* :func:`entry_ids`, :func:`tag_arrays`, :func:`restrictions`, :func:`flags` draw malformed (and
  some well-formed) arguments of the shapes pywin32 parses.

Every parameter that takes a strategy also takes a plain value::

    @given(strategies.worlds(mailboxes=3, presets="exchange-2010"))
    def test_...(world): ...
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Union

try:
    from hypothesis import strategies as st
    from hypothesis.strategies import SearchStrategy
except ImportError as exc:  # hypothesis is a test dependency, not a runtime one
    raise ImportError(f"fakemapi.strategies needs hypothesis, which is not installed ({exc}): "
                      "pip install 'fakemapi[hypothesis]' (or 'fakemapi[test]')", name=exc.name) from exc

from fakemapi.testing.program import (
    CHILD_KINDS,
    CONNECT_USE_SEPARATE_CONNECTION,
    DropConnection,
    Initialize,
    Logoff,
    Logon,
    Op,
    Open,
    OpenChild,
    Probe,
    Release,
    ReleaseChild,
    SetConnectFlags,
    SwitchProcess,
    Uninitialize,
)
from fakemapi.world.entryid import store_entryid

PRESETS = ("exchange-5.5", "exchange-2003", "exchange-2010")
SCOPES = ("process", "session")
RELEASE_RULES = ("refcount", "store-only")
#: the profiles every world drawn by :func:`worlds` has
PROFILES = ("Admin", "AdminSeparate", "User", "UserSeparate")

Maybe = Union[SearchStrategy[Any], Any]


def _s(value: Maybe) -> SearchStrategy[Any]:
    return value if isinstance(value, SearchStrategy) else st.just(value)


# --- worlds ------------------------------------------------------------------------------------
def reserved_logon_ids(usable: Maybe = None) -> SearchStrategy[list[int]]:
    """Reserved LogonId lists that leave ``usable`` ids free (default 1 to 6; R1: "the actual
    limit may be lower"), anywhere in 0..255, so a table fills up after a few opens."""

    def build(count: int) -> SearchStrategy[list[int]]:
        return st.sets(st.integers(0, 255), min_size=count, max_size=count).map(
            lambda free: sorted(set(range(256)) - free))

    return (st.integers(1, 6) if usable is None else _s(usable)).flatmap(build)


def object_caps(caps: Maybe = None) -> SearchStrategy[dict[str, int | None]]:
    """``limits.objects_per_session`` overrides for the object types a program makes: folders
    (objtFolder) and hierarchy tables (objtFolderView), each drawn from ``caps`` (default: None,
    which removes the cap, or 1 to 4; R12)."""
    each = st.one_of(st.none(), st.integers(1, 4)) if caps is None else _s(caps)
    return st.fixed_dictionaries({"objtFolder": each, "objtFolderView": each})


@st.composite
def _world(draw: Any, mailboxes: SearchStrategy[int], servers: SearchStrategy[int], presets: SearchStrategy[str],
           reserved: SearchStrategy[list[int]], scopes: SearchStrategy[str], rules: SearchStrategy[str],
           sessions: SearchStrategy[int | None], caps: SearchStrategy[dict[str, int | None]]) -> dict[str, Any]:
    server_names = [f"EX{i:02}" for i in range(1, draw(servers) + 1)]
    count = draw(mailboxes)
    boxes: list[dict[str, Any]] = [
        {"alias": "admin", "display_name": "Administrator", "server": server_names[0], "rights": "admin"},
        {"alias": "user", "display_name": "User", "server": server_names[0]},
    ]
    for n in range(1, count + 1):
        box: dict[str, Any] = {"alias": f"mb{n:02}", "server": draw(st.sampled_from(server_names), label=f"mb{n:02}")}
        if draw(st.booleans(), label=f"mb{n:02} grants user"):
            box["grant"] = ["user"]
        boxes.append(box)
    world: dict[str, Any] = {
        "schema_version": 1,
        "server_preset": draw(presets),
        "servers": [{"name": name} for name in server_names],
        "mailboxes": boxes,
        "profiles": [
            {"name": "Admin", "mailbox": "admin", "default": True},
            {"name": "AdminSeparate", "mailbox": "admin", "connect_flags": CONNECT_USE_SEPARATE_CONNECTION},
            {"name": "User", "mailbox": "user"},
            {"name": "UserSeparate", "mailbox": "user", "connect_flags": CONNECT_USE_SEPARATE_CONNECTION},
        ],
        "emsmdb": {"reserved_logon_ids": draw(reserved), "connection_scope": draw(scopes),
                   "release_rule": draw(rules)},
        "limits": {"sessions_per_user": draw(sessions), "objects_per_session": draw(caps)},
    }
    return world


def worlds(*, mailboxes: Maybe = None, servers: Maybe = None, presets: Maybe = None, reserved: Maybe = None,
           connection_scope: Maybe = None, release_rule: Maybe = None, sessions_per_user: Maybe = None,
           objects_per_session: Maybe = None) -> SearchStrategy[dict[str, Any]]:
    """World dicts (schema version 1): servers ``EX01``.. ; mailboxes ``admin`` (admin rights),
    ``user`` and ``mb01``..; each ``mbNN`` on a drawn server, some granting ``user`` full
    access; profiles ``Admin`` (default), ``AdminSeparate``, ``User``, ``UserSeparate`` (the
    ``*Separate`` ones with CONNECT_USE_SEPARATE_CONNECTION).

    Defaults: 1 to 8 ``mbNN`` mailboxes, 1 or 2 servers, any preset, reserved ids ``[255]`` or
    :func:`reserved_logon_ids`, either scope and release rule, ``sessions_per_user`` None or 1
    to 4, :func:`object_caps`."""

    def pick(value: Maybe, default: SearchStrategy[Any]) -> SearchStrategy[Any]:
        return default if value is None else _s(value)

    return _world(pick(mailboxes, st.integers(1, 8)), pick(servers, st.integers(1, 2)),
                  pick(presets, st.sampled_from(PRESETS)),
                  pick(reserved, st.one_of(st.just([255]), reserved_logon_ids())),
                  pick(connection_scope, st.sampled_from(SCOPES)), pick(release_rule, st.sampled_from(RELEASE_RULES)),
                  pick(sessions_per_user, st.one_of(st.none(), st.integers(1, 4))),
                  pick(objects_per_session, object_caps()))


# --- call programs -----------------------------------------------------------------------------
_PICK = st.integers(0, 15)

#: operations by weight: opening and releasing are what programs mostly do
_KINDS = ("open",) * 6 + ("release",) * 3 + ("child",) * 2 + ("release_child",) * 2 + (
    "logon", "logoff", "initialize", "uninitialize", "probe", "probe", "switch", "flags")


def ops(*, mailboxes: int = 16, profiles: int = len(PROFILES), processes: int = 2,
        faults: bool = False) -> SearchStrategy[Op]:
    """One program operation. Picks are resolved when the operation runs (see
    :mod:`fakemapi.program`); ``mailboxes``, ``profiles`` and ``processes`` bound the picks
    that choose among those (a driver has a mailbox list: the world's and one that does not
    exist)."""
    box, prof, proc = st.integers(0, max(mailboxes, 1) - 1), st.integers(0, max(profiles, 1) - 1), \
        st.integers(0, max(processes, 1) - 1)
    kinds = _KINDS + (("drop",) if faults else ())

    def build(kind: str) -> SearchStrategy[Op]:
        if kind == "open":
            return st.builds(Open, _PICK, box)
        if kind == "release":
            return st.builds(Release, _PICK)
        if kind == "child":
            return st.builds(OpenChild, _PICK, st.sampled_from(CHILD_KINDS))
        if kind == "release_child":
            return st.builds(ReleaseChild, _PICK)
        if kind == "logon":
            return st.builds(Logon, prof)
        if kind == "logoff":
            return st.builds(Logoff, _PICK)
        if kind == "initialize":
            return st.just(Initialize())
        if kind == "uninitialize":
            return st.just(Uninitialize())
        if kind == "probe":
            return st.builds(Probe, _PICK)
        if kind == "switch":
            return st.builds(SwitchProcess, proc)
        if kind == "flags":
            return st.builds(SetConnectFlags, _PICK, st.booleans())
        return st.builds(DropConnection, _PICK)

    return st.sampled_from(kinds).flatmap(build)


def programs(*, min_size: int = 0, max_size: int = 40, mailboxes: int = 16, profiles: int = len(PROFILES),
             processes: int = 2, faults: bool = False, start: bool = True) -> SearchStrategy[list[Op]]:
    """Call programs: with ``start`` (the default) they begin with MAPIInitialize and a logon
    with the first profile, so that most operations have something to act on."""
    body = st.lists(ops(mailboxes=mailboxes, profiles=profiles, processes=processes, faults=faults),
                    min_size=min_size, max_size=max_size)
    if not start:
        return body
    return body.map(lambda rest: [Initialize(), Logon(0), *rest])


# --- malformed arguments -----------------------------------------------------------------------
_ODD_VALUES: SearchStrategy[Any] = st.one_of(
    st.none(), st.booleans(), st.floats(allow_nan=True), st.text(max_size=8), st.binary(max_size=8),
    st.integers(-(2**70), 2**70), st.just(object()), st.just(()), st.just([]), st.just({}))


def flags() -> SearchStrategy[Any]:
    """Flags arguments: mostly ints of every size and sign (pywin32 parses them as unsigned
    longs), and values of the wrong type."""
    return st.one_of(st.integers(0, 0xFFFFFFFF), st.integers(-(2**31), -1), st.integers(2**32, 2**66),
                     _ODD_VALUES)


def _mutations(valid: bytes) -> SearchStrategy[bytes]:
    def flip(at_value: tuple[int, int]) -> bytes:
        at, value = at_value
        return valid[:at] + bytes([value]) + valid[at + 1:]

    if not valid:
        return st.just(valid)
    return st.one_of(
        st.integers(0, len(valid) - 1).map(lambda n: valid[:n]),  # truncated
        st.binary(min_size=1, max_size=8).map(lambda tail: valid + tail),  # trailing bytes
        st.tuples(st.integers(0, len(valid) - 1), st.integers(0, 255)).map(flip),  # one byte changed
        st.just(valid.replace(b"\0", b"x")),  # no terminators
    )


def entry_ids(valid: Sequence[bytes] = ()) -> SearchStrategy[Any]:
    """Entry id arguments: random bytes, mutations of ``valid`` entry ids (truncated, extended,
    one byte changed, unterminated), store entry ids naming unknown servers or mailboxes, and
    values of the wrong type (None, str, int, ...)."""
    made = [store_entryid("NOSUCHSERVER", "/o=Nowhere/cn=x", 1), store_entryid("", "", 0),
            store_entryid("EX01", "/o=Contoso/ou=HQ/cn=Recipients/cn=" + "x" * 300, 0xFFFFFFFF)]
    options: list[SearchStrategy[Any]] = [st.binary(max_size=120), st.sampled_from(made), _ODD_VALUES]
    options += [_mutations(eid) for eid in valid]
    if valid:
        options.append(st.sampled_from(list(valid)))
    return st.one_of(options)


_TAGS = st.one_of(st.integers(0, 0xFFFFFFFF), st.sampled_from([0x3001001E, 0x3001001F, 0x0FFF0102, 0x3007000A,
                                                                  0x66040003, 0x8000001F, 0x0000FFFF]))


def tag_arrays() -> SearchStrategy[Any]:
    """SPropTagArray arguments: good ones (a sequence of tags, or one bare int), and bad ones:
    negative or huge ints, non-int items, strings, nesting, None."""
    bad_item = st.one_of(st.integers(-(2**40), -1), st.integers(2**32, 2**70), _ODD_VALUES)
    return st.one_of(
        _TAGS,
        st.lists(_TAGS, max_size=6),
        st.lists(_TAGS, max_size=6).map(tuple),
        st.lists(st.one_of(_TAGS, bad_item), min_size=1, max_size=6),
        st.lists(st.lists(_TAGS, max_size=2), min_size=1, max_size=3),
        bad_item,
    )


RES_AND, RES_OR, RES_NOT, RES_CONTENT, RES_PROPERTY, RES_COMPAREPROPS, RES_BITMASK, RES_SIZE, RES_EXIST, \
    RES_SUBRESTRICTION, RES_COMMENT = range(11)


def restrictions(max_leaves: int = 6) -> SearchStrategy[Any]:
    """SRestriction arguments (``(rt, value)`` tuples, pywin32-surface.md): well-formed ones of
    every supported type, types pywin32 rejects with ValueError (RES_COMPAREPROPS, RES_SIZE,
    RES_SUBRESTRICTION, RES_COMMENT), and malformed shapes (wrong lengths, wrong types)."""
    value = st.one_of(st.integers(-(2**31), 2**31 - 1), st.text(max_size=6), st.binary(max_size=6), st.booleans())
    leaf = st.one_of(
        st.tuples(st.just(RES_PROPERTY), st.tuples(st.integers(0, 6), _TAGS, st.tuples(_TAGS, value))),
        st.tuples(st.just(RES_CONTENT), st.tuples(st.sampled_from([0, 1, 2, 0x10000, 0x20000]), _TAGS,
                                                  st.tuples(_TAGS, value))),
        st.tuples(st.just(RES_EXIST), st.one_of(st.tuples(_TAGS), st.tuples(_TAGS, st.integers(0, 3),
                                                                             st.integers(0, 3)))),
        st.tuples(st.just(RES_BITMASK), st.tuples(st.integers(0, 1), _TAGS, st.integers(0, 0xFFFFFFFF))),
        st.tuples(st.sampled_from([RES_COMPAREPROPS, RES_SIZE, RES_SUBRESTRICTION, RES_COMMENT]), _ODD_VALUES),
        st.tuples(st.integers(-5, 40), _ODD_VALUES),  # unknown types, odd values
        _ODD_VALUES,  # not a 2-tuple at all
        st.tuples(st.just(RES_PROPERTY)),  # too short
        st.tuples(st.just(RES_PROPERTY), st.tuples(st.integers(0, 6), _TAGS)),  # missing the prop value
    )

    def extend(children: SearchStrategy[Any]) -> SearchStrategy[Any]:
        return st.one_of(
            st.tuples(st.sampled_from([RES_AND, RES_OR]), st.lists(children, max_size=3)),
            st.tuples(st.sampled_from([RES_AND, RES_OR]), st.lists(children, max_size=3).map(tuple)),
            st.tuples(st.just(RES_NOT), st.one_of(st.tuples(children), st.tuples(children, st.integers(0, 1)))),
        )

    return st.one_of(st.none(), st.recursive(leaf, extend, max_leaves=max_leaves))


def arguments(valid_entry_ids: Sequence[bytes] = ()) -> SearchStrategy[Any]:
    """Any one argument: an entry id, a tag array, a restriction, flags, a property value
    pair, or something odd."""
    return st.one_of(entry_ids(valid_entry_ids), tag_arrays(), restrictions(max_leaves=3), flags(),
                     st.tuples(_TAGS, st.one_of(_ODD_VALUES, st.text(max_size=4))), _ODD_VALUES)
