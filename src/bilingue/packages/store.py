"""Installed Argos packages: where they live, their metadata, listing, removal, staging folders.

The packages folder is always passed in as a value (``Settings.packages_dir``);
nothing here reads or writes the environment except :func:`default_packages_dir`,
which reads the mapping it is given.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bilingue.errors import ModelInstallError

__all__ = [
    "DEFAULT_INDEX_URL",
    "INDEX_VARIABLE",
    "PACKAGES_DIR_VARIABLE",
    "InstalledPackage",
    "default_packages_dir",
    "ensure_packages_dir",
    "find_installed",
    "list_installed",
    "parse_metadata",
    "read_installed",
    "recover_interrupted",
    "remove",
    "staging_folder",
    "swap_into_place",
    "version_key",
]

PACKAGES_DIR_VARIABLE = "ARGOS_PACKAGES_DIR"
INDEX_VARIABLE = "ARGOS_PACKAGE_INDEX"
DEFAULT_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
# Staging folders live inside the packages folder (same filesystem, so the final
# rename is atomic even when that folder is a mount point of its own) and are
# hidden, so listing never mistakes one for a package.
_STAGING_PREFIX = ".staging-"
_LOCK_NAME = ".lock"
_PREVIOUS = "previous"
# A staging folder without its lock file is only that young while being created.
_UNLOCKED_GRACE_SECONDS = 60.0
# metadata.json is a few hundred bytes; a huge one is an attack, not a package.
_MAX_METADATA_BYTES = 1024 * 1024


@dataclass(frozen=True)
class InstalledPackage:
    """One installed package folder and what its metadata.json says about it."""

    name: str
    path: Path
    from_code: str
    to_code: str
    package_version: str
    size_bytes: int
    from_name: str = ""
    to_name: str = ""
    argos_version: str = ""
    type: str = "translate"
    target_prefix: str = ""

    @property
    def model_dir(self) -> Path:
        return self.path / "model"

    @property
    def sp_model_path(self) -> Path:
        return self.path / "sentencepiece.model"

    @property
    def complete(self) -> bool:
        """Whether the CTranslate2 model and the SentencePiece tokenizer are both there."""
        return (self.model_dir / "model.bin").is_file() and self.sp_model_path.is_file()


def default_packages_dir(environ: Mapping[str, str]) -> Path:
    """Argos's packages folder for this environment: ARGOS_PACKAGES_DIR, else its default."""
    configured = environ.get(PACKAGES_DIR_VARIABLE)
    if configured:
        return Path(configured).expanduser()
    home = environ.get("HOME") or str(Path.home())
    data_home = environ.get("XDG_DATA_HOME") or str(Path(home) / ".local" / "share")
    return Path(data_home) / "argos-translate" / "packages"


def ensure_packages_dir(root: Path) -> Path:
    """``root``, created when missing; ModelInstallError when it cannot be."""
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ModelInstallError(
            f"cannot create the packages folder ({err.strerror})",
            path=root,
            hint=f"set {PACKAGES_DIR_VARIABLE} to a writable folder",
        ) from err
    return root


def parse_metadata(raw: bytes, where: str | Path) -> dict[str, str]:
    """The metadata fields bilingue needs, or ModelInstallError saying what is wrong."""
    if len(raw) > _MAX_METADATA_BYTES:
        raise ModelInstallError("metadata.json is too large to be package metadata", path=where)
    try:
        data: Any = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
        reason = "nested too deeply" if isinstance(err, RecursionError) else str(err)
        raise ModelInstallError(f"metadata.json is not valid JSON ({reason})", path=where) from err
    if not isinstance(data, dict):
        raise ModelInstallError("metadata.json must hold a JSON object", path=where)
    fields: dict[str, str] = {}
    for key in ("from_code", "to_code"):
        value = data.get(key)
        if not isinstance(value, str) or not value:
            raise ModelInstallError(f"metadata.json has no {key}", path=where)
        fields[key] = value
    for key, default in (
        ("package_version", ""),
        ("argos_version", ""),
        ("from_name", ""),
        ("to_name", ""),
        ("type", "translate"),
        ("target_prefix", ""),
    ):
        value = data.get(key, default)
        fields[key] = value if isinstance(value, str) else str(value)
    return fields


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def read_installed(folder: Path) -> InstalledPackage | None:
    """The package in ``folder``, or None when its metadata.json is missing or invalid."""
    metadata = folder / "metadata.json"
    try:
        fields = parse_metadata(metadata.read_bytes(), metadata)
    except (OSError, ModelInstallError):
        return None
    return InstalledPackage(
        name=folder.name, path=folder, size_bytes=_folder_size(folder), **fields
    )


def _is_package_folder(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink() and not path.name.startswith(".")


def list_installed(root: Path) -> list[InstalledPackage]:
    """Installed packages sorted by name; folders without a valid metadata.json are skipped.

    An install interrupted mid-swap (``kill -9``) is repaired first, so the old
    package is listed again rather than lost.
    """
    if not root.is_dir():
        return []
    recover_interrupted(root)
    found = (read_installed(p) for p in sorted(root.iterdir()) if _is_package_folder(p))
    return [package for package in found if package is not None]


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", version))


def find_installed(
    root: Path, from_code: str = "fr", to_code: str = "en"
) -> InstalledPackage | None:
    """The newest complete translation package for the pair, or None."""
    candidates = [
        p
        for p in list_installed(root)
        if p.from_code == from_code and p.to_code == to_code and p.type == "translate"
        if p.complete
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda p: (version_key(p.package_version), p.name))


def remove(root: Path, name: str) -> None:
    """Uninstall the package folder ``name``; ModelInstallError if there is no such package."""
    target = root / name
    if (
        not name
        or Path(name).name != name
        or name.startswith(".")
        or not _is_package_folder(target)
        or not (target / "metadata.json").is_file()
    ):
        raise ModelInstallError(
            f"no installed package named {name!r}", path=root, hint="see `bilingue models list`"
        )
    with staging_folder(root) as staging:
        # Moved out first so a half-deleted package is never listed as installed.
        os.replace(target, staging / name)


# ── staging folders ─────────────────────────────────────────────────────────────


@contextlib.contextmanager
def staging_folder(root: Path) -> Iterator[Path]:
    """A scratch folder inside ``root``, locked while in use and removed afterwards.

    The lock (``flock`` on a file inside it) dies with the process, so a folder left
    by ``kill -9`` is recognisably stale and :func:`recover_interrupted` removes it.
    """
    ensure_packages_dir(root)
    recover_interrupted(root)
    try:
        folder = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX, dir=root))
    except OSError as err:
        raise ModelInstallError(
            f"cannot create a staging folder in the packages folder ({err.strerror})",
            path=root,
            hint=f"make it writable, or set {PACKAGES_DIR_VARIABLE} to a writable folder",
        ) from err
    try:
        with open(folder / _LOCK_NAME, "w", encoding="utf-8") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def swap_into_place(new: Path, target: Path, staging: Path) -> None:
    """Replace ``target`` with ``new``; the old folder waits in ``staging`` until it is done.

    Two renames: if the process dies between them, the old package sits in the
    staging folder's ``previous/`` and :func:`recover_interrupted` puts it back.
    """
    previous = staging / _PREVIOUS
    previous.mkdir(exist_ok=True)
    had_old = target.exists()
    if had_old:
        os.replace(target, previous / target.name)
    try:
        os.replace(new, target)
    except OSError:
        if had_old:
            os.replace(previous / target.name, target)
        raise


def _is_stale(folder: Path) -> bool:
    lock_path = folder / _LOCK_NAME
    try:
        lock = open(lock_path, "r+", encoding="utf-8")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        try:
            age = time.time() - folder.stat().st_mtime
        except OSError:
            return False
        return age > _UNLOCKED_GRACE_SECONDS
    except OSError:
        return False
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # a live install or removal holds it
        return True


def recover_interrupted(root: Path) -> None:
    """Put back packages an interrupted install moved aside; delete stale staging folders.

    Best effort: a read-only packages folder is left as it is.
    """
    try:
        stale = [p for p in root.glob(_STAGING_PREFIX + "*") if p.is_dir() and _is_stale(p)]
    except OSError:
        return
    for folder in stale:
        previous = folder / _PREVIOUS
        with contextlib.suppress(OSError):
            for old in list(previous.iterdir()) if previous.is_dir() else []:
                if not (root / old.name).exists():
                    os.replace(old, root / old.name)
        shutil.rmtree(folder, ignore_errors=True)
