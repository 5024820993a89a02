"""``fakemapi run``: unmodified scripts run with the fake installed, and so do the Python
processes they start (multiprocessing spawn workers, subprocess children)."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from typing import Callable

import pytest

import fakemapi.cli
from fakemapi.dropin.registry import REGISTRY

RUNNER_FORMS = {
    "module-cli": [sys.executable, "-m", "fakemapi.cli"],
    "module": [sys.executable, "-m", "fakemapi"],
}

WORLD = """\
schema_version: 1
organization: {name: Fabrikam, site: Lab}
servers: [{name: MX1}]
mailboxes:
  - {alias: root, display_name: Root, rights: admin}
  - {alias: zoe, display_name: Zoe}
profiles:
  - {name: Zoe, mailbox: zoe, default: true}
"""

#: opens the default profile's own store and prints its display name (works in any world)
ROOT = pathlib.Path(__file__).resolve().parent.parent
OPEN_STORE = """\
from win32com.mapi import mapi, mapitags
mapi.MAPIInitialize(None)
session = mapi.MAPILogonEx(0, "", None, mapi.MAPI_USE_DEFAULT | mapi.MAPI_NEW_SESSION | mapi.MAPI_EXTENDED)
rows = mapi.HrQueryAllRows(session.GetMsgStoresTable(0),
                           (mapitags.PR_ENTRYID, mapitags.PR_DEFAULT_STORE), None, None, 0)
eid = [e for (_, e), (_, d) in rows if d][0]
store = session.OpenMsgStore(0, eid, None, mapi.MDB_NO_DIALOG)
name = store.GetProps((mapitags.PR_DISPLAY_NAME_A,), 0)[1][0][1]
"""


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAKEMAPI_") and k != "PYTHONPATH"}
    env.update(extra)
    return env


def script(tmp_path: pathlib.Path, body: str, name: str = "prog.py") -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return str(path)


def run(*args: str, cwd: pathlib.Path | None = None, form: str = "module-cli",
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*RUNNER_FORMS[form], *args], capture_output=True, text=True, timeout=60,
                          cwd=cwd, env=env if env is not None else clean_env())


@pytest.fixture
def inproc(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., int]]:
    """``inproc("run", ...)``: ``fakemapi.cli.main`` in this process; the environment, sys.argv,
    sys.path and the installed fake are put back afterwards."""
    for name in ("FAKEMAPI_WORLD", "FAKEMAPI_FLAVOR", "FAKEMAPI_STRICT", "FAKEMAPI_TRACE_SIZE", "PYTHONPATH"):
        monkeypatch.setenv(name, "-")
        monkeypatch.delenv(name)
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    monkeypatch.setattr(sys, "path", list(sys.path))
    modules = set(sys.modules)
    try:
        yield lambda *args: fakemapi.cli.main(list(args))
    finally:
        fakemapi.uninstall()
        for name in set(sys.modules) - modules:
            if name.startswith("helper_mod"):
                del sys.modules[name]


def test_python_m_fakemapi_run_executes_an_unmodified_script_with_the_fake_installed(tmp_path: pathlib.Path) -> None:
    prog = script(tmp_path, OPEN_STORE + """\
import sys, pythoncom, pywintypes
print("store:", name.decode())
print("name:", __name__, "argv:", sys.argv[1:])
print("same class:", pythoncom.com_error is pywintypes.com_error)
""")
    proc = run("run", "-q", prog, "--flag", "value", form="module")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "store: Mailbox - Administrator",
        "name: __main__ argv: ['--flag', 'value']",
        "same class: True",
    ]
    assert proc.stderr == ""


def test_fakemapi_console_script_runs_a_script(tmp_path: pathlib.Path) -> None:
    exe = pathlib.Path(sys.executable).parent / ("fakemapi.exe" if os.name == "nt" else "fakemapi")
    if not exe.exists():
        pytest.skip(f"no console script next to {sys.executable}")
    prog = script(tmp_path, OPEN_STORE + "print(name.decode())\n")
    proc = subprocess.run([str(exe), "run", "-q", prog], capture_output=True, text=True, timeout=60, env=clean_env())
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "Mailbox - Administrator\n", "")


@pytest.mark.parametrize("code, expected", [("sys.exit(3)", 3), ("sys.exit(0)", 0), ("sys.exit()", 0),
                                            ("raise SystemExit(None)", 0), ("sys.exit(True)", 1)])
def test_exit_codes_of_the_script_are_returned(tmp_path: pathlib.Path, inproc: Callable[..., int],
                                               capsys: pytest.CaptureFixture[str], code: str, expected: int) -> None:
    prog = script(tmp_path, f"import sys\n{code}\n")
    assert inproc("run", prog) == expected
    assert capsys.readouterr().err == ""


def test_sys_exit_with_a_message_prints_it_and_exits_1(tmp_path: pathlib.Path, inproc: Callable[..., int],
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    prog = script(tmp_path, "import sys\nsys.exit('giving up')\n")
    assert inproc("run", prog) == 1
    assert capsys.readouterr().err == "giving up\n"


def test_an_uncaught_exception_gives_a_traceback_and_exit_code_1(tmp_path: pathlib.Path) -> None:
    prog = script(tmp_path, """\
from win32com.mapi import mapi
mapi.MAPIInitialize(None)
mapi.MAPILogonEx(0, "NoSuchProfile", None, mapi.MAPI_NEW_SESSION)
""")
    proc = run("run", "-q", prog)
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert lines[0] == "Traceback (most recent call last):"
    # pywin32's exception as it is (PyCom_BuildPyException: (hr, strerror, None, None))
    assert lines[-2].endswith("com_error: (-2147221231, 'OLE error 0x80040111', None, None)")


def test_world_option_is_honoured(tmp_path: pathlib.Path, inproc: Callable[..., int],
                                  capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    world = tmp_path / "fabrikam.yaml"
    world.write_text(WORLD, encoding="utf-8")
    prog = script(tmp_path, OPEN_STORE + """\
import os
print(name.decode())
print(session.QueryIdentity()[28:-1].decode())
print(os.environ["FAKEMAPI_WORLD"])
""")
    monkeypatch.chdir(tmp_path)
    assert inproc("run", "--world", "fabrikam.yaml", prog) == 0
    # a relative path is made absolute, so children started elsewhere find it
    assert capsys.readouterr().out.splitlines() == ["Mailbox - Zoe", "/o=Fabrikam/ou=Lab/cn=Recipients/cn=zoe",
                                                    str(world)]


@pytest.mark.parametrize("flavor, expected", [("x86", "True /o=Contoso/ou=HQ/cn=Configuration/cn=Servers/cn=EX01"),
                                              ("x64", "False")])
def test_flavor_option_is_honoured(tmp_path: pathlib.Path, inproc: Callable[..., int],
                                   capsys: pytest.CaptureFixture[str], flavor: str, expected: str) -> None:
    prog = script(tmp_path, """\
from win32com.mapi import exchange, mapi
has = hasattr(exchange, "HrGetServerDN")
if has:
    mapi.MAPIInitialize(None)
    print(has, exchange.HrGetServerDN(mapi.MAPILogonEx(0, "Admin", None, mapi.MAPI_NEW_SESSION)))
else:
    print(has)
""")
    assert inproc("run", "--flavor", flavor, prog) == 0
    assert capsys.readouterr().out == expected + "\n"


def test_a_bad_world_file_is_a_clear_error_with_exit_code_2(tmp_path: pathlib.Path) -> None:
    world = tmp_path / "bad.yaml"
    world.write_text("schema_version: 1\nservers: [{name: EX01}]\nmailboxes:\n  - {alias: a, server: EX09}\n",
                     encoding="utf-8")
    prog = script(tmp_path, "print('must not run')\n")
    proc = run("run", "--world", str(world), prog)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == f"fakemapi run: {world}:4:24: mailboxes[0].server: server 'EX09' is not in servers (EX01)\n"


def test_a_missing_world_file_is_exit_code_2(tmp_path: pathlib.Path, inproc: Callable[..., int],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    prog = script(tmp_path, "print('must not run')\n")
    assert inproc("run", "--world", str(tmp_path / "absent.yaml"), prog) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"fakemapi run: {tmp_path / 'absent.yaml'}: cannot read the world file: No such file or directory\n"


def test_a_missing_script_is_exit_code_2(tmp_path: pathlib.Path, inproc: Callable[..., int],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert inproc("run", str(tmp_path / "absent.py")) == 2
    assert capsys.readouterr() == ("", f"fakemapi run: no such file: {tmp_path / 'absent.py'}\n")
    assert REGISTRY.fake is None


def test_main_returns_2_for_a_bad_world_without_installing(tmp_path: pathlib.Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    world = tmp_path / "bad.yaml"
    world.write_text("schema_version: 7\nservers: [{name: EX01}]\n", encoding="utf-8")
    prog = script(tmp_path, "raise AssertionError('must not run')\n")
    env_before = {k: os.environ.get(k) for k in ("FAKEMAPI_WORLD", "PYTHONPATH")}
    assert fakemapi.cli.main(["run", "--world", str(world), prog]) == 2
    assert capsys.readouterr().err == (f"fakemapi run: {world}:1:17: schema_version: unsupported schema_version 7; "
                                       f"this fakemapi reads version 1\n")
    assert REGISTRY.fake is None
    assert {k: os.environ.get(k) for k in env_before} == env_before


def test_usage_errors_exit_2(tmp_path: pathlib.Path, inproc: Callable[..., int],
                             capsys: pytest.CaptureFixture[str]) -> None:
    prog = script(tmp_path, "pass\n")
    with pytest.raises(SystemExit) as info:
        inproc("run", "--flavor", "arm64", prog)
    assert info.value.code == 2
    assert "invalid choice: 'arm64'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        inproc()
    assert info.value.code == 2


def test_the_script_directory_is_on_sys_path(tmp_path: pathlib.Path, inproc: Callable[..., int],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "helper_mod_cli.py").write_text("VALUE = 'from helper'\n", encoding="utf-8")
    prog = script(tmp_path, "import helper_mod_cli\nprint(helper_mod_cli.VALUE)\n")
    assert inproc("run", prog) == 0
    assert capsys.readouterr().out == "from helper\n"


def test_trace_option_writes_the_calls_as_json_lines(tmp_path: pathlib.Path, inproc: Callable[..., int]) -> None:
    prog = script(tmp_path, OPEN_STORE)
    trace = tmp_path / "trace.jsonl"
    assert inproc("run", "--trace", str(trace), prog) == 0
    events = [json.loads(line) for line in trace.read_text(encoding="utf-8").splitlines()]
    calls = [e["call"] for e in events]
    assert calls[:2] == ["MAPIInitialize", "MAPILogonEx"]
    open_event = next(e for e in events if e["call"] == "OpenMsgStore")
    assert (open_event["hresult"], open_event["connection_id"], open_event["logon_id"]) == (None, 1, 0)


def test_spawned_workers_and_subprocess_children_have_the_fake_too(tmp_path: pathlib.Path) -> None:
    world = tmp_path / "fabrikam.yaml"
    world.write_text(WORLD, encoding="utf-8")
    child = script(tmp_path, OPEN_STORE + """\
import os
print("child:", name.decode(), os.environ["FAKEMAPI_WORLD"])
""", name="child.py")
    script(tmp_path, """\
import multiprocessing
import os
import subprocess
import sys


def worker(queue):
""" + textwrap.indent(OPEN_STORE, "    ") + """\
    import pythoncom
    queue.put((name.decode(), os.getpid(), pythoncom.__file__))


if __name__ == "__main__":
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=worker, args=(queue,))
    proc.start()
    store, pid, modfile = queue.get(timeout=60)
    proc.join(60)
    print("worker:", store, pid != os.getpid(), modfile, proc.exitcode)
    out = subprocess.run([sys.executable, sys.argv[1]], capture_output=True, text=True, timeout=60)
    print(out.stdout.strip(), "| rc", out.returncode, "| err", repr(out.stderr))
    sys.exit(5)
""", name="parent.py")
    proc = run("run", "--world", str(world), str(tmp_path / "parent.py"), child)
    assert proc.returncode == 5, proc.stderr  # the script's exit code is the process exit status
    assert proc.stdout.splitlines() == [
        "worker: Mailbox - Zoe True <fakemapi pythoncom> 0",
        f"child: Mailbox - Zoe {world} | rc 0 | err ''",
    ]


def test_flavor_and_strict_reach_child_processes(tmp_path: pathlib.Path) -> None:
    child = script(tmp_path, """\
import fakemapi
from fakemapi.dropin.registry import REGISTRY
from win32com.mapi import exchange
print(REGISTRY.fake.flavor, REGISTRY.fake.strict, hasattr(exchange, "HrMailboxLogon"))
""", name="child.py")
    prog = script(tmp_path, """\
import subprocess, sys
print(subprocess.run([sys.executable, sys.argv[1]], capture_output=True, text=True).stdout, end="")
""")
    proc = run("run", "-q", "--flavor", "x86", "--strict", prog, child)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "x86 True True\n", "")


def test_bootstrap_reports_a_broken_world_in_a_child_and_lets_it_run(tmp_path: pathlib.Path) -> None:
    env = clean_env(PYTHONPATH=fakemapi.cli.BOOTSTRAP, FAKEMAPI_WORLD=str(tmp_path / "absent.yaml"))
    proc = subprocess.run([sys.executable, "-c", "import sys; print('alive', 'pythoncom' in sys.modules)"],
                          capture_output=True, text=True, timeout=60, env=env)
    assert (proc.returncode, proc.stdout) == (0, "alive False\n")
    assert proc.stderr.startswith("fakemapi: could not install the fake in process ")
    assert proc.stderr.rstrip().endswith(f"{tmp_path / 'absent.yaml'}: cannot read the world file: "
                                         f"No such file or directory")


def test_bootstrap_without_fakemapi_world_installs_nothing(tmp_path: pathlib.Path) -> None:
    env = clean_env(PYTHONPATH=fakemapi.cli.BOOTSTRAP)
    proc = subprocess.run([sys.executable, "-c", "import sys; print('pythoncom' in sys.modules)"],
                          capture_output=True, text=True, timeout=60, env=env)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "False\n", "")


def test_bootstrap_still_runs_the_programs_own_sitecustomize(tmp_path: pathlib.Path) -> None:
    own = tmp_path / "own"
    own.mkdir()
    (own / "sitecustomize.py").write_text("import builtins\nbuiltins.OWN_SITECUSTOMIZE = True\n",
                                          encoding="utf-8")
    env = clean_env(PYTHONPATH=os.pathsep.join([fakemapi.cli.BOOTSTRAP, str(own)]), FAKEMAPI_WORLD="default")
    proc = subprocess.run(
        [sys.executable, "-c", "import sys, builtins; print(getattr(builtins, 'OWN_SITECUSTOMIZE', False), "
                               "sys.modules['pythoncom'].__file__)"],
        capture_output=True, text=True, timeout=60, env=env)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "True <fakemapi pythoncom>\n", "")


# --- what fakemapi run says after the program (issue 16 item 4) ----------------------------------
def test_an_uncaught_com_error_is_explained_after_pywin32s_exception(tmp_path: pathlib.Path) -> None:
    prog = script(tmp_path, """\
from win32com.mapi import mapi
mapi.MAPIInitialize(None)
mapi.MAPILogonEx(0, "Ops", None, mapi.MAPI_EXTENDED | mapi.MAPI_NEW_SESSION)
""")
    proc = run("run", "-q", prog)
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    # what Windows prints for it: pywintypes.com_error, args (hr, strerror, excepinfo, argerror)
    assert lines[-2] == "pywintypes.com_error: (-2147221231, 'OLE error 0x80040111', None, None)"
    assert lines[-1] == ("fakemapi: the com_error above is MAPI_E_LOGON_FAILED (0x80040111), raised by "
                         "mapi.MAPILogonEx: the world has no profile 'Ops' (it has: 'Admin', 'AdminSeparate', "
                         "'Alice', 'AliceSeparate'); component MAPI")
    # the traceback shows the program's frames only, as pywin32's C code adds none
    assert [line for line in lines if line.startswith("  File")] == [f'  File "{prog}", line 3, in <module>']


def test_the_end_of_run_summary_names_peaks_errors_and_what_is_still_open(tmp_path: pathlib.Path) -> None:
    prog = script(tmp_path, OPEN_STORE + "KEEP = store\n")
    proc = run("run", str(ROOT / "examples" / "open_all_mailboxes.py"))
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "fakemapi: 775 MAPI calls, 275.0 ms of virtual time",
        "fakemapi: 1 connection opened, 1 open at once at most; peak LogonIds per connection: #1 255 "
        "(capacity 255)",
        "fakemapi: errors: MAPI_E_FAILONEPROVIDER x1",
        "fakemapi: still open at exit: nothing",
    ]
    kept = run("run", prog)
    assert kept.returncode == 0
    assert "fakemapi: errors: none" in kept.stderr.splitlines()
    still = [line for line in kept.stderr.splitlines() if line.startswith("fakemapi: still open")]
    assert len(still) == 1 and "store x1" in still[0] and still[0].endswith("holding 1 logon")


def test_quiet_leaves_the_summary_out(tmp_path: pathlib.Path) -> None:
    proc = run("run", "-q", str(ROOT / "examples" / "open_all_mailboxes.py"))
    assert (proc.returncode, proc.stderr) == (1, "")


def test_report_writes_the_html_report_of_the_run(tmp_path: pathlib.Path) -> None:
    out = tmp_path / "run.html"
    proc = run("run", "-q", "--report", str(out), str(ROOT / "examples" / "open_all_mailboxes.py"))
    assert proc.returncode == 1
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<h1>fakemapi run</h1>" in page and "open_all_mailboxes.py" in page
    assert "MAPI_E_FAILONEPROVIDER" in page


def test_dash_m_runs_a_module_as_main_with_its_arguments(tmp_path: pathlib.Path) -> None:
    (tmp_path / "helper_mod_pkg").mkdir()
    (tmp_path / "helper_mod_pkg" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "helper_mod_pkg" / "tool.py").write_text(OPEN_STORE + """\
import sys
print(__name__, sys.argv[1:], name.decode())
""", encoding="utf-8")
    proc = run("run", "-q", "-m", "helper_mod_pkg.tool", "a", "--b", cwd=tmp_path)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "__main__ ['a', '--b'] Mailbox - Administrator\n", "")


def test_run_without_a_script_or_module_is_a_usage_error(inproc: Callable[..., int],
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert inproc("run") == 2
    assert capsys.readouterr().err == "fakemapi run: name a script, or a module with -m\n"
