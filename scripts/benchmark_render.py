"""Benchmark: drawing theories, static and interactive.

Prints:
  1. a synthetic 1,000-node theory (about 1,100 links) in headless Chromium: the time from the
     start of navigation to the first complete drawing of our offline view (physics off,
     positions from the shared layout), measured in the page (performance.now() at vis's first
     'afterDrawing'); goal <= 1.5 s;
  2. the same graph with pyvis defaults (physics on, no positions): the time to the first
     drawing and to 'stabilized', capped at 30 s; goal: ours >= 10x faster;
  3. the static figure (layout + SVG, PNG at 300 dpi, PDF) of the full revised theory of the
     project (or, when the project's data does not load, a synthetic 60-node theory, and it
     says so); goal <= 2 s per format;
  4. drawing quality: edge crossings and edges drawn through a box that is not their end, for
     our layout and for plain `dot` on the same graph (same boxes, every link an ordinary edge),
     on the project's initial and revised theories (as the report's figures draw them, and
     with --all's extra elements) and a synthetic theory of --quality-nodes nodes; goal: ours
     no edge through a box, and fewer crossings than plain dot. December 2026, in that order:
     ours 140, 228, 61, 111 and 1330 against plain dot's 20, 37, 44, 66 and 828 (ours were
     185, 290, 68, 162 and 1487 before the order within the columns counted the links to the
     bands, see programtheory.core_order, and 150 and 229 before routes could go round the
     columns); no edge through a box in either. Also printed: at how many points lines cross
     (ours 86, 126, 58, 78, 1276; plain dot 20, 37, 44, 65, 805): a bundle's trunk that
     carries several links crosses a line at one point, counted once per link above.

    python scripts/benchmark_render.py [--nodes 1000] [--repeat 3] [--cap 30]
    python scripts/benchmark_render.py --quality-only [--quality-nodes 300]

Needs Graphviz (`dot`) and Chromium (/usr/bin/chromium, else its headless shell, or
PROGRAMTHEORY_CHROMIUM).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager, suppress
from pathlib import Path

from programtheory import build_graph, load_project
from programtheory.drawing_quality import layout_drawing, measure, plain_dot_drawing
from programtheory.interactive import interactive_html
from programtheory.layout import layout_graph
from programtheory.layout_plan import make_plan
from programtheory.render import render_theory, static_figure
from programtheory.selection import select_subgraph
from programtheory.synthetic import synthetic_project

REPO = Path(__file__).resolve().parents[1]
# the browser a reader has; its headless shell (what `make browser-deps` installs) without one
CHROMIUM = os.environ.get("PROGRAMTHEORY_CHROMIUM") or next(
    (path for path in ("/usr/bin/chromium", "/usr/lib/chromium/chromium-headless-shell")
     if Path(path).exists()), "/usr/bin/chromium")
LOCAL = ("file:", "data:", "about:", "blob:")

# The same first-drawing probe as in our page, for pyvis's own page; also notes 'stabilized'.
PROBE = """<script>
window.ptTiming = {start: performance.now()};
(function () {
  var P = vis.Network.prototype, emit = P.emit;
  P.emit = function (name) {
    var result = emit.apply(this, arguments);
    if (name === "afterDrawing" && !window.ptTiming.firstDraw) {
      window.ptTiming.firstDraw = performance.now();
    }
    if (name === "stabilizationIterationsDone" && !window.ptTiming.iterationsDone) {
      window.ptTiming.iterationsDone = performance.now();
    }
    if (name === "stabilized" && !window.ptTiming.stabilized) {
      window.ptTiming.stabilized = performance.now();
    }
    return result;
  };
})();
</script>
"""


def pyvis_default_page(graph) -> str:
    """The graph as pyvis draws it by default: physics on, no positions, in-line vis."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    for n, d in graph.nodes(data=True):
        net.add_node(n, label=d.get("label_nl") or n)
    for u, v in graph.edges:
        net.add_edge(u, v)
    page = net.generate_html()
    return page.replace("</head>", PROBE + "</head>", 1)


class Browser:
    """One headless Chromium; each page aborts and counts every request that is not local."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        if not Path(CHROMIUM).exists():
            sys.exit(f"benchmark_render: no Chromium at {CHROMIUM}: run `make browser-deps`, "
                     "or set PROGRAMTHEORY_CHROMIUM to the path of one (--quality-only needs "
                     "none)")
        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])

    def close(self) -> None:
        try:
            self._browser.close()
        finally:
            self._playwright.stop()

    @contextmanager
    def page(self):
        state = {"external": [], "console_errors": [], "page_errors": []}
        context = self._browser.new_context(viewport={"width": 1400, "height": 900})
        try:
            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(LOCAL)
                          else (state["external"].append(r.request.url), r.abort()))
            page = context.new_page()
            page.on("console", lambda m: state["console_errors"].append(m.text)
                    if m.type == "error" else None)
            page.on("pageerror", lambda e: state["page_errors"].append(str(e)))
            yield page, state
        finally:
            context.close()


def wait_for(page, expression: str, timeout: float, interval: float) -> None:
    """Poll a JS expression until it is truthy (the page's Content-Security-Policy forbids the
    string evaluation that page.wait_for_function needs)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(f"() => ({expression})"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {expression}")
        time.sleep(interval)


def time_page(browser: Browser, path: Path, until: str, cap: float) -> dict:
    with browser.page() as (page, state):
        page.goto(path.as_uri())
        started = time.monotonic()
        with suppress(TimeoutError):
            wait_for(page, f"window.ptTiming && window.ptTiming.{until}", timeout=cap,
                     interval=0.05)
        timing = page.evaluate("() => window.ptTiming")
        timing["wall"] = time.monotonic() - started
        timing["external_blocked"] = len(state["external"])
        timing["errors"] = state["console_errors"] + state["page_errors"]
        return timing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cap", type=float, default=30.0, help="seconds for pyvis defaults")
    parser.add_argument("--quality-nodes", type=int, default=300,
                        help="nodes of the synthetic theory in the drawing-quality comparison")
    parser.add_argument("--quality-only", action="store_true",
                        help="only the drawing-quality comparison (no browser needed)")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {platform.platform()}")
    if args.quality_only:
        drawing_quality(args.quality_nodes)
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="pt-bench-"))
    layout = bench_interactive(args, tmp)
    bench_static(args, tmp, layout)
    drawing_quality(args.quality_nodes)
    print(f"files in {tmp}")
    return 0


def quality_rows(nodes: int):
    """(name, graph, columns) of every drawing the quality comparison measures."""
    real = load_project(REPO)
    for version in ("initial", "revised"):
        if version not in real.versions:
            continue
        full = build_graph(real, version)
        columns = real.version(version).info.columns
        yield f"{version} (report's figure)", select_subgraph(full, figure_only=True), columns
        yield f"{version} (--all)", full, columns
    yield f"synthetic {nodes} nodes", build_graph(synthetic_project(nodes)), None


def drawing_quality(nodes: int) -> None:
    """Section 4: crossings and edges through boxes, ours vs plain dot; of ours, how many are
    between two of dot's own lines (the links between two column elements); at how many
    points lines cross (a trunk that carries several links crosses a line once); and, for
    reference, dot given the same columns as ours (every element in its column's rank, band
    elements in the column the layout gives them), free to order the rest."""
    print("drawing quality: crossings / edges through a box that is not their end")
    print(f"  {'graph':32} {'nodes':>5} {'links':>5}   {'ours':>15} {'(dot lines)':>11} "
          f"{'(points)':>8}   {'plain dot':>15} {'(points)':>8}   {'dot, same columns':>17}")
    total = {"ours": [0, 0], "dot": [0, 0]}
    below, below_columned = [], []
    for name, graph, columns in quality_rows(nodes):
        started = time.perf_counter()
        layout = layout_graph(graph, columns=columns)
        ours = measure(layout_drawing(layout))
        dot_lines = measure(layout_drawing(layout, dot_only=True)).crossings
        plain = measure(plain_dot_drawing(graph))
        plan = make_plan(graph, columns)
        columned = measure(plain_dot_drawing(graph, ranks={n: plan.rank[n] for n in graph
                                                           if n in plan.rank}))
        for key, q in (("ours", ours), ("dot", plain)):
            total[key][0] += q.crossings
            total[key][1] += q.through_boxes
        below.append(ours.crossings < plain.crossings and ours.through_boxes == 0)
        below_columned.append(ours.crossings < columned.crossings and ours.through_boxes == 0)
        print(f"  {name:32} {graph.number_of_nodes():5} {graph.number_of_edges():5}   "
              f"{ours.crossings:7} / {ours.through_boxes:5} {f'({dot_lines})':>11} "
              f"{f'({ours.crossing_points})':>8}   "
              f"{plain.crossings:7} / {plain.through_boxes:5} {f'({plain.crossing_points})':>8}   "
              f"{columned.crossings:9} / {columned.through_boxes:5}   "
              f"({time.perf_counter() - started:.1f} s)")
    ours_c, ours_b = total["ours"]
    dot_c, dot_b = total["dot"]
    print(f"  total crossings ours {ours_c} vs plain dot {dot_c}; below plain dot with no edge "
          f"through a box on {sum(below)} of {len(below)} graphs "
          f"({'OK' if all(below) else 'NOT YET'}); edges through boxes ours {ours_b} vs plain "
          f"dot {dot_b} ({'OK' if ours_b == 0 else 'OVER'}); below dot given the same columns "
          f"on {sum(below_columned)} of {len(below_columned)} graphs")


def bench_interactive(args: argparse.Namespace, tmp: Path):
    """Our view of a large synthetic theory against pyvis with its defaults."""
    project = synthetic_project(args.nodes)
    graph = build_graph(project)
    started = time.perf_counter()
    layout = layout_graph(graph)
    t_layout = time.perf_counter() - started
    started = time.perf_counter()
    ours = tmp / "ours.html"
    ours.write_text(interactive_html(layout, project=project), encoding="utf-8")
    t_html = time.perf_counter() - started
    print(f"synthetic theory: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} links")
    print(f"  layout (dot + composition)      {t_layout:7.3f} s")
    print(f"  interactive HTML written        {t_html:7.3f} s  "
          f"({ours.stat().st_size / 1e6:.1f} MB)")
    browser = Browser()
    try:
        ours_s = time_ours(browser, ours, args.repeat)
        time_pyvis_defaults(browser, graph, tmp, args.cap, ours_s)
    finally:
        browser.close()
    return layout


def time_ours(browser: Browser, ours: Path, repeat: int) -> float:
    draws = []
    for _ in range(repeat):
        timing = time_page(browser, ours, "firstDraw && window.ptTiming.ready", 60)
        draws.append(timing["firstDraw"] / 1000)
        if timing["external_blocked"] or timing["errors"]:
            print(f"  WARNING: {timing['external_blocked']} external requests, "
                  f"errors: {timing['errors'][:3]}")
    ours_s = statistics.median(draws)
    print(f"  our view: load -> first full draw {ours_s:7.3f} s  (median of {repeat}; "
          f"goal <= 1.5 s) {'OK' if ours_s <= 1.5 else 'OVER'}")
    return ours_s


def time_pyvis_defaults(browser: Browser, graph, tmp: Path, cap: float, ours_s: float) -> None:
    theirs = tmp / "pyvis-default.html"
    theirs.write_text(pyvis_default_page(graph), encoding="utf-8")
    timing = time_page(browser, theirs, "stabilized", cap)
    first = timing.get("firstDraw")
    stable = timing.get("stabilized")
    first_s = first / 1000 if first else None
    stable_s = stable / 1000 if stable else None
    shown_first = f"{first_s:7.3f} s" if first_s else f"> {cap:.0f} s (none)"
    shown_stable = f"{stable_s:7.3f} s" if stable_s else f"> {cap:.0f} s (cap)"
    print(f"  pyvis defaults (physics on): first draw {shown_first}, "
          f"stabilized {shown_stable}")
    reference = stable_s if stable_s else cap
    ratio = reference / ours_s
    print(f"  ours vs pyvis defaults until stable: {ratio:5.1f}x faster "
          f"(goal >= 10x) {'OK' if ratio >= 10 else 'UNDER'}")
    if first_s:
        print(f"  ours vs pyvis defaults to first draw: {first_s / ours_s:5.1f}x faster")


def bench_static(args: argparse.Namespace, tmp: Path, layout) -> None:
    """The static figure of the project's revised theory (or a synthetic one)."""
    try:
        real = load_project(REPO)
        version = "revised" if "revised" in real.versions else real.default_version_id()
        what = f"the project's '{version}' theory"
        proj = real
    except Exception as exc:  # the data is being edited: say so and use a synthetic theory
        print(f"  (project data does not load: {type(exc).__name__}; using a synthetic "
              "60-node theory instead)")
        proj, version = synthetic_project(60), None
        what = "a synthetic 60-node theory"
    g = build_graph(proj, version)
    print(f"static figure of {what}: {g.number_of_nodes()} nodes, {g.number_of_edges()} links")
    for fmt in ("svg", "png", "pdf"):
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            render_theory(proj, version=version, fmt=fmt, out=tmp / f"static.{fmt}")
            times.append(time.perf_counter() - started)
        best = statistics.median(times)
        print(f"  {fmt}: layout + render {best:7.3f} s  (median of {args.repeat}; goal <= 2 s) "
              f"{'OK' if best <= 2 else 'OVER'}")
    started = time.perf_counter()
    static_figure(layout, "svg")
    print(f"  (the {args.nodes}-node synthetic theory as SVG, layout reused: "
          f"{time.perf_counter() - started:.3f} s)")


if __name__ == "__main__":
    sys.exit(main())
