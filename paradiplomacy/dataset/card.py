"""The dataset card (`README.md`): the Hub's YAML header and a datasheet; every number is generated."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from paradiplomacy import stats as corpus_stats
from paradiplomacy import vocabulary
from paradiplomacy.corpus import Document
from paradiplomacy.dataset import (
    CROISSANT_FILE,
    DEFAULT_CONFIG,
    GUIDELINES_FILE,
    SPLIT,
    TOKENS_CONFIG,
    metadata,
)
from paradiplomacy.dataset.configs import BuiltConfig
from paradiplomacy.dataset.tokens import __doc__ as TOKENIZER_DOC
from paradiplomacy.markdown import table, vocabulary_table

SAMPLE_TEXT_CHARS = 240
SAMPLE_ITEMS = 3


@dataclass(frozen=True)
class CardInputs:
    """`documents`: the first in full (the card's example); a streaming build passes the others without text,
    entities and agreements, and the corpus statistics in `stats`."""

    documents: list[Document]
    configs: list[BuiltConfig]
    agreement_markdown: str
    stats: corpus_stats.CorpusStats | None = None

    def statistics(self) -> corpus_stats.CorpusStats:
        return self.stats or corpus_stats.compute(self.documents)


def render(inputs: CardInputs) -> str:
    sections = [
        _header(inputs),
        f"# {metadata.PRETTY_NAME}",
        metadata.DESCRIPTION,
        _summary(inputs),
        _sources(inputs.documents),
        _uses(),
        _structure(inputs),
        _creation(inputs),
        "## Corpus statistics\n\n"
        + corpus_stats.render_markdown(inputs.statistics()).rstrip(),
        _vocabularies(),
        _limitations(inputs.documents),
        _licence(),
        _scoring(inputs.documents),
        "## Citation\n\n```bibtex\n" + metadata.citation() + "\n```",
    ]
    return "\n\n".join(section.rstrip("\n") for section in sections) + "\n"


def _header(inputs: CardInputs) -> str:
    rows = inputs.configs[0].num_rows
    header: dict[str, Any] = {
        "license": metadata.HUB_LICENSE,
        "license_name": metadata.HUB_LICENSE_NAME,
        "license_details": metadata.TEXTS_TERMS,
        "language": list(vocabulary.languages()),
        "multilinguality": "multilingual",
        "size_categories": [metadata.size_category(rows)],
        "task_categories": ["token-classification", "text-classification"],
        "task_ids": ["named-entity-recognition", "multi-label-classification"],
        "pretty_name": metadata.PRETTY_NAME,
        "annotations_creators": ["machine-generated"],  # see "Who annotated" in the card
        "language_creators": ["found", "machine-generated"],
        "source_datasets": ["original"],
        "tags": list(metadata.KEYWORDS),
        "configs": [config.yaml_config(default=config.name == DEFAULT_CONFIG) for config in inputs.configs],
        "dataset_info": [config.yaml_info() for config in inputs.configs],
    }
    body = yaml.safe_dump(header, sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False)
    return f"---\n{body}---"


def _summary(inputs: CardInputs) -> str:
    stats = inputs.statistics()
    return (
        "## Dataset summary\n\n"
        f"{corpus_stats.summary_sentence(stats)} One split, `{SPLIT}`: an evaluation set, "
        f"not training data. Two configurations: `{DEFAULT_CONFIG}` (a row per document, character offsets) "
        f"and `{TOKENS_CONFIG}` (the same mentions as word tokens with BIO tags). Machine-readable metadata: "
        f"[`{CROISSANT_FILE}`]({CROISSANT_FILE}) (Croissant 1.0).\n\n"
        "```python\nfrom datasets import load_dataset\n\n"
        f'documents = load_dataset("ORG/NAME", split="{SPLIT}")\n'
        f'tokens = load_dataset("ORG/NAME", "{TOKENS_CONFIG}", split="{SPLIT}")\n```'
    )


def _sources(documents: Sequence[Document]) -> str:
    rows = [
        [
            f"`{d.doc_id}`",
            d.language,
            d.provenance.get("outlet") or "–",
            d.provenance.get("published") or "not stated",
            d.provenance.get("title") or "–",
            d.provenance.get("notes") or "",
            f"`{d.provenance.get('sha256', '')}`",
        ]
        for d in documents
    ]
    header = ["doc_id", "language", "outlet", "published", "title", "notes", "seed sha256"]
    return (
        "## Sources\n\nEach text is a news web page stored exactly as retrieved (page chrome included); "
        "`published` is what the text itself states (ISO 8601 as precise as given; `--MM-DD`: no year).\n\n"
        + table(header, rows)
    )


def _uses() -> str:
    return (
        "## Uses\n\n"
        "- **Intended:** evaluating extractors (NER, relation/agreement extraction, multi-label sector "
        "classification, LLM-based information extraction) on multilingual news about subnational "
        "China–Belarus/Russia cooperation; error analysis against a documented ontology; studying "
        "annotation of paradiplomacy.\n"
        "- **Out of scope:** training a general model (the set is tiny and topically narrow); drawing "
        "conclusions about the volume, success or political meaning of cooperation (the documents are not a "
        "sample of events); profiling the people named; treating the outlets' claims as verified facts."
    )


def _sample_record(config: BuiltConfig) -> dict[str, Any]:
    row = dict(config.sample)
    text = row["text"]
    row["text"] = text[:SAMPLE_TEXT_CHARS] + ("…" if len(text) > SAMPLE_TEXT_CHARS else "")
    for key in ("entities", "agreements"):
        row[key] = row[key][:SAMPLE_ITEMS]
    return row


def _compact_json(record: dict[str, Any]) -> str:
    """One key per line and one list item per line: readable without scrolling through nested indentation."""

    def dump(value: Any) -> str:
        if isinstance(value, list) and value and isinstance(value[0], dict):
            items = ",\n    ".join(json.dumps(item, ensure_ascii=False) for item in value)
            return f"[\n    {items}\n  ]"
        return json.dumps(value, ensure_ascii=False)

    body = ",\n".join(f"  {json.dumps(key)}: {dump(value)}" for key, value in record.items())
    return "{\n" + body + "\n}"


def _field_table() -> str:
    rows = [
        ["`doc_id`", "string", "the seed file's stem"],
        ["`language`", "ClassLabel", ", ".join(vocabulary.languages())],
        ["`text`", "string", "the article exactly as stored (UTF-8, no normalisation)"],
        [
            "`entities`",
            "list of structs",
            "`id`, `start`, `end` (int32 code points, end exclusive), `label` "
            "(ClassLabel), `text`, `canonical`; `country`, `level` (ClassLabel) for GPE, `value` for DATE, "
            "`amount`, `currency` for MONEY, `belongs_to` (the GPE a GOV body or a ROLE belongs to) for GOV "
            "and ROLE; null where absent",
        ],
        [
            "`agreements`",
            "list of structs",
            "`id`, `type`, `status` (ClassLabels), `parties`, `signatories` "
            "(entity ids), `date`, `date_basis` (ClassLabel: where the date comes from), `sectors` "
            "(ClassLabel list), `evidence` (list of [start, end] int32)",
        ],
        ["`sectors`", "list of ClassLabel", "document-level sectors of cooperation"],
        ["`title`, `outlet`, `published`", "string (nullable)", "provenance as the text states it"],
        ["`seed_sha256`", "string", "sha256 of the text file's bytes"],
    ]
    return table(["field", "type", "meaning"], rows)


def _structure(inputs: CardInputs) -> str:
    default = next(c for c in inputs.configs if c.name == DEFAULT_CONFIG)
    sample = _compact_json(_sample_record(default))
    tokenizer = " ".join((TOKENIZER_DOC or "").split("\n\n", 1)[-1].split())
    return (
        "## Dataset structure\n\n"
        f"### Configuration `{DEFAULT_CONFIG}`\n\n{_field_table()}\n\n"
        "Offsets are Unicode code points: `text[start:end] == entity.text` for every mention. Labels are "
        "`ClassLabel`s whose names come from the controlled vocabulary "
        "(`features[...].int2str` turns ids into names).\n\n"
        f"A record (the first, with the text cut to {SAMPLE_TEXT_CHARS} characters and lists to "
        f"{SAMPLE_ITEMS} items; labels shown by name):\n\n```json\n{sample}\n```\n\n"
        f"### Configuration `{TOKENS_CONFIG}`\n\n"
        "`doc_id`, `language`, `tokens`, token `start`/`end` offsets into the same text, and `ner_tags` "
        "(ClassLabel: `O` and `B-`/`I-` for each entity label). "
        f"{tokenizer} Every gold mention starts and ends on a token boundary, so BIO tags carry the spans "
        "losslessly; the build refuses a mention that a token would cut."
    )


WHO_ANNOTATED = (
    "No human has annotated or checked any of this yet. Every annotation, adjudication and audit so far was "
    "made by sessions of a large language model:\n\n"
    "- **First and second pass** (`annotations/first_pass`, `annotations/second_pass`; annotators "
    "`annotator-a`, `annotator-b`): two separate sessions, each seeing only guidelines 1.0, the schemas and "
    "the texts, never the other pass. Migrated to schema 1.2.0 without changing a fact (a proposal is now "
    "type `proposal`); otherwise as annotated.\n"
    "- **Gold, guidelines 1.1**: adjudicated from the two passes by the project's lead engineer (a session), "
    "each decision recorded in the file's notes.\n"
    "- **Gold, guidelines 1.2**: an audit of the agreement layer (filed as an issue by a session) found five "
    "open or contradictory rules; guidelines 1.2 decide them, and another session re-adjudicated the gold "
    "under 1.2 from the same two passes. Every change is listed with its rule in "
    "`annotations/CHANGELOG.md`.\n"
    "- **Third pass** (`annotations/third_pass`, `annotator-c`): a further session given a kit of only "
    "guidelines 1.2, the schemas and the texts (no gold, pass, changelog or agreement file in it), kept "
    "exactly as it annotated; it was not used to adjudicate the gold.\n\n"
    "**What the agreement figures below can and cannot say.** Guidelines 1.2 name the corpus cases each rule "
    "decides (§7), so an annotator who follows them reproduces those decisions: the third pass's agreement "
    "with the 1.2 gold measures how determinate the guidelines are for this kind of annotator, not how "
    "well two independent people would agree on unseen text. All annotators are sessions of the same "
    "model family. Not yet checked by any human: the entity spans and labels, the canonical spellings, the "
    "agreement layer, the sector labels, and the vocabulary's crosswalks (CoNLL, OntoNotes, CAMEO, PLOVER, "
    "OECD CRS codes). A study with human annotators on new texts is the next step before the corpus grows."
)


def _annotation_process(documents: Sequence[Document]) -> str:
    records = [d.annotation for d in documents if d.annotation]
    methods = Counter(r.get("method", "unspecified").replace("_", " ") for r in records)
    versions = sorted({r.get("guidelines_version", "") for r in records} - {""})
    annotators = {name for r in records for name in r.get("annotators", [])}
    adjudicators = {r["adjudicator"] for r in records if r.get("adjudicator")}
    process = ", ".join(f"{n} {method}" for method, n in sorted(methods.items())) or "not recorded"
    notes = [[f"`{d.doc_id}`", d.annotation.get("notes", "")] for d in documents if d.annotation.get("notes")]
    return (
        f"Annotated under the [guidelines]({GUIDELINES_FILE}) (also at {metadata.GUIDELINES_URL}; "
        f"guidelines {', '.join(versions) or 'not recorded'}, ontology {vocabulary.version()}): every "
        "entity mention, agreements between parties, and document sectors. Documents by method: "
        f"{process}; {len(annotators)} annotators working independently ({', '.join(sorted(annotators))}); "
        f"adjudication: {'; '.join(sorted(adjudicators)) or 'not recorded'}. Adjudication notes (every 1.2 "
        "change with its rule: `annotations/CHANGELOG.md`):\n\n"
        + (table(["doc_id", "notes"], notes) if notes else "none")
    )


def _creation(inputs: CardInputs) -> str:
    return (
        "## Dataset creation\n\n"
        "### Curation rationale\n\nSubnational actors (cities, regions, their governments and agencies) "
        "conduct their own foreign relations (paradiplomacy). Reports of it are scattered over multilingual "
        "state and regional media; this set lets extraction tools be measured on exactly that material.\n\n"
        "### Source data\n\nPublic news web pages (see [Sources](#sources)), stored with their page chrome, "
        "datelines and repetitions, because extractors meet real pages.\n\n"
        f"### Annotation process\n\n{_annotation_process(inputs.documents)}\n\n"
        f"### Who annotated\n\n{WHO_ANNOTATED}\n\n"
        "### Annotators' agreement\n\nMeasured by `paradiplomacy agree` on every attribute, before adjudication "
        "(entity attributes on mentions with the same boundaries; agreement attributes on agreements paired "
        "by shared evidence; parties as sides, a government body counting as the GPE it `belongs_to`); "
        "95% bootstrap intervals over documents.\n\n"
        f"{inputs.agreement_markdown.strip()}"
    )


def _vocabularies() -> str:
    blocks = [
        f"### {vocabulary.vocabulary(key).title}\n\n{vocabulary_table(key)}" for key in vocabulary.NAMES
    ]
    return "## Vocabularies\n\n" + "\n\n".join(blocks)


def _noting(documents: Sequence[Document], word: str) -> str:
    ids = [f"`{d.doc_id}`" for d in documents if word in d.provenance.get("notes", "").lower()]
    return ", ".join(ids) or "none"


def _limitations(documents: Sequence[Document]) -> str:
    outlets = Counter(d.provenance.get("outlet") or "unknown" for d in documents)
    outlet_text = ", ".join(f"{name} ({n})" for name, n in outlets.most_common())
    return (
        "## Bias, risks and limitations\n\n"
        f"- **Size.** {len(documents)} documents: scores carry wide uncertainty; report intervals, not only "
        "point estimates, and do not rank systems on small differences.\n"
        f"- **Perspective.** Documents per outlet: {outlet_text}. BelTA is Belarus's state news agency; the "
        "texts present official, positive accounts of cooperation and the parties' own framing.\n"
        f"- **Translation.** Machine-translated text ({_noting(documents, 'translation')}) has "
        "translation artefacts; names are as the translation spells them.\n"
        f"- **Repetition.** A body repeated in a stored text ({_noting(documents, 'repeated')}) is "
        "annotated in both places, so its mentions count twice.\n"
        "- **Boilerplate.** Menus, datelines, photo credits and footers are kept and annotated; an extractor "
        "that skips page chrome loses recall there by design.\n"
        "- **People.** Named officials appear in their public roles only; do not use the set to profile them."
    )


def _licence() -> str:
    return (
        "## Licence\n\n"
        "The dataset's `license` is `other` because its two parts are under different terms. "
        f"The annotations (entities, agreements, sectors, provenance records) are released under "
        f"[CC BY 4.0]({metadata.LICENSE_URL}). The article texts remain their publishers' property; they "
        "are redistributed here for non-commercial research and evaluation only, with their sources named. "
        "Rights holders who object can ask for a text's removal. The code is MIT-licensed."
    )


def _example_prediction(documents: Sequence[Document]) -> str:
    document = documents[0]
    by_id = {e["id"]: e for e in document.entities}
    line: dict[str, Any] = {
        "doc_id": document.doc_id,
        "entities": [{k: e[k] for k in ("label", "text", "start", "end")} for e in document.entities[:2]],
        "agreements": [
            {
                "type": a["type"],
                "status": a["status"],
                "parties": [by_id[p]["canonical"] for p in a["parties"]],
                "sectors": a["sectors"],
            }
            for a in document.agreements[:1]
        ],
        "sectors": document.sectors,
    }
    return json.dumps(line, ensure_ascii=False)


def _scoring(documents: Sequence[Document]) -> str:
    return (
        "## How to score an extractor\n\n"
        "The gold ships inside the package, so no download is needed. The package is not on PyPI yet; "
        "install it from the repository:\n\n"
        f"```bash\n{metadata.INSTALL}\nparadiplomacy evaluate --predictions preds.jsonl\n```\n\n"
        "`preds.jsonl` holds one JSON object per line and document (schema: `prediction.schema.json`): "
        "`doc_id`; `entities` with `label` and `text` (offsets `start`/`end` optional: extractors that give "
        "names only are scored by text); `agreements` with `type`, `status`, `parties` (names as written or "
        "canonical), optional `sectors` and `date`; document `sectors`. Omitted layers count as empty. "
        "For example:\n\n"
        f"```json\n{_example_prediction(documents)}\n```"
    )
