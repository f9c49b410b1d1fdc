"""Whether an outbox row can be addressed at all, said in bokmål for the sekretariat.

A row may have been written before the forms checked names (or by hand), so the
delivery worker asks this before building; the sekretariat's correction must pass it too.
"""

from __future__ import annotations

import unicodedata
from email.errors import HeaderParseError
from email.headerregistry import Address

from email_validator import EmailNotValidError, validate_email

MAKS_NAVN = 200
# Control characters drawn visibly (␍ ␊ ␉ …), so a reader sees what is wrong with a name.
_BILDER = {kode: chr(0x2400 + kode) for kode in range(0x20)} | {0x7F: "\u2421"}


def har_kontrolltegn(tekst: str) -> bool:
    """CR, LF, tab, NUL and every other control or line/paragraph separator."""
    return any(unicodedata.category(tegn) in ("Cc", "Zl", "Zp") for tegn in tekst)


def synlig(tekst: str) -> str:
    """The text with control characters shown as their pictures (␍␊), on one line."""
    return "".join(
        _BILDER.get(ord(tegn), "\ufffd") if har_kontrolltegn(tegn) else tegn for tegn in tekst
    )


def paa_en_linje(tekst: str) -> str:
    """Control characters as single spaces: what a form field can show of a broken name."""
    return " ".join("".join(" " if har_kontrolltegn(t) else t for t in tekst).split())


def gyldig_mottakernavn(navn: str) -> str:
    """The name trimmed, or ValueError in bokmål."""
    if har_kontrolltegn(navn):
        raise ValueError(f"«{synlig(navn)}» inneholder linjeskift eller andre kontrolltegn")
    if len(navn.strip()) > MAKS_NAVN:
        raise ValueError(f"navnet kan være høyst {MAKS_NAVN} tegn")
    return navn.strip()


def gyldig_mottakeradresse(adresse: str) -> str:
    """The normalised address we can send to, or ValueError in bokmål (no DNS lookup)."""
    if har_kontrolltegn(adresse):
        raise ValueError(f"«{synlig(adresse)}» inneholder linjeskift eller andre kontrolltegn")
    try:
        return validate_email(adresse, check_deliverability=False, allow_smtputf8=False).normalized
    except EmailNotValidError:
        raise ValueError(
            f"«{adresse}» er ikke en e-postadresse vi kan sende til (navn@domene.no, uten "
            "mellomrom, og uten æ, ø, å foran @)"
        ) from None


def mottakerfeil(navn: str, adresse: str) -> str | None:
    """Why a message cannot be addressed to this name and address; None when it can.

    Looser than the correction (`gyldig_mottakeradresse`): an address that was delivered
    before must still be, so only what cannot go in a header at all is refused here.
    """
    if not adresse.strip():
        return "Mottakeren har ingen e-postadresse."
    if har_kontrolltegn(adresse) or not _kan_tolkes(adresse):
        return f"Mottakeradressen «{synlig(adresse)}» er ikke en gyldig e-postadresse."
    if har_kontrolltegn(navn):
        return f"Mottakernavnet «{synlig(navn)}» inneholder linjeskift eller andre kontrolltegn."
    return None


def _kan_tolkes(adresse: str) -> bool:
    if "@" not in adresse.strip(" @"):
        return False  # the parser fails on an empty string with IndexError, not a defect
    try:
        Address(addr_spec=adresse)
    except (ValueError, HeaderParseError):  # header defects are ValueErrors
        return False
    return True
