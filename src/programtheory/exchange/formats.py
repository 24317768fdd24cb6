"""Open exchange formats: GraphML and GEXF (yEd, Gephi), Mermaid (code-review pages), DOT (the
figure's own source), CSV (the two sheets as two files) and a versioned JSON schema; and the
import of GraphML and CSV back into a version.

Every export takes the filters of `render` (levels, kinds, conditions, focus/depth, paths).
GraphML and GEXF carry plain attributes only: a list or mapping is written as JSON text and
None as empty text, because the networkx writers refuse them and the tools cannot read them.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx

from ..atomic import write_atomically, write_text_atomically
from ..exceptions import UsageError
from ..graph import build_graph
from ..layout import layout_graph
from ..selection import Selection, select_subgraph
from ..style import KIND_COLORS, kind_fill, node_label_lines
from ..messages import message
from ..model import Project
from .cells import Cell, ExchangeError, SheetRow, cell_text
from .changes import Plan
from .rows import display_value, link_rows, node_rows, split
from .texts import header_fields, texts

FORMATS = ("graphml", "gexf", "mermaid", "dot", "csv", "json")
SUFFIX = {"graphml": "graphml", "gexf": "gexf", "mermaid": "mmd", "dot": "dot", "csv": "csv",
          "json": "json"}
JSON_SCHEMA = "programtheory-graph"
JSON_SCHEMA_VERSION = 1
MERMAID_MAX_EDGES = 500


def selected_graph(project: Project, version: str | None = None,
                   selection: Selection | None = None, **filters) -> nx.DiGraph:
    """The version's graph with the filters of `render` (a `Selection`, or its fields as
    keywords); refuses a selection that keeps nothing."""
    chosen = project.version(version)
    graph = build_graph(project, chosen)
    sub = select_subgraph(graph, Selection.of(selection, **filters))
    if graph.number_of_nodes() and not sub.number_of_nodes():
        raise UsageError(f"the filters keep no element of version '{chosen.id}'; loosen "
                         "--kind, --level or --condition")
    return sub


def export_graph(project: Project, fmt: str, *, version: str | None = None, out=None,
                 lang: str | None = None, positions: bool = True, **filters) -> Path:
    """Write the selection of a version in `fmt` (labels in `lang`, default the project's
    primary language); returns the path (for csv: the elements file; the links file lies
    beside it)."""
    lang = project.language(lang)
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}'; choose one of {', '.join(FORMATS)}")
    chosen = project.version(version)
    graph = selected_graph(project, chosen.id, **filters)
    path = Path(out) if out else (Path(project.root) / "build"
                                  / f"theory-{chosen.id}.{SUFFIX[fmt]}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        return write_csv(project, chosen, graph, path, lang)
    layout = None
    if fmt == "dot" or (positions and fmt in ("graphml", "gexf")):
        layout = layout_graph(graph, columns=chosen.info.columns, lang=lang)
    if fmt == "graphml":
        flat = flat_graph(graph, lang, layout)
        write_atomically(path, lambda temp: nx.write_graphml(flat, temp, named_key_ids=True))
    elif fmt == "gexf":
        flat = gexf_graph(graph, lang, layout)
        write_atomically(path, lambda temp: nx.write_gexf(flat, temp))
    else:
        text = {"mermaid": lambda: mermaid(graph, lang), "json": lambda: graph_json(graph),
                "dot": lambda: _figure_dot(layout)}[fmt]()
        write_text_atomically(path, text)
    return path


def _figure_dot(layout) -> str:
    from ..render import figure_dot
    return figure_dot(layout)


# ------------------------------------------------------------------ GraphML, GEXF

def flat(value):
    """A plain attribute value: lists and mappings as JSON text, None as empty text."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=isinstance(value, dict))
    return value


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def flat_graph(graph: nx.DiGraph, lang: str, layout=None) -> nx.DiGraph:
    """The graph with plain attributes, a `label` in `lang`, a colour and (with a layout) the
    figure's positions, as yEd and Gephi read them."""
    out = nx.DiGraph(**{k: flat(v) for k, v in graph.graph.items()})
    places = layout.positions() if layout else {}
    for n, data in graph.nodes(data=True):
        attrs = {k: flat(v) for k, v in data.items()}
        colour = kind_fill(data.get("kind") or "group")
        r, g, b = _rgb(colour)
        attrs.update(label=" ".join(node_label_lines(data, lang, width=10_000, max_lines=1)),
                     color=colour, r=r, g=g, b=b)
        if n in places:
            attrs["x"], attrs["y"] = (float(v) for v in places[n])
        out.add_node(n, **attrs)
    for u, v, data in graph.edges(data=True):
        out.add_edge(u, v, **{k: flat(x) for k, x in data.items()})
    return out


def gexf_graph(graph: nx.DiGraph, lang: str, layout=None) -> nx.DiGraph:
    out = flat_graph(graph, lang, layout)
    for _, data in out.nodes(data=True):
        viz = {"color": {"r": data.pop("r"), "g": data.pop("g"), "b": data.pop("b"),
                         "a": 1.0}}
        if "x" in data:
            viz["position"] = {"x": data.pop("x"), "y": -data.pop("y"), "z": 0.0}
        data["viz"] = viz
    return out


# ------------------------------------------------------------------ Mermaid

def _mermaid_text(text: str) -> str:
    """Text inside a quoted Mermaid label: quotes and markup signs as entity codes."""
    for sign, code in (("&", "#amp;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"),
                       ("|", "#124;"), ("`", "#96;"), ("\n", " ")):
        text = text.replace(sign, code)
    return text


def mermaid(graph: nx.DiGraph, lang: str | None = None) -> str:
    """A Mermaid flowchart with a title and description for screen readers, in `lang` (by
    default the language of the graph's project, `graph.build_graph`)."""
    lang = lang or graph.graph["language"]
    edges = graph.number_of_edges()
    if edges > MERMAID_MAX_EDGES:
        raise UsageError(f"{edges} links are too many for a readable Mermaid diagram (at most "
                         f"{MERMAID_MAX_EDGES}); choose a part with --focus ID --depth N, "
                         "--kind or --level")
    title = graph.graph.get("title_en" if lang == "en" else "title_nl") or ""
    names = {n: f"n{i}" for i, n in enumerate(graph.nodes)}
    describe = message("exchange.mermaid.description", lang,
                       nodes=graph.number_of_nodes(), links=edges)
    lines = ["flowchart LR", f"  accTitle: {_mermaid_text(title)}",
             f"  accDescr: {_mermaid_text(describe)}"]
    for n, data in graph.nodes(data=True):
        label = _mermaid_text(" ".join(node_label_lines(data, lang, width=40, max_lines=3)))
        lines.append(f'  {names[n]}["{label}"]:::k_{data.get("kind", "group")}')
    link_names = {k: v for k, v in _link_labels(lang).items()}
    for u, v, data in graph.edges(data=True):
        arrow = "-.->" if data.get("status") == "implied" else "-->"
        kind = _mermaid_text(link_names.get(data.get("kind"), data.get("kind", "")))
        lines.append(f'  {names[u]} {arrow}|"{kind}"| {names[v]}')
    for kind, colour in KIND_COLORS.items():
        lines.append(f"  classDef k_{kind} fill:{colour},stroke:#333333,color:#000000")
    return "\n".join(lines) + "\n"


def _link_labels(lang: str) -> dict[str, str]:
    from ..vocab import value_labels
    return value_labels("link_kind", lang)


# ------------------------------------------------------------------ JSON

def graph_json(graph: nx.DiGraph) -> str:
    """The selection in the documented schema (docs/exchange.md), version 1."""
    data = {"schema": JSON_SCHEMA, "schema_version": JSON_SCHEMA_VERSION,
            "theory": {k: graph.graph.get(k) for k in ("version", "title_nl", "title_en",
                                                       "based_on")},
            "filtered": bool(graph.graph.get("filtered")),
            "nodes": [{"id": n, **d} for n, d in graph.nodes(data=True)],
            "edges": [{"source": u, "target": v, **d} for u, v, d in graph.edges(data=True)]}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


# ------------------------------------------------------------------ CSV

def csv_paths(path: Path, lang: str) -> tuple[Path, Path]:
    sheets = texts(lang)["sheets"]
    stem = path.with_suffix("")
    return (stem.with_name(f"{stem.name}-{sheets['nodes']}.csv"),
            stem.with_name(f"{stem.name}-{sheets['links']}.csv"))


def write_csv(project: Project, version, graph: nx.DiGraph, path: Path, lang: str) -> Path:
    kept = set(graph.nodes)
    links_kept = {i for _, _, d in graph.edges(data=True) for i in d.get("links", [])}
    nodes_file, links_file = csv_paths(path, lang)
    for file, sheet, rows in (
            (nodes_file, "nodes", [r for r in node_rows(version) if r["id"] in kept]),
            (links_file, "links", [r for r in link_rows(version) if r["id"] in links_kept])):
        headings = texts(lang)["columns"][sheet]
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(list(headings.values()))
        for row in rows:
            writer.writerow([display_value(sheet, f, row[f], lang, project.vocabulary)
                             for f in headings])
        write_text_atomically(file, out.getvalue())
    return nodes_file


# ------------------------------------------------------------------ import

def plan_graph_import(project: Project, source: str, file, *, as_version: str | None = None,
                      based_on: str | None = None, into: str | None = None) -> Plan:
    """Read a GraphML file or the two CSV files into a new version (`as_version`, a copy of
    `based_on` or the newest version) or into an existing one. A graph file adds and changes
    elements and links; it does not remove what it leaves out (an export may be filtered)."""
    from .workbook_import import plan_rows
    if (into is None) == (as_version is None):
        raise ExchangeError(["say where the graph goes: --as NEW_VERSION or --into VERSION"])
    version = project.version(into or based_on)
    sheets = graphml_rows(file) if source == "graphml" else csv_rows(file)
    present = {s: {r.text("id") for r in rows} for s, rows in sheets.items()}
    _keep_end_order(sheets["links"], {k.id: k for k in version.links})
    base = {"nodes": {r["id"]: r for r in node_rows(version) if r["id"] in present["nodes"]},
            "links": {r["id"]: r for r in link_rows(version) if r["id"] in present["links"]},
            "evidence": {}}
    return plan_rows(Plan(Path(project.root)), project, version, sheets, base,
                     as_version=as_version, based_on=based_on or version.id)


def _keep_end_order(rows: list[SheetRow], links: dict) -> None:
    """A graph keeps no order among a link's several ends: the same ends keep the YAML's."""
    for row in rows:
        link = links.get(row.text("id"))
        for name, ends in (("from", link.sources if link else None),
                           ("to", link.targets if link else None)):
            cell = row.cells.get(name)
            if ends and cell and set(split(cell.text)) == set(ends):
                cell.text = ", ".join(ends)


def _row(sheet: str, name: str, number: int, values: dict[str, str]) -> SheetRow:
    return SheetRow(sheet, name, number, {f: Cell(cell_text(v), f, f)
                                          for f, v in values.items()})


def graphml_rows(file) -> dict[str, list[SheetRow]]:
    try:
        graph = nx.read_graphml(file)
    except (OSError, nx.NetworkXError, ValueError, KeyError) as exc:
        raise ExchangeError([f"{file}: not a readable GraphML file ({exc})"]) from None
    name = Path(file).name
    nodes, ends = [], {}
    for i, (n, d) in enumerate(graph.nodes(data=True), start=1):
        if str(d.get("is_group", "")).lower() in ("true", "1"):
            continue
        values = {"id": n, "kind": d.get("kind", ""), "label_nl": d.get("label_nl", ""),
                  "label_en": d.get("label_en", ""), "levels": _joined(d.get("levels")),
                  "term": d.get("term", ""), "condition": d.get("condition", ""),
                  "polarity": d.get("polarity", ""), "group": _joined(d.get("groups"))}
        nodes.append(_row("nodes", f"{name} (node {n})", i, values))
    first: dict[str, dict] = {}
    for u, v, d in graph.edges(data=True):
        for link_id in json.loads(d.get("links") or "[]") or [d.get("id")]:
            pair = ends.setdefault(link_id, ([], []))
            pair[0].append(u) if u not in pair[0] else None
            pair[1].append(v) if v not in pair[1] else None
            if d.get("id") == link_id:
                first[link_id] = d
    links = [_row("links", f"{name} (link {k})", i, {
        "id": k, "from": ", ".join(ends[k][0]), "to": ", ".join(ends[k][1]),
        "kind": first.get(k, {}).get("kind", ""), "status": first.get(k, {}).get("status", ""),
        "sentence": first.get(k, {}).get("sentence", "")})
        for i, k in enumerate(ends, start=1) if k in first]
    return {"nodes": nodes, "links": links}


def _joined(value) -> str:
    if not value:
        return ""
    try:
        return ", ".join(json.loads(value))
    except (TypeError, ValueError):
        return str(value)


def csv_rows(file) -> dict[str, list[SheetRow]]:
    """The elements file and the links file beside it (either may be named)."""
    file = Path(file)
    names = {lang: texts(lang)["sheets"] for lang in ("nl", "en")}
    for sheets in names.values():
        for key in ("nodes", "links"):
            suffix = f"-{sheets[key]}.csv"
            if file.name.endswith(suffix):
                stem = file.name[:-len(suffix)]
                pair = {k: file.with_name(f"{stem}-{sheets[k]}.csv") for k in ("nodes", "links")}
                return {k: _csv_sheet(p, k) for k, p in pair.items()}
    raise ExchangeError([f"{file.name}: name the elements or links file written by 'export "
                         "--format csv' (…-Elementen.csv or …-Verbanden.csv)"])


def _csv_sheet(path: Path, sheet: str) -> list[SheetRow]:
    if not path.is_file():
        raise ExchangeError([f"{path}: missing; the csv import reads both files"])
    headings = header_fields(sheet)
    with open(path, newline="", encoding="utf-8-sig") as handle:
        table = list(csv.reader(handle))
    columns = {c: headings.get(h.strip().lower()) for c, h in enumerate(table[0] if table
                                                                        else [])}
    from openpyxl.utils import get_column_letter
    out = []
    for r, values in enumerate(table[1:], start=2):
        cells = {f: Cell(values[c].strip() if c < len(values) else "", get_column_letter(c + 1),
                         table[0][c]) for c, f in columns.items() if f}
        if any(cell.text for cell in cells.values()):
            out.append(SheetRow(sheet, path.name, r, cells))
    return out
