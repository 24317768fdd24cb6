"""The built pages as a reader gets them: they open offline in a browser without errors or
dialogs (a failed notebook's page too), hold no local path, warning or stray return value, and
their table text reads from the left.

The sites are the shared builds of conftest.py (`fixture_site`, `real_site`), opened once
(`real_site_visits`); tests/test_build.py tests the build that makes them.
"""

from __future__ import annotations

import json
import sys

import pytest

from build_support import (FIXTURE_NOTEBOOKS, REPO, copy_project, external_urls, open_pages,
                           site_pages)
from programtheory import build as B


@pytest.mark.slow
@pytest.mark.browser
def test_every_page_opens_offline_without_errors_or_dialogs(fixture_site, real_site_visits):
    root, _ = fixture_site
    reports = open_pages(site_pages(root / "build")) + real_site_visits
    assert len(real_site_visits) > 10
    bad = [r.describe() for r in reports if not r.clean]
    assert not bad, "\n".join(bad)
    theory_page = next(r for r in reports if r.path == root / "build/theory_diagram"
                       / "theory_diagram.html")
    assert theory_page.frames >= 3  # the page and one iframe per interactive view


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.usefixtures("browser")  # Chromium there, or skipped as the conftest says
def test_failed_page_opens_offline(tmp_path):
    root = copy_project(tmp_path / "p", FIXTURE_NOTEBOOKS)
    result = B.build_report(root, notebooks=root / "notebooks", params={"fail": "yes"}, quiet=True)
    assert not result.ok
    reports = open_pages(site_pages(root / "build"))
    assert all(r.clean for r in reports), [r.describe() for r in reports if not r.clean]


@pytest.mark.browser
@pytest.mark.usefixtures("browser")
def test_the_browser_check_catches_what_it_should(tmp_path):
    """A negative control: the helper counts a CDN load (also inside an iframe srcdoc), a
    console error and an XSS dialog."""
    page = tmp_path / "bad.html"
    page.write_text('<html><head><script src="https://cdn.example.org/x.js"></script></head>'
                    "<body><img src=x onerror=alert(1)><iframe srcdoc=\"&lt;link rel=stylesheet "
                    'href=https://cdn.example.org/y.css&gt;"></iframe>'
                    '<script>console.error("boom")</script></body></html>', encoding="utf-8")
    assert len(external_urls(page.read_text(encoding="utf-8"))) == 2
    report = open_pages([page])[0]
    assert sorted(report.blocked) == ["https://cdn.example.org/x.js",
                                      "https://cdn.example.org/y.css"]
    assert "boom" in report.console_errors and report.dialogs == ["alert: 1"]


@pytest.mark.slow
def test_pages_hold_no_local_paths_or_warnings(fixture_site, real_site):
    root, _ = fixture_site
    out, _ = real_site
    for base, folder in ((root, root / "build"), (REPO, out)):
        for page in site_pages(folder):
            text = page.read_text(encoding="utf-8")
            assert str(base) not in text, page
            assert sys.prefix not in text, page
            assert "Warning:" not in text, page


def test_real_pages_show_no_stray_return_values(real_site):
    """A cell that ends in a write shows its return value (a byte count, a path) to the reader."""
    out, _ = real_site
    stray = []
    for notebook in sorted(out.rglob("*.ipynb")):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            for output in cell.get("outputs", []):
                if output.get("output_type") == "execute_result" \
                        and set(output.get("data", {})) == {"text/plain"}:
                    stray.append(f"{notebook.name}: {''.join(output['data']['text/plain'])}")
    assert stray == []


@pytest.mark.slow
@pytest.mark.browser
def test_table_text_on_report_pages_reads_left_aligned(real_site, real_site_visits):
    """JupyterLab's stylesheet right-aligns every table cell; text cells must read from the left."""
    out, _ = real_site
    visit = next(v for v in real_site_visits if v.path == out / "confidence" / "confidence.html")
    aligns = visit.probed["tableAligns"]  # as Chromium computed them (build_support.SITE_PROBE)
    assert aligns and set(aligns) <= {"left", "start"}, sorted(set(aligns))
