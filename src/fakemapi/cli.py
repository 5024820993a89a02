"""The ``fakemapi`` command.

``fakemapi run [--world FILE] [--flavor x86] [--strict] [--trace FILE] [--trace-size N] [--report FILE] [-q]
script.py [args]``
``fakemapi run [options] -m module [args]``
``fakemapi replay [PATH ...] [-v] [--trace out.jsonl] [--report out.html] [--progress | --no-progress]``
"""

from __future__ import annotations

import argparse
import os
import runpy
import sys
from collections.abc import Sequence
from typing import Any

from fakemapi import __version__
from fakemapi.trace import DEFAULT_TRACE_SIZE, parse_size

BOOTSTRAP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bootstrap")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fakemapi", description="fakemapi: a fake Extended MAPI for tests")
    parser.add_argument("--version", action="version", version=f"fakemapi {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run a Python program with the fake installed (its child "
                                     "Python processes get it too)")
    run.add_argument("--world", help="world YAML file (default: the embedded world)")
    run.add_argument("--flavor", choices=("x64", "x86"), default="x64",
                     help="x86 adds the 32-bit EDK helpers to the exchange module")
    run.add_argument("--strict", action="store_true", help="strict mode (release-order warnings, creation sites)")
    run.add_argument("--trace", metavar="FILE", help="write the trace as JSON lines when the program ends")
    run.add_argument("--trace-size", metavar="N", type=_trace_size, default=DEFAULT_TRACE_SIZE,
                     help=f"keep the last N calls in the trace (default {DEFAULT_TRACE_SIZE}; "
                          "'unbounded': all, 'off': only the totals)")
    run.add_argument("--report", metavar="FILE", help="write the HTML report of the run (logon tables over "
                                                      "virtual time, errors marked) when the program ends")
    run.add_argument("-q", "--quiet", action="store_true",
                     help="no end-of-run summary on stderr (connections, peak LogonIds, errors, objects open)")
    run.add_argument("-m", dest="module", metavar="MODULE", help="run a module as a program, as python -m does")
    run.add_argument("script", nargs="?", help="the program to run (not with -m)")
    run.add_argument("args", nargs=argparse.REMAINDER, help="its arguments")
    rep = sub.add_parser("replay", help="replay scenario files (default: the bundled KB 260141 scenarios)")
    rep.add_argument("paths", nargs="*", help="scenario files or folders")
    rep.add_argument("--trace", metavar="FILE", help="write every call of every scenario as JSON lines")
    rep.add_argument("--report", metavar="FILE", help="write an HTML report (logon tables over virtual time)")
    rep.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                     help="[i/n] file lines on stderr (default: on a terminal, once the run takes over a second)")
    rep.add_argument("-v", "--verbose", action="store_true",
                     help="after the table, each scenario's description and every error it met")
    return parser


def _trace_size(text: str) -> int | None:
    try:
        return parse_size(text, "--trace-size")
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def run(world: str | None, flavor: str, strict: bool, script: str, args: Sequence[str],
        trace: str | None = None, trace_size: int | None = DEFAULT_TRACE_SIZE, *, module: bool = False,
        report: str | None = None, quiet: bool = True) -> int:
    """Run ``script`` (a path, or with ``module`` a module name) as ``__main__`` with the fake
    installed. An uncaught exception prints its traceback as Python does; for a com_error the
    fake's explanation follows. Unless ``quiet``, the end-of-run summary goes to stderr."""
    import fakemapi
    from fakemapi.runsummary import explain, summary

    world_path = os.path.abspath(world) if world else None
    # fails early on a bad world
    fake = fakemapi.install(world_path, flavor=flavor, strict=strict, trace_size=trace_size)
    os.environ["FAKEMAPI_WORLD"] = world_path or "default"
    os.environ["FAKEMAPI_FLAVOR"] = flavor
    os.environ["FAKEMAPI_STRICT"] = "1" if strict else "0"
    os.environ["FAKEMAPI_TRACE_SIZE"] = "unbounded" if trace_size is None else str(trace_size)
    os.environ["PYTHONPATH"] = os.pathsep.join([BOOTSTRAP] + [p for p in os.environ.get("PYTHONPATH", "").split(
        os.pathsep) if p])
    if module:
        sys.argv = [script, *args]  # runpy puts the module's file in argv[0]
        sys.path.insert(0, os.getcwd())
    else:
        sys.argv = [script, *args]
        sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    code = 0
    explanation: str | None = None
    # what the program still holds when it ends (its globals; the frames of an uncaught error) is
    # kept until the summary has counted it, as at interpreter exit
    kept: Any = None
    lines: list[str] = []
    try:
        if module:
            kept = runpy.run_module(script, run_name="__main__", alter_sys=True)
        else:
            kept = runpy.run_path(script, run_name="__main__")
    except SystemExit as exc:
        kept = exc
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if exc.code is not None and not isinstance(exc.code, int):
            print(exc.code, file=sys.stderr)
    except Exception as exc:  # noqa: BLE001 - reported as Python would, then explained
        code = 1
        kept = exc
        _print_traceback(exc)
        explanation = explain(exc, fake)
        if explanation:
            print(explanation, file=sys.stderr)
    finally:
        if trace:
            fake.trace.dump(trace)
        if report:
            _write_report(report, fake, script, code, explanation)
        if not quiet:
            lines = summary(fake)
        del kept
    for line in lines:
        print(line, file=sys.stderr)
    return code


def _print_traceback(exc: BaseException) -> None:
    """The traceback as Python prints it, from the program's first frame to its last: runpy's and
    this module's frames before it and fakemapi's own frames after it are left out, as pywin32's C
    code shows none."""
    import traceback

    if exc.__cause__ is not None or (exc.__context__ is not None and not exc.__suppress_context__):
        traceback.print_exception(type(exc), exc, exc.__traceback__)  # a chain: all of it
        return
    package = os.path.dirname(os.path.abspath(__file__)) + os.sep
    frames = traceback.extract_tb(exc.__traceback__)
    start = 0
    while start < len(frames) and (frames[start].filename in (__file__, runpy.__file__)
                                   or frames[start].filename.startswith("<frozen runpy")):
        start += 1
    end = len(frames)
    while end > start + 1 and frames[end - 1].filename.startswith(package):
        end -= 1
    from fakemapi.dropin.pytypes import com_error

    # as on Windows: pywin32's com_error lives in pywintypes
    last = [f"pywintypes.com_error: {exc}\n"] if type(exc) is com_error else \
        traceback.format_exception_only(type(exc), exc)
    lines = ["Traceback (most recent call last):\n", *traceback.format_list(frames[start:end]), *last]
    sys.stderr.write("".join(lines))


def _write_report(path: str, fake: Any, script: str, code: int, explanation: str | None) -> None:
    from fakemapi.scenario.report import write_report
    from fakemapi.scenario.runner import ScenarioResult, peaks

    logons_peak, connections_peak, total = peaks(fake)
    failure = None if code == 0 else (explanation or f"the program exited with status {code}")
    result = ScenarioResult(os.path.basename(script), script, code == 0, len(fake.trace), logons_peak,
                            connections_peak, total, fake.time_us, failure, fake.trace,
                            timeline=fake.timeline, description=f"fakemapi run {script}",
                            capacity=fake.world.emsmdb.usable_logon_ids,
                            session_cap=fake.world.limits.sessions_per_user)
    write_report(path, [result], title="fakemapi run")


def main(argv: Sequence[str] | None = None) -> int:
    options = _parser().parse_args(argv)
    if options.command == "replay":
        from fakemapi.scenario.replay import replay

        return replay(options.paths, trace=options.trace, report=options.report, progress=options.progress,
                      verbose=options.verbose)
    if options.command == "run":
        args = list(options.args)
        if options.module:
            if options.script is not None:
                args.insert(0, options.script)
            target = options.module
        elif options.script is None:
            print("fakemapi run: name a script, or a module with -m", file=sys.stderr)
            return 2
        elif not os.path.exists(options.script):
            print(f"fakemapi run: no such file: {options.script}", file=sys.stderr)
            return 2
        else:
            target = options.script
        try:
            return run(options.world, options.flavor, options.strict, target, args, options.trace,
                       options.trace_size, module=bool(options.module), report=options.report,
                       quiet=options.quiet)
        except Exception as exc:
            from fakemapi.world import WorldError

            if isinstance(exc, WorldError):
                print(f"fakemapi run: {exc}", file=sys.stderr)
                return 2
            raise
    return 2


if __name__ == "__main__":
    sys.exit(main())
