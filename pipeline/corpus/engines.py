"""Where the per-pair function runs: in this process, in local worker processes, or as Ray tasks.

Every engine takes the tasks lazily (a pair's bytes are read only when a worker is free
for it), yields each pair's outcome as soon as it is done, in any order, and on any exit
(Ctrl-C, SIGTERM, an error in the driver) stops its workers before returning. A worker that
dies fails only the pair it held.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Generator, Iterator

from pipeline.corpus import ENGINES
from pipeline.corpus.local import run_local
from pipeline.corpus.work import process_pair
from pipeline.errors import PipelineError
from pipeline.types.corpus import PairOutcome, PairTask


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_inline(tasks: Iterator[PairTask], bundle) -> Generator[PairOutcome, None, None]:
    """One pair after another in this process (for debugging, and the tests)."""
    for task in tasks:
        yield process_pair(task, bundle)


# -- Ray ----------------------------------------------------------------------------------


def _ray():
    try:
        import ray
    except ImportError:
        raise PipelineError(
            None, "--engine ray needs Ray: pip install 'pipeline[ray]' (or pip install '.[ray]' in a checkout)"
        ) from None
    return ray


def _start_ray(ray, workers: int | None) -> bool:
    """Connect to RAY_ADDRESS, or start a local Ray with `workers` CPUs; True when this run started it."""
    if ray.is_initialized():
        return False
    # ray.init installs its own SIGTERM handler; the CLI's (stop cleanly, exit 143) must stay.
    previous = signal.getsignal(signal.SIGTERM)
    try:
        if os.environ.get("RAY_ADDRESS"):
            ray.init(logging_level="WARNING", log_to_driver=False)
        else:
            ray.init(
                address="local",
                num_cpus=workers or default_workers(),
                include_dashboard=False,
                logging_level="WARNING",
                log_to_driver=False,
            )
    except (ConnectionError, ValueError, RuntimeError) as exc:
        raise PipelineError(os.environ.get("RAY_ADDRESS"), f"cannot start or reach Ray ({exc})") from None
    finally:
        signal.signal(signal.SIGTERM, previous)
    return True


def run_ray(tasks: Iterator[PairTask], bundle, workers: int | None) -> Generator[PairOutcome, None, None]:
    """The same per-pair function as Ray tasks, one CPU each, a bounded number in flight."""
    ray = _ray()
    started = _start_ray(ray, workers)
    in_flight: dict = {}
    try:
        # One copy of the settings in the object store, shared by every task.
        bundle_ref = ray.put(bundle)
        # A retry covers a node lost mid-pair; a page that kills its worker twice fails alone.
        remote = ray.remote(num_cpus=1, max_retries=1)(process_pair)
        cpus = int(ray.cluster_resources().get("CPU", 1))
        # Two per CPU keep every worker busy while results travel; pages wait in the driver, not the store.
        window = 2 * (workers or cpus)
        pending = iter(tasks)
        exhausted = False
        while True:
            while not exhausted and len(in_flight) < window:
                task = next(pending, None)
                if task is None:
                    exhausted = True
                    break
                in_flight[remote.remote(task, bundle_ref)] = task
            if not in_flight:
                return
            done, _ = ray.wait(list(in_flight), num_returns=1)
            for ref in done:
                task = in_flight.pop(ref)
                try:
                    yield ray.get(ref)
                except ray.exceptions.RayError as exc:
                    message = " ".join(str(exc).split())[:300]
                    yield PairOutcome(task.id, "failed", error=f"Ray task failed: {message}", retry=True)
    finally:
        for ref in in_flight:
            with contextlib.suppress(Exception):
                ray.cancel(ref, force=True)
        if started:
            ray.shutdown()


def run_engine(
    engine: str, tasks: Iterator[PairTask], bundle, workers: int | None
) -> Generator[PairOutcome, None, None]:
    if engine == "inline":
        return run_inline(tasks, bundle)
    if engine == "ray":
        return run_ray(tasks, bundle, workers)
    if engine == "local":
        return run_local(tasks, bundle, workers or default_workers())
    raise PipelineError(None, f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
