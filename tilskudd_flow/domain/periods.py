"""Tolking av tidspunkter for milepæler i prosjektplaner («mars 2028», «3. kvartal 2025»),
også som spenn slik folk skriver dem («Q1–2 2026», «mars–juni 2026», «Q3 2025 – Q3 2026»)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from tilskudd_flow.domain.datoer import UgyldigDato, er_bare_dato, parse_dato


class Presisjon(StrEnum):
    """Hvor presist et tidspunkt er angitt."""

    DATO = "dato"
    MAANED = "måned"
    KVARTAL = "kvartal"
    HALVAAR = "halvår"
    SESONG = "sesong"
    AAR = "år"


class UgyldigPeriode(ValueError):
    """Teksten kan ikke tolkes som et tidspunkt eller en periode."""

    def __init__(self, tekst: str, grunn: str) -> None:
        super().__init__(f"Ugyldig periode «{tekst}»: {grunn}")
        self.tekst = tekst
        self.grunn = grunn


@dataclass(frozen=True)
class Periode:
    """En periode med første og siste dag (begge inkludert)."""

    start: date
    slutt: date
    presisjon: Presisjon
    tekst: str


# Seasons as used in Norwegian project planning, as (first month, last month), both whole
# months: «våren» is the spring term (January to June), «sommeren» June to August, «høsten»
# the autumn term (August to December) and «vinteren» January to February of the year named
# (not the December to February winter that straddles two years). The end is the last day of
# the last month, so «vinteren 2028» ends 29 February.
SESONGER: Mapping[str, tuple[int, int]] = {
    "vår": (1, 6),
    "sommer": (6, 8),
    "høst": (8, 12),
    "vinter": (1, 2),
}

_SESONGORD: Mapping[str, str] = {
    "vår": "vår",
    "våren": "vår",
    "sommer": "sommer",
    "sommeren": "sommer",
    "høst": "høst",
    "høsten": "høst",
    "vinter": "vinter",
    "vinteren": "vinter",
}

_MAANEDER = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)  # fmt: skip

# Full names and three-letter abbreviations («jan», «feb», …, «okt», «des»).
_MAANEDSORD: Mapping[str, int] = {
    **{navn: nummer for nummer, navn in enumerate(_MAANEDER, start=1)},
    **{navn[:3]: nummer for nummer, navn in enumerate(_MAANEDER, start=1)},
}

_PREFIKS = re.compile(r"(?:senest|innen|fra|ca\.?|i)(?: |(?<=\.))")
_KVARTAL = (
    re.compile(r"q ?(\d+) (\d{4})"),
    re.compile(r"(\d+)\. ?kvartal (\d{4})"),
    re.compile(r"kvartal (\d+) (\d{4})"),
)
_HALVAAR = (
    re.compile(r"(\d+)\. ?halvår (\d{4})"),
    re.compile(r"halvår (\d+) (\d{4})"),
)
_ORD_OG_AAR = re.compile(r"([^\W\d_]+)\.? (\d{4})")
# «Prosjektår 1 (Q3 2025 – Q3 2026)»: the period is what stands in the parentheses.
_I_PARENTES = re.compile(r"[^(]*\((.+)\)")
# «innen utgangen av 2026»: the period that ends then is the one named.
_UTGANGEN = re.compile(r"(?:utgangen|slutten) av ")
# «Q1-2», «1-2. kvartal»: a range of numbered parts written without a space.
_Q_SPENN = re.compile(r"q ?(\d+) ?- ?q? ?(\d+)")
_NUMMER_SPENN = re.compile(r"^(\d)\.? ?- ?(\d)\.")
# Between the two ends: a dash with or without spaces (not inside a date), «til» or «og».
_SPENNSKILLE = re.compile(
    r"\s+-\s+|(?<=\D)-|-(?=\D)|(?<=\d{4})-(?=\d{1,2}\.)|(?<=^\d{4})-(?=\d{4}$)|\s+(?:til|og)\s+"
)
_AAR = re.compile(r"\d{4}")


def parse_periode(tekst: str) -> Periode:
    """Tolk en milepælsangivelse som dato, måned, kvartal, halvår, sesong eller år."""
    kjerne = _normalisert(tekst)
    if not kjerne:
        raise UgyldigPeriode(tekst, "teksten er tom")
    periode = _enkel(kjerne, tekst) or _spenn(kjerne, tekst)
    if periode is not None:
        return periode
    grunn = (
        "forstår ikke tidsangivelsen; skriv f.eks. «mars 2028», «3. kvartal 2025», "
        "«1. halvår 2026», «høsten 2025», «2026», «01.03.2028», «Q1–2 2026» eller "
        "«mars–juni 2026»"
    )
    raise UgyldigPeriode(tekst, grunn)


def _normalisert(tekst: str) -> str:
    kjerne = re.sub(r"\s+", " ", tekst).strip().lower()
    if treff := _I_PARENTES.fullmatch(kjerne):
        kjerne = treff[1].strip()
    kjerne = _UTGANGEN.sub("", _uten_prefiks(kjerne.replace("–", "-").replace("—", "-")))
    kjerne = re.sub(r"\bkv\b\.? ?", "kvartal ", kjerne)
    kjerne = _Q_SPENN.sub(r"q\1 - q\2", kjerne)
    return _NUMMER_SPENN.sub(r"\1. - \2.", kjerne)


def _enkel(kjerne: str, tekst: str) -> Periode | None:
    for tolk in _TOLKERE:
        periode = tolk(kjerne, tekst)
        if periode is not None:
            return periode
    return None


def _spenn(kjerne: str, tekst: str) -> Periode | None:
    """«A – B»: from the start of A to the end of B; A may borrow what B ends with («mars»
    from «mars–juni 2026», «2.» from «2.–3. kvartal 2026»)."""
    deler = _SPENNSKILLE.split(kjerne)
    if len(deler) != 2 or not all(deler):
        return None
    forste_tekst, siste_tekst = (d.strip() for d in deler)
    siste = _enkel(siste_tekst, tekst)
    if siste is None:
        return None
    hale = siste_tekst.split(" ", 1)[1] if " " in siste_tekst else ""
    kandidater = (forste_tekst, f"{forste_tekst} {siste.slutt.year}", f"{forste_tekst} {hale}")
    forste = next((p for k in kandidater if (p := _enkel(k.strip(), tekst))), None)
    if forste is None:
        return None
    if forste.start > siste.slutt:
        raise UgyldigPeriode(tekst, "slutten av perioden kommer før starten")
    return Periode(forste.start, siste.slutt, forste.presisjon, tekst)


def _uten_prefiks(normalisert: str) -> str:
    # Prefixes can be stacked, as in «senest i mars 2028».
    while treff := _PREFIKS.match(normalisert):
        normalisert = normalisert[treff.end() :]
    return normalisert


def _tolk_dato(kjerne: str, tekst: str) -> Periode | None:
    if not er_bare_dato(kjerne):
        return None
    try:
        dato = parse_dato(kjerne)
    except UgyldigDato as feil:
        raise UgyldigPeriode(tekst, feil.grunn) from None
    return Periode(dato, dato, Presisjon.DATO, tekst)


def _tolk_kvartal(kjerne: str, tekst: str) -> Periode | None:
    return _tolk_nummerert(kjerne, tekst, _KVARTAL, Presisjon.KVARTAL, antall=4)


def _tolk_halvaar(kjerne: str, tekst: str) -> Periode | None:
    return _tolk_nummerert(kjerne, tekst, _HALVAAR, Presisjon.HALVAAR, antall=2)


def _tolk_nummerert(
    kjerne: str,
    tekst: str,
    monstre: tuple[re.Pattern[str], ...],
    presisjon: Presisjon,
    antall: int,
) -> Periode | None:
    """Tolk «n. del av året», der året deles i `antall` like lange deler."""
    treff = next((t for monster in monstre if (t := monster.fullmatch(kjerne))), None)
    if treff is None:
        return None
    nummer, aar = int(treff[1]), int(treff[2])
    if not 1 <= nummer <= antall:
        raise UgyldigPeriode(tekst, f"{presisjon} må være fra 1 til {antall}, ikke {nummer}")
    maaneder = 12 // antall
    return _maaneder(aar, (nummer - 1) * maaneder + 1, nummer * maaneder, presisjon, tekst)


def _tolk_navngitt(kjerne: str, tekst: str) -> Periode | None:
    """Tolk «<sesong> <år>» eller «<måned> <år>»."""
    treff = _ORD_OG_AAR.fullmatch(kjerne)
    if treff is None:
        return None
    ord_, aar = treff[1], int(treff[2])
    if ord_ in _SESONGORD:
        forste, siste = SESONGER[_SESONGORD[ord_]]
        return _maaneder(aar, forste, siste, Presisjon.SESONG, tekst)
    if ord_ in _MAANEDSORD:
        maaned = _MAANEDSORD[ord_]
        return _maaneder(aar, maaned, maaned, Presisjon.MAANED, tekst)
    return None


def _tolk_aar(kjerne: str, tekst: str) -> Periode | None:
    if not _AAR.fullmatch(kjerne):
        return None
    return _maaneder(int(kjerne), 1, 12, Presisjon.AAR, tekst)


_TOLKERE: tuple[Callable[[str, str], Periode | None], ...] = (
    _tolk_dato,
    _tolk_kvartal,
    _tolk_halvaar,
    _tolk_navngitt,
    _tolk_aar,
)


def _maaneder(aar: int, forste: int, siste: int, presisjon: Presisjon, tekst: str) -> Periode:
    start = _dato(aar, forste, 1, tekst)
    slutt = _dato(aar, siste, calendar.monthrange(aar, siste)[1], tekst)
    return Periode(start, slutt, presisjon, tekst)


def _dato(aar: int, maaned: int, dag: int, tekst: str) -> date:
    try:
        return date(aar, maaned, dag)
    except ValueError:
        grunn = f"datoen {dag:02d}.{maaned:02d}.{aar:04d} finnes ikke"
        raise UgyldigPeriode(tekst, grunn) from None
