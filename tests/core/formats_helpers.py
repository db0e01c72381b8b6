"""Material for the extraction tests, made here: a DOCX with headings, a table and a
footnote; a PDF with a running header, page numbers and a word hyphenated at a line end."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

FORMATS = Path(__file__).resolve().parents[1] / "data" / "formats"

ARTICLE = [
    "Russia has formally withdrawn from the European Convention for the Prevention of Torture, "
    "the Council of Europe said on Tuesday.",
    "The withdrawal took effect after the Russian parliament approved a bill submitted by the president.",
    "Inspectors had visited Russian detention facilities more than thirty times since 1998, officials said.",
    "Human rights groups described the move as a serious blow to independent monitoring.",
]


def article_paragraphs(html: str) -> list[str]:
    """The <p> of the <article> of a test page, except its byline, as plain text."""
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    found = re.findall(r"<p>(.*?)</p>", article, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", p).split()) for p in found]


def squash(text: str) -> str:
    return " ".join(text.split())


_FOOTNOTES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:t>Council of Europe press release, 30 September 2025.</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""
_FOOTNOTE_REL = (
    '<Relationship Id="rIdFootnotes1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" '
    'Target="footnotes.xml"/>'
)
_FOOTNOTE_TYPE = (
    '<Override PartName="/word/footnotes.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
)


def make_docx(path: Path) -> None:
    """Heading, the article paragraphs, a 2x2 table, and a footnote on the first paragraph."""
    import docx

    d = docx.Document()
    d.core_properties.title = "Russia leaves the torture convention"
    d.add_heading("Russia leaves the torture convention", level=1)
    d.add_paragraph(ARTICLE[0])
    d.add_heading("Reactions", level=2)
    for text in ARTICLE[1:]:
        d.add_paragraph(text)
    table = d.add_table(rows=2, cols=2)
    for r, row in enumerate([("Year", "Event"), ("1998", "Convention ratified")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.add_paragraph("Closing line after the table.")
    d.save(path)
    # python-docx cannot write footnotes: add the part, its relationship and a reference
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    rels = "word/_rels/document.xml.rels"
    parts[rels] = parts[rels].replace(b"</Relationships>", _FOOTNOTE_REL.encode() + b"</Relationships>")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", _FOOTNOTE_TYPE.encode() + b"</Types>"
    )
    parts["word/footnotes.xml"] = _FOOTNOTES.encode()
    body = parts["word/document.xml"].decode()
    body = body.replace(
        "Tuesday.</w:t></w:r>",
        'Tuesday.</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>',
        1,
    )
    parts["word/document.xml"] = body.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


PDF_PARAGRAPHS = [
    ["Russia has formally with-", "drawn from the European Convention for the Prevention of",
     "Torture, the Council of Europe said on Tuesday."],
    ["The withdrawal took effect after the Russian parliament approved a", "bill submitted by the president."],
    ["Inspectors had visited Russian detention facilities more than thirty", "times since 1998, officials said."],
]  # fmt: skip
PDF_EXPECTED = [
    "Russia has formally withdrawn from the European Convention for the Prevention of Torture,"
    " the Council of Europe said on Tuesday.",
    "The withdrawal took effect after the Russian parliament approved a bill submitted by the president.",
    "Inspectors had visited Russian detention facilities more than thirty times since 1998, officials said.",
]


_SOURCES = ["Reuters", "Interfax", "Kommersant", "Meduza", "Novaya", "Agence", "Deutsche", "Polskie"]


def make_pdf(path: Path, *, pages: int = 3, running: bool = True) -> list[str]:
    """``pages`` pages, each with the three paragraphs of :data:`PDF_PARAGRAPHS` (numbered
    by page), line by line as laid out; with a running header and a page-number footer.
    Returns the expected paragraphs in order."""
    from fpdf import FPDF

    class Pdf(FPDF):
        def header(self) -> None:
            if running:
                self.set_font("Helvetica", size=8)
                self.cell(0, 5, "The Daily Ledger | Special report on detention", align="C")
                self.ln(14)

        def footer(self) -> None:
            if running:
                self.set_y(-15)
                self.set_font("Helvetica", size=8)
                self.cell(0, 5, f"Page {self.page_no()} of {pages}", align="C")

    pdf = Pdf(format="A4")
    pdf.set_auto_page_break(False)
    expected = []
    for n in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=12)
        for lines, text in zip(PDF_PARAGRAPHS, PDF_EXPECTED, strict=True):
            # body text differs from page to page (only the header and footer repeat)
            lead, tail = (f"{_SOURCES[n - 1]} reports: ", f" ({_SOURCES[n - 1]})") if pages > 1 else ("", "")
            for i, line in enumerate(lines):
                last = i == len(lines) - 1
                pdf.cell(0, 6, (lead if i == 0 else "") + line + (tail if last else ""), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(6)
            expected.append(lead + text + tail)
    pdf.output(str(path))
    return expected
