"""One chat-completions request through the official `openai` client, with its failures as plain sentences.

Retries, exponential backoff (with `Retry-After`) and the per-request timeout are the client's own: it retries
connection errors, timeouts, 408, 409, 429 and 5xx answers `max_retries` times. What this module adds is the
choice of answer format: a JSON-schema structured output where the server accepts one, else JSON mode, else
plain text read by the tolerant parser; a server that refuses a format with HTTP 400 naming it is asked again
in the next one, and the format that worked is kept for the rest of the run.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

FORMATS = ("json_schema", "json_object", "text")
REFUSED_FORMAT = re.compile(
    r"response_format|json_schema|json_object|structured|guided|grammar", re.IGNORECASE
)
SCHEMA_NAME = "paradiplomacy_prediction"


class RequestError(Exception):
    """A request that failed for good; the message is one sentence for the user."""


@dataclass
class Answer:
    body: dict[str, Any]
    answer_format: str
    latency_s: float
    retries: int
    request: dict[str, Any]  # as finally sent (a renamed token limit included)


def response_format(answer_format: str, schema: dict[str, Any]) -> dict[str, Any] | None:
    if answer_format == "json_schema":
        return {"type": "json_schema", "json_schema": {"name": SCHEMA_NAME, "strict": True, "schema": schema}}
    if answer_format == "json_object":
        return {"type": "json_object"}
    return None


def make_client(base_url: str | None, timeout: float, retries: int) -> Any:
    import os

    import openai

    # Local servers (vLLM, llama.cpp, Ollama) need no key, but the client refuses to send a request without
    # one: the placeholder their own docs use stands in when OPENAI_API_KEY is not set.
    api_key = os.environ.get("OPENAI_API_KEY") or "EMPTY"
    return openai.OpenAI(base_url=base_url, api_key=api_key, timeout=timeout, max_retries=retries)


def ask(
    client: Any,
    request: dict[str, Any],
    schema: dict[str, Any],
    formats: list[str],
    retries: int,
    timeout: float,
) -> Answer:
    """The server's answer to `request` in the first of `formats` it accepts."""
    import openai

    position = 0
    while position < len(formats):
        answer_format = formats[position]
        extra = {"response_format": chosen} if (chosen := response_format(answer_format, schema)) else {}
        started = time.monotonic()
        try:
            raw = client.chat.completions.with_raw_response.create(**request, **extra)
        except openai.BadRequestError as error:
            if "max_tokens" in request and "max_completion_tokens" in str(error):
                # OpenAI's newer models take the same limit under its newer name
                request = {**without(request, "max_tokens"), "max_completion_tokens": request["max_tokens"]}
                continue
            if position + 1 < len(formats) and REFUSED_FORMAT.search(str(error)):
                position += 1
                continue
            raise RequestError(f"the server refused the request (HTTP 400: {_message(error)})") from None
        except openai.AuthenticationError as error:
            raise RequestError(
                f"the server refused the API key (HTTP 401: {_message(error)}); set OPENAI_API_KEY"
            ) from None
        except openai.PermissionDeniedError as error:
            raise RequestError(f"the server denied access (HTTP 403: {_message(error)})") from None
        except openai.NotFoundError as error:
            raise RequestError(
                f"HTTP 404 from {client.base_url} ({_message(error)}): is model={request['model']} served "
                "there, and does base_url end in /v1?"
            ) from None
        except openai.APIStatusError as error:
            raise RequestError(
                f"HTTP {error.status_code} from the server after {retries + 1} attempts ({_message(error)})"
            ) from None
        except openai.APITimeoutError:
            raise RequestError(
                f"no answer within timeout={timeout:g}s, {retries + 1} attempts; raise timeout= or retries="
            ) from None
        except openai.APIConnectionError as error:
            cause = error.__cause__ or error.__context__
            detail = f"{type(cause).__name__}: {cause}" if cause else str(error)
            raise RequestError(
                f"no answer from the server at {client.base_url} after {retries + 1} attempts ({detail})"
            ) from None
        except openai.OpenAIError as error:
            raise RequestError(f"{type(error).__name__}: {error}") from None
        latency = time.monotonic() - started
        try:
            body = raw.http_response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            shown = " ".join(raw.http_response.text.split())[:80]
            raise RequestError(f"the server's answer is not a chat completion (JSON object): {shown!r}")
        return Answer(body, answer_format, latency, int(getattr(raw, "retries_taken", 0)), request)
    raise RequestError("the server refused every answer format")  # unreachable: the last format re-raises


def without(mapping: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if k != key}


def _message(error: Any) -> str:
    body = getattr(error, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
        if message:
            return " ".join(str(message).split())[:200]
    return " ".join(str(getattr(error, "message", error)).split())[:200]


def content(body: dict[str, Any]) -> tuple[str, str | None]:
    """The first choice's message text and finish reason; a body without one is an error."""
    try:
        choice = body["choices"][0]
        text = choice["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise RequestError("the server's answer has no choices[0].message.content") from None
    if not isinstance(text, str):
        raise RequestError("the server's answer has no text content (choices[0].message.content is empty)")
    return text, choice.get("finish_reason")
