"""The one reader for prediction files (JSON Lines, one document per line), used by `validate` and `evaluate`.

A prediction file is refused whole when any line is wrong, with every problem listed: scoring a file that
silently lost a line would report a score for a different system.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from paradiplomacy.corpus import Document
from paradiplomacy.errors import InputError
from paradiplomacy.problems import Problem, json_pointer, sorted_problems
from paradiplomacy.schemas import PREDICTION
from paradiplomacy.validation.findings import Finding, is_index, json_type, show, to_problems
from paradiplomacy.validation.jsontext import FormatError, decode_utf8, parse_json
from paradiplomacy.validation.ontology import prediction_version_findings
from paradiplomacy.validation.schema import schema_findings
from paradiplomacy.validation.spans import Span, quote_findings, range_findings

LAYERS = ("entities", "agreements", "sectors")
# Maps a record's labels into ours before it is checked (`--label-map`); the second argument says where.
Relabel = Callable[[Any, str], Any]
_SHOWN_IDS = 5


class _Checker:
    """Checks records one by one and keeps the first prediction of each known document."""

    def __init__(
        self, documents: Mapping[str, Document], source: str, unit: str, relabel: Relabel | None = None
    ) -> None:
        self.documents = documents
        self.relabel = relabel
        self.source = source
        self.unit = unit  # "line" or "record"
        self.predictions: dict[str, dict[str, Any]] = {}
        self.first: dict[str, int] = {}
        self.problems: list[Problem] = []

    def locate(self, number: int) -> Callable[[str], str]:
        return lambda pointer: f"{self.unit} {number}: {pointer}" if pointer else f"{self.unit} {number}"

    def fail(self, number: int, level: str, message: str) -> None:
        self.problems.append(Problem(self.source, f"{self.unit} {number}", level, message))

    def add(self, number: int, record: Any, findings: Iterable[Finding] = ()) -> None:
        if self.relabel is not None:
            record = self.relabel(record, f"{self.source}: {self.unit} {number}")
        if not isinstance(record, dict):
            self.fail(number, "format", f"expected a JSON object, got {json_type(record)} {show(record)}")
            return
        findings = [*findings, *prediction_version_findings(record), *schema_findings(record, PREDICTION)]
        doc_id = record.get("doc_id")
        if isinstance(doc_id, str):
            findings += self._document_findings(doc_id, record)
            self.first.setdefault(doc_id, number)
        self.problems += to_problems(findings, self.source, self.locate(number))
        if not findings and isinstance(doc_id, str):
            self.predictions[doc_id] = _with_layers(record)

    def _document_findings(self, doc_id: str, record: dict[str, Any]) -> list[Finding]:
        if doc_id in self.first:
            where = f"{self.unit} {self.first[doc_id]}"
            return [
                Finding("consistency", "/doc_id", f"a second prediction for {doc_id!r}; the first is {where}")
            ]
        if doc_id not in self.documents:
            return [
                Finding(
                    "consistency", "/doc_id", f"{doc_id!r} is not a document of the corpus ({self._known()})"
                )
            ]
        return _offset_findings(record, self.documents[doc_id].text)

    def _known(self) -> str:
        ids = sorted(self.documents)
        shown = ", ".join(ids[:_SHOWN_IDS])
        more = f" and {len(ids) - _SHOWN_IDS} more" if len(ids) > _SHOWN_IDS else ""
        return f"known: {shown}{more}" if ids else "the corpus has no documents"


def _offset_findings(record: dict[str, Any], text: str) -> list[Finding]:
    """Entities that give offsets must point at exactly their text."""
    entities = record.get("entities")
    findings = []
    for index, entity in enumerate(entities if isinstance(entities, list) else []):
        if not isinstance(entity, dict) or not (
            is_index(entity.get("start")) and is_index(entity.get("end"))
        ):
            continue
        span = Span(json_pointer(["entities", index]), entity["start"], entity["end"], "")
        findings += range_findings(span, text, "start", "end") or quote_findings(
            span, entity.get("text"), text
        )
    return findings


def _with_layers(record: Mapping[str, Any]) -> dict[str, Any]:
    prediction = dict(record)
    for layer in LAYERS:
        prediction.setdefault(layer, [])
    return prediction


def _check_file(path: Path, documents: Mapping[str, Document], relabel: Relabel | None = None) -> _Checker:
    """Every line checked, read one at a time (a large file is never held whole)."""
    checker = _Checker(documents, str(path), "line", relabel)
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        checker.problems.append(Problem(str(path), "", "format", "file not found"))
        return checker
    except OSError as error:
        checker.problems.append(Problem(str(path), "", "format", f"cannot be read ({error.strerror})"))
        return checker
    offset = 0
    lines = 0
    with handle:
        for number, raw in enumerate(handle, 1):
            start, offset = offset, offset + len(raw)
            raw = raw[:-1] if raw.endswith(b"\n") else raw
            try:
                line = decode_utf8(raw, start)
            except FormatError as error:
                checker.fail(number, "format", error.message)
                lines += 1
                continue
            if not line.strip():
                continue
            lines += 1
            try:
                record, repeated = parse_json(line)
            except FormatError as error:
                column = error.location.replace("line 1 ", "")
                checker.fail(number, "format", f"{error.message} ({column})" if column else error.message)
                continue
            checker.add(number, record, repeated)
    if not lines:
        checker.problems.append(Problem(str(path), "", "format", "file is empty: no predictions"))
    return checker


def _refuse(problems: list[Problem]) -> None:
    if problems:
        raise InputError("\n".join(str(problem) for problem in sorted_problems(problems)))


def load_predictions(
    path: Path, documents: Mapping[str, Document], relabel: Relabel | None = None
) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """The valid predictions and every problem, sorted, for callers that report rather than refuse."""
    checker = _check_file(path, documents, relabel)
    return checker.predictions, sorted_problems(checker.problems)


def prediction_problems(path: Path, documents: Mapping[str, Document]) -> list[Problem]:
    """Every problem of a prediction file, sorted; empty when the file is valid."""
    return load_predictions(path, documents)[1]


def read_predictions(
    path: Path, documents: Mapping[str, Document], relabel: Relabel | None = None
) -> dict[str, dict[str, Any]]:
    """doc_id -> prediction, layers defaulted to []; InputError listing every problem, one per line."""
    predictions, problems = load_predictions(path, documents, relabel)
    _refuse(problems)
    return predictions


def check_predictions(
    records: Iterable[Mapping[str, Any]],
    documents: Mapping[str, Document],
    source: str,
    relabel: Relabel | None = None,
) -> dict[str, dict[str, Any]]:
    """The checks of `read_predictions` for predictions made in Python; records are numbered from 1."""
    checker = _Checker(documents, source, "record", relabel)
    for number, record in enumerate(records, 1):
        checker.add(number, dict(record) if isinstance(record, Mapping) else record)
    _refuse(checker.problems)
    return checker.predictions


def missing_documents(
    predictions: Mapping[str, dict[str, Any]], documents: Mapping[str, Document]
) -> list[str]:
    """Documents of the corpus without a prediction, in doc-id order (scored as empty predictions)."""
    return sorted(set(documents) - set(predictions))
