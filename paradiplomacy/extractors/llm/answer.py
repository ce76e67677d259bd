"""From a model's answer text to a prediction: a tolerant JSON reader, then a check of every item.

Servers that honour a structured-output schema answer clean JSON; others wrap it in a code fence or add
prose. The reader takes the first balanced JSON object in the text. Items that do not fit the prediction
format (a label outside the vocabulary, a party that is not a string) are dropped and counted in `meta`,
so one stray item does not cost the whole document; an answer with no JSON object at all is an error.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

from paradiplomacy import vocabulary

FENCE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)```", re.DOTALL)
# Reasoning models served by vLLM, Ollama or llama.cpp may think aloud before answering.
THINKING = re.compile(r"<think>.*?</think>", re.DOTALL)


class AnswerError(ValueError):
    """The answer holds no usable JSON object; the message says what was found instead."""


def first_object(text: str) -> dict[str, Any]:
    """The first JSON object in `text`: as a whole, inside a code fence, or the first balanced `{...}`.

    A `<think>...</think>` block before the answer is skipped.
    """
    text = THINKING.sub("", text)
    candidates = [text.strip(), *(m.group(1).strip() for m in FENCE.finditer(text))]
    for candidate in candidates:
        try:
            value = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    decoder = json.JSONDecoder()
    for match in re.finditer(r"\{", text):
        try:
            value, _ = decoder.raw_decode(text, match.start())
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    shown = " ".join(text.split())
    shown = shown[:80] + ("..." if len(shown) > 80 else "")
    raise AnswerError(f"the answer holds no JSON object: {shown!r}" if shown else "the answer is empty")


def _strings(value: Any) -> list[str]:
    return [v.strip() for v in value if isinstance(v, str) and v.strip()] if isinstance(value, list) else []


def _sectors(value: Any, dropped: Counter[str]) -> list[str]:
    known = vocabulary.sectors()
    found = _strings(value)
    for name in found:
        if name not in known:
            dropped[f"sector {name[:40]!r}"] += 1
    return list(dict.fromkeys(name for name in found if name in known))


def _items(answer: dict[str, Any], layer: str, dropped: Counter[str]) -> list[Any]:
    value = answer.get(layer)
    if value is None:
        return []
    if not isinstance(value, list):
        dropped[f"{layer} that is not a list"] += 1
        return []
    return value


def to_prediction(answer: dict[str, Any]) -> tuple[dict[str, Any], dict[str, int]]:
    """The prediction layers (entities without offsets) and a count of dropped items by reason."""
    dropped: Counter[str] = Counter()
    labels = vocabulary.entity_labels()
    entities = []
    for item in _items(answer, "entities", dropped):
        label = item.get("label") if isinstance(item, dict) else None
        text = item.get("text") if isinstance(item, dict) else None
        if not isinstance(text, str) or not text.strip():
            dropped["entity without text"] += 1
        elif label not in labels:
            dropped[f"entity label {str(label)[:40]!r}"] += 1
        else:
            entities.append({"label": label, "text": text.strip()})
    agreements = []
    for item in _items(answer, "agreements", dropped):
        if not isinstance(item, dict):
            dropped["agreement that is not an object"] += 1
            continue
        kind, status = item.get("type"), item.get("status")
        if kind not in vocabulary.agreement_types():
            dropped[f"agreement type {str(kind)[:40]!r}"] += 1
        elif status not in vocabulary.agreement_statuses():
            dropped[f"agreement status {str(status)[:40]!r}"] += 1
        elif status not in vocabulary.statuses_by_type()[kind]:
            dropped[f"agreement {kind} with status {status}"] += 1
        else:
            agreements.append(
                {
                    "type": kind,
                    "status": status,
                    "parties": list(dict.fromkeys(_strings(item.get("parties")))),
                    "sectors": _sectors(item.get("sectors"), dropped),
                }
            )
    prediction = {
        "entities": entities,
        "agreements": agreements,
        "sectors": _sectors(answer.get("sectors"), dropped),
    }
    return prediction, dict(sorted(dropped.items()))
