"""The Apertium engine: rule-based fr→es→en through two subprocesses per batch."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from bilingue.document import EngineInfo
from bilingue.engines import EngineName, EngineOptions, Piece
from bilingue.engines import apertium_placeholders as placeholders
from bilingue.engines.apertium_pipe import PipelineDied, StagePipeline, pipeline_command
from bilingue.errors import EngineError, EngineUnavailable

__all__ = [
    "DEFAULT_PACKAGES",
    "DEFAULT_PAIRS",
    "INSTALL_HINT",
    "ApertiumEngine",
    "apertium_available",
    "open_apertium",
]

DEFAULT_PAIRS = ("fr-es", "spa-eng")
DEFAULT_PACKAGES = ("apertium-fr-es", "apertium-eng-spa")
INSTALL_HINT = "install with: apt-get install apertium apertium-fr-es apertium-eng-spa"

# Characters with a meaning in Apertium's stream format; a backslash makes them
# literal. The txt deformatter leaves `*` and `#` alone, but escaping them too
# keeps a source `*word` from reading as an unknown-word mark.
_STREAM_SPECIALS = frozenset("\\[]^$/<>@{}*#")
# Characters no escape can carry: NUL ends a segment (-z), lttoolbox reads U+FFFF as
# end of input (ICU's U_EOF), lone surrogates cannot be encoded as UTF-8, and the
# other noncharacters are reserved for internal use. Each travels as a superblank
# holding its code point (``<u+FFFF>``), which only we can write: user text and
# kept pieces have their ``<`` and ``>`` escaped.
_UNCARRIED = re.compile(
    "[\x00\ufdd0-\ufdef\ud800-\udfff"
    + "".join(f"\\U{p:04x}fffe\\U{p:04x}ffff" for p in range(17))
    + "]"
)
_CODE_MARK = re.compile(r"<u\+([0-9A-F]{4,6})>")
# Segment markers are superblanks whose raw content only we can produce: user
# text and kept pieces have their `<` and `>` escaped.
_START_MARK = re.compile(r"<s(\d+)>")
_END_MARK = "</s>"
_SPACE_RUN = re.compile(r"[ \t]{2,}")
# The pivot keeps French spacing before `:` `;` `!` `?` (and any stray space the
# source had before `,` `.` `)`); English wants none of it.
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\S)[ \t\u00a0\u202f]+(?=[,.;:!?)])")
_LEADING_SPACE_BEFORE_PUNCT = re.compile(r"^[ \t\u00a0\u202f]+(?=[,.;:!?)])")
# After an opening quote, the pivot gives the capital of "C'est" to the verb:
# "« C'est prêt »" → "« it Is ready »".
_CASE_SHIFT = re.compile(
    r"(?:(?<=[«“\"‘(])|(?<=[«“\"‘(][ \u00a0\u202f]))(it|this|that|there|they|he|she|we|you) "
    r"(Is|Was|Are|Were|Has|Have|Had|Will|Would|Can|Could)\b"
)


@dataclass(frozen=True)
class _Token:
    """A run of stream text, or one superblank (``raw`` is its still-escaped content)."""

    text: str
    blank: bool = False
    raw: str = ""


def _code(char: str) -> str:
    return f"<u+{ord(char):04X}>"


def _escape_stream(text: str, *, in_blank: bool = False) -> str:
    """``text`` made literal for Apertium's stream format (inside a superblank or not)."""
    out: list[str] = []
    for char in text:
        if _UNCARRIED.match(char):
            out.append(_code(char) if in_blank else f"[{_code(char)}]")
        elif in_blank and char in _STREAM_SPECIALS:
            # Some pipeline modules read ``\^…\$`` inside a superblank as a lexical
            # unit (seen with apertium-fr-es 0.9.4), so specials there go as codes.
            out.append(_code(char))
        elif char in _STREAM_SPECIALS:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def _decode_blank(raw: str) -> str:
    """A superblank's content as text: escapes undone, code-point marks turned back."""
    out: list[str] = []
    i, n = 0, len(raw)
    while i < n:
        if raw[i] == "\\" and i + 1 < n:
            out.append(raw[i + 1])
            i += 2
            continue
        code = _CODE_MARK.match(raw, i)
        if code is not None:
            out.append(chr(int(code.group(1), 16)))
            i = code.end()
            continue
        out.append(raw[i])
        i += 1
    return "".join(out)


def _tokenize(raw: str) -> list[_Token]:
    """Split one segment of Apertium output into text runs and superblanks."""
    tokens: list[_Token] = []
    text: list[str] = []
    i, n = 0, len(raw)
    while i < n:
        char = raw[i]
        if char == "\\" and i + 1 < n:
            text.append(raw[i + 1])
            i += 2
        elif char == "[":
            j = i + 1
            while j < n and raw[j] != "]":
                j += 2 if raw[j] == "\\" else 1
            if j >= n:
                raise EngineError(
                    "Apertium returned an unterminated superblank",
                    hint="report this input; no translation was kept",
                )
            if text:
                tokens.append(_Token("".join(text)))
                text = []
            content = raw[i + 1 : j]
            tokens.append(_Token(_decode_blank(content), blank=True, raw=content))
            i = j + 1
        else:
            text.append(char)
            i += 1
    if text:
        tokens.append(_Token("".join(text)))
    return tokens


def _encode_item(index: int, pieces: Sequence[Piece]) -> str:
    """One segment as a deformatted stream, framed by its markers, NUL-terminated.

    Kept pieces travel as superblanks, which every Apertium module passes through
    untouched. The end marker also gives the last word the blank lt-proc needs,
    without which a final full stop is lost.
    """
    parts = [f"[<s{index}>]"]
    for text, keep in pieces:
        parts.append(f"[{_escape_stream(text, in_blank=True)}]" if keep else _escape_stream(text))
    parts.append(f"[{_END_MARK}]\0")
    return "".join(parts)


def _split_output(stream: str, count: int, pair: str) -> list[str]:
    """The ``count`` per-segment outputs of one stage, each checked against its marker.

    Every module of the pipeline adds a NUL flush at end of input, so empty
    trailing parts are expected; a segment part is never empty (it has markers).
    """
    parts = [part for part in stream.split("\0") if part]
    if len(parts) != count:
        raise EngineError(
            f"apertium {pair} returned {len(parts)} segments for {count}",
            hint="no translation was kept; report this input",
        )
    for index, part in enumerate(parts):
        blanks = [t.raw for t in _tokenize(part) if t.blank]
        marks = [raw for raw in blanks if _START_MARK.fullmatch(raw)]
        ends = [raw for raw in blanks if raw == _END_MARK]
        if marks != [f"<s{index}>"] or len(ends) != 1:
            raise EngineError(
                f"apertium {pair} misaligned segment {index} of {count}",
                hint="no translation was kept; report this input",
            )
    return parts


def _tidy(text: str) -> str:
    text = _SPACE_BEFORE_PUNCT.sub("", _SPACE_RUN.sub(" ", text))
    return _CASE_SHIFT.sub(lambda m: m.group(1).capitalize() + " " + m.group(2).lower(), text)


def _render(part: str) -> str:
    """Final output of one segment: markers dropped, kept pieces verbatim, text tidied."""
    tokens = [
        t
        for t in _tokenize(part)
        if not (t.blank and (_START_MARK.fullmatch(t.raw) or t.raw == _END_MARK))
    ]
    merged: list[_Token] = []
    for token in tokens:
        if merged and not token.blank and not merged[-1].blank:
            merged[-1] = _Token(merged[-1].text + token.text)
        else:
            merged.append(token)
    if merged and not merged[0].blank:
        merged[0] = _Token(merged[0].text.lstrip())
    if merged and not merged[-1].blank:
        merged[-1] = _Token(merged[-1].text.rstrip())
    rendered: list[str] = []
    for index, token in enumerate(merged):
        if token.blank:
            rendered.append(token.text)
            continue
        text = _tidy(token.text)
        if index and not merged[index - 1].text[-1:].isspace():
            # A kept piece ends the previous text run, so the rule above cannot see
            # the word before a detached full stop or colon.
            text = _LEADING_SPACE_BEFORE_PUNCT.sub("", text)
        rendered.append(text)
    return "".join(rendered)


def _run_stage(command: list[str], stream: bytes, timeout: float, pair: str) -> bytes:
    """Run one Apertium stage on the whole batch; kill its process group on time-out."""
    # A new session makes the wrapper script and its ten pipeline children one
    # process group, so a time-out kills them all and their pipes close.
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as err:
        raise EngineError(f"apertium {pair} cannot start: {err}", hint=INSTALL_HINT) from err
    try:
        out, stderr = process.communicate(stream, timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise EngineError(
            f"apertium {pair} timed out after {timeout:.1f} s",
            hint="translate smaller batches or raise the engine's time-out",
        ) from None
    if process.returncode != 0:
        detail = stderr.decode("utf-8", "replace").strip().splitlines()
        raise EngineError(
            f"apertium {pair} failed (exit {process.returncode})"
            + (f": {detail[-1]}" if detail else ""),
            hint=f"run `apertium {pair}` on the same text to see the full error",
        )
    return out


def _package_versions(packages: Sequence[str]) -> dict[str, str]:
    """Installed Debian package versions, or nothing where dpkg cannot tell."""
    dpkg = shutil.which("dpkg-query")
    if dpkg is None:
        return {}
    try:
        result = subprocess.run(
            [dpkg, "-W", "-f", "${Package}\t${Version}\n", *packages],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return {}
    versions: dict[str, str] = {}
    for line in result.stdout.splitlines():
        name, _, version = line.partition("\t")
        if version:
            versions[name] = version
    return versions


class ApertiumEngine:
    """French to English through Apertium's fr-es and spa-eng pairs.

    Each batch is one ``apertium -f none -u -z`` process per stage: segments are
    NUL-flushed (so each is tagged and transferred on its own) and framed by
    marker superblanks, so the output is split back and checked segment by segment.
    With ``unknown_marks`` the drafts keep Apertium's marks (no ``-u``): ``*word`` it
    did not know (``**word`` unknown in French, ``*palabra`` a Spanish pivot word the
    second pair did not know), ``#word`` or ``#<prn>`` it could not generate, ``@word``
    it could not transfer. The QA stage reads and removes them (stages/qa), so
    unknown words are flagged instead of passing as English.
    The time-out of each stage is ``timeout_base`` plus ``timeout_per_1000_chars``
    per thousand characters of stream; both stages together ran at about 60,000
    characters/s on two cores, so the defaults only catch hangs.
    """

    keeps_spans: ClassVar[bool] = True

    def __init__(
        self,
        *,
        binary: str = "apertium",
        pairs: tuple[str, str] = DEFAULT_PAIRS,
        packages: tuple[str, str] = DEFAULT_PACKAGES,
        timeout_base: float = 10.0,
        timeout_per_1000_chars: float = 1.0,
        unknown_marks: bool = False,
        persistent: bool = True,
    ) -> None:
        self.binary = binary
        self.pairs = pairs
        self.packages = packages
        self.timeout_base = timeout_base
        self.timeout_per_1000_chars = timeout_per_1000_chars
        self.unknown_marks = unknown_marks
        # False: one `apertium` process per pair per batch, as before (benchmarks).
        self.persistent = persistent
        self._executable: str | None = None
        self._info: EngineInfo | None = None
        # One long-lived pipeline per pair, started on first use (apertium_pipe.py);
        # None where the pair's pipeline cannot be run directly.
        self._pipelines: dict[str, StagePipeline | None] = {}
        self._closer = weakref.finalize(self, _close_pipelines, self._pipelines)

    def check(self) -> None:
        """Raise EngineUnavailable unless the binary and both pairs are installed."""
        if self._executable is not None:
            return
        executable = shutil.which(self.binary)
        if executable is None:
            raise EngineUnavailable("Apertium is not installed", hint=INSTALL_HINT)
        try:
            listed = subprocess.run(
                [executable, "-l"], capture_output=True, text=True, timeout=30, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as err:
            raise EngineUnavailable(
                f"Apertium cannot run: {err}", path=executable, hint=INSTALL_HINT
            ) from err
        modes = set(listed.stdout.split())
        for pair in self.pairs:
            if pair not in modes:
                raise EngineUnavailable(f"language pair {pair} missing", hint=INSTALL_HINT)
        self._executable = executable

    @property
    def info(self) -> EngineInfo:
        if self._info is None:
            self._info = self._read_info()
        return self._info

    def _read_info(self) -> EngineInfo:
        # Never raises: describing a missing engine must not fail.
        versions = _package_versions(["apertium", *self.packages])
        version = versions.get("apertium", "")
        executable = shutil.which(self.binary)
        if not version and executable is not None:
            try:
                told = subprocess.run(
                    [executable, "-V"], capture_output=True, text=True, timeout=30, check=False
                ).stdout.split()
            except (OSError, subprocess.TimeoutExpired):
                told = []
            version = told[-1] if told else ""
        pairs = "+".join(self.pairs)
        installed = ", ".join(f"{p} {versions[p]}" for p in self.packages if p in versions)
        return EngineInfo(
            name=EngineName.APERTIUM.value,
            model=f"{pairs} ({installed})" if installed else pairs,
            version=version,
        )

    def translate(self, sources: Sequence[str]) -> list[str]:
        """English drafts of ``sources``, one per source, in order."""
        return self.translate_keeping([[(source, False)] for source in sources])

    def translate_keeping(self, items: Sequence[Sequence[Piece]]) -> list[str]:
        """English drafts where pieces marked True come out verbatim.

        Kept pieces travel as placeholder words (engines/apertium_placeholders.py), so
        the sentence around them parses as it would with a name there; an item whose
        placeholders do not all come back is translated again with its pieces as
        superblanks. Every character comes through: those the stream cannot carry
        (NUL, U+FFFF…) travel as code-point superblanks.
        """
        encoded = [placeholders.encode(pieces) for pieces in items]
        outputs = self._translate_streams([e.pieces for e in encoded])
        drafts = [placeholders.restore(out, e) for out, e in zip(outputs, encoded, strict=True)]
        again = [index for index, draft in enumerate(drafts) if draft is None]
        for index, draft in zip(
            again, self._translate_streams([items[i] for i in again]), strict=True
        ):
            drafts[index] = draft
        return [draft or "" for draft in drafts]

    def _translate_streams(self, items: Sequence[Sequence[Piece]]) -> list[str]:
        """English drafts where pieces marked True travel as superblanks."""
        if not items:
            return []
        self.check()
        assert self._executable is not None  # check() sets it or raises
        stream = "".join(_encode_item(i, pieces) for i, pieces in enumerate(items))
        parts: list[str] = []
        for pair in self.pairs:
            timeout = self.timeout_base + self.timeout_per_1000_chars * len(stream) / 1000
            out = self._run_pair(pair, stream.encode("utf-8"), len(items), timeout)
            parts = _split_output(out.decode("utf-8", "replace"), len(items), pair)
            stream = "".join(part + "\0" for part in parts)
        return [_render(part) for part in parts]

    def _run_pair(self, pair: str, stream: bytes, count: int, timeout: float) -> bytes:
        """One pair's output for a batch: through its long-lived pipeline when it has one
        (started again once if it died), else through a one-off ``apertium`` call."""
        assert self._executable is not None
        if pair not in self._pipelines:
            command = (
                pipeline_command(self._executable, pair, unknown_marks=self.unknown_marks)
                if self.persistent
                else None
            )
            self._pipelines[pair] = StagePipeline(command, pair) if command else None
        pipeline = self._pipelines[pair]
        if pipeline is None:
            marks = [] if self.unknown_marks else ["-u"]
            command = [self._executable, "-f", "none", *marks, "-z", pair]
            return _run_stage(command, stream, timeout, pair)
        try:
            return pipeline.run(stream, count, timeout)
        except PipelineDied:
            return pipeline.run(stream, count, timeout)

    @property
    def pipelines(self) -> tuple[StagePipeline, ...]:
        """The long-lived pipelines started so far (tests and benchmarks look at them)."""
        return tuple(p for p in self._pipelines.values() if p is not None)

    def close(self) -> None:
        """Stop the long-lived pipelines (they also stop when the engine is collected,
        and with this process: their input closes)."""
        _close_pipelines(self._pipelines)

    def __enter__(self) -> ApertiumEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _close_pipelines(pipelines: dict[str, StagePipeline | None]) -> None:
    for pipeline in pipelines.values():
        if pipeline is not None:
            pipeline.close()


def apertium_available(binary: str = "apertium", pairs: tuple[str, str] = DEFAULT_PAIRS) -> bool:
    """Whether Apertium and both language pairs are installed here."""
    try:
        ApertiumEngine(binary=binary, pairs=pairs).check()
    except EngineUnavailable:
        return False
    return True


def open_apertium(options: EngineOptions) -> ApertiumEngine:
    """The registry's factory: an Apertium engine whose binary and pairs are installed."""
    # Unknown-word marks kept: the QA stage flags those words, then removes them.
    engine = ApertiumEngine(unknown_marks=True)
    engine.check()
    return engine
