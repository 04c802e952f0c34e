"""PDFs drawn line by line with reportlab, reproducing the layouts of real releases.

Each line is placed where a word processor would put it, so the tests know exactly
what the reader must recover: two columns, running headers and footers, a heading,
bullets, a paragraph broken across a column and a page, a hyphenated line end, a URL
split across lines, a table, a dot-leader table of contents, a side column.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Page", "Text", "column", "draw_pdf", "paragraph", "release_pdf", "table", "wrap"]

REGULAR = "Helvetica"
BOLD = "Helvetica-Bold"
LEADING = 1.25  # line pitch as a multiple of the font size
A4 = (595.0, 842.0)


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # baseline, from the page bottom (PDF coordinates)
    text: str
    size: float = 10.0
    font: str = REGULAR


@dataclass
class Page:
    texts: list[Text] = field(default_factory=list)

    def add(self, items: Sequence[Text]) -> float:
        """Add ``items``; the y below the last one (one line pitch down)."""
        self.texts.extend(items)
        last = items[-1]
        return last.y - last.size * LEADING


def paragraph(
    x: float, y: float, lines: Sequence[str], size: float = 10.0, font: str = REGULAR
) -> list[Text]:
    """Pre-broken ``lines`` stacked from baseline ``y`` down."""
    return [Text(x, y - i * size * LEADING, line, size, font) for i, line in enumerate(lines)]


def wrap(text: str, width: float, size: float = 10.0, font: str = REGULAR) -> list[str]:
    """Greedy line breaking as a word processor does it, measured with the font's widths.

    A soft hyphen (U+00AD) in a word lets it break there with a visible hyphen; a
    zero-width space (U+200B) lets a URL break there with none.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def fits(line: str) -> bool:
        return bool(stringWidth(line, font, size) <= width)

    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if fits(candidate.replace("\u00ad", "").replace("\u200b", "")):
            current = candidate
            continue
        head, rest = _break_word(current, word, fits)
        if head:
            lines.append(head)
        while not fits(rest.replace("\u00ad", "").replace("\u200b", "")):
            # A word longer than the line (a URL) breaks at its own break points.
            head, tail = _break_word("", rest, fits)
            if not head:
                break
            lines.append(head)
            rest = tail
        current = rest
    lines.append(current)
    return [line.replace("\u00ad", "").replace("\u200b", "") for line in lines]


def _break_word(current: str, word: str, fits: Callable[[str], bool]) -> tuple[str, str]:
    """(line to close, what starts the next) when ``word`` does not fit after ``current``."""
    for mark, shown in (("\u00ad", "-"), ("\u200b", "")):
        parts = word.split(mark)
        for cut in range(len(parts) - 1, 0, -1):
            head = mark.join(parts[:cut]).replace("\u00ad", "").replace("\u200b", "") + shown
            line = f"{current} {head}" if current else head
            if fits(line):
                return line, mark.join(parts[cut:])
    return current, word


def column(
    x: float, y: float, text: str, width: float, size: float = 10.0, font: str = REGULAR
) -> list[Text]:
    """``text`` wrapped to ``width`` and stacked from baseline ``y`` down."""
    return paragraph(x, y, wrap(text, width, size, font), size, font)


def table(x: float, y: float, rows: Sequence[Sequence[str]], widths: Sequence[float]) -> list[Text]:
    texts = []
    for r, row in enumerate(rows):
        left = x
        for cell, width in zip(row, widths, strict=True):
            texts.append(Text(left, y - r * 16, cell, 10, BOLD if r == 0 else REGULAR))
            left += width
    return texts


def draw_pdf(
    path: Path,
    pages: Sequence[Page],
    *,
    encrypt: str | None = None,
    size: tuple[float, float] = A4,
) -> Path:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen.canvas import Canvas

    encryption = None
    if encrypt is not None:
        encryption = pdfencrypt.StandardEncryption(encrypt, ownerPassword="owner-secret")
    canvas = Canvas(str(path), pagesize=size, encrypt=encryption)
    for page in pages:
        for item in page.texts:
            canvas.setFont(item.font, item.size)
            canvas.drawString(item.x, item.y, item.text)
        canvas.showPage()
    canvas.save()
    return path


def _furniture(page: Page, number: int, total: int) -> None:
    page.add([Text(56, 800, "CNES – Communiqué de presse", 8)])
    page.add([Text(280, 30, f"– {number} –", 9)])
    page.add([Text(400, 30, f"cnes.fr – Communiqué {number}/{total}", 8)])


def release_pdf(path: Path, *, encrypt: str | None = None) -> Path:
    """A two-page release in two columns, with every artefact the reader must undo."""
    first, second = Page(), Page()
    _furniture(first, 1, 2)
    _furniture(second, 2, 2)
    y = first.add(paragraph(56, 740, ["Le CNES et l’ESA signent un accord-cadre"], 18, BOLD))
    first.add(paragraph(56, y - 6, ["Paris, le 11 octobre 2025"]))
    left, right, top, width = 56.0, 270.0, 680.0, 184.0
    # Left column: a paragraph with a hyphenated line end, then the list's lead-in.
    y = first.add(
        column(
            left,
            top,
            "Le Centre national d’études spatiales et l’Agence spatiale européenne ont "
            "signé un accord-cadre qui renforce leur coopé\u00adration dans l’exploration "
            "robotique et le transport spatial pour les dix pro\u00adchaines années.",
            width,
        )
    )
    first.add(column(left, y - 8, "L’accord porte sur trois domaines :", width))
    # Right column: the list, then a paragraph whose URL is split across two lines.
    y = first.add(
        paragraph(
            right,
            top,
            [
                "• les lanceurs réutilisables ;",
                "• les sondes vers Mars et la Lune ;",
                "• la formation des ingénieurs.",
            ],
        )
    )
    # One paragraph wrapped at the column width, its URL split across two lines, and
    # broken by the page end: three lines here, the rest at the top of page 2.
    lines = wrap(
        "Le texte complet est publié sur https://cnes.fr/fr/comm\u200buniques/"
        "accord-2025.html avec ses annexes. Les deux agences réuniront leurs équipes dès "
        "le mois de novembre à Toulouse pour fixer le calendrier des premières missions "
        "communes.",
        240,
    )
    first.add(paragraph(right, y - 8, lines[:3]))
    y = second.add(paragraph(56, 760, lines[3:]))
    y = second.add(paragraph(56, y - 10, ["Un calendrier en trois étapes"], 13, BOLD))
    second.add(
        table(
            56,
            y - 8,
            [
                ["Étape", "Date", "Lieu"],
                ["Signature", "11 octobre", "Paris"],
                ["Revue", "5 novembre", "Toulouse"],
            ],
            [140, 140, 140],
        )
    )
    y = second.add(paragraph(56, y - 70, ["À propos du CNES"], 13, BOLD))
    y = second.add(
        paragraph(
            56,
            y - 6,
            [
                "Le CNES est l’établissement public chargé de proposer au Gouvernement",
                "la politique spatiale de la France et de la mettre en œuvre.",
            ],
        )
    )
    y = second.add(paragraph(56, y - 10, ["Contact presse"], 13, BOLD))
    second.add(paragraph(56, y - 6, ["Marie Dupont – 01 44 76 75 18 – marie.dupont@cnes.fr"]))
    return draw_pdf(path, [first, second], encrypt=encrypt)


RELEASE_BLOCKS = [
    ("heading", "Le CNES et l’ESA signent un accord-cadre"),
    ("dateline", "Paris, le 11 octobre 2025"),
    (
        "paragraph",
        "Le Centre national d’études spatiales et l’Agence spatiale européenne ont signé "
        "un accord-cadre qui renforce leur coopération dans l’exploration robotique et le "
        "transport spatial pour les dix prochaines années.",
    ),
    ("paragraph", "L’accord porte sur trois domaines :"),
    ("list_item", "les lanceurs réutilisables ;"),
    ("list_item", "les sondes vers Mars et la Lune ;"),
    ("list_item", "la formation des ingénieurs."),
    (
        "paragraph",
        "Le texte complet est publié sur https://cnes.fr/fr/communiques/accord-2025.html "
        "avec ses annexes. Les deux agences réuniront leurs équipes dès le mois de "
        "novembre à Toulouse pour fixer le calendrier des premières missions communes.",
    ),
    ("heading", "Un calendrier en trois étapes"),
    ("table_cell", "Étape"),
    ("table_cell", "Date"),
    ("table_cell", "Lieu"),
    ("table_cell", "Signature"),
    ("table_cell", "11 octobre"),
    ("table_cell", "Paris"),
    ("table_cell", "Revue"),
    ("table_cell", "5 novembre"),
    ("table_cell", "Toulouse"),
    ("heading", "À propos du CNES"),
    (
        "about",
        "Le CNES est l’établissement public chargé de proposer au Gouvernement la "
        "politique spatiale de la France et de la mettre en œuvre.",
    ),
    ("heading", "Contact presse"),
    ("contact", "Marie Dupont – 01 44 76 75 18 – marie.dupont@cnes.fr"),
]
