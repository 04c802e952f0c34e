"""Settings: defaults, bilingue.toml, then flags, each value with its origin."""

from __future__ import annotations

from pathlib import Path

import pytest

from bilingue.config import load_settings
from bilingue.errors import ConfigError


def test_defaults_without_a_config_file(tmp_path: Path) -> None:
    settings = load_settings(root=tmp_path)
    assert (settings.engine, settings.beam_size, settings.batch_size) == ("auto", 2, 32)
    assert settings.input == Path("input")
    assert settings.origin("engine") == "default"


def test_file_then_flags_override_and_origins_are_kept(tmp_path: Path) -> None:
    (tmp_path / "bilingue.toml").write_text(
        'engine = "apertium"\nbeam_size = 4\nglossary = ["g/a.tsv", "g/b.tsv"]\n',
        encoding="utf-8",
    )
    settings = load_settings(root=tmp_path, overrides={"engine": "argos", "output": None})
    assert settings.engine == "argos"
    assert settings.origin("engine") == "--engine"
    assert settings.beam_size == 4
    assert settings.origin("beam_size") == "bilingue.toml"
    assert settings.glossary == (Path("g/a.tsv"), Path("g/b.tsv"))
    assert settings.output == Path("output")
    assert settings.origin("output") == "default"
    assert settings.resolve(Path("out")) == tmp_path / "out"


@pytest.mark.parametrize(
    "content",
    [
        "[bilingue]\nthreads = 2\n",
        # The case issue 12 found: top-level keys beside the table were silently dropped.
        'engine = "google"\n[bilingue]\nthreads = 2\n',
    ],
)
def test_a_bilingue_table_is_refused_loudly(tmp_path: Path, content: str) -> None:
    (tmp_path / "bilingue.toml").write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(root=tmp_path)
    assert str(caught.value) == (
        f"{tmp_path / 'bilingue.toml'}: settings go at the top level, not under a "
        "[bilingue] table — delete the [bilingue] line so its keys are read"
    )


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "bilingue.toml").write_bytes(b"\xef\xbb\xbfthreads = 3\n")
    settings = load_settings(root=tmp_path)
    assert settings.threads == 3
    assert settings.origin("threads") == "bilingue.toml"


def test_a_non_utf8_file_says_so(tmp_path: Path) -> None:
    (tmp_path / "bilingue.toml").write_bytes('input = "entrée"\n'.encode("cp1252"))
    with pytest.raises(ConfigError) as caught:
        load_settings(root=tmp_path)
    assert str(caught.value) == (
        f"{tmp_path / 'bilingue.toml'}: not UTF-8 text (byte 13: invalid continuation byte)"
        " — save it as UTF-8"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('engine = "google"\n', "engine must be one of auto, argos, apertium, not 'google'"),
        ("beam_size = 0\n", "beam_size must be a whole number from 1 to 16"),
        ("batch_size = true\n", "batch_size must be a whole number from 1 to 1024"),
        ('colour = "red"\n', "unknown setting 'colour'"),
        ("engine = \n", "not valid TOML"),
    ],
)
def test_invalid_files_name_the_file_and_the_problem(
    tmp_path: Path, content: str, message: str
) -> None:
    (tmp_path / "bilingue.toml").write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(root=tmp_path)
    assert str(tmp_path / "bilingue.toml") in str(caught.value)
    assert message in str(caught.value)
