"""Helse Nord's «Søknadsskjema for rekrutterings- og samhandlingstilskudd», field by field."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from tilskudd_flow.domain.amounts import UgyldigBelop, parse_belop
from tilskudd_flow.domain.budsjett import Budsjettall, Kostnadslinje, budsjettavvik
from tilskudd_flow.domain.datoer import UgyldigDato, datoer_i_tekst, er_bare_dato
from tilskudd_flow.domain.kodeverk import PartRolle, PartType, Side, VedleggType


@dataclass(frozen=True)
class Skjemafelt:
    nummer: int
    etikett: str
    veiledning: str = ""


SKJEMA: tuple[Skjemafelt, ...] = (
    Skjemafelt(1, "Navn på prosjekt/pilot"),
    Skjemafelt(2, "Prosjekteiere"),
    Skjemafelt(3, "Kommune(r)"),
    Skjemafelt(4, "Kontaktperson(er)"),
    Skjemafelt(5, "Helseforetak"),
    Skjemafelt(6, "Kontaktperson"),
    Skjemafelt(7, "Dato for signert avtale om felles søknad (legges ved)"),
    Skjemafelt(
        8,
        "Kort beskrivelse av prosjektet/piloten",
        "Mål, målgruppe og status for prosjektet. Hva skal gjennomføres innenfor hvilken "
        "tidsperiode? Hvilke virksomheter og personellgrupper inngår? Er det andre som har "
        "gjort det samme tidligere?",
    ),
    Skjemafelt(
        9,
        "Hvilken nytte forventes av prosjektet/piloten?",
        "Benytt gjerne vedlagte skjema for beskrivelse av nytte, hvordan nytte kan måles, "
        "forutsetninger for å lykkes samt risikoreduserende tiltak.",
    ),
    Skjemafelt(
        10,
        "Beskriv kort hvordan tiltaket støtter opp om formålet med tilskuddsordningen?",
        "Inkludert mulighet for erfaringsdeling og spredning.",
    ),
    Skjemafelt(
        11,
        "Budsjett for gjennomføring av prosjekt/pilot",
        "NB: Tilskuddsmidlene kan dekke påløpte kostnader der samarbeidstiltaket bidrar til at "
        "en av partene får økte kostnader, mens den andre får innsparinger.",
    ),
    Skjemafelt(
        12,
        "Hvem har ansvaret for pasienten(e) ved gjennomføringen av tiltaket (ved relevans)?",
    ),
    Skjemafelt(
        13,
        "Hvordan kan tiltak som omhandler innovasjon og implementering av digitale løsninger "
        "for samhandling lede fram mot felles regionale løsninger på sikt (ved relevans)?",
        "Er tiltaket i tråd med Nasjonal e-helsestrategi …? Oppfyller tiltaket «Norm for "
        "informasjonssikkerhet i helsesektoren»? Er tiltaket forankret i kommunal "
        "samstyringsstruktur for digitalisering?",
    ),
    Skjemafelt(14, "Prosjektplan, inkludert evalueringspunkter"),
    Skjemafelt(
        15,
        "Involvering av brukere, tillitsvalgte og vernetjenesten",
        "både i primær- og spesialisthelsetjenesten.",
    ),
)

PAKREVDE_VEDLEGG = (VedleggType.SIGNERT_AVTALE, VedleggType.BUDSJETT)


class _Part(Protocol):
    @property
    def type(self) -> PartType: ...


class _Soknadspart(Protocol):
    @property
    def rolle(self) -> PartRolle: ...

    @property
    def part(self) -> _Part: ...


class _Kontakt(Protocol):
    @property
    def side(self) -> Side: ...


class _Aarsbelop(Protocol):
    @property
    def aar(self) -> int: ...
    @property
    def ore(self) -> int: ...


class _Budsjettlinje(_Aarsbelop, Protocol):
    @property
    def kostnadspost(self) -> str: ...
    @property
    def prosjektaar(self) -> str: ...


class _Vedlegg(Protocol):
    @property
    def type(self) -> VedleggType: ...


class Skjemasvar(Protocol):
    """A søknad as the form reads it (a `Soknad` row): the domain states which fields are
    filled in over this shape, so it never imports the tables."""

    @property
    def prosjektnavn(self) -> str: ...
    @property
    def prosjekteiere(self) -> str: ...
    @property
    def parter(self) -> Sequence[_Soknadspart]: ...
    @property
    def kontakter(self) -> Sequence[_Kontakt]: ...
    @property
    def signert_avtale_dato(self) -> date | None: ...
    @property
    def signert_avtale_tekst(self) -> str: ...
    @property
    def beskrivelse(self) -> str: ...
    @property
    def nytte(self) -> str: ...
    @property
    def nytterader(self) -> Sequence[object]: ...
    @property
    def formaal(self) -> str: ...
    @property
    def budsjett_bruk(self) -> str: ...
    @property
    def belop(self) -> Sequence[_Aarsbelop]: ...
    @property
    def sokt_tekst(self) -> str: ...
    @property
    def totalkostnad_ore(self) -> int | None: ...
    @property
    def kommune_ressurser(self) -> str: ...
    @property
    def helseforetak_ressurser(self) -> str: ...
    @property
    def finansieringsplan(self) -> str: ...
    @property
    def budsjettlinjer(self) -> Sequence[_Budsjettlinje]: ...
    @property
    def pasientansvar(self) -> str: ...
    @property
    def digitale_losninger(self) -> str: ...
    @property
    def prosjektplan(self) -> str: ...
    @property
    def milepaeler(self) -> Sequence[object]: ...
    @property
    def involvering(self) -> str: ...
    @property
    def vedlegg(self) -> Sequence[_Vedlegg]: ...


def etikett(nummer: int) -> str:
    return SKJEMA[nummer - 1].etikett


BUDSJETT = "11. Budsjett"
# Field 11's required sub-answers, in the form's order.
BUDSJETTSPORSMAL = (
    "Hvor mye søkes det om (beløp per år)?",
    "Hva skal midlene benyttes til?",
    "Totalkostnad for prosjektet",
    "Hvilke ressurser bidrar kommunen(e) med?",
    "Hvilke ressurser bidrar helseforetaket med?",
    "Finansieringsplan ved oppstart",
)


def innsendingsmangler(soknad: Skjemasvar) -> str | None:
    """Why the søknad cannot be sent in yet (every missing answer and every budget sum that
    does not add up, all at once), or None when the form is complete."""
    deler = []
    if mangler := manglende_felt(soknad):
        deler.append("Søknaden mangler obligatoriske felt: " + "; ".join(mangler))
    if avvik := budsjettfeil(soknad):
        deler.append("Budsjettet går ikke opp: " + "; ".join(avvik))
    return ". ".join(deler) or None


def manglende_felt(soknad: Skjemasvar) -> list[str]:
    """The form fields a søknad still lacks, by number and label, in form order; field 11
    names each missing sub-answer."""
    mangler: list[str] = []
    for nummer, utfylt in _utfylte_felt(soknad).items():
        if nummer == 11:
            mangler += [f"{BUDSJETT}: {svar}" for svar in manglende_budsjettsvar(soknad)]
        elif not utfylt:
            mangler.append(f"{nummer}. {etikett(nummer)}")
    return mangler


def manglende_budsjettsvar(soknad: Skjemasvar) -> list[str]:
    """Field 11's required sub-answers (Helse Nord's form) that are still empty."""
    utfylt = (
        bool(soknad.belop),
        bool(soknad.budsjett_bruk.strip()),
        soknad.totalkostnad_ore is not None,
        bool(soknad.kommune_ressurser.strip()),
        bool(soknad.helseforetak_ressurser.strip()),
        bool(soknad.finansieringsplan.strip()),
    )
    return [sporsmal for sporsmal, svart in zip(BUDSJETTSPORSMAL, utfylt, strict=True)
            if not svart]  # fmt: skip


def budsjettfeil(soknad: Skjemasvar) -> list[str]:
    """Where field 11's numbers disagree (lines against years, years against the total,
    applied amount against total cost), each with the difference named."""
    try:
        tall = budsjettall(soknad)
    except UgyldigBelop as feil:
        return [f"{BUDSJETT}: {feil}"]
    return [f"{BUDSJETT}: {avvik}" for avvik in budsjettavvik(tall)]


def budsjettall(soknad: Skjemasvar) -> Budsjettall:
    """Field 11 in øre, from the stored answers."""
    return Budsjettall(
        sokt_per_aar={b.aar: b.ore for b in soknad.belop},
        sokt_totalt=_sokt_totalt(soknad.sokt_tekst),
        totalkostnad=soknad.totalkostnad_ore,
        linjer=tuple(
            Kostnadslinje(linje.kostnadspost, linje.aar, linje.ore, linje.prosjektaar)
            for linje in soknad.budsjettlinjer
        ),
    )


def _sokt_totalt(tekst: str) -> int | None:
    """«totalt 10 millioner» or «2 mill per år over 5 år» is a total; «2 mill per år» with
    no number of years is not, and is compared with nothing."""
    if not tekst.strip():
        return None
    belop = parse_belop(tekst)
    if belop.per_aar and belop.antall_aar is None:
        return None
    return belop.total_ore


def _utfylte_felt(soknad: Skjemasvar) -> dict[int, bool]:
    eier_kommuner = [
        p for p in soknad.parter if p.rolle == PartRolle.EIER and p.part.type == PartType.KOMMUNE
    ]
    helseforetak = [p for p in soknad.parter if p.part.type == PartType.HELSEFORETAK]
    sider = {k.side for k in soknad.kontakter}
    return {
        1: bool(soknad.prosjektnavn.strip()),
        2: bool(soknad.prosjekteiere.strip()),
        3: bool(eier_kommuner),
        4: Side.KOMMUNE in sider,
        5: bool(helseforetak),
        6: Side.HELSEFORETAK in sider,
        7: soknad.signert_avtale_dato is not None or bool(soknad.signert_avtale_tekst.strip()),
        8: bool(soknad.beskrivelse.strip()),
        9: bool(soknad.nytte.strip()) or bool(soknad.nytterader),
        10: bool(soknad.formaal.strip()),
        11: not manglende_budsjettsvar(soknad),
        12: bool(soknad.pasientansvar.strip()),
        13: bool(soknad.digitale_losninger.strip()),
        14: bool(soknad.prosjektplan.strip()) or bool(soknad.milepaeler),
        15: bool(soknad.involvering.strip()),
    }


def manglende_vedlegg(soknad: Skjemasvar) -> list[str]:
    """The budget must be attached; so must the signed agreement, unless field 7 is a dated
    confirmation of another kind (real applicants sometimes only have an e-mail)."""
    mangler = []
    if not har_vedlegg(soknad, VedleggType.BUDSJETT):
        mangler.append("budsjett")
    bekreftet = _bekreftet_uten_vedlegg(soknad.signert_avtale_tekst)
    if not har_vedlegg(soknad, VedleggType.SIGNERT_AVTALE) and not bekreftet:
        mangler.append("signert avtale om felles søknad")
    return mangler


def har_vedlegg(soknad: Skjemasvar, type_: VedleggType) -> bool:
    return any(v.type == type_ for v in soknad.vedlegg)


@dataclass(frozen=True)
class SignertAvtale:
    """Field 7 as written, the date it gives, and whether it stands in for the attachment:
    a date alone is the signed agreement's date (the agreement is attached); a text with a
    valid date («Bekreftet på e-post fra kommunedirektøren 28.02.2025») is a confirmation
    of another kind; a text without a date confirms nothing checkable."""

    tekst: str
    dato: date | None
    erstatter_vedlegg: bool


def les_signert_avtale(tekst: str) -> SignertAvtale:
    """Read field 7; a date in it that does not exist is refused, naming the field."""
    try:
        datoer = datoer_i_tekst(tekst)
    except UgyldigDato as feil:
        raise ValueError(f"felt 7 ({etikett(7)}): {feil}") from None
    dato = datoer[0] if datoer else None
    return SignertAvtale(tekst, dato, dato is not None and not er_bare_dato(tekst))


def _bekreftet_uten_vedlegg(tekst: str) -> bool:
    try:
        return les_signert_avtale(tekst).erstatter_vedlegg
    except ValueError:
        return False  # a stored text from before the rule: the attachment is asked for
