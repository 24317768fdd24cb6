"""Helpers for tests/test_build.py: copying projects, reading built pages, and a headless
Chromium that blocks and counts every request that does not stay on the machine.

Not a conftest: `from build_support import ...` (tests/support/ is on sys.path through the
`pythonpath` setting in pyproject.toml).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from project_support import REPO

FIXTURES = REPO / "tests" / "fixtures" / "report_build"
FIXTURE_PROJECT = FIXTURES / "project"
FIXTURE_NOTEBOOKS = FIXTURES / "notebooks"

CHROMIUM = os.environ.get("PROGRAMTHEORY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")


def copy_project(target: Path, notebooks: Path | None = None,
                 source: Path = FIXTURE_PROJECT) -> Path:
    """A copy of a project folder at `target`, with `notebooks` copied in as notebooks/."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("build", "__pycache__"))
    if notebooks is not None:
        shutil.copytree(notebooks, target / "notebooks",
                        ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    return target


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


# ---------------------------------------------------------------- the browser

@dataclass
class PageReport:
    path: Path
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    frames: int = 0

    @property
    def clean(self) -> bool:
        return not (self.blocked or self.console_errors or self.page_errors or self.dialogs)

    def describe(self) -> str:
        return (f"{self.path}: blocked={self.blocked[:5]} console={self.console_errors[:5]} "
                f"errors={self.page_errors[:5]} dialogs={self.dialogs[:5]}")


def chromium_available() -> bool:
    return Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)


def open_pages(paths: list[Path], *, settle_ms: int = 400, click: bool = True
               ) -> list[PageReport]:
    """Open each page in headless Chromium with every non-local request blocked and counted;
    collect console errors, uncaught page errors and dialogs (alert/confirm/prompt)."""
    from playwright.sync_api import sync_playwright

    reports = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                     headless=True)
        try:
            context = browser.new_context(java_script_enabled=True, offline=False)
            for path in paths:
                report = PageReport(path)

                def route(route_, request, report=report):
                    if request.url.startswith(LOCAL_SCHEMES):
                        route_.continue_()
                    else:
                        report.blocked.append(request.url)
                        route_.abort()

                context.route("**/*", route)
                page = context.new_page()
                page.on("console", lambda msg, r=report: r.console_errors.append(msg.text)
                        if msg.type == "error" else None)
                page.on("pageerror", lambda exc, r=report: r.page_errors.append(str(exc)))

                def on_dialog(dialog, r=report):
                    r.dialogs.append(f"{dialog.type}: {dialog.message}")
                    dialog.dismiss()

                page.on("dialog", on_dialog)
                page.goto(path.resolve().as_uri(), wait_until="load")
                # scroll through the page so that lazy iframes load (and are checked too)
                height = page.evaluate("document.body ? document.body.scrollHeight : 0")
                for y in range(0, int(height) + 800, 800):
                    page.evaluate(f"window.scrollTo(0, {y})")
                    page.wait_for_timeout(30)
                page.wait_for_timeout(settle_ms)
                report.frames = len(page.frames)
                if click:
                    _poke(page)
                    page.wait_for_timeout(100)
                page.close()
                context.unroute("**/*")
                reports.append(report)
            context.close()
        finally:
            browser.close()
    return reports


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
