"""Installing over a working model: the new one must work first, staging stays inside the
packages folder, and an install killed at any point leaves the old or the new model."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from bilingue.engines import EngineOptions
from bilingue.engines.argos import check_package, open_argos
from bilingue.errors import ModelInstallError
from bilingue.packages import InstalledPackage, find_installed, install_from_file, list_installed
from bilingue.packages.store import recover_interrupted, staging_folder
from devtools.synthetic_argos import SYNTHETIC_NAME

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def installed(argos_packages_dir: Path, tmp_path: Path) -> Path:
    """A packages folder of its own holding a working synthetic package."""
    root = tmp_path / "packages"
    shutil.copytree(argos_packages_dir / SYNTHETIC_NAME, root / SYNTHETIC_NAME)
    return root


def with_random_model(archive: Path, dest: Path) -> Path:
    """``archive`` with model.bin replaced by random bytes of the same size."""
    with zipfile.ZipFile(archive) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.endswith("/model.bin"):
                data = os.urandom(len(data))
            zout.writestr(info, data)
    return dest


def test_a_package_whose_model_does_not_load_never_replaces_a_working_one(
    installed: Path, synthetic_argosmodel: Path, tmp_path: Path
) -> None:
    before = (installed / SYNTHETIC_NAME / "model" / "model.bin").read_bytes()
    bad = with_random_model(synthetic_argosmodel, tmp_path / "bad.argosmodel")
    with pytest.raises(ModelInstallError) as caught:
        install_from_file(bad, installed, check=check_package)
    assert caught.value.path == str(bad)
    assert caught.value.message.startswith("the model does not work (cannot load the Argos model")
    assert (installed / SYNTHETIC_NAME / "model" / "model.bin").read_bytes() == before
    assert [p.name for p in installed.iterdir()] == [SYNTHETIC_NAME]
    # The old model still translates, so `auto` keeps using it.
    assert open_argos(EngineOptions(installed)).translate(["Bonjour."])[0]


def test_the_new_package_is_staged_and_checked_inside_the_packages_folder(
    installed: Path, synthetic_argosmodel: Path
) -> None:
    checked: list[InstalledPackage] = []

    def check(package: InstalledPackage) -> None:
        checked.append(package)
        # The old package is still in place while the new one is checked.
        assert (installed / SYNTHETIC_NAME / "model" / "model.bin").is_file()
        check_package(package)

    package = install_from_file(synthetic_argosmodel, installed, check=check)
    [staged] = checked
    # Same folder, so same filesystem: the final rename works on a mount point of its
    # own and needs nothing writable above it.
    assert staged.path.is_relative_to(installed) and staged.path != package.path
    assert staged.path.parent.parent.name.startswith(".staging-")
    assert [p.name for p in installed.iterdir()] == [SYNTHETIC_NAME]


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_install_works_when_the_parent_folder_is_read_only(
    synthetic_argosmodel: Path, tmp_path: Path
) -> None:
    parent = tmp_path / "locked"
    root = parent / "packages"
    root.mkdir(parents=True)
    parent.chmod(0o555)
    try:
        package = install_from_file(synthetic_argosmodel, root, check=check_package)
    finally:
        parent.chmod(0o755)
    assert package.complete


KILL_DURING_CHECK = """
import os, signal, sys
from pathlib import Path
from bilingue.packages import install_from_file
def die(package):
    os.kill(os.getpid(), signal.SIGKILL)
install_from_file(Path(sys.argv[1]), Path(sys.argv[2]), check=die)
"""


def test_an_install_killed_mid_way_leaves_the_old_model_and_its_staging_is_cleaned(
    installed: Path, synthetic_argosmodel: Path
) -> None:
    before = sorted(p.name for p in (installed / SYNTHETIC_NAME).rglob("*"))
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(KILL_DURING_CHECK), str(synthetic_argosmodel),
         str(installed)],
        cwd=REPO,
        capture_output=True,
        timeout=120,
        check=False,
    )  # fmt: skip
    assert result.returncode == -signal.SIGKILL
    left = [p.name for p in installed.iterdir() if p.name.startswith(".staging-")]
    assert len(left) == 1  # what a kill -9 leaves: the extracted package
    assert find_installed(installed) is not None  # the old one, still whole
    assert sorted(p.name for p in (installed / SYNTHETIC_NAME).rglob("*")) == before
    # The next start (any listing or install) removes the stale staging folder.
    assert [p.name for p in list_installed(installed)] == [SYNTHETIC_NAME]
    assert [p.name for p in installed.iterdir()] == [SYNTHETIC_NAME]


def test_a_kill_between_the_two_renames_puts_the_old_model_back(installed: Path) -> None:
    # What the swap leaves if killed after moving the old package aside: the old one
    # in the staging folder's previous/, nothing under its name, no lock held.
    staging = installed / ".staging-killed"
    (staging / "previous").mkdir(parents=True)
    (staging / ".lock").touch()
    os.replace(installed / SYNTHETIC_NAME, staging / "previous" / SYNTHETIC_NAME)
    assert find_installed(installed) is not None
    assert [p.name for p in installed.iterdir()] == [SYNTHETIC_NAME]


def test_a_staging_folder_in_use_is_left_alone(installed: Path) -> None:
    with staging_folder(installed) as staging:
        (staging / "work").write_text("in progress", encoding="utf-8")
        recover_interrupted(installed)
        assert (staging / "work").is_file()
    assert not staging.exists()


INSTALL = """
import sys
from pathlib import Path
from bilingue.engines.argos import check_package
from bilingue.packages import install_from_file
print("started", flush=True)
install_from_file(Path(sys.argv[1]), Path(sys.argv[2]), check=check_package)
"""


def test_kill_9_at_random_points_leaves_a_working_model(
    installed: Path, synthetic_argosmodel: Path
) -> None:
    import random

    rng = random.Random(20130517)
    for _ in range(5):
        process = subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(INSTALL), str(synthetic_argosmodel),
             str(installed)],
            cwd=REPO,
            stdout=subprocess.PIPE,
        )  # fmt: skip
        assert process.stdout is not None
        process.stdout.readline()  # imports done: the install itself is under way
        time.sleep(rng.uniform(0.0, 0.4))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        process.stdout.close()
        # The old or the new package, whole, and no staging folder after the next start.
        package = find_installed(installed)
        assert package is not None and package.complete
        assert [p.name for p in installed.iterdir()] == [SYNTHETIC_NAME]
        assert open_argos(EngineOptions(installed)).translate(["Bonjour."])[0]
