"""A stand-in chat-completions server on 127.0.0.1 for the `llm` extractor's tests (stdlib http.server).

It speaks enough of the OpenAI API for the official client: `POST /v1/chat/completions` answers a chat
completion whose message content the test decides per request. A test gives a `script(doc_id, request, n)`
returning what to do for the n-th request (from 1): `Reply(content)`, `Status(code, message)`, `Drop()`
(close the connection unanswered), `Sleep(seconds, then)` or `Raw(code, body)`. Every request is recorded.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DOC_ID = re.compile(r"^doc_id: (\S+)", re.MULTILINE)


@dataclass
class Reply:
    content: str
    finish_reason: str = "stop"


@dataclass
class Status:
    code: int
    message: str = "stand-in error"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Drop:
    pass


@dataclass
class Sleep:
    seconds: float
    then: Any


@dataclass
class Raw:
    code: int
    body: bytes


Action = Reply | Status | Drop | Sleep | Raw
Script = Callable[[str, dict[str, Any], int], Action]


def doc_id_of(request: dict[str, Any]) -> str:
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    match = DOC_ID.search(user)
    assert match, user[:200]
    return match.group(1)


class StandIn:
    """Start with `with StandIn(script) as server:`; `server.url` ends in /v1."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.in_flight = 0
        self.most_in_flight = 0
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if self.path != "/v1/chat/completions":
                    self._send(404, {"error": {"message": f"no route {self.path}"}})
                    return
                with outer._lock:
                    outer.requests.append(body)
                    outer.headers.append({k.lower(): v for k, v in self.headers.items()})
                    number = len(outer.requests)
                    outer.in_flight += 1
                    outer.most_in_flight = max(outer.most_in_flight, outer.in_flight)
                try:
                    self._act(outer.script(doc_id_of(body), body, number), body)
                finally:
                    with outer._lock:
                        outer.in_flight -= 1

            def _act(self, action: Action, body: dict[str, Any]) -> None:
                if isinstance(action, Sleep):
                    time.sleep(action.seconds)
                    self._act(action.then, body)
                elif isinstance(action, Drop):
                    self.close_connection = True
                    self.connection.close()
                elif isinstance(action, Raw):
                    self._send_bytes(action.code, action.body, "text/plain")
                elif isinstance(action, Status):
                    error = {"error": {"message": action.message, "type": "stand_in", "code": action.code}}
                    self._send(action.code, error, action.headers)
                else:
                    self._send(200, completion(body["model"], action.content, action.finish_reason))

            def _send(
                self, code: int, payload: dict[str, Any], headers: dict[str, str] | None = None
            ) -> None:
                self._send_bytes(code, json.dumps(payload).encode(), "application/json", headers)

            def _send_bytes(
                self, code: int, data: bytes, kind: str, headers: dict[str, str] | None = None
            ) -> None:
                try:
                    self.send_response(code)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in (headers or {}).items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (its timeout)
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> StandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=10)


def completion(model: str, content: str, finish_reason: str = "stop") -> dict[str, Any]:
    return {
        "id": "chatcmpl-stand-in",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": finish_reason,
            }
        ],
        "usage": {
            "prompt_tokens": 1000,
            "completion_tokens": len(content) // 4,
            "total_tokens": 1000 + len(content) // 4,
        },
    }
