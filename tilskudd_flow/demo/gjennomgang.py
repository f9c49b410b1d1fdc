"""The demo walk: one year of the grant cycle in simulated time, step by step.

An RS-søknad from mottatt to rapportert, an FSU from foreslått to aktiv, an avtale revision
through negotiation, and the SSU meetings whose saker they cite. `demo gjennomgang` walks it
whole; `make run` (`demo i-dag`) only as far as today.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.skjemaeksempel import PDF
from tilskudd_flow.domain.kodeverk import Motetype, Prioritering, RapportType, Sakstype
from tilskudd_flow.domain.norsk import antall
from tilskudd_flow.domain.norsk import dato as kort_dato
from tilskudd_flow.domain.tid import OSLO
from tilskudd_flow.domain.visningsnavn import flyt_for_referanse, overgangstekst
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.overganger import Hendelseskommando, Overgang, utfor_hendelse
from tilskudd_flow.motor.tilgang import hent_aktor
from tilskudd_flow.motor.vedlegg import Opplasting, lagre_vedlegg
from tilskudd_flow.samarbeid.avtaler import hent_avtale, list_avtaler, opprett_revisjon
from tilskudd_flow.soknader.prioritering import vedta_prioriteringsliste
from tilskudd_flow.soknader.rapporter import VEDLEGGSTYPE, lever_rapport
from tilskudd_flow.ssu.moter import (
    Motebestilling,
    planlegg_mote,
    send_innkalling,
    sett_paa_saksliste,
)
from tilskudd_flow.ssu.ssu_saker import registrer_ssu_sak
from tilskudd_flow.ssu.ssu_vedtak import registrer_vedtak
from workflows.avtale_revisjon import Hendelse as AvtaleHendelse
from workflows.fsu_etablering import Hendelse as FsuHendelse
from workflows.mote import Hendelse as MoteHendelse
from workflows.rs_soknad import Hendelse as RsHendelse

SEKRETARIAT = "samhandlingssjef"


@dataclass(frozen=True)
class Steg:
    tid: datetime
    tekst: str


class Gjennomgang:
    """Drives the services as the demo users would, on a simulated clock."""

    def __init__(self, app: App, skriv: Callable[[str], None], til: datetime | None = None) -> None:
        self._klokke = FixedClock(datetime(2025, 10, 6, 9, 0, tzinfo=OSLO))
        # `make run` walks only up to today: what lies ahead has not happened yet.
        self._til = til
        self._forbi = False
        self._moter: dict[datetime, int] = {}  # start → the meeting case
        self._miljo = Saksmiljo(
            app.miljo.register, self._klokke, app.miljo.varsler, app.innstillinger
        )
        self._app = app
        self._skriv = skriv

    def tid(self, aar: int, maaned: int, dag: int) -> None:
        tidspunkt = datetime(aar, maaned, dag, 9, 0, tzinfo=OSLO)
        self._forbi = self._til is not None and tidspunkt > self._til
        self._klokke.set(tidspunkt)

    def hendelse(
        self,
        sak_id: int,
        hendelse: str,
        *,
        som: str = SEKRETARIAT,
        kommentar: str = "",
        felt: Mapping[str, str] | None = None,
    ) -> Overgang | None:
        if self._forbi:
            return None
        kommando = Hendelseskommando(sak_id, hendelse, kommentar, dict(felt or {}))
        overgang = utfor_hendelse(kommando, uow=self._app.uow(), miljo=self._miljo, brukernavn=som)
        self._logg(overgang)
        return overgang

    def lever_rapport(self, sak_id: int, type_: RapportType, *, som: str) -> Overgang | None:
        """As a project does it: the report's file and its event together."""
        if self._forbi:
            return None
        opplasting = Opplasting("rapportfil", f"{type_.value}.pdf", PDF, VEDLEGGSTYPE[type_])
        fil = lagre_vedlegg(opplasting, self._app.innstillinger, self._klokke.now())
        overgang = lever_rapport(sak_id, type_, fil, uow=self._app.uow(), miljo=self._miljo,
                                 brukernavn=som)  # fmt: skip
        self._logg(overgang)
        return overgang

    def prioriter(self, plasser: list[tuple[int, Prioritering]], vedtak: str) -> None:
        if self._forbi:
            return
        for overgang in vedta_prioriteringsliste(
            plasser, aar=2026, vedtak=vedtak, uow=self._app.uow(), miljo=self._miljo,
            brukernavn=SEKRETARIAT,
        ):  # fmt: skip
            self._logg(overgang)

    def ssu_sak(self, nummer: str, tittel: str, mote: Motetype = Motetype.SSU) -> None:
        """SSU's beslutningssak the vedtak that follow cite (a vedtak cites only a real sak),
        on the saksliste of the day's meeting and decided there, as the SSU pages show it."""
        if self._forbi:
            return
        ssu_sak = registrer_ssu_sak(tittel=tittel, type_=Sakstype.BESLUTNINGSSAK, nummer=nummer,
                                    uow=self._app.uow(), miljo=self._miljo,
                                    brukernavn=SEKRETARIAT)  # fmt: skip
        dato = kort_dato(self._klokke.now().astimezone(OSLO))
        self._skriv(f"{dato}  {ssu_sak.saksnummer.vis():<12} SSU-sak registrert: {tittel}")
        mote_id, ny = self._dagens_mote(mote)
        sett_paa_saksliste(mote_id, nummer, uow=self._app.uow(), miljo=self._miljo,
                           brukernavn=SEKRETARIAT)  # fmt: skip
        if ny:  # a sak put on the list later is added in the meeting, with no new innkalling
            send_innkalling(mote_id, uow=self._app.uow(), miljo=self._miljo, brukernavn=SEKRETARIAT)
            self._skriv(f"{dato}  {mote.visning} kalt inn")
        registrer_vedtak(nummer, uow=self._app.uow(), miljo=self._miljo, brukernavn=SEKRETARIAT)

    def _dagens_mote(self, type_: Motetype) -> tuple[int, bool]:
        """The meeting held today (planned the first time one of its saker comes), and
        whether it is new."""
        start = self._klokke.now()
        if start in self._moter:
            return self._moter[start], False
        bestilling = Motebestilling(type_, start, start + timedelta(hours=3), sted="Mosjøen")
        self._moter[start] = planlegg_mote(bestilling, uow=self._app.uow(), miljo=self._miljo,
                                           brukernavn=SEKRETARIAT)  # fmt: skip
        return self._moter[start], True

    def hold_motene(self) -> None:
        """Each meeting is recorded as held once its saker are decided (at its end), and its
        referat goes the routine's way as far as today allows: drafted the next day,
        approved by leder and nestleder, on høring for two weeks, published and archived."""
        for start, mote_id in self._moter.items():
            self._klokke.set(start + timedelta(hours=3))
            self.hendelse(mote_id, MoteHendelse.HOLD_MOTE)
            self._referatet(mote_id, start)

    def _referatet(self, mote_id: int, start: datetime) -> None:
        horingsfrist = (start + timedelta(days=16)).date()
        steg = [
            (
                1,
                MoteHendelse.LAG_REFERAT,
                SEKRETARIAT,
                {"merknader": "Vedtakene som protokollert."},
            ),
            (2, MoteHendelse.GODKJENN_REFERAT, "ssu.leder", {}),
            (2, MoteHendelse.GODKJENN_REFERAT, "ssu.medlem", {}),
            (
                2,
                MoteHendelse.SEND_PAA_HORING,
                SEKRETARIAT,
                {"horingsfrist": horingsfrist.isoformat()},
            ),
            (17, MoteHendelse.PUBLISER_REFERAT, SEKRETARIAT, {}),
            (18, MoteHendelse.ARKIVER, SEKRETARIAT, {}),
        ]
        for dager, hendelse, som, felt in steg:
            naa = start + timedelta(days=dager)
            if self._til is not None and naa > self._til:
                return
            self._klokke.set(naa)
            self.hendelse(mote_id, hendelse, som=som, felt=felt)

    def ny_revisjon(self, avtale_id: int, aar: int) -> int:
        with self._app.uow() as uow:
            aktor = hent_aktor(uow.session, SEKRETARIAT)
            sak_id = opprett_revisjon(
                uow.session, self._miljo, aktor=aktor, avtale_id=avtale_id, aar=aar
            )
            uow.commit()
        return sak_id

    def avtale(self, nummer: int) -> int:
        """The id of tjenesteavtale `nummer`."""
        with self._app.uow(skriv=False) as uow:
            aktor = hent_aktor(uow.session, SEKRETARIAT)
            avtaler = list_avtaler(uow.session, aktor.helsefellesskap_id)
            return next(a.id or 0 for a in avtaler if a.nummer == nummer)

    def parter(self, avtale_id: int) -> list[str]:
        with self._app.uow(skriv=False) as uow:
            aktor = hent_aktor(uow.session, SEKRETARIAT)
            avtale = hent_avtale(uow.session, aktor.helsefellesskap_id, avtale_id)
            return [p.part.kommunenummer or p.part.navn for p in avtale.parter]

    def overskrift(self, tekst: str) -> None:
        self._skriv(f"\n== {tekst} ==")

    def _logg(self, overgang: Overgang) -> None:
        dato = kort_dato(self._klokke.now().astimezone(OSLO))
        flyt = flyt_for_referanse(self._miljo.register, overgang.referanse)
        hva = overgangstekst(flyt, overgang.hendelse, overgang.fra, overgang.til)
        eposter = antall(len(overgang.utboks_ider), "e-post", "e-poster")
        self._skriv(f"{dato}  {overgang.referanse:<7} {hva}  ({eposter})")


def kjor_gjennomgang(
    app: App,
    soknader: list[int],
    fsu: int,
    skriv: Callable[[str], None],
    til: datetime | None = None,
) -> None:
    """Walk the demo cases created by `last_demodata` through their workflows (up to `til`)."""
    g = Gjennomgang(app, skriv, til)
    _siterte_vedtak(g)
    _rs_runde(g, soknader)
    _fsu(g, fsu)
    _avtale(g)
    g.hold_motene()


def _siterte_vedtak(g: Gjennomgang) -> None:
    """The SSU meetings the demo data cite: the avtaler's «Sak 30-2023» and the pot's
    earmarks «SSU 09.09.2025» (the 2023 meeting's date is the demo's own)."""
    g.overskrift("SSU-vedtakene demodataene viser til")
    g.tid(2023, 11, 28)
    g.ssu_sak("Sak 30-2023", "Samarbeidsavtalen og tjenesteavtalene 5 og 10")
    g.tid(2025, 9, 9)
    g.ssu_sak("Sak 24-2025", "Øremerking av midler i den lokale potten for 2026")


def _rs_runde(g: Gjennomgang, soknader: list[int]) -> None:
    fremtidens, sykepleier, rehab, kols = soknader[:4]
    g.overskrift("RS-søknader, runden for 2026")
    g.tid(2025, 10, 6)
    g.hendelse(
        rehab, RsHendelse.RETURNER_SOM_MANGELFULL, kommentar="Budsjettet mangler fordeling per år."
    )
    g.hendelse(rehab, RsHendelse.KOMPLETTERT, som="bronnoy.soker")
    vurdering = {"vurdering": "Komplett, felles og innenfor ordningen."}
    for sak in (fremtidens, sykepleier, kols):
        g.hendelse(sak, RsHendelse.VURDER, felt=vurdering)
    g.hendelse(
        rehab,
        RsHendelse.VURDER,
        felt={**vurdering, "avtale_bekreftelse": "Samarbeid bekreftet per e-post 12.09.2025"},
    )
    g.tid(2025, 10, 22)  # the extraordinary SSU meeting in week 43
    g.ssu_sak(
        "Sak 30-2025",
        "Prioritering av søknader om RS-tilskudd 2026",
        Motetype.SSU_EKSTRAORDINAERT,
    )
    g.prioriter(
        [(fremtidens, Prioritering.REGIONAL), (sykepleier, Prioritering.BEGGE),
         (kols, Prioritering.LOKAL)],
        vedtak="Sak 30-2025",
    )  # fmt: skip
    g.hendelse(
        kols,
        RsHendelse.TILDEL_LOKALT,
        felt={"belop": "2026: Kr. 500.000, -", "vedtak": "Sak 30-2025"},
    )
    g.hendelse(sykepleier, RsHendelse.REGISTRER_LOKAL_TILDELING,
               felt={"belop": "2026: kr 1 000 000", "vedtak": "Sak 30-2025"})  # fmt: skip
    g.tid(2025, 10, 31)  # 1 November 2025 is a Saturday: sent on Friday
    for sak in (fremtidens, sykepleier):
        g.hendelse(sak, RsHendelse.OVERSEND)
    g.tid(2026, 6, 15)
    g.hendelse(fremtidens, RsHendelse.REGISTRER_TILDELING_HELSE_NORD, felt=_tildeling())
    g.hendelse(
        sykepleier, RsHendelse.REGISTRER_AVSLAG_HELSE_NORD, felt={"vedtak": "Helse Nord 2026"}
    )
    g.tid(2027, 2, 20)
    g.lever_rapport(fremtidens, RapportType.AARSRAPPORT, som="vefsn.soker")
    g.tid(2028, 2, 25)
    g.lever_rapport(fremtidens, RapportType.AARSRAPPORT, som="vefsn.soker")
    g.tid(2029, 3, 20)
    g.lever_rapport(fremtidens, RapportType.SLUTTRAPPORT, som="vefsn.soker")


def _tildeling() -> dict[str, str]:
    return {
        "belop": "2026: kr 3 105 000; 2027: kr 3 105 000; 2028: kr 3 105 000",
        "vedtak": "Helse Nord, tildelingsutvalget juni 2026",
    }


def _fsu(g: Gjennomgang, fsu: int) -> None:
    g.overskrift("FSU Digitale helsetjenester og e-helseløsninger")
    g.tid(2025, 11, 25)
    g.ssu_sak("Sak 35-2025", "Oppnevning av FSU Digitale helsetjenester og e-helseløsninger")
    g.hendelse(fsu, FsuHendelse.OPPNEVN, felt={"vedtak": "Sak 35-2025"})
    g.hendelse(fsu, FsuHendelse.VEDTA_MANDAT, felt={"mandat": "Samordne digitale helsetjenester …"})
    for navn, epost, rolle, side in _FSU_MEDLEMMER:
        felt = {"navn": navn, "epost": epost, "rolle": rolle, "side": side}
        g.hendelse(fsu, FsuHendelse.LEGG_TIL_MEDLEM, felt=felt)
    g.hendelse(fsu, FsuHendelse.BEMANN)
    g.tid(2026, 1, 21)
    g.hendelse(
        fsu,
        FsuHendelse.KONSTITUER,
        felt={"leder": _FSU_MEDLEMMER[0][1], "nestleder": _FSU_MEDLEMMER[1][1]},
    )
    g.hendelse(fsu, FsuHendelse.AKTIVER)
    g.tid(2026, 11, 24)
    g.hendelse(fsu, FsuHendelse.RAPPORTER, felt={"rapport": "Årsrapport 2026 til SSU"})


_FSU_MEDLEMMER = [
    ("Lise Berg", "lise.berg@helgelandssykehuset.example", "helseforetak", "helseforetak"),
    ("Tor Aas", "tor.aas@vefsn.kommune.example", "kommune", "kommune"),
    ("Anne Brukerstad", "anne@brukerutvalget.example", "brukerrepresentant", ""),
    ("Dr. Kari Fastlege", "kari.fastlege@legekontor.example", "fastlegerepresentant", "kommune"),
]


def _avtale(g: Gjennomgang) -> None:
    g.overskrift("Avtalerevisjon 2025")
    g.tid(2025, 4, 1)
    uendret = g.ny_revisjon(avtale_id=g.avtale(10), aar=2025)
    forhandlet = g.ny_revisjon(avtale_id=g.avtale(5), aar=2025)
    for sak in (uendret, forhandlet):
        g.hendelse(sak, AvtaleHendelse.APNE_INNSPILL)
    innspill = {
        "part": "1824",
        "omfang": "vesentlig",
        "tekst": "Ny definisjon av utskrivningsklar.",
    }
    g.hendelse(forhandlet, AvtaleHendelse.REGISTRER_INNSPILL, felt=innspill)
    g.tid(2025, 6, 2)
    for sak in (uendret, forhandlet):
        g.hendelse(sak, AvtaleHendelse.LUKK_INNSPILL)
    g.hendelse(uendret, AvtaleHendelse.RULL_OVER)
    g.hendelse(uendret, AvtaleHendelse.TRE_I_KRAFT)
    g.hendelse(
        forhandlet,
        AvtaleHendelse.SEND_TIL_FORHANDLING,
        felt={"forhandlingsutvalg": "FSU Tjenesteavtaler"},
    )
    g.tid(2025, 11, 25)
    g.ssu_sak("Sak 40-2025", "Revidert tjenesteavtale 5")
    g.hendelse(forhandlet, AvtaleHendelse.SSU_BEHANDLE, felt={"vedtak": "Sak 40-2025"})
    g.hendelse(forhandlet, AvtaleHendelse.SEND_TIL_GODKJENNING)
    _godkjenninger(g, forhandlet, g.parter(g.avtale(5)))
    g.hendelse(forhandlet, AvtaleHendelse.VEDTA)
    g.tid(2026, 1, 2)
    g.hendelse(forhandlet, AvtaleHendelse.TRE_I_KRAFT)


def _godkjenninger(g: Gjennomgang, sak: int, parter: list[str]) -> None:
    """Every party approves in December, the last one only in January."""
    for i, part in enumerate(parter):
        dato = f"2025-12-{10 + i % 15:02d}" if i < len(parter) - 1 else "2026-01-15"
        g.hendelse(sak, AvtaleHendelse.REGISTRER_GODKJENNING, felt={"part": part, "dato": dato})
