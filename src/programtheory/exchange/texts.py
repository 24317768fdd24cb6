"""Every text of the exchange formats that a reader sees, from the message catalogues.

Sheet names, column headings, drop-down prompts and the instructions of the workbook
(`exchange.workbook.*`), the meeting document (`exchange.docx.*`) and the names of changed
fields (`exchange.field.*`) are catalogue texts; here they are put back into the nested shape
the writers use (a numbered key, `help.01`, becomes a list item). The keys are the field names
of `programtheory.exchange.rows`.
"""

from __future__ import annotations

from ..messages import languages, messages_under


def _nested(prefix: str, lang: str) -> dict:
    """The catalogue texts under `prefix` as nested dicts; numbered keys become lists."""
    tree: dict = {}
    for key, text in messages_under(prefix, lang).items():
        *parents, last = key.split(".")
        node = tree
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = text
    return _lists(tree)


def _lists(tree: dict) -> dict | list:
    if all(key.isdigit() for key in tree):
        return [tree[key] for key in sorted(tree)]
    return {key: _lists(value) if isinstance(value, dict) else value
            for key, value in tree.items()}


TEXTS: dict[str, dict] = {lang: _nested("exchange.workbook", lang) for lang in languages()}
# The meeting document (theory_docx.py)
DOCX_TEXTS: dict[str, dict] = {lang: _nested("exchange.docx", lang) for lang in languages()}
FIELD_NAMES: dict[str, dict[str, str]] = {lang: _nested("exchange.field", lang)
                                          for lang in languages()}
LANGUAGES = tuple(TEXTS)


def texts(lang: str) -> dict:
    return TEXTS[lang]


def header_fields(sheet: str) -> dict[str, str]:
    """Every column heading, in any language, to its field name (lower case)."""
    return {label.lower(): field for lang in TEXTS
            for field, label in TEXTS[lang]["columns"][sheet].items()}


def sheet_keys() -> dict[str, str]:
    """Every sheet name, in any language, to its key."""
    return {name: key for lang in TEXTS for key, name in TEXTS[lang]["sheets"].items()}
