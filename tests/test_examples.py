"""The English example project (examples/community-health) end to end: it validates without a
finding, renders, diffs its two versions, builds, opens in a browser, and shows no Dutch.

The example is independent of the project's own data: its own levels, terms, evidence sources
and factor polarities in project.yaml, and a staff survey on a 1-5 scale stored as counts.
"""

from __future__ import annotations

import json
import re

import pytest
from build_support import site_pages
from build_support import visible_text as page_text
from project_support import EXAMPLE

from programtheory.cli import main
from programtheory.project import read_project

# Dutch words that no English page should hold; chosen so that none is also an English word
# (no 'de', 'en', 'van', 'die', 'is'): function words, then the tool's own Dutch terms.
DUTCH_WORDS = (
    "het", "een", "niet", "voor", "naar", "wordt", "worden", "zijn", "ook", "bij", "deze",
    "dit", "geen", "maar", "wel", "nog", "tussen", "meting", "metingen", "gemiddelde",
    "uitkomst", "uitkomsten", "uitkomstentabel", "bronnen", "legende", "rapport", "termijn",
    "korte", "lange", "programmatheorie", "herziening", "citaten", "citaat", "niveau",
    "niveaus", "soort", "aantal", "aandeel", "gerapporteerd", "uitsplitsing", "bijgestuurde",
    "oorspronkelijke", "toegevoegd", "verwijderd", "gewijzigd", "onderbouwing", "zwakste",
    "paden", "stap", "stappen", "ondersteunt", "belemmert", "leidt", "noodzakelijk",
    "faciliterend", "gewenst", "ongewenst", "medewerkers", "cliënt", "geldig", "nee",
)
DUTCH = re.compile(r"(?<![\w-])(" + "|".join(DUTCH_WORDS) + r")(?![\w-])", re.IGNORECASE)


def visible_text(page: str) -> str:
    """What a reader sees, tooltips and screen-reader texts included: all must be English."""
    return page_text(page, attributes=True)


def dutch_words(text: str) -> list[str]:
    return sorted({match.group(1).lower() for match in DUTCH.finditer(text)})


def test_the_stop_word_list_catches_dutch_and_passes_english():
    assert dutch_words("Bronnen: het rapport (korte termijn)") == \
        ["bronnen", "het", "korte", "rapport", "termijn"]
    assert dutch_words("Van Evera's tests, de facto, en route: in the short term") == []
    assert dutch_words(visible_text('<p lang="nl">Legende</p><script>var het=1</script>')) \
        == ["legende"]
    assert dutch_words(visible_text('<iframe srcdoc="&lt;p&gt;meting&lt;/p&gt;">')) == ["meting"]


def test_the_example_validates_without_any_finding():
    result = read_project(EXAMPLE)
    assert [f.format() for f in result.findings] == []
    project = result.project
    assert project.languages == ["en"]
    assert sum(len(v.nodes) for v in project.versions.values()) >= 50
    assert project.versions["revised"].info.based_on == "initial"
    vocabulary = project.vocabulary
    assert {"participant", "staff", "community"} <= set(vocabulary.values("level"))
    assert {"first_year", "second_year", "lasting"} <= set(vocabulary.values("term"))


def test_the_example_survey_is_a_1_to_5_scale_with_counts_and_two_waves():
    barometer = read_project(EXAMPLE).project.barometer
    assert (barometer.instrument.scale_min, barometer.instrument.scale_max) == (1, 5)
    assert [w.id for w in barometer.waves] == ["w2023", "w2025"]
    for wave in barometer.waves:
        assert set(wave.counts) == {1, 2, 3, 4, 5}
        assert sum(wave.counts.values()) == wave.valid_n.value
        mean = sum(score * count for score, count in wave.counts.items()) / wave.valid_n.value
        assert abs(mean - wave.mean.value) <= wave.mean.precision / 2
        assert sum(g.n for g in wave.breakdowns[0].groups) == wave.valid_n.value


def test_the_example_renders_in_every_format(tmp_path):
    for version in ("initial", "revised"):
        for suffix in ("html", "svg"):
            out = tmp_path / f"{version}.{suffix}"
            assert main(["render", str(EXAMPLE), "--version", version, "--lang", "en",
                         "--out", str(out)]) == 0
            assert out.stat().st_size > 1000
    page = (tmp_path / "revised.html").read_text(encoding="utf-8")
    assert "Phone call after a missed appointment" in page
    assert dutch_words(visible_text(page)) == []


def test_the_diff_of_the_two_versions_says_what_the_revision_changed(capsys):
    assert main(["diff", "initial", "revised", str(EXAMPLE), "--format", "json"]) == 0
    change = json.loads(capsys.readouterr().out)
    text = json.dumps(change)
    for added in ("ac_group_sessions", "me_peer_learning", "ex_caseload", "R34"):
        assert added in text
    assert "ac_leaflets" in text
    assert main(["diff", "initial", "revised", str(EXAMPLE), "--lang", "en"]) == 0
    markdown = capsys.readouterr().out
    assert "Revised programme theory 2025" in markdown and dutch_words(markdown) == []


def test_without_lang_the_commands_speak_the_projects_language(tmp_path, capsys):
    out = tmp_path / "revised.html"
    assert main(["render", str(EXAMPLE), "--out", str(out)]) == 0
    assert main(["diff", "initial", "revised", str(EXAMPLE)]) == 0
    markdown = capsys.readouterr().out
    assert dutch_words(visible_text(out.read_text(encoding="utf-8"))) == []
    assert dutch_words(markdown) == []


@pytest.mark.slow
def test_the_example_builds_every_page(example_site):
    pages = site_pages(example_site)
    assert (example_site / "index.html") in pages and len(pages) >= 6
    index = (example_site / "index.html").read_text(encoding="utf-8")
    assert index.count('href="') >= 6


@pytest.mark.slow
def test_no_page_of_the_example_holds_a_dutch_word(example_site):
    pages = site_pages(example_site)
    found = {p.relative_to(example_site).as_posix():
             dutch_words(visible_text(p.read_text(encoding="utf-8"))) for p in pages}
    assert {page: words for page, words in found.items() if words} == {}
    for page in pages:
        assert 'lang="nl"' not in page.read_text(encoding="utf-8")[:2000], page


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.usefixtures("browser")  # Chromium there, or skipped as the conftest says
def test_the_example_pages_open_offline_without_errors(example_site):
    from build_support import open_pages

    reports = open_pages(site_pages(example_site))
    bad = [r.describe() for r in reports if not r.clean]
    assert not bad, "\n".join(bad)


def test_the_readme_counts_the_elements_it_says():
    readme = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    project = read_project(EXAMPLE).project
    for version in project.versions.values():
        assert f"({len(version.nodes)} elements)" in readme, version.id
    assert "invented" in readme.lower()
