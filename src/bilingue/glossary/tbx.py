"""TBX-Basic glossaries: read the 2008 (``martif``) and v3 (``tbx``) forms, write either.

One entry is one ``termEntry`` (v3: ``conceptEntry``). How our fields map onto
TBX-Basic data categories, so CAT tools see them and this module reads them back:

- ``source``: the French term whose ``administrativeStatus`` is
  ``preferredTerm-admn-sts`` (without one, the first French term);
- ``variants``: the other French terms, written ``admittedTerm-admn-sts``;
- ``target``: the English preferred term (or the first English term);
- ``type``: ``<admin type="projectSubset">`` on the French preferred term (TBX-Basic
  has no category for a named-entity class; projectSubset is its free-text subset
  label). ``partOfSpeech`` is also written, ``properNoun`` for names, programmes,
  organisations and places, for tools that only read that; reading a file without
  projectSubset, ``properNoun`` gives ``name`` and anything else ``term``;
- ``note``: the entry-level ``<note>`` (several are joined with ``"; "``);
- ``case``, ``context`` and ``not_context``: term-level notes on the French
  preferred term (``<note>case: capitals</note>``, ``<note>not_context:
  données|étalage</note>``); ``plural``: a note on the English preferred term
  (``<note>plural: launchers</note>``); other term-level notes join the entry's note;
- ``forbidden``: English terms whose ``administrativeStatus`` is
  ``deprecatedTerm-admn-sts``, TBX-Basic's own way to say "do not use".

Files are parsed with defusedxml: a ``<!DOCTYPE>`` naming a DTD is allowed (TBX 2008
files carry one) but never fetched, and any entity declaration is refused, which shuts
out billion-laughs expansion and external-entity file reads.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError, SubElement, indent, tostring

from bilingue.document import FRENCH
from bilingue.errors import GlossaryError
from bilingue.glossary.model import ENTRY_TYPES, GlossaryEntry
from bilingue.glossary.table import CASE_VALUES, VARIANT_SEPARATOR, split_list

__all__ = ["TBX3_NAMESPACE", "TBX_VERSIONS", "read_tbx", "tbx_bytes"]

TBX3_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
TBX_VERSIONS = ("2", "3")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED, ADMITTED = "preferredTerm-admn-sts", "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
PROPER_NOUN_TYPES = ("name", "programme", "organisation", "place")
# Entry fields TBX-Basic has no category for, kept as `name: value` term notes.
_FIELD_NOTE = re.compile(r"(case|plural|context|not_context):\s*(.*)", re.DOTALL)
# TBX-Basic 2008 ships this DTD and XCS; v3 names its schema in an xml-model instruction.
_TBX2_PROLOGUE = '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n'
_TBX3_PROLOGUE = (
    '<?xml-model href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/'
    'master/DCA/TBXcoreStructV03_TBX-Basic_integrated.rng" type="application/xml" '
    'schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _children(element: Element, *names: str) -> list[Element]:
    return [child for child in element if _local(child.tag) in names]


def _text(element: Element) -> str:
    return "".join(element.itertext()).strip()


def _typed(element: Element, name: str, kind: str) -> str:
    """Text of the first child ``<name type="kind">`` of ``element``, or ''."""
    for child in _children(element, name):
        if child.get("type") == kind:
            return _text(child)
    return ""


class _Term:
    """One tig/termSec (or ntig) as read: the term and what it says about itself."""

    def __init__(self, holder: Element) -> None:
        # ntig nests its term in termGrp; tig and termSec hold it directly.
        group = next(iter(_children(holder, "termGrp")), holder)
        terms = _children(group, "term")
        self.text = _text(terms[0]) if terms else ""
        self.status = _typed(group, "termNote", "administrativeStatus")
        self.part_of_speech = _typed(group, "termNote", "partOfSpeech")
        self.subset = _typed(holder, "admin", "projectSubset").lower()
        self.fields: dict[str, str] = {}
        self.notes: list[str] = []
        for note in _children(holder, "note"):
            found = _FIELD_NOTE.fullmatch(_text(note))
            if found and (found.group(1) != "case" or found.group(2).strip() in CASE_VALUES):
                self.fields[found.group(1)] = found.group(2).strip()
            elif _text(note):
                self.notes.append(_text(note))


def _terms(entry: Element, language: str) -> list[_Term]:
    """The terms of the first language section whose primary subtag is ``language``."""
    for section in _children(entry, "langSet", "langSec"):
        if section.get(XML_LANG, "").split("-")[0].lower() == language:
            found = [_Term(h) for h in _children(section, "tig", "termSec", "ntig")]
            return [term for term in found if term.text]
    return []


def _preferred_first(terms: list[_Term]) -> list[_Term]:
    preferred = next((t for t in terms if t.status == PREFERRED), terms[0])
    return [preferred, *(t for t in terms if t is not preferred)]


def _entry(element: Element, number: int, path: Path) -> GlossaryEntry:
    french, english = _terms(element, FRENCH), _terms(element, "en")
    if not french or not english:
        label = element.get("id") or f"number {number}"
        raise GlossaryError(
            f"entry {label}: needs a French and an English term",
            path=path,
            hint="export the termbase with French (fr) and English (en) terms",
        )
    source, *variants = _preferred_first(french)
    usable = [term for term in english if term.status != DEPRECATED] or english
    target = _preferred_first(usable)[0]
    forbidden = tuple(term.text for term in english if term.status == DEPRECATED)
    kind = source.subset if source.subset in ENTRY_TYPES else ""
    if not kind:
        kind = "name" if source.part_of_speech == "properNoun" else "term"
    notes = [_text(n) for n in _children(element, "note") if _text(n)]
    notes += [n for term in french + english for n in term.notes]
    return GlossaryEntry(
        source=source.text,
        target=target.text,
        type=kind,
        note="; ".join(notes),
        variants=tuple(v.text for v in variants),
        case=source.fields.get("case", ""),
        plural=target.fields.get("plural", ""),
        forbidden=forbidden if target.status != DEPRECATED else (),
        context=source.fields.get("context", ""),
        not_context=split_list(source.fields.get("not_context", "")),
    )


def read_tbx(path: Path) -> list[GlossaryEntry]:
    """The entries of a TBX file (2008 ``martif`` or v3 ``tbx``), in document order."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        data = path.read_bytes()
    except OSError as err:
        raise GlossaryError(f"cannot read file ({err.strerror})", path=path) from err
    try:
        root = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as err:
        raise GlossaryError(
            f"refused: the file declares XML entities ({type(err).__name__})",
            path=path,
            hint="TBX needs no entity declarations; remove them from the <!DOCTYPE>",
        ) from err
    except ParseError as err:
        raise GlossaryError(f"not well-formed XML ({err})", path=path) from err
    if _local(root.tag) not in ("martif", "tbx"):
        raise GlossaryError(
            f"not a TBX file (root element <{_local(root.tag)}>)",
            path=path,
            hint="a TBX file's root is <martif> (TBX 2008) or <tbx> (TBX v3)",
        )
    found = [e for e in root.iter() if _local(e.tag) in ("termEntry", "conceptEntry")]
    return [_entry(element, number, path) for number, element in enumerate(found, 1)]


def _add_term(
    section: Element,
    names: dict[str, str],
    text: str,
    status: str,
    entry: GlossaryEntry | None = None,
    fields: dict[str, str] | None = None,
) -> None:
    """One tig/termSec; ``entry`` is given for the French preferred term only."""
    holder = SubElement(section, names["term_group"])
    SubElement(holder, names["term"]).text = text
    if entry is not None and entry.type in PROPER_NOUN_TYPES:
        SubElement(holder, names["termNote"], type="partOfSpeech").text = "properNoun"
    SubElement(holder, names["termNote"], type="administrativeStatus").text = status
    # TBX core order inside a term group: term, termNotes, then admin and note.
    if entry is not None:
        SubElement(holder, names["admin"], type="projectSubset").text = entry.type
    for name, value in (fields or {}).items():
        if value:
            SubElement(holder, names["note"]).text = f"{name}: {value}"


def tbx_bytes(entries: Sequence[GlossaryEntry], version: str = "2") -> bytes:
    """A TBX-Basic document holding ``entries``: version "2" = 2008 martif, "3" = TBX v3."""
    if version not in TBX_VERSIONS:
        raise GlossaryError(
            f"unknown TBX version {version!r}",
            hint="use 2 (TBX-Basic 2008, martif) or 3 (TBX v3, ISO 30042:2019)",
        )
    v3 = version == "3"
    names = {"term_group": "termSec" if v3 else "tig"}
    names |= {name: name for name in ("term", "termNote", "admin", "note")}
    lang_section = "langSec" if v3 else "langSet"
    attributes = {"type": "TBX-Basic", XML_LANG: FRENCH}
    if v3:
        # An xmlns attribute rather than namespaced tags: ElementTree's default_namespace
        # option rejects the unqualified attributes (type, id) TBX uses everywhere.
        attributes |= {"style": "dca", "xmlns": TBX3_NAMESPACE}
    root = Element("tbx" if v3 else "martif", attributes)
    header = SubElement(root, "tbxHeader" if v3 else "martifHeader")
    source_desc = SubElement(SubElement(header, "fileDesc"), "sourceDesc")
    SubElement(source_desc, "p").text = "bilingue glossary export"
    if not v3:
        SubElement(
            SubElement(header, "encodingDesc"), "p", type="XCSURI"
        ).text = "TBXBasicXCSV02.xcs"
    body = SubElement(SubElement(root, "text"), "body")
    for number, entry in enumerate(entries, start=1):
        element = SubElement(body, "conceptEntry" if v3 else "termEntry", id=f"e{number}")
        if entry.note:
            SubElement(element, "note").text = entry.note
        french = SubElement(element, lang_section, {XML_LANG: FRENCH})
        french_fields = {
            "case": entry.case,
            "context": entry.context,
            "not_context": VARIANT_SEPARATOR.join(entry.not_context),
        }
        _add_term(french, names, entry.source, PREFERRED, entry, french_fields)
        for variant in entry.variants:
            _add_term(french, names, variant, ADMITTED)
        english = SubElement(element, lang_section, {XML_LANG: "en"})
        _add_term(english, names, entry.target, PREFERRED, fields={"plural": entry.plural})
        for wrong in entry.forbidden:
            _add_term(english, names, wrong, DEPRECATED)
    indent(root, space="  ")
    body_text = tostring(root, encoding="unicode")
    prologue = _TBX3_PROLOGUE if v3 else _TBX2_PROLOGUE
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + prologue + body_text + "\n").encode()
