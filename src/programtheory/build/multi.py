"""Every language of a project side by side: `build/<lang>/` per language, each a full site
with a language switch on its index, and `build/index.html` to choose (it opens the primary
language).

Each language is a build of its own (own manifest and cache), so one language can be rebuilt
without the other, and a failure in one leaves the other's outputs alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..atomic import write_text_atomically
from ..exceptions import UsageError
from .kernel_client import one_server
from .languages import project_languages
from .pipeline import build_report
from .plan import BUILD_DIR
from .results import BuildResult
from .site import render_language_index

LANGUAGE_INDEX = "index.html"
# written into the top folder, so that a later build knows the chooser is its own
_MARK = '<meta name="generator" content="programtheory build_languages">'


@dataclass
class LanguageBuilds:
    """The sites of a build in every language, and the page that chooses between them."""

    index: Path
    results: list[BuildResult]

    @property
    def ok(self) -> bool:
        return all(result.ok for result in self.results)

    def __getitem__(self, lang: str) -> BuildResult:
        for result in self.results:
            if result.lang == lang:
                return result
        raise KeyError(lang)


def build_languages(path: str | Path = ".", out: str | Path | None = None,
                    languages: list[str] | None = None, **options: Any) -> LanguageBuilds:
    """Build the report in each language (default: every project language) into
    `<out>/<lang>/`; options as for `build_report`."""
    codes = list(languages or project_languages(path))
    if len(set(codes)) != len(codes):
        raise UsageError(f"--lang: a language is given twice: {', '.join(codes)}")
    top = Path(out) if out is not None else Path(path) / BUILD_DIR
    _check_top(top, codes)
    with one_server():  # one kernel server for every language's notebooks
        results = [build_report(path, out=top / code, lang=code, languages=codes, **options)
                   for code in codes]
    index = top / LANGUAGE_INDEX
    write_text_atomically(index, render_language_index(codes, codes[0]).replace(
        "<head>", "<head>\n" + _MARK, 1))
    return LanguageBuilds(index, results)


def _check_top(top: Path, codes: list[str]) -> None:
    """The chooser may replace only its own index.html, never a user's (or a one-language
    build's, which `--out` would then mix with the language folders)."""
    index = top / LANGUAGE_INDEX
    if index.is_file() and _MARK not in index.read_text(encoding="utf-8", errors="replace"):
        raise UsageError(
            f"{top}: holds a one-language build or other files (its index.html is not a "
            f"language chooser). Build all languages into another folder (--out), or remove "
            f"{top} first. The languages go into {', '.join(c + '/' for c in codes)}.")
