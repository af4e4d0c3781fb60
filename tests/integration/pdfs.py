"""Reading a PDF back in the tests (pypdf): its words, its paper size."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

A4, LETTER = (595, 842), (612, 792)  # points, as the PDF's media box gives them


def text_of(pdf: bytes) -> str:
    """The PDF's words in reading order, every run of white space one space (a word broken at
    its hyphen at the end of a line joined again: "Single-leg")."""
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", re.sub(r"-\n", "-", text))


def size_of(pdf: bytes) -> tuple[int, int]:
    """The first page's width and height in points."""
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))
