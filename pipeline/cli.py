"""`pipeline` command line: parse the arguments, run one command, turn failures into exit statuses.

The commands are in cli_commands.py (each a few lines over pipeline.api), their
arguments in cli_parser.py. Results go to stdout, diagnostics to stderr.
"""

from __future__ import annotations

import os
import signal
import sys

from pipeline import progress
from pipeline.cli_commands import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED, Output
from pipeline.cli_parser import build_parser
from pipeline.errors import PipelineError


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so every `finally` (staging folders, locks, workers) runs."""


def _raise_terminated(signum, frame):
    raise Terminated()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    progress.enable()  # the library shows no bars by itself; a command does, on a terminal
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        return args.func(args, Output(args))
    except Terminated:
        # A corpus run keeps the pages it finished (it said so); a single run published nothing.
        published = "" if getattr(args, "corpus_command", None) else "; nothing was published"
        print(f"pipeline: terminated{published}", file=sys.stderr)
        return EXIT_TERMINATED
    except PipelineError as exc:
        for line in exc.lines():  # one line per problem (a config's every mistake at once)
            print(f"pipeline: error: {line}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("pipeline: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `pipeline segment ... | head`: the reader went away; not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # an unexpected failure still gets one line, not a traceback
        if os.environ.get("PIPELINE_DEBUG"):
            raise
        print(
            f"pipeline: internal error: {type(exc).__name__}: {exc} (set PIPELINE_DEBUG=1 for a traceback)",
            file=sys.stderr,
        )
        return EXIT_ERROR
    finally:
        signal.signal(signal.SIGTERM, previous)
