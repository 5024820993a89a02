"""Generate docs/signatures.md from the signature table (fakemapi/dropin/signatures.py).

    python tools/signatures.py          # write docs/signatures.md
    python tools/signatures.py --check  # exit 1 if docs/signatures.md is stale
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "docs" / "signatures.md"
PYWIN32 = "https://github.com/mhammond/pywin32/blob/main/"
MAPI_SRC = "com/win32comext/mapi/src/"

#: the hand-written part of the document (format codes, helpers, property values, deviations)
HEAD = ROOT / "tools" / "signatures_head.md"


def generate() -> str:
    sys.path.insert(0, str(ROOT))
    from fakemapi.dropin.signatures import SIGNATURES

    lines = [HEAD.read_text(encoding="utf-8"), "## The table", ""]
    sections: dict[str, list[str]] = {}
    for call, sig in SIGNATURES.items():
        owner = call.split(".")[0]
        args = ", ".join(
            f"`{a.name}`" + (f" {a.helper}" if a.helper else "") + (f" ={a.default!r}" if a.optional else "")
            for a in sig.args)
        source = sig.source if "/" in sig.source.split(":")[0].split(" ")[0] else MAPI_SRC + sig.source
        fmt = "(Python)" if sig.python else "(no parse)" if sig.unparsed else \
            "`" + (sig.fmt or " ").replace("|", "\\|") + "`"
        note = f" ({sig.note})" if sig.note else ""
        unicode = f"; MAPI_UNICODE from `{sig.unicode}`" if sig.unicode else ""
        sections.setdefault(owner, []).append(
            f"| `{call}` | {fmt} | {args}{unicode} | {sig.result}{note} | `{source}` |")
    for owner, rows in sections.items():
        lines += [f"### {owner}", "", "| call | format | arguments (helper, default) | result | source |",
                  "|---|---|---|---|---|", *rows, ""]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/signatures.md is stale")
    args = parser.parse_args(argv)
    text = generate()
    if args.check:
        if DOCUMENT.read_text(encoding="utf-8") != text:
            print("docs/signatures.md is stale: run python tools/signatures.py", file=sys.stderr)
            return 1
        return 0
    DOCUMENT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
