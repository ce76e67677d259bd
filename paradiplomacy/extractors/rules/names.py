"""ROLE, PER, GPE, GOV, ORG, FAC, EVENT, INITIATIVE and NORP candidates from patterns, not from name lists.

A name is a run of capitalised words; what it is comes from the common nouns around it: a head word
("Executive Committee", "Kammer", "правительство"), a region designator ("NAME region"), a city
marker ("city of NAME"), a title before it (a person), a programme word (an initiative).
"""

from __future__ import annotations

import re
from functools import cache

from paradiplomacy.extractors.rules import lexicon as lx
from paradiplomacy.extractors.rules.text import (
    CAP,
    DETERMINERS,
    SP,
    Mention,
    alternation,
    masked,
    trimmed,
    word,
)

CONNECT = {"en": rf"(?:{SP}(?:of|for|and|on)(?:{SP}the)?{SP}|{SP}|-{SP}?and{SP})", "de": SP, "ru": SP}
PROGRAMME = {
    "en": r"(?:initiative|programme|program|project|strategy|platform)",
    "de": r"(?:Initiative|Programm\w*|Projekt\w*|Strategie|Plattform)",
    "ru": r"(?:инициатив\w+|программ\w+|проект\w*|стратеги\w+|платформ\w+)",
}
QUOTED = r"[«\"„“](?P<name>[^«»\"„“”\n]{2,80})[»\"“”]"
ACRONYM = re.compile(r"\((?-i:([A-ZА-ЯЁ][A-Za-zА-Яа-яЁё]{0,8}[A-ZА-ЯЁ][A-Za-zА-Яа-яЁё]{0,8}))\)")
GENITIVE_ADJ = r"(?:народн|городск|областн|муниципальн|районн|постоянн|торгово-промышленн|международн)\w{2,3}"


@cache
def heads(language: str) -> dict[str, re.Pattern[str]]:
    flags = re.IGNORECASE if language == "ru" else 0
    return {
        label: re.compile(word(alternation(by_language[language])), flags)
        for label, by_language in lx.ORG_HEADS.items()
    }


@cache
def role_pattern(language: str) -> re.Pattern[str]:
    modifiers = alternation(lx.ROLE_MODIFIERS[language])
    roles = alternation(
        lx.ROLE[language]
        + ([r.lower() for r in lx.ROLE["en"] if " " in r or r.endswith("or")] if language == "en" else [])
    )
    place = rf"(?:(?!{modifiers}{SP}|{roles}(?!\w))(?P<place>{CAP}){SP})?" if language == "en" else ""
    flags = re.IGNORECASE if language == "ru" else 0
    return re.compile(word(rf"{place}(?:{modifiers}{SP}){{0,2}}{roles}"), flags)


def roles(text: str, language: str) -> list[Mention]:
    """Posts; an English title keeps a capitalised place written before it ("NAME Vice Mayor")."""
    found = []
    for match in role_pattern(language).finditer(text):
        start = match.start()
        place = match.groupdict().get("place")
        if place:
            title = text[match.end("place") : match.end()].lstrip()
            if place in DETERMINERS or place in lx.ROLE_MODIFIERS["en"] or not title[:1].isupper():
                start = match.end() - len(title)
        found.append(Mention(*trimmed(text, start, match.end()), "ROLE"))
    return found


def people(text: str, language: str, role_spans: list[Mention]) -> list[Mention]:
    """Two or three capitalised words right after a title, or after Mr/Ms/Herr/Frau/господин."""
    name = rf"{CAP}(?:{SP}{CAP}){{1,2}}"
    anchors = [m.end for m in role_spans]
    anchors += [
        m.end() for m in re.finditer(word(r"(?:Mr|Mrs|Ms|Dr|Herr|Frau|господин\w?|госпожа)\.?"), text)
    ]
    found = []
    for anchor in anchors:
        match = re.compile(rf"{SP}({name})").match(text, anchor)
        if not match or _has_head(match.group(1), language):
            continue
        start, words = match.start(1), match.group(1).split()
        if len(words) == 3 and language == "ru" and not re.search(r"(?:вич|вна|ична)\w*$", words[1]):
            start = match.start(1) + match.group(1).index(words[1], len(words[0]))
        found.append(Mention(*trimmed(text, start, match.end(1)), "PER"))
    return found


def _has_head(name: str, language: str) -> bool:
    return any(p.search(name) for p in heads(language).values()) or bool(
        re.search(alternation(lx.MONTHS[language]), name)
    )


@cache
def place_patterns(language: str) -> list[tuple[re.Pattern[str], int]]:
    """(pattern, group): group 0 is the whole match, 1 the name alone (city designators stay outside)."""
    after, before, city = (
        alternation(table[language]) for table in (lx.REGION_AFTER, lx.REGION_BEFORE, lx.CITY_BEFORE)
    )
    flags = re.IGNORECASE if language == "ru" else 0
    named = rf"{CAP}(?:{SP}{CAP}){{0,2}}"
    adjective = (
        r"[А-ЯЁ]\w+(?:ая|ой|ую|ий|ого|ому|ом|ий|ый|ым)"
        if language == "ru"
        else rf"{CAP}er"
        if language == "de"
        else named
    )
    forms = [
        (rf"{adjective}{SP}(?-i:{after})" if language != "ru" else rf"(?-i:{adjective}){SP}{after}", 0),
        (rf"{before}{SP}(?-i:{named})", 0),
        (rf"{city}{SP}(?-i:({CAP}))", 1),
        (r"^(?-i:([A-ZА-ЯЁ][A-ZА-ЯЁ-]{2,})),", 1),  # a dateline: "CITY, 16 October (Agency)"
    ]
    if language == "ru":
        forms.append((rf"(?-i:[А-ЯЁ]\w+(?:ая|ой|ую)){SP}Народн\w+{SP}Республик\w*", 0))
    return [(re.compile(word(p), flags | re.MULTILINE), group) for p, group in forms]


def places(text: str, language: str) -> list[Mention]:
    found = []
    for pattern, group in place_patterns(language):
        for match in pattern.finditer(text):
            found.append(Mention(*trimmed(text, match.start(group), match.end(group)), "GPE", rank=1))
    return found


@cache
def chain_pattern(language: str) -> re.Pattern[str]:
    return re.compile(word(rf"{CAP}(?:{CONNECT[language]}{CAP})*"))


def organisations(text: str, language: str) -> list[Mention]:
    """Capitalised chains holding a head word; in Russian, a head followed by a capitalised genitive name."""
    found = []
    if language == "ru":
        found += _russian_bodies(text)
    else:
        for match in chain_pattern(language).finditer(text):
            label = _chain_label(match.group(), language)
            if label:
                found.append(Mention(*trimmed(text, match.start(), match.end()), label, rank=2))
    for match in ACRONYM.finditer(text):  # "(ABC)": an acronym in brackets names an organisation
        found.append(Mention(match.start(1), match.end(1), "ORG", rank=5))
    for label, pattern in heads(language).items():
        if label in ("ORG", "EVENT"):  # a quoted company or event name after its head noun
            for match in re.finditer(pattern.pattern + rf"{SP}{QUOTED}", text, pattern.flags):
                found.append(Mention(match.start("name"), match.end("name"), label, rank=2))
    return found


def _chain_label(chain: str, language: str) -> str | None:
    """The label of the first head word in the chain; a chain of nothing but heads names nothing."""
    hits = sorted(
        (m.start(), -len(m.group()), label, m.group())
        for label, p in heads(language).items()
        for m in p.finditer(chain)
    )
    if not hits:
        return None
    leftover = chain
    for _, _, _, head in hits:
        leftover = leftover.replace(head, " ")
    if not re.search(r"[A-ZÄÖÜ]", re.sub(r"\b(?:The|Der|Die|Das|Des)\b", "", leftover)):
        return None
    return hits[0][2]


def _russian_bodies(text: str) -> list[Mention]:
    found = []
    for label, pattern in heads("ru").items():
        body = (
            rf"(?:{GENITIVE_ADJ}{SP})?(?:{pattern.pattern})(?:{SP}[а-яё][\w-]*){{0,6}}?"
            rf"{SP}(?:город\w?{SP})?(?-i:{CAP})(?:{SP}(?-i:{CAP})){{0,2}}"
        )
        for match in re.finditer(word(body), text, re.IGNORECASE):
            found.append(Mention(*trimmed(text, match.start(), match.end()), label, rank=2))
    return found


def initiatives(text: str, language: str) -> list[Mention]:
    """A quoted or capitalised name next to a programme word; the generic head noun stays outside."""
    programme = PROGRAMME[language]
    named = rf"(?P<name>{CAP}(?:{CONNECT[language]}{CAP}){{0,5}})"
    forms = [rf"{programme}{SP}{QUOTED}", rf"{QUOTED}{SP}{programme}", rf"{programme}{SP}{named}"]
    if language == "en":
        forms.append(rf"the{SP}{named}{SP}{programme}")
    found = []
    for form in forms:
        for match in re.finditer(word(form), text):
            found.append(
                Mention(*trimmed(text, match.start("name"), match.end("name")), "INITIATIVE", rank=3)
            )
    return found


def nationalities(text: str, language: str) -> list[Mention]:
    """English nationality words by their suffix ("-ese", "-ian"); a hyphenated pair gives two mentions."""
    if language != "en":
        return []
    return [
        Mention(m.start(), m.end(), "NORP", rank=4) for m in re.finditer(r"\b[A-Z][a-z]+(?:ese|ian)\b", text)
    ]


def name_mentions(text: str, language: str, blocked: list[Mention]) -> list[Mention]:
    """All name candidates; titles are found first and blanked, so a chain never swallows them."""
    found_roles = roles(masked(text, [(m.start, m.end) for m in blocked]), language)
    rest = masked(text, [(m.start, m.end) for m in (*blocked, *found_roles)])
    return [
        *found_roles,
        *people(text, language, found_roles),
        *places(rest, language),
        *organisations(rest, language),
        *initiatives(rest, language),
        *nationalities(rest, language),
    ]
