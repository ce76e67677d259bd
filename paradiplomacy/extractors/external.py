"""Run a separate program as an extractor: one JSON document per line in, one JSON prediction per line out.

Containment, so that no program can hang the harness or outlive it:
- the program starts in its own session and process group; whatever happens (success, failure, timeout,
  Ctrl-C, SIGTERM of the harness) the whole group is ended: SIGTERM, then SIGKILL after a grace period. A
  grandchild that keeps standard output open, or runs in the background, goes with it; one that left the
  group (`setsid`) is found as an orphan handed to the harness and ended too (`orphans`, Linux, CLI only);
- writing runs in its own thread, so `--timeout` covers writing the document (a program that never reads its
  input fills the pipe), waiting for the answer and reading it;
- answers are read in a thread as lines of at most `limits.LINE_BYTES` bytes, so an endless line without a
  newline fails instead of growing memory; standard error is drained into a bounded buffer all the time and
  its last lines go into every error message;
- the exchange strictly alternates: exactly one answer line per document, its `doc_id` must match when
  present, and a line more (before the next document is sent, or after the last) is an error.
"""

from __future__ import annotations

import collections
import contextlib
import json
import os
import queue
import shlex
import signal
import subprocess
import threading
import time
from collections.abc import Mapping
from typing import IO, Any, NoReturn

from paradiplomacy.errors import InputError

TAIL_LINES = 10
TAIL_LINE_CHARS = 500
_POLL = 0.02


class _TooLong:
    """Marker put on the answer queue when a line exceeds the limit."""


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
        self._answers: queue.Queue[bytes | _TooLong | None] = queue.Queue()
        self._outbox: queue.Queue[bytes | None] = queue.Queue()
        self._write_failed = threading.Event()
        self._stderr: collections.deque[str] = collections.deque(maxlen=TAIL_LINES)
        self._threads: list[threading.Thread] = []
        self._closed = False
        self._answered = 0
        self._known_children: set[int] = set()

    def __enter__(self) -> ExternalProgram:
        self.start()
        return self

    def __exit__(self, kind: object, error: object, traceback: object) -> None:
        if kind is None:
            self.finish()
        else:
            self.close(abort=True)

    def start(self) -> None:
        from paradiplomacy import limits
        from paradiplomacy.extractors.orphans import children

        self._known_children = children()
        try:
            self.process = subprocess.Popen(
                self.argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,  # its own process group: ended as a whole
            )
        except OSError as error:
            raise InputError(
                f"{self.source}: cannot start {self.argv[0]!r} ({error.strerror or error})"
            ) from None
        assert self.process.stdin and self.process.stdout and self.process.stderr
        line_limit = limits.LINE_BYTES.value
        self._threads = [
            threading.Thread(
                target=_read_answers, args=(self.process.stdout, self._answers, line_limit), daemon=True
            ),
            threading.Thread(target=_drain, args=(self.process.stderr, self._stderr), daemon=True),
            threading.Thread(
                target=_write, args=(self.process.stdin, self._outbox, self._write_failed), daemon=True
            ),
        ]
        for thread in self._threads:
            thread.start()

    @property
    def group(self) -> int | None:
        """The process group id the program (and anything it starts) runs in."""
        return self.process.pid if self.process is not None else None

    def __call__(self, document: Mapping[str, Any]) -> dict[str, Any]:
        if self.process is None or self._closed:
            raise InputError(f"{self.source}: not started")
        doc_id = str(document["doc_id"])
        self._refuse_extra(doc_id, before=True)
        line = json.dumps(dict(document), ensure_ascii=False) + "\n"
        self._outbox.put(line.encode("utf-8", "backslashreplace"))
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                answer = self._answers.get(timeout=min(_POLL * 10, max(0.0, deadline - time.monotonic())))
                break
            except queue.Empty:
                if self._write_failed.is_set() and self.process.poll() is not None:
                    self._exited(doc_id)
                if time.monotonic() >= deadline:
                    self._fail(doc_id, f"no answer within {self.timeout:g} s (timeout)")
        if answer is None:
            self._exited(doc_id)
        if isinstance(answer, _TooLong):
            from paradiplomacy import limits

            self._fail(doc_id, f"answered a line longer than the limit; {limits.LINE_BYTES.hint()}")
        self._answered += 1
        return self._parse(doc_id, answer)

    def _refuse_extra(self, doc_id: str, *, before: bool) -> None:
        """A line waiting before the next document is sent is a second answer to the previous one."""
        try:
            extra = self._answers.get_nowait()
        except queue.Empty:
            return
        if extra is None:
            if before:
                self._answers.put(None)  # the program has ended: the wait for the answer says so
            return
        shown = _snippet(extra) if isinstance(extra, bytes) else "(a line longer than the limit)"
        when = f"before document {doc_id} was sent" if before else "after the last document"
        self._fail(
            doc_id, f"answered an extra line {when}: {shown}; exactly one line per document is expected"
        )

    def _parse(self, doc_id: str, answer: bytes) -> dict[str, Any]:
        try:
            record = json.loads(answer.decode("utf-8"))
        except (ValueError, RecursionError):
            self._fail(doc_id, f"answered a line that is not JSON: {_snippet(answer)}")
        if not isinstance(record, dict):
            self._fail(doc_id, f"answered JSON that is not an object: {_snippet(answer)}")
        returned = record.setdefault("doc_id", doc_id)
        if returned != doc_id:
            self._fail(doc_id, f"answered for document {returned!r} instead")
        return record

    def finish(self) -> None:
        """After the last document: end of input, a grace period to exit, then no line may be left over."""
        process = self.process
        if process is None or self._closed:
            return
        self._outbox.put(None)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=self.grace)
        _end_group(process, self.grace)
        reader = self._threads[0] if self._threads else None
        if reader is not None:
            reader.join(timeout=self.grace)
        self._refuse_extra("(after the last)", before=False)
        self.close(abort=False)

    def _exited(self, doc_id: str) -> NoReturn:
        process = self.process
        if process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=self.grace)
        status = process.returncode if process else None
        if status is None:
            self._fail(doc_id, "program closed its standard output before answering")
        self._fail(doc_id, f"program exited with status {status} before answering")

    def _fail(self, doc_id: str, what: str) -> NoReturn:
        self.close(abort=True)
        tail = "\n".join(f"  | {line}" for line in self._stderr)
        where = f"\nlast lines of its standard error:\n{tail}" if tail else "\n(its standard error was empty)"
        raise InputError(f"{self.source}: document {doc_id}: {what}{where}")

    def close(self, *, abort: bool = False) -> None:
        """Idempotent: ends the whole process group and closes every pipe; never waits without bound."""
        process = self.process
        if process is None or self._closed:
            return
        self._closed = True
        self._outbox.put(None)
        _end_group(process, self.grace if not abort else min(self.grace, 1.0))
        from paradiplomacy.extractors.orphans import end_orphans

        end_orphans(self._known_children | {process.pid}, min(self.grace, 1.0))
        # A thread still blocked on a pipe (held open by a process that left the group) holds the stream's
        # lock, so closing that stream here could block; the daemon thread ends with the pipe instead.
        reader, drainer, writer = self._threads or (None, None, None)
        for stream, thread in ((process.stdout, reader), (process.stderr, drainer), (process.stdin, writer)):
            if thread is not None:
                thread.join(timeout=0.5)
            if stream is not None and (thread is None or not thread.is_alive()):
                with contextlib.suppress(OSError, ValueError):
                    stream.close()


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _end_group(process: subprocess.Popen[bytes], grace: float) -> None:
    """SIGTERM to the whole group, SIGKILL after `grace` seconds to whatever is left; reap the leader."""
    group = process.pid
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=_POLL)
        if process.returncode is not None and not _group_alive(group):
            return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=grace)


def _write(stream: IO[bytes], outbox: queue.Queue[bytes | None], failed: threading.Event) -> None:
    """Writes documents as they come; a full pipe blocks this thread only, never the harness."""
    while True:
        data = outbox.get()
        if data is None:
            break
        try:
            stream.write(data)
            stream.flush()
        except (OSError, ValueError):
            failed.set()
            return
    with contextlib.suppress(OSError, ValueError):
        stream.close()


def _read_answers(stream: IO[bytes], answers: queue.Queue[bytes | _TooLong | None], limit: int) -> None:
    try:
        while True:
            line = stream.readline(limit + 1)
            if not line:
                break
            if not line.endswith(b"\n") and len(line) > limit:
                answers.put(_TooLong())
                return
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
