"""What every model adapter (spaCy, Natasha, transformers) shares: importing an optional extra with one clear
line when it is missing, package versions for the results, and turning labelled spans into a prediction.

An NER adapter attempts the mention and entity layers only; agreements and sectors are reported as `n/a`.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections import Counter
from collections.abc import Iterable
from importlib import metadata
from types import ModuleType
from typing import Any

from paradiplomacy.errors import InputError
from paradiplomacy.labelmaps import LabelMap, load_label_map

NER_LAYERS = ["mentions", "entities"]


# Extras whose install line needs more than the extra: torch unpinned would pull a multi-GB CUDA build.
_INSTALL = {"transformers": 'pip install torch==2.13.0 "paradiplomacy[transformers]"'}


def require(module: str, extra: str, adapter: str) -> ModuleType:
    """Import `module`, or say which extra installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        install = _INSTALL.get(extra, f'pip install "paradiplomacy[{extra}]"')
        raise InputError(
            f"extractor {adapter}: {module} is not installed ({error}); install it with: {install}"
        ) from None


def versions(*distributions: str) -> dict[str, str]:
    """Installed versions of the named distributions (those not installed are left out)."""
    found = {}
    for name in distributions:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def model_label_map(spec: str, unknown: str, native: Iterable[str], adapter: str) -> LabelMap:
    """The map from a model's labels into ours: `auto` picks CoNLL or OntoNotes from the model's label set."""
    from paradiplomacy.labelmaps import guess_space

    try:
        mapping = load_label_map(guess_space(native) if spec == "auto" else spec, unknown)
    except InputError as error:
        raise InputError(f"extractor {adapter}: {error}") from None
    advice = "add unknown_labels=drop, or label_map=FILE naming it, to --extractor-args"
    return dataclasses.replace(mapping, advice=advice)


def mapped_labels(mapping: LabelMap, native: Iterable[str]) -> list[str] | None:
    """Our labels the model can produce through `mapping` (None when it has no label list)."""
    from paradiplomacy.vocabulary import entity_labels

    native = list(native)
    if not native:
        return None
    reachable = {mapping.targets.get(label) for label in native} - {None}
    return [label for label in entity_labels() if label in reachable]


def prediction(
    doc_id: str, text: str, spans: Iterable[tuple[int, int, str]], mapping: LabelMap, source: str
) -> dict[str, Any]:
    """A prediction from (start, end, native label) spans: labels mapped, dropped ones counted in `meta`."""
    entities = []
    dropped: Counter[str] = Counter()
    for start, end, native in spans:
        ours = mapping.target(native, f"{source}: document {doc_id}")
        if ours is None:
            dropped[native] += 1
        elif end > start:
            entities.append({"label": ours, "text": text[start:end], "start": start, "end": end})
    meta: dict[str, Any] = {"extractor": source}
    if dropped:
        meta["dropped_labels"] = dict(sorted(dropped.items()))
    return {"doc_id": doc_id, "entities": entities, "meta": meta}


def choice(value: str, allowed: Iterable[str], option: str, adapter: str) -> str:
    allowed = list(allowed)
    if value not in allowed:
        raise InputError(f"extractor {adapter}: {option}={value!r}; expected one of {', '.join(allowed)}")
    return value


def positive_int(value: str | int, option: str, adapter: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise InputError(f"extractor {adapter}: {option}={value!r}; expected a whole number of at least 1")
    return number
