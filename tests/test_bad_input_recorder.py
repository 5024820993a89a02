"""The recorder writes files that load back as they were recorded: every string (NEL included)
and every code (named or not); a relative ``world=`` follows the scenario loader's rule (from the
scenario file's folder), with an error that says so; ``new_episodes`` keeps the file's comments
(docs/scenarios.md, "Record modes").

Sources: YAML 1.1 section 5.4 (NEL, U+0085, is a line break: a raw one in a double-quoted scalar
is folded to a space); fakemapi/scenario/loader.py (world: is read relative to the scenario file).
"""

from __future__ import annotations

import os
import sys
from typing import Any

import pytest
import yaml

import fakemapi
from fakemapi.scenario import load_scenario, run_scenario
from fakemapi.scenario.emit import quote
from fakemapi.scenario.recorder import RecorderError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(autouse=True)
def _no_fake_left() -> Any:
    yield
    fakemapi.uninstall()


@pytest.mark.parametrize("text", ["a\x85b", "line\u2028sep", "tab\there", "nul\0", "\ufeffbom", "emoji \U0001f600",
                                  "$not a binding", "{n} not a template", "quote\"s and \\"])
def test_quoted_strings_read_back_as_written(text):
    assert yaml.load(quote(text), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) == text


def _logon_profile(profile: str) -> None:
    from win32com.mapi import mapi

    mapi.MAPIInitialize(None)
    try:
        # MAPI_UNICODE: the name goes through PyWinObject_AsWCHAR; without it, through the ANSI
        # code page, which has no NEL (a UnicodeEncodeError before MAPI is called)
        mapi.MAPILogonEx(0, profile, None, mapi.MAPI_EXTENDED | mapi.MAPI_NEW_SESSION | mapi.MAPI_UNICODE)
    except Exception:  # noqa: BLE001 - recorded as the step's expected error
        pass
    mapi.MAPIUninitialize()


def test_a_recorded_profile_name_with_nel_replays(tmp_path):
    path = str(tmp_path / "nel.yaml")
    with fakemapi.record(path, target=fakemapi.World.default()):
        _logon_profile("Ad\x85min")
    assert '"Ad\\x85min"' in open(path, encoding="utf-8").read()
    scenario = load_scenario(path)
    assert run_scenario(scenario).passed


def test_a_relative_world_is_read_from_the_scenario_folder_and_the_error_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "w.yaml").write_text("schema_version: 1\nservers: [{name: EX01}]\n", encoding="utf-8")
    os.makedirs(tmp_path / "rec")
    with pytest.raises(RecorderError) as info:
        with fakemapi.record("rec/s.yaml", target=fakemapi.World.load("w.yaml"), world="w.yaml"):
            pass
    message = str(info.value)
    assert message.startswith(f"world='w.yaml': no world file at {tmp_path / 'rec' / 'w.yaml'}")
    assert "exists relative to the current folder" in message and "world='../w.yaml'" in message
    with fakemapi.record("rec/s.yaml", target=fakemapi.World.load("w.yaml"), world="../w.yaml"):
        from win32com.mapi import mapi

        mapi.MAPIInitialize(None)
        mapi.MAPIUninitialize()
    assert "world: \"../w.yaml\"" in open("rec/s.yaml", encoding="utf-8").read()
    assert run_scenario(load_scenario("rec/s.yaml")).passed


def test_new_episodes_keeps_the_files_comments(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("# a recording of the nightly job\nschema_version: 1\nname: c  # kept\nsteps:\n"
                    "  # first, MAPI\n  - mapi.MAPIInitialize: [null]\n"
                    "  # and the end\n  - mapi.MAPIUninitialize: []\n# the end of the file\n", encoding="utf-8")
    with fakemapi.record(str(path), target=fakemapi.World.default(), mode="new_episodes") as rec:
        from win32com.mapi import mapi

        mapi.MAPIInitialize(None)
        mapi.MAPIUninitialize()
        mapi.MAPIInitialize(None)
        mapi.MAPIUninitialize()
    assert rec.play_count == 2
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# a recording of the nightly job\nschema_version: 1\nname: c  # kept\nsteps:\n"
                           "  # first, MAPI\n  - mapi.MAPIInitialize: [null]\n"
                           "  # and the end\n  - mapi.MAPIUninitialize: []\n")
    assert text.endswith("# the end of the file\n")
    assert text.count("mapi.MAPIInitialize") == 2
    assert run_scenario(load_scenario(str(path))).passed


def test_an_hresult_without_a_name_is_written_so_that_it_loads_and_replays(tmp_path):
    path = str(tmp_path / "code.yaml")
    fake = fakemapi.install(None)
    fake.faults.fail("MAPILogonEx", 0x800401F3, nth=1)  # CO_E_CLASSSTRING: not in MAPI's table
    with fakemapi.record(path, target=fake):
        _logon_profile("Admin")
    fakemapi.uninstall()
    text = open(path, encoding="utf-8").read()
    assert "expect: {error: 0x800401F3}" in text
    scenario = load_scenario(path)
    assert scenario.steps[1].expect.error == "0x800401F3"
    with fakemapi.record(path, mode="none") as again:
        import pywintypes
        from win32com.mapi import mapi

        mapi.MAPIInitialize(None)
        with pytest.raises(pywintypes.com_error) as info:
            mapi.MAPILogonEx(0, "Admin", None, mapi.MAPI_EXTENDED | mapi.MAPI_NEW_SESSION | mapi.MAPI_UNICODE)
        assert info.value.hresult == 0x800401F3 - 0x100000000
        mapi.MAPIUninitialize()
    assert again.all_played


def test_a_string_yaml_cannot_hold_is_a_recorder_error_naming_it(tmp_path):
    # YAML 1.1 (5.1): a file holds Unicode characters; a lone surrogate is none, and has no escape
    path = tmp_path / "sur.yaml"
    before = sys.modules.get("win32com")
    with pytest.raises(RecorderError) as info:
        with fakemapi.record(str(path), target=fakemapi.World.default()):
            _logon_profile("Ad\ud800min")
    assert str(info.value).startswith(f"cannot write the recording to {path}: the string ")
    assert "holds a lone surrogate (U+D800)" in str(info.value)
    assert not path.exists()
    assert sys.modules.get("win32com") is before  # the recorder put back what it patched
