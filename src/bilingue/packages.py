"""Argos model packages: where they live, listing, safe install (file or index), removal."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from bilingue.errors import ModelInstallError

__all__ = [
    "DEFAULT_INDEX_URL",
    "DEFAULT_MAX_UNPACKED_BYTES",
    "OFFLINE_HINT",
    "InstalledPackage",
    "ProgressCallback",
    "find_installed",
    "install_from_file",
    "install_from_index",
    "list_installed",
    "packages_dir",
    "remove",
]

# Bytes done so far, and the total when the server announced it.
ProgressCallback = Callable[[int, int | None], None]

DEFAULT_MAX_UNPACKED_BYTES = 2 * 1024**3
DEFAULT_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
OFFLINE_HINT = "offline? install from a file: bilingue models install --file PATH.argosmodel"

# Real models (int8 weights) compress about 1.1:1; only a zip bomb reaches this.
_MAX_MEMBER_RATIO = 200
_RATIO_FLOOR_BYTES = 1024 * 1024  # small members (config, vocab) may compress well
_CHUNK = 1024 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
_NOT_ZIP = "not an .argosmodel (zip) file"


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


def packages_dir(*, create: bool = True) -> Path:
    """Where packages live: ARGOS_PACKAGES_DIR, else Argos's default data folder.

    Read from the environment at each call (never at import); ``create`` makes it.
    """
    configured = os.environ.get("ARGOS_PACKAGES_DIR")
    if configured:
        folder = Path(configured).expanduser()
    else:
        data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        folder = Path(data_home) / "argos-translate" / "packages"
    if create:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise ModelInstallError(
                f"cannot create the packages folder ({err.strerror})",
                path=folder,
                hint="set ARGOS_PACKAGES_DIR to a writable folder",
            ) from err
    return folder


def _parse_metadata(raw: bytes, where: str | Path) -> dict[str, str]:
    """The metadata fields bilingue needs, or ModelInstallError saying what is wrong."""
    try:
        data: Any = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ModelInstallError(f"metadata.json is not valid JSON ({err})", path=where) from err
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


def _read_installed(folder: Path) -> InstalledPackage | None:
    metadata = folder / "metadata.json"
    try:
        fields = _parse_metadata(metadata.read_bytes(), metadata)
    except (OSError, ModelInstallError):
        return None
    return InstalledPackage(
        name=folder.name, path=folder, size_bytes=_folder_size(folder), **fields
    )


def list_installed() -> list[InstalledPackage]:
    """Installed packages sorted by name; folders without a valid metadata.json are skipped."""
    root = packages_dir(create=False)
    if not root.is_dir():
        return []
    found = (_read_installed(p) for p in sorted(root.iterdir()) if _is_package_folder(p))
    return [package for package in found if package is not None]


def _is_package_folder(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink() and not path.name.startswith(".")


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", version))


def find_installed(from_code: str = "fr", to_code: str = "en") -> InstalledPackage | None:
    """The newest complete translation package for the pair, or None."""
    candidates = [
        p
        for p in list_installed()
        if p.from_code == from_code and p.to_code == to_code and p.type == "translate"
        if p.complete
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda p: (_version_key(p.package_version), p.name))


# ── install from a file ─────────────────────────────────────────────────────────


def _member_parts(name: str, archive: Path) -> tuple[str, ...]:
    """The path parts of a zip member, refusing anything that could land outside."""
    unified = name.replace("\\", "/")
    if unified.startswith("/") or _DRIVE.match(unified):
        raise ModelInstallError(f"unsafe member {name!r} (absolute path)", path=archive)
    parts = tuple(p for p in PurePosixPath(unified).parts if p not in ("", "."))
    if ".." in parts:
        raise ModelInstallError(f"unsafe member {name!r} (leaves the package)", path=archive)
    if not parts:
        raise ModelInstallError(f"unsafe member {name!r} (empty path)", path=archive)
    return parts


def _check_members(archive: Path, members: list[zipfile.ZipInfo], max_unpacked_bytes: int) -> str:
    """Validate every member and return the package's single top folder name."""
    tops: set[str] = set()
    total = 0
    for info in members:
        parts = _member_parts(info.filename, archive)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise ModelInstallError(f"unsafe member {info.filename!r} (symlink)", path=archive)
        if len(parts) == 1 and not info.is_dir():
            raise ModelInstallError(
                f"file {info.filename!r} is outside the package's top folder", path=archive
            )
        tops.add(parts[0])
        total += info.file_size
        if total > max_unpacked_bytes:
            raise ModelInstallError(
                f"unpacks to more than {max_unpacked_bytes} bytes", path=archive
            )
        if info.file_size > _RATIO_FLOOR_BYTES and info.file_size > _MAX_MEMBER_RATIO * max(
            info.compress_size, 1
        ):
            raise ModelInstallError(
                f"member {info.filename!r} is compressed suspiciously well (zip bomb?)",
                path=archive,
            )
    if len(tops) != 1:
        found = ", ".join(sorted(tops)) or "nothing"
        raise ModelInstallError(
            f"a package holds exactly one top folder (found: {found})", path=archive
        )
    top = tops.pop()
    if top.startswith("."):
        raise ModelInstallError(f"hidden top folder {top!r}", path=archive)
    return top


def _check_package(
    zf: zipfile.ZipFile, archive: Path, members: list[zipfile.ZipInfo], cap: int
) -> str:
    """Refuse the package before anything is written; return its top folder name."""
    top = _check_members(archive, members, cap)
    by_name = {"/".join(_member_parts(m.filename, archive)): m for m in members}
    metadata = by_name.get(f"{top}/metadata.json")
    if metadata is None or metadata.is_dir():
        raise ModelInstallError("no metadata.json in the package", path=archive)
    _parse_metadata(zf.read(metadata), archive)
    for required, what in (
        ("model/model.bin", "CTranslate2 model"),
        ("sentencepiece.model", "SentencePiece tokenizer"),
    ):
        if f"{top}/{required}" not in by_name:
            raise ModelInstallError(f"no {what} ({required}) in the package", path=archive)
    return top


def _extract(zf: zipfile.ZipFile, members: list[zipfile.ZipInfo], dest: Path, cap: int) -> None:
    """Write members under ``dest``, counting real bytes (headers can lie about sizes)."""
    written = 0
    for info in members:
        target = dest.joinpath(*_member_parts(info.filename, Path(zf.filename or "")))
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with zf.open(info) as source, open(target, "xb") as out:
            while chunk := source.read(_CHUNK):
                written += len(chunk)
                if written > cap:
                    raise ModelInstallError(f"unpacks to more than {cap} bytes")
                out.write(chunk)


def _staging_dir(root: Path) -> Path:
    """A scratch folder beside the packages folder: same filesystem, never listed as one."""
    try:
        return Path(tempfile.mkdtemp(prefix=".bilingue-install-", dir=root.parent))
    except OSError as err:
        raise ModelInstallError(
            f"cannot create a temporary folder ({err.strerror})", path=root.parent
        ) from err


def install_from_file(
    path: Path, *, max_unpacked_bytes: int = DEFAULT_MAX_UNPACKED_BYTES
) -> InstalledPackage:
    """Check and install an ``.argosmodel`` file; a failed install leaves nothing behind.

    Everything is validated before extraction; the package is unpacked into a
    staging folder and moved into place, replacing an older install of the same
    name only once the new one is complete.
    """
    archive = Path(path)
    if not archive.is_file():
        raise ModelInstallError("file not found", path=archive)
    if not zipfile.is_zipfile(archive):
        raise ModelInstallError(_NOT_ZIP, path=archive)
    root = packages_dir()
    try:
        with zipfile.ZipFile(archive) as zf:
            members = zf.infolist()
            top = _check_package(zf, archive, members, max_unpacked_bytes)
            staging = _staging_dir(root)
            try:
                _extract(zf, members, staging, max_unpacked_bytes)
                _move_into_place(staging / top, root / top, staging)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except ModelInstallError as err:
        if err.path is None:
            raise ModelInstallError(err.message, path=archive, hint=err.hint) from err
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as err:
        raise ModelInstallError(
            f"the package file is damaged ({err})", path=archive, hint="download it again"
        ) from err
    except OSError as err:
        raise ModelInstallError(f"install failed ({err.strerror or err})", path=archive) from err
    installed = _read_installed(root / top)
    if installed is None:  # pragma: no cover - metadata was checked before the move
        raise ModelInstallError("installed package has no readable metadata", path=root / top)
    return installed


def _move_into_place(new: Path, target: Path, staging: Path) -> None:
    old = staging / ".previous"
    had_old = target.exists()
    if had_old:
        os.replace(target, old)
    try:
        os.replace(new, target)
    except OSError:
        if had_old:
            os.replace(old, target)
        raise


# ── install from the Argos index ────────────────────────────────────────────────


def _index_url() -> str:
    """Argos's index setting: ARGOS_PACKAGE_INDEX now, else its settings.json, else default."""
    configured = os.environ.get("ARGOS_PACKAGE_INDEX")
    if configured is None:
        from argostranslate import settings as argos_settings

        configured = str(argos_settings.package_index or DEFAULT_INDEX_URL)
    # Argos appends "index.json" to a base URL; a URL naming the file itself is kept.
    if configured.endswith(".json"):
        return configured
    return configured.rstrip("/") + "/index.json"


def _open(url: str, timeout: float) -> Any:
    scheme = urllib.parse.urlsplit(url).scheme
    if scheme not in ("http", "https"):
        raise ModelInstallError(f"refusing to download from {url!r} (only http and https)")
    return urllib.request.urlopen(url, timeout=timeout)


def _fetch_index(url: str, timeout: float) -> list[dict[str, Any]]:
    # Argos's update_package_index has no timeout and only logs failures, leaving a
    # stale or missing index behind; fetching it here makes "offline" an error.
    try:
        with _open(url, timeout) as response:
            raw = response.read()
    except (urllib.error.URLError, OSError, ValueError) as err:
        reason = getattr(err, "reason", err)
        raise ModelInstallError(
            f"could not fetch the package index {url} ({reason})", hint=OFFLINE_HINT
        ) from err
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ModelInstallError(f"the package index {url} is not valid JSON ({err})") from err
    if not isinstance(data, list):
        raise ModelInstallError(f"the package index {url} is not a list of packages")
    return [entry for entry in data if isinstance(entry, dict)]


def _download(url: str, dest: Path, timeout: float, progress: ProgressCallback | None) -> None:
    with _open(url, timeout) as response, open(dest, "wb") as out:
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
        done = 0
        if progress is not None:
            progress(done, total)
        for chunk in _chunks(response):
            out.write(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done, total)


def _chunks(response: Any) -> Iterator[bytes]:
    while chunk := response.read(_CHUNK):
        yield chunk


def install_from_index(
    from_code: str = "fr",
    to_code: str = "en",
    progress: ProgressCallback | None = None,
    *,
    timeout: float = 20.0,
) -> InstalledPackage:
    """Download the pair's package named in the Argos index and install it from the file."""
    root = packages_dir()
    # argostranslate.settings reads ARGOS_PACKAGES_DIR at import and creates that folder.
    os.environ.setdefault("ARGOS_PACKAGES_DIR", str(root))
    from argostranslate import package as argos_package

    url = _index_url()
    available = [argos_package.AvailablePackage(entry) for entry in _fetch_index(url, timeout)]
    matches = [
        p
        for p in available
        if p.from_code == from_code and p.to_code == to_code and p.type == "translate"
    ]
    if not matches:
        raise ModelInstallError(f"the package index {url} has no {from_code}→{to_code} package")
    chosen = max(matches, key=lambda p: _version_key(str(p.package_version)))
    links = [link for link in chosen.links if isinstance(link, str)]
    if not links:
        raise ModelInstallError(f"the index entry for {from_code}→{to_code} has no download link")
    staging = _staging_dir(root)
    try:
        dest = staging / f"{argos_package.argospm_package_name(chosen)}.argosmodel"
        failures: list[str] = []
        for link in links:
            try:
                _download(link, dest, timeout, progress)
                break
            except (urllib.error.URLError, OSError, ValueError) as err:
                failures.append(f"{link}: {getattr(err, 'reason', err)}")
        else:
            raise ModelInstallError(
                "download failed (" + "; ".join(failures) + ")", hint=OFFLINE_HINT
            )
        return install_from_file(dest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def remove(name: str) -> None:
    """Uninstall the package folder ``name``; ModelInstallError if there is no such package."""
    root = packages_dir(create=False)
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
    staging = _staging_dir(root)
    try:
        # Moved out first so a half-deleted package is never listed as installed.
        os.replace(target, staging / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
