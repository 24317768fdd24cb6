"""Work that third-party modules do on import and a build never needs, put off until used.

nbformat, which every notebook run imports, imports jsonschema; jsonschema imports
rfc3987_syntax when it is installed (jupyter-events asks for it through
`jsonschema[format-nongpl]`) to check the "iri" string format, and that module compiles 38
lark grammars as it is imported: 1.3 CPU-s in each build process, a third of what a build of
one small notebook costs. A build never checks that format. `defer_iri_grammars` puts a
stand-in in the module's place: jsonschema's check works as before, and the first use of the
stand-in imports the real module, which from then on answers everything.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types
from typing import Any

IRI_MODULE = "rfc3987_syntax"


_IMPORTING = threading.Lock()  # two threads that first use it import it once, not twice
# what the import system asks of a module that is being imported from or looked over; any
# other name, `__all__` and `__version__` included, is the real module's
_PROBED = frozenset({"__path__", "__file__", "__cached__", "__loader__", "__package__",
                     "__spec__", "__getattr__", "__dict__", "__wrapped__"})


def _real_module() -> types.ModuleType:
    with _IMPORTING:
        module = sys.modules.get(IRI_MODULE)
        if module is None or getattr(module, "__deferred__", False):
            sys.modules.pop(IRI_MODULE, None)
            module = importlib.import_module(IRI_MODULE)
        return module


def _is_valid_syntax(term: str, value: str) -> bool:
    return _real_module().is_valid_syntax(term, value)


def _any_other(name: str) -> Any:
    if name in _PROBED:
        raise AttributeError(f"module {IRI_MODULE!r} (not yet imported) has no {name!r}")
    return getattr(_real_module(), name)


def defer_iri_grammars() -> None:
    """Put the stand-in in place, unless the module is imported already or not installed."""
    if IRI_MODULE in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(IRI_MODULE)
    except (ImportError, ValueError):
        spec = None
    if spec is None:  # jsonschema then goes without the check, as it does anyway
        return
    stand_in = types.ModuleType(IRI_MODULE, "Imports rfc3987_syntax when first used.")
    stand_in.__spec__, stand_in.__file__ = spec, spec.origin
    if spec.submodule_search_locations is not None:  # its submodules can still be imported
        stand_in.__path__ = list(spec.submodule_search_locations)
    stand_in.__deferred__ = True
    # `from rfc3987_syntax import is_valid_syntax` (jsonschema's import) must not import it
    stand_in.is_valid_syntax = _is_valid_syntax
    stand_in.__getattr__ = _any_other  # any other name (PEP 562)
    sys.modules[IRI_MODULE] = stand_in
