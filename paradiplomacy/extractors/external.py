"""Run a separate program as an extractor: one JSON document per line in, one JSON prediction per line out.

The exchange strictly alternates, so a per-document timeout is meaningful. Standard error is drained all the
time into a bounded buffer (a chatty program cannot block) and its last lines go into every error message.
The program is always cleaned up: stdin closed, then terminate, then kill after a grace period, then wait.
"""

from __future__ import annotations

import collections
import contextlib
import json
import queue
import shlex
import subprocess
import threading
from collections.abc import Mapping
from typing import IO, Any, NoReturn

from paradiplomacy.errors import InputError

TAIL_LINES = 10
TAIL_LINE_CHARS = 500


class ExternalProgram:
    """A context manager and an extractor: `with ExternalProgram("prog args") as ex: ex(document)`."""

    def __init__(self, command: str, *, timeout: float = 60.0, grace: float = 2.0) -> None:
        try:
            self.argv = shlex.split(command)
        except ValueError as error:
            raise InputError(f"--command {command!r}: cannot split into arguments ({error})") from None
        if not self.argv:
            raise InputError("--command: empty command")
        self.source = f"command {command!r}"
        self.timeout = timeout
        self.grace = grace
        self.process: subprocess.Popen[bytes] | None = None
        self._answers: queue.Queue[bytes | None] = queue.Queue()
        self._stderr: collections.deque[str] = collections.deque(maxlen=TAIL_LINES)
        self._threads: list[threading.Thread] = []

    def __enter__(self) -> ExternalProgram:
        self.start()
        return self

    def __exit__(self, kind: object, error: object, traceback: object) -> None:
        self.close(abort=kind is not None)

    def start(self) -> None:
        try:
            self.process = subprocess.Popen(
                self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
        except OSError as error:
            raise InputError(
                f"{self.source}: cannot start {self.argv[0]!r} ({error.strerror or error})"
            ) from None
        assert self.process.stdout is not None and self.process.stderr is not None
        self._threads = [
            threading.Thread(target=_read_answers, args=(self.process.stdout, self._answers), daemon=True),
            threading.Thread(target=_drain, args=(self.process.stderr, self._stderr), daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def __call__(self, document: Mapping[str, Any]) -> dict[str, Any]:
        if self.process is None or self.process.stdin is None:
            raise InputError(f"{self.source}: not started")
        doc_id = str(document["doc_id"])
        line = json.dumps(dict(document), ensure_ascii=False) + "\n"
        try:
            self.process.stdin.write(line.encode("utf-8"))
            self.process.stdin.flush()
        except OSError:
            self._exited(doc_id)
        try:
            answer = self._answers.get(timeout=self.timeout)
        except queue.Empty:
            self._fail(doc_id, f"no answer within {self.timeout:g} s (timeout)")
        if answer is None:
            self._exited(doc_id)
        return self._parse(doc_id, answer)

    def _parse(self, doc_id: str, answer: bytes) -> dict[str, Any]:
        try:
            record = json.loads(answer.decode("utf-8"))
        except ValueError:
            self._fail(doc_id, f"answered a line that is not JSON: {_snippet(answer)}")
        if not isinstance(record, dict):
            self._fail(doc_id, f"answered JSON that is not an object: {_snippet(answer)}")
        returned = record.setdefault("doc_id", doc_id)
        if returned != doc_id:
            self._fail(doc_id, f"answered for document {returned!r} instead")
        return record

    def _exited(self, doc_id: str) -> NoReturn:
        self.close(abort=False)
        status = self.process.returncode if self.process else None
        self._fail(doc_id, f"program exited with status {status} before answering")

    def _fail(self, doc_id: str, what: str) -> NoReturn:
        self.close(abort=True)
        tail = "\n".join(f"  | {line}" for line in self._stderr)
        where = f"\nlast lines of its standard error:\n{tail}" if tail else "\n(its standard error was empty)"
        raise InputError(f"{self.source}: document {doc_id}: {what}{where}")

    def close(self, *, abort: bool = False) -> None:
        """Idempotent; a clean close gives the program `grace` seconds to exit on end of input."""
        process = self.process
        if process is None:
            return
        if process.stdin is not None and not process.stdin.closed:
            with contextlib.suppress(OSError):
                process.stdin.close()
        if process.returncode is None:
            _stop(process, 0 if abort else self.grace, self.grace)
        for thread in self._threads:
            thread.join(timeout=self.grace)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def _stop(process: subprocess.Popen[bytes], patience: float, grace: float) -> None:
    try:
        process.wait(timeout=patience)
        return
    except subprocess.TimeoutExpired:
        process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _read_answers(stream: IO[bytes], answers: queue.Queue[bytes | None]) -> None:
    try:
        for line in iter(stream.readline, b""):
            answers.put(line)
    except (OSError, ValueError):
        pass
    answers.put(None)


def _drain(stream: IO[bytes], tail: collections.deque[str]) -> None:
    try:
        for chunk in iter(lambda: stream.readline(4 * TAIL_LINE_CHARS), b""):
            tail.append(chunk.decode("utf-8", "replace").rstrip("\r\n")[:TAIL_LINE_CHARS])
    except (OSError, ValueError):
        pass


def _snippet(answer: bytes) -> str:
    text = answer.decode("utf-8", "replace").rstrip("\r\n")
    return repr(text if len(text) <= 200 else text[:200] + "...")
