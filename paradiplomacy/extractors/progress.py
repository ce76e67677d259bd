"""A progress line on standard error: documents done, rate, time left.

Our own dozen lines rather than tqdm: the needs are tiny, and it keeps the quiet rule for non-terminals exact
(one summary line at the end, nothing that scrolls a CI log). Output never touches standard output.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

REFRESH_SECONDS = 0.1


class Progress:
    def __init__(self, total: int, label: str, stream: TextIO | None = None) -> None:
        self.total = total
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())
        self.done = 0
        self.started = time.monotonic()
        self._drawn = 0.0

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.live and (now - self._drawn >= REFRESH_SECONDS or self.done >= self.total):
            self._drawn = now
            self.stream.write("\r" + self.line(now - self.started) + "\033[K")
            self.stream.flush()

    def line(self, elapsed: float) -> str:
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else float("nan")
        eta = "--:--" if left != left else f"{int(left) // 60:02d}:{int(left) % 60:02d}"
        return f"{self.label}: {self.done}/{self.total} documents, {rate:.1f} doc/s, {eta} left"

    def close(self) -> None:
        elapsed = time.monotonic() - self.started
        if self.live:
            self.stream.write("\r\033[K")
        self.stream.write(f"{self.label}: {self.done}/{self.total} documents in {elapsed:.1f} s\n")
        self.stream.flush()


FILE_PROGRESS_BYTES = 4 * 1024 * 1024


class FileProgress:
    """`reading FILE: 12.0 of 59.0 MB` on a terminal, for files over a few MB; silent elsewhere."""

    def __init__(self, path: object, stream: TextIO | None = None) -> None:
        import os

        self.stream = stream if stream is not None else sys.stderr
        self.path = path
        try:
            self.size = os.stat(str(path)).st_size
        except (OSError, ValueError):
            self.size = 0
        self.live = self.size > FILE_PROGRESS_BYTES and bool(getattr(self.stream, "isatty", lambda: False)())
        self._drawn = 0.0

    def update(self, done: int) -> None:
        if not self.live:
            return
        now = time.monotonic()
        if now - self._drawn >= REFRESH_SECONDS:
            self._drawn = now
            self.stream.write(f"\rreading {self.path}: {done / 1e6:.1f} of {self.size / 1e6:.1f} MB\033[K")
            self.stream.flush()

    def close(self) -> None:
        if self.live:
            self.stream.write("\r\033[K")
            self.stream.flush()
