"""TEMPORARY stand-in for pubchat.assistant.Assistant until the real one lands (delete after)."""

from __future__ import annotations

import re

from pubchat.config import Settings
from pubchat.corpus import load_corpus
from pubchat.models import Answer, Citation, CiteFormat, Paper


class StandInAssistant:
    """Keyword-overlap search with the Assistant's CONTRACT signatures."""

    def __init__(self, papers: list[Paper], settings: Settings) -> None:
        self.papers = papers
        self.settings = settings
        self._by_id = {p.id: p for p in papers}

    @classmethod
    def from_settings(cls, settings: Settings, corpus_path: str | None = None) -> StandInAssistant:
        return cls(load_corpus(corpus_path or settings.corpus.path), settings)

    def paper(self, paper_id: str) -> Paper | None:
        return self._by_id.get(paper_id)

    def _terms(self, q: str) -> list[str]:
        return [t for t in re.findall(r"[a-z0-9]+", q.lower()) if len(t) > 3]

    def ask(self, question: str, top_k: int | None = None) -> Answer:
        terms = self._terms(question)
        scored = []
        for p in self.papers:
            text = (p.title + " " + p.abstract).lower()
            s = sum(text.count(t) for t in terms)
            if s:
                scored.append((s, p))
        scored.sort(key=lambda x: -x[0])
        top = scored[: top_k or 5]
        cits = [Citation(n=i + 1, id=p.id, title=p.title, authors=p.authors, year=p.year, url=p.url,
                         code_url=p.code_url, score=float(s)) for i, (s, p) in enumerate(top)]
        if not cits:
            text = "No paper in this list matches that question."
        else:
            text = f"{len(scored)} papers match.\n\n" + "\n".join(
                f"- **{c.title}** ({c.year}) [{c.n}]" for c in cits)
        return Answer(question=question, intent="find", total=len(scored), answer=text, citations=cits)

    def explain(self, question: str, paper_id: str) -> list[tuple[str, float]]:
        p = self._by_id[paper_id]
        text = (p.title + " " + p.abstract).lower()
        return [(t, float(text.count(t))) for t in self._terms(question) if t in text]

    def cite(self, paper_ids: list[str], fmt: CiteFormat) -> str:
        out = []
        for pid in paper_ids:
            p = self._by_id[pid]
            if fmt == "bibtex":
                out.append(f"@article{{{pid},\n  title = {{{p.title}}},\n  year = {{{p.year}}}\n}}")
            else:
                out.append(f"{', '.join(p.authors)}. {p.title}. {p.year}.")
        return "\n\n".join(out)

    def references(self, answer: Answer, fmt: CiteFormat) -> str:
        return self.cite([c.id for c in answer.citations], fmt)

    def suggestions(self) -> list[str]:
        return ["face anti-spoofing", "papers by Mei Wang since 2023", "which deepfake papers have code?"]
