"""Label spaces: a foreign tagger's labels mapped into ours, and ours mapped into a coarser foreign space.

Both directions are read from `schema/vocabulary.schema.json`, the one source of the crosswalks:
- `ours <- foreign` (`--label-map ontonotes|conll|FILE`, and the spaCy, Natasha and transformers adapters)
  uses the inverse maps under `entity_label/x-label-maps`, where each ambiguous case names its tie-break
  and why (OntoNotes ORG -> ORG, CoNLL LOC -> GPE, ...). `null` there marks a category we do not annotate
  (CARDINAL): such predictions are dropped and counted. A label the map does not know at all is an error,
  or dropped and counted when the user asks for `--unknown-labels drop`.
- `ours -> foreign` (`--label-space conll|ontonotes`) uses the forward crosswalk columns; a label with no
  counterpart ("-", e.g. ROLE in CoNLL) leaves the scored set, on both sides.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paradiplomacy.errors import InputError
from paradiplomacy.vocabulary import entity_labels, raw_schema, vocabulary

SPACES = ("conll", "ontonotes")
UNKNOWN_POLICIES = ("error", "drop")
_NO_COUNTERPART = "-"


@dataclass(frozen=True)
class LabelMap:
    """Foreign label -> our label (None: a category we do not annotate, dropped and counted)."""

    name: str
    targets: Mapping[str, str | None]
    unknown: str = "error"  # what to do with a label the map does not know: "error" or "drop"
    reasons: Mapping[str, str] = field(default_factory=dict)
    advice: str = "drop such mentions with --unknown-labels drop, or give --label-map FILE naming it"

    def __post_init__(self) -> None:
        if self.unknown not in UNKNOWN_POLICIES:
            raise InputError(
                f"unknown-labels must be one of {', '.join(UNKNOWN_POLICIES)}, not {self.unknown!r}"
            )

    def target(self, label: str, where: str = "") -> str | None:
        """Our label for `label`, None to drop it; an unknown label under `error` raises InputError."""
        if label in self.targets:
            return self.targets[label]
        if self.unknown == "drop":
            return None
        known = ", ".join(sorted(self.targets))
        at = f"{where}: " if where else ""
        raise InputError(
            f"{at}label {label!r} is not in the {self.name} label map (it knows {known}); {self.advice}"
        )

    def apply(
        self, entities: Iterable[Mapping[str, Any]], where: str = ""
    ) -> tuple[list[dict[str, Any]], Counter[str]]:
        """Entities relabelled into ours, and the count of dropped entities per original label."""
        kept: list[dict[str, Any]] = []
        dropped: Counter[str] = Counter()
        for index, entity in enumerate(entities):
            label = entity.get("label")
            if not isinstance(label, str):  # the schema check names it afterwards
                kept.append(dict(entity))
                continue
            ours = self.target(label, f"{where}/entities/{index}/label" if where else "")
            if ours is None:
                dropped[label] += 1
            else:
                kept.append({**entity, "label": ours})
        return kept, dropped

    def describe(self) -> dict[str, Any]:
        return {"map": self.name, "unknown_labels": self.unknown}


def _inverse_maps() -> dict[str, Any]:
    return dict(raw_schema()["$defs"]["entity_label"]["x-label-maps"])


def builtin_map(space: str, unknown: str = "error") -> LabelMap:
    """The inverse crosswalk of `space` ("ontonotes" or "conll") with its written tie-breaks."""
    entries = _inverse_maps()[f"x-{space}"]
    return LabelMap(
        name=space,
        targets={label: entry["label"] for label, entry in entries.items()},
        unknown=unknown,
        reasons={label: entry["reason"] for label, entry in entries.items() if entry.get("reason")},
    )


def load_label_map(spec: str, unknown: str = "error") -> LabelMap:
    """`ontonotes`, `conll`, or a JSON file `{"FOREIGN": "OURS" | null, ...}` (values may also be
    `{"label": ..., "reason": ...}` objects, as in the vocabulary)."""
    if spec in SPACES:
        return builtin_map(spec, unknown)
    path = Path(spec)
    if not path.exists():
        raise InputError(f"--label-map {spec}: neither ontonotes, conll nor an existing file")
    from paradiplomacy.corpus import read_json  # bounded in size and nesting, like every JSON input

    try:
        data = read_json(path, "label map")
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not a label map: not UTF-8 (byte {error.start})") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: a label map is a JSON object of label -> label or null")
    ours = set(entity_labels())
    targets: dict[str, str | None] = {}
    for foreign, value in data.items():
        target = value.get("label") if isinstance(value, dict) else value
        if target is not None and target not in ours:
            raise InputError(
                f"{path}: /{foreign}: {target!r} is not one of our labels "
                f"({', '.join(entity_labels())}) or null"
            )
        targets[str(foreign)] = target
    return LabelMap(name=str(path), targets=targets, unknown=unknown)


def guess_space(labels: Iterable[str]) -> str:
    """`conll` when every label is a CoNLL label (PER, LOC, ORG, MISC), else `ontonotes`."""
    return "conll" if set(labels) <= set(_inverse_maps()["x-conll"]) else "ontonotes"


def forward(space: str) -> dict[str, str | None]:
    """Our label -> its label in `space` (None where the crosswalk has no counterpart)."""
    vocab = vocabulary("entity_label")
    column = vocab.crosswalk_columns[f"x-{space}"]
    out: dict[str, str | None] = {}
    for term in vocab.terms:
        value = term.crosswalk[column].split(" ")[0]  # "LAW (approx.)" -> "LAW"
        out[term.name] = None if value == _NO_COUNTERPART else value
    return out


def space_labels(space: str | None) -> tuple[str, ...]:
    """The labels scores are reported in: ours, or the coarser space's, in vocabulary order."""
    if space is None:
        return entity_labels()
    seen: dict[str, None] = {}
    for value in forward(space).values():
        if value is not None:
            seen.setdefault(value, None)
    return tuple(seen)


def relabel_record(record: Any, mapping: LabelMap, where: str) -> Any:
    """A prediction record with its entities mapped into ours; drops are added to `meta.dropped_labels`.

    Anything that is not a record with a list of entities is returned as is, for the schema check to name.
    """
    if not isinstance(record, dict) or not isinstance(record.get("entities"), list):
        return record
    entities = [e for e in record["entities"] if isinstance(e, dict)]
    if len(entities) != len(record["entities"]):
        return record
    kept, dropped = mapping.apply(entities, where)
    meta = record.get("meta")
    out = {**record, "entities": kept}
    if dropped:
        meta = dict(meta) if isinstance(meta, dict) else {}
        meta["dropped_labels"] = merged_drops([meta.get("dropped_labels") or {}, dropped])
        out["meta"] = meta
    return out


def relabeller(mapping: LabelMap | None) -> Callable[[Any, str], Any] | None:
    """`relabel_record` with `mapping` bound, as the predictions readers take it; None without a map."""
    if mapping is None:
        return None
    return lambda record, where: relabel_record(record, mapping, where)


def dropped_counts(records: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Mentions dropped per original label, summed over the records' `meta.dropped_labels`."""
    counters = []
    for record in records:
        meta = record.get("meta")
        counts = meta.get("dropped_labels") if isinstance(meta, dict) else None
        if isinstance(counts, dict):
            counters.append({str(k): int(v) for k, v in counts.items() if isinstance(v, int)})
    return merged_drops(counters)


def merged_drops(counters: Iterable[Mapping[str, int]]) -> dict[str, int]:
    total: Counter[str] = Counter()
    for counts in counters:
        total.update(counts)
    return dict(sorted(total.items()))
