"""The build's deferred imports (build/deferred_imports.py): nbformat no longer compiles the IRI
grammars on import, and jsonschema's IRI check answers as before."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.util import find_spec

import pytest

# in a fresh interpreter: what importing nbformat costs, and jsonschema's answers afterwards
PROBE = """
import json, sys
from programtheory.build.deferred_imports import defer_iri_grammars
defer_iri_grammars()
import jsonschema, nbformat
imported_on_import = "lark" in sys.modules
stand_in = sys.modules["rfc3987_syntax"]
stand_in.__spec__, getattr(stand_in, "__path__", None)  # what the import system asks
loaded_by_probes = "lark" in sys.modules
getattr(stand_in, "__all__", None)  # any other name is the real module's
loaded_by_a_name = "lark" in sys.modules
checker = jsonschema.FormatChecker()
values = json.loads(sys.argv[1])
answers = [checker.conforms(value, "iri") for value in values]
real = sys.modules["rfc3987_syntax"]
print(json.dumps({"lark_on_import": imported_on_import, "answers": answers,
                  "loaded_by_probes": loaded_by_probes, "loaded_by_a_name": loaded_by_a_name,
                  "real_after_use": not getattr(real, "__deferred__", False),
                  "direct": [real.is_valid_syntax("iri", v) for v in values if isinstance(v, str)]}))
"""
VALUES = ["http://example.com/ä", "https://voorbeeld.nl/pad?q=één#deel", "not an iri", "",
          "urn:isbn:0451450523", "mailto:someone@example.org", "relative/path", 3]
EXPECTED = [True, True, False, False, True, True, False, True]  # a non-string is not checked


def test_nbformat_imports_without_compiling_the_iri_grammars_and_the_check_still_works():
    if find_spec("rfc3987_syntax") is None:
        pytest.skip("rfc3987_syntax is not installed: there is nothing to defer")
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(VALUES)],
                          capture_output=True, text=True, timeout=120, check=True)
    probe = json.loads(done.stdout)
    assert probe["lark_on_import"] is False and probe["loaded_by_probes"] is False
    assert probe["loaded_by_a_name"] is True
    assert probe["answers"] == EXPECTED
    assert probe["real_after_use"]
    assert probe["direct"] == EXPECTED[:-1]


def test_nothing_is_put_in_place_of_a_module_imported_already(monkeypatch):
    from programtheory.build import deferred_imports as D

    already = object()
    monkeypatch.setitem(sys.modules, D.IRI_MODULE, already)
    D.defer_iri_grammars()
    assert sys.modules[D.IRI_MODULE] is already
