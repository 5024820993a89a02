"""The pytest plugin (registered through the ``pytest11`` entry point).

``fakemapi`` fixture: installs the default world, or the one a
``@pytest.mark.fakemapi(world=..., flavor=..., strict=...)`` marker names (a path is taken
relative to the test file when it exists there), and uninstalls after the test, whatever
happens in it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from fakemapi.dropin.install import installed
from fakemapi.fake import Fake

_OPTIONS = ("world", "flavor", "strict")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "fakemapi(world=None, flavor='x64', strict=False): options of the fakemapi fixture")


def _resolve_world(world: Any, request: pytest.FixtureRequest) -> Any:
    if isinstance(world, (str, os.PathLike)) and not os.path.isabs(world):
        here = os.path.join(os.path.dirname(str(request.node.fspath)), os.fspath(world))
        if os.path.exists(here):
            return here
    return world


@pytest.fixture
def fakemapi(request: pytest.FixtureRequest) -> Iterator[Fake]:
    """A freshly installed fake (see the module docstring)."""
    marker = request.node.get_closest_marker("fakemapi")
    options: dict[str, Any] = dict(marker.kwargs) if marker is not None else {}
    if marker is not None and marker.args:
        raise pytest.UsageError("@pytest.mark.fakemapi takes keyword arguments only: world=, flavor=, strict=")
    unknown = set(options) - set(_OPTIONS)
    if unknown:
        raise pytest.UsageError(f"@pytest.mark.fakemapi: unknown option(s) {sorted(unknown)}; "
                                f"expected {', '.join(_OPTIONS)}")
    world = _resolve_world(options.pop("world", None), request)
    with installed(world, **options) as fake:
        yield fake
