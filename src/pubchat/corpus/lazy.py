"""A corpus read on demand: the papers of an index file's record table, each parsed when first used.

A warm start of a large corpus maps its index file (`pubchat.search.cache`) instead of reading and
validating every JSONL record; the records the index stores are the validated papers, and a paper
is re-validated (pydantic, from its stored JSON) only when an answer touches it. The shipped
corpus' index is package data, built by scripts/build_index.py from validated records and checked
current by a test: its records are trusted as the code is, and decoded without a validator.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from pydantic import ValidationError

from pubchat.errors import CorpusError
from pubchat.models import Paper

if TYPE_CHECKING:
    import numpy as np

    from pubchat.corpus.catalog import Catalog


_CHUNK = 1 << 24  # record bytes case-folded at a time when searching them


class LazyPapers(Sequence[Paper]):
    """The papers of a corpus, in corpus order, parsed from `blob[offsets[i]:offsets[i + 1]]` on first use.

    Each record is ASCII JSON (`record_json`), so any text (lone surrogates included) round-trips.

    `source` is the index file (named in the error a damaged record gives); `stored` is what the
    file holds (the search index is made from it without reading the file again); `trusted`: the
    file is the shipped package data, whose records are decoded without validation.
    """

    def __init__(
        self, blob: np.ndarray, offsets: np.ndarray, source: Path, stored: Any = None, *, trusted: bool = False
    ) -> None:
        """Keep the mapped record bytes and their bounds (n + 1 ascending offsets)."""
        self._blob = blob
        self._bounds = offsets.tolist()
        self._papers: list[Paper | None] = [None] * (len(self._bounds) - 1)
        self.source = source
        self.stored = stored
        self.trusted = trusted
        self._catalog: Catalog | None = None

    def __len__(self) -> int:
        return len(self._papers)

    @overload
    def __getitem__(self, i: int) -> Paper: ...

    @overload
    def __getitem__(self, i: slice) -> list[Paper]: ...

    def __getitem__(self, i: int | slice) -> Paper | list[Paper]:
        if isinstance(i, slice):
            return [self._at(k) for k in range(*i.indices(len(self._papers)))]
        if i < 0:
            i += len(self._papers)
        if not 0 <= i < len(self._papers):
            raise IndexError("paper index out of range")
        return self._at(i)

    def __iter__(self) -> Iterator[Paper]:
        return (self._at(k) for k in range(len(self._papers)))

    def catalog(self) -> Catalog:
        """Ids, arXiv ids, titles and source keys of every paper: the index file's string tables, each
        decoded when first used (an exact id is found in the bytes), so a lookup parses only the papers
        it finds."""
        if self._catalog is None:
            from pubchat.corpus.catalog import Catalog

            if getattr(self.stored, "strings", None) is None:
                self._catalog = Catalog.of(self)
            else:
                self._catalog = Catalog(self._column, self._find)
        return self._catalog

    def _column(self, name: str) -> list[str]:
        """A stored catalog column, decoded."""
        try:
            return list(self.stored.strings(f"catalog.{name}.bytes"))
        except (KeyError, ValueError, UnicodeDecodeError):
            raise CorpusError(
                f"{self.source}: the index file's catalog is damaged; delete the file to rebuild it"
            ) from None

    def _find(self, name: str, value: str) -> int | None:
        """The first paper whose stored catalog column `name` equals `value`, found in the column's bytes."""
        import numpy as np

        try:
            data = self.stored.arrays[f"catalog.{name}.bytes"].tobytes()
            bounds = self.stored.arrays[f"catalog.{name}.offsets"]
        except KeyError:
            raise CorpusError(
                f"{self.source}: the index file's catalog is damaged; delete the file to rebuild it"
            ) from None
        needle = value.encode("utf-8", "surrogatepass")
        at = data.find(needle)
        while at != -1:
            i = int(np.searchsorted(bounds, at, side="right")) - 1
            if bounds[i] == at and bounds[i + 1] == at + len(needle):
                return i
            at = data.find(needle, at + 1)
        return None

    def holding(self, text: str) -> list[int] | None:
        """Every paper whose record may hold `text` case-insensitively (a superset of those whose title or
        abstract does), found in the stored JSON bytes; None when the bytes cannot tell (`text` is not
        plain ASCII, or has a character JSON escapes)."""
        if not text or not text.isascii() or any(ch in '"\\' or ord(ch) < 32 for ch in text):
            return None
        needle = text.lower().encode()
        # the escapes of the four non-ASCII letters a case-insensitive pattern matches to ASCII ones (İ ı ſ K)
        folds = re.compile(rb"\\u(?:013[01]|017f|212a)")
        data, bounds = self._blob.data, self._bounds
        overlap = max(len(needle), 6) - 1  # a match across two chunks is whole in the first one
        found: set[int] = set()
        for start in range(0, len(data), _CHUNK):
            chunk = bytes(data[start : start + _CHUNK + overlap]).lower()  # ASCII case only, a chunk at a time
            at = chunk.find(needle)
            while at != -1:
                i = bisect.bisect_right(bounds, start + at) - 1
                found.add(i)
                at = chunk.find(needle, max(at + 1, bounds[i + 1] - start))
            found.update(bisect.bisect_right(bounds, start + m.start()) - 1 for m in folds.finditer(chunk))
        return sorted(found)

    def _at(self, i: int) -> Paper:
        paper = self._papers[i]
        if paper is None:
            data = self._blob[self._bounds[i] : self._bounds[i + 1]].tobytes()
            try:
                fields = json.loads(data.decode("ascii"))
                paper = trusted_paper(fields) if self.trusted else Paper.model_validate(fields)
            except (ValidationError, ValueError):
                raise CorpusError(
                    f"{self.source}: record {i + 1} of the index file is damaged; delete the file to rebuild it"
                ) from None
            self._papers[i] = paper
        return paper


def trusted_paper(fields: dict[str, Any]) -> Paper:
    """A paper from a trusted record's fields (`record_json`'s), built without pydantic's validator:
    the one field JSON holds in another type, the date, is decoded here."""
    if fields.get("date") is not None:
        fields = {**fields, "date": dt.date.fromisoformat(fields["date"])}
    return Paper.model_construct(**fields)


def record_json(paper: Paper) -> str:
    """A paper as the record table stores it: ASCII JSON of its non-default fields."""
    return json.dumps(paper.model_dump(mode="json", exclude_defaults=True), ensure_ascii=True, separators=(",", ":"))
