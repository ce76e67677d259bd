"""Which language an article is in: py3langid (langid.py's model, 97 languages, no download at run time)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from paradiplomacy import vocabulary
from paradiplomacy.errors import InputError


@dataclass(frozen=True)
class Identified:
    language: str
    probability: float


@cache
def _identifier() -> Any:
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError:
        raise InputError(
            "identifying the language needs py3langid: pip install 'paradiplomacy[contrib]'"
        ) from None

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> Identified:
    language, probability = _identifier().classify(text)
    return Identified(str(language), float(probability))


def covered() -> tuple[str, ...]:
    """The corpus's languages, from the vocabulary."""
    return vocabulary.languages()
