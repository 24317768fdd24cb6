"""Control and hidden characters in the text of every file read (PT210, PT211), except hidden
characters in a quote that the report text itself holds."""

from __future__ import annotations

import contextlib

from . import model as m
from .findings import Finding
from .report import locate_report, report_bytes


def text_findings(loaded: dict, project: m.Project | None) -> list[Finding]:
    """Control and hidden characters in every string of every file read (`textsafe`).

    Hidden characters are allowed in a string that occurs verbatim in the report text."""
    from .report import ReportText
    from .textsafe import data_findings
    from .yamlio import ReadRefused

    report: list = []

    def in_report(text: str) -> bool:
        if not report:
            report.append(None)
            info = project.sources.report if project is not None else None
            located = locate_report(project.root, info.file, info.search) if info else None
            if located is not None:
                # a report that cannot be read is reported by the report check
                with contextlib.suppress(OSError, ValueError, ReadRefused):
                    report[0] = ReportText(located, report_bytes(project.root, located))
        return report[0] is not None and report[0].contains(text)

    out: list[Finding] = []
    for display, result in loaded.items():
        if result.data is not None:
            out += data_findings(result.data, display, in_report, result.raw)
    return out
