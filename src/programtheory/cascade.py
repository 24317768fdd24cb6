"""The root cause first: nothing is reported that only follows from a file that could not be read.

When a file cannot be parsed, is not UTF-8, or has schema errors that leave it untyped, its own
errors are the answer. A reference into such a file cannot be judged: without the file's ids a
typo looks exactly like a valid id, and every such reference would be reported, with 'did you
mean' hints drawn from whatever else was readable (another version's ids). Those findings are
left out, and one note says how many checks were skipped and why.

Findings are ordered by cause (`findings.cause_key`); a parse error that the parser notices far
from its cause is moved to the cause (`point_at_cause`); commands that need valid data show the
same pruned, ordered findings in a few lines (`short_answer`).
"""

from __future__ import annotations

from .findings import Finding, Severity, cause_key, finding

# The reference findings that need another file's data: code -> (role of the file whose ids
# they resolve against, the data-path fields that mark them; None for every finding of the code).
# The other findings of PT306/PT307/PT308 resolve inside their own file and are kept.
_NEEDS: dict[str, tuple[str, frozenset[str] | None]] = {
    "PT303": ("version", frozenset({"bears_on"})),
    "PT305": ("sources", None),
    "PT306": ("version", frozenset({"theory"})),
    "PT307": ("version", frozenset({"theory"})),
    "PT308": ("version", frozenset({"targets"})),
    "PT309": ("version", None),
    "PT601": ("sources", None),
    "PT602": ("version", frozenset({"condition", "outcome"})),
    "PT604": ("version", None),
}
# Codes whose findings resolve against a second kind of file, told apart by their data path.
_ALSO_NEEDS: dict[str, tuple[str, frozenset[str]]] = {
    "PT602": ("evidence", frozenset({"evidence"})),
}

NOT_READ = "could not be read"
NOT_TYPED = "has errors that hide its ids"
NOT_USED = "repeats the version id of another file"  # the first file with the id is used

SHORT_ANSWER_ERRORS = 5


def needed_role(item: Finding) -> str | None:
    """The kind of file ('version', 'sources') whose ids the finding was resolved against, or
    None when it depends on no other file."""
    fields_in_path = {part for part in item.path if isinstance(part, str)}
    for rule in (_NEEDS.get(item.code), _ALSO_NEEDS.get(item.code)):
        if rule is None:
            continue
        role, fields = rule
        if fields is None or fields & fields_in_path:
            return role
    return None


def prune(findings: list[Finding], unread: dict[str, dict[str, str]]) -> list[Finding]:
    """`findings` without those that need a file that could not be read, and with one note
    (PT150) counting them. `unread`: role -> {file: reason} (NOT_READ, NOT_TYPED, NOT_USED)."""
    if not any(unread.values()):
        return findings
    kept: list[Finding] = []
    skipped = 0
    causes: dict[str, str] = {}
    for item in findings:
        role = needed_role(item)
        if role is not None and unread.get(role):
            skipped += 1
            causes.update(unread[role])
        else:
            kept.append(item)
    if skipped:
        kept.append(skipped_note(skipped, causes))
    return kept


def skipped_note(count: int, causes: dict[str, str]) -> Finding:
    """The one line that says how many checks were skipped and which files are the reason."""
    by_reason: dict[str, list[str]] = {}
    for file, reason in sorted(causes.items()):
        by_reason.setdefault(reason, []).append(file)
    why = "; ".join(f"{_join(files)} {reason if len(files) == 1 else _plural(reason)}"
                    for reason, files in by_reason.items())
    checks = "reference check" + ("s" if count != 1 else "")
    return finding("PT150", f"{count} {checks} skipped: {why}",
                   "fix the errors above and run validate again to check these references",
                   file=min(causes))


def _join(files: list[str]) -> str:
    return files[0] if len(files) == 1 else ", ".join(files[:-1]) + " and " + files[-1]


def _plural(reason: str) -> str:
    return {NOT_TYPED: "have errors that hide their ids",
            NOT_USED: "repeat the version id of another file"}.get(reason, reason)


def short_answer(findings: list[Finding], limit: int = SHORT_ANSWER_ERRORS) -> list[str]:
    """What a command that needs valid data says when it has none: the first `limit` errors,
    causes first, how many more there are, and the notes on skipped checks."""
    errors = sorted((f for f in findings if f.severity is Severity.ERROR), key=cause_key)
    notes = [f for f in findings if f.severity is Severity.NOTE]
    lines = [f.format() for f in errors[:limit]]
    if len(errors) > limit:
        lines.append(f"… and {len(errors) - limit} more error(s): run 'programtheory validate' "
                     "to see them all")
    return lines + [f.format() for f in notes]



def point_at_cause(findings: list[Finding], raw: bytes | None) -> list[Finding]:
    """Parse errors moved to the line that causes them, where the parser's own position is
    only where it noticed.

    An indented first key makes the whole file's top level indented; the parser notices only
    at the next top-level key, far below, with 'did not find expected <document start>'.
    """
    if not raw:
        return findings
    out = []
    for item in findings:
        start = _indented_start(raw) if item.code == "PT104" and \
            "<document start>" in item.message else None
        if start is None or start[0] >= item.line:
            out.append(item)
            continue
        line, indent, text = start
        out.append(finding(
            "PT104", f"the first key is indented by {indent} character(s), so the top level "
                     f"starts at column {indent + 1}; line {item.line} goes back to column 1",
            f"remove the indentation before '{text[:40]}' so that every top-level key starts "
            "at column 1", file=item.file, line=line, col=1))
    return out


def _indented_start(raw: bytes) -> tuple[int, int, str] | None:
    """(line, indentation, text) of the first line with content, when it is indented."""
    for number, line in enumerate(raw.decode("utf-8", "replace").splitlines(), start=1):
        stripped = line.lstrip(" \t\ufeff")
        if not stripped or stripped.startswith(("#", "%", "---")):
            continue
        indent = len(line) - len(stripped)
        return (number, indent, stripped) if indent else None
    return None
