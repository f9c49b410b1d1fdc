"""The demo data set: Helsefellesskap Helgeland, its 18 kommuner, users, a 2026 round.

Addresses use the reserved `.example` domain: real postmottak addresses are configuration.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from sqlmodel import Session

from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.domain.kodeverk import AvtaleType, FsuType, Ordning, PartType, Rolle, Side
from tilskudd_flow.kontoer.brukere import NyBruker, opprett_bruker
from tilskudd_flow.kontoer.innlogging import passord_hash
from tilskudd_flow.models.avtale import Avtale, AvtalePart, AvtaleVersjon, Tiltredelse
from tilskudd_flow.models.tenancy import Bruker, Part
from tilskudd_flow.motor.aarshjul import sorg_for_aarene
from tilskudd_flow.motor.helsefellesskap import opprett_helsefellesskap
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.samarbeid.fsu import foreslaa_fsu
from tilskudd_flow.soknader.runder import opprett_pott, opprett_runde
from tilskudd_flow.soknader.soknader import send_inn_soknad
from tilskudd_flow.soknader.soknadsfil import les_soknadsfil
from tilskudd_flow.ssu.ssu_medlemmer import NyttMedlem, registrer_medlem, velg_ledelse

SOKNADSMAPPE = Path(__file__).resolve().parent / "soknader"
KODE = "helgeland"
MNOK = 100_000_000  # øre

# Helsedirektoratet lists 18 kommuner for Helgeland; the papers say 17. Bindal's residents
# use Sykehuset Namsos, so the demo marks it as not a member (unconfirmed: a setting).
KOMMUNER = [
    ("1811", "Bindal", False), ("1812", "Sømna", True), ("1813", "Brønnøy", True),
    ("1815", "Vega", True), ("1816", "Vevelstad", True), ("1818", "Herøy", True),
    ("1820", "Alstahaug", True), ("1822", "Leirfjord", True), ("1824", "Vefsn", True),
    ("1825", "Grane", True), ("1826", "Hattfjelldal", True), ("1827", "Dønna", True),
    ("1828", "Nesna", True), ("1832", "Hemnes", True), ("1833", "Rana", True),
    ("1834", "Lurøy", True), ("1835", "Træna", True), ("1836", "Rødøy", True),
]  # fmt: skip

BRUKERE = [
    NyBruker("admin", "Systemansvarlig", "admin@helgelandssykehuset.example", (Rolle.ADMIN,)),
    NyBruker(
        "samhandlingssjef",
        "Samhandlingssjef HSYK",
        "samhandlingssjef@helgelandssykehuset.example",
        (Rolle.SEKRETARIAT,),
    ),
    NyBruker(
        "samhandlingsleder",
        "Interkommunal samhandlingsleder",
        "samhandlingsleder@helgeland.kommune.example",
        (Rolle.SEKRETARIAT,),
    ),
    NyBruker("ssu.leder", "Leder i SSU", "ssu.leder@vefsn.kommune.example", (Rolle.SSU_MEDLEM,)),
    NyBruker(
        "ssu.medlem", "Medlem i SSU", "ssu.medlem@helgelandssykehuset.example", (Rolle.SSU_MEDLEM,)
    ),
    NyBruker("vefsn.soker", "Karin Ingebrigtsen", "karin.ingebrigtsen@vefsn.kommune.example",
             (Rolle.SOKER,), ("1824",)),
    NyBruker("rana.soker", "Mona Bjørkmo", "mona.bjorkmo@rana.kommune.example",
             (Rolle.SOKER,), ("1833",)),
    NyBruker("bronnoy.soker", "Ola Nordvik", "ola.nordvik@bronnoy.kommune.example",
             (Rolle.SOKER,), ("1813",)),
    NyBruker("alstahaug.soker", "Eva Dønnes", "eva.donnes@alstahaug.kommune.example",
             (Rolle.SOKER,), ("1820",)),
    NyBruker("hsyk.soker", "Merete Aufles", "merete.aufles@helgelandssykehuset.example",
             (Rolle.SOKER,), ("Helgelandssykehuset HF",)),
]  # fmt: skip

AVTALER = [
    (AvtaleType.SAMARBEIDSAVTALE, None, "Samarbeidsavtale mellom kommunene og Helgelandssykehuset"),
    (AvtaleType.TJENESTEAVTALE, 5, "Tjenesteavtale 5: Utskrivningsklare pasienter"),
    (AvtaleType.TJENESTEAVTALE, 10, "Tjenesteavtale 10: Samarbeid om forebygging"),
]

# (file, applicant, send in?)
SOKNADER = [
    ("fremtidens-pasientforlop.toml", "vefsn.soker", True),
    ("helgelandssykepleier.toml", "rana.soker", True),
    ("ambulant-rehabilitering.toml", "bronnoy.soker", True),
    ("kols-oppfolging.toml", "rana.soker", True),
    ("ungdomshelse-utkast.toml", "alstahaug.soker", False),
]

DEMOTID = datetime(2025, 9, 15, 9, 0, tzinfo=UTC)
# Every demo user logs in with this password (demo data only; never in production).
DEMOPASSORD = "helgeland-demo"


@dataclass(frozen=True)
class Demosammendrag:
    kommuner: int
    brukere: int
    soknader: list[int]
    fsu: int


def last_demodata(app: App, tid: datetime = DEMOTID) -> Demosammendrag:
    """Load the demo set in simulated time (by default mid-September 2025)."""
    klokke = FixedClock(tid)
    miljo = Saksmiljo(app.miljo.register, klokke, app.miljo.varsler, app.innstillinger)
    with app.uow() as uow:
        admin = _grunndata(uow.session, app, klokke.now())
        sekretariat = next(b for b in admin if b.brukernavn == "samhandlingssjef")
        fsu = foreslaa_fsu(
            uow.session,
            miljo,
            aktor=sekretariat,
            navn="FSU Digitale helsetjenester og e-helseløsninger",
            type_=FsuType.FAST,
        )
        uow.commit()
    soknader = [
        send_inn_soknad(
            les_soknadsfil(SOKNADSMAPPE / fil),
            vedleggsmappe=SOKNADSMAPPE,
            uow=app.uow(),
            miljo=miljo,
            brukernavn=soker,
            utkast=not send,
        )
        for fil, soker, send in SOKNADER
    ]
    _ssu(app, miljo)
    return Demosammendrag(len(KOMMUNER), len(BRUKERE), soknader, fsu)


# SSU as appointed in May 2023 (example people); the kommune side leads from May 2025.
SSU_MEDLEMMER = [
    NyttMedlem("Leder i SSU", "ssu.leder@vefsn.kommune.example", Side.KOMMUNE,
               "Vefsn kommune", "Kommunedirektør"),
    NyttMedlem("Medlem i SSU", "ssu.medlem@helgelandssykehuset.example", Side.HELSEFORETAK,
               "Helgelandssykehuset HF", "Klinikksjef"),
    NyttMedlem("Knut Ranaas", "knut.ranaas@rana.kommune.example", Side.KOMMUNE,
               "Rana kommune", "Kommunalsjef helse"),
    NyttMedlem("Hanne Solli", "hanne.solli@helgelandssykehuset.example", Side.HELSEFORETAK,
               "Helgelandssykehuset HF", "Fagdirektør"),
    NyttMedlem("Siri Vara", "siri.vara@vefsn.kommune.example", Side.KOMMUNE, "Vefsn kommune",
               "Helse- og omsorgssjef", vara_for="ssu.leder@vefsn.kommune.example"),
    NyttMedlem("Per Varamann", "per.varamann@helgelandssykehuset.example", Side.HELSEFORETAK,
               "Helgelandssykehuset HF", "Avdelingssjef",
               vara_for="ssu.medlem@helgelandssykehuset.example"),
]  # fmt: skip
SSU_OPPNEVNT = date(2023, 5, 4)


def _ssu(app: App, miljo: Saksmiljo) -> None:
    for medlem in SSU_MEDLEMMER:
        registrer_medlem(replace(medlem, fra=SSU_OPPNEVNT), uow=app.uow(), miljo=miljo,
                         brukernavn="samhandlingssjef")  # fmt: skip
    velg_ledelse(leder=SSU_MEDLEMMER[0].epost, nestleder=SSU_MEDLEMMER[1].epost,
                 fra=date(2025, 5, 4), uow=app.uow(), miljo=miljo,
                 brukernavn="samhandlingssjef")  # fmt: skip


def _grunndata(session: Session, app: App, naa: datetime) -> list[Bruker]:
    hf_innst = app.innstillinger.helsefellesskap_innstillinger(KODE)
    hf = opprett_helsefellesskap(
        session,
        kode=KODE,
        navn=hf_innst.navn,
        systemepost=hf_innst.svar_til or "system@example",
        naa=naa,
    )
    assert hf.id is not None
    sorg_for_aarene(session, app.innstillinger, hf.id, naa)
    parter = _parter(session, hf.id)
    brukere = [
        opprett_bruker(
            session,
            aktor=None,
            helsefellesskap_id=hf.id,
            ny=ny,
            naa=naa,
            innstillinger=app.innstillinger,
        )
        for ny in BRUKERE
    ]
    for bruker in brukere:
        bruker.passord_hash = _demohash()
    sekretariat = brukere[1]
    opprett_runde(session, aktor=sekretariat, innstillinger=app.innstillinger, aar=2026, naa=naa)
    _potter(session, sekretariat, naa)
    _avtaler(session, hf.id, [p for p in parter if p.medlem])
    return brukere


def _parter(session: Session, hf_id: int) -> list[Part]:
    parter = [
        Part(
            helsefellesskap_id=hf_id,
            type=PartType.KOMMUNE,
            navn=f"{navn} kommune",
            kommunenummer=nummer,
            postmottak=f"postmottak@{_domene(navn)}.kommune.example",
            medlem=medlem,
        )
        for nummer, navn, medlem in KOMMUNER
    ]
    parter.append(
        Part(
            helsefellesskap_id=hf_id,
            type=PartType.HELSEFORETAK,
            navn="Helgelandssykehuset HF",
            postmottak="postmottak@helgelandssykehuset.example",
        )
    )
    session.add_all(parter)
    session.flush()
    return parter


def _potter(session: Session, sekretariat: Bruker, naa: datetime) -> None:
    opprett_pott(
        session,
        aktor=sekretariat,
        ordning=Ordning.LOKAL,
        aar=2026,
        ramme_ore=5 * MNOK,
        overfort_ore=28 * MNOK // 10,
        oremerkinger=(
            ("Lisens for digital hjemmeoppfølging", 500_000_00, "SSU 09.09.2025"),
            ("Prosjektkoordinator", 1 * MNOK, "SSU 09.09.2025"),
        ),
        naa=naa,
    )
    opprett_pott(session, aktor=sekretariat, ordning=Ordning.REGIONAL, aar=2026,
                 ramme_ore=90 * MNOK, naa=naa)  # fmt: skip


def _avtaler(session: Session, hf_id: int, parter: list[Part]) -> None:
    for type_, nummer, tittel in AVTALER:
        session.add(
            Avtale(
                helsefellesskap_id=hf_id,
                type=type_,
                nummer=nummer,
                tittel=tittel,
                parter=[AvtalePart(part_id=p.id, part=p) for p in parter],
                versjoner=[
                    AvtaleVersjon(
                        versjon=1,
                        gyldig_fra=date(2024, 1, 1),
                        vedtak="Sak 30-2023",
                        tiltredelser=[
                            Tiltredelse(part_id=p.id, godkjent=date(2023, 12, 14)) for p in parter
                        ],
                    )
                ],
            )
        )


@functools.cache
def _demohash() -> str:
    # One hash for all demo users: argon2 is slow on purpose, demo data need not be.
    return passord_hash(DEMOPASSORD)


def _domene(navn: str) -> str:
    return navn.lower().replace("ø", "o").replace("æ", "ae").replace("å", "a")
