"""Fields an event asks for (e.g. the written assessment), declared in the workflow file."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from tilskudd_flow.domain.amounts import UgyldigBelop, parse_belop_per_aar
from tilskudd_flow.domain.datoer import parse_dato
from tilskudd_flow.domain.feil import UgyldigFelt
from tilskudd_flow.domain.periods import UgyldigPeriode, parse_periode
from tilskudd_flow.domain.saksnummer import les_saksnummer
from tilskudd_flow.domain.tekst import enlinje, flerlinje


class Felttype(StrEnum):
    TEKST = "tekst"
    DATO = "dato"
    HELTALL = "heltall"
    VALG = "valg"
    EPOST = "epost"
    SSU_SAK = "ssu_sak"  # an SSU sak number; the transition checks that the sak exists
    VEDTAK = "vedtak"  # a vedtak: free text, or SSU sak numbers the transition checks
    PART = "part"
    BELOP_PER_AAR = "belop_per_aar"
    PERIODE = "periode"


@dataclass(frozen=True)
class Felt:
    navn: str
    etikett: str
    type: Felttype = Felttype.TEKST
    pakrevd: bool = False
    valg: tuple[str, ...] = ()
    flerlinje: bool = False  # keeps line breaks (a textarea); every other field is one line
    # What users read for each of `valg` (the enum's bokmål `visning`), in the same order.
    valgtekster: tuple[str, ...] = ()

    @property
    def alternativer(self) -> list[tuple[str, str]]:
        """(stored value, what users read) for a choice, as a form lists them."""
        return list(zip(self.valg, self.valgtekster or self.valg, strict=True))


def tekst(navn: str, etikett: str, *, pakrevd: bool = False, flerlinje: bool = False) -> Felt:
    return Felt(navn, etikett, Felttype.TEKST, pakrevd, flerlinje=flerlinje)


def dato(navn: str, etikett: str, *, pakrevd: bool = False) -> Felt:
    return Felt(navn, etikett, Felttype.DATO, pakrevd)


def epost(navn: str, etikett: str, *, pakrevd: bool = False) -> Felt:
    return Felt(navn, etikett, Felttype.EPOST, pakrevd)


def ssu_sak(navn: str, etikett: str, *, pakrevd: bool = False) -> Felt:
    """An SSU decision: the number of one of this helsefellesskap's SSU saker."""
    return Felt(navn, etikett, Felttype.SSU_SAK, pakrevd)


def vedtak(navn: str, etikett: str, *, pakrevd: bool = False) -> Felt:
    """A decision by SSU or another body (Helse Nord's letter): any SSU sak it names must be
    one of this helsefellesskap's."""
    return Felt(navn, etikett, Felttype.VEDTAK, pakrevd)


def part(navn: str, etikett: str, *, pakrevd: bool = False) -> Felt:
    return Felt(navn, etikett, Felttype.PART, pakrevd)


def belop_per_aar(navn: str, etikett: str, *, pakrevd: bool = False) -> Felt:
    return Felt(navn, etikett, Felttype.BELOP_PER_AAR, pakrevd)


def periode(navn: str, etikett: str, *, pakrevd: bool = False) -> Felt:
    return Felt(navn, etikett, Felttype.PERIODE, pakrevd)


def valg(navn: str, etikett: str, alternativer: type[StrEnum], *, pakrevd: bool = False) -> Felt:
    """A choice from an enum: forms offer exactly its members, and the server refuses others."""
    verdier = tuple(m.value for m in alternativer)
    tekster = tuple(str(getattr(m, "visning", m.value)) for m in alternativer)
    return Felt(navn, etikett, Felttype.VALG, pakrevd, verdier, valgtekster=tekster)


Partoppslag = Callable[[str], Any]


def les_felt(
    deklarert: tuple[Felt, ...], oppgitt: Mapping[str, str], finn_part: Partoppslag
) -> dict[str, Any]:
    """Parse the raw values an event was given; errors name the field and the problem."""
    kjente = {felt.navn: felt for felt in deklarert}
    for navn in oppgitt:
        if navn not in kjente:
            lovlige = ", ".join(kjente) or "ingen"
            raise UgyldigFelt(navn, f"ukjent felt for denne hendelsen (kjente felt: {lovlige})")
    verdier: dict[str, Any] = {}
    for felt in deklarert:
        ra = oppgitt.get(felt.navn, "").strip()
        if not ra:
            if felt.pakrevd:
                raise UgyldigFelt(felt.navn, f"{felt.etikett} må fylles ut")
            continue
        verdier[felt.navn] = _tolk(felt, ra, finn_part)
    return verdier


def _tolk(felt: Felt, ra: str, finn_part: Partoppslag) -> Any:
    try:
        ren = flerlinje(ra) if felt.flerlinje else enlinje(ra)
        return _TOLKERE[felt.type](felt, ren, finn_part)
    except (ValueError, UgyldigBelop, UgyldigPeriode) as feil:
        raise UgyldigFelt(felt.navn, str(feil)) from None


def _tolk_dato(_felt: Felt, ra: str, _finn: Partoppslag) -> date:
    return parse_dato(ra)


def _tolk_heltall(_felt: Felt, ra: str, _finn: Partoppslag) -> int:
    try:
        return int(ra)
    except ValueError:
        raise ValueError(f"«{ra}» er ikke et heltall") from None


def _tolk_valg(felt: Felt, ra: str, _finn: Partoppslag) -> str:
    if ra not in felt.valg:
        raise ValueError(f"«{ra}» er ikke et gyldig valg ({', '.join(felt.valg)})")
    return ra


def gyldig_epost(ra: str) -> str:
    """The normalised address, or ValueError in bokmål (no DNS lookup: there may be none)."""
    # Loaded on the first address (~15 ms): most commands and pages check none.
    from email_validator import EmailNotValidError, validate_email

    enlinje(ra)
    try:
        return validate_email(ra, check_deliverability=False).normalized
    except EmailNotValidError:
        raise ValueError(f"«{ra}» er ikke en gyldig e-postadresse") from None


def _tolk_epost(_felt: Felt, ra: str, _finn: Partoppslag) -> str:
    return gyldig_epost(ra)


def _tolk_ssu_sak(_felt: Felt, ra: str, _finn: Partoppslag) -> str:
    les_saksnummer(ra)  # refuses what is no sak number, naming the forms; kept as written
    return ra


def _tolk_part(_felt: Felt, ra: str, finn_part: Partoppslag) -> Any:
    funnet = finn_part(ra)
    if funnet is None:
        raise ValueError(
            f"finner ingen kommune eller helseforetak som heter eller har nummer «{ra}»"
        )
    return funnet


_TOLKERE: dict[Felttype, Callable[[Felt, str, Partoppslag], Any]] = {
    Felttype.TEKST: lambda _f, ra, _p: ra,
    Felttype.DATO: _tolk_dato,
    Felttype.HELTALL: _tolk_heltall,
    Felttype.VALG: _tolk_valg,
    Felttype.EPOST: _tolk_epost,
    Felttype.SSU_SAK: _tolk_ssu_sak,
    Felttype.VEDTAK: lambda _f, ra, _p: ra,
    Felttype.PART: _tolk_part,
    Felttype.BELOP_PER_AAR: lambda _f, ra, _p: parse_belop_per_aar(ra),
    Felttype.PERIODE: lambda _f, ra, _p: parse_periode(ra),
}
