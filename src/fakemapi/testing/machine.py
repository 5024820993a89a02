"""A hypothesis ``RuleBasedStateMachine`` that drives the drop-in surface and checks the
Emsmdb32 invariants after every step. Import it as ``fakemapi.testing.MapiMachine``.

Subclass it, set ``world`` (a :class:`fakemapi.World`, a world dict, a path, or None for the
default world), add ``@rule`` methods that call your own client code, and take its ``TestCase``::

    class MyMachine(MapiMachine):
        world = "worlds/small.yaml"

        @rule()
        def my_backup(self):
            ...                       # your code, through win32com.mapi as usual

    TestMyMachine = MyMachine.TestCase

The machine installs a fresh fake for every example (``self.fake``) and uninstalls it after;
do not combine it with the ``fakemapi`` pytest fixture. To drop one of the built-in rules,
override its method with a plain method (no ``@rule``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

try:
    from hypothesis import strategies as st
    from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
    from hypothesis.strategies import SearchStrategy
except ImportError as exc:  # hypothesis is a test dependency, not a runtime one
    raise ImportError(f"fakemapi.testing.MapiMachine needs hypothesis, which is not installed ({exc}): "
                      "pip install 'fakemapi[hypothesis]' (or 'fakemapi[test]')", name=exc.name) from exc

from fakemapi.dropin.install import install, uninstall
from fakemapi.fake import ConnectionInfo, Fake
from fakemapi.testing.invariants import InvariantError, check_invariants, no_collection
from fakemapi.testing.program import CHILD_KINDS, CONNECT_USE_SEPARATE_CONNECTION, Driver, Outcome, Step
from fakemapi.world.model import World

FAILONEPROVIDER = "MAPI_E_FAILONEPROVIDER"
#: what a call on a session that no longer works gives (R8, R9)
DEAD = ("MAPI_E_INVALID_OBJECT", "MAPI_E_END_OF_SESSION")


def _has(prefix: str) -> Any:
    return lambda self: bool(self.driver.keys(prefix))


class MapiMachine(RuleBasedStateMachine):
    """Drives MAPIInitialize/Uninitialize, MAPILogonEx/Logoff, OpenMsgStore of privileged entry
    ids, releases, objects kept through a store (folders, tables, IExchangeManageStore), probes,
    simulated processes and the separate-connection flag; checks
    :func:`fakemapi.invariants.check_invariants` after every step, and for each open it makes,
    that the open took the lowest free LogonId and failed for lack of one exactly when none
    was free (R1, R3, R4, R11)."""

    #: the world to install: a World, a world dict, a path, or None (the default world)
    world: ClassVar[Any] = None
    flavor: ClassVar[str] = "x64"
    strict: ClassVar[bool] = False
    #: aliases the open rule picks from (default: every mailbox of the world and one that does
    #: not exist)
    mailboxes: ClassVar[Sequence[str] | None] = None
    #: profiles the logon rule picks from (default: every profile of the world)
    profiles: ClassVar[Sequence[str] | None] = None
    #: the simulated processes the switch_process rule picks from
    processes: ClassVar[Sequence[str]] = ("main", "worker")
    #: let the machine drop live connections (fault injection)
    inject_faults: ClassVar[bool] = False
    #: draw a world for every example from this strategy (e.g. ``fakemapi.strategies.worlds()``)
    #: instead of installing ``world``
    worlds: ClassVar[SearchStrategy[Any] | None] = None
    #: begin every example with MAPIInitialize and a session of the first profile
    start_session: ClassVar[bool] = True

    def __init__(self) -> None:
        super().__init__()
        self._install(self._world())

    def _install(self, world: Any) -> None:
        #: what was installed: a World, a world dict or a path (as ``world`` or ``worlds`` gave it)
        self.world_source: Any = world
        self.fake: Fake = install(world, flavor=self.flavor, strict=self.strict)
        self.driver = Driver(self.fake, mailboxes=self.mailboxes, profiles=self.profiles, processes=self.processes)
        #: PR_PROFILE_CONNECT_FLAGS of each profile as this machine last set it (lower-case name)
        self.connect_flags: dict[str, int] = {p.name.lower(): p.connect_flags for p in self.fake.world.profiles}
        #: the profile and process of each session the machine logged on
        self.session_of: dict[str, tuple[str, str]] = {}
        self.installed()

    def installed(self) -> None:
        """Called after the machine installed a fake (``self.fake``, ``self.driver``): once in
        ``__init__``, and again when ``worlds`` drew a world. Subclasses extend it."""

    @initialize(data=st.data())
    def start(self, data: st.DataObject) -> None:
        """With ``worlds`` set, reinstall the fake for a world drawn from it; with
        ``start_session``, call MAPIInitialize and log on with the first profile."""
        if self.worlds is not None:
            world = data.draw(self.worlds, label="world")
            self.driver.release_all()
            uninstall()
            self._install(world)
        if self.start_session and self.driver.profiles:
            self.initialize()
            self.logon_with(self.driver.profiles[0])

    @classmethod
    def _world(cls) -> World:
        built = cls.__dict__.get("_built_world")
        if built is None or built[0] is not cls.world:
            value = cls.world
            if value is None:
                world = World.default()
            elif isinstance(value, World):
                world = value
            elif isinstance(value, dict):
                world = World.from_dict(value)
            else:
                world = World.load(value)
            built = (value, world)
            cls._built_world = built  # a cache of an immutable value
        return built[1]

    # --- conveniences for subclasses ------------------------------------------------------------
    @property
    def mapi(self) -> Any:
        return self.driver.mapi

    @property
    def mapitags(self) -> Any:
        return self.driver.mapitags

    @property
    def exchange(self) -> Any:
        return self.driver.exchange

    def execute(self, step: Step) -> Outcome:
        """Run ``step`` through the driver. Subclasses may wrap this to compare or record."""
        return self.driver.perform(step)

    # --- rules ---------------------------------------------------------------------------------
    @rule()
    def initialize(self) -> None:
        self.execute(Step("initialize"))

    @rule()
    def uninitialize(self) -> None:
        self.execute(Step("uninitialize"))

    @rule(data=st.data())
    def logon(self, data: st.DataObject) -> None:
        self.logon_with(data.draw(st.sampled_from(self.driver.profiles), label="profile"))

    def logon_with(self, profile: str) -> Outcome:
        process = self.driver.process
        outcome = self.execute(Step("logon", profile))
        if outcome.key is not None:
            self.session_of[outcome.key] = (profile, process)
        return outcome

    @precondition(_has("session#"))
    @rule(data=st.data(), release=st.booleans())
    def logoff(self, data: st.DataObject, release: bool) -> None:
        """session.Logoff; with ``release``, drop the session object too (as most code does)."""
        session = data.draw(st.sampled_from(self.driver.keys("session#")), label="session")
        self.execute(Step("logoff", session))
        if release:
            self.execute(Step("release", session))

    @precondition(_has("session#"))
    @rule(data=st.data())
    def open_stores(self, data: st.DataObject) -> None:
        """OpenMsgStore of one to four mailboxes in a row, through one session."""
        session = data.draw(st.sampled_from(self.driver.keys("session#")), label="session")
        mailboxes = data.draw(st.lists(st.sampled_from(self.driver.mailboxes), min_size=1, max_size=4),
                              label="mailboxes")
        for mailbox in mailboxes:
            step = Step("open", session, mailbox)
            with no_collection():  # what the open saw is what ``before`` says
                before = self._all_connections()
                outcome = self.execute(step)
                self.check_open(step, outcome, before)

    @precondition(_has("store#"))
    @rule(data=st.data())
    def release_store(self, data: st.DataObject) -> None:
        self.execute(Step("release", data.draw(st.sampled_from(self.driver.keys("store#")), label="store")))

    @precondition(_has("store#"))
    @rule(data=st.data(), kinds=st.lists(st.sampled_from(CHILD_KINDS), min_size=1, max_size=3))
    def open_children(self, data: st.DataObject, kinds: list[str]) -> None:
        """Open one to three objects through a store and keep them (folders, hierarchy tables,
        IExchangeManageStore)."""
        store = data.draw(st.sampled_from(self.driver.keys("store#")), label="store")
        for kind in kinds:
            self.execute(Step("open_child", store, kind))

    @precondition(_has("child#"))
    @rule(data=st.data())
    def release_child(self, data: st.DataObject) -> None:
        self.execute(Step("release_child", data.draw(st.sampled_from(self.driver.keys("child#")), label="child")))

    @precondition(lambda self: bool(self.driver.objects))
    @rule(data=st.data())
    def probe(self, data: st.DataObject) -> None:
        self.execute(Step("probe", data.draw(st.sampled_from(list(self.driver.objects)), label="object")))

    @precondition(lambda self: len(self.driver.processes) > 1)
    @rule(data=st.data())
    def switch_process(self, data: st.DataObject) -> None:
        self.execute(Step("switch_process", data.draw(st.sampled_from(self.driver.processes), label="process")))

    @precondition(_has("session#"))
    @rule(data=st.data(), separate=st.booleans())
    def set_connect_flags(self, data: st.DataObject, separate: bool) -> None:
        session = data.draw(st.sampled_from(self.driver.keys("session#")), label="session")
        outcome = self.execute(Step("set_connect_flags", session, separate))
        profile = self.session_of.get(session, ("", ""))[0].lower()
        if outcome.ok and profile in self.connect_flags:
            flags = self.connect_flags[profile]
            self.connect_flags[profile] = (flags | CONNECT_USE_SEPARATE_CONNECTION if separate
                                           else flags & ~CONNECT_USE_SEPARATE_CONNECTION)

    @precondition(lambda self: self.inject_faults and bool(self.driver.live_connection_ids()))
    @rule(data=st.data())
    def drop_connection(self, data: st.DataObject) -> None:
        conn = data.draw(st.sampled_from(self.driver.live_connection_ids()), label="connection")
        self.execute(Step("drop_connection", conn))

    # --- checks --------------------------------------------------------------------------------
    @invariant()
    def emsmdb_invariants(self) -> None:
        check_invariants(self.fake)

    def _all_connections(self) -> list[ConnectionInfo]:
        return [c for name in sorted(self.fake.processes) for c in self.fake.connections(name)]

    def check_open(self, step: Step, outcome: Outcome, before: list[ConnectionInfo]) -> None:
        """R1/R3/R4/R11 for one open of this machine: the lowest free LogonId is taken; the open
        fails for lack of an index exactly when its shared connection has none free; a new
        connection (separate, or the first) is refused only past the session cap."""
        profile, process = self.session_of.get(str(step.target), ("", ""))
        spec = self.fake.world.profile(profile) if profile else None
        if spec is None:
            return  # not a session this machine logged on
        world = self.fake.world
        account = world.mailbox(spec.mailbox)
        mailbox = world.find_mailbox(str(step.arg))
        server = (mailbox.server if mailbox is not None else next(iter(world.servers.values())).name).lower()
        usable = sorted(set(range(256)) - world.emsmdb.reserved_logon_ids)
        separate = bool(self.connect_flags.get(profile.lower(), 0) & CONNECT_USE_SEPARATE_CONNECTION)
        mine = [c for c in before if c.process == process and c.server.lower() == server
                and c.user.lower() == account.alias.lower() and not c.separate]
        by_id = {c.connection_id: c for c in before}
        what = f"{step} ({'separate' if separate else 'shared'} connection)"
        if outcome.ok and outcome.logon is not None:
            conn_id, logon_id = outcome.logon
            old = by_id.get(conn_id)
            free = sorted(set(usable) - set(old.logon_ids)) if old is not None else usable
            if logon_id != free[0]:
                raise InvariantError(f"R1: {what} took LogonId {logon_id}; the lowest free one is {free[0]}")
            if separate and old is not None:
                raise InvariantError(f"R3: {what} reused connection {conn_id}")
            return
        if world.emsmdb.connection_scope != "process" or outcome.error in DEAD:
            return  # which shared connection belongs to which session is not visible; or the
            # session no longer works (R8, R9), whatever the tables hold
        full = [c for c in mine if len(c.logon_ids) >= len(usable)]
        if not separate and full and outcome.error != FAILONEPROVIDER:
            raise InvariantError(f"R4: {what}: connection {full[0].connection_id} has no free LogonId, "
                                 f"yet the open gave {outcome.error or 'success'}")
        if outcome.error == FAILONEPROVIDER and not (not separate and full):
            cap = world.limits.sessions_per_user
            held = sum(1 for c in before if c.server.lower() == server and c.user.lower() == account.alias.lower())
            needs_new = separate or not mine
            if not (needs_new and cap is not None and not account.is_admin and held >= cap):
                raise InvariantError(f"R4/R11: {what} failed with {FAILONEPROVIDER} although a LogonId was free "
                                     f"and the session cap was not reached")

    def teardown(self) -> None:
        self.driver.release_all()
        uninstall()
