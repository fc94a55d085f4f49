"""Lemmas: spaCy's English lookup table, with words split where spaCy's tokenizer splits them."""
import spacy
from spacy.lookups import Lookups

from pipeline.labels.classifiers import content_text
from pipeline.labels.data import load_bank_actions
from pipeline.labels.lemmas import lemma_table, lemmatise, words


def test_lemmas_of_plan_words():
    assert lemmatise("Recruiting pharmacists for children's services in 3 care homes") == \
        "recruit pharmacist for child s service in 0 care home"
    assert lemmatise("£12,500 and 45%") == "£ 0 and 0 %"
    assert lemmatise("") == ""


def test_agrees_with_spacys_tokenizer_and_lookup_lemmatizer():
    """On the labelled bank, at least 98% of spaCy's word tokens get the same lemma from the fast path."""
    nlp = spacy.blank("en")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    lookups = Lookups()
    lookups.add_table("lemma_lookup", dict(lemma_table()))
    lemmatizer.lookups = lookups
    texts = [content_text(r["action"], r.get("objective", ""), r.get("expected_outcome", ""))
             for r in load_bank_actions()[::5]]
    agree = total = 0
    for text in texts:
        ours = set(lemmatise(text).split())
        for token in nlp(text.lower()):
            if token.is_alpha:
                total += 1
                agree += token.lemma_ in ours
    assert total > 5000
    assert agree / total >= 0.98


def test_words_are_lower_case_and_numbers_fold():
    assert words("WTE 0.8 – Band 7") == ["wte", "0", "band", "0"]
