"""Pytest plugin: a tiny random-weight Argos fr→en package, built once per session.

No real model can be downloaded here, so the tests build one: a SentencePiece
model trained in-process on French text and a 1-layer CTranslate2 Transformer
with random weights. Its output is meaningless, but every loading, tokenising,
batching and decoding path it goes through is the real one.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from bilingue.engines.argos import ArgosEngine

__all__ = [
    "SYNTHETIC_NAME",
    "argos_engine",
    "argos_packages_dir",
    "build_synthetic_argosmodel",
    "synthetic_argosmodel",
    "synthetic_metadata",
]

SYNTHETIC_NAME = "translate-fr_en-synthetic"
_REPO = Path(__file__).resolve().parent.parent
_D_MODEL = 32
_FFN = 64
_SEED = 20130517

# Written for the tokenizer so it sees accents, digits, quotes and dates beyond input/.
_EXTRA_FRENCH = (
    "Le Centre national d'études spatiales (CNES) et l'Agence spatiale fédérale russe "
    "ont signé un accord de coopération à Paris le 17 mai 2013.",
    "« Cette coopération est essentielle pour l'Europe », a déclaré le président du CNES.",
    "Le lanceur Soyouz décollera du Centre spatial guyanais à Kourou en 2014.",
    "Contact presse : Julien Watelet, tél. 01 44 76 78 37, julien.watelet@cnes.fr.",
    "Les satellites d'observation de la Terre mesurent la température des océans.",
    "Jean-Yves Le Gall, président du CNES, s'est réjoui de cette étape décisive.",
    "Où êtes-vous ? Déjà prêts ! Œuvre, cœur, naïf, Noël, garçon, élève, à côté.",
)


def _corpus() -> list[str]:
    lines: list[str] = []
    for path in sorted((_REPO / "input").glob("*.txt")):
        lines.extend(line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    lines.extend(_EXTRA_FRENCH)
    return [line for line in lines if line]


def _train_sentencepiece(sentences: list[str]) -> bytes:
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sentences),
        model_writer=model,
        vocab_size=400,
        hard_vocab_limit=False,
        model_type="unigram",
        character_coverage=1.0,
        num_threads=1,
        minloglevel=2,
    )
    return model.getvalue()


def _fill_weights(spec: Any, vocab_size: int) -> None:
    """Give every required variable of the spec a random (or unit) array of the right shape."""
    import numpy as np
    from ctranslate2.specs import attention_spec, common_spec, model_spec

    rng = np.random.default_rng(_SEED)
    d, ffn = _D_MODEL, _FFN

    def weights(*shape: int) -> Any:
        return (rng.standard_normal(shape) * 0.2).astype(np.float32)

    def visit(layer: Any, name: str) -> None:
        if isinstance(layer, common_spec.LayerNormSpec):
            layer.gamma = np.ones(d, dtype=np.float32)
            layer.beta = np.zeros(d, dtype=np.float32)
        elif isinstance(layer, common_spec.EmbeddingsSpec):
            layer.weight = weights(vocab_size, d)
        elif isinstance(layer, attention_spec.MultiHeadAttentionSpec):
            # Self-attention fuses Q,K,V in linear_0; encoder attention fuses K,V in linear_1.
            if len(layer.linear) == 2:
                shapes = [(3 * d, d), (d, d)]
            else:
                shapes = [(d, d), (2 * d, d), (d, d)]
            for linear, (rows, cols) in zip(layer.linear, shapes, strict=True):
                linear.weight = weights(rows, cols)
                linear.bias = np.zeros(rows, dtype=np.float32)
        elif isinstance(layer, common_spec.LinearSpec):
            rows, cols = {"linear_0": (ffn, d), "linear_1": (d, ffn)}.get(name, (vocab_size, d))
            layer.weight = weights(rows, cols)
            layer.bias = np.zeros(rows, dtype=np.float32)
        for child_name, child in list(vars(layer).items()):
            if child_name == "linear" and isinstance(layer, attention_spec.MultiHeadAttentionSpec):
                continue  # shaped above: their shapes depend on the attention kind
            if isinstance(child, model_spec.LayerSpec):
                visit(child, child_name)
            elif isinstance(child, list):
                for item in child:
                    if isinstance(item, model_spec.LayerSpec):
                        visit(item, child_name)

    visit(spec, "")


def _build_ct2_model(vocabulary: list[str], dest: Path) -> None:
    from ctranslate2.specs import transformer_spec

    spec = transformer_spec.TransformerSpec.from_config(1, 2)
    _fill_weights(spec, len(vocabulary))
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    spec.save(str(dest))


def synthetic_metadata(**changes: str) -> dict[str, str]:
    """The metadata.json of the synthetic package, with any field changed."""
    metadata = {
        "package_version": "1.0",
        "argos_version": "1.0",
        "from_code": "fr",
        "from_name": "French",
        "to_code": "en",
        "to_name": "English",
        "type": "translate",
    }
    metadata.update(changes)
    return metadata


def build_synthetic_argosmodel(dest_dir: Path, name: str = SYNTHETIC_NAME) -> Path:
    """Build ``<dest_dir>/<name>.argosmodel``: a valid, tiny, random-weight fr→en package."""
    import sentencepiece as spm

    sp_bytes = _train_sentencepiece(_corpus())
    processor = spm.SentencePieceProcessor(model_proto=sp_bytes)
    # SentencePiece's own <unk>, <s>, </s> (ids 0-2) double as CTranslate2's specials.
    vocabulary = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    vocabulary.append("<blank>")
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    archive = dest_dir / f"{name}.argosmodel"
    with tempfile.TemporaryDirectory(dir=dest_dir) as tmp:
        model_dir = Path(tmp) / "model"
        model_dir.mkdir()
        _build_ct2_model(vocabulary, model_dir)
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(f"{name}/", "")
            zf.writestr(f"{name}/metadata.json", json.dumps(synthetic_metadata(), indent=2))
            zf.writestr(f"{name}/sentencepiece.model", sp_bytes)
            zf.writestr(f"{name}/model/", "")
            for path in sorted(model_dir.iterdir()):
                zf.write(path, f"{name}/model/{path.name}")
    return archive


@pytest.fixture(scope="session")
def synthetic_argosmodel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path to the synthetic ``.argosmodel`` file (built once per session)."""
    return build_synthetic_argosmodel(tmp_path_factory.mktemp("argosmodel"))


@pytest.fixture(scope="session")
def argos_packages_dir(
    synthetic_argosmodel: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """A packages folder holding the synthetic package; ARGOS_PACKAGES_DIR points at it."""
    from bilingue.packages import install_from_file

    folder = tmp_path_factory.mktemp("argos") / "packages"
    previous = os.environ.get("ARGOS_PACKAGES_DIR")
    os.environ["ARGOS_PACKAGES_DIR"] = str(folder)
    try:
        install_from_file(synthetic_argosmodel)
        yield folder
    finally:
        if previous is None:
            os.environ.pop("ARGOS_PACKAGES_DIR", None)
        else:
            os.environ["ARGOS_PACKAGES_DIR"] = previous
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def argos_engine(argos_packages_dir: Path) -> ArgosEngine:
    """An ArgosEngine on the synthetic package."""
    from bilingue.engines.argos import ArgosEngine
    from bilingue.packages import find_installed

    package = find_installed("fr", "en")
    assert package is not None, f"synthetic package missing from {argos_packages_dir}"
    return ArgosEngine(package)
