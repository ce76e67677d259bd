"""What the card's YAML header and the Croissant file both say about the dataset: names, licence, citation."""

from __future__ import annotations

from paradiplomacy import __version__, vocabulary

NAME = "paradiplomacy"
PRETTY_NAME = (
    "Paradiplomacy: China-Belarus/Russia subnational cooperation news (gold NER, agreements, sectors)"
)
DESCRIPTION = (
    "News articles in English, German and Russian about cooperation between Chinese cities or provinces and "
    "Belarusian or Russian cities or regions, with adjudicated gold annotation of entity mentions (character "
    "offsets), agreements between the parties and sectors of cooperation. An evaluation set for extractors."
)
SOURCE_URL = "https://github.com/paradiplomacy/paradiplomacy"
GUIDELINES_URL = f"{SOURCE_URL}/blob/main/annotations/GUIDELINES.md"
LICENSE_ID = "cc-by-4.0"  # the annotations' licence
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
# The dataset as a whole is `other` on the Hub: its texts are not under the annotations' licence.
HUB_LICENSE = "other"
HUB_LICENSE_NAME = "cc-by-4.0-annotations-publisher-texts"
TEXTS_TERMS = (
    "Annotations: CC BY 4.0. Article texts: the copyright of their publishers, redistributed for "
    "non-commercial research and evaluation only, with their sources named; not covered by CC BY 4.0."
)
INSTALL = "pip install git+https://github.com/paradiplomacy/paradiplomacy"
CREATOR = "paradiplomacy contributors"
KEYWORDS = ("paradiplomacy", "named-entity-recognition", "information-extraction", "city diplomacy", "China")


def version() -> str:
    """The package version, which is also the dataset's release."""
    return __version__


def citation() -> str:
    return (
        "@misc{paradiplomacy,\n"
        f"  title        = {{{{{PRETTY_NAME}}}}},\n"
        f"  author       = {{{CREATOR}}},\n"
        f"  howpublished = {{\\url{{{SOURCE_URL}}}}},\n"
        f"  note         = {{Dataset version {version()}, annotation schema {vocabulary.version()}}}\n"
        "}"
    )


def size_category(rows: int) -> str:
    """The Hub's `size_categories` bucket for a number of rows."""
    for limit, name in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K")):
        if rows < limit:
            return name
    return "100K<n<1M"
