"""Analyzer and acronym mining: the terms documents and questions meet on."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pubchat.search.acronyms import AcronymTable, find_definitions
from pubchat.search.analyzer import Analyzer, fold


def test_keeps_domain_tokens_and_their_parts() -> None:
    terms = Analyzer().analyze("3D and RGB-D face recognition on CIFAR-100 with 2D poses")
    for token in ("3d", "rgb-d", "cifar-100", "2d"):
        assert token in terms
    assert "rgb" in terms and "cifar" in terms  # parts also indexed: "RGB images" still matches
    assert "and" not in terms and "on" not in terms  # stopwords dropped


def test_stemming_and_spellings_meet() -> None:
    a = Analyzer()
    assert a.analyze("Recognizing expressions") == a.analyze("recognize expression")
    assert set(a.analyze("CIFAR100")) >= set(a.analyze("CIFAR-100"))
    assert set(a.analyze("super-resolution")) >= set(a.analyze("super resolution"))


def test_normalisation_case_accents_width_possessive() -> None:
    a = Analyzer()
    assert fold("Zoë ＦＥＲ") == "zoe fer"
    assert a.analyze("Linzhi Huang's papers") == a.analyze("linzhi huang paper")
    assert a.analyze("Face\u2011Anti\u2011Spoofing") == a.analyze("face-anti-spoofing")


def test_definitions_found_schwartz_hearst() -> None:
    text = (
        "Noisy label Facial Expression Recognition (FER) is hard. We study universal "
        "adversarial perturbation (UAP) and out-of-distribution (OOD) detection with large "
        "vision-language models (LVLMs). The results (Table 2) are good."
    )
    found = dict(find_definitions(text))
    assert found["FER"].lower().endswith("facial expression recognition")
    assert found["UAP"] == "universal adversarial perturbation"
    assert found["OOD"] == "out-of-distribution"
    assert found["LVLM"] == "large vision-language models"
    assert "Table 2" not in found


def test_acronym_table_expands_both_ways(shipped_papers) -> None:
    a = Analyzer()
    table = AcronymTable.mine([f"{p.title}. {p.abstract}" for p in shipped_papers], a)
    assert table.long_form("FAS") == "face anti-spoofing"
    assert set(a.analyze("facial expression recognition")) <= set(table.expansions(a.analyze("FER")))
    assert a.analyze("uap")[0] in table.expansions(a.analyze("universal adversarial perturbation"))
    # a short form that is also an ordinary word in the corpus is not expanded from the word
    assert "age" in table.common_words
    assert table.expansions(a.analyze("age estimation")) == []


def _scanned_pairs(table: AcronymTable, terms: list[str]) -> list[tuple[str, list[str], str]]:
    """Reference: every acronym of the table tested in turn (what the direct lookup must reproduce)."""
    from pubchat.search.acronyms import _contains_run, _variants

    present, pairs = set(terms), []
    for short, short_term in table.short_terms.items():
        longs = table.long_terms[short]
        if short_term in present and short not in table.common_words:
            pairs += [(short_term, long_terms, "long") for long_terms in longs[:2]]
        elif len(longs) == 1 or _variants(longs):
            pairs += [(short_term, lt, "short") for lt in longs if _contains_run(terms, lt)][:1]
    return pairs


def test_acronym_lookup_gives_what_a_scan_of_the_table_gives(shipped_papers) -> None:
    """Every short form, every long form and every dev question expand exactly as a full scan of the table."""
    import json
    from pathlib import Path

    qa = Path(__file__).resolve().parent / "data" / "qa"
    analyzer = Analyzer()
    table = AcronymTable.mine((f"{p.title}. {p.abstract}" for p in shipped_papers), analyzer)
    assert len(table.short_terms) > 20
    queries = [[t] for t in table.short_terms.values()]
    queries += [["robust", *lt, "model"] for longs in table.long_terms.values() for lt in longs]
    for path in (qa / "dev.jsonl", qa / "dev2.jsonl"):
        lines = path.read_text(encoding="utf-8").splitlines()
        queries += [analyzer.analyze(json.loads(line)["question"]) for line in lines if line.strip()]
    touched = 0
    for terms in queries:
        expected = _scanned_pairs(table, terms)
        assert table.expansion_pairs(terms) == expected, terms
        touched += bool(expected)
    assert touched > len(table.short_terms)  # both directions were exercised


@given(st.text(alphabet=st.sampled_from("abcXYZ019-_ '.,()/é–"), max_size=60))
def test_ascii_fast_path_tokenises_like_the_unicode_rule(text: str) -> None:
    """Folded ASCII text gives the same surface words through the fast pattern as through the Unicode one."""
    from pubchat.search.analyzer import _DASHES_RE, _POSSESSIVE_RE, _TOKEN_RE

    folded = _POSSESSIVE_RE.sub(r"\1", fold(text))
    expected = [_DASHES_RE.sub("-", w) for w in _TOKEN_RE.findall(folded)]
    assert Analyzer().surface(text) == expected
