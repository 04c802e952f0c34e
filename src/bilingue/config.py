"""Effective settings: defaults, then bilingue.toml, then flags; each value knows its origin."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from bilingue.engines import EngineName
from bilingue.errors import ConfigError

__all__ = ["CONFIG_FILE", "Settings", "load_settings"]

CONFIG_FILE = "bilingue.toml"


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know, passed explicitly to the library (no globals)."""

    root: Path = Path(".")
    engine: EngineName = EngineName.AUTO
    glossary: tuple[Path, ...] = ()  # empty: every glossary/*.tsv under root
    input: Path = Path("input")
    output: Path = Path("output")
    beam_size: int = 2
    batch_size: int = 32
    # CPU threads the run may use (0: every core this process may run on), shared
    # out by engines/threads.py into CTranslate2 translators decoding batches side
    # by side (inter_threads) and threads inside each (intra_threads); 0 for either
    # means "from threads". On 2 cores two translators of one thread beat one of two.
    threads: int = 0
    inter_threads: int = 0
    intra_threads: int = 0
    batch_tokens: int = 512  # padded source tokens per batch (engines/batching.py)
    # Argos packages folder; load_settings fills it (ARGOS_PACKAGES_DIR, else Argos's
    # default), so it reaches the library as a value, never through the environment.
    packages_dir: Path | None = None
    package_index: str = ""  # Argos index URL; load_settings fills it
    typography: bool = True  # English typography on the drafts and at publication
    english: str = "en-GB"  # en-GB or en-US: typography, dates, w:lang of published runs
    tm: Path = Path(".bilingue/tm.sqlite")  # the translation memory, under root
    use_tm: bool = True  # False (--no-tm): translate without reading the memory
    origins: Mapping[str, str] = field(default_factory=dict, compare=False)

    def origin(self, name: str) -> str:
        return self.origins.get(name, "default")

    def resolve(self, path: Path) -> Path:
        return path if path.is_absolute() else self.root / path

    def items(self) -> list[tuple[str, object, str]]:
        """(key, value, origin) for every user-facing setting, for `bilingue config`."""
        return [
            (f.name, getattr(self, f.name), self.origin(f.name))
            for f in fields(self)
            if f.name not in ("origins", "root")
        ]


_INT_KEYS = {
    "beam_size": (1, 16),
    "batch_size": (1, 1024),
    "threads": (0, 256),
    "inter_threads": (0, 64),
    "intra_threads": (0, 256),
    "batch_tokens": (16, 65536),
}
_PATH_KEYS = ("input", "output", "packages_dir")
_FILE_KEYS = ("tm",)
_BOOL_KEYS = ("use_tm",)


def _coerce(key: str, value: Any, where: str) -> Any:
    if key == "engine":
        if value not in set(EngineName):
            names = ", ".join(EngineName)
            raise ConfigError(f"engine must be one of {names}, not {value!r}", path=where)
        return EngineName(value)
    if key == "package_index":
        if not isinstance(value, str) or not value:
            raise ConfigError("package_index must be a URL", path=where)
        return value
    if key in _INT_KEYS:
        low, high = _INT_KEYS[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ConfigError(f"{key} must be a whole number from {low} to {high}", path=where)
        return value
    if key == "typography":
        if not isinstance(value, bool):
            raise ConfigError("typography must be true or false", path=where)
        return value
    if key == "english":
        if value not in ("en-GB", "en-US"):
            raise ConfigError(f"english must be en-GB or en-US, not {value!r}", path=where)
        return value
    if key in _PATH_KEYS:
        if not isinstance(value, (str, Path)) or not str(value):
            raise ConfigError(f"{key} must be a folder path", path=where)
        return Path(value)
    if key in _FILE_KEYS:
        if not isinstance(value, (str, Path)) or not str(value):
            raise ConfigError(f"{key} must be a file path", path=where)
        return Path(value)
    if key in _BOOL_KEYS:
        if not isinstance(value, bool):
            raise ConfigError(f"{key} must be true or false", path=where)
        return value
    if key == "glossary":
        values = [value] if isinstance(value, (str, Path)) else value
        if not isinstance(values, (list, tuple)) or not all(
            isinstance(v, (str, Path)) for v in values
        ):
            raise ConfigError("glossary must be a path or a list of paths", path=where)
        return tuple(Path(v) for v in values)
    known = ", ".join(f.name for f in fields(Settings) if f.name not in ("origins", "root"))
    raise ConfigError(f"unknown setting {key!r} (known: {known})", path=where)


def _from_environment(environ: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Argos's own variables: where packages live and which index to download from."""
    from bilingue.packages.store import (
        DEFAULT_INDEX_URL,
        INDEX_VARIABLE,
        PACKAGES_DIR_VARIABLE,
        default_packages_dir,
    )

    values: dict[str, Any] = {
        "packages_dir": default_packages_dir(environ),
        "package_index": environ.get(INDEX_VARIABLE) or DEFAULT_INDEX_URL,
    }
    origins: dict[str, str] = {}
    for key, variable in (
        ("packages_dir", PACKAGES_DIR_VARIABLE),
        ("package_index", INDEX_VARIABLE),
    ):
        if environ.get(variable):
            origins[key] = variable
    return values, origins


def load_settings(
    root: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Defaults (with Argos's environment variables), then ``root/bilingue.toml`` if
    present, then ``overrides`` (CLI flags).

    ``None`` values in ``overrides`` mean "not given" so click options can be passed
    straight through. ``environ`` defaults to the process environment, read here only.
    """
    root = Path(root) if root is not None else Path.cwd()
    settings = Settings(root=root)
    values, origins = _from_environment(os.environ if environ is None else environ)
    path = config_file if config_file is not None else root / CONFIG_FILE
    if path.exists():
        for key, value in _read_config(path).items():
            values[key] = _coerce(key, value, str(path))
            origins[key] = str(path.name)
    for key, value in (overrides or {}).items():
        if value is None or value == ():
            continue
        values[key] = _coerce(key, value, f"--{key.replace('_', '-')}")
        origins[key] = f"--{key.replace('_', '-')}"
    return replace(settings, **values, origins=origins)


def _read_config(path: Path) -> dict[str, Any]:
    """The settings table of ``path``: top-level keys, the one place settings live.

    A UTF-8 byte-order mark (Notepad adds one) is accepted. A ``[bilingue]`` table is
    refused rather than read or ignored: with two places, a key in the wrong one would
    silently not apply.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ConfigError(
            f"not UTF-8 text (byte {err.start}: {err.reason})",
            path=path,
            hint="save it as UTF-8",
        ) from err
    except OSError as err:
        raise ConfigError(f"cannot read file ({err.strerror})", path=path) from err
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"not valid TOML ({err})", path=path) from err
    if "bilingue" in data:
        raise ConfigError(
            "settings go at the top level, not under a [bilingue] table",
            path=path,
            hint="delete the [bilingue] line so its keys are read",
        )
    return data
