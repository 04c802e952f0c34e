"""Installing an ``.argosmodel`` file: checked members, safe extraction, a working model, swap.

Order matters: every member is checked before anything is written; the package is
extracted into a staging folder inside the packages folder; the caller's ``check``
loads the staged model and translates a sentence; only then does it replace an
older install of the same name, which stays in place until that moment.
"""

from __future__ import annotations

import re
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from bilingue.errors import BilingueError, ModelInstallError
from bilingue.packages.store import (
    InstalledPackage,
    parse_metadata,
    read_installed,
    staging_folder,
    swap_into_place,
)

__all__ = ["DEFAULT_MAX_UNPACKED_BYTES", "PackageCheck", "install_from_file", "member_parts"]

# Proves a staged package works (loads and translates), raising BilingueError if not.
PackageCheck = Callable[[InstalledPackage], None]

DEFAULT_MAX_UNPACKED_BYTES = 2 * 1024**3
# Real models (int8 weights) compress about 1.1:1; only a zip bomb reaches this.
_MAX_MEMBER_RATIO = 200
_RATIO_FLOOR_BYTES = 1024 * 1024  # small members (config, vocab) may compress well
_MAX_MEMBERS = 10_000
_CHUNK = 1024 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
_NOT_ZIP = "not an .argosmodel (zip) file"
_NEW = "new"


def member_parts(name: str, archive: Path) -> tuple[str, ...]:
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


def _check_member(info: zipfile.ZipInfo, archive: Path) -> None:
    if stat.S_ISLNK(info.external_attr >> 16):
        raise ModelInstallError(f"unsafe member {info.filename!r} (symlink)", path=archive)
    if info.flag_bits & 0x1:
        raise ModelInstallError(f"member {info.filename!r} is encrypted", path=archive)
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise ModelInstallError(
            f"member {info.filename!r} uses an unsupported compression method",
            path=archive,
            hint="re-create the package with plain zip (deflate)",
        )
    if info.file_size > _RATIO_FLOOR_BYTES and info.file_size > _MAX_MEMBER_RATIO * max(
        info.compress_size, 1
    ):
        raise ModelInstallError(
            f"member {info.filename!r} is compressed suspiciously well (zip bomb?)",
            path=archive,
        )


def _check_members(archive: Path, members: list[zipfile.ZipInfo], max_unpacked_bytes: int) -> str:
    """Validate every member and return the package's single top folder name."""
    if len(members) > _MAX_MEMBERS:
        raise ModelInstallError(f"holds more than {_MAX_MEMBERS} files", path=archive)
    tops: set[str] = set()
    total = 0
    for info in members:
        parts = member_parts(info.filename, archive)
        _check_member(info, archive)
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
    by_name = {"/".join(member_parts(m.filename, archive)): m for m in members}
    metadata = by_name.get(f"{top}/metadata.json")
    if metadata is None or metadata.is_dir():
        raise ModelInstallError("no metadata.json in the package", path=archive)
    parse_metadata(zf.read(metadata), archive)
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
        target = dest.joinpath(*member_parts(info.filename, Path(zf.filename or "")))
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


def _verified(staged: Path, archive: Path, check: PackageCheck) -> None:
    package = read_installed(staged)
    if package is None:  # pragma: no cover - metadata was checked before extraction
        raise ModelInstallError("the staged package has no readable metadata", path=archive)
    try:
        check(package)
    except BilingueError as err:
        raise ModelInstallError(
            f"the model does not work ({err.message}); nothing was installed",
            path=archive,
            hint="download the package again; the installed one, if any, is unchanged",
        ) from err


def install_from_file(
    path: Path,
    root: Path,
    *,
    check: PackageCheck,
    max_unpacked_bytes: int = DEFAULT_MAX_UNPACKED_BYTES,
) -> InstalledPackage:
    """Check, stage, prove and install an ``.argosmodel`` file into ``root``.

    A failed install leaves ``root`` as it was: an older install of the same name
    is replaced only after the new one loaded and translated a sentence.
    """
    archive = Path(path)
    if not archive.is_file():
        raise ModelInstallError("file not found", path=archive)
    if not zipfile.is_zipfile(archive):
        raise ModelInstallError(_NOT_ZIP, path=archive)
    try:
        with zipfile.ZipFile(archive) as zf:
            members = zf.infolist()
            top = _check_package(zf, archive, members, max_unpacked_bytes)
            with staging_folder(root) as staging:
                _extract(zf, members, staging / _NEW, max_unpacked_bytes)
                _verified(staging / _NEW / top, archive, check)
                swap_into_place(staging / _NEW / top, root / top, staging)
    except ModelInstallError as err:
        if err.path is None:
            raise ModelInstallError(err.message, path=archive, hint=err.hint) from err
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as err:
        raise ModelInstallError(
            f"the package file is damaged ({err})", path=archive, hint="download it again"
        ) from err
    except OSError as err:
        raise ModelInstallError(f"install failed ({err.strerror or err})", path=archive) from err
    installed = read_installed(root / top)
    if installed is None:  # pragma: no cover - metadata was checked before the move
        raise ModelInstallError("installed package has no readable metadata", path=root / top)
    return installed
