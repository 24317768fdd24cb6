"""The words of the build's own pages (the index, the navigation, the out-of-date banner): the
`build.*` keys of the message catalogues (programtheory.messages)."""

from __future__ import annotations

from ..messages import message


def text(lang: str, key: str, **fields: object) -> str:
    """The build's text `key` in `lang`, its `{name}` placeholders filled from `fields`."""
    return message(f"build.{key}", lang, **fields)
