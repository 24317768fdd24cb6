"""Every text the interface shows a reader, in every language the package ships.

One catalogue per language (`messages/<lang>.yaml`), a flat mapping from a dotted key to a text
with `{name}` placeholders. `message(key, lang, **fields)` is the one way to get a text:

>>> message("vocab.term.long", "en")
'long term'
>>> message("vocab.term.long", "nl")
'lange termijn'

A key or language that is missing is an error, never a silent fall-back to another language:
a page that mixes languages is worse than a clear message. `tests/test_messages.py` checks that
every catalogue has every key with the same placeholders.

Vocabulary labels live here too (`vocab.<category>.<value>`) for the built-in values; a project
adds or overrides them in its `project.yaml` (`programtheory.settings`).
"""

from __future__ import annotations

import string
from functools import cache
from importlib import resources
from types import MappingProxyType
from collections.abc import Mapping

import yaml

from ..errors import UsageError


class MissingMessage(UsageError):
    """A text is asked for in a language, or under a key, that no catalogue has."""


@cache
def languages() -> tuple[str, ...]:
    """The languages the package ships a catalogue for, sorted."""
    folder = resources.files(__name__)
    return tuple(sorted(p.name.removesuffix(".yaml") for p in folder.iterdir()
                        if p.name.endswith(".yaml")))


@cache
def catalogue(lang: str) -> Mapping[str, str]:
    """The whole catalogue of one language (read once, read-only)."""
    if lang not in languages():
        raise MissingMessage(f"no message catalogue for language '{lang}' (shipped: "
                             f"{', '.join(languages())}); add "
                             f"src/programtheory/messages/{lang}.yaml with every key of en.yaml")
    text = resources.files(__name__).joinpath(f"{lang}.yaml").read_text(encoding="utf-8")
    # libyaml's loader where there is one: the pure-Python one took 40 ms per catalogue, paid
    # by every process that imports the package (the vocabulary's labels are read at import)
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise MissingMessage(f"the message catalogue {lang}.yaml must map keys to texts")
    return MappingProxyType({str(k): v for k, v in data.items()})


def has_message(key: str, lang: str) -> bool:
    return lang in languages() and key in catalogue(lang)


def message(key: str, lang: str, /, **fields: object) -> str:
    """The text of `key` in `lang`, with its `{name}` placeholders filled from `fields`.

    Raises MissingMessage for an unknown language or key, or a placeholder without a field.
    """
    texts = catalogue(lang)
    if key not in texts:
        raise MissingMessage(f"the {lang} message catalogue has no key '{key}'")
    try:
        return texts[key].format_map(fields)
    except (KeyError, IndexError) as exc:
        raise MissingMessage(f"message '{key}' ({lang}) needs the field {exc}") from None


def placeholders(text: str) -> frozenset[str]:
    """The names of a text's `{name}` placeholders.

    >>> sorted(placeholders("{n} of {total} ({share})"))
    ['n', 'share', 'total']
    """
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)


@cache
def messages_under(prefix: str, lang: str) -> Mapping[str, str]:
    """The texts whose keys start with `prefix.`, keyed by the rest of the key (found once per
    prefix and language, and read-only, like the catalogue: a figure's every page mark asks).

    >>> messages_under("vocab.condition", "en")["necessary"]
    'necessary'
    """
    head = prefix + "."
    return MappingProxyType({key[len(head):]: text for key, text in catalogue(lang).items()
                             if key.startswith(head)})
