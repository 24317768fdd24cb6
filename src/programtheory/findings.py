"""Findings: what a check reports, and the catalogue of every finding code.

A finding names a file, line and column, says what is wrong and how to fix it. The catalogue
below is the single source of the codes; `docs/errors.md` is generated from it
(`programtheory errors --write`), and a test fails when that page is stale.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"  # not a problem in the data: what was not checked, and why


@dataclass(frozen=True)
class CodeInfo:
    code: str
    name: str
    severity: Severity
    meaning: str
    example: str
    fix: str


@dataclass
class Finding:
    code: str
    message: str
    file: str = ""
    line: int = 0  # 1-based; 0 when the finding has no position
    col: int = 0  # 1-based
    hint: str = ""
    severity: Severity = field(default=Severity.ERROR)
    # where in the file's data the problem is, resolved to line/col lazily
    path: tuple = field(default=(), repr=False, compare=False)

    def format(self) -> str:
        where = self.file or "<project>"
        if self.line:
            where += f":{self.line}:{self.col}"
        text = f"{where}: {self.severity.value}[{self.code}]: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def to_json(self) -> dict:
        data = asdict(self)
        data.pop("path")
        data["severity"] = self.severity.value
        data["name"] = CATALOGUE[self.code].name if self.code in CATALOGUE else ""
        return data


def finding(code: str, message: str, hint: str = "", *, file: str = "", line: int = 0,
            col: int = 0, path: tuple = ()) -> Finding:
    """A finding of a catalogued code, with that code's severity; without a hint of its own
    it gets the catalogue's fix, so that every finding says what to do."""
    info = CATALOGUE[code]
    return Finding(code=code, message=message, file=file, line=line, col=col,
                   hint=hint or info.fix, severity=info.severity, path=path)


def did_you_mean(word: str, choices, n: int = 1) -> str:
    """A 'did you mean' phrase for the closest choices, or ''.

    >>> did_you_mean("asumption", ["assumption", "action"])
    "did you mean 'assumption'?"
    >>> did_you_mean("xyz", ["assumption"])
    ''
    """
    return _closest(str(word), tuple(str(c) for c in choices), n)


@functools.lru_cache(maxsize=4096)
def _closest(word: str, choices: tuple[str, ...], n: int) -> str:
    # a file that cannot be read leaves every reference into it unknown: the same few ids are
    # looked up hundreds of times, each a difflib pass over every id of the project
    close = difflib.get_close_matches(word, choices, n=n, cutoff=0.6)
    if not close:
        return ""
    return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"


def sort_key(item: Finding) -> tuple:
    return (item.file, item.line, item.col, item.code, item.message)


E, W = Severity.ERROR, Severity.WARNING
_CODES = [
    # ---- reading files
    CodeInfo("PT100", "project-not-found", E, "The folder is not a project: it has no theory/.",
             "programtheory validate docs/", "Run the command in the project folder or pass it "
             "as PATH: the folder holding theory/, outcomes.yaml and barometer.yaml."),
    CodeInfo("PT101", "unreadable-file", E, "A file could not be read.",
             "theory/versions/x.yaml: permission denied",
             "Check that the file exists and that you may read it."),
    CodeInfo("PT102", "invalid-utf8", E, "The file is not valid UTF-8.",
             "byte 0xe9 at offset 120 (a Latin-1 'é')",
             "Save the file as UTF-8 (most editors: 'Save with encoding')."),
    CodeInfo("PT103", "file-too-large", E, "The file is larger than the 20 MB limit.",
             "a 30 MB evidence file", "Split the data over several files in the same folder."),
    CodeInfo("PT104", "yaml-syntax", E, "The file is not valid YAML.",
             "key: value: other", "Fix the syntax at the position shown; quote text that "
             "contains ': ' or starts with a special character."),
    CodeInfo("PT105", "duplicate-key", E, "A mapping has the same key twice; YAML readers "
             "would silently keep only the last value.", "label: ... twice in one node",
             "Remove or rename one of the two keys."),
    CodeInfo("PT106", "alias-not-allowed", E, "YAML aliases (*name) are refused: they hide "
             "shared data and allow 'billion laughs' expansion.", "levels: *org",
             "Write the value out in full instead of referring to an anchor."),
    CodeInfo("PT107", "tag-not-allowed", E, "An explicit YAML tag (!name or !!type) is refused.",
             "label: !!python/object ...", "Remove the tag; write plain values."),
    CodeInfo("PT108", "wrong-document", E, "The file's top level is not the expected mapping, "
             "or the file holds several documents.", "a list at the top of a version file",
             "Start the file with the keys the file type expects (see docs/data-format.md)."),
    CodeInfo("PT110", "not-a-regular-file", E, "A data or report file is a device, pipe or "
             "socket, so it is not read (it could be endless or wait forever).",
             "theory/evidence/z.yaml -> /dev/zero",
             "Replace it with an ordinary file holding the data."),
    CodeInfo("PT111", "link-outside-project", E, "A symbolic link leads out of the project; "
             "files are read only inside the project folder, so nothing outside it is read or "
             "shown.", "theory/evidence/x.yaml -> ~/secrets.yaml",
             "Copy the file into the project, or link to a file inside the project."),
    CodeInfo("PT112", "report-path-outside", E, "The report's file or search folder lies "
             "outside the project and the folder beside it, so it is not looked at.",
             "search: [../../../../etc]", "Put the report text inside the project or in a "
             "folder beside it (search: [../texts]) and name it with a plain file name."),
    # ---- project settings (project.yaml)
    CodeInfo("PT120", "settings-unknown-field", E, "project.yaml has a field that is not part "
             "of the project settings (often a typo).", "langauges: [en]",
             "Use the suggested field name; docs/data-format.md lists the fields."),
    CodeInfo("PT121", "settings-invalid-value", E, "A value in project.yaml has the wrong form "
             "or type.", "languages: English", "Write language codes as a list, such as "
             "[en, nl], and labels as {en: ...}."),
    CodeInfo("PT122", "duplicate-language", E, "project.yaml lists a language twice.",
             "languages: [en, nl, en]", "List each language once, the primary one first."),
    CodeInfo("PT123", "duplicate-vocabulary-value", E, "A vocabulary category of project.yaml "
             "lists the same id twice.", "terms: [short, short]", "List each value once."),
    CodeInfo("PT124", "unknown-vocabulary-value", E, "project.yaml names a value as if it were "
             "built in, or a kind it does not have.", "terms: [shrot]",
             "Use the suggested built-in value, or give the new value an id and a label."),
    CodeInfo("PT125", "vocabulary-label-missing", E, "A project's own vocabulary value has no "
             "label in the project's primary language.", "levels: [{id: staff, label: {}}]",
             "Add the label in the primary language (the first of languages)."),
    CodeInfo("PT126", "label-language-not-listed", W, "A vocabulary label, or the data's prose "
             "(text_language), is written in a language that is not one of the project's "
             "languages: no page shows it.",
             "label: {fr: ...} with languages: [en]",
             "Add the language to languages, or remove the label (name a listed language as "
             "text_language)."),
    CodeInfo("PT127", "language-without-catalogue", W, "A project language has no message "
             "catalogue, so pages in that language cannot be written.", "languages: [fr]",
             "Use a shipped language (nl, en), or add a catalogue to the package."),
    CodeInfo("PT128", "unknown-locale", E, "The number locale is not one Babel knows.",
             "locale: english", "Write a locale such as nl_BE, nl_NL, en_GB or en_US."),
    CodeInfo("PT129", "title-without-primary-language", W, "The project title has no text in "
             "the primary language.", "title: {nl: ...} with languages: [en, nl]",
             "Add the title in the primary language."),
    # ---- sources
    CodeInfo("PT130", "source-file-missing", W, "A source document is declared (report.file "
             "in theory/sources.yaml) but its text file is in none of the search folders, so "
             "the wording and line references that cite it are not checked against it.",
             "file: report.txt, search: [texts] and no texts/report.txt",
             "Put the text file in one of the search folders, add its folder to 'search', or "
             "remove the 'report' entry if the project has no source document."),
    # ---- schema
    CodeInfo("PT201", "unknown-field", E, "A field name is not part of the schema (often a "
             "typo).", "lable: {nl: ...}", "Use the suggested field name, or remove the field."),
    CodeInfo("PT202", "missing-field", E, "A required field is missing.",
             "a node without kind", "Add the field."),
    CodeInfo("PT203", "invalid-value", E, "A value has the wrong type or is not one of the "
             "allowed values.", "kind: asumption", "Use one of the allowed values shown."),
    CodeInfo("PT204", "missing-primary-label", E, "An element has no label in the project's "
             "primary language (the first of languages in project.yaml; nl without it).",
             "label: {nl: '', en: Time} in a Dutch project",
             "Write the label in the primary language; other languages are optional."),
    CodeInfo("PT205", "condition-not-allowed", E, "A condition (necessary/facilitating) is set "
             "on a kind that cannot carry one.", "kind: outcome, condition: necessary",
             "Remove the condition, or change the kind to assumption, resource or "
             "external_factor."),
    CodeInfo("PT206", "term-not-allowed", W, "A term (short/medium/long) is set on a kind for "
             "which a term has no meaning.", "kind: assumption, term: long",
             "Remove the term, or check the kind."),
    CodeInfo("PT207", "unknown-link-kind", E, "A link kind is not in the rule table.",
             "kind: leads-to", "Use one of the link kinds in docs/link-rules.md."),
    CodeInfo("PT208", "report-line-out-of-range", E, "A report reference points past the end "
             "of the report text.", "lines: [20000, 20010]",
             "Check the line numbers against the report text file."),
    CodeInfo("PT209", "unknown-report-section", W, "A report reference names a section that "
             "theory/sources.yaml does not list.", "section: '4.1.8'",
             "Use the suggested section, or add it to report.sections in theory/sources.yaml."),
    CodeInfo("PT210", "control-character", E, "Text holds a control character (such as "
             "backspace, escape or NUL), which breaks figures, files and terminal output.",
             'label: "a\\bb"', "Delete the character; a line break is written as a plain "
             "line break."),
    CodeInfo("PT211", "hidden-character", E, "Text holds a bidirectional control "
             "(U+202A–U+202E, U+2066–U+2069) or a zero-width character that hides inside a "
             "word, so it reads differently from how it is stored; allowed only in a quote "
             "where the report has it.", 'text: "abc\\u202edef"',
             "Delete the character, or copy the quote verbatim from the report."),
    # ---- identity and references
    CodeInfo("PT301", "duplicate-id", E, "Two elements share an id (within a version, or "
             "across the evidence, recommendation or table files).", "two nodes 'res_time'",
             "Give each element its own id; ids are how evidence and links find it."),
    CodeInfo("PT302", "dangling-reference", E, "A link, parent, group or correspondence names "
             "an id that does not exist.", "from: res_tme", "Use the suggested id, or add the "
             "missing element."),
    CodeInfo("PT303", "evidence-unknown-target", E, "Evidence bears on an id that no version "
             "has.", "bears_on: [rev_st_trsut]", "Use the suggested id."),
    CodeInfo("PT304", "evidence-bears-on-nothing", E, "Evidence bears on no node or link, so "
             "no one will find it.", "bears_on: []", "List the node or link ids it supports, "
             "contradicts or nuances."),
    CodeInfo("PT305", "unknown-citation", E, "A citation key is not in theory/sources.yaml.",
             "citations: [munro-2061]", "Use the suggested key, or add the source to "
             "theory/sources.yaml."),
    CodeInfo("PT306", "outcome-table-unresolved", E, "An outcome-table item refers to a theory "
             "id, indicator or perspective that does not exist.", "theory: [oc_lt_avoid]",
             "Use the suggested id."),
    CodeInfo("PT307", "barometer-unresolved", E, "A barometer entry refers to a theory id, "
             "critical element or level that does not exist.", "theory: [crit_leren]",
             "Use the suggested id."),
    CodeInfo("PT308", "recommendation-unresolved", E, "A recommendation targets or has as "
             "parent an id that does not exist.", "targets: [fb_loop]", "Use the suggested id."),
    CodeInfo("PT309", "correspondence-unresolved", W, "A node corresponds to an id that no "
             "other version has.", "corresponds_to: [asm_stance]", "Use the suggested id."),
    CodeInfo("PT310", "revision-contradicted", W, "An element is marked not discussed in the "
             "revision, yet the revised version continues it (same id or corresponds_to).",
             "revision: {status: not_discussed} while a revised node corresponds to it",
             "Set revision.status to retained or reframed, or remove the correspondence."),
    # ---- the theory's logic
    CodeInfo("PT401", "link-kind-not-allowed", E, "The link kind may not join these two node "
             "kinds (see the rule table in docs/link-rules.md).",
             "problem --leads_to--> problem", "Choose a link kind that fits, or check the "
             "node kinds."),
    CodeInfo("PT402", "backwards-in-term", E, "A causal link runs from a later term to an "
             "earlier one (e.g. long to short) without being a feedback link.",
             "oc_lt_x --leads_to--> oc_st_y", "Reverse the link, or make it kind feeds_back."),
    CodeInfo("PT403", "cycle", E, "Causal links form a cycle that does not pass through a "
             "feedback link.", "a -> b -> a", "Break the cycle, or mark the returning link "
             "as feeds_back."),
    CodeInfo("PT404", "orphan", W, "A node has no links and belongs to no group or parent.",
             "a resource nobody uses", "Link it to what it enables, or remove it."),
    CodeInfo("PT405", "self-loop", E, "A link starts and ends at the same element.",
             "from: a, to: a", "Point the link at another element."),
    CodeInfo("PT406", "duplicate-link", W, "Two links join the same two elements with the "
             "same kind.", "I03 and I07 both a -> b", "Merge them, keeping both sentences in "
             "the note."),
    CodeInfo("PT407", "empty-group", E, "A group has no members.", "members: []",
             "List the member node ids."),
    CodeInfo("PT410", "cycle-through-group", E, "Causal links form a cycle once group "
             "membership is counted: a group leads (directly or through other elements) to one "
             "of its own members, or a member leads back into its group.",
             "group g -> x -> m, with m a member of g", "Link from or to the member itself, "
             "or mark the returning link as feeds_back."),
    # ---- moderators: links that act on a link (moderators.py)
    CodeInfo("PT411", "link-from-link", E, "A link starts at a link; only its `to` may name a "
             "link (a moderator).", "from: L4", "Start the link at the element that acts on "
             "the relation, and name the relation in `to`."),
    CodeInfo("PT412", "moderator-mixed-ends", E, "A link's `to` names a link and elements at "
             "once; acting on a relation and on an element are two statements.",
             "to: [L4, oc_trust]", "Split it into two links: one to the link, one to the "
             "element."),
    CodeInfo("PT413", "moderator-kind", E, "A link that acts on another link has a kind that "
             "cannot act on a relation.", "kind: part_of, to: L4",
             "Use moderates, facilitates, hinders, enables, necessary_for, supports or "
             "prevents."),
    CodeInfo("PT414", "moderates-itself", E, "A link names itself in `to`.", "id: M1, to: M1",
             "Name the link it moderates."),
    CodeInfo("PT415", "moderator-circle", E, "Links moderate each other in a circle, so no "
             "relation is left for them to act on.", "M1 to: M2, M2 to: M1",
             "Point one of them at the relation both act on."),
    # ---- data consistency
    CodeInfo("PT501", "distribution-over-100", E, "A wave's score shares add up to more than "
             "100%.", "shares 60% + 50%", "Check the percentages against the report."),
    CodeInfo("PT502", "score-out-of-scale", E, "A score share lies outside the instrument's "
             "scale.", "scores: [0, 0] on a 1-10 scale", "Use scores within the scale."),
    CodeInfo("PT503", "duplicate-cell", E, "The outcome table has two cells for the same "
             "perspective and term.", "two cells client_view/short", "Merge the items into "
             "one cell."),
    CodeInfo("PT504", "no-versions", E, "The project has no theory version.",
             "an empty theory/versions/", "Add a version file under theory/versions/."),
    # ---- monitoring over time (imported waves, mappings, measurements)
    CodeInfo("PT510", "wave-counts-inconsistent", E, "An imported wave's counts per score lie "
             "outside the scale or do not add up to its valid n.",
             "counts: {1: 3, 11: 2}", "Import the wave again from its export with --replace."),
    CodeInfo("PT511", "unknown-factor-count", E, "A wave counts a factor that is not "
             "in factors:.", "factor_counts: {f_fac_ind_99: 3}", "Use the suggested factor id."),
    CodeInfo("PT512", "unknown-survey-item", E, "The instrument or a mapping breaks results "
             "down by a survey item that does not exist.", "breakdown_items: [sv_bg_44]",
             "Use an id of survey_items."),
    CodeInfo("PT513", "threshold-out-of-scale", E, "The instrument's threshold is not a score "
             "of its scale.", "threshold: 11 on a 1-10 scale", "Use a score of the scale."),
    CodeInfo("PT514", "duplicate-measurement", E, "An indicator has two measurements for the "
             "same period.", "two measurements for 2024", "Keep one value per period."),
    # ---- notes
    CodeInfo("PT150", "checks-skipped", Severity.NOTE, "References into a file that could not "
             "be read were not checked: without its ids a typo cannot be told from a valid id, "
             "so these checks would only repeat the file's own error hundreds of times.",
             "212 reference checks skipped: theory/versions/revised.yaml could not be read",
             "Fix the errors of that file and run validate again; the skipped checks then run."),
    CodeInfo("PT151", "key-in-text", W, "A text contains 'name:' where name is a key its "
             "element lacks: a key line indented one step too far is read as part of the text "
             "above it, and its value is silently lost.",
             "description: >- ... (a line '  levels: [client]' indented under the text)",
             "Indent the key like its neighbours; if the words are meant as text, quote it."),
    # ---- layout columns of a version (column_checks.py)
    CodeInfo("PT140", "unknown-column", E, "A version's `columns` names a column the layout "
             "does not have; it used to be ignored, leaving the column order unchanged.",
             "columns: [assumption, resorce, action]", "Use the suggested key: a kind drawn "
             "in the columns, or outcome_<term> (docs/data-format.md, version.columns)."),
    CodeInfo("PT141", "duplicate-column", E, "A version's `columns` lists a column twice.",
             "columns: [action, output, action]", "Keep each column once."),
    # ---- cases, confidence and necessity
    CodeInfo("PT601", "unknown-case", E, "An evidence item names a case that theory/sources.yaml "
             "does not list under cases.", "case: case_7", "Use the suggested case id, or add "
             "the case to theory/sources.yaml cases."),
    CodeInfo("PT602", "case-statement-unresolved", E, "A case statement names a condition, "
             "outcome or evidence item that does not exist.", "condition: rev_asm_netwerk",
             "Use the suggested id."),
    CodeInfo("PT603", "competing-link-unresolved", E, "A link competes with an id that is no "
             "link of the same version, or with itself.", "competes_with: [R99]",
             "Name a link of the same version."),
    CodeInfo("PT604", "necessary-condition-lacked", W, "A condition marked necessary was "
             "absent in a case where its outcome occurred, by the report's own case counts.",
             "condition: necessary, outcome_without_condition: 1",
             "Check the condition: the cases suggest it is facilitating, not necessary."),
    CodeInfo("PT605", "case-counts-inconsistent", E, "The counts of a case statement cannot "
             "all hold at once (no table of cases fits them).",
             "cases: 5, with_condition: 4, outcome_without_condition: 2",
             "Check the counts against the report."),
]
CATALOGUE: dict[str, CodeInfo] = {info.code: info for info in _CODES}


def catalogue_markdown() -> str:
    """The error catalogue as a Markdown page (docs/errors.md)."""
    lines = ["# Finding codes", "",
             "Generated by `programtheory errors --write` from `src/programtheory/findings.py`."
             " Do not edit by hand.", "",
             "`programtheory validate` prints each finding as "
             "`FILE:LINE:COL: severity[CODE]: message`, followed by a hint line. It exits 0 "
             "when there are no errors (warnings allowed), 1 when there are errors, and 2 on a "
             "usage or IO problem.", "",
             "| code | name | severity | meaning | example | fix |",
             "|---|---|---|---|---|---|"]
    for info in _CODES:
        cells = [info.code, info.name, info.severity.value, info.meaning, f"`{info.example}`",
                 info.fix]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


# the order of causes: a file that cannot be read explains its schema errors, a schema error
# explains a dangling reference, and a missing reference explains a gap in the logic
_CAUSE_RANK = {"1": 0, "2": 1, "3": 2, "4": 3, "5": 3, "6": 2}


def cause_key(item: Finding) -> tuple:
    """Sort key that puts root causes first: read errors, then schema errors, references and
    the theory's logic, each by file and position; notes on skipped checks come last."""
    rank = 9 if item.severity is Severity.NOTE else _CAUSE_RANK.get(item.code[2:3], 8)
    return (rank,) + sort_key(item)
