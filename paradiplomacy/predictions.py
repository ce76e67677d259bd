"""The one reader for prediction files (JSON Lines, one document per line), used by `validate` and `evaluate`.

A prediction file is refused whole when any line is wrong, with every problem listed: scoring a file that
silently lost a line would report a score for a different system.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import IO, Any

from paradiplomacy.corpus import Document
from paradiplomacy.errors import InputError
from paradiplomacy.problems import Problem, json_pointer, sorted_problems
from paradiplomacy.safeio import LineTooLong, iter_lines
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


class _Capped(list[Problem]):
    """The first `cap` problems in file order; beyond that only a count, so memory stays bounded."""

    def __init__(self, cap: int | None) -> None:
        super().__init__()
        self.cap = cap
        self.more = 0
        self.counted_lines = False  # past the cap, a bad line is counted once, without describing it

    def append(self, problem: Problem) -> None:
        if not self.full:
            super().append(problem)
        else:
            self.more += 1

    @property
    def full(self) -> bool:
        return self.cap is not None and len(self) >= self.cap

    def __iadd__(self, problems: Iterable[Problem]) -> _Capped:  # type: ignore[override,misc]
        for problem in problems:
            self.append(problem)
        return self

    def note(self) -> str:
        if not self.more:
            return ""
        return (
            f"... and {'at least ' if self.counted_lines else ''}{self.more} more problems not shown "
            f"(the first {self.cap} are; "
            "raise the number with --max-errors N)"
        )


class _Checker:
    """Checks records one by one and keeps the first prediction of each known document."""

    def __init__(
        self,
        documents: Mapping[str, Document],
        source: str,
        unit: str,
        relabel: Relabel | None = None,
        max_errors: int | None = None,
    ) -> None:
        self.documents = documents
        self.relabel = relabel
        self.source = source
        self.unit = unit  # "line" or "record"
        self.predictions: dict[str, Any] = {}
        self.first: dict[str, int] = {}
        self.problems = _Capped(max_errors)
        # What is kept of a valid record: the record itself, or (`keep_lines`) where its line is, for a
        # reader that scores the file in another order without holding it (`scoring/stream.py`).
        self.keep_lines = False
        self.line: tuple[int, int, int] = (0, 0, 0)  # the line being checked: number, byte offset, length

    def locate(self, number: int) -> Callable[[str], str]:
        return lambda pointer: f"{self.unit} {number}: {pointer}" if pointer else f"{self.unit} {number}"

    def fail(self, number: int, level: str, message: str) -> None:
        self.problems.append(Problem(self.source, f"{self.unit} {number}", level, message))

    def add(self, number: int, record: Any, findings: Iterable[Finding] = ()) -> None:
        if self.relabel is not None:
            record = self.relabel(record, f"{self.source}: {self.unit} {number}")
        if self.problems.full:
            self._count(number, record, list(findings))
            return
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
            self.predictions[doc_id] = self.line if self.keep_lines else with_layers(record)

    def _count(self, number: int, record: Any, findings: list[Finding]) -> None:
        """Past --max-errors: only whether the line is valid (the fast check): a huge bad file stays quick."""
        from paradiplomacy.validation.schema import is_valid

        bad = bool(findings) or not isinstance(record, dict) or not is_valid(record, PREDICTION)
        doc_id = record.get("doc_id") if isinstance(record, dict) else None
        if isinstance(doc_id, str):
            bad = bad or bool(self._document_findings(doc_id, record))
            self.first.setdefault(doc_id, number)
        if bad:
            self.problems.more += 1
            self.problems.counted_lines = True

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
    size = len(text)
    for index, entity in enumerate(entities if isinstance(entities, list) else []):
        if type(entity) is not dict:
            continue
        start: Any = entity.get("start")
        end: Any = entity.get("end")
        quoted = entity.get("text")
        if type(start) is int and type(end) is int and 0 <= start < end <= size:
            if type(quoted) is not str or text[start:end] == quoted:
                continue  # the common case, decided without building a pointer
        elif not (is_index(start) and is_index(end)):
            continue  # no offsets, or offsets the schema refuses
        span = Span(json_pointer(["entities", index]), start, end, "")
        findings += range_findings(span, text, "start", "end") or quote_findings(span, quoted, text)
    return findings


def with_layers(record: Mapping[str, Any]) -> dict[str, Any]:
    prediction = dict(record)
    for layer in LAYERS:
        prediction.setdefault(layer, [])
    return prediction


def _check_file_into(checker: _Checker, path: Path) -> _Checker:
    """Streams the file line by line: memory stays bounded by the line limit, whatever the file holds."""
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below, after the streaming loop
    except FileNotFoundError:
        checker.problems.append(Problem(str(path), "", "format", f"file not found{_flag_hint(path)}"))
        return checker
    except IsADirectoryError:
        checker.problems.append(Problem(str(path), "", "format", "is a folder, not a JSON Lines file"))
        return checker
    except OSError as error:
        checker.problems.append(Problem(str(path), "", "format", f"cannot be read ({error.strerror})"))
        return checker
    with stream:
        try:
            _check_lines(checker, stream, path)
        except OSError as error:
            checker.problems.append(Problem(str(path), "", "format", f"cannot be read ({error.strerror})"))
    return checker


def _check_lines(checker: _Checker, stream: IO[bytes], path: Path) -> None:
    from paradiplomacy import limits
    from paradiplomacy.extractors.progress import FileProgress

    line_limit, total_limit, documents_limit = (
        limits.LINE_BYTES.value,
        limits.PREDICTIONS_BYTES.value,
        limits.DOCUMENTS.value,
    )
    offset = 0
    lines = 0
    number = 0
    progress = FileProgress(path)
    try:
        for number, raw in enumerate(iter_lines(stream, line_limit), 1):
            start, offset = offset, offset + len(raw) + 1
            progress.update(offset)
            if offset > total_limit:
                checker.fail(number, "format", f"the file is too large; {limits.PREDICTIONS_BYTES.hint()}")
                return
            if number == 1:
                hint = _first_line_hint(raw)
                if hint:
                    checker.fail(number, "format", hint)
                    return
            try:
                line = decode_utf8(raw, start)
            except FormatError as error:
                checker.fail(number, "format", error.message)
                lines += 1
                continue
            if not line.strip():
                continue
            lines += 1
            if lines > documents_limit:
                checker.fail(number, "format", f"too many predictions; {limits.DOCUMENTS.hint()}")
                return
            try:
                record, repeated = parse_json(line)
            except FormatError as error:
                column = error.location.replace("line 1 ", "")
                checker.fail(number, "format", f"{error.message} ({column})" if column else error.message)
                continue
            checker.line = (number, start, len(raw))
            checker.add(number, record, repeated)
    except LineTooLong as error:
        checker.fail(error.number, "format", f"line longer than the limit; {limits.LINE_BYTES.hint()}")
        return
    finally:
        progress.close()
    if not lines:
        checker.problems.append(Problem(str(path), "", "format", "file is empty: no predictions"))


def _first_line_hint(raw: bytes) -> str:
    """Common mistakes, said plainly: UTF-16, a JSON array or pretty-printed JSON instead of JSON Lines."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8 JSON Lines"
    stripped = raw.strip()
    if stripped == b"[" or stripped.replace(b" ", b"").startswith(b"[{"):
        return (
            "starts with '[': this looks like a JSON array; a predictions file is JSON Lines, one JSON "
            "object per line (e.g. `jq -c '.[]' file.json > file.jsonl`)"
        )
    if stripped == b"{" or (stripped.startswith(b"{") and not stripped.endswith(b"}")):
        return (
            "this looks like pretty-printed JSON; a predictions file is JSON Lines, one complete JSON object "
            "per line (e.g. `jq -c . file.json > file.jsonl`)"
        )
    return ""


def _flag_hint(path: Path) -> str:
    name = str(path)
    if name.startswith("-") or name in {"predictions", "prediction"}:
        return " (did you mean --predictions FILE?)"
    return ""


MAX_ERRORS = 50


def _refuse(problems: list[Problem], note: str = "") -> None:
    if problems:
        lines = [str(problem) for problem in sorted_problems(problems)]
        raise InputError("\n".join([*lines, note] if note else lines))


def load_predictions(
    path: Path,
    documents: Mapping[str, Document],
    relabel: Relabel | None = None,
    max_errors: int | None = MAX_ERRORS,
) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """The valid predictions and the first `max_errors` problems, sorted (see `load_predictions_noted`)."""
    predictions, problems, _ = load_predictions_noted(path, documents, relabel, max_errors)
    return predictions, problems


def load_predictions_noted(
    path: Path,
    documents: Mapping[str, Document],
    relabel: Relabel | None = None,
    max_errors: int | None = MAX_ERRORS,
) -> tuple[dict[str, dict[str, Any]], list[Problem], str]:
    """As `load_predictions`, plus a note counting the problems beyond `max_errors` ("" when none)."""
    checker = _Checker(documents, str(path), "line", relabel, max_errors)
    _check_file_into(checker, path)
    return checker.predictions, sorted_problems(checker.problems), checker.problems.note()


def prediction_problems(path: Path, documents: Mapping[str, Document]) -> list[Problem]:
    """Every problem of a prediction file, sorted; empty when the file is valid."""
    return load_predictions(path, documents)[1]


def read_predictions(
    path: Path,
    documents: Mapping[str, Document],
    relabel: Relabel | None = None,
    max_errors: int | None = MAX_ERRORS,
) -> dict[str, dict[str, Any]]:
    """doc_id -> prediction, layers defaulted to []; InputError listing the problems, one per line."""
    predictions, problems, note = load_predictions_noted(path, documents, relabel, max_errors)
    _refuse(problems, note)
    return predictions


def locate_predictions(
    path: Path,
    documents: Mapping[str, Any],
    relabel: Relabel | None = None,
    max_errors: int | None = MAX_ERRORS,
) -> dict[str, tuple[int, int, int]]:
    """The checks of `read_predictions`, keeping of each valid record only where it is: doc_id -> (line
    number, byte offset, length). `documents` needs only each document's `text` (`scoring/stream.py`)."""
    checker = _Checker(documents, str(path), "line", relabel, max_errors)
    checker.keep_lines = True
    _check_file_into(checker, path)
    _refuse(sorted_problems(checker.problems), checker.problems.note())
    return checker.predictions


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
