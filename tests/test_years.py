from pipeline.years import all_spans, first_span, plan_year_start_of


def test_first_span_reads_the_ways_plans_write_a_year():
    assert first_span("Cluster Annual Plan 2021/22").label == "2021/22"
    assert first_span("IMTP 2020-2023").label == "2020/23"
    assert first_span("2021 – 22").label == "2021/22"
    assert first_span("2021/22").one_year and not first_span("2020/23").one_year


def test_a_span_that_runs_backwards_is_not_a_year():
    assert first_span("ratio 2021/19") is None
    assert [s.label for s in all_spans("2021/19 then 2021/22")] == ["2021/22"]


def test_plan_year_start_of():
    assert plan_year_start_of("2020/23", 2021) == 2020
    assert plan_year_start_of("", 2021) == 2021
