import re
import runpy

from pipeline.config import PROJECT_DIR


def test_agreement_studies_score_against_the_bank(capsys):
    runpy.run_path(str(PROJECT_DIR / "corpus" / "agreement" / "score.py"), run_name="__main__")
    out = capsys.readouterr().out
    milestone = float(re.search(r"milestone accuracy ([\d.]+)", out).group(1))
    readers = [float(x) for x in re.findall(r"reader [AB]: accuracy ([\d.]+)", out)]
    assert 0.9 < milestone <= 1.0
    # two blind readers place every row somewhere, and the text alone leaves many blocks open
    assert len(readers) == 2 and all(0.3 < r < 0.9 for r in readers)
