"""DATE and MONEY mentions with ISO values: month names, numeric dates, periods, currency amounts."""

from __future__ import annotations

import re
from functools import cache

from paradiplomacy.extractors.rules.lexicon import CURRENCIES, MONTHS, MULTIPLIERS, WEEKDAYS
from paradiplomacy.extractors.rules.text import SP, Mention, alternation, word

YEAR = r"(?P<year>(?:19|20)\d\d)"
DAY = r"(?P<day>[0-3]?\d)"
HALVES = {
    "first": "01/{y}-06",
    "second": "07/{y}-12",
    "ersten": "01/{y}-06",
    "zweiten": "07/{y}-12",
    "перв": "01/{y}-06",
    "втор": "07/{y}-12",
}


def _month_group(language: str) -> str:
    return "(?P<month>" + "|".join(f"(?:{m})" for m in MONTHS[language]) + ")"


@cache
def date_patterns(language: str) -> list[re.Pattern[str]]:
    month, weekday = _month_group(language), alternation(WEEKDAYS[language])
    lead = rf"(?:{weekday},?{SP})?"
    numeric = rf"(?P<nday>[0-3]\d)\.(?P<nmonth>[01]\d)\.{YEAR}"
    forms = {
        "en": [
            rf"{lead}{DAY}{SP}{month}(?:,?{SP}{YEAR})?",
            rf"{lead}{month}{SP}{DAY}(?:st|nd|rd|th)?(?:,?{SP}{YEAR})?",
            rf"{month}{SP}{YEAR}",
            rf"the{SP}(?P<half>first|second){SP}half{SP}of{SP}{YEAR}",
        ],
        "de": [
            rf"{lead}{DAY}\.{SP}{month}(?:{SP}{YEAR})?",
            rf"{month}{SP}{YEAR}",
            rf"(?:der|die|das){SP}(?P<half>ersten|zweiten){SP}Hälfte{SP}(?:des{SP}Jahres{SP})?{YEAR}",
        ],
        "ru": [
            rf"{DAY}{SP}{month}(?:{SP}{YEAR}(?:{SP}года|{SP}г\.)?)?",
            rf"{month}{SP}{YEAR}(?:{SP}года|{SP}г\.)?",
            rf"(?P<half>перв|втор)\w+{SP}полугоди\w+{SP}{YEAR}(?:{SP}года)?",
        ],
    }[language]
    flags = re.IGNORECASE if language == "ru" else 0
    year_alone = rf"{YEAR}(?:{SP}(?:года|год|г\.))?" if language == "ru" else YEAR
    return [re.compile(word(p), flags) for p in [*forms, numeric, year_alone]]


def iso(match: re.Match[str], language: str) -> str:
    """The ISO 8601 value at the precision written; no year stated means none is guessed (`--MM-DD`)."""
    groups = match.groupdict()
    year = groups.get("year")
    if groups.get("half"):
        key = next(k for k in HALVES if groups["half"].lower().startswith(k))
        return f"{year}-" + HALVES[key].format(y=year)
    if groups.get("nmonth"):
        return f"{year}-{groups['nmonth']}-{groups['nday']}"
    month = _month_number(groups.get("month"), language)
    day = f"{int(groups['day']):02d}" if groups.get("day") else None
    if month is None:
        return str(year)
    body = f"{month:02d}" + (f"-{day}" if day else "")
    return f"{year}-{body}" if year else f"--{body}"


def _month_number(written: str | None, language: str) -> int | None:
    if not written:
        return None
    for number, pattern in enumerate(MONTHS[language], start=1):
        if re.fullmatch(pattern, written, re.IGNORECASE):
            return number
    return None


def dates(text: str, language: str) -> list[Mention]:
    found = []
    for rank, pattern in enumerate(date_patterns(language)):
        for match in pattern.finditer(text):
            day = match.groupdict().get("day")
            if day and not 1 <= int(day) <= 31:
                continue
            found.append(Mention(match.start(), match.end(), "DATE", iso(match, language), rank))
    return found


@cache
def money_patterns(language: str) -> list[re.Pattern[str]]:
    number = r"(?P<number>\d{1,3}(?:[ ,.\u00a0]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
    multiplier = (
        "(?:" + "|".join(f"(?P<m{value}>{alternation(words)})" for value, words in MULTIPLIERS.items()) + ")"
    )
    currency = (
        "(?:" + "|".join(f"(?P<{code}>{alternation(words)})" for code, words in CURRENCIES.items()) + ")"
    )
    after = rf"{number}(?:{SP}{multiplier})?{SP}{currency}"
    before = rf"{currency}(?:{SP})?{number}(?:{SP}{multiplier})?"
    return [re.compile(rf"(?<![\w.,]){p}(?!\w)", re.IGNORECASE) for p in (after, before)]


def money(text: str, language: str) -> list[Mention]:
    found = []
    for pattern in money_patterns(language):
        for match in pattern.finditer(text):
            groups = {k: v for k, v in match.groupdict().items() if v}
            code = next(k for k in CURRENCIES if k in groups)
            factor = next((int(k[1:]) for k in groups if k.startswith("m") and k[1:].isdigit()), 1)
            amount = _number(groups["number"], language) * factor
            canonical = f"{code} {int(amount) if amount == int(amount) else amount}"
            found.append(Mention(match.start(), match.end(), "MONEY", canonical))
    return found


def _number(written: str, language: str) -> float:
    """English writes 1,267.7; German and Russian write 1.267,7 or 1 267,7."""
    decimal = "." if language == "en" else ","
    digits = "".join(c if c.isdigit() or c == decimal else "" for c in written).replace(decimal, ".")
    return float(digits)
