"""The report build: notebooks → papermill → offline HTML site, cached and parallel.

The expensive builds run once per test run (fixtures `fixture_site` and `real_site`, in
conftest.py); the tests read what they wrote. Notebook machinery (failure, retry, parameters)
is tested with the small fixture notebooks in tests/fixtures/report_build/notebooks.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from build_support import (FIXTURE_NOTEBOOKS, FIXTURE_PROJECT, REPO, copy_project, external_urls,
                           planned, site_pages)
from programtheory import build as B
from programtheory.cli import main as cli_main
from programtheory.errors import UsageError

NOTEBOOKS = B.SHIPPED_NOTEBOOKS
NAMES = [spec.name for spec in B.NOTEBOOKS]
PYTHON = sys.executable


def _failures(result) -> str:
    return "\n".join(f"{nb.name}: {nb.reason}" for nb in result.notebooks if not nb.ok)


def _md_table_rows(text: str) -> list[str]:
    """Body rows of the first pipe table in a Markdown text."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return rows


# ---------------------------------------------------------------- the notebooks themselves

def test_notebooks_are_text_with_one_parameters_cell():
    assert not list(NOTEBOOKS.glob("*.ipynb")), "notebooks are stored as jupytext text only"
    assert B.discover(NOTEBOOKS) == NAMES
    for name in NAMES:
        params = B.notebook_parameters(NOTEBOOKS / f"{name}.py")
        assert params["project"] == "..", name
        assert "out_dir" in params, name
        # ids and paths only: every parameter is a plain string
        assert all(isinstance(v, str) for v in params.values()), (name, params)
        text = (NOTEBOOKS / f"{name}.py").read_text(encoding="utf-8")
        assert text.count('tags=["parameters"]') == 1, name


def test_notebook_declarations_cover_every_notebook():
    for spec in B.NOTEBOOKS:
        assert (NOTEBOOKS / f"{spec.name}.py").is_file(), spec.name
        assert spec.reads and spec.title("nl") != spec.title("en")


def test_parameters_cell_must_be_unique(tmp_path):
    nb = tmp_path / "two.py"
    nb.write_text('# %% tags=["parameters"]\na = "1"\n\n# %% tags=["parameters"]\nb = "2"\n',
                  encoding="utf-8")
    with pytest.raises(ValueError, match="exactly one cell tagged 'parameters'"):
        B.notebook_parameters(nb)


# ---------------------------------------------------------------- full builds

@pytest.mark.slow
def test_fixture_build_writes_every_page_figure_and_table(fixture_site):
    root, result = fixture_site
    out = root / "build"
    assert result.ran == NAMES and not result.cached and not result.failed
    for name in NAMES:
        assert (out / name / f"{name}.html").is_file(), name
        assert (out / name / f"{name}.ipynb").is_file(), name
        assert result[name].outputs, f"{name} wrote no files"
    for stem in ("barometer_distribution_w2021", "barometer_trend", "factors_level1"):
        for ext in ("svg", "png", "pdf"):
            assert (out / "barometer" / f"{stem}.{ext}").stat().st_size > 1000, (stem, ext)
    for vid in ("initial", "revised"):
        for ext in ("svg", "png", "pdf"):
            assert (out / "theory_diagram" / f"theory_{vid}.{ext}").is_file()
        assert (out / "theory_diagram" / f"theory_{vid}_interactive.html").is_file()
    for ext in ("svg", "png", "pdf", "md", "json"):
        assert (out / "theory_revision" / f"revision_initial_revised.{ext}").is_file()

    # the outcome table: one row per perspective, every item in the Excel 'Items' sheet
    outcomes = yaml.safe_load((root / "outcomes.yaml").read_text(encoding="utf-8"))
    md = (out / "outcome_table" / "outcome_table.md").read_text(encoding="utf-8")
    assert len(_md_table_rows(md)) == len(outcomes["perspectives"])
    n_items = sum(len(cell["items"]) for cell in outcomes["cells"])
    assert _xlsx_rows(out / "outcome_table" / "outcome_table.xlsx", "Uitkomsten (ids)") == n_items
    assert zipfile.is_zipfile(out / "outcome_table" / "outcome_table.docx")
    assert "\\begin{tabular}" in (out / "outcome_table" / "outcome_table.tex").read_text("utf-8")

    # Tabel 4: one row per critical element
    barometer = yaml.safe_load((root / "barometer.yaml").read_text(encoding="utf-8"))
    t4 = (out / "barometer" / "critical_elements.md").read_text(encoding="utf-8")
    assert len(_md_table_rows(t4)) == len(barometer["critical_elements"])

    # evidence map: one matrix row per element of the newest version
    revised = yaml.safe_load((root / "theory/versions/revised.yaml").read_text("utf-8"))
    n_elements = len(revised["nodes"]) + len(revised.get("groups", [])) + len(revised["links"])
    matrix = (out / "evidence_map" / "matrix_kind_revised.md").read_text(encoding="utf-8")
    assert len(_md_table_rows(matrix)) == n_elements


def _xlsx_rows(path: Path, sheet: str) -> int:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    rows = [r for r in book[sheet].iter_rows(values_only=True) if any(v is not None for v in r)]
    return len(rows) - 1  # minus the header row


@pytest.mark.slow
def test_real_build(real_site):
    out, result = real_site
    assert result.ok and result.ran == NAMES
    outcomes = yaml.safe_load((REPO / "outcomes.yaml").read_text(encoding="utf-8"))
    md = (out / "outcome_table" / "outcome_table.md").read_text(encoding="utf-8")
    assert len(_md_table_rows(md)) == len(outcomes["perspectives"])
    n_items = sum(len(cell.get("items", [])) for cell in outcomes["cells"])
    assert _xlsx_rows(out / "outcome_table" / "outcome_table.xlsx", "Uitkomsten (ids)") == n_items
    for ext in ("xlsx", "docx", "tex", "html", "md"):
        assert (out / "outcome_table" / f"outcome_table.{ext}").stat().st_size > 500, ext

    barometer = yaml.safe_load((REPO / "barometer.yaml").read_text(encoding="utf-8"))
    t4 = (out / "barometer" / "critical_elements.md").read_text(encoding="utf-8")
    assert len(_md_table_rows(t4)) == len(barometer["critical_elements"]) == 4
    waves = (out / "barometer" / "barometer_waves.md").read_text(encoding="utf-8")
    assert len(_md_table_rows(waves)) == len(barometer["waves"])
    for level in range(1, len(barometer["factor_levels"]) + 1):
        assert (out / "barometer" / f"factors_level{level}.svg").is_file()
    t5 = (out / "barometer" / "factors.md").read_text(encoding="utf-8")
    assert len(_md_table_rows(t5)) == len(barometer["factors"])
    for stem in ("critical_elements", "factors", "barometer_waves"):
        for ext in ("html", "docx", "xlsx"):
            assert (out / "barometer" / f"{stem}.{ext}").stat().st_size > 500, (stem, ext)
        page = (out / "barometer" / f"{stem}.html").read_text(encoding="utf-8")
        assert page.startswith('<!DOCTYPE html>\n<html lang="nl">'), stem
    for stem in ("matrix_kind_revised", "matrix_source_revised"):
        page = (out / "evidence_map" / f"{stem}.html").read_text(encoding="utf-8")
        assert '<meta charset="utf-8">' in page and "@page{size:A4" in page, stem
    for ext in ("svg", "png", "pdf"):
        assert (out / "barometer" / f"barometer_distribution_w2021.{ext}").is_file()

    versions = sorted(p.stem for p in (REPO / "theory" / "versions").glob("*.yaml"))
    for vid in versions:
        assert (out / "theory_diagram" / f"theory_{vid}.svg").is_file(), vid
        assert (out / "theory_diagram" / f"theory_{vid}_interactive.html").is_file(), vid
    assert (out / "theory_revision" / "revision_initial_revised.svg").is_file()
    assert (out / "evidence_map" / "matrix_kind_revised.md").is_file()

    index = (out / "index.html").read_text(encoding="utf-8")
    for name in NAMES:
        assert f'href="{name}/{name}.html"' in index, name
    for nb in result.notebooks:
        for path in nb.outputs:
            assert f'href="{path.relative_to(out).as_posix()}"' in index, path


@pytest.mark.slow
def test_index_links_every_page_and_file(fixture_site):
    root, result = fixture_site
    out = root / "build"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in index
    assert "Gebouwd op:" in index and "built" not in index.split("<body>")[1].split("<section")[0]
    hrefs = set(re.findall(r'href="([^"]+)"', index))
    files = {p.relative_to(out).as_posix() for p in out.rglob("*")
             if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)
             and p.name != "index.html"}
    assert files <= hrefs, sorted(files - hrefs)
    for href in hrefs:
        assert (out / href).is_file(), href
    # grouped per notebook: each notebook's files sit in its own section
    for name in NAMES:
        section = index.split(f'id="{name}"', 1)[1].split("</section>", 1)[0]
        for path in result[name].outputs:
            assert path.relative_to(out).as_posix() in section


@pytest.mark.slow
def test_pages_load_nothing_from_the_network(fixture_site, real_site):
    root, _ = fixture_site
    out, _ = real_site
    pages = site_pages(root / "build") + site_pages(out)
    assert len(pages) > 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not external_urls(text), (page, external_urls(text)[:5])
        assert "cdnjs" not in text and "cdn.jsdelivr" not in text and "unpkg.com" not in text


@pytest.mark.slow
def test_every_image_and_svg_says_what_it_shows(fixture_site, real_site):
    from html.parser import HTMLParser

    from programtheory.accessible import svg_title_desc

    class Images(HTMLParser):
        def __init__(self):
            super().__init__()
            self.alts: list[str | None] = []

        def handle_starttag(self, tag, attrs):
            if tag == "img":
                self.alts.append(dict(attrs).get("alt"))

    root, _ = fixture_site
    out, _ = real_site
    images = 0
    for page in site_pages(root / "build") + site_pages(out):
        parser = Images()
        parser.feed(page.read_text(encoding="utf-8"))
        for alt in parser.alts:
            assert alt and len(alt.split()) >= 2, (page.name, alt)
            assert not re.search(r"\.(svg|png|jpe?g)\b", alt), (page.name, alt)
        images += len(parser.alts)
    assert images >= 5
    svgs = sorted((root / "build").rglob("*.svg")) + sorted(out.rglob("*.svg"))
    assert len(svgs) >= 5
    for svg in svgs:
        title, desc = svg_title_desc(svg.read_bytes())
        assert title.strip() and len(desc.split()) >= 5, svg.name


@pytest.mark.slow
def test_xss_corpus_is_escaped_in_static_text(fixture_site):
    root, _ = fixture_site
    for page in site_pages(root / "build"):
        text = page.read_text(encoding="utf-8")
        # the payloads occur only escaped: never as live markup in the page itself
        assert "<script>alert(1)</script>" not in text, page
        assert "<img src=x onerror=alert(1)>" not in text, page
        assert "<svg onload=alert(1)>" not in text, page


@pytest.mark.slow
def test_no_personal_data_in_notebook_metadata(fixture_site):
    root, _ = fixture_site
    for name in NAMES:
        nb = json.loads((root / "build" / name / f"{name}.ipynb").read_text(encoding="utf-8"))
        meta = nb["metadata"]["papermill"]
        assert meta["environment_variables"] == {}
        assert meta["input_path"] == f"{name}.py" and meta["output_path"] == f"{name}.ipynb"
        params = meta["parameters"]
        assert set(params) >= {"project", "out_dir"}
        for key, value in params.items():
            assert isinstance(value, str), key
            assert not os.path.isabs(value), (key, value)
        assert nb["metadata"]["kernelspec"]["name"] == "programtheory"
        text = json.dumps(nb["metadata"])
        assert str(root) not in text and str(Path.home()) + "/" not in text


@pytest.mark.slow
def test_the_executed_notebooks_carry_no_clock_time(fixture_site):
    """A notebook that has not changed gives the same .ipynb on every build: papermill's and
    the kernel's time stamps are left out (the index says when the build ran)."""
    root, _ = fixture_site
    for name in NAMES:
        nb = json.loads((root / "build" / name / f"{name}.ipynb").read_text(encoding="utf-8"))
        assert not {"start_time", "end_time", "duration"} & set(nb["metadata"]["papermill"])
        for cell in nb["cells"]:
            assert "execution" not in cell["metadata"], name
            assert "start_time" not in cell["metadata"].get("papermill", {}), name
        assert [cell["id"] for cell in nb["cells"]] == [
            f"cell-{place}" for place in range(1, len(nb["cells"]) + 1)]


@pytest.mark.slow
def test_a_rebuild_gives_the_same_files(fixture_site, tmp_path):
    """The notebooks that write pages, figures (SVG, PDF, PNG, the drawn diff), tables
    (Markdown, LaTeX, DOCX, XLSX) and the executed notebooks, built again from the same data
    in another folder: every file has the same bytes as in the first build, the index with its
    build time aside."""
    first, _ = fixture_site
    root = copy_project(tmp_path / "again")
    names = ["theory_diagram", "outcome_table", "theory_revision"]
    assert B.build_report(root, quiet=True, only=names).ok
    compared = 0
    for name in names:
        for path in sorted((root / "build" / name).rglob("*")):
            if path.is_file():
                earlier = first / "build" / path.relative_to(root / "build")
                assert path.read_bytes() == earlier.read_bytes(), path.relative_to(root)
                compared += 1
    assert compared > 20 and {p.suffix for p in (root / "build").rglob("*.*")} >= {
        ".html", ".svg", ".pdf", ".png", ".md", ".tex", ".docx", ".xlsx", ".ipynb"}


# ---------------------------------------------------------------- incremental builds

@pytest.mark.slow
def test_rebuild_with_no_change_runs_nothing_and_imports_nothing_heavy(fixture_site,
                                                                       tmp_path):
    root = tmp_path / "project"
    shutil.copytree(fixture_site[0], root)  # the project with its build/: the manifest travels
    B.build_report(root, quiet=True)  # catches up, should the package have changed meanwhile
    code = ("import sys, time, json\n"
            "from programtheory.build import build_report\n"
            "t = time.perf_counter()\n"
            f"r = build_report({str(root)!r}, quiet=True)\n"
            "print(json.dumps({'ran': r.ran, 'cached': r.cached, 'ok': r.ok,\n"
            "  'seconds': time.perf_counter() - t,\n"
            "  'heavy': [m for m in ('papermill', 'nbconvert', 'nbclient', 'jupytext',\n"
            "            'jupyter_client', 'matplotlib') if m in sys.modules]}))\n")
    proc = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["ok"] and report["ran"] == [] and report["cached"] == NAMES
    assert report["heavy"] == []  # what keeps the warm path fast (scripts/benchmark_build.py)


@pytest.mark.slow
def test_changing_one_yaml_reruns_exactly_its_readers(fixture_site, tmp_path):
    root, _ = fixture_site
    copy = tmp_path / "project"
    shutil.copytree(root, copy)  # the project with its build/: the manifest travels along
    assert {n: s for n, (s, _) in planned(copy).items()} == dict.fromkeys(NAMES, "cached")

    outcomes = copy / "outcomes.yaml"
    outcomes.write_text(outcomes.read_text(encoding="utf-8").replace(
        "Minder uithuisplaatsingen", "Minder uithuisplaatsingen (gewijzigd)"), encoding="utf-8")
    plan = planned(copy)
    assert [n for n, (s, _) in plan.items() if s == "due"] == ["outcome_table"]
    assert "outcomes.yaml" in plan["outcome_table"][1]

    barometer = copy / "barometer.yaml"
    barometer.write_text(barometer.read_text(encoding="utf-8").replace(
        "count: 12", "count: 13"), encoding="utf-8")
    assert sorted(n for n, (s, _) in planned(copy).items() if s == "due") == \
        ["barometer", "outcome_table"]

    version = copy / "theory" / "versions" / "revised.yaml"
    plan_before = planned(copy)
    version.write_text(version.read_text(encoding="utf-8") + "\n# a comment\n", "utf-8")
    assert [n for n, (s, _) in planned(copy).items() if s == "due"] == NAMES
    version.write_text(version.read_text(encoding="utf-8").replace("\n# a comment\n", ""),
                       "utf-8")
    assert planned(copy) == plan_before

    # and the real thing: only the two readers run; the new text is in the new table
    result = B.build_report(copy, quiet=True)
    assert result.ok, _failures(result)
    assert sorted(result.ran) == ["barometer", "outcome_table"]
    assert sorted(result.cached) == sorted(set(NAMES) - {"barometer", "outcome_table"})
    assert "(gewijzigd)" in (copy / "build/outcome_table/outcome_table.md").read_text("utf-8")
    again = B.build_report(copy, quiet=True)
    assert again.ran == [] and again.cached == NAMES


@pytest.mark.slow
def test_changed_parameter_or_deleted_output_reruns(tmp_path):
    root = copy_project(tmp_path / "p", FIXTURE_NOTEBOOKS)
    first = B.build_report(root, notebooks=root / "notebooks", quiet=True, jobs=1)
    assert first.ok and sorted(first.ran) == ["flaky", "hello"]
    assert B.build_report(root, notebooks=root / "notebooks", quiet=True).ran == []
    (root / "build" / "hello" / "nodes.txt").unlink()
    assert B.build_report(root, notebooks=root / "notebooks", quiet=True).ran == ["hello"]
    changed = B.build_report(root, notebooks=root / "notebooks", quiet=True, params={"hello.version": "initial"})
    assert changed.ran == ["hello"]
    nb = json.loads((root / "build/hello/hello.ipynb").read_text(encoding="utf-8"))
    assert nb["metadata"]["papermill"]["parameters"]["version"] == "initial"
    forced = B.build_report(root, notebooks=root / "notebooks", quiet=True, params={"hello.version": "initial"}, force=True,
                            only="flaky")
    assert forced.ran == ["flaky"] and forced.cached == ["hello"]


# ---------------------------------------------------------------- failures

@pytest.mark.slow
def test_failing_notebook_fails_the_build_and_leaves_no_stale_success(tmp_path, capsys):
    root = copy_project(tmp_path / "p", FIXTURE_NOTEBOOKS)
    assert cli_main(["build", str(root), "--notebooks", str(root / "notebooks")]) == 0
    assert (root / "build/flaky/result.json").is_file()
    capsys.readouterr()

    code = cli_main(["build", str(root), "--notebooks", str(root / "notebooks"), "-p", "fail=yes"])
    err = capsys.readouterr().err
    assert code == 1
    assert "flaky" in err and "FAILED" in err
    assert "notebooks/flaky.py:25: cell 3" in err, err
    assert 'if fail == "yes":' in err
    assert "ValueError: deliberate failure" in err

    folder = root / "build" / "flaky"
    assert sorted(p.name for p in folder.iterdir()) == \
        ["FAILED.txt", "flaky.failed.html", "flaky.failed.ipynb", "flaky.html", "flaky.ipynb",
         "result.json"]  # the last good outputs are kept, marked out of date
    failed_nb = json.loads((folder / "flaky.failed.ipynb").read_text(encoding="utf-8"))
    assert any("papermill-error-cell-tag" in c["metadata"].get("tags", [])
               for c in failed_nb["cells"]), "papermill's error banner is kept"
    manifest = json.loads((root / "build/.cache/manifest.json").read_text(encoding="utf-8"))
    assert "deliberate failure" in manifest["notebooks"]["flaky"]["failed"]
    assert "failed" not in manifest["notebooks"]["hello"]

    index = (root / "build/index.html").read_text(encoding="utf-8")
    section = index.split('id="flaky"', 1)[1].split("</section>", 1)[0]
    assert "MISLUKT" in section and "flaky/flaky.failed.html" in section
    assert "verouderd" in section and "result.json" in section
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in section  # the message, escaped once
    assert "<script>" not in index
    page = (folder / "flaky.html").read_text(encoding="utf-8")
    assert 'class="pt-out-of-date"' in page and "deliberate failure" in page

    # a failed notebook is never taken from the cache: it runs again, and recovers
    assert planned(root, params={"fail": "yes"})["flaky"][0] == "due"
    assert cli_main(["build", str(root), "--notebooks", str(root / "notebooks")]) == 0
    assert sorted(p.name for p in folder.iterdir()) == \
        ["flaky.html", "flaky.ipynb", "result.json"]
    assert 'class="pt-out-of-date"' not in (folder / "flaky.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_data_errors_fail_the_build_before_any_kernel_starts(tmp_path, capsys):
    root = copy_project(tmp_path / "p", FIXTURE_NOTEBOOKS)
    (root / "outcomes.yaml").write_text("table: {title: {nl: x}}\nperspectives: 3\n", "utf-8")
    result = B.build_report(root, notebooks=root / "notebooks")
    err = capsys.readouterr().err
    assert not result.ok and result.data_errors
    assert "outcomes.yaml" in err
    assert all(nb.status == "failed" for nb in result.notebooks)


@pytest.mark.slow
def test_kernel_start_failure_is_retried_once(tmp_path, monkeypatch):
    root = copy_project(tmp_path / "p", FIXTURE_NOTEBOOKS)
    real = B.run.execute
    calls = []

    def flaky_start(notebook, output, params, cwd, **options):
        calls.append(output.name)
        if len(calls) == 1:
            raise RuntimeError("Kernel didn't respond in 60 seconds (simulated port clash)")
        return real(notebook, output, params, cwd, **options)

    monkeypatch.setattr(B.run, "execute", flaky_start)
    result = B.build_report(root, notebooks=root / "notebooks", only="hello", jobs=1, quiet=True)
    assert result.ok and result.ran == ["hello"]
    assert result["hello"].attempts == 2 and len(calls) == 2


# ---------------------------------------------------------------- options

def test_only_with_an_unknown_name_suggests_the_closest(tmp_path, capsys):
    root = copy_project(tmp_path / "p", FIXTURE_NOTEBOOKS)
    with pytest.raises(UsageError, match="did you mean 'hello'"):
        B.build_report(root, notebooks=root / "notebooks", only="helo", quiet=True)
    assert cli_main(["build", str(root), "--notebooks", str(root / "notebooks"), "--only", "flakey"]) == 2
    assert "did you mean 'flaky'" in capsys.readouterr().err
    assert not (root / "build").exists()


@pytest.mark.parametrize("params, message", [
    ({"versoin": "x"}, "did you mean 'version'"),
    ({"project": "/elsewhere"}, "set by the build"),
    ({"nope.version": "x"}, "no notebook 'nope'"),
    ({"hello.fail": "x"}, "has no parameter 'fail'"),
])
def test_bad_parameters_are_usage_errors(tmp_path, params, message):
    root = copy_project(tmp_path / "p", FIXTURE_NOTEBOOKS)
    with pytest.raises(UsageError, match=message):
        B.build_report(root, notebooks=root / "notebooks", params=params, quiet=True)


@pytest.mark.slow
def test_only_and_out(tmp_path):
    root = copy_project(tmp_path / "p", FIXTURE_NOTEBOOKS)
    out = tmp_path / "site"
    result = B.build_report(root, notebooks=root / "notebooks", out=out, only=["hello"], quiet=True)
    assert result.ran == ["hello"] and result["flaky"].status == "missing"
    assert (out / "hello/hello.html").is_file() and not (root / "build").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "niet gebouwd" in index
    with pytest.raises(UsageError, match="--jobs"):
        B.build_report(root, notebooks=root / "notebooks", jobs=0)


def test_a_page_with_an_image_without_description_is_named_in_the_build_log(tmp_path,
                                                                           capsys):
    """The page gives such an image a stand-in text; the author learns which page it is."""
    root = copy_project(tmp_path / "p")
    (root / "notebooks").mkdir()
    (root / "notebooks" / "kaart.py").write_text(
        '# %% tags=["parameters"]\nproject = ".."\nout_dir = "."\n\n'
        '# %%\nfrom IPython.display import HTML\n\nHTML("<img src=\'kaart.png\'>")\n',
        encoding="utf-8")
    assert cli_main(["build", str(root), "--notebooks", str(root / "notebooks")]) == 0
    err = capsys.readouterr().err
    assert "kaart: 1 image(s) on its page have no description" in err, err


# ---------------------------------------------------------------- kernel

def test_kernelspec_list_shows_the_project_kernel():
    B.ensure_kernel()
    jupyter = Path(PYTHON).with_name("jupyter")
    proc = subprocess.run([str(jupyter), "kernelspec", "list", "--json"], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    spec = json.loads(proc.stdout)["kernelspecs"]["programtheory"]
    assert Path(spec["spec"]["argv"][0]) == Path(PYTHON)


def test_package_dependencies_are_per_notebook():
    """A notebook reruns when a module it can reach changes, not when any module does."""
    def reach(name):
        text = (NOTEBOOKS / f"{name}.py").read_text(encoding="utf-8")
        return {m.split(".")[-1] for m in B.package_modules(text)}

    assert {"tables", "project", "model", "build"} <= reach("outcome_table")
    assert not {"render", "interactive", "diff", "charts"} & reach("outcome_table")
    assert {"render", "interactive", "layout"} <= reach("theory_diagram")
    assert "charts" not in reach("theory_diagram")  # no matplotlib for a page without charts
    assert "diff" in reach("theory_revision") and "diff" not in reach("barometer")
    assert {"charts", "barometer"} <= reach("barometer")
    # names the package exports lazily, and imports over several lines, count too
    lazy = B.package_modules("from programtheory import (load_project,\n    diff_versions)\n")
    assert {"programtheory.project", "programtheory.diff"} <= set(lazy)


@pytest.mark.slow
def test_notebooks_run_as_they_are_from_the_notebooks_folder(tmp_path):
    """Opened in JupyterLab and run without parameters, each notebook finds the project's own
    data through its defaults (project = '..') and writes below the project's build/lab/.
    Their kernels are forked by a kernel server, as a build's are (each starts as a fresh
    kernel would: tests/test_build_kernel_server.py); papermill runs each from the notebooks
    folder with no parameters, as JupyterLab would."""
    import jupytext

    from programtheory.build.kernel import kernel_argv
    from programtheory.build.kernel_client import KernelServer
    from programtheory.build.run import execute

    project = tmp_path / "project"
    copy_project(project, NOTEBOOKS, source=FIXTURE_PROJECT)
    B.ensure_kernel()
    before = sorted(p.name for p in (project / "notebooks").iterdir())
    server = KernelServer.start(kernel_argv())
    try:
        for name in NAMES:
            nb = jupytext.read(project / "notebooks" / f"{name}.py")
            execute(nb, tmp_path / f"{name}.ipynb", {}, project / "notebooks",
                    server.address if server is not None else "")
            written = list((project / "build" / "lab" / name).iterdir())
            assert written, name
    finally:
        if server is not None:
            server.stop()
    assert sorted(p.name for p in (project / "notebooks").iterdir()) == before, \
        "nothing is written next to the notebooks"


def test_a_project_without_barometer_skips_that_notebook(tmp_path, capsys):
    root = copy_project(tmp_path / "p")
    (root / "barometer.yaml").unlink()
    result = B.build_report(root, only="barometer")
    assert result.ok and result.ran == []
    assert result["barometer"].status == "skipped"
    assert "no barometer.yaml" in result["barometer"].reason
    index = (root / "build" / "index.html").read_text("utf-8")
    assert "overgeslagen" in index and "skipped" not in index
