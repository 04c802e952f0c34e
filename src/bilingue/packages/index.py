"""Installing from the Argos package index: fetch the index, pick the pair, download, install.

The index is read directly (a JSON list of package entries), without importing
``argostranslate``, whose settings module creates folders under ``$HOME`` and reads
the environment at import.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bilingue.errors import ModelInstallError
from bilingue.packages.archive import PackageCheck, install_from_file
from bilingue.packages.store import InstalledPackage, staging_folder, version_key

__all__ = [
    "OFFLINE_HINT",
    "IndexEntry",
    "ProgressCallback",
    "index_json_url",
    "install_from_index",
]

# Bytes done so far, and the total when the server announced it.
ProgressCallback = Callable[[int, int | None], None]

OFFLINE_HINT = "offline? install from a file: bilingue models install --file PATH.argosmodel"
_CHUNK = 1024 * 1024
_MAX_INDEX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class IndexEntry:
    """One package the index offers: its pair, version and download links."""

    from_code: str
    to_code: str
    package_version: str
    links: tuple[str, ...]
    type: str = "translate"


def index_json_url(configured: str) -> str:
    """The index file's URL: Argos appends ``index.json`` to a base URL; a .json URL is kept."""
    if configured.endswith(".json"):
        return configured
    return configured.rstrip("/") + "/index.json"


def _open(url: str, timeout: float) -> Any:
    scheme = urllib.parse.urlsplit(url).scheme
    if scheme not in ("http", "https"):
        raise ModelInstallError(f"refusing to download from {url!r} (only http and https)")
    # Imported here: it brings http.client and email (40 ms), which no run needs
    # unless it downloads.
    from urllib.request import urlopen

    return urlopen(url, timeout=timeout)


def _entry(raw: dict[str, Any]) -> IndexEntry | None:
    links = raw.get("links")
    from_code, to_code = raw.get("from_code"), raw.get("to_code")
    if not (isinstance(from_code, str) and isinstance(to_code, str) and isinstance(links, list)):
        return None
    return IndexEntry(
        from_code=from_code,
        to_code=to_code,
        package_version=str(raw.get("package_version", "")),
        links=tuple(link for link in links if isinstance(link, str)),
        type=str(raw.get("type", "translate")),
    )


def _fetch_index(url: str, timeout: float) -> list[IndexEntry]:
    # Argos's update_package_index has no timeout and only logs failures, leaving a
    # stale or missing index behind; fetching it here makes "offline" an error.
    try:
        with _open(url, timeout) as response:
            raw = response.read(_MAX_INDEX_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError) as err:
        reason = getattr(err, "reason", err)
        raise ModelInstallError(
            f"could not fetch the package index {url} ({reason})", hint=OFFLINE_HINT
        ) from err
    if len(raw) > _MAX_INDEX_BYTES:
        raise ModelInstallError(f"the package index {url} is too large")
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
        raise ModelInstallError(f"the package index {url} is not valid JSON ({err})") from err
    if not isinstance(data, list):
        raise ModelInstallError(f"the package index {url} is not a list of packages")
    entries = (_entry(item) for item in data if isinstance(item, dict))
    return [entry for entry in entries if entry is not None]


def _chunks(response: Any) -> Iterator[bytes]:
    while chunk := response.read(_CHUNK):
        yield chunk


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


def install_from_index(
    root: Path,
    from_code: str = "fr",
    to_code: str = "en",
    *,
    index_url: str,
    check: PackageCheck,
    progress: ProgressCallback | None = None,
    timeout: float = 20.0,
) -> InstalledPackage:
    """Download the pair's newest package named in the index and install it into ``root``."""
    url = index_json_url(index_url)
    matches = [
        entry
        for entry in _fetch_index(url, timeout)
        if entry.from_code == from_code and entry.to_code == to_code
        if entry.type == "translate"
    ]
    if not matches:
        raise ModelInstallError(f"the package index {url} has no {from_code}→{to_code} package")
    chosen = max(matches, key=lambda entry: version_key(entry.package_version))
    if not chosen.links:
        raise ModelInstallError(f"the index entry for {from_code}→{to_code} has no download link")
    with staging_folder(root) as staging:
        dest = staging / f"translate-{from_code}_{to_code}.argosmodel"
        failures: list[str] = []
        for link in chosen.links:
            try:
                _download(link, dest, timeout, progress)
                break
            except (urllib.error.URLError, OSError, ValueError) as err:
                failures.append(f"{link}: {getattr(err, 'reason', err)}")
        else:
            raise ModelInstallError(
                "download failed (" + "; ".join(failures) + ")", hint=OFFLINE_HINT
            )
        return install_from_file(dest, root, check=check)
