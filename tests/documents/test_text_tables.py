from pipeline.documents.text_tables import text_table_spans

GRID = """Some text before the table.
+------------+----------------------+-----------+
| Objectives | Planned Action       | Financial |
|            | 2021/22              | Implicati |
+============+======================+===========+
| **Covid-19 Cluster Hub delivery**             |
+------------+----------------------+-----------+
| Be ready   | Keep the hub plan    | £4,000    |
|            | under review         |           |
+------------+----------------------+-----------+
And text after it.""".splitlines()


def test_a_table_typed_with_rules_and_bars_reads_as_rows_of_cells():
    [(start, end, table)] = text_table_spans(GRID)
    assert (start, end, table.n_cols) == (1, 10, 3)
    assert [[(c.col, c.span, c.text) for c in row.cells] for row in table.rows] == [
        [(0, 1, "Objectives"), (1, 1, "Planned Action 2021/22"), (2, 1, "Financial Implicati")],
        [(0, 3, "Covid-19 Cluster Hub delivery")],  # one cell: a group row across the table, emphasis dropped
        [(0, 1, "Be ready"), (1, 1, "Keep the hub plan under review"), (2, 1, "£4,000")]]


def test_a_markdown_pipe_table_has_one_row_per_line_and_bars_alone_are_no_table():
    lines = ["| Action | Outcome |", "|---|:---:|", "| Open a hub | Hub open |", "| Train staff | 10 trained |"]
    [(_, _, table)] = text_table_spans(lines)
    assert [row.texts() for row in table.rows] == [["Action", "Outcome"], ["Open a hub", "Hub open"],
                                                     ["Train staff", "10 trained"]]
    assert text_table_spans(["| a quoted line |", "| another |", "| and a third |"]) == []  # no rule
