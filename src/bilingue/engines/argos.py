"""The Argos engine: an installed Argos package run through CTranslate2 and SentencePiece."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from bilingue.document import EngineInfo
from bilingue.errors import EngineError, ModelNotInstalled
from bilingue.packages import InstalledPackage, find_installed

__all__ = [
    "ArgosEngine",
    "LoadedModel",
    "argos_engine_from_installed",
    "clear_model_cache",
    "decoding_cap",
]

_INSTALL_HINT = (
    "install it with `bilingue models install fr en`, or offline with "
    "`bilingue models install --file PATH.argosmodel`"
)


@dataclass(frozen=True)
class LoadedModel:
    """A CTranslate2 translator and its SentencePiece processor, loaded once per process."""

    translator: Any  # ctranslate2.Translator
    processor: Any  # sentencepiece.SentencePieceProcessor
    compute_type: str


_CacheKey = tuple[Path, str, int]
_MODELS: dict[_CacheKey, LoadedModel] = {}
_MODELS_LOCK = threading.Lock()


def clear_model_cache() -> None:
    """Forget every loaded model (after a package is removed or replaced)."""
    with _MODELS_LOCK:
        _MODELS.clear()


def decoding_cap(longest_source_tokens: int) -> int:
    """Longest output allowed for a batch: twice its longest source plus a margin.

    Real translations stay well inside this; it stops a degenerate model looping.
    """
    return 2 * longest_source_tokens + 10


def _supported_compute_type(requested: str) -> str:
    import ctranslate2

    supported = ctranslate2.get_supported_compute_types("cpu")
    # "default" keeps the type the model was saved with, which always loads.
    return requested if requested in supported else "default"


def _load(package: InstalledPackage, compute_type: str, threads: int) -> LoadedModel:
    model_dir = package.model_dir.resolve()
    key = (model_dir, compute_type, threads)
    with _MODELS_LOCK:
        cached = _MODELS.get(key)
        if cached is not None:
            return cached
        import ctranslate2
        import sentencepiece

        chosen = _supported_compute_type(compute_type)
        try:
            translator = ctranslate2.Translator(
                str(model_dir),
                device="cpu",
                compute_type=chosen,
                inter_threads=1,
                intra_threads=threads,
            )
            processor = sentencepiece.SentencePieceProcessor(model_file=str(package.sp_model_path))
        except (RuntimeError, ValueError, OSError) as err:
            raise EngineError(
                f"cannot load the Argos model ({err})",
                path=package.path,
                hint="reinstall the package: bilingue models install --file PATH.argosmodel",
            ) from err
        loaded = LoadedModel(translator, processor, chosen)
        _MODELS[key] = loaded
        return loaded


class ArgosEngine:
    """Translator on an installed Argos package; the model loads lazily, once per process."""

    def __init__(
        self,
        package: InstalledPackage,
        *,
        beam_size: int = 2,
        batch_size: int = 32,
        threads: int = 0,
        compute_type: str = "int8",
        no_repeat_ngram_size: int = 8,
        repetition_penalty: float = 1.0,
    ) -> None:
        if beam_size < 1 or batch_size < 1 or threads < 0:
            raise ValueError("beam_size and batch_size must be ≥ 1 and threads ≥ 0")
        self.package = package
        self.beam_size = beam_size
        self.batch_size = batch_size
        self.threads = threads
        self.compute_type = compute_type
        self.no_repeat_ngram_size = no_repeat_ngram_size
        self.repetition_penalty = repetition_penalty

    @property
    def info(self) -> EngineInfo:
        # Read from the distribution so asking for the version does not load the library.
        return EngineInfo(
            name="argos",
            model=f"{self.package.name} {self.package.package_version}".strip(),
            version=metadata.version("ctranslate2"),
        )

    def load(self) -> LoadedModel:
        """The loaded model (shared by every engine on the same package and settings)."""
        return _load(self.package, self.compute_type, self.threads)

    def translate(self, sources: Sequence[str]) -> list[str]:
        results = list(sources)
        todo = [i for i, text in enumerate(sources) if text.strip()]
        if not todo:
            return results
        model = self.load()
        pieces: list[list[str]] = model.processor.encode([sources[i] for i in todo], out_type=str)
        tokens = {i: p for i, p in zip(todo, pieces, strict=True) if p}
        # Length-sorted batches pad little, which is where batching's speed comes from.
        order = sorted(tokens, key=lambda i: len(tokens[i]))
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            outputs = self._translate_batch(model, [tokens[i] for i in batch])
            for i, output in zip(batch, outputs, strict=True):
                results[i] = output
        return results

    def _translate_batch(self, model: LoadedModel, batch: list[list[str]]) -> list[str]:
        prefix = self.package.target_prefix
        try:
            translated = model.translator.translate_batch(
                batch,
                target_prefix=[[prefix] for _ in batch] if prefix else None,
                beam_size=self.beam_size,
                max_batch_size=self.batch_size,
                max_decoding_length=decoding_cap(max(len(t) for t in batch)),
                no_repeat_ngram_size=self.no_repeat_ngram_size,
                repetition_penalty=self.repetition_penalty,
                replace_unknowns=True,
            )
        except (RuntimeError, ValueError) as err:
            raise EngineError(f"CTranslate2 failed ({err})", path=self.package.path) from err
        outputs: list[str] = []
        for result in translated:
            hypothesis = list(result.hypotheses[0])
            if prefix and hypothesis[:1] == [prefix]:
                hypothesis = hypothesis[1:]
            outputs.append(str(model.processor.decode_pieces(hypothesis)).strip())
        return outputs


def argos_engine_from_installed(
    from_code: str = "fr", to_code: str = "en", **options: Any
) -> ArgosEngine:
    """An ArgosEngine on the newest installed package for the pair, else ModelNotInstalled."""
    package = find_installed(from_code, to_code)
    if package is None:
        from bilingue.packages import packages_dir

        raise ModelNotInstalled(
            f"no Argos {from_code}→{to_code} package is installed",
            path=packages_dir(create=False),
            hint=_INSTALL_HINT,
        )
    return ArgosEngine(package, **options)
