"""Synthetic random-weight Argos fr→en packages, for tests and benchmarks alike.

No real model can be downloaded here, so tests and benchmarks build one: a
SentencePiece model trained in-process on French text and a CTranslate2
Transformer with random weights. Its output is meaningless, but every loading,
tokenising, batching and decoding path it goes through is the real one.

Two shapes: ``TINY`` (the default; 1+1 layers, d_model 32, builds in about a
second) for tests, and ``TRANSFORMER_BASE`` (6+6 layers, d_model 512, 8 heads,
FFN 2048, 32k vocabulary, int8 like the real Argos packages) for benchmarks whose
timings must resemble a real model's.

Lives outside ``tests/`` so benchmarks need not import from it; pytest finds it
through ``pythonpath = ["."]`` and benchmarks run as ``python -m benchmarks.…``
from the repository root. Needs numpy (dev group).
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "SYNTHETIC_NAME",
    "TINY",
    "TRANSFORMER_BASE",
    "ModelShape",
    "build_synthetic_argosmodel",
    "synthetic_metadata",
]

SYNTHETIC_NAME = "translate-fr_en-synthetic"
_REPO = Path(__file__).resolve().parent.parent
_SEED = 20130517


@dataclass(frozen=True)
class ModelShape:
    """The size of a synthetic Transformer (encoder and decoder alike)."""

    layers: int
    d_model: int
    heads: int
    ffn: int
    vocab_size: int  # at least the SentencePiece vocabulary; padded with unused tokens
    quantization: str | None = None  # e.g. "int8", as CTranslate2 stores it


TINY = ModelShape(layers=1, d_model=32, heads=2, ffn=64, vocab_size=0)
TRANSFORMER_BASE = ModelShape(
    layers=6, d_model=512, heads=8, ffn=2048, vocab_size=32_000, quantization="int8"
)

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


def _fill_weights(spec: Any, vocab_size: int, shape: ModelShape) -> None:
    """Give every required variable of the spec a random (or unit) array of the right shape."""
    import numpy as np
    from ctranslate2.specs import attention_spec, common_spec, model_spec

    rng = np.random.default_rng(_SEED)
    d, ffn = shape.d_model, shape.ffn

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


def _build_ct2_model(vocabulary: list[str], dest: Path, shape: ModelShape) -> None:
    from ctranslate2.specs import transformer_spec

    spec = transformer_spec.TransformerSpec.from_config(shape.layers, shape.heads)
    _fill_weights(spec, len(vocabulary), shape)
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    spec.optimize(quantization=shape.quantization)
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


def build_synthetic_argosmodel(
    dest_dir: Path, name: str = SYNTHETIC_NAME, shape: ModelShape = TINY
) -> Path:
    """Build ``<dest_dir>/<name>.argosmodel``: a valid, random-weight fr→en package."""
    import sentencepiece as spm

    sp_bytes = _train_sentencepiece(_corpus())
    processor = spm.SentencePieceProcessor(model_proto=sp_bytes)
    # SentencePiece's own <unk>, <s>, </s> (ids 0-2) double as CTranslate2's specials.
    vocabulary = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    vocabulary.append("<blank>")
    # Extra rows make the embedding and output layers as large as a real model's.
    vocabulary += [f"<unused{i}>" for i in range(shape.vocab_size - len(vocabulary))]
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    archive = dest_dir / f"{name}.argosmodel"
    with tempfile.TemporaryDirectory(dir=dest_dir) as tmp:
        model_dir = Path(tmp) / "model"
        model_dir.mkdir()
        _build_ct2_model(vocabulary, model_dir, shape)
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(f"{name}/", "")
            zf.writestr(f"{name}/metadata.json", json.dumps(synthetic_metadata(), indent=2))
            zf.writestr(f"{name}/sentencepiece.model", sp_bytes)
            zf.writestr(f"{name}/model/", "")
            for path in sorted(model_dir.iterdir()):
                zf.write(path, f"{name}/model/{path.name}")
    return archive
