"""Replaying the same file twice gives the same trace, byte for byte: for every bundled
scenario in one process, and for the whole set across processes with different hash seeds."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from fakemapi.scenario.replay import replay

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUNDLED = os.path.join(ROOT, "src", "fakemapi", "bundled_scenarios")
SCENARIOS = sorted(n for n in os.listdir(BUNDLED) if n.endswith(".yaml"))


def test_there_are_bundled_scenarios_to_check():
    assert len(SCENARIOS) >= 13


@pytest.mark.parametrize("name", SCENARIOS)
def test_replaying_a_bundled_scenario_twice_writes_the_same_trace_bytes(name, tmp_path):
    path = os.path.join(BUNDLED, name)
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    with open(os.devnull, "w") as quiet:
        assert replay([path], out=quiet, trace=str(first)) == 0
        assert replay([path], out=quiet, trace=str(second)) == 0
    data = first.read_bytes()
    assert data.count(b"\n") > 5
    assert data == second.read_bytes()


def test_the_bundled_trace_is_the_same_across_processes_and_hash_seeds(tmp_path):
    runs = []
    for seed in ("1", "4242"):
        out = tmp_path / f"seed{seed}.jsonl"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        runs.append((out, subprocess.Popen([sys.executable, "-m", "fakemapi", "replay", "--trace", str(out)],
                                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)))
    for _, proc in runs:
        assert proc.wait(timeout=300) == 0, proc.stderr.read() if proc.stderr else ""
        if proc.stderr:
            proc.stderr.close()
    (a, _), (b, _) = runs
    assert a.read_bytes() == b.read_bytes()
    assert a.stat().st_size > 100_000
