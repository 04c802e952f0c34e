"""TMX 1.4b, the exchange format of translation memories: read and write French→English units.

Reading accepts TMX as CAT tools write it: OmegaT (``xml:lang="fr-FR"``, or the
TMX 1.1 ``lang`` attribute, ``<prop type="file">``), Trados (``FR-FR``, UTF-16,
``x-`` props, ``creationid``/``changedate``), inline markup. Inline codes
(``<bpt> <ept> <ph> <it> <ut>``) hold the *native* code of the original format
(``&lt;b&gt;``, RTF, a tab); their content is dropped and the text around them
kept. ``<hi>`` wraps translatable text, which is kept. Notes are read past.

The parser resolves no entity and fetches nothing (defusedxml): a file declaring an
entity, the billion-laughs bomb or an external one, is refused with one line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from bilingue.errors import TmError
from bilingue.tm import TmUnit

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

__all__ = ["TmxContent", "read_tmx", "write_tmx"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# TMX 1.4b §3.7: inline elements carrying native codes; their content is not text.
_CODES = frozenset({"bpt", "ept", "ph", "it", "ut"})
# XML 1.0 forbids these characters even as references; they cannot be exported.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DOUBLE_SPACE = re.compile(r" {2,}")
_TMX_DATE = "%Y%m%dT%H%M%SZ"
_ISO_DATE = "%Y-%m-%dT%H:%M:%SZ"
# Our props, and what OmegaT and Trados call the same thing.
_PROPS = {
    "document": ("x-document", "file", "x-filename", "x-file"),
    "segment_id": ("x-segment-id", "id", "x-segment"),
    "engine": ("x-engine",),
    "glossary_version": ("x-glossary-version",),
}
_HINT = "export it again from the CAT tool as TMX 1.4"


@dataclass(frozen=True)
class TmxContent:
    """What a TMX file held: the French→English units, and what was left out."""

    units: tuple[TmUnit, ...]
    skipped: int  # units without both a French and an English variant, or blank
    languages: tuple[str, ...]  # every xml:lang seen, as written


def read_tmx(path: Path, *, source_lang: str = "fr", target_lang: str = "en") -> TmxContent:
    """The ``source_lang``→``target_lang`` units of a TMX file (any region: fr-FR, FR-CA…)."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, iterparse

    path = Path(path)
    units: list[TmUnit] = []
    skipped = 0
    languages: dict[str, None] = {}
    try:
        with open(path, "rb") as stream:
            events = iterparse(stream, events=("start", "end"))
            _check_root(events, path)
            body = None
            for event, element in events:
                tag = _local(element.tag)
                if event == "start":
                    body = element if tag == "body" else body
                    continue
                if tag != "tu":
                    continue
                for variant in element.iter():
                    if _local(variant.tag) == "tuv":
                        languages.setdefault(_lang(variant), None)
                unit = _unit(element, source_lang, target_lang)
                if unit is None:
                    skipped += 1
                else:
                    units.append(unit)
                if body is not None:
                    body.clear()  # a large memory is read one unit at a time
    except OSError as err:
        raise TmError(f"cannot read file ({err.strerror})", path=path) from err
    except DefusedXmlException as err:
        raise TmError(
            f"refused: the file declares XML entities ({type(err).__name__}); "
            "TMX needs none, and expanding them is how entity bombs work",
            path=path,
            hint=_HINT,
        ) from err
    except ParseError as err:
        line, column = err.position
        raise TmError(
            f"not well-formed XML (line {line}, column {column + 1})", path=path, hint=_HINT
        ) from err
    if not units and skipped:
        found = ", ".join(languages) or "none"
        raise TmError(f"no {source_lang}→{target_lang} pairs (languages found: {found})", path=path)
    return TmxContent(tuple(units), skipped, tuple(languages))


def _check_root(events: Iterator[tuple[str, Element]], path: Path) -> None:
    _, root = next(events)
    if _local(root.tag) != "tmx":
        raise TmError(f"not a TMX file (root element is <{_local(root.tag)}>)", path=path)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _lang(variant: Element) -> str:
    return variant.get(_XML_LANG) or variant.get("lang") or ""


def _primary(lang: str) -> str:
    return re.split(r"[-_]", lang, maxsplit=1)[0].casefold()


def _seg_text(element: Element) -> tuple[str, bool]:
    """The text of ``element``: codes' content dropped, ``<hi>`` kept; and whether a
    code was dropped."""
    parts = [element.text or ""]
    dropped = False
    for child in element:
        if _local(child.tag) in _CODES:
            dropped = True
        else:
            text, inner = _seg_text(child)
            parts.append(text)
            dropped = dropped or inner
        parts.append(child.tail or "")
    return "".join(parts), dropped


def _variant_text(variant: Element) -> str:
    seg = next((c for c in variant if _local(c.tag) == "seg"), None)
    if seg is None:
        return ""
    text, dropped = _seg_text(seg)
    # A code between two words leaves both spaces behind: one was enough.
    return _DOUBLE_SPACE.sub(" ", text).strip() if dropped else text


def _unit(tu: Element, source_lang: str, target_lang: str) -> TmUnit | None:
    source = target = None
    for variant in tu:
        if _local(variant.tag) != "tuv":
            continue
        primary = _primary(_lang(variant))
        if primary == source_lang and source is None:
            source = variant
        elif primary == target_lang and target is None:
            target = variant
    if source is None or target is None:
        return None
    source_text, target_text = _variant_text(source), _variant_text(target)
    if not source_text.strip() or not target_text.strip():
        return None
    props = {
        (p.get("type") or "").casefold(): (p.text or "") for p in tu if _local(p.tag) == "prop"
    }

    def prop(field: str) -> str:
        return next((props[name] for name in _PROPS[field] if props.get(name)), "")

    def attribute(*names: str) -> str:
        # The English variant is what was approved: its own attributes come first.
        for holder in (target, tu):
            for name in names:
                if holder.get(name):
                    return holder.get(name, "")
        return ""

    # Ours is a file name already; OmegaT's `file` is a path inside its project.
    document = props.get("x-document") or re.split(r"[\\/]", prop("document"))[-1]
    return TmUnit(
        source=source_text,
        target=target_text,
        document=document,
        segment_id=prop("segment_id"),
        created=_iso(attribute("changedate", "creationdate")) or props.get("x-created", ""),
        engine=prop("engine"),
        glossary_version=prop("glossary_version"),
        author=attribute("changeid", "creationid"),
    )


def _iso(tmx_date: str) -> str:
    """TMX's ``YYYYMMDDThhmmssZ`` (UTC) as ISO 8601; empty if it is not one."""
    try:
        return datetime.strptime(tmx_date, _TMX_DATE).strftime(_ISO_DATE)
    except ValueError:
        return ""


def _tmx_date(iso: str) -> str:
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # bilingue writes UTC
    return moment.astimezone(UTC).strftime(_TMX_DATE)


def _text(value: str) -> str:
    # A bare CR would come back as LF (XML end-of-line handling): write it as a reference.
    return escape(_NOT_XML.sub("", value)).replace("\r", "&#13;")


def _attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("", value), {"\r": "&#13;", "\n": "&#10;", "\t": "&#9;"})


def write_tmx(
    units: Iterable[TmUnit],
    path: Path,
    *,
    source_lang: str = "fr",
    target_lang: str = "en",
    tool_version: str = "",
) -> int:
    """Write ``units`` as a TMX 1.4b file at ``path``, atomically; return how many.

    Characters XML 1.0 cannot hold at all (control characters) are left out.
    """
    from bilingue.safeio import atomic_output

    count = 0
    with atomic_output(Path(path)) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as out:
        _write_header(out, source_lang, tool_version)
        for unit in units:
            _write_unit(out, unit, source_lang, target_lang)
            count += 1
        out.write("  </body>\n</tmx>\n")
    return count


def _write_header(out: IO[str], source_lang: str, tool_version: str) -> None:
    now = datetime.now(UTC).strftime(_TMX_DATE)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
    # TMX 1.4b §3.1.1: these seven header attributes are required.
    out.write(
        f"  <header creationtool={_attr('bilingue')} "
        f"creationtoolversion={_attr(tool_version or 'unknown')} "
        f'segtype="sentence" o-tmf="bilingue" adminlang="en" '
        f'srclang={_attr(source_lang)} datatype="plaintext" creationdate="{now}"/>\n'
    )
    out.write("  <body>\n")


def _write_unit(out: IO[str], unit: TmUnit, source_lang: str, target_lang: str) -> None:
    attributes = ""
    date = _tmx_date(unit.created) if unit.created else ""
    if date:
        attributes += f' creationdate="{date}"'
    if unit.author:
        attributes += f" creationid={_attr(unit.author)}"
    out.write(f"    <tu{attributes}>\n")
    props = [
        ("x-document", unit.document),
        ("x-segment-id", unit.segment_id),
        ("x-engine", unit.engine),
        ("x-glossary-version", unit.glossary_version),
        # A date TMX cannot express (no time zone rule fits it) is kept verbatim.
        ("x-created", unit.created if unit.created and not date else ""),
    ]
    for kind, value in props:
        if value:
            out.write(f'      <prop type="{kind}">{_text(value)}</prop>\n')
    for lang, text in ((source_lang, unit.source), (target_lang, unit.target)):
        out.write(f'      <tuv xml:lang="{lang}"><seg>{_text(text)}</seg></tuv>\n')
    out.write("    </tu>\n")
