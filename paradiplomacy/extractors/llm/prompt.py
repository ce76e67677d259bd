"""The prompt, generated from the vocabulary, the guidelines' tie-breaks and invented examples.

Label, type, status and sector definitions come from `schema/vocabulary.schema.json` (their one source), with
the quoted examples in brackets removed, because those are corpus strings; the sector tie-breaks come from
`annotations/GUIDELINES.md` §4; the instructions and the worked examples (`instructions.md`, `examples.json`)
are written for the prompt and name only invented articles. The prompt's id is a hash of everything sent
besides the document, so a change to any of these sources changes the cache key of every request.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from paradiplomacy import vocabulary
from paradiplomacy.errors import InputError
from paradiplomacy.resources import annotations_dir

HERE = Path(__file__).resolve().parent
INSTRUCTIONS = HERE / "instructions.md"
EXAMPLES = HERE / "examples.json"
PROMPT_FORMAT = 1  # bump when the way messages are put together changes
# A bracketed aside holding a quoted example, e.g. ' ("Vice Mayor", "вице-мэр")': corpus strings, dropped.
QUOTED_ASIDE = re.compile(r'\s*\([^()]*"[^()]*\)')
TIE_BREAKS = re.compile(r"^Tie-breaks\b.*?(?=\n\s*\n|\n#|\Z)", re.MULTILINE | re.DOTALL)
BULLET = re.compile(r"\n\s*- ")


@dataclass(frozen=True)
class Prompt:
    system: str
    schema: dict[str, Any]
    id: str

    def messages(self, document: dict[str, str]) -> list[dict[str, str]]:
        """The chat messages for one document: the shared system prompt, then the document alone."""
        user = (
            f"doc_id: {document['doc_id']}\nlanguage: {document['language']}\n"
            f"Article text between the markers:\n<<<\n{document['text']}\n>>>"
        )
        return [{"role": "system", "content": self.system}, {"role": "user", "content": user}]


def definition(text: str) -> str:
    return QUOTED_ASIDE.sub("", text).strip()


def tie_breaks(guidelines: Path | None = None) -> str:
    """The guidelines' sector tie-breaks (§4), one line per rule, without their quoted corpus examples."""
    path = guidelines or annotations_dir() / "GUIDELINES.md"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(
            f"{path}: cannot read the guidelines for the LLM prompt ({error.strerror})"
        ) from None
    match = TIE_BREAKS.search(text)
    if not match:
        raise InputError(f"{path}: no 'Tie-breaks' paragraph (§4) for the LLM prompt")
    rules = BULLET.split(match.group().replace("`", "").replace("**", ""))
    lines = [" ".join(definition(rule).split()) for rule in rules]
    return "\n".join([lines[0], *(f"- {line}" for line in lines[1:])])


def _terms(key: str, examples: dict[str, list[str]] | None = None) -> str:
    statuses = vocabulary.statuses_by_type() if key == "agreement_type" else {}
    lines = []
    for term in vocabulary.vocabulary(key).terms:
        line = f"- {term.name}: {definition(term.definition)}"
        if examples and examples.get(term.name):
            line += " Examples: " + ", ".join(f'"{e}"' for e in examples[term.name]) + "."
        if term.name in statuses:
            line += " Status: " + " or ".join(statuses[term.name]) + "."
        lines.append(line)
    return "\n".join(lines)


def _examples(shots: list[dict[str, Any]]) -> str:
    parts = []
    for number, shot in enumerate(shots, 1):
        parts.append(
            f"Example {number} (doc_id: {shot['doc_id']}, language: {shot['language']}):\n"
            f"<<<\n{shot['text']}\n>>>\nAnswer:\n{json.dumps(shot['answer'], ensure_ascii=False)}"
        )
    return "\n\n".join(parts)


def response_schema() -> dict[str, Any]:
    """The answer's JSON Schema in the subset structured-output servers accept: all keys required, closed."""

    def closed(properties: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": properties,
            "required": list(properties),
            "additionalProperties": False,
        }

    def enum(key: str) -> dict[str, Any]:
        return {"type": "string", "enum": list(vocabulary.vocabulary(key).names)}

    sectors = {"type": "array", "items": enum("sector")}
    return closed(
        {
            "doc_id": {"type": "string"},
            "entities": {
                "type": "array",
                "items": closed({"label": enum("entity_label"), "text": {"type": "string"}}),
            },
            "agreements": {
                "type": "array",
                # one branch per type, with the statuses that type admits
                "items": {
                    "anyOf": [
                        closed(
                            {
                                "type": {"type": "string", "enum": [kind]},
                                "status": {"type": "string", "enum": list(statuses)},
                                "parties": {"type": "array", "items": {"type": "string"}},
                                "sectors": sectors,
                            }
                        )
                        for kind, statuses in vocabulary.statuses_by_type().items()
                    ]
                },
            },
            "sectors": sectors,
        }
    )


@cache
def build_prompt() -> Prompt:
    data = json.loads(EXAMPLES.read_text(encoding="utf-8"))
    system = INSTRUCTIONS.read_text(encoding="utf-8").format(
        labels=_terms("entity_label", data["labels"]),
        types=_terms("agreement_type"),
        statuses=_terms("agreement_status"),
        sectors=_terms("sector"),
        tie_breaks=tie_breaks(),
        examples=_examples(data["shots"]),
    )
    schema = response_schema()
    digest = hashlib.sha256(
        json.dumps([PROMPT_FORMAT, system, schema], ensure_ascii=False, sort_keys=True).encode()
    ).hexdigest()
    return Prompt(system=system, schema=schema, id=f"p{PROMPT_FORMAT}-{digest[:12]}")
