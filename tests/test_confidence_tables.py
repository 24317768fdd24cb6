"""The confidence tables as Word documents: every value in its row and column."""

from __future__ import annotations

from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from programtheory.confidence_tables import records_to_docx
from programtheory.tables import Records

_values = st.one_of(st.none(), st.text("abc é<>&", max_size=8),
                    st.lists(st.text("xyz", min_size=1, max_size=4), min_size=1, max_size=3))


@given(st.lists(st.lists(st.tuples(_values, _values), min_size=1, max_size=10),
                min_size=1, max_size=2))
@settings(max_examples=25, deadline=None)
def test_each_sheet_is_a_table_with_each_value_in_its_cell(tmp_path_factory, sheets):
    records = [Records(["a", "b"], [{"a": x, "b": y} for x, y in rows], caption=f"tabel {i}")
               for i, rows in enumerate(sheets)]
    path = records_to_docx(records, tmp_path_factory.mktemp("docx") / "t.docx")
    tables = Document(str(path)).tables
    assert len(tables) == len(sheets)
    for table, rows in zip(tables, sheets, strict=True):
        assert [c.text for c in table.rows[0].cells] == ["a", "b"]
        for row, pair in zip(list(table.rows)[1:], rows, strict=True):
            for cell, value in zip(row.cells, pair, strict=True):
                lines = value if isinstance(value, list) else [value]
                assert [p.text for p in cell.paragraphs] == ["" if v is None else v
                                                             for v in lines]
