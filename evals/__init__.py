"""Evaluation of cads_rag: datasets in one schema, retrieval and draft measures, the ragas
suite behind ``cads-rag eval`` (reports, regression gate) and the benchmark behind ``make bench``."""
