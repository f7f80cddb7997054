"""A filtered question whose words match only outside the filters: papers inside the filters that are
close in meaning are offered (as "may be related") before the answer falls back to "no paper on X in
that window". Wordings are this file's own (not from the dev sets)."""

from __future__ import annotations

import pytest

from pubchat.assistant import Assistant
from pubchat.config import Settings
from pubchat.models import Paper

QUESTION = "fake face detection in 2022"  # "fake" is in 2024-2025 titles; the 2022 papers say "face forgery"


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings()


def test_the_in_window_papers_close_in_meaning_are_offered(shipped_papers: list[Paper], settings: Settings) -> None:
    answer = Assistant(shipped_papers, settings).ask(QUESTION)
    titles = [c.title for c in answer.citations]
    assert "Identifying Rhythmic Patterns for Face Forgery Detection and Categorization" in titles
    assert all(c.year == 2022 for c in answer.citations)
    assert "may be related" in answer.answer and "This list has no paper" not in answer.answer


def test_without_meaning_it_says_none_in_the_window_and_shows_the_newest_outside(
    shipped_papers: list[Paper], settings: Settings
) -> None:
    off = settings.model_copy(update={"search": settings.search.model_copy(update={"semantic_rescue": 1.0})})
    answer = Assistant(shipped_papers, off).ask(QUESTION)
    assert "This list has no paper on “fake face detection” in 2022." in answer.answer
    assert answer.citations and all(c.year != 2022 for c in answer.citations)
