from pipeline.actions.table_rows import Groups, RowState, read_header, read_rows
from pipeline.actions.tables import find_header
from pipeline.columns import map_header
from pipeline.documents.model import Cell, Row, Table


def _table(rows):
    return Table(rows=[Row([Cell(t, i) for i, t in enumerate(r)]) for r in rows], n_cols=len(rows[0]))


def test_read_header_finds_the_key_column_the_money_unit_and_the_month_columns():
    head = ["No.", "Planned Action", "Expected Outcome", "Cost (£000)", "Apr", "May", "Jun", "Jul", "Aug", "Sep"]
    table = _table([head, ["1", "Run flu clinics", "", "12", "X", "X", "", "", "", ""]])
    header_row, mapping = find_header(table)
    header = read_header(table, header_row, mapping, (), 2021)
    assert header.key_col == 0 and header.unit == 1000.0 and header.first_body_row == 1
    assert list(header.months.values()) == ["Apr", "May", "Jun", "Jul", "Aug", "Sep"]
    records = []
    read_rows(table, 0, header.first_body_row, header, False, Groups(), RowState(), records)
    assert [(r.action, r.ref, r.timescale) for r in records] == [("Run flu clinics", "1", "Apr - May")]


def test_row_state_goes_on_over_a_page_break_and_starts_afresh_with_a_new_table():
    state = RowState(row_objective="Recover chronic disease reviews", awaiting_second_row=True,
                     last_alignment="Ministerial milestones", run_start=0)
    state.new_table(continuing=True, n_records=5)
    assert state.row_objective and state.awaiting_second_row and state.run_start == 0
    state.new_table(continuing=False, n_records=5)
    assert state == RowState(run_start=5)


def test_an_objective_row_lends_its_objective_to_the_rows_under_it():
    head = ["Planned Action", "Expected Outcome", "Monitoring"]
    table = _table([head, ["Objective: recover routine reviews", "", ""],
                    ["Restart diabetes reviews", "90% reviewed", "QOF"]])
    table.rows[1] = Row([Cell("Objective: recover routine reviews", 0, 3)])
    header = read_header(table, 0, map_header(list(enumerate(head))), (), 2021)
    records, groups = [], Groups()
    read_rows(table, 0, 1, header, False, groups, RowState(), records)
    assert [(r.action, r.objective) for r in records] == [("Restart diabetes reviews", "recover routine reviews")]
