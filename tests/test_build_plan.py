"""build.plan: where the notebooks come from (shipped, overridden, --notebooks), what runs, and
that the shipped notebooks use only the public API and travel with the package."""

from __future__ import annotations

import ast
import fnmatch
import importlib
import importlib.util
import shutil

import pytest

from build_support import FIXTURE_NOTEBOOKS, FIXTURE_PROJECT, copy_project, planned
from programtheory.build import workspace
from programtheory.build.plan import SHIPPED_NOTEBOOKS, notebook_sources, plan_build
from programtheory.build.results import Status
from programtheory.errors import UsageError

from project_support import REPO
SHIPPED = sorted(p.stem for p in SHIPPED_NOTEBOOKS.glob("*.py"))


def test_a_project_without_notebooks_gets_the_shipped_ones(tmp_path):
    root = copy_project(tmp_path / "p")
    sources = notebook_sources(root, None)
    assert sorted(sources) == SHIPPED and len(SHIPPED) >= 6
    assert all(path.parent == SHIPPED_NOTEBOOKS for path in sources.values())
    assert set(planned(root)) == set(SHIPPED)


def test_a_project_notebook_overrides_by_name_and_adds_the_rest(tmp_path):
    root = copy_project(tmp_path / "p", FIXTURE_NOTEBOOKS)
    own = root / "notebooks" / "barometer.py"
    shutil.copy(FIXTURE_NOTEBOOKS / "hello.py", own)
    sources = notebook_sources(root, None)
    assert sorted(sources) == sorted(set(SHIPPED) | {"hello", "flaky"})
    assert sources["barometer"] == own and sources["hello"].parent == root / "notebooks"
    assert sources["theory_diagram"].parent == SHIPPED_NOTEBOOKS
    # the registry's order first (so the index keeps its order), then the project's own
    assert list(sources)[:len(SHIPPED)] == [n for n in list(sources) if n in SHIPPED]
    plan = plan_build(root, None, None, None, None, "nl")
    shown = {p.name: p.shown_source for p in plan.plans}
    assert shown["barometer"] == "notebooks/barometer.py"
    assert shown["theory_diagram"] == "programtheory/notebooks/theory_diagram.py"


def test_notebooks_option_builds_exactly_that_folder(tmp_path):
    root = copy_project(tmp_path / "p")
    assert sorted(notebook_sources(root, FIXTURE_NOTEBOOKS)) == ["flaky", "hello"]
    with pytest.raises(UsageError, match="--notebooks .*no such folder"):
        notebook_sources(root, tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError, match="no notebooks"):
        notebook_sources(root, tmp_path / "empty")


def test_links_made_for_the_lab_are_the_shipped_notebooks(tmp_path):
    root = copy_project(tmp_path / "p")
    (root / "notebooks").mkdir()
    own = root / "notebooks" / "confidence.py"
    own.write_text((SHIPPED_NOTEBOOKS / "confidence.py").read_text("utf-8"), "utf-8")
    linked = workspace.link_shipped_notebooks(root / "notebooks")
    assert sorted(linked) == sorted(f"{n}.py" for n in SHIPPED if n != "confidence")
    assert workspace.link_shipped_notebooks(root / "notebooks") == []  # nothing twice
    sources = notebook_sources(root, None)
    assert sources["confidence"] == own  # the project's own file wins
    assert all(sources[n].parent == SHIPPED_NOTEBOOKS for n in SHIPPED if n != "confidence")


def test_lang_goes_only_to_notebooks_that_take_it(tmp_path):
    root = copy_project(tmp_path / "p", FIXTURE_NOTEBOOKS)
    plan = {p.name: p for p in plan_build(root, None, None, None, None, "en").plans}
    assert plan["barometer"].params["lang"] == "en"
    assert "lang" not in plan["hello"].params
    other = {p.name: p for p in plan_build(root, None, None, None, None, "nl").plans}
    assert other["barometer"].key != plan["barometer"].key  # one cache entry per language
    assert other["hello"].key == plan["hello"].key
    with pytest.raises(UsageError, match="set by the build"):
        plan_build(root, None, None, {"lang": "en"}, None, "nl")


def test_every_shipped_notebook_takes_the_language(tmp_path):
    root = copy_project(tmp_path / "p")
    plans = plan_build(root, None, None, None, None, "en").plans
    assert {p.name for p in plans if p.params.get("lang") == "en"} == set(SHIPPED)


def test_a_fresh_project_plans_every_notebook_due_and_nothing_else(tmp_path):
    root = copy_project(tmp_path / "p", source=FIXTURE_PROJECT)
    statuses = {status for status, _ in planned(root).values()}
    assert statuses == {Status.DUE}


def _public(module_name: str, name: str) -> bool:
    if name.startswith("_") or f"{module_name}.{name}".startswith(INTERNAL):
        return False
    if importlib.util.find_spec(module_name).submodule_search_locations and \
            importlib.util.find_spec(f"{module_name}.{name}") is not None:
        return True  # a public module of the package
    module = importlib.import_module(module_name)
    exported = getattr(module, "__all__", None)
    return not name.startswith("_") and (exported is None or name in exported)


INTERNAL = ("programtheory.build", "programtheory.build_files", "programtheory.build_workers",
            "programtheory.kernel")


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_notebooks_call_only_the_public_api(name):
    tree = ast.parse((SHIPPED_NOTEBOOKS / f"{name}.py").read_text(encoding="utf-8"))
    used = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("programtheory"):
            assert node.level == 0
            assert not node.module.startswith(INTERNAL), (name, node.module)
            assert not any(part.startswith("_") for part in node.module.split(".")), node.module
            for alias in node.names:
                assert _public(node.module, alias.name), (name, node.module, alias.name)
                used.append(alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                assert not alias.name.startswith(INTERNAL), (name, alias.name)
    assert used, f"{name} calls the package"


def test_the_notebooks_are_package_data():
    """The wheel carries the notebooks: the package-data globs cover every shipped file."""
    from setuptools.config.pyprojecttoml import read_configuration

    config = read_configuration(REPO / "pyproject.toml")
    globs = config["tool"]["setuptools"]["package-data"]["programtheory"]
    package = SHIPPED_NOTEBOOKS.parent
    for path in SHIPPED_NOTEBOOKS.iterdir():
        rel = path.relative_to(package).as_posix()
        assert any(fnmatch.fnmatch(rel, glob) for glob in globs), rel
    assert not (SHIPPED_NOTEBOOKS / "__init__.py").exists()  # data, not modules


def test_a_notebook_that_compares_versions_is_skipped_with_one_version(tmp_path):
    root = copy_project(tmp_path / "p")
    versions = sorted((root / "theory" / "versions").glob("*.yaml"))
    assert planned(root)["theory_revision"][0] == Status.DUE
    for extra in versions[1:]:
        extra.unlink()
    status, reason = planned(root)["theory_revision"]
    assert status == Status.SKIPPED and "fewer than 2 versions" in reason
    assert planned(root)["theory_diagram"][0] == Status.DUE
