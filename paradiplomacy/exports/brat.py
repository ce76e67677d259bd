"""brat standoff: `DOC_ID.txt` (the seed, byte for byte) and `DOC_ID.ann` per document, and `annotation.conf`.

Mentions are text-bound annotations (`T1<TAB>GPE 105 113<TAB>Shanghai`, code-point offsets as brat counts
them); canonical names and the other entity attributes are `AnnotatorNotes`. An agreement is a text-bound
`Agreement` over its first evidence span (further spans as fragments `start end;start end`), with `Type` and
`Status` attributes and `Party`/`Signatory` relations to its mentions. The configuration is generated from the
vocabularies.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from paradiplomacy import vocabulary
from paradiplomacy.contrib.files import write_all
from paradiplomacy.corpus import Document

AGREEMENT = "Agreement"
ROLES = {"parties": "Party", "signatories": "Signatory"}
_ENTITY_CORE = ("id", "start", "end", "label", "text")


def annotation_conf() -> str:
    roles = {"parties": "party", "signatories": "signatory"}
    relations = [
        f"{ROLES[key]}\tArg1:{AGREEMENT}, Arg2:{'|'.join(vocabulary.agreement_role_labels(role))}"
        for key, role in roles.items()
    ]
    return "\n".join(
        [
            "[entities]",
            *vocabulary.entity_labels(),
            AGREEMENT,
            "",
            "[relations]",
            *relations,
            "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>",
            "",
            "[events]",
            "",
            "[attributes]",
            f"Type\tArg:{AGREEMENT}, Value:{'|'.join(vocabulary.agreement_types())}",
            f"Status\tArg:{AGREEMENT}, Value:{'|'.join(vocabulary.agreement_statuses())}",
            "",
        ]
    )


def _fragments(spans: list[list[int]]) -> str:
    return ";".join(f"{start} {end}" for start, end in spans)


def ann_text(document: Document) -> str:
    lines: list[str] = []
    text = document.text
    tids: dict[str, str] = {}
    notes = 0
    for number, entity in enumerate(document.entities, start=1):
        tid = f"T{number}"
        tids[entity["id"]] = tid
        lines.append(f"{tid}\t{entity['label']} {entity['start']} {entity['end']}\t{entity['text']}")
        extra: dict[str, Any] = {k: v for k, v in entity.items() if k not in _ENTITY_CORE}
        notes += 1
        lines.append(f"#{notes}\tAnnotatorNotes {tid}\t{json.dumps(extra, ensure_ascii=False)}")
    attributes = relations = 0
    for number, agreement in enumerate(document.agreements, start=len(document.entities) + 1):
        tid = f"T{number}"
        spans = agreement["evidence"]
        quoted = " ".join(text[s:e] for s, e in spans).replace("\n", " ")
        lines.append(f"{tid}\t{AGREEMENT} {_fragments(spans)}\t{quoted}")
        for name, key in (("Type", "type"), ("Status", "status")):
            attributes += 1
            lines.append(f"A{attributes}\t{name} {tid} {agreement[key]}")
        for key, role in ROLES.items():
            for target in agreement.get(key, []):
                relations += 1
                lines.append(f"R{relations}\t{role} Arg1:{tid} Arg2:{tids[target]}")
        extra = {k: v for k, v in agreement.items() if k in ("id", "date", "sectors")}
        notes += 1
        lines.append(f"#{notes}\tAnnotatorNotes {tid}\t{json.dumps(extra, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def write_brat(documents: list[Document], out: Path) -> list[str]:
    files = {out / "annotation.conf": annotation_conf().encode("utf-8")}
    for document in documents:
        files[out / f"{document.doc_id}.txt"] = document.text.encode("utf-8")
        files[out / f"{document.doc_id}.ann"] = ann_text(document).encode("utf-8")
    out.mkdir(parents=True, exist_ok=True)
    write_all(files)
    return [f"{out}: {len(documents)} documents (.txt and .ann) and annotation.conf"]
