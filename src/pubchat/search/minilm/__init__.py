"""Data only: the shipped all-MiniLM-L6-v2 model (int8 weights, tokenizer, LICENSE, NOTICE); see search/encoder.py."""
