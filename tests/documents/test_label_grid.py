from pipeline.documents.label_grid import fold_label_grids
from pipeline.documents.model import Block


def _at(top, left, right, text, bold=False):
    return (top, left, right, Block(text=text, page=1, bold=bold))


def test_labels_set_above_their_values_become_labelled_lines():
    placed = [
        _at(100, 66, 540, "Offer every patient on the LD register an annual health check", bold=True),
        _at(120, 66, 100, "OBJECTIVE", bold=True), _at(120, 227, 335, "EXPECTED OUTCOME MARCH 2022", bold=True),
        _at(120, 387, 420, "KEY RISKS", bold=True),
        _at(129, 66, 210, "Reduce health inequalities."), _at(129, 227, 370, "75% checked by March 2022."),
        _at(129, 387, 520, "Carers' capacity."),
        _at(129, 40, 52, "ESSENTIAL SERVICES", bold=True),  # a side strip beside the grid, not in it
        _at(160, 66, 540, "Recruit a social prescriber with the county voluntary council", bold=True),
    ]
    texts = [item.text for *_, item in sorted(fold_label_grids(placed), key=lambda p: p[0])]
    assert texts == ["Offer every patient on the LD register an annual health check",
                     "OBJECTIVE: Reduce health inequalities.", "EXPECTED OUTCOME MARCH 2022: 75% checked by March 2022.",
                     "KEY RISKS: Carers' capacity.", "ESSENTIAL SERVICES",
                     "Recruit a social prescriber with the county voluntary council"]


def test_a_row_of_short_headings_that_name_no_column_is_left_alone():
    placed = [_at(100, 66, 120, "PRACTICES", bold=True), _at(100, 227, 300, "LIST SIZE", bold=True),
              _at(110, 66, 120, "Amlwch"), _at(110, 227, 300, "6,200")]
    assert fold_label_grids(placed) == placed


def test_a_cells_own_label_is_its_first_line_in_capitals_or_bold():
    from pipeline.documents.label_grid import cell_label

    assert cell_label(["PLANNED ACTION 2021/22", "Set up a shared phlebotomy clinic"]) == "PLANNED ACTION 2021/22"
    assert cell_label(["STRATEGIC ALIGNMENT /", "PRIORITY AREA", "Indirect harm"]) == "STRATEGIC ALIGNMENT / PRIORITY AREA"
    assert cell_label(["Objective", "Restore routine monitoring"], first_bold=True) == "Objective"
    assert cell_label(["Objective", "Restore routine monitoring"]) == ""  # plain text: no form
    assert cell_label(["COVID-19 HUB", "Open at Pwllheli"]) == ""  # capitals naming no column
    assert cell_label(["OBJECTIVE"]) == ""  # a header cell, no value under it
