"""Corpus tooling for the plans project: the labelled bank and the synthetic plan generator."""
