"""docs/coverage.md is what tools/coverage.py makes from the committed stub-name snapshot."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _tool():
    spec = importlib.util.spec_from_file_location("fakemapi_coverage_tool", ROOT / "tools" / "coverage.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_coverage_document_is_up_to_date():
    tool = _tool()
    expected = tool.generate(tool.load_snapshot())
    actual = (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/coverage.md is stale: run python tools/coverage.py"


def test_every_stub_name_is_implemented_or_has_a_reason():
    tool = _tool()
    snapshot = tool.load_snapshot()
    text = tool.generate(snapshot)  # raises SystemExit when a name is unaccounted for
    assert "(no reason given)" not in text
    total = sum(len(v) for v in snapshot["modules"].values()) + sum(len(v) for v in snapshot["interfaces"].values())
    assert f"| total in the stubs | {total} |" in text
    for name in ("PyIMessage", "PyIMAPITable", "PyIMAPIFolder"):
        assert snapshot["interfaces"][name], name
