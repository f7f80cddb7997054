"""Answers: intents, sentence selection, templates, citation formats."""
