"""Retrieval: analyzer, acronyms, fielded BM25 index, query parsing."""
