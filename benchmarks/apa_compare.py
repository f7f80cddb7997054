"""Which APA is closer to the APA 7 manual on the shipped corpus: pubchat's hand-written `apa` or
citeproc-py with the official apa.csl (`apa-csl`)?

Each reference is checked against five rules of the manual's preprint reference
("Author, A. A., & Author, B. B. (Year). Title in sentence case (arXiv:ID). arXiv. https://doi.org/10.48550/arXiv.ID"):

1. sentence case: after the first word (and after a colon) no ordinary English word is capitalised
   (ordinary: in pyspellchecker's word list, so not a name; words with inner capitals are names);
2. the identifier follows the title in parentheses: "(arXiv:ID)" with arXiv spelled so;
3. the repository is named "arXiv." (not "ArXiv");
4. the DOI link https://doi.org/10.48550/arXiv.ID is given;
5. authors as "Surname, I." with "&" before the last one.

Run: python benchmarks/apa_compare.py   (prints the share of references meeting each rule)
"""

from __future__ import annotations

import re

from spellchecker import SpellChecker

from pubchat.answer.cite import format_apa
from pubchat.answer.csl import render_csl
from pubchat.corpus import load_corpus
from pubchat.models import Paper

WORDS = SpellChecker().word_frequency


def _title_part(ref: str, paper: Paper) -> str:
    """The title as printed: between "). " after the year and " (arXiv" or the next ". "."""
    after_year = ref.split(f"({paper.year}). ", 1)[-1]
    return re.split(r" \((?i:arxiv):|\. ", after_year, maxsplit=1)[0]


def sentence_case_ok(title: str) -> bool:
    """Rule 1."""
    first = True
    for word in title.split():
        core = re.sub(r"^[^\w]+|[^\w]+$", "", word)
        if core and not first and re.fullmatch(r"[A-Z][a-z]+", core) and core.lower() in WORDS:
            return False
        first = word.endswith((":", "?", "!"))
    return True


def rules(ref: str, paper: Paper) -> list[bool]:
    """The five rules for one reference."""
    names = ref.split(f" ({paper.year}). ")[0]
    return [
        sentence_case_ok(_title_part(ref, paper)),
        f"(arXiv:{paper.arxiv_id})" in ref,
        " arXiv. " in ref,
        f"https://doi.org/10.48550/arXiv.{paper.arxiv_id}" in ref,
        len(paper.authors) < 2 or (", & " in names and re.match(r"^[^,]+, [A-Z]\.", names) is not None),
    ]


def main() -> None:
    papers = load_corpus(None)
    hand = [format_apa(p) for p in papers]
    csl = render_csl(papers, {}, "apa.csl").split("\n\n")
    print(f"{len(papers)} shipped papers; share of references meeting each APA 7 rule")
    print(f"{'rule':<34} {'apa (hand)':>10} {'apa-csl':>8}")
    labels = [
        "1 title in sentence case",
        "2 (arXiv:ID) after the title",
        "3 repository 'arXiv.'",
        "4 DOI link",
        "5 authors 'Surname, I.' and '&'",
    ]
    scores = {"hand": [0] * 5, "csl": [0] * 5}
    for paper, h, c in zip(papers, hand, csl):
        for i, ok in enumerate(rules(h, paper)):
            scores["hand"][i] += ok
        for i, ok in enumerate(rules(c, paper)):
            scores["csl"][i] += ok
    for i, label in enumerate(labels):
        print(f"{label:<34} {scores['hand'][i] / len(papers):>10.0%} {scores['csl'][i] / len(papers):>8.0%}")
    all_hand = sum(all(rules(h, p)) for p, h in zip(papers, hand))
    all_csl = sum(all(rules(c, p)) for p, c in zip(papers, csl))
    print(f"{'all five rules':<34} {all_hand / len(papers):>10.0%} {all_csl / len(papers):>8.0%}")


if __name__ == "__main__":
    main()
