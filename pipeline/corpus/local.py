"""The default engine: local worker processes, each loading the models once and taking pair after pair.

A worker is `python -m pipeline.corpus.local`, talking to the driver over its stdin and
stdout with pickled messages (multiprocessing's Connection framing): the settings bundle
first, then one task at a time, each answered by its outcome. A plain subprocess rather
than multiprocessing's spawn, which re-runs the caller's main script in every worker (a
script calling the API without a `__main__` guard would start corpus runs recursively).

Workers run in their own session, so Ctrl-C on the terminal reaches the driver alone; the
driver stops them. A worker whose driver is gone reads end-of-file and exits. A worker that
dies fails only the pair it held; a new one takes its place.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Generator, Iterator
from multiprocessing.connection import Connection, wait

from pipeline.errors import PipelineError
from pipeline.types.corpus import PairOutcome, PairTask

READY = "ready"


class _Worker:
    def __init__(self, bundle, scratch: str):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pipeline.corpus.local", scratch],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            start_new_session=True,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.to_worker = Connection(os.dup(self.process.stdin.fileno()), readable=False)
        self.from_worker = Connection(os.dup(self.process.stdout.fileno()), writable=False)
        self.process.stdin.close()
        self.process.stdout.close()
        self.task: PairTask | None = None
        self.ready = False
        self.to_worker.send(bundle)

    def stop(self) -> None:
        for conn in (self.to_worker, self.from_worker):
            conn.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def lost(self) -> PairOutcome | None:
        """The failed outcome of the pair a dead worker held."""
        code = self.process.wait()
        if self.task is None:
            return None
        how = f"killed by signal {-code}" if code < 0 else f"exit status {code}"
        return PairOutcome(self.task.id, "failed", error=f"the worker process running it died ({how})", retry=True)


def run_local(tasks: Iterator[PairTask], bundle, workers: int) -> Generator[PairOutcome, None, None]:
    """Outcomes as the workers finish them; the workers are stopped on any exit."""
    scratch = tempfile.mkdtemp(prefix="pipeline-corpus-")  # what a killed worker leaves goes with it
    pending = iter(tasks)
    returned: list[PairTask] = []  # taken for a worker that turned out dead: for the next one
    pool: list[_Worker] = []
    exhausted = False

    def give(worker: _Worker) -> bool:
        """Send the next task; False when there is none left (the worker is then told to stop)."""
        nonlocal exhausted
        if returned:
            worker.task = returned.pop()
        else:
            worker.task = None if exhausted else next(pending, None)
            exhausted = worker.task is None
        try:
            worker.to_worker.send(worker.task)
        except OSError:  # died while idle: the task was not its fault
            if worker.task is not None:
                returned.append(worker.task)
            worker.task = None
        return worker.task is not None

    try:
        pool = [_Worker(bundle, scratch) for _ in range(max(1, workers))]
        while pool:
            for conn in wait([w.from_worker for w in pool]):
                worker = next(w for w in pool if w.from_worker is conn)
                try:
                    message = worker.from_worker.recv()
                except (EOFError, OSError):
                    pool.remove(worker)
                    if not worker.ready:
                        code = worker.process.wait()
                        raise PipelineError(None, f"a worker process could not start (exit status {code})") from None
                    lost = worker.lost()
                    worker.stop()
                    if lost is not None:
                        yield lost
                    if returned or not exhausted:
                        pool.append(_Worker(bundle, scratch))
                    continue
                worker.ready = True
                # The next task first: the worker computes while the driver publishes this outcome.
                if not give(worker):
                    pool.remove(worker)
                    worker.stop()
                    if returned:  # it died before taking its task: another worker takes it
                        pool.append(_Worker(bundle, scratch))
                if isinstance(message, PairOutcome):
                    yield message
    finally:
        for worker in pool:
            worker.stop()
        shutil.rmtree(scratch, ignore_errors=True)


def _serve() -> None:
    """The worker side: the bundle, then tasks until None (or the driver's end of the pipe closes)."""
    from pipeline.corpus.work import process_pair

    incoming = Connection(os.dup(0), writable=False)
    outgoing = Connection(os.dup(1), readable=False)
    # Anything the library prints goes to stderr, never into the message stream.
    os.dup2(2, 1)
    scratch = sys.argv[1]
    try:
        bundle = incoming.recv()
        outgoing.send(READY)
        while True:
            task = incoming.recv()
            if task is None:
                return
            outgoing.send(process_pair(task, bundle, scratch))
    except (EOFError, BrokenPipeError):
        return  # the driver is gone


if __name__ == "__main__":
    _serve()
