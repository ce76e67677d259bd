"""The extractor protocol and the one loop that runs any extractor over documents.

An extractor is a callable taking a document mapping (`doc_id`, `language`, `text`) and returning a prediction
mapping in the format of `schema/prediction.schema.json`. It may also offer `batch(documents)`, returning one
prediction per document in order, for systems that work faster on many documents at once.

Two optional attributes let an extractor say more about itself (adapters such as spaCy or an LLM set them):
- `attempts`: a mapping with `layers` (a subset of `LAYERS`), and optionally `labels` and `languages`
  (lists; absent or None means all). Layers it does not attempt are reported as `n/a`, never as 0.
- `describe()`: a JSON-serialisable mapping of its settings (model, versions, options) recorded in results.
An extractor without them attempts every layer, label and language.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from paradiplomacy.errors import InputError

DocumentPayload = dict[str, str]
Prediction = dict[str, Any]


LAYERS = ("mentions", "entities", "agreements", "sectors")


def attempted(extractor: object) -> dict[str, Any]:
    """What the extractor attempts: `{"layers": [...], "labels": [...] | None, "languages": [...] | None}`."""
    declared = getattr(extractor, "attempts", None) or {}
    layers = declared.get("layers") or list(LAYERS)
    unknown = sorted(set(layers) - set(LAYERS))
    if unknown:
        raise InputError(f"extractor declares unknown layers {unknown} (known: {', '.join(LAYERS)})")
    return {
        "layers": [layer for layer in LAYERS if layer in layers],
        "labels": list(declared["labels"]) if declared.get("labels") else None,
        "languages": list(declared["languages"]) if declared.get("languages") else None,
    }


def described(extractor: object) -> dict[str, Any]:
    """The extractor's own account of its settings, or {} when it offers none."""
    describe = getattr(extractor, "describe", None)
    return dict(describe()) if callable(describe) else {}


class Extractor(Protocol):
    def __call__(self, document: Mapping[str, Any], /) -> Mapping[str, Any]: ...


@runtime_checkable
class BatchExtractor(Protocol):
    def batch(self, documents: Sequence[Mapping[str, Any]], /) -> Sequence[Mapping[str, Any]]: ...


def payload(document: Any) -> DocumentPayload:
    """What an extractor sees of a document: never its gold layers."""
    return {"doc_id": document.doc_id, "language": document.language, "text": document.text}


def finish(prediction: object, doc_id: str, source: str) -> Prediction:
    """A prediction as plain JSON data with its `doc_id` filled in; a wrong `doc_id` is an error."""
    if not isinstance(prediction, Mapping):
        raise InputError(
            f"{source}: document {doc_id}: prediction is a {type(prediction).__name__}, not a mapping"
        )
    record = dict(prediction)
    returned = record.setdefault("doc_id", doc_id)
    if returned != doc_id:
        raise InputError(f"{source}: document {doc_id}: prediction is for doc_id {returned!r}")
    try:
        text = json.dumps(record, ensure_ascii=False, allow_nan=False)
    except ValueError:  # NaN or an infinity: not JSON, and `validate` would refuse the file
        raise InputError(
            f"{source}: document {doc_id}: prediction holds NaN or an infinity, which JSON cannot carry"
        ) from None
    except RecursionError:
        from paradiplomacy import limits

        raise InputError(
            f"{source}: document {doc_id}: prediction is nested too deeply; {limits.DEPTH.hint()}"
        ) from None
    except TypeError as error:
        raise InputError(f"{source}: document {doc_id}: prediction is not JSON data ({error})") from None
    from paradiplomacy.validation.jsontext import structure_problem

    plain = dict(json.loads(text))
    try:
        text.encode("utf-8")
        suspect = False
    except UnicodeEncodeError:
        suspect = True
    problem = structure_problem(plain, strings=suspect)
    if problem is not None:
        pointer, message = problem
        raise InputError(f"{source}: document {doc_id}: prediction {pointer or '/'}: {message}")
    return plain


def run_extractor(
    extractor: Extractor,
    documents: Sequence[Any],
    *,
    source: str,
    advance: Callable[[int], None] = lambda n: None,
) -> list[Prediction]:
    """One prediction per document, in order; an exception in the extractor names the document."""
    payloads = [payload(document) for document in documents]
    if isinstance(extractor, BatchExtractor):
        return _run_batch(extractor, payloads, source, advance)
    predictions = []
    for item in payloads:
        try:
            raw = extractor(item)
        except InputError:
            raise
        except Exception as error:
            raise InputError(
                f"{source}: document {item['doc_id']}: {type(error).__name__}: {error}"
            ) from error
        predictions.append(finish(raw, item["doc_id"], source))
        advance(1)
    return predictions


def _run_batch(
    extractor: BatchExtractor, payloads: list[DocumentPayload], source: str, advance: Callable[[int], None]
) -> list[Prediction]:
    ids = ", ".join(item["doc_id"] for item in payloads[:3]) + (" ..." if len(payloads) > 3 else "")
    try:
        raw = list(extractor.batch(payloads))
    except InputError:
        raise
    except Exception as error:
        raise InputError(f"{source}: batch of documents {ids}: {type(error).__name__}: {error}") from error
    if len(raw) != len(payloads):
        raise InputError(
            f"{source}: batch returned {len(raw)} predictions for {len(payloads)} documents ({ids})"
        )
    advance(len(payloads))
    return [finish(pred, item["doc_id"], source) for pred, item in zip(raw, payloads, strict=True)]
