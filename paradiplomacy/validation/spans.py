"""Offsets against the seed text: in range, non-empty, equal to the quoted text, trimmed, not overlapping.

Offsets are code points into the text as stored, end exclusive, so `text[start:end]` is the whole truth.
Elements whose offsets are not non-negative integers are skipped: the schema has reported them already.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from paradiplomacy.problems import json_pointer
from paradiplomacy.validation.findings import Finding, is_index, show

_LEVEL = "consistency"


@dataclass(frozen=True)
class Span:
    pointer: str  # of the element holding the span
    start: int
    end: int
    ident: str  # the element's id, or "" when it has none


def range_findings(span: Span, text: str, start_key: str | int, end_key: str | int) -> list[Finding]:
    """Start and end inside the text, start before end; keys name the members in the pointer."""
    findings = []
    size = len(text)
    for key, offset in ((start_key, span.start), (end_key, span.end)):
        if offset > size:
            where = f"{span.pointer}/{key}"
            findings.append(
                Finding(_LEVEL, where, f"{offset} is past the end of the text ({size} characters)")
            )
    if span.start >= span.end:
        findings.append(
            Finding(_LEVEL, span.pointer, f"empty span: start {span.start} is not before end {span.end}")
        )
    return findings


def quote_findings(span: Span, quoted: Any, text: str) -> list[Finding]:
    """The element's `text` is exactly `text[start:end]`; shows both when not."""
    actual = text[span.start : span.end]
    if not isinstance(quoted, str) or quoted == actual:
        return []
    message = f"{show(quoted)} does not match the seed text at [{span.start}, {span.end}): {show(actual)}"
    message += _occurs_hint(quoted, text, span.start)
    return [Finding(_LEVEL, f"{span.pointer}/text", message)]


def _occurs_hint(quoted: str, text: str, near: int) -> str:
    """Where the quoted text does occur (the occurrence nearest the given start), so the fix is a copy."""
    if not quoted:
        return ""
    found: list[int] = []
    index = text.find(quoted)
    while index != -1 and len(found) < 1000:
        found.append(index)
        index = text.find(quoted, index + 1)
    if not found:
        return ""
    best = min(found, key=lambda at: abs(at - near))
    more = f" (and {len(found) - 1} other place{'s' if len(found) > 2 else ''})" if len(found) > 1 else ""
    return f"; {show(quoted)} occurs at [{best}, {best + len(quoted)}){more}"


def trim_findings(span: Span, text: str) -> list[Finding]:
    actual = text[span.start : span.end]
    edges = [name for name, char in (("starts", actual[:1]), ("ends", actual[-1:])) if char.isspace()]
    if not edges:
        return []
    message = f"span [{span.start}, {span.end}) {show(actual)} {' and '.join(edges)} with whitespace"
    return [Finding(_LEVEL, span.pointer, message)]


def entity_span(entity: Any, pointer: str) -> Span | None:
    if not isinstance(entity, dict) or not (is_index(entity.get("start")) and is_index(entity.get("end"))):
        return None
    ident = entity.get("id")
    return Span(pointer, entity["start"], entity["end"], ident if isinstance(ident, str) else "")


def entity_findings(entities: Sequence[Any], text: str) -> list[Finding]:
    """Every entity's span checked on its own, then all of them against each other.

    Most entities of most files are fine, so each is first tried by a quick test that builds nothing: a
    span inside the text, non-empty, quoted exactly, not starting or ending with whitespace has no finding of
    its own. Only an entity that fails the quick test goes through the checks that word the findings, and the
    overlap check runs only when the sound spans are not already in strictly increasing, disjoint order
    (there it could find nothing). The findings are the same either way; the quick test only saves work.
    """
    findings: list[Finding] = []
    sound: list[int] = []  # indices of the entities whose span is in range
    size = len(text)
    ordered = True  # the sound spans so far, in input order, each ends before the next starts
    reached = 0
    for index, entity in enumerate(entities):
        if type(entity) is dict:
            start, end = entity.get("start"), entity.get("end")
            if type(start) is int and type(end) is int and 0 <= start < end <= size:
                actual = text[start:end]
                quoted = entity.get("text")
                if (quoted == actual or not isinstance(quoted, str)) and not (
                    actual[0].isspace() or actual[-1].isspace()
                ):
                    ordered = ordered and start >= reached
                    reached = end
                    sound.append(index)
                    continue
        span = entity_span(entity, f"/entities/{index}")
        if span is None:
            continue
        problems = range_findings(span, text, "start", "end")
        if not problems:
            problems = quote_findings(span, entity.get("text"), text) or trim_findings(span, text)
            ordered = ordered and span.start >= reached
            reached = span.end
            sound.append(index)
        findings.extend(problems)
    if ordered:
        return findings
    spans = [entity_span(entities[index], f"/entities/{index}") for index in sound]
    return findings + overlap_findings([span for span in spans if span is not None], text)


def overlap_findings(spans: Sequence[Span], text: str) -> list[Finding]:
    """Sort by start, then compare each span with the widest-reaching one before it: O(n log n)."""
    findings = []
    reaching: Span | None = None
    for span in sorted(spans, key=lambda s: (s.start, s.end, s.pointer)):
        if reaching is not None and span.start < reaching.end:
            message = f"{_describe(span, text)} overlaps {_describe(reaching, text)} at {reaching.pointer}"
            findings.append(Finding(_LEVEL, span.pointer, message))
        if reaching is None or span.end > reaching.end:
            reaching = span
    return findings


def _describe(span: Span, text: str) -> str:
    name = f"{span.ident} " if span.ident else ""
    return f"{name}[{span.start}, {span.end}) {show(text[span.start : span.end])}"


def evidence_findings(agreements: Sequence[Any], text: str) -> list[Finding]:
    findings = []
    for index, agreement in enumerate(agreements):
        evidence = agreement.get("evidence") if isinstance(agreement, dict) else None
        for number, pair in enumerate(evidence if isinstance(evidence, list) else []):
            if isinstance(pair, list) and len(pair) == 2 and is_index(pair[0]) and is_index(pair[1]):
                span = Span(json_pointer(["agreements", index, "evidence", number]), pair[0], pair[1], "")
                findings.extend(range_findings(span, text, 0, 1))
    return findings
