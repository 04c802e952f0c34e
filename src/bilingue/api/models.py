"""Model and engine tasks: list, install (index or file), remove, and make sure an engine works."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bilingue.config import Settings
from bilingue.document import FRENCH
from bilingue.engines import EngineName, EngineOptions
from bilingue.errors import EngineUnavailable, ModelInstallError, ModelNotInstalled
from bilingue.packages import InstalledPackage, ProgressCallback

__all__ = [
    "EngineStatus",
    "ModelListing",
    "engine_options",
    "ensure_engine",
    "install_model",
    "install_model_file",
    "list_models",
    "packages_folder",
    "remove_model",
]

ENGLISH = "en"
_FILE_HINT = "install it from a file: bilingue models install --file PATH.argosmodel"


def packages_folder(settings: Settings) -> Path:
    """Where Argos packages live for these settings."""
    from bilingue.packages import default_packages_dir

    # Settings built by load_settings always carry it; a bare Settings() falls back
    # to Argos's default for an empty environment.
    folder = settings.packages_dir or default_packages_dir({})
    return settings.resolve(folder)


def engine_options(settings: Settings) -> EngineOptions:
    """The values engine factories need, taken from ``settings``."""
    return EngineOptions(
        packages_dir=packages_folder(settings),
        beam_size=settings.beam_size,
        batch_size=settings.batch_size,
        threads=settings.threads,
        inter_threads=settings.inter_threads,
        intra_threads=settings.intra_threads,
        batch_tokens=settings.batch_tokens,
        from_code=FRENCH,
        to_code=ENGLISH,
    )


@dataclass(frozen=True)
class ModelListing:
    """The packages folder and the packages installed in it."""

    folder: Path
    packages: tuple[InstalledPackage, ...]


def list_models(settings: Settings) -> ModelListing:
    """Installed translation packages, sorted by name."""
    from bilingue.packages import list_installed

    folder = packages_folder(settings)
    return ModelListing(folder, tuple(list_installed(folder)))


def install_model_file(settings: Settings, path: Path) -> InstalledPackage:
    """Install an ``.argosmodel`` file once it has loaded and translated a sentence."""
    from bilingue.engines.argos import check_package
    from bilingue.packages import install_from_file

    return install_from_file(path, packages_folder(settings), check=check_package)


def install_model(
    settings: Settings,
    from_code: str = FRENCH,
    to_code: str = ENGLISH,
    progress: ProgressCallback | None = None,
) -> InstalledPackage:
    """Download the pair's package from the Argos index and install it (checked first)."""
    from bilingue.engines.argos import check_package
    from bilingue.packages import install_from_index

    return install_from_index(
        packages_folder(settings),
        from_code,
        to_code,
        index_url=settings.package_index,
        check=check_package,
        progress=progress,
    )


def remove_model(settings: Settings, name: str) -> None:
    """Uninstall the package ``name`` (as `models list` shows it)."""
    from bilingue.packages import remove

    remove(packages_folder(settings), name)


@dataclass(frozen=True)
class EngineStatus:
    """What `ensure_engine` found or did, for one line of output."""

    engine: EngineName
    message: str


def ensure_engine(
    settings: Settings, progress: ProgressCallback | None = None, *, offline: bool = False
) -> EngineStatus:
    """Make sure `make run` has a working engine: an installed Argos model that works;
    else one from the Argos index (unless ``offline``); else Apertium; else raise with
    both ways to get one."""
    from bilingue.engines.choice import NO_ENGINE_HINT, choose_engine

    options = engine_options(settings)
    if settings.engine is EngineName.APERTIUM:
        choose_engine(EngineName.APERTIUM, options)
        return EngineStatus(EngineName.APERTIUM, "engine: Apertium (chosen in settings)")
    broken = ""
    try:
        argos = choose_engine(EngineName.ARGOS, options)
        return EngineStatus(
            EngineName.ARGOS, f"engine: Argos model {argos.engine.info.model} is installed"
        )
    except ModelNotInstalled:
        pass
    except EngineUnavailable as err:
        broken = err.message
    try:
        if offline:
            raise ModelInstallError("the index was not tried (--offline)")
        package = install_model(settings, FRENCH, ENGLISH, progress)
    except ModelInstallError as err:
        reason = err.message
    else:
        replaced = f" (replacing one that did not work: {broken})" if broken else ""
        return EngineStatus(
            EngineName.ARGOS, f"engine: installed Argos model {package.name}{replaced}"
        )
    if settings.engine is EngineName.ARGOS:
        raise ModelInstallError(
            f"the Argos fr→en model could not be installed ({reason})", hint=_FILE_HINT
        )
    try:
        choose_engine(EngineName.APERTIUM, options)
    except EngineUnavailable as err:
        raise EngineUnavailable(
            f"no French→English engine: the Argos model could not be installed ({reason}) "
            "and Apertium is not available",
            hint=NO_ENGINE_HINT,
        ) from err
    why = f"{broken}; " if broken else ""
    return EngineStatus(
        EngineName.APERTIUM,
        f"engine: Apertium ({why}the Argos fr→en model could not be downloaded: {reason})",
    )
