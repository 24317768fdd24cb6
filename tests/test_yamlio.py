"""The strict YAML loader: the gotchas of YAML that the project refuses or defuses."""

from __future__ import annotations


import pytest

from programtheory import yamlio
from programtheory.yamlio import Positions, parse_yaml, read_yaml


def load(text: str | bytes):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return parse_yaml(raw, "f.yaml")


def codes(result) -> list[str]:
    return [f.code for f in result.findings]


@pytest.mark.parametrize("word", ["no", "No", "NO", "yes", "on", "off", "y", "n"])
def test_norway_words_stay_text(word):
    assert load(f"country: {word}\n").data == {"country": word}


@pytest.mark.parametrize("word,value", [("true", True), ("false", False), ("True", True)])
def test_true_and_false_are_booleans(word, value):
    assert load(f"x: {word}\n").data == {"x": value}


@pytest.mark.parametrize("text", ["2021-05-01", "2021-05-01 10:00:00", "2001-12-14t21:59:43.10-05:00"])
def test_no_implicit_dates(text):
    assert load(f"d: {text}\n").data == {"d": text}


def test_numbers_are_yaml_12_style():
    data = load("a: 007\nb: 1:20\nc: 0x1F\nd: 1_000\ne: 6.5\nf: .5\ng: 1e3\n").data
    assert data == {"a": 7, "b": "1:20", "c": "0x1F", "d": "1_000", "e": 6.5, "f": 0.5,
                    "g": 1000.0}


def test_null_forms():
    assert load("a: ~\nb: null\nc:\n").data == {"a": None, "b": None, "c": None}


def test_duplicate_keys_are_findings_with_both_positions():
    result = load("a: 1\nb: 2\na: 3\n")
    assert codes(result) == ["PT105"]
    assert (result.findings[0].line, result.findings[0].col) == (3, 1)
    assert "first at line 1" in result.findings[0].message
    assert result.data == {"a": 1, "b": 2}  # the first value is kept, never silently the last


def test_duplicate_keys_are_found_in_nested_mappings():
    result = load("nodes:\n  - id: a\n    label: x\n    label: y\n")
    assert codes(result) == ["PT105"] and result.findings[0].line == 4


def test_aliases_are_refused_at_the_alias_position():
    result = load("a: &x [1]\nb: *x\n")
    assert codes(result) == ["PT106"]
    assert (result.findings[0].line, result.findings[0].col) == (2, 4)
    assert result.data["b"] is None


def test_alias_bomb_is_refused_without_expanding():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    result = load("\n".join(lines) + "\n")
    assert set(codes(result)) == {"PT106"}
    assert result.data["a"] == ["lol"] * 9
    for key, value in result.data.items():  # no alias was expanded: each one became None
        if key != "a":
            assert value == [None] * 9, key


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['echo hi']",
                                 "!!python/name:os.system", "!!binary aGVsbG8=", "!custom x",
                                 "!!timestamp 2021-01-01", "!!set {a, b}"])
def test_explicit_tags_are_refused(tag):
    result = load(f"x: {tag}\n")
    assert "PT107" in codes(result)
    assert result.data == {"x": None}


def test_bom_is_accepted():
    assert load(b"\xef\xbb\xbfa: 1\n").data == {"a": 1}


def test_invalid_utf8_reports_byte_offset_line_and_column():
    result = load(b"a: 1\nb: caf\xe9\n")
    assert codes(result) == ["PT102"]
    finding = result.findings[0]
    assert "byte offset 11" in finding.message and "0xe9" in finding.message
    assert (finding.line, finding.col) == (2, 7)


def test_syntax_error_has_position():
    result = load("a: [1, 2\nb: 3\n")
    assert codes(result) == ["PT104"] and result.findings[0].line >= 1


def test_several_documents_are_refused():
    assert codes(load("a: 1\n---\nb: 2\n")) == ["PT108"]


def test_empty_file_has_no_data_and_no_finding():
    result = load("# only a comment\n")
    assert result.data is None and result.findings == []


def test_large_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", 100)
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * 200 + "\n", encoding="utf-8")
    result = read_yaml(big, "big.yaml")
    assert codes(result) == ["PT103"] and result.data is None


def test_missing_file_is_a_finding(tmp_path):
    result = read_yaml(tmp_path / "nope.yaml", "nope.yaml")
    assert codes(result) == ["PT101"]


def test_the_default_limit_is_twenty_megabytes():
    assert yamlio.MAX_FILE_BYTES == 20 * 1024 * 1024


def test_positions_are_found_lazily_for_keys_and_values():
    raw = b"nodes:\n  - id: a\n    kind: x\n  - id: b\n    lable: y\n"
    positions = Positions(raw)
    assert positions._root is None  # nothing composed until asked
    assert positions.locate(("nodes", 0, "kind")) == (3, 11)
    assert positions.locate(("nodes", 1, "lable"), key=True) == (5, 5)
    # a path past the data stops at the deepest part that exists: here the list under 'nodes'
    assert positions.locate(("nodes", 7, "id")) == positions.locate(("nodes",)) == (2, 3)


def test_the_c_parser_is_used():
    import yaml
    # PyYAML's wheels ship libyaml; without it every load is about 4x slower
    assert hasattr(yaml, "CSafeLoader"), "PyYAML was installed without libyaml"
    assert issubclass(yamlio.StrictLoader, yaml.CSafeLoader)


def test_deep_nesting_is_a_finding_not_a_crash():
    depth = 50_000
    result = load("a: " + "[" * depth + "]" * depth + "\n")
    assert result.data is None and codes(result) == ["PT104"]


def test_explicit_standard_tags_keep_their_meaning():
    assert load("a: !!str 123\nb: !!int '7'\n").data == {"a": "123", "b": 7}


def test_nested_structures_load_as_plain_python():
    data = load("nodes:\n  - id: a\n    levels: [case, client]\n    n: 3\n    ok: true\n").data
    assert data == {"nodes": [{"id": "a", "levels": ["case", "client"], "n": 3, "ok": True}]}


# ------------------------------------------------------------------ texts read again

AGAIN = [
    "nodes:\n  - id: a\n    kind: x\n  - id: b\n    label: 'y: z'\n",
    "a: 1\nb: 2\na: 3\n",  # a duplicate key
    "base: &b {x: 1}\nuse: *b\n",  # an alias
    "a: !!python/object:os.system x\n",  # a refused tag
    "a: 1\n---\nb: 2\n",  # two documents
    "a: [1, 2\nb: 3\n",  # a syntax error
    "# only a comment\n",
    "x: 1\n",
]


def _read(text: str):
    result = load(text)
    return result.data, [(f.code, f.line, f.col, f.message) for f in result.findings]


@pytest.mark.parametrize("text", AGAIN, ids=range(len(AGAIN)))
def test_a_text_read_again_reads_as_the_first_time(text):
    yamlio.COMPOSED.clear()
    first = _read(text)
    again = _read(text)  # from the kept node tree where there is one
    yamlio.COMPOSED.clear()
    assert again == first == _read(text)


def test_each_read_gets_data_of_its_own():
    text = "nodes:\n  - id: a\n    levels: [case]\n"
    first = load(text).data
    first["nodes"][0]["levels"].append("changed")
    assert load(text).data == {"nodes": [{"id": "a", "levels": ["case"]}]}


def test_positions_of_a_text_read_again_are_its_own():
    raw = b"nodes:\n  - id: a\n    kind: x\n  - id: b\n    lable: y\n"
    load(raw)  # its tree is kept now
    assert Positions(raw).locate(("nodes", 1, "lable"), key=True) == (5, 5)
    moved = b"# a comment first\n" + raw
    assert Positions(moved).locate(("nodes", 1, "lable"), key=True) == (6, 5)


def test_only_so_many_nodes_are_kept():
    trees = yamlio.ComposedTrees(max_nodes=100)
    texts = [f"key{i}: 1\n".encode() for i in range(10)]
    for text in texts:
        trees.put(text, object(), 20)
    assert [trees.get(t) is not None for t in texts] == [False] * 5 + [True] * 5
    trees.get(texts[5])  # read lately: the last to go
    trees.put(b"x: 2\n", object(), 20)
    assert trees.get(texts[5]) is not None and trees.get(texts[6]) is None
    trees.put(b"y: 3\n", object(), 26)  # over a quarter of the limit: not kept
    assert trees.get(b"y: 3\n") is None and trees.get(texts[9]) is not None


def test_a_flow_list_is_weighed_by_its_nodes_not_its_length():
    """A short text can hold many nodes ('[0,0,0,...]': 280 bytes of memory each)."""
    yamlio.COMPOSED.clear()
    many = ("a: [" + ",".join(["0"] * 30_000) + "]\n").encode()  # 60 kB of text
    few = b"a: " + b"x" * 60_000 + b"\n"
    load(many), load(few)
    assert yamlio.COMPOSED.get(many) is None and yamlio.COMPOSED.get(few) is not None


def test_the_same_characters_as_text_and_as_bytes_are_kept_apart():
    from programtheory.yaml_edit import compose

    yamlio.COMPOSED.clear()
    text = "nodes:\n  - id: é\n    kind: x\n"
    load(text)
    node, data = compose(text, "f.yaml")  # marks count characters here, bytes above
    assert data == {"nodes": [{"id": "é", "kind": "x"}]}
    assert node.value[0][1].value[0].value[1][1].start_mark.index == 27
    assert yamlio.COMPOSED.get(text) is node and yamlio.COMPOSED.get(text.encode()) is not node
