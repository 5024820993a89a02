"""The ``fakemapi`` command.

``fakemapi run [--world FILE] [--flavor x86] [--strict] [--trace FILE] script.py [args]``
``fakemapi replay [PATH ...] [--trace out.jsonl] [--report out.html]``
"""

from __future__ import annotations

import argparse
import os
import runpy
import sys
from collections.abc import Sequence

from fakemapi import __version__

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
    run.add_argument("script", help="the program to run")
    run.add_argument("args", nargs=argparse.REMAINDER, help="its arguments")
    rep = sub.add_parser("replay", help="replay scenario files (default: the bundled KB 260141 scenarios)")
    rep.add_argument("paths", nargs="*", help="scenario files or folders")
    rep.add_argument("--trace", metavar="FILE", help="write every call of every scenario as JSON lines")
    rep.add_argument("--report", metavar="FILE", help="write an HTML report (logon tables over virtual time)")
    rep.add_argument("--progress", action="store_true", default=None, help="show progress on stderr")
    return parser


def run(world: str | None, flavor: str, strict: bool, script: str, args: Sequence[str],
        trace: str | None = None) -> int:
    import fakemapi

    world_path = os.path.abspath(world) if world else None
    fake = fakemapi.install(world_path, flavor=flavor, strict=strict)  # fails early on a bad world
    os.environ["FAKEMAPI_WORLD"] = world_path or "default"
    os.environ["FAKEMAPI_FLAVOR"] = flavor
    os.environ["FAKEMAPI_STRICT"] = "1" if strict else "0"
    os.environ["PYTHONPATH"] = os.pathsep.join([BOOTSTRAP] + [p for p in os.environ.get("PYTHONPATH", "").split(
        os.pathsep) if p])
    sys.argv = [script, *args]
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    code = 0
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if exc.code is not None and not isinstance(exc.code, int):
            print(exc.code, file=sys.stderr)
    finally:
        if trace:
            fake.trace.dump(trace)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    options = _parser().parse_args(argv)
    if options.command == "replay":
        from fakemapi.scenario.replay import replay

        return replay(options.paths, trace=options.trace, report=options.report, progress=options.progress)
    if options.command == "run":
        if not os.path.exists(options.script):
            print(f"fakemapi run: no such file: {options.script}", file=sys.stderr)
            return 2
        try:
            return run(options.world, options.flavor, options.strict, options.script, options.args,
                       options.trace)
        except Exception as exc:
            from fakemapi.world import WorldError

            if isinstance(exc, WorldError):
                print(f"fakemapi run: {exc}", file=sys.stderr)
                return 2
            raise
    return 2


if __name__ == "__main__":
    sys.exit(main())
