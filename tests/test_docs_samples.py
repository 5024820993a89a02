"""Every code sample in README.md and docs/*.md runs, so a stale sample fails the suite (issue 16
item 2). The rule, for whoever writes docs, is in docs/samples.md:

- every fenced ```python block runs, in the order of its page, as one script per page (a block
  sees the names earlier blocks of the page defined); a block that defines ``test_*`` functions or
  ``Test*`` classes runs under pytest (with the page's earlier blocks above it) and every test it
  defines must pass; the others run with the default world installed (``fake`` is that fake);
- a ```sh block runs only when the line before it is ``<!-- run-sh -->``; each of its commands
  must exit 0 (or N, given as a ``# [exits N]`` line after it), and the other ``# ...`` lines right
  after a command are text its output must contain;
- ``<!-- not-a-test: reason -->`` on the line before a block leaves it out; the reason must say
  why (a Windows-only call, a fragment, ...).

Samples run with the repository root as the working directory and ``examples/`` on sys.path.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

import fakemapi

# loaded before any sample's in-process pytest run: pytester restores sys.modules after each run,
# and a module imported anew inside one (yaml, pywintypes' com_error) would not be the one the
# modules loaded before hold
import fakemapi.dropin.install  # noqa: F401
import fakemapi.scenario.runner  # noqa: F401
import fakemapi.testing  # noqa: F401
import fakemapi.world.loader  # noqa: F401

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^(?P<indent> *)```(?P<lang>[A-Za-z0-9_-]*)\s*$")
NOT_A_TEST = re.compile(r"<!--\s*not-a-test:\s*(?P<reason>.*?)\s*-->")
RUN_SH = "<!-- run-sh -->"
EXIT = re.compile(r"\[exits (\d+)\]")
TEST_DEF = re.compile(r"^(?:def (test_\w*)|class (Test\w*)|(Test\w*) = )", re.MULTILINE)


@attrs.frozen
class Block:
    page: Path
    line: int  # of the opening fence, 1-based
    lang: str
    code: str
    before: str  # the last non-blank line before the fence

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"

    @property
    def skip_reason(self) -> str | None:
        match = NOT_A_TEST.search(self.before)
        return match.group("reason") if match else None


def blocks(page: Path) -> list[Block]:
    """The fenced blocks of a page (indented ones in lists too), in order."""
    out: list[Block] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if match is None:
            i += 1
            continue
        indent = len(match.group("indent"))
        start = i
        before = next((lines[j] for j in range(i - 1, -1, -1) if lines[j].strip()), "")
        body = []
        i += 1
        while i < len(lines) and lines[i].strip() != "```":
            body.append(lines[i][indent:] if lines[i][:indent].strip() == "" else lines[i])
            i += 1
        out.append(Block(page, start + 1, match.group("lang"), "\n".join(body) + "\n", before.strip()))
        i += 1
    return out


ALL = [b for page in PAGES for b in blocks(page)]
PYTHON = [b for b in ALL if b.lang == "python"]
SHELL = [b for b in ALL if b.lang == "sh" and b.before == RUN_SH]


def _script_before(block: Block) -> str:
    """The page's earlier python blocks that run (the page is one script)."""
    earlier = [b for b in PYTHON if b.page == block.page and b.line < block.line and b.skip_reason is None]
    return "".join(f"# --- {b.where}\n{b.code}" for b in earlier)


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.syspath_prepend(str(ROOT / "examples"))


@pytest.mark.parametrize("block", PYTHON, ids=[b.where for b in PYTHON])
def test_python_sample_runs(block: Block, at_root: None, pytester: pytest.Pytester) -> None:
    reason = block.skip_reason
    if reason is not None:
        assert reason, f"{block.where}: <!-- not-a-test: --> needs a reason"
        pytest.skip(f"not-a-test: {reason}")
    source = _script_before(block) + f"# --- {block.where}\n{block.code}"
    tests = sorted({name for match in TEST_DEF.finditer(block.code) for name in match.groups() if name})
    if tests:
        # only this block's tests run: an earlier block may show a mistake on purpose
        pytester.makepyfile(**{"test_sample": source})
        result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-p", "no:hypothesispytest",
                                              "-W", "ignore::fakemapi.ReleaseOrderWarning",
                                              *(f"{pytester.path / 'test_sample.py'}::{name}" for name in tests))
        outcomes = result.parseoutcomes()
        assert outcomes.get("passed", 0) > 0 and set(outcomes) <= {"passed", "warnings"}, \
            f"{block.where}: the sample's tests did not all pass:\n{result.stdout.str()}"
        return
    namespace: dict[str, Any] = {"__name__": "__sample__"}
    with fakemapi.installed() as fake:
        namespace["fake"] = fake
        exec(compile(source, str(block.page), "exec"), namespace)  # noqa: S102 - the sample is the test
        namespace.clear()


@pytest.mark.parametrize("block", SHELL, ids=[b.where for b in SHELL])
def test_shell_sample_runs(block: Block) -> None:
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    lines = block.code.splitlines()
    for i, line in enumerate(lines):
        if not line.strip() or line.startswith("#"):
            continue
        expected, status = [], 0
        for follow in lines[i + 1:]:
            if not follow.startswith("# "):
                break
            code = EXIT.fullmatch(follow[2:].strip())
            if code:
                status = int(code.group(1))
            else:
                expected.append(follow[2:])
        proc = subprocess.run(["bash", "-e", "-c", line], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=300)
        assert proc.returncode == status, \
            f"{block.where}: `{line}` exited {proc.returncode}, not {status}:\n{proc.stdout}{proc.stderr}"
        for text in expected:
            assert text in proc.stdout + proc.stderr, f"{block.where}: `{line}` did not print {text!r}:\n{proc.stdout}"


def test_every_page_is_looked_at_and_the_rule_finds_python_blocks() -> None:
    # the extraction itself: a sample rule that found nothing would pass vacuously
    assert ROOT / "README.md" in PAGES and ROOT / "docs" / "samples.md" in PAGES
    assert len(PYTHON) >= 8
    assert any(b.page.name == "README.md" and "peak_logons" in b.code for b in PYTHON)
