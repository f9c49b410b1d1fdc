"""Office and ODF files are ZIP archives: what one may unpack to before it is accepted.

A few hundred kilobytes of zeros deflate to a thousandth of their size, so a 1 MB DOCX can
unpack to a gigabyte at whoever opens it (a «zip bomb»). The archive's table of contents
declares each entry's packed and unpacked size; reading it costs nothing, and the check runs
before anything in the archive is decompressed. (zipfile itself never unpacks an entry past
its declared size, so the declared sizes are also what this app will ever read.)
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

MB = 1024 * 1024
# Below this an entry's ratio is harmless however high (a few repeated XML tags).
FORHOLD_GJELDER_FRA = MB


@dataclass(frozen=True)
class Arkivgrenser:
    maks_utpakket_mb: float
    maks_filer: int
    maks_forhold: float


def arkivbrudd(innhold: bytes, grenser: Arkivgrenser) -> str | None:
    """Why this ZIP archive is refused (bokmål, for beside the field), or None if it is not."""
    try:
        with zipfile.ZipFile(io.BytesIO(innhold)) as arkiv:
            deler = arkiv.infolist()
    except zipfile.BadZipFile:
        return None  # not an archive after all: the type check refuses it
    if len(deler) > grenser.maks_filer:
        return f"filen består av {len(deler)} deler; mer enn {grenser.maks_filer} godtas ikke"
    utpakket = sum(d.file_size for d in deler)
    if utpakket > grenser.maks_utpakket_mb * MB:
        return (
            f"filen pakkes ut til {utpakket / MB:.0f} MB, mer enn de "
            f"{grenser.maks_utpakket_mb:g} MB som godtas (mulig «zip-bombe»)"
        )
    for del_ in deler:
        if _for_tett(del_, grenser.maks_forhold):
            return (
                f"en del av filen («{del_.filename[:80]}») er pakket mer enn "
                f"{grenser.maks_forhold:g} ganger sammen (mulig «zip-bombe»)"
            )
    return None


def _for_tett(del_: zipfile.ZipInfo, maks_forhold: float) -> bool:
    return del_.file_size > FORHOLD_GJELDER_FRA and (
        del_.file_size > maks_forhold * max(del_.compress_size, 1)
    )
