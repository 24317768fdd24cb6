"""Text alternatives for figures: every SVG says what it shows in a `<title>` and a `<desc>`.

A screen reader reads an SVG's first `<title>` and `<desc>` (with ``role="img"`` and
``aria-labelledby`` on the root); a search tool indexes them. `label_svg` puts them in; the
descriptions come from what the figure itself shows:

* `figure_text` for a matplotlib chart: its titles, axis labels, categories and the value
  written beside each category, and its legend;
* `layout_text` for a theory diagram: how many elements of which kind in which columns, and
  how many links;
* `diff_draw.diff_text` for a drawn diff: how many elements and links were added, removed or
  changed.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

from .messages import message, messages_under
from .tables import clean_text

TITLE_ID = "pt-figure-title"
DESC_ID = "pt-figure-desc"
_SVG_OPEN = re.compile(rb"<svg\b[^>]*>")
_OURS = re.compile(rb'<title id="' + TITLE_ID.encode() + rb'">.*?</desc>', re.S)


def _xml(text: str) -> str:
    return html.escape(" ".join(clean_text(text).split()), quote=True)


def label_svg(data: bytes, title: str, desc: str) -> bytes:
    """The SVG with `title` and `desc` as the first children of its root element, named by
    the root's ``aria-labelledby`` and marked ``role="img"``. Labelling again replaces them.

    >>> svg = label_svg(b'<?xml version="1.0"?><svg width="1"><g/></svg>', "A & B", "<x>")
    >>> svg.decode()
    '<?xml version="1.0"?><svg width="1" role="img" aria-labelledby="pt-figure-title \
pt-figure-desc"><title id="pt-figure-title">A &amp; B</title><desc id="pt-figure-desc">&lt;x&gt;\
</desc><g/></svg>'
    >>> label_svg(svg, "C", "D").count(b"<title")
    1
    """
    if not title.strip() or not desc.strip():
        raise ValueError("an SVG figure needs a title and a description of what it shows")
    data = _OURS.sub(b"", data, count=1)
    match = _SVG_OPEN.search(data)
    if match is None:
        raise ValueError("not an SVG document: no <svg> element")
    tag = match.group(0)
    if b"aria-labelledby=" not in tag:
        end = -2 if tag.endswith(b"/>") else -1
        tag = tag[:end] + f' role="img" aria-labelledby="{TITLE_ID} {DESC_ID}"'.encode() \
            + tag[end:]
    labels = (f'<title id="{TITLE_ID}">{_xml(title)}</title>'
              f'<desc id="{DESC_ID}">{_xml(desc)}</desc>').encode()
    return data[:match.start()] + tag + labels + data[match.end():]


def label_svg_file(path: str | Path, title: str, desc: str) -> Path:
    """Label an SVG file in place (atomically)."""
    from .atomic import write_atomically

    path = Path(path)
    data = label_svg(path.read_bytes(), title, desc)
    return write_atomically(path, lambda p: p.write_bytes(data))


def svg_title_desc(data: bytes) -> tuple[str, str]:
    """The title and description `label_svg` put into an SVG ('' where there are none).

    >>> svg_title_desc(label_svg(b"<svg><g/></svg>", "A &amp; B", "shows x"))
    ('A &amp; B', 'shows x')
    """
    found = []
    for name, ident in (("title", TITLE_ID), ("desc", DESC_ID)):
        match = re.search(rf'<{name} id="{ident}">(.*?)</{name}>'.encode(), data, re.S)
        found.append(html.unescape(match.group(1).decode("utf-8")) if match else "")
    return found[0], found[1]


# ------------------------------------------------------------------------------ descriptions

def figure_text(fig, lang: str = "en") -> tuple[str, str]:
    """A title and a description of a drawn matplotlib figure, from its own texts (the few
    words around them in `lang`).

    Call it after the figure was drawn (saved), when its tick labels exist.
    """
    axes = [ax for ax in fig.get_axes() if ax.get_visible()]
    titles = [t for ax in axes for t in (ax.get_title("left"), ax.get_title(), ax.get_title(
        "right")) if t.strip()]
    title = fig.get_suptitle().strip() or (titles[0] if titles else "")
    parts = []
    for number, ax in enumerate(axes, start=1):
        part = _axes_text(ax, lang)
        if part:
            parts.append(f"({number}) {part}" if len(axes) > 1 else part)
    parts += [t.get_text().strip() for t in fig.texts
              if t.get_visible() and t.get_text().strip()]
    desc = " ".join(p.rstrip(".") + "." for p in parts)
    return title.replace("\n", " — "), desc


def _axes_text(ax, lang: str) -> str:
    pieces = [t for t in (ax.get_title("left"), ax.get_title(), ax.get_title("right"))
              if t.strip()]
    for axis, label in (("x", ax.get_xlabel()), ("y", ax.get_ylabel())):
        if label.strip():
            pieces.append(f"{axis}: {label}")
    pairs = _category_values(ax)
    if pairs:
        pieces.append("; ".join(f"{name}: {value}" if value else name for name, value in pairs))
    legend = ax.get_legend()
    if legend is not None:
        entries = [t.get_text() for t in legend.get_texts() if t.get_text().strip()]
        if entries:
            pieces.append(message("figure.text.legend", lang) + ": " + ", ".join(entries))
    return " · ".join(" ".join(p.split()) for p in pieces)


def _category_values(ax) -> list[tuple[str, str]]:
    """Each category (a tick label) with the values annotated at its position, on whichever
    axis holds them; numeric ticks only where a value is written at them."""
    for ticks, labels, along in ((ax.get_yticks(), ax.get_yticklabels(), 1),
                                 (ax.get_xticks(), ax.get_xticklabels(), 0)):
        values: dict[float, list[str]] = {}
        for text in ax.texts:
            xy = getattr(text, "xy", None)
            if xy is not None and text.get_text().strip():
                values.setdefault(round(float(xy[along]), 6), []).append(text.get_text())
        pairs = [(label.get_text(), ", ".join(values.get(round(float(tick), 6), [])))
                 for tick, label in zip(ticks, labels, strict=False) if label.get_text().strip()]
        if any(value or not _is_plain_number(name) for name, value in pairs):
            return [(name, value) for name, value in pairs
                    if value or not _is_plain_number(name)]
    return []


def _is_plain_number(text: str) -> bool:
    return re.fullmatch(r"[−-]?\d+([.,]\d+)?%?", text.strip()) is not None


def layout_text(layout) -> str:
    """A description of a theory diagram: elements per kind, the columns, the links."""
    from .vocab import value_labels

    words = messages_under("figure.text", layout.lang)
    kind_names = value_labels("kind", layout.lang)
    graph = layout.graph
    boxes = {n for n, box in layout.nodes.items() if not box.cluster}
    kinds = Counter(data.get("kind", "") for node, data in graph.nodes(data=True)
                    if node in boxes)
    columns = [" ".join(h.lines) if h.lines else h.label for h in layout.headers]
    text = f"{words['diagram']}: {sum(kinds.values())} {words['elements']}"
    if kinds:
        text += f" ({words['kinds']}: " + ", ".join(
            f"{kind_names.get(kind, kind)} {n}" for kind, n in sorted(kinds.items()) if kind) + ")"
    if columns:
        text += f" {words['in_columns']} " + ", ".join(columns)
    return text + f"; {len(layout.edges)} {words['links']}."
