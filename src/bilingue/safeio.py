"""Atomic file output: write to a temporary file beside the target, then rename."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path

from bilingue.errors import OutputError

__all__ = [
    "atomic_output",
    "atomic_outputs",
    "atomic_write_bytes",
    "atomic_write_text",
    "check_output_dir",
    "clean_stale_temps",
    "ensure_output_dir",
]

# Our temporary names: ".<target>.<pid>-<8 hex>.tmp" (a write in progress) and
# ".old" (the previous content kept while a pair is replaced). The pid says whose it
# is, so a later run can tell a dead run's leftovers from a live run's work.
_TEMP_NAME = re.compile(r"^\..+\.(?:(?P<pid>\d+)-)?[0-9a-f]{8}\.(?:tmp|old)$")
_cleaned: set[str] = set()  # folders already swept by this process


def check_output_dir(folder: Path) -> None:
    """Raise OutputError unless ``folder`` is an existing, writable directory."""
    if not folder.exists():
        raise OutputError("output folder does not exist", path=folder, hint="create it first")
    if not folder.is_dir():
        raise OutputError("output path is not a folder", path=folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError("output folder is not writable", path=folder)


def ensure_output_dir(folder: Path) -> None:
    """Create ``folder`` (and its parents) if needed, then check it is writable."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as err:
        raise OutputError("output path is not a folder", path=folder) from err
    except OSError as err:
        raise OutputError(f"cannot create output folder ({err.strerror})", path=folder) from err
    check_output_dir(folder)
    clean_stale_temps(folder)


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path; on success it replaces ``path``, on failure it vanishes.

    A reader of ``path`` therefore sees either the old file or the complete new one,
    never half of one, even if the process dies mid-write.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    check_output_dir(folder)
    clean_stale_temps(folder)
    tmp = _create_temp(path, folder)
    try:
        yield tmp
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        _sync_folder(folder)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write file ({err.strerror})", path=path) from err
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_outputs(*paths: Path) -> Iterator[tuple[Path, ...]]:
    """Yield one temporary path per target; on success all replace their targets, else none.

    For files that only make sense together (a review DOCX and its JSON sidecar):
    when a rename fails half-way, the targets already replaced get their old
    content back (kept as hard links until every rename succeeded), so a reader
    never finds a new file beside an old partner.

    A ``kill -9`` between two renames cannot be undone, though: the targets are
    renamed in the order given, so the caller puts first the file that can vouch
    for the state it leaves (the sidecar records the hash of the DOCX it replaces,
    see ReviewRecord.replaced_sha256), and the next run recognises and redoes it.
    """
    targets = [Path(p) for p in paths]
    folders = [p.parent if str(p.parent) else Path(".") for p in targets]
    for folder in folders:
        check_output_dir(folder)
        clean_stale_temps(folder)
    temps: list[Path] = []
    try:
        for path, folder in zip(targets, folders, strict=True):
            temps.append(_create_temp(path, folder))
        yield tuple(temps)
        for tmp in temps:
            with open(tmp, "rb") as handle:
                os.fsync(handle.fileno())
        _replace_all(temps, targets)
        for folder in dict.fromkeys(folders):
            _sync_folder(folder)
    except OSError as err:
        for tmp in temps:
            tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write file ({err.strerror})", path=err.filename) from err
    except BaseException:
        for tmp in temps:
            tmp.unlink(missing_ok=True)
        raise


def clean_stale_temps(folder: Path, *, force: bool = False) -> list[Path]:
    """Delete the temporary files a killed run left in ``folder``; return what went.

    Only our own names are touched, and only when the run that made them is gone
    (its pid is not alive; names without a pid, from older versions, when they are
    older than this process). Each folder is swept once per process unless ``force``.
    """
    key = os.path.abspath(folder)
    if key in _cleaned and not force:
        return []
    _cleaned.add(key)
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        match = _TEMP_NAME.match(name)
        if match is None:
            continue
        path = Path(folder) / name
        if _belongs_to_live_run(match.group("pid"), path):
            continue
        try:
            if path.is_file() and not path.is_symlink():
                path.unlink()
                removed.append(path)
        except OSError:
            continue  # another run swept it first, or it is not ours to delete
    return removed


def _belongs_to_live_run(pid_text: str | None, path: Path) -> bool:
    if pid_text is None:
        try:
            return path.stat().st_mtime >= _started_at()
        except OSError:
            return True
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return pid > 0  # alive, someone else's (or no such pid on this system)
    return True


def _started_at() -> float:
    """When this process started (seconds since the epoch)."""
    import time

    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return time.time() - uptime + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.time()


def _replace_all(temps: list[Path], targets: list[Path]) -> None:
    """Rename every temp over its target, undoing the earlier renames if one fails."""
    backups: list[Path | None] = []
    try:
        for target in targets:
            backups.append(_keep_old(target))
        done = 0
        try:
            for tmp, target in zip(temps, targets, strict=True):
                os.replace(tmp, target)
                done += 1
        except OSError:
            for backup, target in list(zip(backups, targets, strict=True))[:done]:
                if backup is None:
                    target.unlink(missing_ok=True)
                else:
                    os.replace(backup, target)
            raise
    finally:
        for backup in backups:
            if backup is not None:
                backup.unlink(missing_ok=True)


def _keep_old(target: Path) -> Path | None:
    """A hard link to ``target``'s current content (None when it does not exist yet)."""
    if not target.exists():
        return None
    folder = target.parent if str(target.parent) else Path(".")
    for _ in range(100):
        backup = folder / f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.old"
        try:
            os.link(target, backup)
        except FileExistsError:
            continue
        except OSError:
            # No hard links here (some network and FAT file systems): copy instead.
            import shutil

            shutil.copy2(target, backup)
        return backup
    raise OutputError("cannot keep the previous file while replacing it", path=target)


def _create_temp(path: Path, folder: Path) -> Path:
    """An empty, new temporary file beside ``path`` with the permissions ``path`` should get.

    tempfile.mkstemp would create it 0600, so every output would end up readable by its
    owner only; opening with 0666 lets the umask decide, as for any other new file, and
    an existing target keeps its own mode.
    """
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = None
    for _ in range(100):
        tmp = folder / f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        except OSError as err:
            raise OutputError(f"cannot write here ({err.strerror})", path=folder) from err
        try:
            if mode is not None:
                os.fchmod(fd, mode)
        finally:
            os.close(fd)
        return tmp
    raise OutputError("cannot create a temporary file", path=folder)


def _sync_folder(folder: Path) -> None:
    """Persist the rename itself; best effort, as not every filesystem allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once (see atomic_output)."""
    with atomic_output(path) as tmp:
        tmp.write_bytes(data)


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``text`` encoded as ``encoding`` all at once."""
    atomic_write_bytes(path, text.encode(encoding))
