"""Exchange with the tools other people use: the steering group's Excel workbook and Word
document, researchers' sheets of coded findings, and open graph formats.

Every import checks the whole project as it would be before anything is written, and edits
the YAML files so that comments, key order and quoting of untouched parts stay as they were.
"""

from .cells import ExchangeError
from .changes import Plan
from .workbook import export_workbook
from .workbook_import import plan_workbook_import

__all__ = ["ExchangeError", "Plan", "export_workbook", "plan_workbook_import"]
