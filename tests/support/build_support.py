"""Helpers for tests/test_build.py: copying projects, reading built pages, and a headless
Chromium that blocks and counts every request that does not stay on the machine.

Not a conftest: `from build_support import ...` (tests/support/ is on sys.path through the
`pythonpath` setting in pyproject.toml).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from browser_support import LOCAL_SCHEMES
from project_support import REPO

FIXTURES = REPO / "tests" / "fixtures" / "report_build"
FIXTURE_PROJECT = FIXTURES / "project"
FIXTURE_NOTEBOOKS = FIXTURES / "notebooks"

QUIET_MS = 150  # after 'load', for late errors of a page without lazy frames


def copy_project(target: Path, notebooks: Path | None = None,
                 source: Path = FIXTURE_PROJECT) -> Path:
    """A copy of a project folder at `target`, with `notebooks` copied in as notebooks/."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("build", "__pycache__"))
    if notebooks is not None:
        shutil.copytree(notebooks, target / "notebooks",
                        ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    return target


def site_pages(out: Path) -> list[Path]:
    """Every page of a built site, sorted: the HTML files in `out`, but none of the build's
    own folder (.cache, which links to the project and so to whatever HTML lies there)."""
    return sorted(p for p in out.rglob("*.html") if ".cache" not in p.relative_to(out).parts)


def planned(root: Path, params: dict | None = None) -> dict:
    """{name: (status, reason)}: what a build of `root` would do with each notebook, without
    running anything."""
    from programtheory.build.languages import default_language
    from programtheory.build.plan import decide, plan_build

    plan = plan_build(root, None, None, params, None, default_language(root))
    return {p.name: decide(p, plan.manifest["notebooks"].get(p.name), plan.out_dir, False)
            for p in plan.plans}


# ---------------------------------------------------------------- web addresses in a page

class _Attributes(HTMLParser):
    """Every src/href/srcdoc/… attribute value of a page, descending into iframe srcdoc."""

    URL_ATTRS = {"src", "href", "srcset", "action", "formaction", "poster", "data",
                 "xlink:href", "background"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.srcdocs: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "srcdoc":
                self.srcdocs.append(value)
            elif name in self.URL_ATTRS:
                self.values.append((tag, name, value))

    handle_startendtag = handle_starttag


def url_attributes(page: str, depth: int = 0) -> list[tuple[str, str, str]]:
    parser = _Attributes()
    parser.feed(page)
    parser.close()
    found = list(parser.values)
    if depth < 3:
        for inner in parser.srcdocs:
            found += url_attributes(inner, depth + 1)
    return found


def external_urls(page: str) -> list[str]:
    """src/href-like attribute values that point at the network (http, https, //host)."""
    out = []
    for tag, name, value in url_attributes(page):
        text = value.strip().lower()
        if text.startswith(("http:", "https:", "//", "ftp:", "ws:", "wss:")):
            out.append(f"<{tag} {name}={value[:120]}>")
    return out


# ---------------------------------------------------------------- what a reader sees

class _VisibleText(HTMLParser):
    def __init__(self, attributes: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes = attributes
        self.parts: list[str] = []
        self._skip = 0
        self._svg = 0

    def _hidden(self, tag: str) -> bool:
        """script and style; an SVG's <title> is its tooltip."""
        return tag in ("script", "style") or (tag == "title" and self._svg > 0
                                              and not self.attributes)

    def handle_starttag(self, tag, attrs):
        self._svg += tag == "svg"
        self._skip += self._hidden(tag)
        for name, value in attrs:
            if name == "srcdoc" and value:
                self.parts.append(visible_text(value, attributes=self.attributes))
            if self.attributes and name in ("title", "alt", "aria-label") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if self._hidden(tag) and self._skip:
            self._skip -= 1
        self._svg -= tag == "svg" and self._svg > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(page: str, *, attributes: bool = False) -> str:
    """The text a reader sees on a page or an SVG: no script or style, the pages of iframes
    (srcdoc) included; with `attributes`, also what tooltips and screen readers say (title,
    alt, aria-label, an SVG's <title>)."""
    parser = _VisibleText(attributes)
    parser.feed(page)
    return " ".join(parser.parts)


# ---------------------------------------------------------------- the browser

@dataclass
class PageReport:
    path: Path
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    frames: int = 0
    axe: list[tuple[str, str, list]] | None = None  # serious or critical violations, if asked
    probed: object = None  # what the `probe` of `open_pages` returned, if one was given

    @property
    def clean(self) -> bool:
        return not (self.blocked or self.console_errors or self.page_errors or self.dialogs)

    def describe(self) -> str:
        return (f"{self.path}: blocked={self.blocked[:5]} console={self.console_errors[:5]} "
                f"errors={self.page_errors[:5]} dialogs={self.dialogs[:5]}")


SERIOUS = ("serious", "critical")


def axe_violations(page) -> list[tuple[str, str, list]]:
    """axe-core's serious and critical violations on the page as it stands: (rule, impact,
    the first three elements)."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in found
            if v["impact"] in SERIOUS]


# what tests of a built site read from each of its pages while it is open (`open_pages`'s
# probe): the text alignment of the table cells in notebook outputs, and on an interactive view
# the page's text and that of every panel (details unfolded, text version built, each element
# and each link opened once)
SITE_PROBE = """async () => {
  const aligns = Array.from(document.querySelectorAll(".jp-OutputArea-output table td"),
                            (cell) => getComputedStyle(cell).textAlign);
  const panel = document.getElementById("pt-panel");
  // an interactive view may still be starting on a busy machine: wait for it (at most 10 s)
  for (let i = 0; panel && !(window.ptView && window.ptView.showEdge) && i < 200; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const view = window.ptView;
  if (!(view && view.showEdge && panel)) return {tableAligns: aligns, panels: null};
  const texts = [];
  document.querySelectorAll("details").forEach((d) => { d.open = true; });
  view.buildTextVersion && view.buildTextVersion();
  texts.push(document.body.innerText);
  for (const id of Object.keys(view.data.nodes)) { view.showNode(id); texts.push(panel.innerText); }
  for (const eid of Object.keys(view.data.edges)) { view.showEdge(eid); texts.push(panel.innerText); }
  return {tableAligns: aligns, panels: texts};
}"""


def open_pages(paths: list[Path], *, settle_ms: int = 400, click: bool = True,
               axe: bool = False, probe: str | None = None) -> list[PageReport]:
    """Open each page in headless Chromium with every non-local request blocked and counted;
    collect console errors, uncaught page errors and dialogs (alert/confirm/prompt), with
    `axe` the page's serious accessibility violations (before anything is clicked), and with
    `probe` (a JavaScript function) what it returns on each page, after axe-core and before
    the clicks (errors it causes count as the page's). The pages share one fresh browser context (storage,
    cookies, history) in the test process's Chromium (`browser_support.shared_browser`)."""
    from browser_support import require_chromium, shared_browser

    if require_chromium() is None:
        raise RuntimeError("no Chromium")
    session = shared_browser()
    with session.awake():
        context = session.browser.new_context(java_script_enabled=True, offline=False)
        try:
            return _open_in(context, paths, settle_ms, click, axe, probe)
        finally:
            context.close()


def _open_in(context, paths: list[Path], settle_ms: int, click: bool, axe: bool,
             probe: str | None) -> list[PageReport]:
    reports: list[PageReport] = []
    current: list[PageReport] = []  # the report of the page on screen, if any

    def route(route_, request):
        if request.url.startswith(LOCAL_SCHEMES):
            route_.continue_()
            return
        if current:
            current[0].blocked.append(request.url)
        route_.abort()

    def on_dialog(dialog):
        if current:
            current[0].dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    context.route("**/*", route)
    # one tab for every page, each loaded afresh: a new tab per page cost Chromium
    # three times the work (21 CPU-s instead of 8.6 for the 22 pages of a small site)
    page = context.new_page()
    page.on("console", lambda msg: current[0].console_errors.append(msg.text)
            if current and msg.type == "error" else None)
    page.on("pageerror", lambda exc: current[0].page_errors.append(str(exc))
            if current else None)
    page.on("dialog", on_dialog)
    for path in paths:
        report = PageReport(path)
        current[:] = [report]
        _visit(page, path, report, settle_ms, click, axe, probe)
        page.evaluate("() => 0")  # a round trip: what the page sent has arrived
        current.clear()  # what this page says while it unloads is nobody's
        page.goto("about:blank")
        reports.append(report)
    return reports


def _visit(page, path: Path, report: PageReport, settle_ms: int, click: bool, axe: bool,
           probe: str | None) -> None:
    page.goto(path.resolve().as_uri(), wait_until="load")
    # bring every lazy iframe and image into view, so that they load (and are checked too);
    # scrolling through whole pages took 13 s for the project's site
    lazy = [e for e in page.query_selector_all('[loading="lazy"]') if e.is_visible()]
    for element in lazy:  # (a hidden one, in a closed <details>, cannot be shown)
        element.scroll_into_view_if_needed(timeout=5000)
        page.wait_for_timeout(30)
    page.wait_for_timeout(settle_ms if lazy else QUIET_MS)
    report.frames = len(page.frames)
    if axe:
        report.axe = axe_violations(page)
    if probe is not None:  # before the clicks: what a reader sees first is read too
        report.probed = page.evaluate(probe)
    if click:
        _poke(page)
        page.wait_for_timeout(100)


def _poke(page) -> None:
    """Hover and click a few things in every frame, so that handlers (tooltips, popups) run."""
    for frame in page.frames:
        try:
            canvas = frame.query_selector("canvas")
            if canvas is not None:
                box = canvas.bounding_box()
                if box:
                    for fx, fy in ((0.5, 0.5), (0.3, 0.4), (0.7, 0.6)):
                        page.mouse.move(box["x"] + box["width"] * fx,
                                        box["y"] + box["height"] * fy)
                        page.mouse.click(box["x"] + box["width"] * fx,
                                         box["y"] + box["height"] * fy)
        except Exception:  # noqa: BLE001 - a frame may go away while we poke it
            continue
