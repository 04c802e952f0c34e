"""Argos model packages: where they live and what they hold (``store``), safe install of an
``.argosmodel`` file (``archive``), and download from the Argos index (``index``).

The packages folder is a value passed in (``Settings.packages_dir``), never read from
or written to the environment here.
"""

from __future__ import annotations

from bilingue.packages.archive import (
    DEFAULT_MAX_UNPACKED_BYTES,
    PackageCheck,
    install_from_file,
    member_parts,
)
from bilingue.packages.index import (
    OFFLINE_HINT,
    ProgressCallback,
    install_from_index,
)
from bilingue.packages.store import (
    DEFAULT_INDEX_URL,
    INDEX_VARIABLE,
    PACKAGES_DIR_VARIABLE,
    InstalledPackage,
    default_packages_dir,
    find_installed,
    list_installed,
    recover_interrupted,
    remove,
)

__all__ = [
    "DEFAULT_INDEX_URL",
    "DEFAULT_MAX_UNPACKED_BYTES",
    "INDEX_VARIABLE",
    "OFFLINE_HINT",
    "PACKAGES_DIR_VARIABLE",
    "InstalledPackage",
    "PackageCheck",
    "ProgressCallback",
    "default_packages_dir",
    "find_installed",
    "install_from_file",
    "install_from_index",
    "list_installed",
    "member_parts",
    "recover_interrupted",
    "remove",
]
