"""Evaluation of cads_rag: datasets in one schema, retrieval metrics, and the benchmark."""
