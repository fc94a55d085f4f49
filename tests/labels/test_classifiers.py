import json
import re
import zipfile
from pathlib import Path

import numpy as np
import pytest

from pipeline.config import PROJECT_DIR
from pipeline.labels.classifiers import Classifier, priority_from_alignment
from pipeline.labels.data import assign_splits, load_bank_actions, load_non_actions, near_duplicate_clusters
from pipeline.labels.taxonomy import load_taxonomy
from pipeline.labels.train import train

DEFAULT_MODEL = PROJECT_DIR / "models" / "default"


@pytest.mark.parametrize("texts,label", [
    (["Indirect harm: Essential Services", "Covid-19 Resilience 2021/22"], "covid_essential_services"),
    (["Direct harm: Rehabilitation covering the 4 population groups"], "covid_rehabilitation"),
    (["Cluster vaccination delivery 2021 - Seasonal Flu +/- Covid-19 vaccine"], "covid_vaccination"),
    (["Covid-19 Cluster Hub delivery"], "covid_cluster_hub"),
    (["Locally determined actions to support delivery of the Milestones across the cluster"], "ministerial_milestones"),
    (["Frailty", "2020/23 3 year Cluster IMTP Priority"], "imtp_priority"),
    (["Contract Reform, Health Board IMTP, RPB Area Plans, Strategic Programme, Primary Care Model for Wales "
      "Priorities not referenced above"], "wider_alignment"),
    # a milestones sub-row borrows another group's words; "milestone" above it decides
    (["Essential services", "Ministerial Milestones"], "ministerial_milestones"),
    # a heading over several blocks decides none: the row's own alignment cell does
    (["2020/23 Cluster IMTP Priority", "5.2 Ministerial Milestones, 2020/23 IMTP priorities and wider priorities"],
     "imtp_priority"),
    # the Welsh-language template's group rows
    (["Gwydnwch Covid-19 – niwed anuniongyrchol: Gwasanaethau Hanfodol"], "covid_essential_services"),
    (["Gwydnwch Covid-19 – niwed uniongyrchol: Adsefydlu"], "covid_rehabilitation"),
    (["Brechu'r clwstwr 2021 – Ffliw tymhorol"], "covid_vaccination"),
    (["Cerrig milltir cyflawni Gweinidogol"], "ministerial_milestones"),
    (["Blaenoriaeth CTCI 3 blynedd y Clwstwr 2020/23"], "imtp_priority"),
    (["Diwygio'r contract, CTCI y Bwrdd Iechyd, Cynlluniau Ardal"], "wider_alignment"),
    (["Contract Reform / HB IMTP / RPB / Strategic Programme priority",
      "5.2 Ministerial Milestones, 2020/23 IMTP priorities and wider priorities"], "wider_alignment"),
])
def test_priority_from_alignment_follows_the_group(texts, label):
    assert priority_from_alignment(texts, load_taxonomy())[0] == label


def test_unrecognised_alignment_is_left_to_the_model():
    assert priority_from_alignment(["Frailty"], load_taxonomy()) is None
    assert priority_from_alignment([""], load_taxonomy()) is None


def test_near_duplicates_share_a_split():
    records = [{"id": "a", "action": "Recruit a cluster pharmacist to lead medication reviews in care homes"},
               {"id": "b", "action": "Recruit a cluster pharmacist to lead medication reviews in all care homes"},
               {"id": "c", "action": "Open a red hub for patients with Covid symptoms", "group": "d"},
               {"id": "d", "action": "Totally different wording about something else"}]
    clusters = near_duplicate_clusters(records)
    assert clusters["a"] == clusters["b"] and clusters["c"] == clusters["d"] and clusters["a"] != clusters["c"]
    splits = assign_splits(records)
    assert splits["a"] == splits["b"] and splits["c"] == splits["d"]


def test_shipped_model_loads_without_pickle_and_labels_are_valid():
    with np.load(DEFAULT_MODEL / "weights.npz", allow_pickle=False) as arrays:
        assert all(arrays[name].dtype != object for name in arrays.files)
    classifier = Classifier(DEFAULT_MODEL)
    taxonomy = classifier.taxonomy
    labels = classifier.predict([{"action": "Deliver seasonal flu vaccination to all housebound patients by December"},
                                 {"action": "Open the red hub again if cases rise", "strategic_alignment_text": "Covid-19 Cluster Hub delivery"}])
    assert labels[1].priority_area == "covid_cluster_hub" and labels[1].priority_source == "alignment"
    for label in labels:
        assert label.priority_area in taxonomy.ids("priority_area")
        assert label.milestone in taxonomy.ids("milestone")
        assert set(label.themes) <= set(taxonomy.ids("themes"))
        assert 0 <= label.priority_area_confidence <= 1 and 0 <= label.milestone_confidence <= 1
    assert labels[0].milestone == "essential_services"
    scores = classifier.is_action(["We will recruit a practice-based pharmacist by March 2022.",
                                   "The cluster serves a population of 32,000 people across seven practices."])
    assert scores[0] > 0.5 > scores[1]


def test_training_round_trip_on_a_small_sample(tmp_path):
    actions = load_bank_actions()[::3]
    non_actions = load_non_actions()[::3]
    splits = {r["id"]: ("dev" if i % 5 == 0 else "test" if i % 5 == 1 else "train")
              for i, r in enumerate(actions + non_actions)}
    metrics = train(actions, non_actions, tmp_path / "m", load_taxonomy(), "small", splits=splits)
    assert {"milestone", "themes", "is_action", "priority_area_text_only"} <= set(metrics)
    assert json.loads((tmp_path / "m" / "metrics.json").read_text())["n_actions"] == metrics["n_actions"]
    assert (tmp_path / "m" / "MODEL_CARD.md").exists()
    model = Classifier(tmp_path / "m")
    again = Classifier(tmp_path / "m")
    rows = [{"action": r["action"]} for r in actions[:20]]
    assert [l.milestone for l in model.predict(rows)] == [l.milestone for l in again.predict(rows)]
    assert metrics["milestone"]["accuracy"] > 0.5  # far above chance (1/7) even on a third of the data


def test_spacy_textcat_comparison_scores_both_models():
    from pipeline.labels.spacy_textcat import compare_with_spacy, score_spacy, train_spacy

    taxonomy = load_taxonomy()
    actions = load_bank_actions()
    train_rows, held_out = actions[::4], actions[1::9]
    pipes = train_spacy(train_rows, taxonomy.ids("milestone"), taxonomy.ids("themes"))
    scores = score_spacy(pipes, held_out, taxonomy.ids("milestone"), taxonomy.ids("themes"))
    assert scores["milestone"]["n"] == len(held_out)
    assert scores["milestone"]["accuracy"] > 0.4  # learnt something: chance is 1/7
    linear = {"milestone": {"macro_f1": 1.0, "accuracy": 1.0}, "themes": {"micro_f1": 0.0, "macro_f1": 0.0}}
    rows = compare_with_spacy(Classifier(DEFAULT_MODEL), train_rows, held_out, linear)
    assert rows["milestone.macro_f1"]["better"] == "linear"
    assert rows["themes.micro_f1"]["better"] == "spacy_bow"


def test_train_command_takes_a_new_cycles_taxonomy_file(tmp_path):
    from pipeline.cli import main
    from pipeline.labels.taxonomy import TAXONOMY_DIR

    taxonomy = tmp_path / "2022-23.yaml"
    taxonomy.write_text(re.sub(r'(?m)^version: ".*"$', 'version: "2022-23.0"',
                               (TAXONOMY_DIR / "2021-22.yaml").read_text()))
    data = tmp_path / "labelled.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in load_bank_actions()[::3] + load_non_actions()[::3]))
    assert main(["train", "--data", str(data), "--taxonomy", str(taxonomy), "--out", str(tmp_path / "m")]) == 0
    info = json.loads((tmp_path / "m" / "model.json").read_text())["info"]
    assert info["taxonomy_version"] == "2022-23.0"


@pytest.mark.parametrize("texts,label", [
    (["Locally determined Priority", "Contract Reform, Health Board IMTP, RPB Area Plans, Strategic Programme, "
      "Primary Care Model for Wales Priorities not referenced above"], "wider_alignment"),
    (["Locally determined Priority", "2020/23 3 year Cluster IMTP Priority"], "imtp_priority"),
    (["Locally determined priority: Frailty"], "imtp_priority"),
])
def test_fallback_wording_decides_only_when_no_group_is_named(texts, label):
    assert priority_from_alignment(texts, load_taxonomy())[0] == label


@pytest.mark.parametrize("texts,label", [
    (["Milestone: rehabilitation"], "ministerial_milestones"),
    (["MDM: Delivery of essential services"], "ministerial_milestones"),
    (["Contract reform – Access Standards (Milestone: urgent primary care)"], "ministerial_milestones"),
    (["Rehabilitation", "Locally determined actions to support delivery of the Ministerial Milestones"],
     "ministerial_milestones"),
    (["Rehabilitation", "Covid-19 Resilience 2021/22"], "covid_rehabilitation"),
    (["Essential services"], "covid_essential_services"),
])
def test_milestone_wording_decides_wherever_it_appears(texts, label):
    """Only the Ministerial block names the milestones; its sub-rows reuse other groups' words."""
    assert priority_from_alignment(texts, load_taxonomy())[0] == label


def test_bare_sub_row_wording_has_its_own_measured_confidence():
    """'Essential services' alone is a sub-row the template reuses in the Milestones block;
    the same words in a full group title are trusted on their own record."""
    from pipeline.labels.classifiers import alignment_rule_precision, rule_confidence

    records = ([{"alignment_text": "Essential services", "priority_area": "covid_essential_services"}] * 6
               + [{"alignment_text": "Essential services", "priority_area": "ministerial_milestones"}] * 4
               + [{"alignment_text": "Essential services – primary care support to care homes",
                   "priority_area": "covid_essential_services"}] * 10)
    precision = alignment_rule_precision(records, load_taxonomy())
    bare = priority_from_alignment(["Essential services"], load_taxonomy())[2]
    full = priority_from_alignment(["Essential services – long term conditions"], load_taxonomy())[2]
    assert bare != full and bare.startswith(full)
    assert rule_confidence(bare, precision, 0.99) == pytest.approx(7 / 12, abs=1e-4)
    assert rule_confidence(full, precision, 0.99) == pytest.approx(11 / 12, abs=1e-4)
    # a bare rule never seen in training falls back to its full-title rule, then to the default
    assert rule_confidence(bare, {full: 0.9}, 0.99) == 0.9
    assert rule_confidence(bare, {}, 0.99) == 0.99


def test_train_says_whether_the_new_model_beats_the_default():
    from pipeline.labels.train import compare

    current = {"priority_area_with_alignment": {"accuracy": 0.96}, "milestone": {"macro_f1": 0.89},
               "themes": {"micro_f1": 0.83, "macro_f1": 0.82}, "priority_area_text_only": {"accuracy": 0.5}}
    better = json.loads(json.dumps(current))
    better["themes"]["micro_f1"] = 0.85
    assert compare(better, current).startswith("the new model beats or equals")
    worse = json.loads(json.dumps(better))
    worse["priority_area_with_alignment"]["accuracy"] = 0.95
    verdict = compare(worse, current)
    assert verdict.startswith("the new model does not beat") and "priority_area_with_alignment.accuracy 0.95 vs 0.96" in verdict


def test_a_model_from_before_the_lemma_features_is_refused_by_name(tmp_path):
    import shutil

    old = tmp_path / "old-model"
    shutil.copytree(DEFAULT_MODEL, old)
    vocabulary = json.loads((old / "vocabulary.json").read_text())
    del vocabulary["lexicon"]
    (old / "vocabulary.json").write_text(json.dumps(vocabulary))
    with pytest.raises(ValueError, match="old-model.*retrain"):
        Classifier(old)


def test_group_wording_is_evidence_for_the_milestone_but_the_action_decides():
    classifier = Classifier(DEFAULT_MODEL)
    vague = {"action": "Review the list every month with the practice leads"}
    flu = {"action": "Deliver flu vaccination to housebound patients by December"}
    alone, in_vaccination_group, flu_elsewhere = classifier.predict([
        vague, vague | {"strategic_alignment_text": "Cluster vaccination delivery 2021"},
        flu | {"strategic_alignment_text": "Milestone: care homes"}])
    assert alone.milestone != "essential_services"
    assert in_vaccination_group.milestone == "essential_services"
    assert flu_elsewhere.milestone == "essential_services"


def test_a_model_without_the_group_milestone_head_reads_the_action_alone():
    classifier = Classifier(DEFAULT_MODEL)
    rows = [{"action": r["action"], "strategic_alignment_text": r["alignment_text"]} for r in load_bank_actions()[:40]]
    text_only = classifier.predict([{"action": r["action"]} for r in rows])
    del classifier.heads["milestone_alignment"]
    assert [p.milestone for p in classifier.predict(rows)] == [p.milestone for p in text_only]


def test_a_group_row_naming_two_areas_leaves_the_choice_between_them_to_the_action_text():
    group = "COVID-19 RESILIENCE - Vaccination and cluster hub"
    assert priority_from_alignment([group], load_taxonomy())[3] == ("covid_cluster_hub", "covid_vaccination")
    assert priority_from_alignment(["Covid-19 Cluster Hub delivery"], load_taxonomy())[3] == ()
    # a topic within a block is no second area; "indirect harm" names no "direct harm"
    for block_and_topic in ("Health Board IMTP - immunisation", "RPB Area Plan: Rehabilitation and reablement",
                            "Indirect harm: Essential Services"):
        assert priority_from_alignment([block_and_topic], load_taxonomy())[3] == ()
    classifier = Classifier(DEFAULT_MODEL)
    rows = [{"action": text, "strategic_alignment_text": group} for text in (
        "Deliver the seasonal flu vaccination programme with the Covid-19 booster at two community centres",
        "Keep the respiratory hub on stand-by with a named lead so it can reopen within 72 hours")]
    labels = classifier.predict(rows)
    assert [(l.priority_area, l.priority_source) for l in labels] == [
        ("covid_vaccination", "alignment+text"), ("covid_cluster_hub", "alignment+text")]
    assert all(0.5 < l.priority_area_confidence < 1 for l in labels)
