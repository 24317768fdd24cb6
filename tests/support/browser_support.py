"""Shared helpers for the diagram tests: small fixture projects built in Python (the builders
and the synthetic theory of any size come from programtheory.synthetic), and a headless Chromium
that blocks and counts every request that is not a file:// one.

Not a conftest: import what you need (``from browser_support import ...``); tests/support/ is
on sys.path through the `pythonpath` setting in pyproject.toml.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from contextlib import contextmanager, suppress
from pathlib import Path

from programtheory.model import Evidence, Group, Label, LiteratureSource, Project, ReportRef
from programtheory.synthetic import (CASE_LEVEL, link, node,  # noqa: F401  (for the tests)
                                     project_of, synthetic_project)
from project_support import REPO

ARTIFACTS = REPO / "test-artifacts"

# Chromium's headless shell first: the same Blink and V8 without the browser's user interface
# layers, so the browser tests cost 20 % less processor time (184 against 147 CPU-s for the
# browser tier, scripts/benchmark_tests.py -- -m browser). The full browser still works.
# The Debian wrapper of the shell does not exec, so the binary itself is named first.
CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium-headless-shell", "chromium-headless-shell",
                       "/usr/bin/chromium", "chromium", "chromium-browser")
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")  # what a page may load: nothing online
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync",
                 # V8 without its optimising compiler: the same JavaScript, run once per page
                 # load, so compiling hot code cost more than it saved (axe-core on the real
                 # site's pages: 15-20 % less processor time)
                 "--js-flags=--no-opt"]

XSS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    'zie <a href="javascript:alert(1)">href</a> voor meer',
    "</script><script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "<!--<script>alert(1)//-->",
    "{{7*7}} ${alert(1)} \\N \\G &amp; &lt;b&gt;",
]


def small_project(root: str | Path = "/tmp/programtheory-fixture") -> Project:
    """A theory with every kind, a group, necessary/facilitating/undesired nodes, stated and
    implied links, and evidence of each kind."""
    nodes = [
        node("prob_a", "problem", "onvrede over de bevoogdende werkwijze", "paternalism"),
        node("goal_a", "goal", "partnerschap met gezinnen", "partnership", term="long"),
        node("rat_a", "rationale", "practice theory of change", "practice ToC"),
        node("asm_a", "assumption", "duidelijke en transparante communicatie",
             "clear communication", condition="necessary", levels=["individual", "client"]),
        node("asm_b", "assumption", "aanwezigheid van een natuurlijk netwerk",
             "a natural network", condition="facilitating", levels=["network"]),
        node("res_a", "resource", "tijd om de SofS-praktijk aan te leren", "time",
             condition="necessary", levels=["organisation"]),
        node("act_a", "action", "netwerkberaad organiseren", "network meeting",
             levels=["case"]),
        node("act_b", "action", "veiligheidsplan opstellen", "safety plan", levels=["case"]),
        node("out_a", "output", "gedeeld begrip van de zorgen", "shared understanding",
             levels=["case"]),
        node("oc_s", "outcome", "een werkend veiligheidsplan", "working safety plan",
             term="short", levels=["case"]),
        node("oc_m", "outcome", "vertrouwen van ouders", "parents' trust", term="medium",
             levels=["client"]),
        node("oc_l", "outcome", "uithuisplaatsing vermijden", "avoid placement", term="long",
             levels=["client"]),
        node("oc_neg", "outcome", "personeelsuitval", "staff turnover", term="long",
             polarity="undesired", levels=["individual"]),
        node("mech_a", "mechanism", "autonomiesatisfactie", "autonomy"),
        node("fb_a", "feedback", "een continue feedbacklus", "feedback loop"),
        node("ext_a", "external_factor", "de hoge caseload", "high caseload",
             condition="facilitating"),
    ]
    groups = [Group(id="grp_actions", label=Label(nl="Acties op caseniveau", en="Case actions"),
                    members=["act_a", "act_b"])]
    links = [
        link("L_prob_goal", "prob_a", "goal_a", "motivates"),
        link("L_asm_act", ["asm_a", "asm_b"], "grp_actions", "enables"),
        link("L_res_act", "res_a", "act_b", "necessary_for"),
        link("L_act_out", "grp_actions", "out_a"),
        link("L_out_s", "out_a", "oc_s", status="implied"),
        link("L_s_m", "oc_s", "oc_m"),
        link("L_m_l", "oc_m", "oc_l"),
        link("L_ext_neg", "ext_a", "oc_neg", "leads_to"),
        link("L_mech_m", "mech_a", "oc_m", "supports", status="implied"),
        link("L_fb_act", "fb_a", "act_a", "feeds_back"),
        link("L_rat_mech", "rat_a", "mech_a", "motivates"),
        link("L_ext_res", "ext_a", "res_a", "hinders", effect="hinders"),
    ]
    evidence = [
        Evidence(id="ev_q1", kind="quote", text="Dat je zo open in gesprek kon gaan met elkaar.",
                 role="mama casestudie", work_package="WP4", bears_on=["asm_a", "L_out_s"],
                 report=[ReportRef(section="4.1.2", lines=(3196, 3200))]),
        Evidence(id="ev_s1", kind="statistic", text="De grote meerderheid vindt dat men vaak "
                 "transparant werkt.", n=122, values={"percent": 81.5}, work_package="WP2",
                 bears_on=["asm_a"]),
        Evidence(id="ev_l1", kind="literature", text="Partnerschap is de belangrijkste factor.",
                 citation="munro-2014", bears_on=["asm_a", "grp_actions"],
                 stance="nuances"),
        Evidence(id="ev_c1", kind="case_count", text="In 3 van de 5 casestudies ...",
                 bears_on=["act_a"], stance="contradicts", n=5),
    ]
    literature = [LiteratureSource(key="munro-2014", cite="Munro et al., 2014")]
    return project_of(nodes, links, groups, evidence, root=root, literature=literature)


# ------------------------------------------------------------------------------ browser

def chromium_path() -> str | None:
    """PROGRAMTHEORY_CHROMIUM if set, else the first of CHROMIUM_CANDIDATES installed."""
    chosen = os.environ.get("PROGRAMTHEORY_CHROMIUM")
    if chosen:
        return chosen if Path(chosen).exists() else None
    for candidate in CHROMIUM_CANDIDATES:
        found = candidate if Path(candidate).is_absolute() else shutil.which(candidate)
        if found and Path(found).exists():
            return found
    return None


def require_chromium() -> str | None:
    """The Chromium to use; without one, fail with the install command, or return None when
    PROGRAMTHEORY_ALLOW_NO_BROWSER=1 (the caller then skips)."""
    exe = chromium_path()
    if exe is None:
        if os.environ.get("PROGRAMTHEORY_ALLOW_NO_BROWSER") == "1":
            return None
        chosen = os.environ.get("PROGRAMTHEORY_CHROMIUM")
        if chosen:
            raise RuntimeError(
                f"PROGRAMTHEORY_CHROMIUM names {chosen!r}, which does not exist: give the path "
                "of an installed Chromium, or unset it to use the Debian package "
                "(chromium-headless-shell or chromium).")
        raise RuntimeError(
            "Chromium is not installed: the browser tests need it (Debian/Ubuntu: "
            "sudo apt-get install chromium-headless-shell; or run scripts/system_deps.sh "
            "chromium). Set "
            "PROGRAMTHEORY_ALLOW_NO_BROWSER=1 to skip them on purpose. Never run "
            "'playwright install'.")
    return exe


class Browser:
    """One headless Chromium (Debian package) for several pages.

    Playwright's sync API marks its event loop as running in the calling thread for as long
    as it lives, which makes `asyncio.run` (notebook builds, kernels) fail there. So the loop
    is marked running only while the browser is in use (`awake`, and every `page`), and a
    test process can keep one browser for all its tests (`shared_browser`)."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        exe = require_chromium()
        if exe is None:
            raise RuntimeError("no Chromium")
        self._pw = sync_playwright().start()
        asyncio._set_running_loop(None)  # started: asleep until used
        try:
            with self.awake():
                self.browser = self._pw.chromium.launch(executable_path=exe,
                                                        args=CHROMIUM_ARGS)
        except BaseException:
            with self.awake():
                self._pw.stop()
            raise

    @contextmanager
    def awake(self):
        """Make Playwright's calls possible in this block (see the class)."""
        before = asyncio._get_running_loop()
        asyncio._set_running_loop(self._pw._loop)
        try:
            yield self
        finally:
            asyncio._set_running_loop(before)

    @property
    def alive(self) -> bool:
        """Whether Chromium and Playwright's driver still answer (neither crashed). Asked
        with a real round trip: Playwright learns of a crash between two uses only from the
        next call it makes."""
        from playwright.sync_api import Error

        if self._pw._dispatcher_fiber.dead or not self.browser.is_connected():
            return False
        try:
            with self.awake():
                self.browser.new_context().close()
        except Error:
            return False
        return True

    def close(self) -> None:
        with self.awake():
            try:
                self.browser.close()
            finally:
                self._pw.stop()

    @contextmanager
    def page(self, viewport=(1400, 900)):
        """A page in a context of its own (fresh storage, cookies and history) that lets
        file://, data: and about: through and aborts and counts every other request. Yields
        (page, state); state holds 'external' (blocked URLs), 'console_errors', 'page_errors'
        and 'dialogs' (messages of alert/confirm/prompt)."""
        state = {"external": [], "console_errors": [], "page_errors": [], "dialogs": []}
        with self.awake():
            context = self.browser.new_context(viewport={"width": viewport[0],
                                                         "height": viewport[1]})
            try:
                page = context.new_page()
                _watch(context, page, state)
                yield page, state
            finally:
                context.close()


def _watch(context, page, state: dict) -> None:

    def route(r):
        if r.request.url.startswith(LOCAL_SCHEMES):
            r.continue_()
        else:
            r.abort()

    context.route("**/*", route)  # abort every request that is not local
    context.on("request", lambda req: None if req.url.startswith(LOCAL_SCHEMES)
               else state["external"].append(req.url))  # and count it
    page.on("console", lambda m: state["console_errors"].append(m.text)
            if m.type == "error" else None)
    page.on("pageerror", lambda e: state["page_errors"].append(str(e)))

    def dialog(d):
        state["dialogs"].append(d.message)
        d.dismiss()

    page.on("dialog", dialog)


_shared: list[Browser] = []  # the test process's browser, once started


def shared_browser() -> Browser:
    """The one Chromium of this test process, started on first use; a new one when the last
    has crashed. Closed by `close_shared_browser` (at the end of the test session)."""
    if _shared and not _shared[0].alive:
        with suppress(Exception):  # what crashed may fail to close; a new one follows
            _shared.pop().close()
    if not _shared:
        _shared.append(Browser())
    return _shared[0]


def close_shared_browser() -> None:
    if _shared:
        _shared.pop().close()


@contextmanager
def browser_page(viewport=(1400, 900)):
    """One page in a fresh browser (for scripts); see `Browser.page`."""
    session = Browser()
    try:
        with session.page(viewport) as got:
            yield got
    finally:
        session.close()


def wait_for(page, expression: str, timeout: float = 30.0, interval: float = 0.02):
    """Poll a JS expression until it is truthy (page.wait_for_function evaluates strings,
    which the page's Content-Security-Policy forbids)."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(f"() => ({expression})")
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {expression}")
        time.sleep(interval)
