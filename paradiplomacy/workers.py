"""`--workers N`: independent documents spread over processes, results in the order of the input.

Chunks of items go to a pool of spawned processes (spawn works the same on every platform and shares nothing
by accident); `map` returns the chunks' results in input order, so a result never depends on N. Small inputs
stay in this process: starting a worker costs more than checking a few hundred files.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

CHUNK = 256  # items per task: large enough to amortise pickling, small enough to balance two cores
PARALLEL_MIN = 2 * CHUNK  # below this many items, one process does it all


def available_cores() -> int:
    """The cores this process may run on (the default of --workers)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def add_workers_argument(parser: argparse.ArgumentParser, doing: str) -> None:
    """--workers N for a command whose documents are independent."""
    parser.add_argument(
        "--workers",
        type=_positive,
        default=available_cores(),
        metavar="N",
        help=f"processes {doing} (default: the cores available, {available_cores()}); "
        "any N gives the same results",
    )


def chunks(items: Sequence[Item], size: int | None = None) -> list[Sequence[Item]]:
    size = size or CHUNK
    return [items[start : start + size] for start in range(0, len(items), size)]


def map_chunks(
    function: Callable[[Sequence[Item]], Result],
    items: Sequence[Item],
    workers: int,
    size: int | None = None,
) -> Iterator[Result]:
    """`function` over chunks of `items` (`size` each, default CHUNK), in order; in `workers` processes when
    there are enough items. At most one chunk per worker is in flight, so results waiting to be consumed
    (a build's row groups) stay bounded however many chunks there are.

    `function` must be importable at module level (a spawned process imports it by name).
    """
    parts = chunks(items, size)
    if workers <= 1 or len(parts) < 2 or len(items) < PARALLEL_MIN:
        yield from map(function, parts)
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(workers, len(parts)), mp_context=context) as pool:
        pending: deque[Future[Result]] = deque()
        for part in parts:
            if len(pending) >= workers:
                yield pending.popleft().result()
            pending.append(pool.submit(function, part))
        while pending:
            yield pending.popleft().result()
