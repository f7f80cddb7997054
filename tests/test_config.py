"""config.toml: documented defaults, strict keys and types, lookup order."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from repo_paths import REPO

from pubchat.config import Settings, load_settings, read_settings_file
from pubchat.errors import ConfigError


def test_repo_config_documents_every_key_with_the_default_value() -> None:
    text = (REPO / "config.toml").read_text(encoding="utf-8")
    assert read_settings_file(REPO / "config.toml") == Settings()
    for section, model in Settings.model_fields.items():
        assert f"[{section}]" in text
        for key in model.annotation.model_fields:  # type: ignore[union-attr]
            assert f"\n{key} = " in text or f"\n# {key} = " in text, f"{section}.{key} undocumented"
    tomllib.loads(text)


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ("[search]\nk1 = 1.2\nbee = 0.7\n", "cfg.toml: unknown key 'search.bee' (check the spelling"),
        ("[serach]\nk1 = 1.2\n", "cfg.toml: unknown key 'serach'"),
        ('[search]\nk1 = "high"\n', "cfg.toml: key 'search.k1': Input should be a valid number"),
        ("[search]\nb = 3\n", "cfg.toml: key 'search.b': Input should be less than or equal to 1"),
        (
            '[cite]\nformat = "mla"\n',
            "cfg.toml: key 'cite.format': unknown citation format 'mla' (choose one of: bibtex, ",
        ),
        ("[search\nk1 = 1\n", "cfg.toml: invalid TOML: "),
    ],
)
def test_bad_config_names_the_key(tmp_path: Path, toml: str, expected: str) -> None:
    path = tmp_path / "cfg.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        read_settings_file(path)
    message = str(info.value)
    assert "\n" not in message and expected in message, message


def test_lookup_order_explicit_then_cwd_then_defaults(tmp_path: Path) -> None:
    explicit = tmp_path / "mine.toml"
    explicit.write_text("[answer]\ntop_k = 3\n", encoding="utf-8")
    (tmp_path / "config.toml").write_text("[answer]\ntop_k = 7\n", encoding="utf-8")
    loaded = load_settings(explicit, cwd=tmp_path)
    assert loaded.settings.answer.top_k == 3 and loaded.source == str(explicit)
    loaded = load_settings(None, cwd=tmp_path)
    assert loaded.settings.answer.top_k == 7 and loaded.source == str(tmp_path / "config.toml")
    empty = tmp_path / "empty"
    empty.mkdir()
    loaded = load_settings(None, cwd=empty)
    assert loaded.source == "built-in defaults" and loaded.settings == Settings()


def test_missing_explicit_config_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_settings(tmp_path / "nope.toml")


def test_readme_configuration_table_names_every_key() -> None:
    """The README's configuration reference lists every setting as `section.key` (none forgotten)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Configuration") :]
    for name, sub in Settings.model_fields.items():
        for key in sub.annotation.model_fields:  # type: ignore[union-attr]
            assert f"`{name}.{key}`" in section, f"README configuration table lacks {name}.{key}"


def test_built_in_defaults_equal_validated_defaults_and_still_check_assignments() -> None:
    from pydantic import ValidationError

    from pubchat.config import default_settings

    defaults = default_settings()
    assert defaults == Settings() and defaults.model_dump() == Settings().model_dump()
    with pytest.raises(ValidationError, match="k1"):
        defaults.search.k1 = 0
