"""Tolking av beløp slik de skrives i norske søknader («kr 9 315 000,-», «ca. 1,5 mill»)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator

from tilskudd_flow.domain.tekst import Enlinje

ORE_PER_KRONE = 100
FORSTE_AAR = 2000
SISTE_AAR = 2100

_SKALA: dict[str, int] = {
    "tusen": 1_000,
    "mill": 1_000_000,
    "million": 1_000_000,
    "millioner": 1_000_000,
    "mnok": 1_000_000,
    "mrd": 1_000_000_000,
    "milliard": 1_000_000_000,
    "milliarder": 1_000_000_000,
}

# Only used to give a better message: amounts must be written with digits.
_TALLORD = frozenset(
    {
        "null", "en", "ei", "ett", "én", "to", "tre", "fire", "fem", "seks", "sju", "syv",
        "åtte", "ni", "ti", "elleve", "tolv", "tjue", "tretti", "førti", "femti", "seksti",
        "sytti", "åtti", "nitti", "hundre", "halv", "halvannen",
    }
)  # fmt: skip

_BOKSTAV = r"[^\W\d_]"


class UgyldigBelop(ValueError):
    """Teksten kan ikke tolkes som ett entydig beløp."""

    def __init__(self, tekst: str, grunn: str) -> None:
        super().__init__(f"Ugyldig beløp «{tekst}»: {grunn}")
        self.tekst = tekst
        self.grunn = grunn


@dataclass(frozen=True)
class Belop:
    """Et beløp i hele øre, med det teksten ellers sa om det."""

    ore: int
    tekst: str
    omtrentlig: bool = False
    per_aar: bool = False
    antall_aar: int | None = None

    @property
    def total_ore(self) -> int:
        """Samlet beløp i øre: årsbeløpet ganget med antall år når begge er oppgitt."""
        if self.per_aar and self.antall_aar is not None:
            return self.ore * self.antall_aar
        return self.ore

    def kroner_tekst(self) -> str:
        """Beløpet (årsbeløpet om per_aar) formatert som «kr 9 315 000»."""
        return formater_kroner(self.ore)


def formater_kroner(ore: int) -> str:
    """Formater øre som «kr 9 315 000», med «,50» bare når det er øre."""
    fortegn = "-" if ore < 0 else ""
    kroner, rest = divmod(abs(ore), ORE_PER_KRONE)
    heltall = f"{kroner:,}".replace(",", " ")
    desimaler = f",{rest:02d}" if rest else ""
    return f"kr {fortegn}{heltall}{desimaler}"


def parse_belop(tekst: str) -> Belop:
    """Tolk ett beløp skrevet på norsk og returner det i hele øre."""
    normalisert = _normaliser(tekst)
    if not normalisert:
        raise UgyldigBelop(tekst, "teksten er tom")
    return _tolk(normalisert, tekst)


def parse_belop_per_aar(tekst: str) -> dict[int, Belop]:
    """Tolk en liste som «2026: kr 500 000; 2027: 1,5 mill» til beløp per år, sortert på år."""
    resultat: dict[int, Belop] = {}
    for oppforing in _OPPFORING_SKILLE.split(tekst):
        if not oppforing.strip():
            continue
        aar, belop = _tolk_oppforing(oppforing.strip(), tekst)
        if aar in resultat:
            raise UgyldigBelop(tekst, f"året {aar} er oppgitt flere ganger («{oppforing.strip()}»)")
        resultat[aar] = belop
    if not resultat:
        raise UgyldigBelop(tekst, "fant ingen oppføringer på formen «år: beløp»")
    return dict(sorted(resultat.items()))


def gyldig_belopstekst(tekst: str) -> str:
    """The text as written, once `parse_belop` can read it (empty stays empty: not given)."""
    if tekst.strip():
        parse_belop(tekst)
    return tekst


Belopstekst = Annotated[Enlinje, AfterValidator(gyldig_belopstekst)]
"""An amount field of an input file or form, kept as written and read by `parse_belop`."""


# --- per-year lists -------------------------------------------------------------------------

# A ',' may be a decimal comma ("1,5 mill"), so it only separates entries before "<year>:".
_OPPFORING_SKILLE = re.compile(r"[;\n]|,(?=\s*\d{4}\s*[:=])")
_OPPFORING = re.compile(r"(\d{4})\s*[:=]\s*(.+)", re.DOTALL)


def _tolk_oppforing(oppforing: str, tekst: str) -> tuple[int, Belop]:
    treff = _OPPFORING.fullmatch(oppforing)
    if treff is None:
        raise UgyldigBelop(tekst, f"oppføringen «{oppforing}» er ikke på formen «år: beløp»")
    aar = int(treff[1])
    if not FORSTE_AAR <= aar <= SISTE_AAR:
        grunn = f"året i oppføringen «{oppforing}» må være mellom {FORSTE_AAR} og {SISTE_AAR}"
        raise UgyldigBelop(tekst, grunn)
    try:
        belop = parse_belop(treff[2])
    except UgyldigBelop as feil:
        raise UgyldigBelop(tekst, f"oppføringen «{oppforing}»: {feil.grunn}") from feil
    if belop.antall_aar is not None:
        raise UgyldigBelop(tekst, f"oppføringen «{oppforing}» gjelder ett år, ikke flere")
    return aar, belop


# --- normalising and splitting off a stated total -------------------------------------------


def _ord(*alternativer: str) -> str:
    """Regex for whole words, so that 'kr' never matches inside 'krav' or 'nok' inside 'mnok'."""
    return rf"(?<!{_BOKSTAV})(?:{'|'.join(alternativer)})(?!{_BOKSTAV})"


_TOTALORD = _ord("totalt", "til sammen", "i alt", "samlet")
_TOTALT = re.compile(rf"[,;]? ?{_TOTALORD}:?")
# The total written last: «kr 2 000 000 per år i fem år, kr 10 000 000 i alt».
_TOTAL_ETTER = re.compile(rf"(?P<hoved>.+)[,;] ?(?P<total>[^,;]+?) ?{_TOTALORD}\.?")


def _normaliser(tekst: str) -> str:
    # In str patterns \s also covers NBSP (U+00A0) and thin spaces (U+2009, U+202F).
    return re.sub(r"\s+", " ", tekst).strip().lower()


def _tolk(normalisert: str, original: str) -> Belop:
    if etter := _TOTAL_ETTER.fullmatch(normalisert):
        normalisert = f"{etter['hoved']}, totalt {etter['total']}"
    hoved, *totaler = _TOTALT.split(normalisert)
    if not totaler or totaler == [""]:  # «kr 1 000 000 i alt» is that amount
        return _tolk_del(hoved, original)
    if len(totaler) > 1:
        raise UgyldigBelop(original, "totalen er oppgitt flere ganger")
    if not hoved.strip():
        return _tolk_del(totaler[0], original)
    belop = _tolk_del(hoved, original)
    total = _tolk_del(totaler[0], original)
    _sjekk_total(belop, total, original)
    return replace(belop, omtrentlig=belop.omtrentlig or total.omtrentlig)


def _sjekk_total(belop: Belop, total: Belop, original: str) -> None:
    if total.per_aar or total.antall_aar is not None:
        raise UgyldigBelop(original, "totalen kan ikke selv være per år eller over flere år")
    if belop.per_aar and belop.antall_aar is None:
        grunn = "kan ikke kontrollere totalen når antall år mangler (f.eks. «over 5 år»)"
        raise UgyldigBelop(original, grunn)
    if total.ore != belop.total_ore:
        grunn = (
            f"oppgitt total {formater_kroner(total.ore)} stemmer ikke med "
            f"{_beregning(belop)} = {formater_kroner(belop.total_ore)}"
        )
        raise UgyldigBelop(original, grunn)


def _beregning(belop: Belop) -> str:
    if belop.per_aar:
        return f"{formater_kroner(belop.ore)} per år i {belop.antall_aar} år"
    return formater_kroner(belop.ore)


# --- tokenising -------------------------------------------------------------------------------

# A number of years is often written in words («over fem år»); an amount never may be.
_ANTALL_AAR = {"ett": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "sju": 7,
               "syv": 7, "åtte": 8, "ni": 9, "ti": 10}  # fmt: skip
_AAR_I_ORD = _ord(*_ANTALL_AAR)
_PER_AAR = _ord(r"(?:per|pr\.?) ?år", r"/ ?år", r"årlig(?:e|t)?", "i året")
_TOKEN = re.compile(
    "|".join(
        (
            rf"(?P<varighet>{_ord('over', 'i')} (?P<antall>\d+|{_AAR_I_ORD}) ?år(?!{_BOKSTAV}))",
            rf"(?P<per_aar>{_PER_AAR})",
            r"(?P<tall>\d+(?:[ .,]\d+)*)",
            rf"(?P<skala>{_ord(*_SKALA)}\.?)",
            rf"(?P<valuta>{_ord('kroner', 'kr', 'nok')}\.?)",
            rf"(?P<omtrent>{_ord('cirka', 'ca', 'omtrent', 'rundt')}\.?)",
            r"(?P<strek>[,.]? ?[-\u2013](?! ?\d))",  # the ",-" in "kr 500 000,-"
            rf"(?P<minus>[-\u2212\u2013]|{_ord('minus')})",
            r"(?P<tegn>[.,])",
            r"(?P<mellomrom> +)",
            rf"(?P<ord>{_BOKSTAV}+)",
            r"(?P<annet>.)",
        )
    )
)


@dataclass
class _Funn:
    tall: list[str] = field(default_factory=list)
    skala: list[str] = field(default_factory=list)
    antall_aar: list[int] = field(default_factory=list)
    ukjent: list[str] = field(default_factory=list)
    per_aar: bool = False
    omtrentlig: bool = False
    minus_foer_tall: bool = False


def _ingenting(funn: _Funn, treff: re.Match[str]) -> None:
    pass


def _varighet(funn: _Funn, treff: re.Match[str]) -> None:
    antall = treff["antall"]
    funn.antall_aar.append(_ANTALL_AAR[antall] if antall in _ANTALL_AAR else int(antall))


def _per_aar(funn: _Funn, treff: re.Match[str]) -> None:
    funn.per_aar = True


def _tall(funn: _Funn, treff: re.Match[str]) -> None:
    funn.tall.append(treff.group())


def _skala(funn: _Funn, treff: re.Match[str]) -> None:
    funn.skala.append(treff.group().rstrip("."))


def _omtrent(funn: _Funn, treff: re.Match[str]) -> None:
    funn.omtrentlig = True


def _minus(funn: _Funn, treff: re.Match[str]) -> None:
    if funn.tall:
        funn.ukjent.append(treff.group())
    else:
        funn.minus_foer_tall = True


def _ukjent(funn: _Funn, treff: re.Match[str]) -> None:
    funn.ukjent.append(treff.group())


_BEHANDLERE: dict[str, Callable[[_Funn, re.Match[str]], None]] = {
    "varighet": _varighet,
    "per_aar": _per_aar,
    "tall": _tall,
    "skala": _skala,
    "valuta": _ingenting,
    "omtrent": _omtrent,
    "strek": _ingenting,
    "minus": _minus,
    "tegn": _ingenting,
    "mellomrom": _ingenting,
    "ord": _ukjent,
    "annet": _ukjent,
}


def _samle(normalisert: str) -> _Funn:
    funn = _Funn()
    for treff in _TOKEN.finditer(normalisert):
        _BEHANDLERE[treff.lastgroup or "annet"](funn, treff)
    return funn


# --- checking what was found and computing øre ------------------------------------------------


def _tolk_del(normalisert: str, original: str) -> Belop:
    funn = _samle(normalisert)
    _sjekk_tall(funn, original)
    _sjekk_resten(funn, original)
    skala = funn.skala[0] if funn.skala else None
    return Belop(
        ore=_til_ore(funn.tall[0], skala, original),
        tekst=original,
        omtrentlig=funn.omtrentlig,
        per_aar=funn.per_aar,
        antall_aar=funn.antall_aar[0] if funn.antall_aar else None,
    )


def _sjekk_tall(funn: _Funn, original: str) -> None:
    if not funn.tall and _TALLORD.intersection(funn.ukjent):
        raise UgyldigBelop(original, "tallord støttes ikke; skriv beløpet med sifre")
    if not funn.tall:
        raise UgyldigBelop(original, "fant ikke noe beløp")
    if funn.minus_foer_tall:
        raise UgyldigBelop(original, "negative beløp er ikke tillatt")
    if len(funn.tall) > 1:
        oppramsing = ", ".join(f"«{tall}»" for tall in funn.tall)
        raise UgyldigBelop(original, f"fant flere beløp ({oppramsing}); oppgi ett beløp")


def _sjekk_resten(funn: _Funn, original: str) -> None:
    if funn.ukjent:
        oppramsing = ", ".join(f"«{ord_}»" for ord_ in funn.ukjent)
        raise UgyldigBelop(original, f"forstår ikke {oppramsing}")
    if len(funn.skala) > 1:
        raise UgyldigBelop(original, "størrelsesord (tusen, mill, mrd) er oppgitt flere ganger")
    if len(funn.antall_aar) > 1:
        raise UgyldigBelop(original, "antall år er oppgitt flere ganger")
    if funn.antall_aar and funn.antall_aar[0] < 1:
        raise UgyldigBelop(original, "antall år må være minst 1")


def _til_ore(tall: str, skala: str | None, original: str) -> int:
    faktor = _SKALA[skala] if skala is not None else 1
    ore = _tallverdi(tall, skala is not None, original) * faktor * ORE_PER_KRONE
    if ore != ore.to_integral_value():
        raise UgyldigBelop(original, f"«{tall}» gir en brøkdel av en øre")
    return int(ore)


def _tallverdi(tall: str, har_skala: bool, original: str) -> Decimal:
    heltall, desimaler = _del_desimaler(tall, har_skala, original)
    siffer = _uten_tusenskille(heltall, tall, original)
    return Decimal(f"{siffer}.{desimaler}" if desimaler else siffer)


def _del_desimaler(tall: str, har_skala: bool, original: str) -> tuple[str, str]:
    """Split off the decimals: the last ',' or '.' unless it is a thousands separator."""
    treff = re.search(r"([ .,])(\d+)$", tall)
    if treff is None or treff[1] == " ":
        return tall, ""
    skilletegn, siste = treff[1], treff[2]
    # "500,000" reads as 500 in Norwegian but 500 000 in English: too risky to guess.
    if skilletegn == "," and len(siste) == 3 and not har_skala:
        grunn = f"«{tall}» er tvetydig; bruk mellomrom som tusenskille og komma for øre"
        raise UgyldigBelop(original, grunn)
    if skilletegn == "." and len(siste) == 3 and not har_skala:
        return tall, ""
    return tall[: treff.start()], siste


def _uten_tusenskille(heltall: str, tall: str, original: str) -> str:
    skilletegn = set(re.findall(r"[ .,]", heltall))
    grupper = re.split(r"[ .,]", heltall)
    if not skilletegn:
        return heltall
    if len(skilletegn) > 1 or "," in skilletegn or not _gyldige_grupper(grupper):
        grunn = f"«{tall}» har ugyldige tusenskiller; de skal stå mellom grupper på tre siffer"
        raise UgyldigBelop(original, grunn)
    return "".join(grupper)


def _gyldige_grupper(grupper: list[str]) -> bool:
    forste, *resten = grupper
    return 1 <= len(forste) <= 3 and all(len(gruppe) == 3 for gruppe in resten)


def formater_storrelse(antall_byte: int) -> str:
    """A file size as people read it: «48 byte», «12 kB», «1,3 MB»."""
    if antall_byte < 1024:
        return f"{antall_byte} byte"
    if antall_byte < 1024 * 1024:
        return f"{round(antall_byte / 1024)} kB"
    return f"{antall_byte / 1024 / 1024:.1f} MB".replace(".", ",")
