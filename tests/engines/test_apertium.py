"""The Apertium engine: real fr→es→en translation, batching, kept pieces, failures."""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import pytest

from bilingue.engines import span_keeper
from bilingue.engines.apertium import INSTALL_HINT, ApertiumEngine, apertium_available
from bilingue.errors import EngineError, EngineUnavailable

HAVE_APERTIUM = apertium_available()
SKIP_REASON = f"Apertium with fr-es and spa-eng is not installed ({INSTALL_HINT})"

# Stand-ins for the `apertium` wrapper: they answer `-l` like it, then do one thing
# to the stream, so the framing, splitting and checks run without Apertium.
FAKE_HEADER = f"""#!{sys.executable}
import sys
if sys.argv[1:] == ["-l"]:
    print("  fr-es\\n  spa-eng")
    sys.exit(0)
data = sys.stdin.buffer.read()
"""
FAKES = {
    "echo": "sys.stdout.buffer.write(data + b'\\0\\0\\0')",
    "drop-last": "sys.stdout.buffer.write(b'\\0'.join(data.split(b'\\0')[:-2]) + b'\\0')",
    "swap": (
        "parts = data.split(b'\\0')\n"
        "parts[0], parts[1] = parts[1], parts[0]\n"
        "sys.stdout.buffer.write(b'\\0'.join(parts))"
    ),
    "fail": "sys.stderr.write('Error: something broke\\n'); sys.exit(3)",
    # Not exec'd: the shell waits on its child, as the real wrapper waits on its
    # pipeline, so only killing the whole process group ends the call quickly.
    "hang": "import subprocess; subprocess.run(['sh', '-c', 'sleep 30; true'])",
}


def fake_engine(
    tmp_path: Path,
    behaviour: str,
    *,
    timeout_base: float = 10.0,
    timeout_per_1000_chars: float = 1.0,
) -> ApertiumEngine:
    script = tmp_path / f"apertium-{behaviour}"
    script.write_text(FAKE_HEADER + FAKES[behaviour] + "\n", encoding="utf-8")
    script.chmod(0o755)
    return ApertiumEngine(
        binary=str(script),
        timeout_base=timeout_base,
        timeout_per_1000_chars=timeout_per_1000_chars,
    )


# ---------------------------------------------------------------- everywhere


def test_missing_binary_is_unavailable_with_the_apt_hint(tmp_path: Path) -> None:
    engine = ApertiumEngine(binary=str(tmp_path / "no-such-apertium"))
    with pytest.raises(EngineUnavailable) as caught:
        engine.check()
    assert caught.value.message == "Apertium is not installed"
    assert caught.value.hint == INSTALL_HINT
    assert str(caught.value) == f"Apertium is not installed — {INSTALL_HINT}"
    with pytest.raises(EngineUnavailable):
        engine.translate(["Bonjour."])
    assert not apertium_available(binary=str(tmp_path / "no-such-apertium"))


@pytest.mark.parametrize(
    ("pairs", "missing"), [(("fr-xx", "spa-eng"), "fr-xx"), (("fr-es", "spa-xx"), "spa-xx")]
)
def test_missing_pair_is_unavailable(tmp_path: Path, pairs: tuple[str, str], missing: str) -> None:
    engine = fake_engine(tmp_path, "echo")
    engine.pairs = pairs
    with pytest.raises(EngineUnavailable) as caught:
        engine.check()
    assert caught.value.message == f"language pair {missing} missing"
    assert caught.value.hint == INSTALL_HINT


def test_asking_whether_it_keeps_spans_runs_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The capability is an attribute: deciding it never runs dpkg-query or apertium -V."""
    import subprocess

    ran: list[object] = []

    def record(*args: object, **kwargs: object) -> None:
        ran.append(args[0])
        raise AssertionError("no process may run")

    monkeypatch.setattr(subprocess, "run", record)
    monkeypatch.setattr(subprocess, "Popen", record)
    engine = ApertiumEngine(binary=str(tmp_path / "no-such-apertium"))
    assert engine.keeps_spans is True
    assert span_keeper(engine) is engine
    assert ran == []


def test_a_missing_engine_still_describes_itself(tmp_path: Path) -> None:
    engine = ApertiumEngine(binary=str(tmp_path / "no-such-apertium"), pairs=("fr-es", "spa-eng"))
    assert engine.info.name == "apertium"
    assert engine.info.model.startswith("fr-es+spa-eng")


def test_empty_batch_runs_nothing(tmp_path: Path) -> None:
    engine = ApertiumEngine(binary=str(tmp_path / "no-such-apertium"))
    assert engine.translate([]) == []
    assert engine.translate_keeping([]) == []


HOSTILE = [
    "Crochets [ouverts] et ] seul [",
    "Barre \\ oblique \\\\ double \\",
    "^mot<n>$ et ^^$$ /a/b/",
    "<b>gras</b> @x *y #z {w}",
    "[<s0>] faux marqueur [</s>]",
    "Le satellite ] ^Mars$ est lancé.",
    "Un \uffff deux \ufffe trois \ufdd0 quatre \U0010ffff cinq",
    "NUL \x00 ici, surrogate \udc80 là, <u+FFFF> écrit",
    "Ligne un\nligne deux",
    "",
    "   ",
    "é" * 5000,
]


def test_echo_stage_returns_every_segment_verbatim(tmp_path: Path) -> None:
    """An echoing 'pair' proves escaping and splitting lose nothing, whatever the text."""
    engine = fake_engine(tmp_path, "echo")
    expected = [s.strip() for s in HOSTILE]
    assert engine.translate(HOSTILE) == expected


def test_echo_stage_keeps_pieces_and_tidies_only_text(tmp_path: Path) -> None:
    engine = fake_engine(tmp_path, "echo")
    items = [
        [("Voir  ", False), ("a  [b] ,c", True), (" , puis  fin .", False)],
        [("Le ", False), ("Guiana Space Centre", True), (" .", False)],
        [("jean.dupont@cnes.fr", True)],
        [("  ", True)],
    ]
    assert engine.translate_keeping(items) == [
        "Voir a  [b] ,c, puis fin.",
        "Le Guiana Space Centre.",
        "jean.dupont@cnes.fr",
        "  ",
    ]


@pytest.mark.parametrize(
    ("behaviour", "message"),
    [
        ("drop-last", "apertium fr-es returned 2 segments for 3"),
        ("swap", "apertium fr-es misaligned segment 0 of 3"),
        ("fail", "apertium fr-es failed (exit 3): Error: something broke"),
    ],
)
def test_broken_stage_raises_instead_of_misaligning(
    tmp_path: Path, behaviour: str, message: str
) -> None:
    engine = fake_engine(tmp_path, behaviour)
    with pytest.raises(EngineError) as caught:
        engine.translate(["Un.", "Deux.", "Trois."])
    assert caught.value.message == message


def test_timeout_kills_the_whole_pipeline(tmp_path: Path) -> None:
    engine = fake_engine(tmp_path, "hang", timeout_base=0.5, timeout_per_1000_chars=0.0)
    started = time.monotonic()
    with pytest.raises(EngineError) as caught:
        engine.translate(["Le satellite est lancé."])
    assert time.monotonic() - started < 5
    assert caught.value.message == "apertium fr-es timed out after 0.5 s"


# ---------------------------------------------------------------- real Apertium

TEMPLATES = [
    "Le satellite {n} est lancé.",
    "La fusée {n} décolle de Kourou.",
    "Nous avons signé {n} accords avec la Russie.",
    "Le lanceur a parcouru {n} kilomètres.",
]


@pytest.fixture(scope="module")
def engine() -> ApertiumEngine:
    return ApertiumEngine()


@pytest.mark.apertium
@pytest.mark.skipif(not HAVE_APERTIUM, reason=SKIP_REASON)
class TestRealApertium:
    @pytest.mark.parametrize(
        ("source", "target"),
        [
            ("Le satellite 17 est lancé.", "The satellite 17 is launched."),
            (
                "Par ailleurs, l’ESA et Roscosmos coopèrent sur le programme Exomars.",
                "On the other hand, the THAT and Roscosmos cooperate on the program Exomars.",
            ),
            (
                "Jean-Yves Le Gall a déclaré : « Cette visite revêt pour moi une très grande "
                "importance. »",
                # Pivot artefacts tidied: no space before the colon; unknown `revêt` unmarked.
                "Jean-Yves The Gall has declared: « This visit revêt for me a very big "
                "importance. »",
            ),
        ],
    )
    def test_translates_french_sentences(
        self, engine: ApertiumEngine, source: str, target: str
    ) -> None:
        assert engine.translate([source]) == [target]

    def test_batch_of_200_stays_aligned(self, engine: ApertiumEngine) -> None:
        numbers = [1000 + 7 * i for i in range(200)]
        sources = [TEMPLATES[i % len(TEMPLATES)].format(n=n) for i, n in enumerate(numbers)]
        targets = engine.translate(sources)
        assert len(targets) == 200
        assert [re.findall(r"\d+", t) for t in targets] == [[str(n)] for n in numbers]

    @pytest.mark.parametrize(
        "kept",
        [
            "ESA",
            "Soyuz",
            "Guiana Space Centre",
            "jean.dupont@cnes.fr",
            "https://cnes.fr/fr/a?b=1&c=2",
            "a[b]c",
            "]^x$[",
            "C:\\chemin\\fichier",
            "<s3>",
            "[</s>]",
            "U\uffffV",
            "<u+0041>",
        ],
    )
    def test_kept_pieces_come_out_verbatim(self, engine: ApertiumEngine, kept: str) -> None:
        items = [
            [("Par ailleurs, l’", False), (kept, True), (" et Roscosmos coopèrent.", False)],
            [("Le satellite 41 est lancé.", False)],
        ]
        first, second = engine.translate_keeping(items)
        assert first == f"On the other hand, the {kept} and Roscosmos cooperate."
        assert second == "The satellite 41 is launched."

    def test_hostile_segments_do_not_break_alignment(self, engine: ApertiumEngine) -> None:
        sources: list[str] = []
        for i, hostile in enumerate(HOSTILE):
            sources += [f"Le satellite {500 + i} est lancé.", hostile]
        targets = engine.translate(sources)
        assert len(targets) == len(sources)
        assert targets[0::2] == [
            f"The satellite {500 + i} is launched." for i in range(len(HOSTILE))
        ]
        by_source = dict(zip(sources[1::2], targets[1::2], strict=True))
        assert by_source[""] == ""
        assert by_source["   "] == ""
        assert by_source["<b>gras</b> @x *y #z {w}"].startswith("<b>")
        assert "</b>" in by_source["<b>gras</b> @x *y #z {w}"]
        assert by_source["[<s0>] faux marqueur [</s>]"].startswith("[<s0>]")
        assert len(by_source["é" * 5000]) == 5000
        # Stream syntax in the text is text; characters no escape can carry still arrive.
        assert (
            by_source["Le satellite ] ^Mars$ est lancé."] == "The satellite ] ^Mars$ is launched."
        )
        reserved = by_source["Un \uffff deux \ufffe trois \ufdd0 quatre \U0010ffff cinq"]
        assert [c for c in reserved if not c.isascii()] == [
            "\uffff",
            "\ufffe",
            "\ufdd0",
            "\U0010ffff",
        ]
        written = by_source["NUL \x00 ici, surrogate \udc80 là, <u+FFFF> écrit"]
        assert "\x00" in written and "\udc80" in written
        # Text that looks like a code-point mark is translated as text, never decoded.
        assert "+FFFF>" in written and "\uffff" not in written

    def test_info_names_pairs_and_versions(self, engine: ApertiumEngine) -> None:
        info = engine.info
        assert info.name == "apertium"
        assert re.fullmatch(
            r"fr-es\+spa-eng \(apertium-fr-es \S+, apertium-eng-spa \S+\)", info.model
        ), info.model
        assert re.match(r"\d+\.\d+", info.version), info.version

    def test_real_timeout_raises_engine_error(self) -> None:
        engine = ApertiumEngine(timeout_base=0.01, timeout_per_1000_chars=0.0)
        with pytest.raises(EngineError, match=r"^apertium fr-es timed out after 0\.0 s"):
            engine.translate([TEMPLATES[0].format(n=n) for n in range(200)])


@pytest.mark.apertium
@pytest.mark.skipif(not HAVE_APERTIUM, reason=SKIP_REASON)
def test_a_document_with_stream_syntax_and_reserved_characters_translates(
    tmp_path: Path,
) -> None:
    """Issue 12: these lines used to fail the whole document ("returned 6 segments for 5")."""
    from bilingue.api import translate_file
    from bilingue.glossary import Glossary

    source = tmp_path / "communique.txt"
    source.write_text(
        "Le satellite ] ^Mars$ sera lancé en 2026 depuis Kourou.\n\n"
        "La mission \uffff emportera des instruments français.\n\n"
        "Le CNES et l'Agence spatiale européenne coopèrent depuis longtemps.\n",
        encoding="utf-8",
    )
    result = translate_file(source, tmp_path, ApertiumEngine(), Glossary(()))
    assert result.status == "done" and result.segments == 3
    sidecar = json.loads((tmp_path / "communique.json").read_text(encoding="utf-8"))
    targets = [segment["target"] for segment in sidecar["segments"]]
    assert "] ^Mars$" in targets[0] and "\uffff" in targets[1]
