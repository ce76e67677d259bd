"""Word forms for matching place names through inflection: one normal form per word and language.

Russian: gazetteer names (nominatives) are cut at their case ending; a text word is cut after pymorphy3 gives
its dictionary lemma ("Казани" -> "казань" -> "казан"), or as it stands when pymorphy3 does not know it (a
transliterated Chinese name), so the nominative in the gazetteer and the genitive in the text meet.
German: names are indexed as written; a text word is tried as written, as simplemma's lemma and without a
name's genitive `-s`. English: the word in lower case (the possessive `'s` is a separate token).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

WORD = re.compile(r"[^\W\d_]+")
RUSSIAN_ENDINGS = sorted(
    ["ами", "ями", "ого", "его", "ому", "ему", "ом", "ем", "ой", "ей", "ою", "ею", "ах", "ях", "ам", "ям",
     "ий", "ый", "ая", "яя", "ое", "ее", "а", "я", "у", "ю", "е", "ы", "и", "ь", "о"],
    key=len,
    reverse=True,
)  # fmt: skip
GERMAN_DETERMINERS = frozenset(
    ["der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "einem", "eines", "einen"]
)


@cache
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _cut(word: str) -> str:
    for ending in RUSSIAN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


@cache
def russian(word: str) -> tuple[str, bool]:
    """(normal form, is a common word): a word pymorphy3 knows with no toponym reading is a common word."""
    lower = word.lower()
    parses = [p for p in _morph().parse(lower) if p.is_known]
    if not parses:
        return _cut(lower), False
    places = [p for p in parses if "Geox" in p.tag]
    best = (places or parses)[0]
    return _cut(best.normal_form), not places


@cache
def german(word: str) -> str:
    import simplemma

    return str(simplemma.lemmatize(word, lang="de")).lower()


def index_form(word: str, language: str) -> str:
    """The form a gazetteer name's word is indexed under: lower case, Russian cut at its case ending.

    Names are in the nominative, so cutting the ending is enough on this side, and it is fast.
    """
    return _cut(word.lower()) if language == "ru" else word.lower()


def text_forms(word: str, language: str) -> list[str]:
    """The index forms a text word may stand for, most likely first.

    Russian: the pymorphy3 lemma cut like an index form ("Казани" -> "казань" -> "казан"). German: as written,
    simplemma's lemma, and without a name's genitive `-s`.
    """
    if language == "ru":
        return list(dict.fromkeys([russian(word)[0], _cut(word.lower())]))
    forms = [word.lower()]
    if language == "de":
        forms.append(german(word))
        if word.endswith("s") and len(word) > 4:
            forms.append(word[:-1].lower())
    return list(dict.fromkeys(forms))


def is_common_word(word: str, language: str, text_lower_words: frozenset[str]) -> bool:
    """A capitalised word that is better read as a common word than as a one-word place name.

    Russian: pymorphy3 knows it without a toponym reading. English: the document also writes it in lower case
    ("Most" / "most"). German nouns are all capitalised, so German relies on the caller's determiner check.
    """
    if language == "ru":
        return russian(word)[1]
    if language == "en":
        return word.lower() in text_lower_words
    return False
