"""A finished document as a service hands it out: its bytes, its media type and its file
name. A page sends it as a download, a command writes it to a file; neither renders."""

from __future__ import annotations

from dataclasses import dataclass

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML = "text/html; charset=utf-8"
ZIP = "application/zip"


@dataclass(frozen=True)
class Dokument:
    innhold: bytes
    mediatype: str
    filnavn: str  # the name a download offers, æøå and spaces included
