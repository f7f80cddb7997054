"""Settings loaded from config.toml: validated, unknown keys rejected, the source remembered.

Lookup order: `--config PATH`, `./config.toml`, the user's config directory (platformdirs),
then the built-in defaults (the model below; the repo's config.toml documents each key).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pubchat.errors import ConfigError, one_line
from pubchat.limits import MAX_CONFIG_BYTES, MAX_INT_DIGITS

APP_NAME = "pubchat"
DEFAULTS_SOURCE = "built-in defaults"  # LoadedSettings.source when no config file was read


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True)  # built on first use


class CorpusSettings(_Section):
    """Which publication list to load."""

    path: str | None = None  # None: the corpus shipped inside the package
    name: str | None = None  # shown in the TUI header; None: derived from the corpus


class SearchSettings(_Section):
    """Retriever parameters; defaults chosen by measurement (docs/retrieval.md)."""

    k1: float = Field(default=1.2, gt=0.0, le=5.0)  # 0 would give every matching paper the same score
    b: float = Field(default=0.75, ge=0.0, le=1.0)
    title_weight: float = Field(default=1.0, ge=0.0, le=10.0)
    abstract_weight: float = Field(default=1.0, ge=0.0, le=10.0)
    authors_weight: float = Field(default=1.0, ge=0.0, le=10.0)
    # Relevance floor (docs/retrieval.md). A paper's coverage = share of the question's IDF mass
    # it contains. The question matches nothing unless its best paper reaches
    # min(min_score, floor_terms / n_terms) (long_min_score for questions of long_query_words+
    # words); then papers need partial_coverage x the best paper's coverage.
    min_score: float = Field(default=0.5, ge=0.0, le=1.0)
    floor_terms: float = Field(default=2.0, ge=0.0, le=50.0)
    long_query_words: int = Field(default=12, ge=1, le=10000)
    long_min_score: float = Field(default=0.1, ge=0.0, le=1.0)
    partial_coverage: float = Field(default=0.5, ge=0.0, le=1.0)
    coverage_boost: float = Field(default=0.0, ge=0.0, le=5.0)  # score x coverage**this
    recent_years: int = Field(default=2, ge=1, le=50)  # "recent"/"latest" window
    fuzzy_min_ratio: float = Field(default=80.0, ge=50.0, le=100.0)  # typo correction
    feedback: bool = True  # pseudo-relevance feedback (measured in docs/retrieval.md)
    feedback_docs: int = Field(default=3, ge=1, le=50)  # best first-pass papers feedback reads
    feedback_terms: int = Field(default=10, ge=1, le=100)  # terms feedback adds
    feedback_weight: float = Field(default=0.3, ge=0.0, le=5.0)  # weight of each added term
    acronym_weight: float = Field(default=1.0, ge=0.0, le=5.0)  # weight of acronym expansions
    morph_weight: float = Field(default=0.0, ge=0.0, le=5.0)  # weight of word-family variants (recogn -> recognit)
    backend: Literal["auto", "sparse", "rank_bm25"] = "auto"
    # Meaning-based reranking for weakly matched questions (search/semantic.py, docs/retrieval.md).
    # "auto": the shipped sentence encoder for corpora up to semantic_max_docs papers; true: any size; false: never
    semantic: Literal["auto", True, False] = "auto"
    semantic_weight: float = Field(default=0.7, ge=0.0, le=1.0)  # share of similarity in the fused score
    semantic_min_similarity: float = Field(default=0.6, ge=0.0, le=1.0)  # relative similarity that adds a paper
    semantic_floor: float = Field(default=0.35, ge=-1.0, le=1.0)  # weak question: a sentence this close or no match
    semantic_rescue: float = Field(default=0.55, ge=-1.0, le=1.0)  # no lexical match: a sentence this close may relate
    semantic_max_docs: int = Field(default=1000, ge=0)  # larger corpora: BM25 only unless semantic = true
    max_query_chars: int = Field(default=2000, ge=50, le=100_000)
    # Match decision on raw evidence (search/match.py, docs/retrieval.md; chosen on the tuning half).
    generic_share: float = Field(default=0.25, ge=0.0, le=1.0)  # a word in more papers than this share is generic
    # Multi-word concepts (search/coverage.py): a concept's words all held but apart count
    # 1 - tightness x (1 - phrase_apart) each; a generic word held without its concept counts phrase_alone.
    phrase_apart: float = Field(default=0.25, ge=0.0, le=1.0)
    phrase_alone: float = Field(default=0.25, ge=0.0, le=1.0)
    dense_weight: float = Field(default=1.0, ge=0.0, le=1.0)  # share of cosine in the fused ranking score
    dense_match: float = Field(default=0.5, ge=-1.0, le=1.0)  # cosine at which a paper matches by meaning alone
    dense_related: float = Field(default=0.47, ge=-1.0, le=1.0)  # cosine at which a paper may be related
    dense_floor: float = Field(default=0.3, ge=-1.0, le=1.0)  # weakly worded questions need a paper this close


class AnswerSettings(_Section):
    """How answers are written."""

    top_k: int = Field(default=5, ge=1, le=50)  # papers summarised and cited
    sentences_per_paper: int = Field(default=2, ge=1, le=5)
    max_sentence_chars: int = Field(default=320, ge=80, le=2000)


class CiteSettings(_Section):
    """Reference export."""

    format: str = "bibtex"  # a name in pubchat.citeformats

    @field_validator("format")
    @classmethod
    def _known_format(cls, value: str) -> str:
        from pubchat.citeformats import check_format

        return check_format(value)


class TuiSettings(_Section):
    """Terminal UI behaviour."""

    theme: str = "textual-dark"
    history_size: int = Field(default=500, ge=0, le=100_000)
    cursor_blink: bool = True  # tests turn this off for deterministic snapshots
    sources_min_width: int = Field(default=110, ge=40, le=1000)  # narrower: sources go below
    turns_on_screen: int = Field(default=10, ge=1, le=1000)  # older turns hidden; Ctrl+S saves them all


class CacheSettings(_Section):
    """On-disk index cache for large corpora."""

    enabled: bool = True
    dir: str | None = None  # None: the user cache directory (platformdirs)
    min_docs: int = Field(default=2000, ge=0)  # smaller corpora index faster than a cache read


class Settings(_Section):
    """All settings; every key is documented in the repo's config.toml."""

    corpus: CorpusSettings = Field(default_factory=CorpusSettings)
    search: SearchSettings = Field(default_factory=SearchSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    cite: CiteSettings = Field(default_factory=CiteSettings)
    tui: TuiSettings = Field(default_factory=TuiSettings)
    cache: CacheSettings = Field(default_factory=CacheSettings)


@dataclass(frozen=True)
class LoadedSettings:
    """Settings plus where they came from (a path, or 'built-in defaults')."""

    settings: Settings
    source: str

    def corpus_file(self, override: str | Path | None = None) -> Path | None:
        """The corpus to load: `override` (as given, e.g. --corpus), else `corpus.path` relative to the
        config file that names it, else None (the shipped corpus). The one place corpus.path is resolved."""
        if override:
            return Path(override)
        configured = self.settings.corpus.path
        if not configured:
            return None
        path = Path(configured).expanduser()
        if not path.is_absolute() and self.source != DEFAULTS_SOURCE:
            return Path(self.source).parent / path
        return path


def user_config_path() -> Path:
    """The per-user config file location."""
    from pubchat.userdirs import user_dir

    return user_dir("config") / "config.toml"


def parse_settings(text: str, source: str) -> Settings:
    """Parse TOML text into Settings; errors name the source and the offending key."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: invalid TOML: {one_line(str(exc))}") from None
    except RecursionError:
        raise ConfigError(f"{source}: invalid TOML: nested too deeply") from None
    except ValueError:  # an integer over MAX_INT_DIGITS digits
        line = _line_of_long_number(text)
        raise ConfigError(f"{source}:{line}: invalid TOML: a number over {MAX_INT_DIGITS:,} digits") from None
    settings = _validated(data, source)
    _check_usable(settings, source)
    return settings


_WEIGHTS = ("title_weight", "abstract_weight", "authors_weight")


def _check_usable(settings: Settings, source: str) -> None:
    """Reject combinations no single key's bounds can catch: all three field weights at zero."""
    search = settings.search
    if all(getattr(search, name) == 0 for name in _WEIGHTS):
        raise ConfigError(
            f"{source}: key 'search.title_weight': the title, abstract and authors weights are all 0, "
            "so no paper could ever match; set at least one above 0"
        )


def _validated(data: dict[str, object], source: str) -> Settings:
    """Settings by pydantic's validator; its first error names the key."""
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"])
        if err["type"] == "extra_forbidden":
            raise ConfigError(f"{source}: unknown key '{key}' (check the spelling; see config.toml)") from None
        message = str(err["ctx"]["error"]) if err["type"] == "value_error" else err["msg"]  # our own check's words
        raise ConfigError(f"{source}: key '{key}': {one_line(message)}") from None


def _line_of_long_number(text: str) -> int:
    """The line holding the first run of more than MAX_INT_DIGITS digits (1 if none is found)."""
    import re

    match = re.search(rf"[0-9_]{{{MAX_INT_DIGITS + 1}}}", text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def read_settings_file(path: Path) -> Settings:
    """Read and validate one config file (a regular file of at most MAX_CONFIG_BYTES)."""
    from pubchat.storage import read_regular

    raw = read_regular(path, MAX_CONFIG_BYTES, "config file", ConfigError)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    return parse_settings(text, str(path))


def load_settings(explicit: str | Path | None = None, cwd: Path | None = None) -> LoadedSettings:
    """Find and load settings in the documented lookup order."""
    if explicit is not None:
        path = Path(explicit)
        return LoadedSettings(read_settings_file(path), str(path))
    for candidate in ((cwd or Path.cwd()) / "config.toml", user_config_path()):
        if candidate.is_file():
            return LoadedSettings(read_settings_file(candidate), str(candidate))
    return LoadedSettings(default_settings(), DEFAULTS_SOURCE)


def default_settings() -> Settings:
    """The built-in defaults, made without building pydantic's validator: they are the models' own
    defaults (a test checks they equal a validated `Settings()`), and a run with no config file then
    validates nothing."""
    sections = {
        name: field.annotation.model_construct(_fields_set=set())  # type: ignore[union-attr]
        for name, field in Settings.model_fields.items()
    }
    return Settings.model_construct(_fields_set=set(), **sections)
