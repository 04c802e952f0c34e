"""The Argos engine: an installed Argos package run through CTranslate2 and SentencePiece."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, ClassVar

from bilingue.document import EngineInfo
from bilingue.engines import EngineName, EngineOptions
from bilingue.engines.batching import DEFAULT_BATCH_TOKENS, token_batches
from bilingue.engines.chunks import split_to_budget
from bilingue.engines.threads import ThreadPlan, plan_threads
from bilingue.errors import EngineError, EngineUnavailable, ModelNotInstalled
from bilingue.packages import InstalledPackage, find_installed

__all__ = [
    "DEFAULT_MAX_INPUT_TOKENS",
    "PROBE_SENTENCE",
    "ArgosEngine",
    "LoadedModel",
    "check_package",
    "decoding_cap",
    "open_argos",
]

_INSTALL_HINT = (
    "install it with `bilingue models install fr en`, or offline with "
    "`bilingue models install --file PATH.argosmodel`"
)
# CTranslate2 silently truncates input past max_input_length (1024 by default).
# Sources longer than this budget are translated in chunks instead; it stays far
# below the limit, and long inputs cost quadratic attention and long decoding.
DEFAULT_MAX_INPUT_TOKENS = 256
_CT2_MAX_INPUT_LENGTH = 1024
# What proves a model works: it loads, tokenises, and decodes a real sentence.
PROBE_SENTENCE = "Le satellite a été lancé depuis Kourou."


@dataclass(frozen=True)
class LoadedModel:
    """A CTranslate2 translator and its SentencePiece processor, loaded once per process."""

    translator: Any  # ctranslate2.Translator
    processor: Any  # sentencepiece.SentencePieceProcessor
    compute_type: str


# Keyed by the model file's identity too: a reinstall writes a new model.bin, so a
# model replaced on disk is loaded afresh instead of served stale from the cache.
_CacheKey = tuple[Path, int, int, str, ThreadPlan]
_MODELS: dict[_CacheKey, LoadedModel] = {}
_MODELS_LOCK = threading.Lock()


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


def _read_model(package: InstalledPackage, compute_type: str, plan: ThreadPlan) -> LoadedModel:
    import ctranslate2
    import sentencepiece

    chosen = _supported_compute_type(compute_type)
    try:
        translator = ctranslate2.Translator(
            str(package.model_dir),
            device="cpu",
            compute_type=chosen,
            # Always set: CTranslate2's own default (4 threads per translator) would
            # oversubscribe a small machine with several translators side by side.
            inter_threads=plan.inter_threads,
            intra_threads=plan.intra_threads,
        )
        processor = sentencepiece.SentencePieceProcessor(model_file=str(package.sp_model_path))
    except (RuntimeError, ValueError, OSError) as err:
        raise EngineError(
            f"cannot load the Argos model ({err})",
            path=package.path,
            hint="reinstall the package: bilingue models install --file PATH.argosmodel",
        ) from err
    return LoadedModel(translator, processor, chosen)


def _load(package: InstalledPackage, compute_type: str, plan: ThreadPlan) -> LoadedModel:
    model_dir = package.model_dir.resolve()
    try:
        stamp = (model_dir / "model.bin").stat()
    except OSError as err:
        raise EngineError(
            f"cannot load the Argos model ({err.strerror})", path=package.path, hint=_INSTALL_HINT
        ) from err
    key = (model_dir, stamp.st_ino, stamp.st_mtime_ns, compute_type, plan)
    with _MODELS_LOCK:
        cached = _MODELS.get(key)
        if cached is None:
            cached = _read_model(package, compute_type, plan)
            # A model replaced on disk is never asked for again: let it go.
            for old in [k for k in _MODELS if k[0] == model_dir]:
                del _MODELS[old]
            _MODELS[key] = cached
        return cached


class ArgosEngine:
    """Translator on an installed Argos package; the model loads lazily, once per process.

    Sources longer than ``max_input_tokens`` are cut at safe boundaries
    (engines/chunks.py), every chunk goes through the same length-sorted batches,
    and the chunks' translations are joined; ``last_split`` holds the indexes of
    the last call's sources that were so cut, for the translate stage to flag.
    """

    keeps_spans: ClassVar[bool] = False

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
        max_input_tokens: int = DEFAULT_MAX_INPUT_TOKENS,
        shared: bool = True,
        batch_tokens: int = DEFAULT_BATCH_TOKENS,
        inter_threads: int = 0,
        intra_threads: int = 0,
    ) -> None:
        if beam_size < 1 or batch_size < 1 or batch_tokens < 1:
            raise ValueError("beam_size, batch_size and batch_tokens must be ≥ 1")
        if not 1 <= max_input_tokens <= _CT2_MAX_INPUT_LENGTH:
            raise ValueError(f"max_input_tokens must be from 1 to {_CT2_MAX_INPUT_LENGTH}")
        self.package = package
        self.beam_size = beam_size
        self.batch_size = batch_size
        # threads: the run's budget (0: every core this process may use), shared
        # out by engines/threads.py; explicit inter/intra values win.
        self.thread_plan = plan_threads(threads, inter_threads, intra_threads)
        self.compute_type = compute_type
        self.no_repeat_ngram_size = no_repeat_ngram_size
        self.repetition_penalty = repetition_penalty
        self.max_input_tokens = max_input_tokens
        self.shared = shared
        self.batch_tokens = batch_tokens
        self.last_split: frozenset[int] = frozenset()
        self._own: LoadedModel | None = None

    @property
    def info(self) -> EngineInfo:
        # Read from the distribution so asking for the version does not load the library.
        return EngineInfo(
            name=EngineName.ARGOS.value,
            model=f"{self.package.name} {self.package.package_version}".strip(),
            version=metadata.version("ctranslate2"),
        )

    def load(self) -> LoadedModel:
        """The loaded model: shared by every engine on the same package and settings,
        unless ``shared`` is False (a staged package about to move is loaded privately)."""
        if self.shared:
            return _load(self.package, self.compute_type, self.thread_plan)
        if self._own is None:
            self._own = _read_model(self.package, self.compute_type, self.thread_plan)
        return self._own

    def check(self) -> None:
        """Raise EngineError unless the model loads and translates a sentence to something."""
        [probe] = self.translate([PROBE_SENTENCE])
        if not probe.strip():
            raise EngineError(
                "the Argos model translated a test sentence to nothing",
                path=self.package.path,
                hint="reinstall the package: bilingue models install --file PATH.argosmodel",
            )

    def translate(self, sources: Sequence[str]) -> list[str]:
        results = list(sources)
        self.last_split = frozenset()
        todo = [i for i, text in enumerate(sources) if text.strip()]
        if not todo:
            return results
        model = self.load()
        owners, units, split = self._units(model, sources, todo)
        outputs: list[str] = [""] * len(units)
        # Length-sorted, token-budgeted batches (engines/batching.py), all queued at
        # once so that ``inter_threads`` translators can work on several together.
        batches = token_batches([len(u) for u in units], self.batch_tokens, self.batch_size)
        pending = [self._submit(model, [units[u] for u in batch]) for batch in batches]
        for batch, submitted in zip(batches, pending, strict=True):
            for u, output in zip(batch, self._collect(model, submitted), strict=True):
                outputs[u] = output
        parts: dict[int, list[str]] = {}
        for owner, output in zip(owners, outputs, strict=True):
            parts.setdefault(owner, []).append(output)
        for i, texts in parts.items():
            results[i] = " ".join(text for text in texts if text)
        self.last_split = frozenset(split)
        return results

    def _units(
        self, model: LoadedModel, sources: Sequence[str], todo: list[int]
    ) -> tuple[list[int], list[list[str]], set[int]]:
        """The token lists to translate, each with the index of the source it belongs to."""

        def encode(text: str) -> list[str]:
            return list(model.processor.encode(text, out_type=str))

        owners: list[int] = []
        units: list[list[str]] = []
        split: set[int] = set()
        encoded = model.processor.encode([sources[i] for i in todo], out_type=str)
        for i, tokens in zip(todo, encoded, strict=True):
            if not tokens:
                continue  # nothing the model can read: the source stands
            if len(tokens) <= self.max_input_tokens:
                owners.append(i)
                units.append(list(tokens))
                continue
            split.add(i)
            for chunk in split_to_budget(
                sources[i], lambda t: len(encode(t)), self.max_input_tokens
            ):
                chunk_tokens = encode(chunk)
                if len(chunk_tokens) > _CT2_MAX_INPUT_LENGTH:  # pragma: no cover - guard
                    # The budget leaves wide room; CTranslate2 must still never cut.
                    raise EngineError(
                        f"a piece of source {i} is still {len(chunk_tokens)} tokens long",
                        path=self.package.path,
                        hint="lower max_input_tokens; nothing was truncated",
                    )
                owners.append(i)
                units.append(chunk_tokens)
        return owners, units, split

    def _submit(self, model: LoadedModel, batch: list[list[str]]) -> list[Any]:
        """Queue one batch with CTranslate2; its results are read by :meth:`_collect`."""
        prefix = self.package.target_prefix
        try:
            submitted: list[Any] = model.translator.translate_batch(
                batch,
                target_prefix=[[prefix] for _ in batch] if prefix else None,
                asynchronous=True,
                beam_size=self.beam_size,
                # The batch already fits the budget: CTranslate2 must not split it again.
                max_batch_size=max(self.batch_tokens, max(len(t) for t in batch) * len(batch)),
                batch_type="tokens",
                max_input_length=_CT2_MAX_INPUT_LENGTH,
                max_decoding_length=decoding_cap(max(len(t) for t in batch)),
                no_repeat_ngram_size=self.no_repeat_ngram_size,
                repetition_penalty=self.repetition_penalty,
                replace_unknowns=True,
            )
        except (RuntimeError, ValueError) as err:
            raise EngineError(f"CTranslate2 failed ({err})", path=self.package.path) from err
        return submitted

    def _collect(self, model: LoadedModel, submitted: list[Any]) -> list[str]:
        """The decoded English of one queued batch, in its order."""
        prefix = self.package.target_prefix
        try:
            translated = [item.result() for item in submitted]
        except (RuntimeError, ValueError) as err:
            raise EngineError(f"CTranslate2 failed ({err})", path=self.package.path) from err
        outputs: list[str] = []
        for result in translated:
            hypothesis = list(result.hypotheses[0])
            if prefix and hypothesis[:1] == [prefix]:
                hypothesis = hypothesis[1:]
            outputs.append(str(model.processor.decode_pieces(hypothesis)).strip())
        return outputs


def check_package(package: InstalledPackage) -> None:
    """Prove a (staged) package works: load it afresh and translate a sentence.

    Loaded outside the shared cache: the staged folder is about to move.
    """
    ArgosEngine(package, shared=False).check()


def _check_once(engine: ArgosEngine) -> None:
    """``engine.check()``, unless these very model files passed it before.

    The check loads the model and translates a sentence (half a second on a base
    model, most of an unchanged re-run); a pass is remembered in the user cache
    under the size and modification time of the model and SentencePiece files and
    the CTranslate2 version, so a replaced or upgraded model is checked again. A
    failure is never remembered.
    """
    from bilingue.usercache import cached_lines, source_key

    package = engine.package
    try:
        name = f"argos-check-{metadata.version('ctranslate2')}-{source_key(package.sp_model_path)}"
        cached_lines(name, package.model_dir / "model.bin", lambda: [_passed(engine)])
    except OSError:
        engine.check()  # files unreadable for the key: the check says what is wrong


def _passed(engine: ArgosEngine) -> str:
    engine.check()
    return "passed"


def open_argos(options: EngineOptions) -> ArgosEngine:
    """The registry's factory: an engine on the newest installed package, proven to work.

    ModelNotInstalled when there is no package for the pair; EngineUnavailable,
    saying why, when the installed one does not load or translate.
    """
    package = find_installed(options.packages_dir, options.from_code, options.to_code)
    if package is None:
        raise ModelNotInstalled(
            f"no Argos {options.from_code}→{options.to_code} package is installed",
            path=options.packages_dir,
            hint=_INSTALL_HINT,
        )
    engine = ArgosEngine(
        package,
        beam_size=options.beam_size,
        batch_size=options.batch_size,
        threads=options.threads,
        inter_threads=options.inter_threads,
        intra_threads=options.intra_threads,
        batch_tokens=options.batch_tokens,
    )
    try:
        _check_once(engine)
    except EngineError as err:
        raise EngineUnavailable(
            f"the installed Argos model {package.name} does not work ({err.message})",
            path=package.path,
            hint=_INSTALL_HINT.replace("install it", "reinstall it"),
        ) from err
    return engine
