"""Whether an outbox row can be addressed at all, said in bokmål for the sekretariat.

A row may have been written before the forms checked names (or by hand), so the
delivery worker asks this before building; the sekretariat's correction must pass it too.
"""

from __future__ import annotations

import re
import unicodedata
from email.errors import HeaderParseError
from email.headerregistry import Address

import idna

from tilskudd_flow.domain.tekst import enlinjefeil

MAKS_NAVN = 200
# Words, not the Unicode control pictures (U+240D …): common fonts lack those.
LINJESKIFT, KONTROLLTEGN = "[linjeskift]", "[kontrolltegn]"
_LINJESKIFT = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def har_kontrolltegn(tekst: str) -> bool:
    """CR, LF, tab, NUL and every other control or line/paragraph separator."""
    return any(unicodedata.category(tegn) in ("Cc", "Zl", "Zp") for tegn in tekst)


def synlig(tekst: str) -> str:
    """The text on one line, each line break and other control character named in it."""
    en_linje = _LINJESKIFT.sub(LINJESKIFT, tekst)
    return "".join(KONTROLLTEGN if har_kontrolltegn(tegn) else tegn for tegn in en_linje)


def paa_en_linje(tekst: str) -> str:
    """Control characters as single spaces: what a form field can show of a broken name."""
    return " ".join("".join(" " if har_kontrolltegn(t) else t for t in tekst).split())


def gyldig_mottakernavn(navn: str) -> str:
    """The name trimmed, or ValueError in bokmål: the one text rule for one-line fields."""
    if enlinjefeil(navn):
        raise ValueError(f"«{synlig(navn)}» inneholder linjeskift eller andre kontrolltegn")
    if len(navn.strip()) > MAKS_NAVN:
        raise ValueError(f"navnet kan være høyst {MAKS_NAVN} tegn")
    return navn.strip()


def gyldig_mottakeradresse(adresse: str) -> str:
    """The normalised address we can send to, or ValueError in bokmål (no DNS lookup)."""
    # Loaded on the first address (~15 ms): most commands and pages check none.
    from email_validator import EmailNotValidError, validate_email

    if enlinjefeil(adresse):
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


def emnefeil(emne: str) -> str | None:
    """Why this subject cannot go in a header (a line break); None when it can."""
    if _LINJESKIFT.search(emne):
        return f"Emnet «{synlig(emne)}» inneholder linjeskift."
    return None


def _kan_tolkes(adresse: str) -> bool:
    if "@" not in adresse.strip(" @"):
        return False  # the parser fails on an empty string with IndexError, not a defect
    try:
        Address(addr_spec=adresse)
        domene = adresse.rpartition("@")[2]
        if not domene.isascii():
            idna.encode(domene, uts46=True)  # as the e-mail will carry it
    except (ValueError, HeaderParseError):  # header defects and IDNAError are ValueErrors
        return False
    return True


def hilsen(navn: str, *, organisasjon: bool) -> str:
    """The opening line of an e-mail: formal to a body, friendly to a person.

    A kommune's or party's postmottak is addressed as in a letter, «Til Sømna kommune»;
    a person gets «Hei Karin Olsen,», and an address without a name just «Hei,».
    """
    navn = " ".join(navn.split())
    if organisasjon and navn:
        return f"Til {navn}"
    return f"Hei {navn}," if navn else "Hei,"
