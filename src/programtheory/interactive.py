"""One offline HTML file to explore a theory: the shared layout drawn with vis-network (through
pyvis 0.3.2), a side panel with the evidence of whatever is clicked, search, filters, legend.

Safe and offline by construction:

* pyvis writes the page with ``cdn_resources='in_line'`` and ``generate_html()`` (never
  ``write_html``, which drops a ``lib/`` folder in the current directory); Bootstrap's CDN links
  are removed, and the page must then have no ``src``/``href`` to any http(s) address (checked,
  `OfflineError` otherwise). A Content-Security-Policy (``default-src 'none'``) forbids the
  page any request at all.
* No data goes into pyvis ``title`` tooltips (pyvis switches to ``innerHTML`` when a title holds
  'href'). Node labels reach vis-network through pyvis's ``tojson`` (HTML-safe JSON) and are
  painted on a canvas, which does not parse markup.
* Everything the panel shows comes from one JSON blob in ``<script type="application/json">``,
  with ``<``, ``>`` and ``&`` written as ``\\u003c``… so that no ``</script>`` can end it, read
  with ``JSON.parse``; the panel puts every text in place with ``textContent``
  (assets/interactive.js has no ``innerHTML``).

Nodes are pinned at the layout's positions with physics off, so the browser draws at once and
shows the same picture as the static figure. Use `iframe_html` to show the page in a notebook:
each view gets its own document, so two views on one page do not clash over ``#mynetwork``.
"""

from __future__ import annotations

import html as _html
import json
import re
from importlib import resources
from pathlib import Path

import networkx as nx

from .citations import cite_each, project_places, project_sections, readable_lines
from .evidence_values import readable_values
from .exceptions import UsageError
from .geometry import Layout
from .layout import layout_graph
from .legend import legend_rows, legend_swatch_svg
from .messages import message
from .readable_ids import id_names, name_ids
from .style import (KIND_COLORS, KIND_LABELS, edge_look, node_look, vis_edge_style, vis_marks,
                    vis_node_style)
from .textsafe import export_text, export_tree
from .vocab import value_labels

__all__ = ["OfflineError", "iframe_html", "image_html", "interactive_html"]


class OfflineError(RuntimeError):
    """The generated page would load something from the network."""


_UI = {
    "nl": {
        "search": "Zoeken…", "filters": "Filters", "fit": "Passend", "reset": "Alles tonen",
        "kind": "Soort", "level": "Niveau", "term": "Termijn", "condition": "Voorwaarde",
        "polarity": "Richting", "id": "Id", "report": "Rapport", "literature": "Literatuur",
        "figure": "Figuur", "notInFigure": "niet getekend in de figuur van het rapport",
        "members": "Leden van de groep", "evidence": "Bewijs", "noEvidence": "Geen bewijs.",
        "links": "Verbanden", "link": "Verband", "status": "Status", "effect": "Effect",
        "relation": "Relatie", "sentence": "Zin in het rapport", "role": "Rol",
        "results": "Zoekresultaten", "nodes": "Elementen", "linksCount": "Verbanden",
        "shown": "Getoond", "onlyEvidence": "alleen met bewijs", "legend": "Legende",
        "help": "Klik op een vak of een pijl om het bewijs te lezen. Zoek met het zoekvak; "
                "filter met 'Filters'. Scroll om te zoomen, sleep om te verschuiven.",
    },
    "en": {
        "search": "Search…", "filters": "Filters", "fit": "Fit", "reset": "Show all",
        "kind": "Kind", "level": "Level", "term": "Term", "condition": "Condition",
        "polarity": "Polarity", "id": "Id", "report": "Report", "literature": "Literature",
        "figure": "Figure", "notInFigure": "not drawn in the report's figure",
        "members": "Members of the group", "evidence": "Evidence",
        "noEvidence": "No evidence.", "links": "Links", "link": "Link", "status": "Status",
        "effect": "Effect", "relation": "Relation", "sentence": "Sentence in the report",
        "role": "Role", "results": "Search results", "nodes": "Elements",
        "linksCount": "Links", "shown": "Shown", "onlyEvidence": "only with evidence",
        "legend": "Legend",
        "help": "Click a box or an arrow to read its evidence. Search with the search box; "
                "filter with 'Filters'. Scroll to zoom, drag to pan.",
    },
}



def _with_vocabulary(ui: dict[str, dict]) -> dict[str, dict]:
    """The interface texts plus the names of the vocabulary's values (from vocab.py)."""
    for lang, texts in ui.items():
        texts.update({
            "stance": value_labels("stance", lang), "evkind": value_labels("evidence_kind", lang),
            "conditions": {**value_labels("condition", lang),
                           "none": "geen voorwaarde" if lang == "nl" else "no condition"},
            "levels": value_labels("level", lang), "terms": value_labels("term", lang),
            "polarities": value_labels("polarity", lang),
            "statuses": value_labels("status", lang), "effects": value_labels("effect", lang),
        })
    return ui


_UI = _with_vocabulary(_UI)

# keyboard use, the text version, notes and a group's member evidence (message catalogue)
_ACCESS_KEYS = ("note", "memberEvidence", "ofMember", "noOwnEvidence", "elementsNav", "keyHelp",
                "textVersion", "diagram")
_ACCESS_TEXTS = {lang: {key: message(f"interactive.access.{key}", lang) for key in _ACCESS_KEYS}
                 for lang in ("nl", "en")}
for _lang, _texts in _ACCESS_TEXTS.items():
    _UI[_lang].update(_texts, unknownEvidence=message("evidence.unknown", _lang))

FONT_FACE = "DejaVu Sans, Verdana, Arial, sans-serif"


def _asset(name: str) -> str:
    return resources.files("programtheory").joinpath("assets", name).read_text("utf-8")


def _script_json(data) -> str:
    """JSON that is safe inside a <script> element: no '<', '>' or '&' appears literally, and
    no control, bidirectional or hiding zero-width character from the data (`export_text`)."""
    text = json.dumps(export_tree(data), ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _vis_node(n: str, box, data: dict, lang: str) -> dict:
    """vis-network options of a node: the look of `programtheory.style`, at the layout's
    position."""
    label = "\n".join(box.lines)  # ⊖ / ± already in front of undesired / mixed elements
    look = node_look(data)
    opts = vis_node_style(look, box)
    if box.cluster:  # a group drawn as a frame: its label, at the top of the frame
        opts.update(margin=2, font={"face": FONT_FACE, "size": 10, "color": "#111111",
                                    "bold": {"color": "#111111"}})
        opts["color"] = {"background": "rgba(255,255,255,0.92)", "border": "#444444",
                         "highlight": {"background": "#ffffff", "border": "#000000"},
                         "hover": {"background": "#ffffff", "border": "#000000"}}
        opts["widthConstraint"] = {"minimum": round(box.width, 1)}
        opts["heightConstraint"] = {"minimum": round(box.height, 1)}
        opts["shapeProperties"] = {"borderDashes": False, "borderRadius": 5}
    return {"label": label, **opts}


def _vis_edge(i: int, data: dict, routed: bool) -> dict:
    """vis-network options of a link: the look of `programtheory.style`."""
    return {"id": f"e{i}", **vis_edge_style(edge_look(data)),
            "smooth": {"enabled": True, "type": "cubicBezier",
                       "forceDirection": "vertical" if routed else "horizontal",
                       "roundness": 0.45}}


def _label_pair(d: dict, lang: str, original: str) -> tuple[str, str]:
    """(label in `lang`, and on a page in another language than the project's `original`
    one, the original wording as a gloss: a translation adds nothing for a reader of the
    original, so a page in the original language shows one language)."""
    nl, en = d.get("label_nl") or "", d.get("label_en") or ""
    label, translated = (en or nl, bool(en)) if lang == "en" else (nl or en, bool(nl))
    own = d.get(f"label_{original}") or ""
    return label, (own if lang != original and translated and own != label else "")


def _drawn_version(project, graph: nx.DiGraph):
    """The project's version the graph was made from, or None."""
    if project is None or not graph.graph.get("version"):
        return None
    try:
        return project.version(graph.graph["version"])
    except UsageError:  # a graph of a version the project does not hold
        return None


def _notes(project, graph: nx.DiGraph) -> dict[str, str]:
    """The `note` of every element of the drawn version (groups carry theirs as description)."""
    version = _drawn_version(project, graph)
    return {n.id: n.note for n in version.nodes if n.note} if version is not None else {}


def _name_ids_in_texts(nodes: dict[str, dict], evidence: dict[str, dict], project,
                       graph: nx.DiGraph, lang: str) -> None:
    """Notes and descriptions that name other elements by id name them by label instead."""
    version = _drawn_version(project, graph)
    if version is None:
        return
    names = {}  # the drawn version's names win; notes also name elements of other versions
    for other in [*project.versions.values(), version]:
        names.update(id_names(other, project.evidence, lang))
    for entry in nodes.values():
        entry["note"] = name_ids(entry["note"], names)
        entry["description"] = name_ids(entry["description"], names)
    for entry in evidence.values():
        entry["role"] = name_ids(entry["role"] or "", names)


def _node_entry(n: str, d: dict, ui: dict, li: int, cites: dict, note: str,
                members: list[str], original: str) -> dict:
    label, gloss = _label_pair(d, "en" if li else "nl", original)
    return {
        "id": n, "label": label, "gloss": gloss, "kind": d.get("kind", "group"),
        "kind_label": KIND_LABELS.get(d.get("kind", "group"), (d.get("kind"),) * 2)[li],
        "levels": [ui["levels"].get(lv, lv) for lv in d.get("levels") or []],
        "level_keys": list(d.get("levels") or []),
        "term": ui["terms"].get(d.get("term") or "", ""),
        "condition": ui["conditions"].get(d.get("condition") or "", "")
        + (" *" if d.get("condition_inherited") else ""),
        "condition_key": d.get("condition") or "none",
        "polarity": ui["polarities"].get(d.get("polarity") or "", ""),
        "description": d.get("description") or "", "note": note,
        "citations": [cites.get(c, c) for c in d.get("citations") or []],
        "report": list(d.get("report") or []), "report_lines": list(d.get("report_lines") or []),
        "evidence": list(d.get("evidence") or []),
        "stances": d.get("stances") or {}, "in_figure": bool(d.get("in_figure", True)),
        "members": members, "member_evidence": [],
    }


def _member_evidence(nodes: dict[str, dict]) -> None:
    """A group lists its members' evidence as [member id, evidence id] pairs (its own evidence
    stays apart), so the panel can show it, marked as the members'."""
    for entry in nodes.values():
        own = set(entry["evidence"])
        seen = set()
        for m in entry["members"]:
            for ev in nodes[m]["evidence"]:
                if ev not in own and (m, ev) not in seen:
                    seen.add((m, ev))
                    entry["member_evidence"].append([m, ev])


def _edge_entries(graph: nx.DiGraph, ui: dict, lang: str, cites: dict) -> dict[str, dict]:
    edges = {}
    link_names = value_labels("link_kind", lang)
    for i, (u, v, d) in enumerate(graph.edges(data=True)):
        kind = d.get("kind", "")
        edges[f"e{i}"] = {
            "id": ", ".join(d.get("links") or [d.get("id", "")]), "from": u, "to": v,
            "kind": kind,
            "kind_label": link_names.get(kind, kind),
            "status_label": ui["statuses"].get(d.get("status") or "", d.get("status") or ""),
            "effect": ui["effects"].get(d.get("effect") or "", ""),
            "relation": d.get("relation") or "",
            "relation_label": _relation_label(d.get("relation") or "", kind, link_names),
            "sentence": d.get("sentence") or "",
            "report": list(d.get("report") or []),
            "report_lines": list(d.get("report_lines") or []),
            "citations": [cites.get(c, c) for c in d.get("citations") or []],
            "evidence": list(d.get("evidence") or []), "stances": d.get("stances") or {},
        }
    return edges


def _relation_label(relation: str, kind: str, link_names: dict[str, str]) -> str:
    """The reader's name of a link's finer relation when the vocabulary names it and it says
    more than the link's kind; the data's own word for it (a key such as 'explains_share_of')
    never reaches the panel."""
    return link_names[relation] if relation in link_names and relation != kind else ""


def _evidence_entries(project, used: set[str], cites: dict,
                      lang: str) -> dict[str, dict]:
    evidence = {e.id: e for e in project.evidence} if project is not None else {}
    sections = project_sections(project)
    out = {}
    for eid in sorted(used):
        e = evidence.get(eid)
        if e is None:
            continue
        out[eid] = {"id": e.id, "kind": e.kind.value, "text": e.text, "role": e.role,
                    "work_package": e.work_package.value if e.work_package else "",
                    "n": e.n, "values": {k: v for k, v in e.values.items()},
                    "figures": [list(row) for row in readable_values(e.values, e.n, lang)],
                    "citation": cites.get(e.citation, e.citation) if e.citation else "",
                    "report": cite_each(e.report, sections),
                    "report_lines": [str(r) for r in e.report],
                    "stance": e.stance.value}
    return out


def reading_order(layout: Layout) -> list[str]:
    """The elements in the order a reader (and the Tab key) goes through them: column by
    column, top to bottom; the bands above the columns first and those below last."""
    header_y = min((h.y for h in layout.headers), default=0.0)

    def key(n: str):
        box = layout.nodes[n]
        band = 0 if box.region == "core" else (-1 if box.y < header_y else 1)
        return (band, box.rank if band == 0 else box.y, box.y if band == 0 else box.x)

    return sorted(layout.nodes, key=key)


def _panel_data(layout: Layout, project, lang: str, title: str, note: str) -> dict:
    graph = layout.graph
    ui = _UI[lang]
    li = 1 if lang == "en" else 0
    cites = {}
    if project is not None:  # the project's own levels and terms, in its wording
        ui = {**ui, "levels": project.vocabulary.labels("level", lang),
              "terms": project.vocabulary.labels("term", lang)}
        cites = {s.key: s.cite for s in project.sources.literature}
    notes = _notes(project, graph)
    nodes = {n: _node_entry(n, graph.nodes[n], ui, li, cites, notes.get(n, ""),
                            [m for m in graph.nodes[n].get("members") or []
                             if m in layout.nodes], graph.graph.get("language", "nl"))
             for n in layout.nodes}
    shown = graph.graph.get("text_language", lang) == lang  # the prose: in this language?
    places = project_places(project) if shown else None  # (a walk of the whole project)
    for entry in nodes.values():
        entry["description"] = readable_lines(entry["description"], places) if shown else ""
        entry["note"] = readable_lines(entry["note"], places) if shown else ""
    _member_evidence(nodes)
    edges = _edge_entries(graph, ui, lang, cites)
    used = {ev for entry in [*nodes.values(), *edges.values()] for ev in entry["evidence"]}
    ev_out = _evidence_entries(project, used, cites, lang)
    _name_ids_in_texts(nodes, ev_out, project, graph, lang)
    kinds = []
    for n in nodes.values():
        if n["kind"] not in kinds:
            kinds.append(n["kind"])
    order = list(KIND_COLORS)
    kinds.sort(key=lambda k: order.index(k) if k in order else 99)
    levels = [lv for lv in ui["levels"] if any(lv in n["level_keys"] for n in nodes.values())]
    conditions = [c for c in ("necessary", "facilitating", "none")
                  if any(n["condition_key"] == c for n in nodes.values())]
    ui_out = dict(ui)
    ui_out["kinds"] = {k: KIND_LABELS.get(k, (k, k))[li] for k in kinds}
    return {
        "lang": lang, "title": title, "note": note, "ui": ui_out, "nodes": nodes,
        "edges": edges, "evidence": ev_out, "order": reading_order(layout),
        "frames": [{"id": f.id, "kind": f.kind, "label": f.label, "x0": f.x0, "y0": f.y0,
                    "x1": f.x1, "y1": f.y1} for f in layout.frames],
        "headers": [{"label": h.label, "lines": list(h.lines), "x": h.x, "y": h.y}
                    for h in layout.headers],
        "facets": {"kinds": kinds, "levels": levels, "conditions": conditions},
        "counts": {"nodes": len(nodes), "edges": len(edges), "evidence": len(ev_out)},
        "bounds": [0, 0, layout.width, layout.height],
    }


def _legend_markup(rows) -> str:
    """The legend rows as HTML: each entry's swatch drawn like the figure, and its text."""
    t = _html.escape
    out = []
    for title, items in rows:
        entries = "".join(f"<span>{legend_swatch_svg(item)}{t(item.label)}</span>"
                          for item in items)
        out.append(f'<div class="pt-row"><strong>{t(title)}:</strong> {entries}</div>')
    return "\n  ".join(out)


def _confidence_rows(lang: str) -> list:
    """The confidence channel's legend row: widths mean confidence, not evidence."""
    from .confidence_texts import text
    from .legend import LegendItem
    from .style import EdgeLook, NodeLook
    return [(text(lang, "grade").capitalize(), [
        LegendItem(text(lang, "legend_confidence_border"),
                   NodeLook(kind="legend", fill="#ffffff", width=3.0)),
        LegendItem(text(lang, "legend_confidence_line"), edge=EdgeLook(width=3.4))])]


def _markup(ui: dict, lang: str, title: str, legend: str) -> str:
    """The page's own controls. Static text only; data is filled in by the script."""
    t = _html.escape
    return f"""
<div id="pt-bar" role="toolbar">
  <span id="pt-title">{t(title)}</span>
  <label class="pt-visually-hidden" for="pt-search">{t(ui['search'])}</label>
  <input id="pt-search" type="search" placeholder="{t(ui['search'])}" autocomplete="off">
  <details id="pt-filters"><summary>{t(ui['filters'])}</summary><div>
    <form id="pt-filter-form">
      <fieldset id="pt-f-kind"><legend>{t(ui['kind'])}</legend></fieldset>
      <fieldset id="pt-f-level"><legend>{t(ui['level'])}</legend></fieldset>
      <fieldset id="pt-f-condition"><legend>{t(ui['condition'])}</legend></fieldset>
      <label><input type="checkbox" id="pt-f-evidence" name="evidence">
        {t(ui['onlyEvidence'])}</label>
      <p><button type="button" id="pt-f-reset">{t(ui['reset'])}</button>
        <span id="pt-filter-count"></span></p>
    </form></div></details>
  <button type="button" id="pt-fit">{t(ui['fit'])}</button>
</div>
<nav id="pt-keys" aria-label="{t(ui['elementsNav'])}"><ul id="pt-keys-list"></ul></nav>
<aside id="pt-side" aria-label="{t(ui['legend'])}, {t(ui['evidence']).lower()}">
<div id="pt-panel" aria-live="polite"></div>
<details id="pt-legend" open><summary>{t(ui['legend'])}</summary>
  {legend}
</details>
<details id="pt-text"><summary>{t(ui['textVersion'])}</summary>
  <div id="pt-text-body"></div></details>
</aside>
"""


_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
        "img-src data:; font-src data:; connect-src 'none'; form-action 'none'; "
        "base-uri 'none'")


def interactive_html(source, *, project=None, lang: str | None = None, title: str | None = None,
                     columns=None, note: str = "") -> str:
    """The interactive view as one self-contained HTML page (a str; write it as UTF-8).

    `source` is a `Layout` (its positions are used as they are) or a theory graph (laid out
    first, with `columns` and `lang`). `project` supplies the evidence texts, roles, statistics
    and literature for the panel; without it the panel shows evidence ids and counts only.
    """
    from pyvis.network import Network

    if isinstance(source, Layout):
        layout = source
    elif isinstance(source, nx.DiGraph):
        layout = layout_graph(source, columns=columns, lang=lang or "nl")
    else:
        raise TypeError("interactive_html() takes a Layout or a networkx DiGraph")
    lang = layout.lang
    ui = _UI[lang]
    graph = layout.graph
    rows = legend_rows(graph, lang, [n for n, b in layout.nodes.items() if not b.cluster],
                       badge=True)
    if graph.graph.get("confidence"):  # widths show confidence
        rows += _confidence_rows(lang)
    if title is None:
        name = graph.graph.get("title_en" if lang == "en" else "title_nl") or ""
        base = "Program theory" if lang == "en" else "Programmatheorie"
        title = f"{base}: {name}" if name else base
    title = export_text(title)
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line",
                  heading="")
    for n, box in layout.nodes.items():
        opts = _vis_node(n, box, graph.nodes[n], lang)
        label = export_text(opts.pop("label"))
        net.add_node(n, label=label or " ", **opts)
    routed = {(e.source, e.target) for e in layout.edges if e.routed}
    for i, (u, v, d) in enumerate(graph.edges(data=True)):
        if u in layout.nodes and v in layout.nodes:
            net.add_edge(u, v, **_vis_edge(i, d, (u, v) in routed))
    big = len(layout.nodes) > 300
    net.options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "interaction": {"hover": not big, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big,
                        "tooltipDelay": 400, "multiselect": False, "dragNodes": False,
                        "navigationButtons": False,
                        "keyboard": {"enabled": True, "bindToWindow": False}},
        "edges": {"smooth": {"enabled": True, "type": "cubicBezier"}},
        "nodes": {"shape": "box", "labelHighlightBold": False},
    }
    page = net.generate_html()
    data = _panel_data(layout, project, lang, title, note)
    data["colors"] = dict(KIND_COLORS)
    data["marks"] = {n: vis_marks(node_look(graph.nodes[n])) for n, box in layout.nodes.items()
                     if not box.cluster}
    return _finish(page, data, ui, lang, title, _legend_markup(rows))


def _finish(page: str, data: dict, ui: dict, lang: str, title: str, legend: str) -> str:
    # pyvis links Bootstrap from jsdelivr even with in_line: remove it, and its empty heading
    page = re.sub(r"<link\b[^>]*bootstrap[^>]*>", "", page, flags=re.I)
    page = re.sub(r"<script\b[^>]*bootstrap[^>]*>\s*</script>", "", page, flags=re.I)
    page = re.sub(r"<center>\s*<h1>\s*</h1>\s*</center>", "", page)
    page = page.replace("<html>", f'<!DOCTYPE html>\n<html lang="{lang}">', 1)
    head = (f'<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, '
            f'initial-scale=1">\n<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
            f'<meta name="referrer" content="no-referrer">\n'
            f'<title>{_html.escape(title)}</title>\n'
            '<script>window.ptTiming = {start: performance.now()};</script>')
    page = page.replace('<meta charset="utf-8">', head, 1)
    page = page.replace("</head>", f"<style>\n{_asset('interactive.css')}\n</style>\n"
                        f"<script>\n{_asset('early.js')}\n</script>\n</head>", 1)
    # the data first, so that the first drawing (during pyvis's script) can draw the frames
    body = page.index("<body>") + len("<body>")
    page = (page[:body] + '\n<script type="application/json" id="pt-data">'
            + _script_json(data) + "</script>\n" + page[body:])
    tail = (_markup(ui, lang, title, legend)
            + f"<script>\n{_asset('interactive.js')}\n</script>\n</body>")
    idx = page.rfind("</body>")
    page = page[:idx] + tail + page[idx + len("</body>"):]
    check_offline(page)
    return page


_REMOTE = re.compile(r"""<(?:script|link|img|iframe|source|embed|object|audio|video)\b"""
                     r"""[^>]*?\b(?:src|href|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


def check_offline(page: str) -> None:
    """Raise `OfflineError` when an element of the page would load from the network."""
    found = _REMOTE.search(page)
    if found:
        raise OfflineError("the page would load a remote resource: " + found.group(0)[:120])
    if re.search(r"@import\s+url\(\s*['\"]?https?:", page, re.I):
        raise OfflineError("the page imports a remote stylesheet")


_MIME = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
         ".jpeg": "image/jpeg"}


_ZOOM_CSS = (
    "<style>.pt-zoom-close{display:none}"
    ".pt-zoom:target{position:fixed;top:0;left:0;right:0;bottom:0;z-index:10000;"
    "margin:0!important;padding:2.6em 1em 1em;box-sizing:border-box;overflow:auto;"
    "background:#fff}"
    ".pt-zoom:target img{max-width:none!important;width:auto;height:auto}"
    ".pt-zoom:target .pt-zoom-close{display:block;position:fixed;top:0.5em;right:1.2em;"
    "background:#fff;color:#111;border:1px solid #333;border-radius:3px;padding:0.2em 0.7em;"
    "text-decoration:underline}"
    ".pt-zoom-open{display:inline-block;cursor:zoom-in}</style>")


def image_html(path: str | Path, alt: str = "", caption: str = "",
               max_width: str = "100%", lang: str = "en") -> str:
    """An <img> with the file inlined as a data: URI, for a notebook page that must work
    offline. Each figure stays self-contained (ids inside one SVG cannot clash with another's).
    `alt` and `caption` are escaped here, once. `alt` says what the image shows; for an SVG
    it defaults to the SVG's own title, and the SVG's description follows the image as a
    text alternative (`accessible.label_svg`).

    A click (or Enter) on the image opens it at full size over the page, and 'close' (in the
    page's `lang`) or the browser's Back closes it: plain links and CSS ``:target``, no script,
    no network.
    """
    import base64
    import hashlib

    from .accessible import svg_title_desc

    path = Path(path)
    mime = _MIME.get(path.suffix.lower())
    if mime is None:
        raise ValueError(f"{path.name}: only {', '.join(_MIME)} can be shown inline")
    raw = path.read_bytes()
    title, desc = svg_title_desc(raw) if mime == "image/svg+xml" else ("", "")
    alt = alt.strip() or title
    if not alt:
        raise ValueError(f"{path.name}: an image needs alt text that says what it shows")
    data = base64.b64encode(raw).decode("ascii")
    anchor = "pt-fig-" + hashlib.sha256(raw + alt.encode("utf-8")).hexdigest()[:12]
    figure = (f'{_ZOOM_CSS}<span id="{anchor}-at"></span>'
              f'<figure class="pt-zoom" id="{anchor}" style="margin:0.5em 0">'
              f'<a class="pt-zoom-open" href="#{anchor}" '
              f'title="{_html.escape(message("figure.zoom.open", lang), quote=True)}">'
              f'<img src="data:{mime};base64,{data}" alt="{_html.escape(alt, quote=True)}" '
              f'style="max-width:{_html.escape(max_width)};height:auto"></a>'
              f'<a class="pt-zoom-close" href="#{anchor}-at">'
              f'{_html.escape(message("figure.zoom.close", lang))}</a>')
    if caption:
        figure += f"<figcaption>{_html.escape(caption)}</figcaption>"
    if desc:
        figure += ('<details class="pt-figure-desc"><summary>'
                   f'{_html.escape(message("figure.zoom.description", lang))}'
                   f"</summary><p>{_html.escape(desc)}</p></details>")
    return figure + "</figure>"


def iframe_html(html: str, height: int | str = 640, title: str = "Programmatheorie") -> str:
    """An ``<iframe srcdoc=…>`` holding the page, for a notebook cell (e.g. through
    ``IPython.display.HTML``). The page is HTML-escaped once into the attribute; the frame is
    sandboxed to scripts only (no same-origin access, no top navigation).

    >>> iframe_html('<p title="a&b">x</p>', height=100)[:63]
    '<iframe srcdoc="&lt;p title=&quot;a&amp;b&quot;&gt;x&lt;/p&gt;"'
    """
    if isinstance(height, (int, float)) and not isinstance(height, bool):
        size = f"{max(50, int(height))}px"
    elif isinstance(height, str) and re.fullmatch(r"\d+(\.\d+)?(px|vh|em|rem|%)", height):
        size = height
    else:
        raise ValueError(f"height must be a number of pixels or a CSS length, got {height!r}")
    return (f'<iframe srcdoc="{_html.escape(html, quote=True)}" '
            f'title="{_html.escape(title, quote=True)}" sandbox="allow-scripts" '
            f'style="width:100%;height:{size};border:1px solid #ddd" loading="lazy"></iframe>')
