"""The `llm` extractor: any OpenAI-compatible chat-completions server, one document per request, cached.

`--extractor llm --extractor-args model=NAME[,key=value,...]`; the `openai` client reads `OPENAI_BASE_URL` and
`OPENAI_API_KEY` as usual (`base_url=` overrides the first; the key is never an option, so it never lands in
results). See eval/README.md for running it against vLLM, llama.cpp, Ollama or OpenAI.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from paradiplomacy.errors import InputError
from paradiplomacy.extractors.llm import client as api
from paradiplomacy.extractors.llm.anchor import anchor
from paradiplomacy.extractors.llm.answer import AnswerError, first_object, to_prediction
from paradiplomacy.extractors.llm.cache import Cache, default_folder, document_hash, request_key
from paradiplomacy.extractors.llm.prompt import build_prompt

SOURCE = "extractor llm"
OPTIONS = {
    "model": "model name as the server knows it (required)",
    "base_url": "server URL ending in /v1 (default: OPENAI_BASE_URL, else OpenAI)",
    "temperature": "sampling temperature (default 0)",
    "seed": "sampling seed sent with every request (default 12345)",
    "max_tokens": "most tokens in one answer (default 4096)",
    "timeout": "seconds per request attempt (default 120)",
    "retries": "retries after a 429, 5xx, timeout or lost connection, with exponential backoff (default 4)",
    "concurrency": "requests in flight at once (default 4)",
    "response_format": "auto, json_schema, json_object or text (default auto: the first the server accepts)",
    "cache": f"cache folder (default {default_folder()})",
    "offline": "true: answer from the cache only; a document not in it is an error (default false)",
    "refresh": "true: ask the server again and overwrite cached answers (default false)",
}


def _number(options: dict[str, str], key: str, default: float, kind: type, low: float, high: float) -> Any:
    raw = options.pop(key, None)
    if raw is None:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise InputError(
            f"{SOURCE}: {key}={raw!r} is not a{'n integer' if kind is int else ' number'}"
        ) from None
    if not low <= value <= high:
        raise InputError(f"{SOURCE}: {key}={raw} is out of range ({low:g} to {high:g})")
    return value


def _flag(options: dict[str, str], key: str) -> bool:
    raw = options.pop(key, "false").lower()
    if raw not in ("true", "false", "1", "0", "yes", "no"):
        raise InputError(f"{SOURCE}: {key}={raw!r} must be true or false")
    return raw in ("true", "1", "yes")


def _public_url(url: str | None) -> str | None:
    """The server's URL without credentials or query, fit to be recorded in results."""
    if not url:
        return None
    parts = urlsplit(url)
    if not parts.scheme:
        return url
    host = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


class LLMExtractor:
    """Entities, agreements and sectors from a chat model, with names anchored to offsets."""

    attempts: Mapping[str, Any] = {"layers": ["mentions", "entities", "agreements", "sectors"]}

    def __init__(self, **given: str) -> None:
        options = dict(given)
        self.model = options.pop("model", "").strip()
        if not self.model:
            raise InputError(f"{SOURCE}: model= is required, e.g. --extractor-args model=qwen2.5-7b-instruct")
        self.base_url = options.pop("base_url", None) or None
        self.temperature = _number(options, "temperature", 0.0, float, 0, 2)
        self.seed = _number(options, "seed", 12345, int, 0, 2**63 - 1)
        self.max_tokens = _number(options, "max_tokens", 4096, int, 1, 1_000_000)
        self.timeout = _number(options, "timeout", 120.0, float, 0.001, 3600)
        self.retries = _number(options, "retries", 4, int, 0, 20)
        self.concurrency = _number(options, "concurrency", 4, int, 1, 64)
        self.answer_format = options.pop("response_format", "auto")
        if self.answer_format not in ("auto", *api.FORMATS):
            raise InputError(
                f"{SOURCE}: response_format={self.answer_format!r}: auto, {', '.join(api.FORMATS)}"
            )
        self.cache = Cache(Path(options.pop("cache", "") or default_folder()).expanduser())
        if self.cache.folder.exists() and not self.cache.folder.is_dir():
            raise InputError(f"{SOURCE}: cache={self.cache.folder} is not a folder")
        self.offline = _flag(options, "offline")
        self.refresh = _flag(options, "refresh")
        if self.offline and self.refresh:
            raise InputError(f"{SOURCE}: offline=true and refresh=true contradict each other")
        if options:
            known = ", ".join(OPTIONS)
            raise InputError(f"{SOURCE}: unknown option(s) {', '.join(sorted(options))} (known: {known})")
        self.prompt = build_prompt()
        self._formats = list(api.FORMATS) if self.answer_format == "auto" else [self.answer_format]
        self._lock = threading.Lock()
        self._token_limit = "max_tokens"  # OpenAI's newer models want "max_completion_tokens" (client.ask)
        self._client: Any = None
        self._asked = 0  # requests answered by the server (not the cache) in this process

    def describe(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "prompt": self.prompt.id,
            "base_url": _public_url(self.base_url),
            "temperature": self.temperature,
            "seed": self.seed,
            "max_tokens": self.max_tokens,
            "timeout": self.timeout,
            "retries": self.retries,
            "concurrency": self.concurrency,
            "response_format": self.answer_format,
            "offline": self.offline,
            "openai": _openai_version(),
        }

    def __call__(self, document: Mapping[str, Any]) -> dict[str, Any]:
        return self.batch([document])[0]

    def batch(self, documents: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """One prediction per document, in order; up to `concurrency` requests at once.

        On the first failure no new request starts; those in flight finish (and are cached), then the failure
        of the earliest document in order is raised as one line naming it.
        """
        items = [{k: str(document[k]) for k in ("doc_id", "language", "text")} for document in documents]
        asked_before = self._asked
        if self.offline:
            self._check_offline(items)
        results: dict[int, dict[str, Any]] = {}
        failures: dict[int, BaseException] = {}
        stop = threading.Event()

        def guarded(item: dict[str, str]) -> dict[str, Any] | None:
            if stop.is_set():  # an earlier document failed: start no new request
                return None
            try:
                return self._predict(item)
            except BaseException:
                stop.set()
                raise

        with ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="llm") as pool:
            futures = {pool.submit(guarded, item): index for index, item in enumerate(items)}
            try:
                for future, index in futures.items():
                    error = future.exception()
                    if error is not None:
                        failures[index] = error
                    elif (result := future.result()) is not None:
                        results[index] = result
            except BaseException:  # Ctrl-C: start no new request; those in flight end within their timeout
                stop.set()
                for future in futures:
                    future.cancel()
                raise
        if failures:
            error = failures[min(failures)]
            if isinstance(error, InputError):
                raise error
            raise InputError(f"{SOURCE}: document {items[min(failures)]['doc_id']}: {error}") from error
        predictions = [results[index] for index in range(len(items))]
        self._report(predictions, asked_before)
        return predictions

    def _report(self, predictions: list[dict[str, Any]], asked_before: int) -> None:
        """One line on standard error: what the run asked, what the cache answered, what it cost in tokens."""
        asked = self._asked - asked_before
        usage = [p["meta"].get("usage", {}) for p in predictions]
        tokens = {k: sum(int(u.get(k) or 0) for u in usage) for k in ("prompt_tokens", "completion_tokens")}
        print(
            f"{SOURCE}: model {self.model}, prompt {self.prompt.id}: {len(predictions)} documents, "
            f"{asked} asked, {len(predictions) - asked} from the cache ({self.cache.folder}); "
            f"tokens {tokens['prompt_tokens']} prompt, {tokens['completion_tokens']} completion",
            file=sys.stderr,
        )

    def _identity(self, item: dict[str, str]) -> dict[str, Any]:
        return {
            "model": self.model,
            "prompt": self.prompt.id,
            "document": document_hash(item),
            "temperature": self.temperature,
            "seed": self.seed,
            "max_tokens": self.max_tokens,
            "response_format": self.answer_format,
        }

    def _check_offline(self, items: list[dict[str, str]]) -> None:
        identities = [self._identity(item) for item in items]
        missing = [
            item
            for item, identity in zip(items, identities, strict=True)
            if self.cache.get(request_key(identity), identity) is None
        ]
        if missing:
            first = missing[0]
            more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
            path = self.cache.path(request_key(self._identity(first)))
            raise InputError(
                f"{SOURCE}: document {first['doc_id']}{more}: no cached answer at {path} (offline=true); "
                "run once with a server, or give cache= the folder that holds the answers"
            )

    def _predict(self, item: dict[str, str]) -> dict[str, Any]:
        identity = self._identity(item)
        key = request_key(identity)
        entry = None if self.refresh else self.cache.get(key, identity)
        if entry is None:
            entry = self._request(item, identity, key)
        try:
            return self._prediction(item, entry)
        except (AnswerError, api.RequestError) as error:
            raise InputError(
                f"{SOURCE}: document {item['doc_id']}: {error} (answer kept in {self.cache.path(key)}; "
                "refresh=true asks again)"
            ) from None

    def _request(self, item: dict[str, str], identity: dict[str, Any], key: str) -> dict[str, Any]:
        with self._lock:
            formats = list(self._formats)
            token_limit = self._token_limit
        request = {
            "model": self.model,
            "messages": self.prompt.messages(item),
            "temperature": self.temperature,
            "seed": self.seed,
            token_limit: self.max_tokens,
        }
        try:
            answer = api.ask(
                self._get_client(), request, self.prompt.schema, formats, self.retries, self.timeout
            )
        except api.RequestError as error:
            raise InputError(f"{SOURCE}: document {item['doc_id']}: {error}") from None
        with self._lock:  # later requests start from the format this server accepted
            if answer.answer_format in self._formats:
                self._formats = self._formats[self._formats.index(answer.answer_format) :]
            self._asked += 1
            if "max_completion_tokens" in answer.request:
                self._token_limit = "max_completion_tokens"
        entry = {
            "identity": identity,
            "request": {
                **answer.request,
                "response_format": api.response_format(answer.answer_format, self.prompt.schema),
            },
            "answer_format": answer.answer_format,
            "response": answer.body,
            "latency_s": round(answer.latency_s, 3),
            "retries": answer.retries,
        }
        self.cache.put(key, entry)
        return entry

    def _get_client(self) -> Any:
        with self._lock:
            if self._client is None:
                try:
                    self._client = api.make_client(self.base_url, self.timeout, self.retries)
                except ImportError:
                    raise InputError(
                        f"{SOURCE}: the openai package is not installed: pip install 'paradiplomacy[llm]'"
                    ) from None
            return self._client

    def _prediction(self, item: dict[str, str], entry: dict[str, Any]) -> dict[str, Any]:
        body = entry["response"]
        text, finish = api.content(body)
        try:
            answer = first_object(text)
        except AnswerError as error:
            if finish == "length":
                raise AnswerError(f"{error}; the answer was cut at max_tokens={self.max_tokens}") from None
            raise
        answered_for = answer.get("doc_id")
        if isinstance(answered_for, str) and answered_for.strip() and answered_for.strip() != item["doc_id"]:
            raise AnswerError(f"the answer is for document {answered_for.strip()[:60]!r}, not this one")
        prediction, dropped = to_prediction(answer)
        spans = anchor(item["text"], [entity["text"] for entity in prediction["entities"]])
        for entity, span in zip(prediction["entities"], spans, strict=True):
            if span is not None:
                entity.update(text=item["text"][span[0] : span[1]], start=span[0], end=span[1])
        usage = body.get("usage") if isinstance(body.get("usage"), dict) else {}
        meta = {
            "extractor": "llm",
            "model": self.model,
            "served_model": body.get("model"),
            "prompt": self.prompt.id,
            "response_format": entry.get("answer_format"),
            "finish_reason": finish,
            "usage": {
                k: usage[k] for k in ("prompt_tokens", "completion_tokens", "total_tokens") if k in usage
            },
            "latency_s": entry.get("latency_s"),
            "retries": entry.get("retries"),
            "anchored": sum(span is not None for span in spans),
            "unanchored": sum(span is None for span in spans),
        }
        if dropped:
            meta["dropped"] = dropped
        return {"doc_id": item["doc_id"], **prediction, "meta": meta}


def _openai_version() -> str | None:
    try:
        from importlib.metadata import version

        return version("openai")
    except Exception:  # not installed: replaying a cache needs no client
        return None
