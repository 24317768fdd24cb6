"""A diff as Markdown in one language, fit for a report page or a pull-request comment.

The page names elements by their labels (a link by its ends' labels); ids appear only in the
last, technical column of each table. With ``drawing=True`` it adds a Mermaid drawing of the
changed neighbourhood (changed elements and their direct neighbours, at most
`MAX_DRAWN_NODES`), which code-review pages render; without Mermaid support the drawing shows
as a short text block and the tables still say everything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .citations import LinePlaces, readable_lines
from .messages import has_message, message
from .readable_ids import name_ids
from .tables import escape_markdown

if TYPE_CHECKING:
    from .diff import Change, VersionDiff

MAX_DRAWN_NODES = 60

_ID_FIELDS = {"parent", "members", "from", "to", "bears_on"}
# written in the data's prose language (`ProjectSettings.text_language`), shown only in it
PROSE_FIELDS = {"description", "note"}


def _word(key: str, lang: str, **values: Any) -> str:
    return message(f"diff.{key}", lang, **values)


def field_label(field_name: str, lang: str) -> str:
    """The reader's name of a compared field; a field the catalogue does not name (a label
    in a further language, `label_fr`) is shown by its name."""
    key = f"diff.field.{field_name}"
    return message(key, lang) if has_message(key, lang) else field_name


def _name(label, lang: str) -> str:
    """A label (a Label or a {language: text} dict) in `lang`; an element not yet named in
    that language shows its first name, so that no element is left blank."""
    texts = label.root if hasattr(label, "root") else label
    return texts.get(lang) or next((text for text in texts.values() if text), "")


def intro_text(diff: VersionDiff, lang: str | None = None) -> str:
    """One sentence naming the two sides compared, from their titles and origins."""
    lang = diff.language(lang)
    old_where = diff.old_side.where if diff.old_side else ""
    new_where = diff.new_side.where if diff.new_side else ""
    old_title, new_title = _name(diff.old_title, lang), _name(diff.new_title, lang)
    if diff.old == diff.new and old_where != new_where:
        return _word("within", lang, title=f"«{old_title}»",
                     old=old_where or _word("folder", lang), new=new_where or _word("folder",
                                                                                   lang))
    old = f"«{old_title}»" + (f" ({old_where})" if old_where else "")
    new = f"«{new_title}»" + (f" ({new_where})" if new_where else "")
    return _word("from_to", lang, old=old, new=new)


def diff_markdown(diff: VersionDiff, lang: str | None = None, *, drawing: bool = False,
                  ids: bool = True) -> str:
    """The diff as Markdown in `lang` (nl or en): title, intro, summary table, one table per
    category of element with its changes, and (optionally) the drawing. `ids=False` leaves out
    the technical column of ids (a reader's page; the JSON form keeps them)."""
    from .diff import ELEMENT_LABELS, ELEMENTS, STATUS_LABELS, STATUSES

    lang = diff.language(lang)
    out = [f"# {_word('title', lang)}", "", escape_markdown(intro_text(diff, lang)), ""]
    counts = diff.counts()
    out += [f"## {_word('summary', lang)}", "",
            "| | " + " | ".join(_name(STATUS_LABELS[s], lang) for s in STATUSES) + " |",
            "|---|" + "---:|" * len(STATUSES)]
    out += [f"| {_name(ELEMENT_LABELS[e], lang)} | "
            + " | ".join(str(counts[e][s]) for s in STATUSES) + " |" for e in ELEMENTS]
    if diff.is_empty():
        return "\n".join(out + ["", _word("nothing", lang)]) + "\n"
    page = _Page.of(diff, lang, with_ids=ids)
    for element in ELEMENTS:
        entries = [c for c in diff.changes(element) if c.status != "unchanged"]
        if entries:
            out += ["", f"## {_name(ELEMENT_LABELS[element], lang)}", "", *_table(entries, page)]
    if drawing:  # last: a page without Mermaid support shows it as a text block
        out += ["", *mermaid_section(diff, lang)]
    return "\n".join(out).rstrip() + "\n"


@dataclass(frozen=True)
class _Page:
    """What every row of one page reads: its language, the names of both sides' elements,
    whether it has the id column and shows the versions' prose, and how it makes a note
    readable (without the id column, a note that names an element by id names it by label,
    and one that points at lines of the source text points at their section)."""

    lang: str
    names: dict
    with_ids: bool
    prose: bool
    readable: Callable[[str], str]

    @classmethod
    def of(cls, diff: VersionDiff, lang: str, *, with_ids: bool) -> _Page:
        names = {**diff.names("old"), **diff.names("new")}
        side = diff.new_side or diff.old_side
        prose = side is None or side.shows_prose(lang)
        if with_ids:
            return cls(lang, names, with_ids, prose, lambda text: text)
        places = side.places if side is not None else LinePlaces()
        by_label = {i: _name(label, lang) for i, label in names.items()}
        return cls(lang, names, with_ids, prose,
                   lambda text: readable_lines(name_ids(text, by_label), places))


def _table(entries: list[Change], page: _Page) -> list[str]:
    from .diff import NOT_DISCUSSED_NOTE, STATUS_LABELS

    lang = page.lang
    rows = [f"| {_word('change', lang)} | {_word('element', lang)} | {_word('what', lang)} |"
            + (f" {_word('id', lang)} |" if page.with_ids else ""),
            "|---|---|---|" + ("---|" if page.with_ids else "")]
    for change in entries:
        ids = change.old_ids if change.relation == "split" else (change.new_ids
                                                                   or change.old_ids)
        element = "; ".join(escape_markdown(_name(change.labels.get(i, {"nl": i, "en": ""}),
                                                  lang)) for i in ids)
        technical = ", ".join(f"`{i}`" for i in dict.fromkeys(change.old_ids + change.new_ids))
        rows.append(f"| {_name(STATUS_LABELS[change.status], lang)} | {element} | "
                    f"{_details(change, page)} |"
                    + (f" {technical} |" if page.with_ids else ""))
    if any(c.status == "not_discussed" for c in entries):
        rows += ["", escape_markdown(_name(NOT_DISCUSSED_NOTE, lang))]
    return rows


def _details(change: Change, page: _Page) -> str:
    lang, names, readable = page.lang, page.names, page.readable
    parts = []
    if change.relation in ("merged", "reframed", "split"):
        others = change.new_ids if change.relation == "split" else change.old_ids
        others = [i for i in others if i != change.id or change.relation == "reframed"]
        shown = "; ".join(_name(change.labels.get(i, {"nl": i, "en": ""}), lang)
                          for i in others)
        parts.append(f"{_word(change.relation, lang)}: {escape_markdown(shown)}")
    for f in change.fields:
        if f.field == "id":
            continue
        label = field_label(f.field, lang)
        other_language = (f.field in PROSE_FIELDS and not page.prose
                          or f.field.startswith("label_") and f.field != f"label_{lang}")
        if other_language:  # that it changed, not its text in another language
            parts.append(escape_markdown(label))
            continue
        parts.append(f"{escape_markdown(label)}: {_value(f.old, f.field, lang, names, readable)}"
                     f" → {_value(f.new, f.field, lang, names, readable)}")
    if change.note and page.prose:
        parts.append(f"{_word('note', lang)}: {escape_markdown(readable(change.note))}")
    return "; ".join(parts) or "—"


def _value(value: Any, field_name: str, lang: str, names: dict,
           readable=lambda text: text) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if field_name in _ID_FIELDS:
        ids = value if isinstance(value, list) else [value]
        return escape_markdown(", ".join(_name(names.get(i, {"nl": i, "en": ""}), lang)
                                         for i in ids))
    if isinstance(value, (list, dict)):
        return escape_markdown(", ".join(str(v) for v in value) if isinstance(value, list)
                               else ", ".join(f"{k}: {v}" for k, v in value.items()))
    return f"“{escape_markdown(readable(str(value)))}”"


# ------------------------------------------------------------------------------ Mermaid

def mermaid_text(text: str, limit: int = 60) -> str:
    """Text for a quoted Mermaid label, shown literally: characters Mermaid or Markdown would
    read are written as Mermaid entity codes (#NN;), line breaks become spaces.

    >>> mermaid_text('a "b" <i>#1</i> `x` (y)')
    'a #34;b#34; #60;i#62;#35;1#60;/i#62; #96;x#96; (y)'
    """
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit - 1].rstrip() + "…"
    return "".join(f"#{ord(c)};" if c in '#"<>&`{}|\\' else c for c in text)


def neighbourhood(graph, limit: int = MAX_DRAWN_NODES) -> tuple[list[str], int]:
    """The union-graph nodes to draw (changed elements first, then their direct neighbours,
    at most `limit`) and how many changed elements did not fit."""
    changed = {n for n, d in graph.nodes(data=True) if d.get("change") != "unchanged"}
    for u, v, d in graph.edges(data=True):
        if d.get("change") != "unchanged":
            changed.update((u, v))
    rank = {"added": 0, "removed": 0, "changed": 0, "not_discussed": 1, "unchanged": 2}
    first = sorted(changed, key=lambda n: (rank.get(graph.nodes[n].get("change"), 2), str(n)))
    neighbours = sorted({m for n in first for m in (*graph.predecessors(n),
                                                    *graph.successors(n))} - changed, key=str)
    chosen = (first + neighbours)[:limit]
    return chosen, max(0, len(first) - limit)


_CLASS_STYLES = {
    "added": "stroke-width:3px",
    "removed": "stroke-dasharray:5 5,color:#555555",
    "changed": "stroke-width:2px,stroke-dasharray:1 2",
    "not_discussed": "stroke-dasharray:2 2,color:#555555",
    "unchanged": "stroke-width:1px",
}
_ARROWS = {"added": "==>", "removed": "-.->", "not_discussed": "-.->", "changed": "-->",
           "unchanged": "-->"}


def mermaid_section(diff: VersionDiff, lang: str) -> list[str]:
    """A heading, a one-line key and a Mermaid flowchart of the changed neighbourhood."""
    from .diff_draw import MARKERS, union_graph

    graph = union_graph(diff)
    chosen, left_out = neighbourhood(graph)
    key = {n: f"n{i}" for i, n in enumerate(chosen)}
    lines = ["```mermaid", "flowchart LR"]
    for n in chosen:
        data = graph.nodes[n]
        change = data.get("change", "unchanged")
        text = data.get(f"label_{lang}") or data.get("label_nl") or str(n)
        marker = MARKERS.get(change, "")
        shown = mermaid_text(f"{marker} {text}" if marker else text)
        lines.append(f'  {key[n]}["{shown}"]:::{change.replace("_", "")}')
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        if u in key and v in key:
            lines.append(f"  {key[u]} {_ARROWS.get(data.get('change'), '-->')} {key[v]}")
    lines += [f"  classDef {c.replace('_', '')} {style}" for c, style in _CLASS_STYLES.items()]
    lines.append("```")
    out = [f"## {_word('drawing', lang)}", "", _word("drawing_note", lang), ""] + lines
    if left_out:
        out += ["", _word("not_drawn", lang, n=left_out, max=MAX_DRAWN_NODES)]
    return out


def counts_records(diff: VersionDiff, lang: str):
    """The diff's counts as a table for a page in `lang`: one row per kind of element."""
    from .diff import STATUSES
    from .tables import Records

    element = message("page.revision.col_element", lang)
    names = {s: message(f"diff.status.{s}", lang) for s in STATUSES}
    rows = [{element: message(f"diff.element.{e}", lang),
             **{names[s]: n for s, n in per.items()}} for e, per in diff.counts().items()]
    return Records([element, *names.values()], rows,
                   caption=message("page.revision.counts_caption", lang))
