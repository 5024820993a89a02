"""Real OS processes: partition() splits a mailbox list evenly and in order; map_partitioned()
runs a function per chunk in spawned workers, each with the fake installed for the same world,
so KB 260141's subprocess workaround can be tested for real (examples/partitioned_export.py)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from fakemapi.testing import map_partitioned, partition

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(ROOT, "examples")


@pytest.mark.parametrize(("count", "workers", "sizes"), [
    (300, 2, [150, 150]), (10, 3, [4, 3, 3]), (5, 2, [3, 2]), (2, 4, [1, 1]), (0, 3, []), (7, 1, [7]),
])
def test_partition_gives_contiguous_chunks_whose_sizes_differ_by_at_most_one(count, workers, sizes):
    items = list(range(count))
    chunks = partition(items, workers)
    assert [len(c) for c in chunks] == sizes
    assert [x for c in chunks for x in c] == items


@pytest.mark.parametrize("workers", [0, -1, 1.5, True, "2"])
def test_partition_refuses_a_worker_count_that_is_not_a_positive_integer(workers):
    with pytest.raises(ValueError, match=r"^workers: expected a positive integer"):
        partition([1, 2], workers)


@pytest.fixture
def example():
    """examples/partitioned_export.py as a module; its directory stays on sys.path meanwhile, as
    the spawned workers import the module by name."""
    sys.path.insert(0, EXAMPLES)
    try:
        import partitioned_export

        yield partitioned_export
    finally:
        sys.path.remove(EXAMPLES)


def test_two_spawned_workers_open_150_mailboxes_each_where_one_process_stops_at_254(example):
    two = map_partitioned(example.export_chunk, example.MAILBOXES, 2)
    one = map_partitioned(example.export_chunk, example.MAILBOXES, 1)
    assert two == [(150, None), (150, None)]
    assert one == [(254, "user255: MAPI_E_FAILONEPROVIDER")]


def test_each_worker_installs_the_world_it_is_given(example):
    world = {"schema_version": 1, "servers": [{"name": "EX01"}],
             "mailboxes": [{"alias": "admin", "rights": "admin"}, {"alias": "u1"}, {"alias": "u2"}],
             "profiles": [{"name": "Admin", "mailbox": "admin", "default": True}],
             "emsmdb": {"reserved_logon_ids": list(range(2, 256))}}  # LogonIds 0 and 1 only
    assert map_partitioned(example.export_chunk, ["u1", "u2"], 1, world=world) == [
        (1, "u2: MAPI_E_FAILONEPROVIDER")]


def test_the_example_script_runs_as_documented():
    done = subprocess.run([sys.executable, os.path.join(EXAMPLES, "partitioned_export.py"), "2"],
                          capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout) == (0, "worker 1: opened 150 mailboxes\nworker 2: opened 150 mailboxes\n")
