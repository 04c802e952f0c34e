"""Package management: where packages live, safe install from a file or a local index, removal."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import stat
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bilingue.engines.argos import check_package
from bilingue.errors import ModelInstallError
from bilingue.packages import (
    OFFLINE_HINT,
    InstalledPackage,
    default_packages_dir,
    find_installed,
    install_from_index,
    list_installed,
    member_parts,
    remove,
)
from bilingue.packages import install_from_file as install_package
from devtools.synthetic_argos import SYNTHETIC_NAME, synthetic_metadata

Members = dict[str, bytes]


@pytest.fixture
def packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty packages folder (not yet created); ARGOS_PACKAGES_DIR points at it for
    the CLI tests (the library is given the folder as a value)."""
    folder = tmp_path / "data" / "packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    return folder


def install_from_file(path: Path, root: Path, **options: int) -> InstalledPackage:
    """Install with the real check: the model must load and translate."""
    return install_package(path, root, check=check_package, **options)


@pytest.fixture(scope="module")
def good_members(synthetic_argosmodel: Path) -> Members:
    with zipfile.ZipFile(synthetic_argosmodel) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def write_zip(path: Path, members: Members, *, symlinks: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in symlinks:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, data)
    return path


def tree(folder: Path) -> list[str]:
    """Every path under ``folder`` (relative), to compare before and after."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"ARGOS_PACKAGES_DIR": "/srv/models", "HOME": "/home/u"}, "/srv/models"),
        ({"XDG_DATA_HOME": "/xdg", "HOME": "/home/u"}, "/xdg/argos-translate/packages"),
        ({"HOME": "/home/u"}, "/home/u/.local/share/argos-translate/packages"),
    ],
)
def test_default_packages_dir_reads_only_the_mapping_given(
    environ: dict[str, str], expected: str
) -> None:
    assert default_packages_dir(environ) == Path(expected)


def test_install_from_file_installs_lists_and_finds(
    packages: Path, synthetic_argosmodel: Path
) -> None:
    package = install_from_file(synthetic_argosmodel, packages)
    assert package == InstalledPackage(
        name=SYNTHETIC_NAME,
        path=packages / SYNTHETIC_NAME,
        from_code="fr",
        to_code="en",
        package_version="1.0",
        size_bytes=package.size_bytes,
        from_name="French",
        to_name="English",
        argos_version="1.0",
    )
    assert package.complete
    assert (package.model_dir / "model.bin").is_file()
    assert package.size_bytes == sum(
        p.stat().st_size for p in package.path.rglob("*") if p.is_file()
    )
    assert list_installed(packages) == [package]
    assert find_installed(packages, "fr", "en") == package
    assert find_installed(packages, "en", "fr") is None
    # The staging folder beside the packages folder is gone.
    assert sorted(p.name for p in packages.parent.iterdir()) == ["packages"]


def test_reinstall_replaces_the_previous_install(
    packages: Path, synthetic_argosmodel: Path
) -> None:
    install_from_file(synthetic_argosmodel, packages)
    stale = packages / SYNTHETIC_NAME / "stale.txt"
    stale.write_text("from the old version", encoding="utf-8")
    package = install_from_file(synthetic_argosmodel, packages)
    assert not stale.exists()
    assert package.complete
    assert sorted(p.name for p in packages.parent.iterdir()) == ["packages"]


def _without(name: str) -> Callable[[Members], Members]:
    return lambda m: {k: v for k, v in m.items() if k != f"{SYNTHETIC_NAME}/{name}"}


def _with(name: str, data: bytes) -> Callable[[Members], Members]:
    return lambda m: {**m, name: data}


def _metadata(data: bytes) -> Callable[[Members], Members]:
    return _with(f"{SYNTHETIC_NAME}/metadata.json", data)


BAD_PACKAGES = [
    pytest.param(_without("metadata.json"), "no metadata.json in the package", id="no-metadata"),
    pytest.param(_metadata(b"{not json"), "metadata.json is not valid JSON", id="bad-json"),
    pytest.param(_metadata(b"[1, 2]"), "must hold a JSON object", id="json-list"),
    pytest.param(
        _metadata(b"[" * 100_000 + b"]" * 100_000), "nested too deeply", id="json-100k-deep"
    ),
    pytest.param(
        _metadata(json.dumps(synthetic_metadata(from_code="")).encode()),
        "metadata.json has no from_code",
        id="no-from-code",
    ),
    pytest.param(
        _without("model/model.bin"), r"no CTranslate2 model \(model/model.bin\)", id="no-model"
    ),
    pytest.param(_without("sentencepiece.model"), "no SentencePiece tokenizer", id="no-tokenizer"),
    pytest.param(_with(f"{SYNTHETIC_NAME}/../evil.txt", b"x"), "leaves the package", id="dotdot"),
    pytest.param(_with("../evil.txt", b"x"), "leaves the package", id="top-dotdot"),
    pytest.param(_with("/tmp/evil.txt", b"x"), "absolute path", id="absolute"),
    pytest.param(_with("C:/evil.txt", b"x"), "absolute path", id="drive-letter"),
    pytest.param(_with("C:\\evil.txt", b"x"), "absolute path", id="drive-backslash"),
    pytest.param(_with("other/readme.txt", b"x"), "exactly one top folder", id="two-tops"),
    pytest.param(_with("loose.txt", b"x"), "outside the package's top folder", id="loose-file"),
    pytest.param(
        _with(f"{SYNTHETIC_NAME}/model/huge.bin", bytes(2 * 1024 * 1024)),
        "compressed suspiciously well",
        id="zip-bomb-ratio",
    ),
]


@pytest.mark.parametrize(("mutate", "message"), BAD_PACKAGES)
def test_bad_package_is_refused_and_changes_nothing(
    packages: Path,
    argos_packages_dir: Path,
    good_members: Members,
    tmp_path: Path,
    mutate: Callable[[Members], Members],
    message: str,
) -> None:
    # An existing install of the same name must survive a failed reinstall.
    shutil.copytree(argos_packages_dir / SYNTHETIC_NAME, packages / SYNTHETIC_NAME)
    before = tree(packages.parent)
    archive = write_zip(tmp_path / "bad.argosmodel", mutate(good_members))
    with pytest.raises(ModelInstallError, match=message) as caught:
        install_from_file(archive, packages)
    assert caught.value.path == str(archive)
    assert tree(packages.parent) == before


@given(st.text(alphabet="ab/\\.:C~ ", max_size=12))
def test_no_member_name_can_escape_the_package(name: str) -> None:
    dest = Path("/srv/packages/staging")
    try:
        parts = member_parts(name, Path("x.argosmodel"))
    except ModelInstallError:
        return
    assert parts and ".." not in parts and "" not in parts
    target = Path(os.path.normpath(dest.joinpath(*parts)))
    assert target.is_relative_to(dest) and target != dest


def test_symlink_member_is_refused(packages: Path, good_members: Members, tmp_path: Path) -> None:
    members = {**good_members, f"{SYNTHETIC_NAME}/link": b"/etc/passwd"}
    archive = write_zip(tmp_path / "link.argosmodel", members, symlinks=(f"{SYNTHETIC_NAME}/link",))
    with pytest.raises(ModelInstallError, match="symlink"):
        install_from_file(archive, packages)
    assert not packages.exists()  # refused before anything was written


def test_size_cap_is_enforced(packages: Path, synthetic_argosmodel: Path) -> None:
    with pytest.raises(ModelInstallError, match="unpacks to more than 1000 bytes"):
        install_from_file(synthetic_argosmodel, packages, max_unpacked_bytes=1000)
    assert not packages.exists()


@pytest.mark.parametrize(
    ("content", "name"),
    [(b"just text, not a zip", "notes.argosmodel"), (b"PK\x03\x04broken", "cut.argosmodel")],
)
def test_not_a_zip(packages: Path, tmp_path: Path, content: bytes, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ModelInstallError) as caught:
        install_from_file(path, packages)
    assert str(caught.value) == f"{path}: not an .argosmodel (zip) file"
    assert not packages.exists()


def test_missing_file(packages: Path, tmp_path: Path) -> None:
    with pytest.raises(ModelInstallError, match="file not found"):
        install_from_file(tmp_path / "absent.argosmodel", packages)


def test_corrupt_member_fails_mid_extraction_and_leaves_nothing(
    packages: Path, good_members: Members, tmp_path: Path
) -> None:
    archive = tmp_path / "corrupt.argosmodel"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as zf:
        for name, data in good_members.items():
            zf.writestr(name, data)
    raw = bytearray(archive.read_bytes())
    # Flip bytes inside the stored model.bin so its CRC check fails after extraction began.
    model = good_members[f"{SYNTHETIC_NAME}/model/model.bin"]
    at = raw.index(model[:64]) + len(model) // 2
    raw[at : at + 8] = bytes(b ^ 0xFF for b in raw[at : at + 8])
    archive.write_bytes(bytes(raw))
    with pytest.raises(ModelInstallError, match=r"the package file is damaged \(Bad CRC-32"):
        install_from_file(archive, packages)
    assert tree(packages.parent) == ["packages"]


def test_list_installed_skips_invalid_folders(packages: Path, argos_packages_dir: Path) -> None:
    assert list_installed(packages) == []
    packages.mkdir(parents=True)
    (packages / "empty").mkdir()
    (packages / "broken").mkdir()
    (packages / "broken" / "metadata.json").write_text("{", encoding="utf-8")
    (packages / ".hidden").mkdir()
    (packages / "file.txt").write_text("x", encoding="utf-8")
    for name, version in (("zz-old", "1.0"), ("aa-new", "1.9")):
        shutil.copytree(argos_packages_dir / SYNTHETIC_NAME, packages / name)
        (packages / name / "metadata.json").write_text(
            json.dumps(synthetic_metadata(package_version=version)), encoding="utf-8"
        )
    incomplete = packages / "mm-incomplete"
    incomplete.mkdir()
    (incomplete / "metadata.json").write_text(
        json.dumps(synthetic_metadata(package_version="9.0")), encoding="utf-8"
    )
    assert [p.name for p in list_installed(packages)] == ["aa-new", "mm-incomplete", "zz-old"]
    # The newest *complete* package wins; version order is numeric.
    found = find_installed(packages)
    assert found is not None and found.name == "aa-new"


def test_remove(packages: Path, argos_packages_dir: Path) -> None:
    shutil.copytree(argos_packages_dir / SYNTHETIC_NAME, packages / SYNTHETIC_NAME)
    remove(packages, SYNTHETIC_NAME)
    assert list_installed(packages) == []
    assert tree(packages.parent) == ["packages"]


@pytest.mark.parametrize("name", ["absent", "", "..", "../packages", ".hidden", "a/b"])
def test_remove_unknown(packages: Path, name: str) -> None:
    packages.mkdir(parents=True)
    (packages / ".hidden").mkdir()
    with pytest.raises(ModelInstallError, match="no installed package named"):
        remove(packages, name)
    assert tree(packages) == [".hidden"]


# ── install from an index ───────────────────────────────────────────────────────


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def local_index(
    tmp_path: Path, synthetic_argosmodel: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, Path]]:
    """A local HTTP server holding the synthetic package; yields its base URL and folder."""
    served = tmp_path / "served"
    served.mkdir()
    shutil.copy(synthetic_argosmodel, served / "fr_en.argosmodel")
    handler = functools.partial(_QuietHandler, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", served
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def from_index(root: Path, url: str) -> InstalledPackage:
    return install_from_index(root, "fr", "en", index_url=url, check=check_package)


def write_index(served: Path, base: str, links: list[str], **changes: str) -> None:
    entry = {**synthetic_metadata(**changes), "links": links}
    other = {**synthetic_metadata(from_code="de", to_code="en"), "links": [f"{base}/x"]}
    (served / "index.json").write_text(json.dumps([other, entry]), encoding="utf-8")


@pytest.mark.parametrize("suffix", ["/", "", "/index.json"])
def test_install_from_local_index(
    packages: Path,
    local_index: tuple[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    suffix: str,
) -> None:
    base, served = local_index
    write_index(served, base, [f"{base}/missing.argosmodel", f"{base}/fr_en.argosmodel"])
    calls: list[tuple[int, int | None]] = []
    environ = dict(os.environ)
    package = install_from_index(
        packages,
        "fr",
        "en",
        index_url=base + suffix,
        check=check_package,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert dict(os.environ) == environ  # no hidden global state
    size = (served / "fr_en.argosmodel").stat().st_size
    assert package.name == SYNTHETIC_NAME and package.complete
    assert find_installed(packages) == package
    assert calls[0] == (0, size) and calls[-1] == (size, size)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert sorted(p.name for p in packages.parent.iterdir()) == ["packages"]
    assert "argostranslate" not in sys.modules
    assert "stanza" not in sys.modules
    assert [p.name for p in packages.iterdir()] == [SYNTHETIC_NAME]  # no staging left


def test_index_without_the_pair(
    packages: Path, local_index: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    base, served = local_index
    write_index(served, base, [f"{base}/fr_en.argosmodel"], to_code="es")
    with pytest.raises(ModelInstallError, match="has no fr→en package"):
        from_index(packages, base + "/")


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("http://127.0.0.1:9/fr_en.argosmodel", "download failed"),
        ("file:///etc/passwd", "refusing"),
    ],
)
def test_unreachable_or_unsafe_links(
    packages: Path,
    local_index: tuple[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    link: str,
    message: str,
) -> None:
    base, served = local_index
    write_index(served, base, [link])
    with pytest.raises(ModelInstallError, match=message):
        from_index(packages, base + "/")
    assert list_installed(packages) == []
    assert sorted(p.name for p in packages.parent.iterdir()) == ["packages"]


def test_offline_index_fails_fast_with_the_file_hint(
    packages: Path, local_index: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    start = time.monotonic()
    with pytest.raises(ModelInstallError) as caught:
        from_index(packages, "http://127.0.0.1:9/")
    assert time.monotonic() - start < 5
    assert caught.value.hint == OFFLINE_HINT
    assert caught.value.message.startswith(
        "could not fetch the package index http://127.0.0.1:9/index.json"
    )
    assert list_installed(packages) == []


def test_index_that_is_not_json(
    packages: Path, local_index: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    base, served = local_index
    (served / "index.json").write_bytes(b"<html>captive portal</html>")
    with pytest.raises(ModelInstallError, match="is not valid JSON"):
        from_index(packages, base + "/")


def test_cli_install_from_the_index_shows_a_progress_bar(
    packages: Path, local_index: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from bilingue.cli import cli

    base, served = local_index
    write_index(served, base, [f"{base}/fr_en.argosmodel"])
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base)
    result = CliRunner().invoke(cli, ["models", "install", "fr", "en"])
    assert result.exit_code == 0, result.output
    # Off a terminal click prints the bar's label once, not a line per chunk.
    assert result.stderr == "downloading\n"
    assert result.stdout.startswith(f"installed {SYNTHETIC_NAME} (fr→en) in ")


@pytest.mark.parametrize(
    ("method", "message"),
    [
        (zipfile.ZIP_BZIP2, "uses an unsupported compression method"),
        (zipfile.ZIP_LZMA, "uses an unsupported compression method"),
    ],
)
def test_unusual_compression_is_refused_with_a_message(
    packages: Path, good_members: Members, tmp_path: Path, method: int, message: str
) -> None:
    archive = tmp_path / "odd.argosmodel"
    with zipfile.ZipFile(archive, "w", compression=method) as zf:
        for name, data in good_members.items():
            zf.writestr(name, data)
    with pytest.raises(ModelInstallError, match=message) as caught:
        install_from_file(archive, packages)
    assert caught.value.path == str(archive)
    assert not packages.exists()


def test_an_encrypted_member_is_refused(
    packages: Path, good_members: Members, tmp_path: Path
) -> None:
    archive = write_zip(tmp_path / "locked.argosmodel", good_members)
    raw = bytearray(archive.read_bytes())
    # Set the "encrypted" bit (general purpose flag bit 0) in every central directory entry.
    at = raw.find(b"PK\x01\x02")
    while at != -1:
        raw[at + 8] |= 0x01
        at = raw.find(b"PK\x01\x02", at + 4)
    archive.write_bytes(bytes(raw))
    with pytest.raises(ModelInstallError, match="is encrypted"):
        install_from_file(archive, packages)
    assert not packages.exists()
