"""Intents a user would notice: yes/no answers open with Yes or No, counts and figures are stated,
overview/stats/similar/compare answer in their own shape, ambiguous citations ask which one."""

from __future__ import annotations

import json
import re

import pytest
from repo_paths import DEV2_QUESTIONS

from pubchat.answer.intent import detect_intent, pick
from pubchat.assistant import Assistant
from pubchat.config import Settings
from pubchat.conversation import Conversation
from pubchat.models import Answer, Paper
from pubchat.qa_notes import Figure, stated_figures, states

DEV2 = [json.loads(line) for line in DEV2_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def assistant(shipped_papers: list[Paper]) -> Assistant:
    return Assistant(shipped_papers, Settings())


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("what topics does this group cover?", "overview"),
        ("what is this list about?", "overview"),
        ("give me an overview of the pose estimation work", "overview"),
        ("how did their research interests change over time?", "overview"),
        ("papers per category", "stats"),
        ("who are Mei Wang's most frequent co-authors?", "stats"),
        ("what are the most common topics?", "stats"),
        ("anything similar to Faceptor?", "similar"),
        ("more like the OPOM paper", "similar"),
        ("how does SwinFace differ from Faceptor?", "compare"),
        ("SFace vs MBN", "compare"),
        ("has the lab ever worked on gait recognition?", "yesno"),
        ("did they do anything on speech?", "yesno"),
        ("is there any person re-identification work in this list?", "yesno"),
        ("how many papers mention transformers?", "count"),
        ("which of these papers use transformers?", "list"),
        ("who wrote SwinFace?", "find"),  # a lookup name, resolved against the corpus later
        ("which authors appear most often?", "stats"),
        ("who has published the most?", "stats"),
        ("now in ieee style", "cite"),
        ("and chicago?", "cite"),
    ],
)
def test_intent_from_how_people_ask(question: str, intent: str) -> None:
    assert detect_intent(question).intent == intent


@pytest.mark.parametrize(
    ("question", "n"), [("the second one", 2), ("[3]", 3), ("2", 2), ("the last one", 4), ("number 1", 1)]
)
def test_follow_up_picks_a_candidate(question: str, n: int) -> None:
    assert pick(question, 4) == n


def test_follow_up_pick_out_of_range_or_not_a_pick() -> None:
    assert pick("the fifth one", 4) is None
    assert pick("papers on pose", 4) is None


@pytest.mark.parametrize("item", [i for i in DEV2 if i["intent"] == "yesno"], ids=lambda i: i["id"])
def test_dev2_yes_no_answers_open_with_the_right_word(item: dict, assistant: Assistant) -> None:
    expected = "Expected: Yes" in item["notes"]
    answer = assistant.ask(item["question"])
    assert answer.intent == "yesno"
    assert answer.yes is expected
    assert answer.answer.startswith("**Yes.**" if expected else "**No.**")
    if expected:
        cited = {c.title for c in answer.citations}
        assert {t for t, grade in item["relevant"].items() if grade == 2} <= cited


@pytest.mark.parametrize("item", [i for i in DEV2 if i["intent"] == "count"], ids=lambda i: i["id"])
def test_dev2_count_opening_states_the_count_of_the_papers_listed(item: dict, assistant: Assistant) -> None:
    answer = assistant.ask(item["question"])
    opening = answer.answer.split("\n\n")[0]
    assert re.search(rf"\b{answer.total} papers?\b", opening), opening
    listed = [b for b in answer.answer.split("\n\n") if b.startswith("- ") and re.search(r"\[\d+\]", b)]
    assert len(listed) == answer.total  # the number equals the papers listed


@pytest.mark.parametrize("item", [i for i in DEV2 if i["intent"] in ("count", "stats")], ids=lambda i: i["id"])
def test_dev2_count_and_stats_answers_state_every_figure_the_notes_state(item: dict, assistant: Assistant) -> None:
    figures = stated_figures(item["notes"])
    answer = assistant.ask(item["question"])
    assert answer.intent == item["intent"]
    assert figures, item["notes"]  # every count/stats note states at least one figure
    missing = [str(f) for f in figures if not states(answer.answer, f)]
    assert not missing, (missing, answer.answer[:400])
    if item["intent"] == "count":
        assert answer.total == figures[0].value  # the count is the number of papers listed, not only said
    else:
        assert answer.stats is not None and answer.stats.tables


def test_figures_are_read_from_notes_and_checked_where_the_answer_states_them() -> None:
    notes = "Mei Wang 15 papers, then Jiani Hu and Xuannan Liu 8 each. 2019: 3. The Apr 19 entry. The count 5."
    assert [str(f) for f in stated_figures(notes)] == ["2019: 3", "Mei Wang: 15", "Jiani Hu: 8", "Xuannan Liu: 8", "5"]
    assert states("**5 papers** match.\n\n- [1] (2025)", Figure(None, 5))
    assert not states("**8 papers** match (2015–2025).\n\nthe 5 others", Figure(None, 5))
    assert states("with Mei Wang (15\npapers), Jiani Hu (8)", Figure("Mei Wang", 15))
    assert not states("with Mei Wang (14 papers), then 15 others", Figure("Mei Wang", 15))


def test_coauthor_stats_name_the_top_collaborator_first(assistant: Assistant) -> None:
    answer = assistant.ask("who does Deng collaborate with most?")
    assert answer.stats is not None
    table = answer.stats.tables[0]
    assert table.kind == "coauthor" and (table.rows[0].label, table.rows[0].count) == ("Mei Wang", 15)
    assert answer.answer.index("Mei Wang") < answer.answer.index("Yuhang Zhang")


def test_a_people_question_with_a_topic_counts_authors_of_the_papers_on_it(assistant: Assistant) -> None:
    on_topic = [p for p in assistant.papers if "deepfake" in p.title.casefold()]
    answer = assistant.ask("who wrote the most papers with Deng about deepfakes?")
    assert answer.intent == "stats" and answer.stats is not None
    table = answer.stats.tables[0]
    assert table.kind == "coauthor"
    assert table.rows and all(row.count <= len(on_topic) for row in table.rows)
    assert "on “deepfakes”" in answer.answer
    usual = assistant.ask("who are the regular collaborators on face forgery?")
    assert usual.intent == "stats" and "on “face forgery”" in usual.answer
    people = assistant.ask("who works on facial expression recognition?")
    assert people.intent == "stats" and "on “facial expression recognition”" in people.answer
    assert people.stats is not None and people.stats.tables[0].rows[0].count < len(assistant.papers)


def test_who_worked_on_one_paper_names_its_authors(assistant: Assistant) -> None:
    sface = next(p for p in assistant.papers if p.title.startswith("SFace"))
    answer = assistant.ask("who worked on SFace?")
    assert all(author in answer.answer for author in sface.authors)


def test_a_people_question_on_an_absent_topic_says_no_paper_matches(assistant: Assistant) -> None:
    answer = assistant.ask("who works on quantum computing?")
    assert "No paper in this list matches “quantum computing”" in answer.answer


def test_two_people_read_as_both_or_either_and_the_answer_says_which(assistant: Assistant) -> None:
    both = [p for p in assistant.papers if {"Yuhang Zhang", "Jiani Hu"} <= set(p.authors)]
    either = [p for p in assistant.papers if {"Mei Wang", "Yuhang Zhang"} & set(p.authors)]
    joint = assistant.ask("did Yuhang Zhang ever collaborate with Jiani Hu?")
    assert joint.total == len(both) and "Yuhang Zhang and Jiani Hu are authors of" in joint.answer
    anyone = assistant.ask("papers by Mei Wang or Yuhang Zhang")
    assert anyone.total == len(either) and "Mei Wang or Yuhang Zhang is an author of" in anyone.answer
    stranger = assistant.ask("did Deng collaborate with Kaiming He?")
    assert stranger.total == 0 and "no author named Kaiming He" in stranger.answer


def test_similar_excludes_the_named_paper(assistant: Assistant) -> None:
    answer = assistant.ask("papers like SFace")
    assert answer.intent == "similar" and answer.citations
    assert all(not c.title.startswith("SFace") for c in answer.citations)


def test_compare_cites_exactly_the_named_papers(assistant: Assistant) -> None:
    answer = assistant.ask("compare OPOM and AdvCloak")
    assert answer.intent == "compare"
    assert [c.title.split(":")[0] for c in answer.citations] == ["OPOM", "AdvCloak"]
    assert "Code" in answer.answer


def test_overview_groups_the_whole_list_with_counts(assistant: Assistant) -> None:
    answer = assistant.ask("what does this lab work on?")
    assert answer.intent == "overview" and answer.total == 50
    assert re.search(r"face recognition \(\d+\)", " ".join(answer.answer.split()))
    assert len(answer.citations) >= 5  # a representative paper per group


def test_ambiguous_citation_offers_candidates_and_the_next_turn_picks(assistant: Assistant) -> None:
    conversation = Conversation()
    first = assistant.ask("cite the Enhancing Generalization paper", conversation)
    assert first.intent == "cite" and first.citations == []
    assert len(first.candidates) == 2 and first.answer.startswith("2 papers match")
    second = assistant.ask("the second one", conversation)
    assert [c.id for c in second.citations] == [first.candidates[1].id]


def test_bibtex_for_a_set_cites_every_matching_paper(assistant: Assistant) -> None:
    answer = assistant.ask("can you give me bibtex for all the privacy cloak papers?")
    assert answer.intent == "cite"
    assert answer.answer.count("@misc{") + answer.answer.count("@article{") == len(answer.citations) == 3


def test_new_contract_fields_validate(assistant: Assistant) -> None:
    for question in ("how many papers per year?", "have they worked on age estimation?", "cite oracle"):
        answer = assistant.ask(question)
        again = Answer.model_validate_json(answer.model_dump_json())
        assert again == answer


def test_topic_outside_the_filters_says_so_and_never_passes_older_papers_off(assistant: Assistant) -> None:
    answer = assistant.ask("oracle character papers from 2025")
    assert answer.intent == "list"
    assert answer.answer.startswith("This list has no paper on “oracle character” in 2025.")
    assert answer.citations and all(c.year != 2025 for c in answer.citations)


def test_newest_and_oldest_questions_name_the_one_paper_first(assistant: Assistant) -> None:
    newest = assistant.ask("what is the newest paper?")
    assert newest.answer.startswith("The newest paper is ")
    assert newest.citations[0].year == max(c.year or 0 for c in newest.citations)
    oldest = assistant.ask("which is the oldest paper on facial expression recognition?")
    assert oldest.answer.startswith("The oldest paper on “facial expression recognition” is ")
    assert oldest.citations[0].year == min(c.year or 9999 for c in oldest.citations)


def test_what_is_a_term_quotes_the_sentence_that_defines_it(assistant: Assistant) -> None:
    answer = assistant.ask("what is rPPG?")
    assert answer.intent == "lookup"
    assert "remote photoplethysmography (rPPG)" in " ".join(answer.answer.split())


@pytest.mark.parametrize(
    ("question", "what"),
    [
        ("what's the most cited work", "citations"),
        ("how many citations does SFace have?", "citations"),
        ("which papers cite SFace?", "citations"),
        ("which conference was OPOM published at?", "venues"),
    ],
)
def test_questions_about_what_the_list_does_not_record_say_so(question: str, what: str, assistant: Assistant) -> None:
    answer = assistant.ask(question)
    assert answer.intent == "none" and answer.citations == []
    assert answer.answer.startswith(f"This list does not record {what}")


def test_most_frequent_authors_name_every_author_tied_at_the_cut(assistant: Assistant) -> None:
    answer = assistant.ask("which authors appear most often?")
    assert answer.intent == "stats" and answer.stats is not None
    rows = answer.stats.tables[0].rows
    assert answer.stats.tables[0].kind == "author"
    opening = " ".join(answer.answer.split("\n\n")[0].split())
    tied = [r.label for r in rows if r.count == rows[3].count]
    assert len(tied) > 1 and all(name in opening for name in tied), opening
    assert f"({rows[3].count} each)" in opening


def test_explain_what_a_named_paper_does_is_a_lookup(assistant: Assistant) -> None:
    answer = assistant.ask("explain what SwinFace does")
    assert answer.intent == "lookup" and [c.title.split(":")[0] for c in answer.citations] == ["SwinFace"]
    assert "Recurring themes" not in answer.answer


def test_themes_come_from_the_precise_matches_only(assistant: Assistant) -> None:
    for question in ("explain SwinFace's design", "age estimation", "face anti-spoofing"):
        answer = assistant.ask(question)
        themes = re.search(r"Recurring themes: (.+?)\.", " ".join(answer.answer.split()))
        if themes:
            assert answer.total >= 2, question
            assert "AGE" not in themes.group(1).split(", "), question


def test_no_names_the_closest_only_when_the_search_found_related_papers_that_are_near(
    assistant: Assistant, shipped_papers: list[Paper]
) -> None:
    from pubchat.answer.compose import Ranked

    by_title = {p.title.split(":")[0]: p for p in shipped_papers}
    near = Ranked(by_title["OPOM"], 5.0, {}, coverage=0.8, matching=False)
    shares_a_word = Ranked(by_title["SFace"], 4.0, {}, coverage=0.3, matching=False)
    far_in_meaning = Ranked(by_title["Oracle-MNIST"], 3.0, {}, coverage=0.8, matching=False)
    precise = Ranked(by_title["AdvCloak"], 9.0, {}, coverage=1.0, matching=True)
    text = "privacy masks against face recognition"
    assert assistant._nearby(text, [near, shares_a_word, far_in_meaning]) == [near]
    assert assistant._nearby(text, [precise]) == []
    # the shipped corpus: nothing near gait or iris recognition, so the No is plain, citing nothing
    for question in ("has the group ever worked on gait recognition?", "is there any iris recognition work?"):
        answer = assistant.ask(question)
        assert answer.yes is False and answer.citations == [] and "the closest are" not in answer.answer


def test_is_there_any_x_work_is_a_yes_no_and_without_a_topic_a_list(assistant: Assistant) -> None:
    assert detect_intent("is there any iris recognition work?").intent == "yesno"
    assert assistant.ask("are there any face recognition studies").yes is True
    listed = assistant.ask("are there any papers from 2026?")
    assert listed.intent == "list" and len(listed.citations) == 1 and listed.citations[0].year == 2026


@pytest.mark.parametrize(
    ("question", "extreme", "limit"),
    [
        ("show me their newest three papers", "newest", 3),
        ("the 5 oldest papers on face recognition", "oldest", 5),
        ("latest 2 works on pose", "newest", 2),
        ("two oldest", "oldest", 2),
        ("top 3 papers on deepfake detection", None, 3),
        ("super-resolution in the last two years", None, None),  # a time span, not a number of papers
    ],
)
def test_a_number_of_papers_is_a_limit_not_a_topic(question: str, extreme: str | None, limit: int | None) -> None:
    info = detect_intent(question)
    assert (info.extreme, info.limit) == (extreme, limit)
    if limit is not None:
        assert not re.search(r"\b(?:three|two|5|2|3)\b", info.subject)


def test_newest_n_lists_that_many_newest_first(assistant: Assistant, shipped_papers: list[Paper]) -> None:
    from pubchat.recency import newest_first

    answer = assistant.ask("show me their newest three papers")
    assert [c.id for c in answer.citations] == [p.id for p in newest_first(shipped_papers)[:3]]
    assert answer.answer.startswith("The 3 newest of the 50 papers in this list")
    fewer = assistant.ask("latest 5 works on oracle characters")
    assert len(fewer.citations) == fewer.total == 4 and fewer.answer.startswith("There are only 4 papers")
    top = assistant.ask("top 1 paper on facial expression recognition")
    assert len(top.citations) == 1


def test_a_change_over_time_question_opens_with_the_years_then_the_topics(
    assistant: Assistant, shipped_papers: list[Paper]
) -> None:
    answer = assistant.ask("how has their research focus shifted over the years?")
    years = sorted({p.year for p in shipped_papers if p.year})
    assert answer.intent == "overview"
    assert answer.answer.startswith(f"The papers in this list run from {years[0]} to {years[-1]}: the earliest")
    assert "the busiest year, 2022 (17 papers)" in " ".join(answer.answer.split())
    assert answer.answer.index("**Year by year**") < answer.answer.index("**By topic**")


def test_overview_examples_quote_what_each_paper_does(assistant: Assistant) -> None:
    from pubchat.answer.summarise import _is_contribution

    answer = assistant.ask("what does this lab work on?")
    quoted = [" ".join(b.split()).split("]: ", 1)[1] for b in answer.answer.split("\n\n") if b.startswith("- **")]
    assert len(quoted) >= 5
    assert all(_is_contribution(q) for q in quoted), quoted


def test_sentence_meaning_is_used_only_for_a_question_the_search_embedded(shipped_papers: list[Paper]) -> None:
    fresh = Assistant(shipped_papers, Settings())
    strong = "face anti-spoofing"  # a well-worded question: lexical only, nothing loaded for its sentences
    before = fresh.ask(strong).answer
    assert fresh.index.semantic_loaded() is None
    lay = fresh._parse("how do they handle mislabeled training data for emotion recognition")
    hits = fresh._search(lay, 5)  # weakly matched: the search embeds it (and loads the encoder)
    assert fresh.index.semantic_loaded() is not None
    cued = fresh._cued(lay.text, hits, None)
    assert cued and all(h.cues is not None and h.cues.dense for h in cued)
    assert fresh.ask(strong).answer == before  # the same answer whatever an earlier question loaded
    again = fresh._parse(strong)
    assert all(h.cues is None for h in fresh._cued(again.text, fresh._search(again, 5), None))


def test_words_that_several_papers_match_are_a_topic_not_one_papers_lookup(assistant: Assistant) -> None:
    answer = assistant.ask("summarize the privacy cloak work")
    assert answer.intent == "find"
    assert {"OPOM", "AdvCloak"} <= {c.title.split(":")[0] for c in answer.citations}
    assert len(answer.citations) >= 3
    named = assistant.ask("summarize the Face Transformer paper")  # a title's own words: that one paper
    assert named.intent == "lookup" and named.citations[0].title.startswith("Face Transformer")


@pytest.mark.parametrize(
    ("question", "paper"),
    [
        ("have they done anything on spotting fake faces?", "Identifying Rhythmic Patterns for Face Forgery Detection"),
        ("is there any work on protecting my photos from face recognition?", "OPOM"),
    ],
)
def test_a_yes_no_in_lay_words_answers_perhaps_with_the_papers_close_in_meaning(
    question: str, paper: str, assistant: Assistant
) -> None:
    """Few of the question's words are in the list, yet papers say the same thing: neither a flat No nor a Yes."""
    answer = assistant.ask(question)
    assert answer.intent == "yesno" and answer.yes is None
    opening = " ".join(answer.answer.split())
    assert opening.startswith("**Perhaps.**") and "close to it in meaning" in opening
    assert any(c.title.startswith(paper) for c in answer.citations)
    assert assistant.ask("did they work on weather forecasting?").yes is False
