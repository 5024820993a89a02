"""Real OS processes: split a mailbox list across ``multiprocessing`` workers (spawn), each of
which installs the fake with the same world.

This is KB 260141's second workaround ("spawn subprocesses, each handling some of the
mailboxes") under test. Every worker starts from the world as written: server-side writes are
not shared between OS processes (see the README). Inside one Python process,
``fake.process(name)`` simulates the same thing deterministically and is cheaper.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from typing import Any, Callable, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def partition(items: Sequence[T], workers: int) -> list[list[T]]:
    """Split ``items`` into ``workers`` contiguous chunks whose sizes differ by at most one, in
    order (the first chunks get the extra items); never more chunks than items.

    >>> partition(["a", "b", "c", "d", "e"], 2)
    [['a', 'b', 'c'], ['d', 'e']]
    """
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers: expected a positive integer, got {workers!r}")
    items = list(items)
    count = min(workers, len(items))
    if count == 0:
        return []
    size, extra = divmod(len(items), count)
    out: list[list[T]] = []
    start = 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        out.append(items[start:end])
        start = end
    return out


def _install_in_worker(world: Any, flavor: str) -> None:
    from fakemapi.dropin.install import install

    install(world, flavor=flavor)


def map_partitioned(fn: Callable[[list[T]], R], items: Sequence[T], workers: int, *, world: Any = None,
                    flavor: str = "x64", install_fake: bool = True, timeout: float | None = 60.0) -> list[R]:
    """Run ``fn(chunk)`` for each chunk of :func:`partition(items, workers) <partition>` in its
    own OS process, started with the ``spawn`` method (as on Windows), and return the results
    in chunk order.

    With ``install_fake`` (the default) every worker installs the fake for ``world`` (a path to
    a world file, a world dict, or None for the default world) before ``fn`` runs, so ``fn``
    imports ``win32com.mapi`` as usual; with ``install_fake=False`` the workers use whatever
    ``win32com.mapi`` is installed (real pywin32 on Windows). ``fn`` must be importable by the
    workers (a module-level function); exceptions it raises come back to the caller.
    """
    chunks = partition(items, workers)
    if not chunks:
        return []
    ctx = multiprocessing.get_context("spawn")
    initializer = _install_in_worker if install_fake else None
    initargs = (world, flavor) if install_fake else ()
    with ctx.Pool(len(chunks), initializer=initializer, initargs=initargs) as pool:
        pending = pool.map_async(fn, chunks, chunksize=1)
        return pending.get(timeout)
