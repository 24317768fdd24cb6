"""Properties of the text clean-up, checked on many random strings from a hostile alphabet
(seeded, so a failure repeats): nothing unsafe survives, nothing safe is lost, nothing is cut."""

from __future__ import annotations

import json
import random
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest

from programtheory.layout import dot_executable, dot_quote
from programtheory.tables import _cell_pieces
from programtheory.textsafe import CONTROL, export_text, hidden_characters, terminal_text

ALPHABET = (list("abcXYZ 019") + list("&<>\"'\\{}$%#_~^=+-@") + [chr(c) for c in range(32)]
            + ["\x7f", "\x85", "\x9b", "\u202a", "\u202e", "\u2066", "\u2069", "\u200b",
               "\u200c", "\u200d", "\u2060", "\ufeff", "\u2028", "\u2029", "é", "ë", "≥",
               "😀", "👩", "e\u0301", "ע", "中", "\u00a0"])
UNSAFE = re.compile(f"{CONTROL.pattern}|[\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff]")


def _strings(seed: int, count: int = 300, longest: int = 40) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randrange(longest)))
            for _ in range(count)]


def _safe_part(text: str) -> str:
    return "".join(c for c in text if not UNSAFE.match(c) and c not in "\u200c\u200d")


@pytest.mark.parametrize("seed", range(5))
def test_export_text_removes_exactly_the_unsafe_characters(seed):
    for text in _strings(seed):
        out = export_text(text)
        assert not UNSAFE.search(out.replace("\t", "").replace("\n", "").replace("\r", ""))
        assert not hidden_characters(out)
        assert export_text(out) == out
        expected = _safe_part(text).replace("\u2028", "\n").replace("\u2029", "\n")
        assert _safe_part(out) == expected  # every safe character kept, in order


@pytest.mark.parametrize("seed", range(5))
def test_terminal_text_escapes_and_keeps_json_exact(seed):
    for text in _strings(seed):
        shown = terminal_text(json.dumps(text, ensure_ascii=False))
        assert not UNSAFE.search(shown) and "\u2028" not in shown
        assert json.loads(shown) == text


@pytest.mark.parametrize("seed", range(3))
def test_cell_pieces_keep_all_text_within_the_limit(seed):
    rng = random.Random(seed)
    for text in _strings(seed, 100, 400):
        limit = rng.randrange(2, 50)
        pieces = _cell_pieces(text, limit)
        assert "".join(pieces) == text
        assert all(len(p.encode("utf-16-le")) // 2 <= limit for p in pieces)
        assert all(pieces[:-1])


def test_graphviz_reads_every_quoted_text_as_written():
    texts = [t.replace("\n", " ") for t in _strings(7, 150)]
    lines = ["digraph g {"]
    for i, text in enumerate(texts):
        lines.append(f"  n{i} [label={dot_quote(text)}];")
    lines.append("}")
    done = subprocess.run([dot_executable(), "-Tsvg"], input="\n".join(lines).encode("utf-8"),
                          capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    svg = ET.fromstring(done.stdout)
    drawn = {}
    for group in svg.iter("{http://www.w3.org/2000/svg}g"):
        title = group.find("{http://www.w3.org/2000/svg}title")
        if title is not None and re.fullmatch(r"n\d+", title.text or ""):
            drawn[title.text] = " ".join(
                "".join(t.itertext()) for t in group.iter("{http://www.w3.org/2000/svg}text"))
    for i, text in enumerate(texts):
        expected = " ".join(export_text(text).split())
        assert " ".join(drawn.get(f"n{i}", "").split()) == expected, repr(text)
