"""Run an in-process extractor (`--extractor`) contained: a time limit, quiet standard output, clear failures.

How `--timeout` is enforced for a Python callable: the extractor runs in a worker process forked from the
harness (so it is the very object `--extractor` resolved, with no second import and identical results), in
its own process group. The harness sends one document at a time over a pipe and waits at most `--timeout`
seconds (per document; a `batch` extractor gets `--timeout` times the batch size); past that the worker's
whole group is killed and the error names the document.

In the worker, standard output is redirected to standard error, so an extractor that prints cannot corrupt
`--format json` or `predict`'s JSON Lines. `SystemExit`, `KeyboardInterrupt` and any other exception become
one error naming the document; what it returns is checked (JSON data, no NaN or infinities, no lone
surrogates, bounded nesting) in the worker, before anything reaches a file.

Where `fork` is unavailable (Windows, or macOS where it is unsafe), or where
`PARADIPLOMACY_EXTRACTOR_WORKER=0` asks for it (a library that cannot survive a fork), the extractor runs in
the harness itself and `--timeout` cannot be enforced for it; a warning says so.
"""

from __future__ import annotations

import contextlib
import io
import json
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any, NoReturn

from paradiplomacy.errors import InputError
from paradiplomacy.extractors.base import BatchExtractor, Extractor, finish, payload

_EXIT_WAIT = 2.0


WORKER_SETTING = "PARADIPLOMACY_EXTRACTOR_WORKER"


def can_contain() -> bool:
    if os.environ.get(WORKER_SETTING, "1").strip() in ("0", "no", "false"):
        return False
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def run_contained(
    extractor: Extractor,
    documents: Sequence[Any],
    *,
    source: str,
    timeout: float,
    advance: Callable[[int], None] = lambda n: None,
) -> list[dict[str, Any]]:
    """One checked prediction per document, in order, each produced in the worker within `timeout`."""
    if not can_contain():
        from paradiplomacy.extractors.base import run_extractor

        print(
            f"warning: {source}: runs inside the harness ({WORKER_SETTING}=0 or no fork on this platform); "
            "--timeout is not enforced for it",
            file=sys.stderr,
        )
        return run_extractor(extractor, documents, source=source, advance=advance)
    payloads = [payload(document) for document in documents]
    with _Worker(extractor, source) as worker:
        if isinstance(extractor, BatchExtractor):
            ids = ", ".join(item["doc_id"] for item in payloads[:3]) + (" ..." if len(payloads) > 3 else "")
            answers = worker.ask(
                ("batch", payloads), f"batch of documents {ids}", timeout * max(1, len(payloads))
            )
            advance(len(payloads))
            return [json.loads(answer) for answer in answers]
        predictions = []
        for item in payloads:
            predictions.append(json.loads(worker.ask(("one", item), f"document {item['doc_id']}", timeout)))
            advance(1)
        return predictions


class _Worker:
    def __init__(self, extractor: Extractor, source: str) -> None:
        self.extractor = extractor
        self.source = source
        for stream in (sys.stdout, sys.stderr):  # else the worker could write the parent's pending output
            with contextlib.suppress(OSError, ValueError, AttributeError):
                stream.flush()
        from paradiplomacy.extractors.orphans import become_subreaper, children

        become_subreaper()  # what the extractor starts and detaches is still ours to end
        self.known_children = children()
        context = multiprocessing.get_context("fork")
        self.parent, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(extractor, source, child), daemon=False)
        self.process.start()
        child.close()

    def __enter__(self) -> _Worker:
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        self.close(kill=kind is not None)  # Ctrl-C, SIGTERM or an error: no grace for a busy extractor

    def ask(self, request: tuple[str, Any], what: str, timeout: float) -> Any:
        try:
            self.parent.send(request)
        except (OSError, ValueError):
            self._died(what)
        deadline = time.monotonic() + timeout
        while not self.parent.poll(max(0.0, min(0.5, deadline - time.monotonic()))):
            if not self.process.is_alive() and not self.parent.poll(0):
                self._died(what)
            if time.monotonic() >= deadline:
                self.close(kill=True)
                raise InputError(
                    f"{self.source}: {what}: no answer within {timeout:g} s (timeout); "
                    "the extractor's worker process was stopped"
                )
        try:
            status, value, said = self.parent.recv()
        except (EOFError, OSError):
            self._died(what)
        if said:  # what the extractor printed, in order with our own messages
            sys.stderr.write(said)
            sys.stderr.flush()
        if status == "error":
            self.close(kill=True)
            raise InputError(f"{self.source}: {what}: {value}")
        return value

    def _died(self, what: str) -> NoReturn:
        self.process.join(timeout=_EXIT_WAIT)
        code = self.process.exitcode
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit status {code}"
        self.close(kill=True)
        raise InputError(
            f"{self.source}: {what}: the extractor's worker process ended ({how}) before answering"
        )

    def close(self, *, kill: bool = False) -> None:
        if self.process.pid is None:
            return
        if not kill and self.process.is_alive():
            with contextlib.suppress(OSError, ValueError):
                self.parent.send(None)
            self.process.join(timeout=_EXIT_WAIT)
        if self.process.is_alive() or kill:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(self.process.pid, sig)
                self.process.join(timeout=_EXIT_WAIT / 4)
                if not self.process.is_alive():
                    break
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)  # anything the extractor started
        if self.process.is_alive():  # killed before it made its own group
            self.process.kill()
        self.process.join(timeout=_EXIT_WAIT)
        from paradiplomacy.extractors.orphans import end_orphans

        end_orphans(self.known_children | {self.process.pid}, _EXIT_WAIT / 4)
        with contextlib.suppress(OSError):
            self.parent.close()


def _serve(extractor: Extractor, source: str, connection: Connection) -> None:
    """The worker: its own process group, standard output onto standard error, default signals."""
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the harness's to handle; it ends this group
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    _single_threaded_torch()
    relay = _Relay()
    sys.stdout = sys.stderr = relay  # sent back with each answer, written to the harness's standard error
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        kind, body = request
        try:
            if kind == "batch":
                answer: Any = _batch(extractor, body, source)
            else:
                answer = _one(extractor, body, source)
            reply: tuple[str, Any] = ("ok", answer)
        except InputError as error:
            reply = ("error", str(error).removeprefix(f"{source}: document {_doc(body)}: "))
        except SystemExit as error:
            reply = ("error", f"the extractor called sys.exit({error.code!r})")
        except KeyboardInterrupt:
            reply = ("error", "the extractor raised KeyboardInterrupt")
        except BaseException as error:
            reply = ("error", f"{type(error).__name__}: {_message(error)}")
        try:
            connection.send((*reply, relay.take()))
        except (OSError, ValueError):
            return


def _single_threaded_torch() -> None:
    """PyTorch in a forked worker computes on one thread, so a fork after the harness used torch cannot hang.

    An OpenMP thread pool does not survive `fork`: when the parent process has already run torch (a caller
    that scored a transformers model in-process before calling `evaluate`), the worker's first parallel
    region waits forever for threads that were never copied. With one thread torch never enters that
    region. The cost is intra-op parallelism inside the worker; `PARADIPLOMACY_EXTRACTOR_WORKER=0` runs the
    extractor in the harness with every thread (and without `--timeout`).
    """
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(1)


class _Relay(io.TextIOBase):
    """What the extractor prints (to stdout or stderr), kept up to a bound and relayed to the harness."""

    LIMIT = 1 << 20

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.size = 0
        self.dropped = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if self.size + len(text) <= self.LIMIT:
            self.parts.append(text)
            self.size += len(text)
        else:
            self.dropped += len(text)
        return len(text)

    def take(self) -> str:
        text = "".join(self.parts)
        if self.dropped:
            text += f"[... {self.dropped} more characters the extractor printed were dropped]\n"
        self.parts, self.size, self.dropped = [], 0, 0
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _doc(body: Any) -> str:
    return str(body.get("doc_id")) if isinstance(body, dict) else ""


def _message(error: BaseException) -> str:
    try:
        text = str(error)
    except Exception:
        text = "(no message)"
    return text.encode("utf-8", "backslashreplace").decode("utf-8")[:2000]


def _one(extractor: Extractor, item: dict[str, str], source: str) -> str:
    raw = extractor(item)
    return _serialised(finish(raw, item["doc_id"], source))


def _batch(extractor: Any, items: list[dict[str, str]], source: str) -> list[str]:
    raw = list(extractor.batch(items))
    if len(raw) != len(items):
        raise InputError(f"batch returned {len(raw)} predictions for {len(items)} documents")
    return [_serialised(finish(pred, item["doc_id"], source)) for pred, item in zip(raw, items, strict=True)]


def _serialised(prediction: dict[str, Any]) -> str:
    return json.dumps(prediction, ensure_ascii=False, allow_nan=False)
