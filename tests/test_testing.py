"""fakemapi.testing and fakemapi.strategies: the worked example of docs/testing.md runs (and
catches the leaky variant), the machine runs on the default world, the invariant checker
catches broken states, programs resolve their picks, and the strategies draw valid worlds.
hypothesis is not imported by ``import fakemapi``."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import types
from typing import Any

import pytest
from conftest import logon, open_mailbox, pw, small_world
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import rule, run_state_machine_as_test

import fakemapi
from fakemapi import program, strategies
from fakemapi.testing import InvariantError, MapiMachine, check_invariants, run_program, track_logons

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# --- the worked example of docs/testing.md ----------------------------------------------------------
def _doc_blocks() -> list[str]:
    with open(os.path.join(ROOT, "docs", "testing.md"), encoding="utf-8") as fh:
        text = fh.read()
    section = text.split("## Worked example", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def _doc_module(*blocks: str) -> types.ModuleType:
    module = types.ModuleType("docs_testing_example")
    with fakemapi.installed():  # the example imports win32com.mapi at the top
        for block in blocks:
            exec(compile(block, "docs/testing.md", "exec"), module.__dict__)
    return module


def test_the_docs_have_the_code_under_test_the_machine_and_the_leaky_variant():
    blocks = _doc_blocks()
    assert len(blocks) == 3
    assert "del store" in blocks[0] and "del store" not in blocks[2]
    assert "class MailboxNamesMachine(MapiMachine)" in blocks[1]


def test_the_worked_example_passes_with_the_loop_that_releases_as_it_goes():
    code, machine, _ = _doc_blocks()
    module = _doc_module(code, machine)
    run_state_machine_as_test(module.MailboxNamesMachine, settings=settings(max_examples=25))
    assert fakemapi.dropin.registry.REGISTRY.fake is None  # every example uninstalled its fake


def test_the_worked_example_catches_the_loop_that_keeps_the_previous_store_until_the_next_open():
    code, machine, leaky = _doc_blocks()
    module = _doc_module(code, machine, leaky)
    with pytest.raises(AssertionError, match="held 3 logons at once"):
        run_state_machine_as_test(module.MailboxNamesMachine, settings=settings(max_examples=100))


# --- the machine itself ------------------------------------------------------------------------------
class DefaultWorldMachine(MapiMachine):
    inject_faults = True


TestMapiMachineOnTheDefaultWorld = DefaultWorldMachine.TestCase


class DrawnWorldMachine(MapiMachine):
    worlds = strategies.worlds()


TestMapiMachineOnDrawnWorlds = DrawnWorldMachine.TestCase


def test_a_rule_overridden_by_a_plain_method_is_no_rule():
    class NoUninit(MapiMachine):
        def uninitialize(self) -> None:
            raise AssertionError("not a rule any more")

    class Counting(MapiMachine):
        calls = 0

        @rule()
        def uninitialize(self) -> None:
            type(self).calls += 1

    run_state_machine_as_test(Counting, settings=settings(max_examples=20))
    run_state_machine_as_test(NoUninit, settings=settings(max_examples=20))  # never calls it
    assert Counting.calls > 0  # the same settings do reach the rule when it is one


class BrokenOpenMachine(MapiMachine):
    """A machine whose driver claims every open took LogonId 7: the open check must see it."""

    world = small_world(mailboxes=3)

    def execute(self, step: program.Step) -> program.Outcome:
        outcome = super().execute(step)
        if step.action == "open" and outcome.logon is not None:
            return program.Outcome(outcome.error, outcome.key, (outcome.logon[0], 7))
        return outcome


def test_the_open_check_catches_a_logon_id_that_is_not_the_lowest_free_one():
    with pytest.raises(InvariantError, match=r"R1: open\(.*\) \(shared connection\) took LogonId 7; "
                                             r"the lowest free one is 0"):
        run_state_machine_as_test(BrokenOpenMachine, settings=settings(max_examples=50))


# --- check_invariants ---------------------------------------------------------------------------------
def test_check_invariants_passes_on_a_working_fake(fake):
    session, own, manage = logon("Admin")
    stores = [open_mailbox(session, manage, f"user{n:03}") for n in range(1, 4)]
    check_invariants(fake)
    del stores


def test_check_invariants_names_r8_for_a_process_with_count_zero_holding_logons(fake):
    session, own, manage = logon("Admin")
    fake.processes["main"].init_count = 0  # a broken model: MAPIUninitialize without teardown
    with pytest.raises(InvariantError, match=r"^R8: process 'main' is not initialized but holds logons \[\(1, 0\)\]"):
        check_invariants(fake)
    fake.processes["main"].init_count = 1


def test_check_invariants_names_r1_for_two_logons_on_one_logon_id(fake):
    session, own, manage = logon("Admin")
    a = open_mailbox(session, manage, "user001")
    conn = fake.processes["main"].emsmdb.connections[1]
    conn.logons[1].logon_id = 0  # a broken model: the same LogonId twice
    with pytest.raises(InvariantError, match=r"^R1: connection 1 \(main, EX01, admin\) gives a LogonId twice: "
                                             r"\[0, 0\]"):
        check_invariants(fake)
    conn.logons[1].logon_id = 1
    del a


def test_check_invariants_names_r6_for_a_logon_nothing_pins(fake):
    session, own, manage = logon("Admin")
    # a broken model: the objects that pin the logon (own store, its manage-store) no longer name it
    logon_ = own._h.logon
    pins = [own._h, manage._h]
    for handle in pins:
        handle.logon = None
    with pytest.raises(InvariantError, match=r"^R6: logon 0 on connection 1 .* is pinned by no object"):
        check_invariants(fake)
    for handle in pins:
        handle.logon = logon_


def test_track_logons_measures_the_peak_beyond_what_was_open(fake):
    session, own, manage = logon("Admin")
    with track_logons(fake) as meter:
        a = open_mailbox(session, manage, "user001")
        b = open_mailbox(session, manage, "user002")
        del a, b
        c = open_mailbox(session, manage, "user003")
    assert meter.peak_extra == 2
    del c


# --- programs -------------------------------------------------------------------------------------------
def test_a_program_resolves_its_picks_in_creation_order_and_skips_what_has_no_target(install):
    fake = install(small_world(mailboxes=3))
    steps = run_program(fake, [
        program.Open(0, 0),                      # no session yet: skipped
        program.Initialize(), program.Logon(0),  # Admin
        program.Open(5, 4),                      # session 5 % 1 = the only one; mailbox 4: u2
        program.Open(0, 4 + 7),                  # mailboxes: admin alice bob u1 u2 u3 ghost -> u2 again
        program.Release(1), program.OpenChild(0, "table"), program.Probe(2), program.Open(0, 6),
    ])
    assert [(str(s), o) for s, o in steps] == [
        ("initialize()", program.Outcome()),
        ("logon('Admin')", program.Outcome(key="session#1")),
        ("open('session#1', 'u2')", program.Outcome(key="store#2", logon=(1, 0))),
        ("open('session#1', 'u2')", program.Outcome(key="store#3", logon=(1, 1))),
        ("release('store#3')", program.Outcome()),
        ("open_child('store#2', 'table')", program.Outcome(key="child#4")),
        ("probe('child#4')", program.Outcome()),
        ("open('session#1', 'nosuchmailbox')", program.Outcome("MAPI_E_NOT_FOUND")),
    ]
    assert fake.logons() == []  # run_program released what the program still held


# --- strategies --------------------------------------------------------------------------------------
@given(strategies.worlds())
def test_every_drawn_world_loads(world: dict[str, Any]):
    built = fakemapi.World.from_dict(world)
    assert [p.name for p in built.profiles] == list(strategies.PROFILES)
    assert built.emsmdb.usable_logon_ids >= 1


@given(st.integers(1, 6).flatmap(lambda k: st.tuples(st.just(k), strategies.reserved_logon_ids(k))))
def test_reserved_logon_ids_leave_exactly_the_usable_count(drawn):
    usable, reserved = drawn
    assert 256 - len(set(reserved)) == usable and reserved == sorted(set(reserved))


@given(strategies.programs(max_size=5))
def test_programs_start_with_initialize_and_a_logon(prog):
    assert prog[:2] == [program.Initialize(), program.Logon(0)] and len(prog) <= 7


def test_importing_fakemapi_imports_no_hypothesis():
    code = ("import sys, fakemapi, fakemapi.testing, fakemapi.program, fakemapi.invariants, fakemapi.workers; "
            "print('hypothesis' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr


def test_pw_helpers_see_the_same_modules_as_the_driver(install):
    fake = install()
    driver = program.Driver(fake)
    assert driver.mapi is pw().mapi and driver.mailboxes[-1] == program.GHOST
