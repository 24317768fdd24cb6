"""Reader-facing words of the confidence grades: the `confidence.*` texts of the message
catalogues (`programtheory.messages`).

Keys are the codes the package uses; values are format strings (`str.format` fields named in
the code). `text(language, key, **fields)` picks one.

>>> text("en", "very_low"), text("nl", "concern_0")
('very low', 'geen of zeer kleine bezwaren')
"""

from __future__ import annotations

from .messages import message


def text(language: str, key: str, **fields: object) -> str:
    """The words for `key` in `language`, with `fields` filled in; a language or key without
    a text is an error (`messages.MissingMessage`)."""
    return message(f"confidence.{key}", language, **fields)
