"""Sentence splitting, sentence choice, themes, intents, name lookup and terminal safety (no index needed)."""

from __future__ import annotations

import pytest

from pubchat.answer.intent import detect_intent, lookup_candidate
from pubchat.answer.latex import to_text
from pubchat.answer.lookup import resolve_id, resolve_name
from pubchat.answer.summarise import select_sentences, weights_from_text
from pubchat.answer.text import normalise_space, split_sentences
from pubchat.answer.themes import ThemeModel
from pubchat.models import Paper
from pubchat.textsafe import clean, is_safe

ABSTRACT = (
    "Recent methods use large models, e.g. CLIP and ViT, i.e. foundation models. Zhang et al. showed "
    "limits. We propose FooNet, which reaches 90.97% accuracy on RAF-DB. See https://github.com/a/b.c for "
    "code. Is it fast? Yes! The code is available at https://github.com/a/foo."
)


def test_split_keeps_abbreviations_decimals_and_urls_inside_sentences() -> None:
    sentences = split_sentences(ABSTRACT)
    assert sentences == [
        "Recent methods use large models, e.g. CLIP and ViT, i.e. foundation models.",
        "Zhang et al. showed limits.",
        "We propose FooNet, which reaches 90.97% accuracy on RAF-DB.",
        "See https://github.com/a/b.c for code.",
        "Is it fast?",
        "Yes!",
        "The code is available at https://github.com/a/foo.",
    ]


def test_every_split_sentence_is_a_substring_of_the_abstract(shipped_papers: list[Paper]) -> None:
    for paper in shipped_papers:
        sentences = split_sentences(paper.abstract)
        assert sentences, paper.id
        assert normalise_space(" ".join(sentences)) == normalise_space(paper.abstract)


def test_selection_prefers_what_the_paper_does_and_avoids_code_notes() -> None:
    paper = Paper(id="p", title="FooNet", abstract=ABSTRACT)
    chosen = select_sentences(paper, weights_from_text("accuracy"), max_sentences=1).sentences
    assert chosen == ("We propose FooNet, which reaches 90.97% accuracy on RAF-DB.",)
    chosen = select_sentences(paper, {}, max_sentences=2).sentences
    assert "We propose FooNet" in chosen[0]
    assert not any("code is available" in s for s in chosen)


def test_selection_is_deterministic_and_verbatim(shipped_papers: list[Paper]) -> None:
    for paper in shipped_papers[:10]:
        first = select_sentences(paper, weights_from_text("face recognition noise"))
        again = select_sentences(paper, weights_from_text("face recognition noise"))
        assert first == again
        flat = normalise_space(to_text(paper.abstract)).lower()
        for sentence in first.sentences:
            assert sentence.rstrip(" …").lower() in flat


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"28$\times $28 grayscale images", "28×28 grayscale images"),
        (r"Code: \url{https://github.com/a/b}.", "Code: https://github.com/a/b."),
        (r"in \emph{zero-shot retrieval} -- fast", "in zero-shot retrieval – fast"),
        (r"0.22 $\varepsilon$-error", "0.22 ε-error"),
        ("90.97% on RAF-DB, ~3x faster, costs $5", "90.97% on RAF-DB, ~3x faster, costs $5"),  # no markup: as written
        (r"99.5% -- and \textit{more}", "99.5% – and more"),  # a percent sign is not a LaTeX comment
    ],
)
def test_latex_in_abstracts_is_shown_as_text(latex: str, text: str) -> None:
    assert to_text(latex) == text


def test_quoted_sentences_show_latex_as_text(shipped_papers: list[Paper]) -> None:
    paper = next(p for p in shipped_papers if "$\\times" in p.abstract)
    chosen = select_sentences(paper, weights_from_text("grayscale images ancient characters")).sentences
    assert any("28×28" in s for s in chosen) and not any("$" in s for s in chosen)


def test_long_sentences_are_cut_at_a_boundary_with_an_ellipsis() -> None:
    long = "We propose " + ", ".join(f"part {i}" for i in range(200)) + "."
    chosen = select_sentences(Paper(id="p", title="t", abstract=long), {}, max_chars=120).sentences[0]
    assert len(chosen) <= 122 and chosen.endswith(" …")
    assert long.startswith(chosen[:-2])


def test_themes_are_readable_phrases_not_stems(shipped_papers: list[Paper]) -> None:
    model = ThemeModel(shipped_papers)
    oracle = [p for p in shipped_papers if "oracle" in p.title.lower()]
    themes = model.themes(oracle, "oracle characters")
    assert themes and all(" " in th or th.isalpha() for th in themes)
    assert all(not th.endswith(("ion ", "consist")) for th in themes)
    topics = model.corpus_topics()
    assert len(topics) >= 3
    assert any("recognition" in topic for topic in topics)


def test_a_large_corpus_is_represented_by_a_sample_and_still_gives_themes(shipped_papers: list[Paper]) -> None:
    """Themes of a big list come from an evenly spaced sample (a 100k list answered in minutes before)."""
    big = [p.model_copy(update={"id": f"{p.id}-{copy}"}) for copy in range(4) for p in shipped_papers]
    model = ThemeModel(big, sample_size=60)
    assert len(model.papers) == 60 and len({p.id for p in model.papers}) == 60
    fer = [p for p in big if "facial expression" in p.title.lower()]
    assert any("expression" in th.lower() or "FER" in th for th in model.themes(fer, "noisy labels"))


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("hello", "greeting"),
        ("Thanks!", "greeting"),
        ("help", "help"),
        ("what can you do?", "help"),
        ("", "none"),
        ("  ?!  ", "none"),
        ("how many papers on oracle characters", "count"),
        ("What is the number of papers from 2024?", "count"),
        ("cite SFace as bibtex", "cite"),
        ("bibtex for [2]", "cite"),
        ("APA for 1 and 3", "cite"),
        ("face anti-spoofing", "find"),
        ("Hi, what about deepfakes?", "find"),
    ],
)
def test_intents(question: str, intent: str) -> None:
    assert detect_intent(question).intent == intent


def test_cite_details() -> None:
    info = detect_intent("bibtex for [2] and [4]")
    assert (info.cite_format, info.refs, info.refs_all) == ("bibtex", (2, 4), False)
    info = detect_intent("give me the apa references for 1-3")
    assert (info.cite_format, info.refs) == ("apa", (1, 2, 3))
    info = detect_intent("cite them all in markdown")
    assert (info.cite_format, info.refs_all) == ("md", True)
    info = detect_intent("cite SFace")
    assert (info.cite_format, info.subject) == (None, "SFace")
    assert detect_intent("plain text citation for 2").cite_format == "plain"
    info = detect_intent("cite learn from all as apa")  # "all" is a title word here, not "all of them"
    assert (info.subject, info.refs_all) == ("learn from all", False)


def test_lookup_candidates_and_resolution(shipped_papers: list[Paper]) -> None:
    assert lookup_candidate("What is SFace?") == "SFace"
    assert lookup_candidate("Tell me about the Faceptor paper") == "Faceptor"
    assert lookup_candidate("face recognition") is None
    by_name = resolve_name("SFace", shipped_papers)
    assert by_name is not None and by_name.title.startswith("SFace:")
    assert resolve_name("face recognition", shipped_papers) is None  # many papers: not a lookup
    assert resolve_name("IJB-C", shipped_papers, strict=True) is None  # named in several abstracts
    named_once = resolve_name("DFA-GPT", shipped_papers, strict=True)
    assert named_once is not None and "DFA-GPT" in named_once.abstract
    first = shipped_papers[0]
    assert resolve_id(f"arXiv:{first.arxiv_id}v2", shipped_papers) == first


@pytest.mark.parametrize(
    "raw",
    [
        "\x1b[31mred\x1b[0m",
        "a\x1b]8;;http://x\x07link\x1b]8;;\x07",
        "nul\x00bell\x07",
        "\x9b31m",
        "bidi\u202eevil",
        "lone \ud800 surrogate",
        "tab\there",
        "cr\rreturn",
    ],
)
def test_clean_leaves_no_escape_or_control(raw: str) -> None:
    out = clean(raw)
    assert is_safe(out)
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out and "\r" not in out
    out.encode("utf-8")  # no lone surrogates left


def test_clean_keeps_ordinary_text() -> None:
    assert clean("Zoë's 90.97% — RGB-D (2024)\nnext") == "Zoë's 90.97% — RGB-D (2024)\nnext"
    assert clean("a\nb", newlines=False) == "a b"
    assert clean("\x1b[31mred\x1b[0m") == "red"


@pytest.mark.parametrize(
    ("question", "quoted"),
    [
        (
            "what has this group done on noisy labels in expression recognition?",
            "noisy labels in expression recognition",
        ),
        ("does the lab have work on (privacy) protection?", "(privacy) protection"),
        ("a [bold]x[/] question with [ brackets", "[bold]x[/] question with [ brackets"),
    ],
)
def test_answers_quote_the_topic_as_the_user_wrote_it(question: str, quoted: str) -> None:
    """The opening sentence quotes the asker's topic words, without 'group done' filler or cut brackets."""
    from pubchat.answer.compose import topic_phrase

    assert topic_phrase(question, question) == quoted


def test_meaning_chooses_the_sentence_when_the_question_words_are_missing_and_only_then() -> None:
    from pubchat.answer.summarise import Cues, select_sentences

    sentences = [
        "We propose a new loss for recognition.",
        "The loss keeps features on a hypersphere.",
        "It enlarges the training set by warping and recolouring the images we already have.",
    ]
    paper = Paper(id="p", title="T", abstract=" ".join(sentences))
    dense = Cues(dict(zip(sentences, (0.10, 0.15, 0.62))))
    lay = {"squeez": 1.0, "extra": 1.0, "exampl": 1.0}  # none of the question's words is in the abstract
    assert select_sentences(paper, lay, max_sentences=1).sentences == (sentences[0],)
    assert select_sentences(paper, lay, max_sentences=1, cues=dense).sentences == (sentences[2],)
    worded = {"hyperspher": 1.0}  # a sentence holds the question's words: the lexical choice stands
    assert select_sentences(paper, worded, max_sentences=1, cues=dense).sentences == (sentences[1],)


def test_what_is_questions_carry_the_term_to_define() -> None:
    assert detect_intent("what is contrastive learning?").define == "contrastive learning"
    assert detect_intent("contrastive learning").define is None
