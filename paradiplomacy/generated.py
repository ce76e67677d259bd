"""Generated blocks inside hand-written Markdown.

A block is written as `<!-- generated:NAME -->` ... `<!-- /generated:NAME -->`; everything between the
markers is replaced by its renderer's output, so the numbers and tables in a document are never typed by hand.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from paradiplomacy.errors import InputError

_BLOCK = re.compile(
    r"(<!-- generated:(?P<name>[\w.:-]+) -->\n)(?P<body>.*?)(<!-- /generated:(?P=name) -->)", re.S
)


def fill(text: str, renderers: Mapping[str, Callable[[], str]], *, source: str = "<text>") -> str:
    """Return `text` with every generated block re-rendered; an unknown block name is an error."""

    def render(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in renderers:
            raise InputError(
                f"{source}: generated block '{name}' has no renderer (known: {', '.join(sorted(renderers))})"
            )
        return match.group(1) + renderers[name]().rstrip("\n") + "\n" + match.group(4)

    return _BLOCK.sub(render, text)
