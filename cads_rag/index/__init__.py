"""Embedding, persistence and retrieval: embedders chosen by config string, a
content-hashed vector cache, FAISS/BM25 stores built atomically, hybrid retrieval.
"""
