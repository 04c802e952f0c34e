"""The structure of a press release, whatever the reader: kinds for cleaned blocks.

Only PARAGRAPH blocks are reclassified (kinds a DOCX, HTML or Markdown reader set
stay), except that a heading reading as a dateline becomes one:

- the title at the top becomes HEADING level 1, and a paragraph right under it that
  reads as a subtitle or chapô (bold, all capitals, or followed by the dateline)
  becomes LEAD;
- a short block with a date near the top becomes DATELINE (``Paris, le 11 octobre
  2005``, ``le vendredi 17 mai 2013 à Moscou``, ``Toulouse, 3 mars 2021 –``); a
  dateline opening the first paragraph (``Paris le 10 octobre 2006 – Organisé…``) is
  split off it;
- a block inside « », or a « » sentence with its attribution, becomes QUOTE;
- a short title-like line followed by a paragraph becomes HEADING level 2;
- paragraphs under an "À propos de …" heading become ABOUT; short blocks with
  phones or e-mails (or under a "Contact(s) presse" heading) become CONTACT.

:func:`drop_page_furniture` removes page numbers (``– 3 –``, ``3/6``, ``Page 3 sur
6``) and running lines repeated through extracted text, listing them in the notes.
"""

from __future__ import annotations

import re
from collections import Counter

from bilingue.document import Block, BlockKind, Document
from bilingue.flags import page_furniture

__all__ = ["classify", "drop_page_furniture", "split_dateline"]

_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|"
    "octobre|novembre|décembre|decembre"
)
_DAYS = "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
_DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:er)?\s+(?:{_MONTHS})(?:\s+\d{{4}})?"
    rf"|(?:{_MONTHS})\s+\d{{4}}"
    r"|\d{1,2}/\d{1,2}/\d{2,4})\b",
    re.IGNORECASE,
)
# "Paris le 10 octobre 2006 – " opening a paragraph that goes on with a capital.
_LEADING_DATELINE = re.compile(
    rf"^((?:[A-ZÀ-Ý][\w’'\-]*(?:[ -][\w’'\-]+){{0,3}},?\s+)?(?:le\s+)?(?:(?:{_DAYS})\s+)?"
    rf"\d{{1,2}}(?:er)?\s+(?:{_MONTHS})\s+\d{{4}}(?:\s+à\s+[A-ZÀ-Ý][\w\-]+)?\s*[–—-])\s+"
    r"(?=(?-i:[A-ZÀ-Ý«]))",
    re.IGNORECASE,
)
_PAGE_NUMBER_LINE = re.compile(
    r"^\s*(?:[-–—]\s*\d{1,4}\s*[-–—]|\d{1,4}\s*/\s*\d{1,4}|page\s+\d{1,4}(?:\s*(?:sur|/)\s*\d{1,4})?)\s*$",
    re.IGNORECASE,
)
_PAGE_TAIL = re.compile(r"(?:#\s*/\s*#|[-–—]\s*#\s*[-–—]|\bpage\s+#(?:\s*(?:/|sur)\s*#)?)$", re.I)
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_PHONE = re.compile(r"(?:\+\d{2}[\s.]?)?(?:\(0\)\s?)?\d(?:[\s.]?\d{2}){4}\b")
_ABOUT = re.compile(r"^(?:à|a)\s+propos\s+d", re.IGNORECASE)
_CONTACT = re.compile(r"^contacts?\b", re.IGNORECASE)
_ATTRIBUTION = re.compile(r"^(?:selon|pour|d['’]après)\b[^«]{0,120}[:,]\s*«", re.IGNORECASE)

_DATELINE_MAX_WORDS = 12
_DATELINE_MAX_LONG_BEFORE = 1  # datelines sit under the title, before the body text
_LONG_BLOCK_WORDS = 25
_TITLE_MAX_WORDS = 40
_TITLE_MAX_LINES = 3
_HEADING_MAX_WORDS = 11
_HEADING_MAX_LINES = 2
_QUOTE_MIN_WORDS = 6  # « un mot » in a sentence cites a phrase; a quote block says more
_ATTRIBUTION_MAX_WORDS = 15
_CONTACT_MAX_WORDS = 40
_NAME_MAX_WORDS = 6
_RUNNING_LINE_MIN_REPEATS = 3
_NOT_TITLE_END = frozenset(".:;")
_NOT_HEADING_END = frozenset(".,;:!»…")


def drop_page_furniture(doc: Document) -> Document:
    """``doc`` without page-number lines and repeated running lines, listed in notes."""
    lines = [line.strip() for block in doc.blocks for line in block.text.split("\n")]
    counts = Counter(re.sub(r"\d+", "#", line) for line in lines if line)
    # A running footer carries its page number ("AFUP - Kit presse - afup.org 3/6"):
    # lines that repeat with only their digits changing, ending with one.
    running = {
        key
        for key, count in counts.items()
        if count >= _RUNNING_LINE_MIN_REPEATS
        and _PAGE_TAIL.search(key)
        and 2 <= len(key.split()) <= 15
    }
    removed: Counter[str] = Counter()
    shown: dict[str, str] = {}
    blocks: list[Block] = []
    for block in doc.blocks:
        kept = []
        for line in block.text.split("\n"):
            bare = line.strip()
            if bare and (_PAGE_NUMBER_LINE.match(bare) or re.sub(r"\d+", "#", bare) in running):
                key = re.sub(r"\d+", "#", bare)
                removed[key] += 1
                shown.setdefault(key, bare)
                continue
            kept.append(line)
        if any(line.strip() for line in kept):
            blocks.append(block.with_(text="\n".join(kept)))
    if not removed:
        return doc
    notes = tuple(page_furniture(shown[key], n) for key, n in removed.items())
    return doc.with_(blocks=tuple(blocks), notes=(*doc.notes, *notes))


def split_dateline(text: str) -> tuple[str, str] | None:
    """(dateline, rest) when ``text`` opens with a dateline and a dash, else None."""
    match = _LEADING_DATELINE.match(text)
    if match is None:
        return None
    return match.group(1), text[match.end() :]


def classify(blocks: list[Block], line_counts: list[int]) -> list[Block]:
    """Blocks with PARAGRAPH kinds refined into the parts of a release (module doc)."""
    out, counts = _split_leading_datelines(blocks, line_counts)
    has_title = any(b.kind is BlockKind.HEADING and b.level == 1 for b in out)
    long_before = 0
    for index, block in enumerate(out):
        kind = block.kind
        if (
            kind in (BlockKind.PARAGRAPH, BlockKind.HEADING)
            and block.level != 1
            and long_before <= _DATELINE_MAX_LONG_BEFORE
            and _is_dateline(block.text)
        ):
            out[index] = block.with_(kind=BlockKind.DATELINE, level=0)
            continue
        if kind is BlockKind.PARAGRAPH:
            if _is_quote(block.text):
                out[index] = block.with_(kind=BlockKind.QUOTE)
            elif (
                index == 0
                and not has_title
                and len(out) > 1
                and counts[index] <= _TITLE_MAX_LINES
                and _is_title_like(block.text, _TITLE_MAX_WORDS, _NOT_TITLE_END)
            ):
                out[index] = block.with_(kind=BlockKind.HEADING, level=1)
        if len(block.text.split()) >= _LONG_BLOCK_WORDS:
            long_before += 1
    # Backwards, so each block sees the final kind of the one after it.
    for index in range(len(out) - 2, 0, -1):
        block = out[index]
        if (
            block.kind is BlockKind.PARAGRAPH
            and block.style != "toc"  # a table-of-contents entry is not a heading
            # A "Contact presse" label heads its block even when a name line follows.
            and (
                out[index + 1].kind not in (BlockKind.HEADING, BlockKind.DATELINE)
                or _CONTACT.match(block.text) is not None
            )
            and counts[index] <= _HEADING_MAX_LINES
            and _is_title_like(block.text, _HEADING_MAX_WORDS, _NOT_HEADING_END)
            and not _reachable(block.text)  # a contact line, not a heading
        ):
            out[index] = block.with_(kind=BlockKind.HEADING, level=2)
    _mark_lead(out)
    _mark_sections(out)
    return out


def _split_leading_datelines(
    blocks: list[Block], line_counts: list[int]
) -> tuple[list[Block], list[int]]:
    out: list[Block] = []
    counts: list[int] = []
    for index, (block, count) in enumerate(zip(blocks, line_counts, strict=True)):
        split = split_dateline(block.text) if block.kind is BlockKind.PARAGRAPH else None
        if split is not None and index <= 6 and not any(b.kind is BlockKind.DATELINE for b in out):
            dateline, rest = split
            out.append(block.with_(kind=BlockKind.DATELINE, text=dateline, repairs=()))
            shift = len(block.text) - len(rest)
            repairs = tuple(
                r.__class__(r.kind, r.before, r.after, r.start - shift, r.end - shift)
                for r in block.repairs
                if r.start >= shift
            )
            out.append(block.with_(text=rest, repairs=repairs))
            counts.extend((1, count))
        else:
            out.append(block)
            counts.append(count)
    return out, counts


def _mark_lead(blocks: list[Block]) -> None:
    """The subtitle or chapô right under the title."""
    titles = [i for i, b in enumerate(blocks) if b.kind is BlockKind.HEADING and b.level == 1]
    if not titles or titles[0] + 1 >= len(blocks):
        return
    index = titles[0] + 1
    block = blocks[index]
    if block.kind is not BlockKind.PARAGRAPH:
        return
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    letters = [c for c in block.text if c.isalpha()]
    if (
        block.style == "bold"
        or (letters and all(c.isupper() for c in letters) and len(letters) > 20)
        or (following is not None and following.kind is BlockKind.DATELINE)
    ):
        blocks[index] = block.with_(kind=BlockKind.LEAD)


def _mark_sections(blocks: list[Block]) -> None:
    """ABOUT paragraphs under an "À propos" heading; CONTACT blocks (module doc)."""
    section = ""
    for index, block in enumerate(blocks):
        if (
            block.kind is BlockKind.HEADING
            and block.level != 1
            and (_EMAIL.search(block.text) or _PHONE.search(block.text))
        ):
            blocks[index] = block.with_(kind=BlockKind.CONTACT, level=0)
            continue
        if (
            block.kind is BlockKind.HEADING
            and section == "contact"
            and block.level != 1
            and len(block.text.split()) <= _NAME_MAX_WORDS
            and not block.text.endswith(":")  # a label ("Sponsors :"), not a name
            and not (_ABOUT.match(block.text) or _CONTACT.match(block.text))
        ):
            blocks[index] = block.with_(kind=BlockKind.CONTACT, level=0)  # a name line
            continue
        if block.kind is BlockKind.HEADING:
            section = (
                "about"
                if _ABOUT.match(block.text)
                else "contact"
                if _CONTACT.match(block.text)
                else ""
            )
            continue
        if block.kind is not BlockKind.PARAGRAPH:
            continue
        words = len(block.text.split())
        reachable = _EMAIL.search(block.text) or _PHONE.search(block.text)
        if section == "contact" or (
            words <= _CONTACT_MAX_WORDS
            and reachable
            and (_CONTACT.match(block.text) or not block.text.endswith("."))
        ):
            blocks[index] = block.with_(kind=BlockKind.CONTACT)
            if section == "about":
                section = "contact"  # contacts close the boilerplate; what follows is theirs
        elif section == "about":
            blocks[index] = block.with_(kind=BlockKind.ABOUT)


def _reachable(text: str) -> bool:
    return bool(_EMAIL.search(text) or _PHONE.search(text))


def _is_title_like(text: str, max_words: int, bad_ends: frozenset[str]) -> bool:
    first = next((c for c in text if c.isalnum()), "")
    return (
        len(text.split()) <= max_words
        and text[-1] not in bad_ends
        and (first.isupper() or first.isdigit())
    )


def _is_dateline(text: str) -> bool:
    return (
        len(text.split()) <= _DATELINE_MAX_WORDS
        and not text.endswith(".")
        and _DATE.search(text) is not None
        and _EMAIL.search(text) is None
    )


def _is_quote(text: str) -> bool:
    body = text[:-1] if text.endswith(".") else text
    if body.startswith("«") and body.endswith("»") and body.find("»") == len(body) - 1:
        return True
    close = body.rfind("»")
    if close < 0:
        return False
    inside = body[body.find("«") + 1 : close]
    if len(inside.split()) < _QUOTE_MIN_WORDS:
        return False
    if body.startswith("«"):
        # « … » complète Nicolas Silberman, Président de l'AFUP.
        return len(body[close + 1 :].split()) <= _ATTRIBUTION_MAX_WORDS
    return _ATTRIBUTION.match(body) is not None and close == len(body) - 1
