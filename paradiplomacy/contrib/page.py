"""The article text of a saved page, without navigation, footers and comments; a .txt is taken as it is.

trafilatura (Barbaresi 2021) is the best-evaluated open boilerplate remover for news pages and also reads
the page's metadata (title, publication date, site name), which become provenance defaults.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from paradiplomacy.errors import InputError

MAX_PAGE_BYTES = 20 * 1024 * 1024
# Fewer characters than this after extraction is a page without an article (an index, a login wall).
MIN_ARTICLE_CHARACTERS = 200
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|article|div|p)\b", re.I | re.S
)


@dataclass(frozen=True)
class Page:
    text: str
    tool: str  # what made the text: "trafilatura" or "as given (.txt)"
    version: str
    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    url: str | None = None


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            raise InputError(f"{path}: {size} bytes; a saved page may have at most {MAX_PAGE_BYTES}")
        from paradiplomacy.safeio import read_bytes  # bounded where stat says 0 too (/dev/zero, a FIFO)

        return read_bytes(path, MAX_PAGE_BYTES, what="saved page")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: a folder; give a saved page (.html) or a text (.txt)") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from None


def _decode(path: Path, data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 (byte {error.start}); save the {what} as UTF-8") from None


def read_text_file(path: Path) -> Page:
    """A .txt is the article exactly as it is (a UTF-8 byte-order mark aside)."""
    text = _decode(path, _read(path), "text")
    if len(text.strip()) < MIN_ARTICLE_CHARACTERS:
        raise InputError(
            f"{path}: {len(text.strip())} characters of text; "
            f"an article has at least {MIN_ARTICLE_CHARACTERS}"
        )
    from paradiplomacy import __version__

    return Page(text=text, tool="paradiplomacy (text file as given)", version=__version__)


def looks_like_html(data: bytes) -> bool:
    return bool(_HTML_START.match(data[:4096].removeprefix(b"\xef\xbb\xbf")))


def extract_page(path: Path) -> Page:
    """The main text of a saved HTML page, with the page's title, date and site name where it gives them."""
    data = _read(path)
    if b"\x00" in data[:4096] or not looks_like_html(data):
        raise InputError(
            f"{path}: not an HTML page (it does not start with an HTML tag); give a page saved from the "
            "browser (.html) or the article text as a .txt file"
        )
    html = _decode(path, data, "page")
    try:
        import trafilatura
    except ImportError:
        raise InputError(
            "reading a saved page needs trafilatura: pip install 'paradiplomacy[contrib]' (or give a .txt)"
        ) from None

    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, deduplicate=False
    )
    text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    if len(text) < MIN_ARTICLE_CHARACTERS:
        raise InputError(
            f"{path}: no article text found ({len(text)} characters after removing navigation and "
            f"boilerplate; an article has at least {MIN_ARTICLE_CHARACTERS}); save the article's own page, "
            "or give its text as a .txt file"
        )
    return Page(
        text=text,
        tool="trafilatura",
        version=trafilatura.__version__,
        title=getattr(document, "title", None) or None,
        date=getattr(document, "date", None) or None,
        outlet=getattr(document, "sitename", None) or None,
        url=getattr(document, "url", None) or None,
    )


def read_page(path: Path) -> Page:
    return read_text_file(path) if path.suffix.lower() == ".txt" else extract_page(path)
