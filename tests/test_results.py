from pipeline.ids import code_fingerprint
from pipeline.results import PlanResult, ResultCache, failed_plan


def _result(name="a.pdf"):
    return PlanResult(plan={"plan_id": "p1", "source_file": name, "status": "ok"},
                      actions=[{"action": "We will act", "source_file": name}])


def test_cache_returns_what_was_stored_under_the_same_versions(tmp_path):
    cache = ResultCache(tmp_path, "0.1.0+abc", "model1")
    cache.put("f" * 64, _result())
    hit = cache.get("f" * 64, "renamed.pdf")
    assert hit.cached and hit.actions[0]["action"] == "We will act"
    assert hit.plan["source_file"] == "renamed.pdf" and hit.actions[0]["source_file"] == "renamed.pdf"
    assert ResultCache(tmp_path, "0.1.0+abd", "model1").get("f" * 64, "a.pdf") is None
    assert ResultCache(tmp_path, "0.1.0+abc", "model2").get("f" * 64, "a.pdf") is None


def test_failures_are_not_cached(tmp_path):
    cache = ResultCache(tmp_path, "v", "m")
    cache.put("e" * 64, failed_plan("a.pdf", "e" * 64, "p", "corrupt"))
    assert cache.get("e" * 64, "a.pdf") is None


def test_code_fingerprint_is_stable_within_a_process():
    assert code_fingerprint() == code_fingerprint() and len(code_fingerprint()) == 12
