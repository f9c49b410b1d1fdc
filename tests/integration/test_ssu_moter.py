"""SSU's meetings played as they happened: 9 September 2025 with saker 23-2025 to 27-2025, and
the extraordinary meeting in week 43 whose vedtak adopts the RS priority list."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from email.message import EmailMessage
from pathlib import Path

import docx
import pytest
from icalendar import Calendar
from pypdf import PdfReader
from sqlmodel import col, select

from tests.conftest import Cli
from tests.integration.aarshjul_oppsett import sett_opp
from tests.integration.smtp_tjener import smtp_tjener
from tilskudd_flow.adapters.smtp import SmtpSender, Tjener
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.data import last_demodata
from tilskudd_flow.dokumenter.noark5 import valider_uttrekk
from tilskudd_flow.dokumenter.saksfremlegg import saksfremlegg_docx, saksfremlegg_pdf
from tilskudd_flow.domain.feil import IkkeTillatt, Regelbrudd
from tilskudd_flow.domain.kodeverk import Motetype, Oppmote, Prioritering, Sakstype, Side, Verv
from tilskudd_flow.domain.tid import OSLO
from tilskudd_flow.drift.arkivuttrekk import uttrekk_sak, uttrekk_ssu_sak
from tilskudd_flow.models.audit import AuditEntry
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.frist import Frist
from tilskudd_flow.models.fsu import Fsu
from tilskudd_flow.models.mote import Mote
from tilskudd_flow.models.outbox import OutboxMessage
from tilskudd_flow.models.ssu import SsuSak
from tilskudd_flow.models.tenancy import Helsefellesskap
from tilskudd_flow.motor.handling import Handling
from tilskudd_flow.motor.levering import Levering
from tilskudd_flow.motor.oppgavehandlinger import tildel
from tilskudd_flow.motor.overganger import Hendelseskommando, utfor_hendelse
from tilskudd_flow.motor.planlegger import Planlegger
from tilskudd_flow.motor.tilgang import hent_aktor
from tilskudd_flow.motor.utboks import med_innhold
from tilskudd_flow.soknader.prioriteringsmote import Merking, endre_moteliste
from tilskudd_flow.ssu.dokumentfiler import motepapir_fil
from tilskudd_flow.ssu.moter import (
    Motebestilling,
    meld_forfall,
    planlegg_mote,
    registrer_oppmote,
    send_innkalling,
    sett_paa_saksliste,
)
from tilskudd_flow.ssu.saksdokumenter import saksfremlegg_for
from tilskudd_flow.ssu.ssu_medlemmer import NyttMedlem, registrer_medlem
from tilskudd_flow.ssu.ssu_saker import Saksinnhold, registrer_ssu_sak
from tilskudd_flow.ssu.ssu_vedtak import registrer_vedtak

SEKR = "samhandlingssjef"
LEDER = "ssu.leder"
NESTLEDER = "ssu.medlem"

SAKER_9_SEPTEMBER = [
    ("Sak 23-2025", Sakstype.BESLUTNINGSSAK,
     "Søknadsrunde for rekrutterings- og samhandlingstilskudd 2026", ()),
    ("Sak 24-2025", Sakstype.ORIENTERINGSSAK,
     "Orientering fra FSU Pakkeforløp hjem – kreft", ()),
    ("Sak 25-2025", Sakstype.DROFTINGSSAK, "Handlingsplan 2026–2028", ()),
    ("Sak 26-2025", Sakstype.BESLUTNINGSSAK,
     "Oppnevning av FSU Digitale helsetjenester og e-helseløsninger", ("FSU-1:oppnevn",)),
    ("Sak 27-2025", Sakstype.ORIENTERINGSSAK, "Årsrapport 2024 for Helsefellesskap Helgeland", ()),
]  # fmt: skip

INNSTILLING_23 = (
    "Søknadsfrist til helsefellesskapet settes til 1. oktober 2025.\n"
    "SSU avholder ekstraordinært møte i uke 43 for prioritering.\n"
    "Prioriterte søknader oversendes Helse Nord innen 1. november 2025."
)


def oslo(aar: int, maaned: int, dag: int, time: int, minutt: int) -> datetime:
    return datetime(aar, maaned, dag, time, minutt, tzinfo=OSLO)


@pytest.fixture
def helgeland(app: App, klokke: FixedClock) -> App:
    """The demo data as it stood when the September papers were written."""
    klokke.set(oslo(2025, 8, 18, 9, 0))
    last_demodata(app, tid=klokke.now())
    return app


def ny_sak(app: App, nummer: str, type_: Sakstype, tittel: str, gjelder: tuple[str, ...] = (),
           **valg: object) -> int:  # fmt: skip
    innhold = Saksinnhold(innstilling=INNSTILLING_23 if nummer == "Sak 23-2025" else "",
                          saksopplysninger="Sekretariatet har forberedt saken.",
                          vurdering="Sekretariatet anbefaler forslaget.",
                          vedlegg="Utlysning RS-midler 2026")  # fmt: skip
    return registrer_ssu_sak(tittel=tittel, type_=type_, nummer=nummer, gjelder=gjelder,
                             innhold=innhold, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR,
                             **valg).id  # type: ignore[arg-type]  # fmt: skip


def mote(
    app: App,
    type_: Motetype,
    start: datetime,
    slutt: datetime,
    sted: str = "",
    videolenke: str = "",
) -> int:
    return planlegg_mote(Motebestilling(type_, start, slutt, sted, videolenke), uow=app.uow(),
                         miljo=app.miljo, brukernavn=SEKR)  # fmt: skip


def hendelse(app: App, sak: int, navn: str, som: str = SEKR, **felt: str) -> None:
    utfor_hendelse(Hendelseskommando(sak, navn, felt=felt), uow=app.uow(), miljo=app.miljo,
                   brukernavn=som)  # fmt: skip


def tilstand(app: App, sak_id: int) -> str:
    with app.uow(skriv=False) as uow:
        sak = uow.session.get(WorkflowCase, sak_id)
        assert sak is not None
        return sak.state


def lever(app: App, port: int) -> None:
    tjener = Tjener(host="127.0.0.1", port=port, tidsavbrudd=5)
    Levering(app.uow, app.miljo, SmtpSender(tjener), "test").tom_koen()


def til(meldinger: list[EmailMessage], adresse: str, emne: str) -> EmailMessage:
    return next(m for m in meldinger if adresse in str(m["To"]) and emne in str(m["Subject"]))


def vedlegg(melding: EmailMessage) -> dict[str, bytes]:
    return {str(d.get_filename()): d.get_payload(decode=True)  # type: ignore[misc]
            for d in melding.iter_attachments()}  # fmt: skip


def test_the_meeting_of_9_september_2025(
    helgeland: App, klokke: FixedClock, tmp_path: Path
) -> None:
    app = helgeland
    klokke.set(oslo(2025, 8, 20, 10, 0))
    mote_id = mote(app, Motetype.SSU, oslo(2025, 9, 9, 9, 0), oslo(2025, 9, 9, 15, 0),
                   sted="Sandnessjøen, Helgelandssykehuset")  # fmt: skip
    saker = {nr: ny_sak(app, nr, t, tittel, g) for nr, t, tittel, g in SAKER_9_SEPTEMBER}
    for nummer in saker:
        sett_paa_saksliste(mote_id, nummer, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)

    with pytest.raises(Regelbrudd, match=r"Sak 23-2025 er allerede brukt.*Sak 28-2025"):
        ny_sak(app, "23/2025", Sakstype.ORIENTERINGSSAK, "Samme nummer en gang til")

    with app.uow(skriv=False) as uow:
        motet = uow.session.get(Mote, mote_id)
        assert motet is not None and motet.papirfrist is not None
        # Two weeks before 9 September; the leder and nestleder review the referat.
        assert motet.papirfrist.dato == date(2025, 8, 26)
        assert motet.leder_epost == "ssu.leder@vefsn.kommune.example"
        assert motet.nestleder_epost == "ssu.medlem@helgelandssykehuset.example"
        assert [d.person.navn for d in motet.deltakere if d.er_vara] == [
            "Per Varamann", "Siri Vara"]  # fmt: skip

    innkalling = send_innkalling(mote_id, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    assert len(innkalling.mottakere) == 4  # the four members; a vara only when called in
    assert "invitasjon.ics" in innkalling.vedlegg
    assert "Saksfremlegg Sak 23-2025.pdf" in innkalling.vedlegg
    assert tilstand(app, mote_id) == "innkalt"

    melding = meld_forfall(mote_id, epost="ssu.medlem@helgelandssykehuset.example",
                           uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)  # fmt: skip
    assert "Vara Per Varamann er kalt inn" in melding

    with smtp_tjener() as (postkasse, port):
        lever(app, port)
        meldinger = postkasse.meldinger()
    invitasjon = til(meldinger, "knut.ranaas@rana.kommune.example", "Innkalling")
    filer = vedlegg(invitasjon)
    # iMIP: the calendar is the message's third alternative body, not an attachment.
    ics_del = invitasjon.get_body(("calendar",))
    assert ics_del is not None and "invitasjon.ics" not in filer
    assert ics_del.get_content_type() == "text/calendar"
    assert ics_del.get_param("method") == "REQUEST"
    kalender = Calendar.from_ical(ics_del.get_content())
    (moteinvitasjon,) = kalender.events
    assert kalender["METHOD"] == "REQUEST"
    assert moteinvitasjon.start == oslo(2025, 9, 9, 9, 0)
    assert len(moteinvitasjon.get("ATTENDEE")) == 4
    saksliste = PdfReader(io.BytesIO(filer["Innkalling.pdf"])).pages[0].extract_text()
    assert "Sak 23-2025" in saksliste and "Sak 27-2025" in saksliste
    vara = til(meldinger, "per.varamann@helgelandssykehuset.example", "Innkalling som vara")
    assert "Medlem i SSU har meldt forfall" in vara.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    vara_kalender = vara.get_body(("calendar",))
    assert vara_kalender is not None and vara_kalender.get_param("method") == "REQUEST"
    (vara_invitasjon,) = Calendar.from_ical(vara_kalender.get_content()).events
    deltakere = {str(a).removeprefix("mailto:") for a in vara_invitasjon.get("ATTENDEE")}
    assert "per.varamann@helgelandssykehuset.example" in deltakere
    assert "ssu.medlem@helgelandssykehuset.example" not in deltakere  # reported forfall

    # The innkalling in Word (issue 21): where and when, who is called (the member who
    # reported forfall marked, her vara called in), how to give notice of forfall, the saksliste.
    word = motepapir_fil(mote_id, "innkalling", "docx", uow=app.uow(), miljo=app.miljo,
                         brukernavn=SEKR)  # fmt: skip
    innkalt = docx.Document(io.BytesIO(word.innhold))
    praktisk = {rad.cells[0].text: rad.cells[1].text for rad in innkalt.tables[0].rows}
    assert praktisk["Sted"] == "Sandnessjøen, Helgelandssykehuset"
    assert praktisk["Tid"].startswith("tirsdag 9. september 2025 kl. 09")
    avsnitt = [a.text for a in innkalt.paragraphs]
    medlemmer = avsnitt[avsnitt.index("Medlemmer") + 1 : avsnitt.index("Vara kalt inn")]
    assert len(medlemmer) == 4
    assert any(m.startswith("Medlem i SSU") and m.endswith("har meldt forfall") for m in medlemmer)
    assert avsnitt[avsnitt.index("Vara kalt inn") + 1] == "Per Varamann (Vara for Medlem i SSU)"
    assert "Siri Vara" not in " ".join(avsnitt)  # her member comes: she is not called
    forfall = avsnitt[avsnitt.index("Forfall") + 1]
    assert f"/moter/{mote_id})" in forfall and "samhandling@helgelandssykehuset.example" in forfall
    sakene = [rad.cells[0].text for rad in innkalt.tables[1].rows]
    assert sakene[1:] == list(saker)
    assert "Helsefellesskap Helgeland" in innkalt.sections[0].header.paragraphs[0].text

    # The meeting: a vedtak on every sak; sak 26 appoints the FSU in the same transaction.
    klokke.set(oslo(2025, 9, 9, 11, 0))
    with pytest.raises(Regelbrudd, match="Hver sak på sakslisten må ha et vedtak"):
        hendelse(app, mote_id, "hold_mote")
    vedtak = {nr: registrer_vedtak(sak_id, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
              for nr, sak_id in saker.items()}  # fmt: skip
    assert vedtak["Sak 23-2025"].vedtak == "Forslaget vedtas."
    assert vedtak["Sak 24-2025"].vedtak == "Saken tas til orientering."
    assert vedtak["Sak 26-2025"].overganger == (
        "FSU-1: Oppnevn (SSU-vedtak): Foreslått → Oppnevnt av SSU",
    )
    assert tilstand(app, 1) == "oppnevnt"
    with pytest.raises(Regelbrudd, match="har allerede vedtaket"):
        registrer_vedtak(saker["Sak 23-2025"], "Nytt vedtak", uow=app.uow(), miljo=app.miljo,
                         brukernavn=SEKR)  # fmt: skip
    til_stede = ["ssu.leder@vefsn.kommune.example", "knut.ranaas@rana.kommune.example",
                 "hanne.solli@helgelandssykehuset.example",
                 "per.varamann@helgelandssykehuset.example"]  # fmt: skip
    registrer_oppmote(mote_id, til_stede, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    hendelse(app, mote_id, "hold_mote")

    # The saksfremlegg of 23-2025 with its vedtak, in Word and as PDF.
    with app.uow(skriv=False) as uow:
        hf = uow.session.get(Helsefellesskap, 1)
        sak23 = uow.session.get(SsuSak, saker["Sak 23-2025"])
        assert hf is not None and sak23 is not None
        fremlegg = saksfremlegg_for(uow.session, app.miljo, hf, sak23)
    dokument = docx.Document(io.BytesIO(saksfremlegg_docx(fremlegg)))
    # Headed like a letter (issue 21): who handles it, the paper's date, our reference.
    brevhode = [[c.text for c in rad.cells] for rad in dokument.tables[0].rows]
    assert brevhode == [
        ["Saksbehandler", "Samhandlingssjef HSYK"],
        ["Dato", "9. september 2025"],
        ["Vår referanse", "SSU-sak 23/2025"],
    ]
    hode = [[c.text for c in rad.cells] for rad in dokument.tables[1].rows]
    assert hode == [["Saksnr", "Type sak", "Utvalg", "Møtedato"],
                    ["Sak 23-2025", "Beslutningssak", "Strategisk samarbeidsutvalg (SSU)",
                     "09.09.2025"]]  # fmt: skip
    punkter = [p.text for p in dokument.paragraphs if p.style.name == "List Number"]  # type: ignore[union-attr]
    # Sak 26 is about FSU-1: the FSU case's saksbehandler handles its saksfremlegg too.
    tildel(Handling(app.uow, app.miljo, SEKR), 1, "samhandlingsleder")
    with app.uow(skriv=False) as uow:
        sak26 = uow.session.get(SsuSak, saker["Sak 26-2025"])
        assert hf is not None and sak26 is not None
        assert saksfremlegg_for(uow.session, app.miljo, hf, sak26).saksbehandler == (
            "Interkommunal samhandlingsleder")  # fmt: skip
    assert punkter[0] == "Søknadsfrist til helsefellesskapet settes til 1. oktober 2025."
    pdf = "".join(s.extract_text() for s in PdfReader(io.BytesIO(saksfremlegg_pdf(fremlegg))).pages)
    for tekst in ("Saksnr", "Type sak", "Utvalg", "Møtedato", "Sak 23-2025", "09.09.2025",
                  "Forslaget vedtas."):  # fmt: skip
        assert tekst in pdf

    # The referat: drafted, approved by leder and nestleder, on høring, published in time.
    hendelse(app, mote_id, "lag_referat")
    with pytest.raises(Regelbrudd, match="leder og nestleder"):
        hendelse(app, mote_id, "godkjenn_referat", som=SEKR)
    hendelse(app, mote_id, "godkjenn_referat", som=LEDER)
    assert tilstand(app, mote_id) == "referat_utkast"
    hendelse(app, mote_id, "godkjenn_referat", som=NESTLEDER)
    assert tilstand(app, mote_id) == "referat_godkjent"
    hendelse(app, mote_id, "send_paa_horing", horingsfrist="2025-09-18")
    with app.uow(skriv=False) as uow:
        frist = uow.session.exec(select(Frist).where(Frist.nokkel == f"referat:{mote_id}")).one()
        assert frist.dato == date(2025, 9, 25)  # a week after the høring closes
    klokke.set(oslo(2025, 9, 22, 9, 0))
    hendelse(app, mote_id, "publiser_referat")
    assert tilstand(app, mote_id) == "referat_publisert"

    # The archive: sak 23-2025 with its saksfremlegg, the referat and its history.
    with app.uow(skriv=False) as uow:
        aktor = hent_aktor(uow.session, SEKR)
        pakke = uttrekk_ssu_sak(uow.session, app.miljo, aktor, saker["Sak 23-2025"])
        motepakke = uttrekk_sak(uow.session, app.miljo, aktor, mote_id)
    for navn, innhold in (("sak", pakke), ("mote", motepakke)):
        zipfile.ZipFile(io.BytesIO(innhold)).extractall(tmp_path / navn)
        assert valider_uttrekk(tmp_path / navn) == []
    struktur = (tmp_path / "sak" / "arkivstruktur.xml").read_text(encoding="utf-8")
    assert "Sak 23-2025 Søknadsrunde" in struktur and "Referat" in struktur
    assert "ssu vedtak" in struktur  # the history is in the merknader


def test_the_sekretariat_sends_the_innkalling_itself_and_a_second_one_is_an_update(
    helgeland: App,
) -> None:
    app = helgeland
    mote_id = mote(app, Motetype.SSU, oslo(2025, 9, 9, 9, 0), oslo(2025, 9, 9, 15, 0))
    ny_sak(app, "Sak 25-2025", Sakstype.DROFTINGSSAK, "Handlingsplan 2026–2028")
    sett_paa_saksliste(mote_id, "25/25", uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    with pytest.raises(IkkeTillatt, match="har ikke rollen som kreves"):
        send_innkalling(mote_id, uow=app.uow(), miljo=app.miljo, brukernavn=LEDER)
    forste = send_innkalling(mote_id, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    andre = send_innkalling(mote_id, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    assert (forste.oppdatering, andre.oppdatering) == (False, True)
    with app.uow(skriv=False) as uow:
        rader = uow.session.exec(
            select(OutboxMessage).where(OutboxMessage.mal == "mote/innkalling")
            .order_by(col(OutboxMessage.id))
        ).all()  # fmt: skip
        rader = med_innhold(app.miljo.varsler, rader)  # issue 22: rendered at delivery
        assert [r.til_adresse for r in rader] == [*forste.mottakere, *andre.mottakere]
        assert rader[0].emne.startswith("Innkalling til ")
        assert rader[-1].emne.startswith("Oppdatert innkalling til ")
        assert all(f"/moter/{mote_id}" in r.tekst and r.vedlegg for r in rader)
        sendt_av = uow.session.exec(
            select(AuditEntry.brukernavn).where(AuditEntry.objekt_id == mote_id,
                                                AuditEntry.hendelse == "send_innkalling")
        ).all()  # fmt: skip
        assert sendt_av == [SEKR, SEKR]


def test_the_innkalling_as_a_bare_event_points_the_sekretariat_to_the_meeting_page(
    helgeland: App,
) -> None:
    """The innkalling goes with its papers: the bare event is refused with where to send it
    from, not with the reports' «laste opp filen» (issue 18 review)."""
    mote_id = mote(helgeland, Motetype.SSU, oslo(2025, 9, 9, 9, 0), oslo(2025, 9, 9, 15, 0))
    with pytest.raises(IkkeTillatt, match="bare gjøre fra møtesiden") as feil:
        hendelse(helgeland, mote_id, "send_innkalling")
    assert "laste opp" not in str(feil.value)
    assert tilstand(helgeland, mote_id) == "planlagt"


def test_the_extraordinary_meeting_in_week_43_adopts_the_priority_list(
    helgeland: App, klokke: FixedClock, cli: Cli
) -> None:
    app = helgeland
    cli.vurder(2, 3, 4, 5)
    klokke.set(oslo(2025, 10, 8, 9, 0))
    mote_id = mote(app, Motetype.SSU_EKSTRAORDINAERT, oslo(2025, 10, 22, 10, 0),
                   oslo(2025, 10, 22, 12, 0),
                   videolenke="https://teams.example/ssu-uke-43")  # fmt: skip
    sak_id = ny_sak(app, "Sak 31-2025", Sakstype.BESLUTNINGSSAK,
                    "Prioritering av søknader om RS-midler 2026",
                    prioriteringsliste_aar=2026)  # fmt: skip
    sett_paa_saksliste(mote_id, "31/25", uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    send_innkalling(mote_id, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    with app.uow(skriv=False) as uow:
        motet = uow.session.get(Mote, mote_id)
        assert motet is not None and motet.papirfrist is not None
        assert motet.papirfrist.dato == date(2025, 10, 15)  # a week's notice, configured

    # The meeting builds the list on the prioritisation page; the vedtak adopts it.
    klokke.set(oslo(2025, 10, 22, 10, 30))
    versjon = 0
    for soknad in (3, 2):
        versjon = endre_moteliste(2026, Merking(soknad, Prioritering.REGIONAL),
                                  forventet_versjon=versjon, uow=app.uow(), miljo=app.miljo,
                                  brukernavn=LEDER)  # fmt: skip
    resultat = registrer_vedtak(sak_id, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    assert set(resultat.overganger) == {
        "RS-3: Prioriter i SSU: Vurdert → Prioritert i SSU",
        "RS-2: Prioriter i SSU: Vurdert → Prioritert i SSU",
        "RS-4: Ikke prioriter: Vurdert → Ikke prioritert",
        "RS-5: Ikke prioriter: Vurdert → Ikke prioritert",
    }  # fmt: skip
    assert [tilstand(app, s) for s in (2, 3, 4, 5)] == [
        "prioritert", "prioritert", "ikke_prioritert", "ikke_prioritert"]  # fmt: skip
    with app.uow(skriv=False) as uow:
        kvitteringer = uow.session.exec(
            select(OutboxMessage).where(OutboxMessage.mal == "rs_soknad/ikke_prioritert")
        ).all()
        assert kvitteringer, "the applicants hear of it in the same transaction"


def test_a_vedtak_that_cannot_move_its_cases_is_not_recorded(
    helgeland: App, klokke: FixedClock, cli: Cli
) -> None:
    app = helgeland
    klokke.set(oslo(2025, 10, 8, 9, 0))
    mote_id = mote(app, Motetype.SSU_EKSTRAORDINAERT, oslo(2025, 10, 22, 10, 0),
                   oslo(2025, 10, 22, 12, 0))  # fmt: skip
    sak_id = ny_sak(app, "Sak 31-2025", Sakstype.BESLUTNINGSSAK, "Prioritering 2026",
                    ("FSU-1:oppnevn",), prioriteringsliste_aar=2026)  # fmt: skip
    sett_paa_saksliste(mote_id, "Sak 31-2025", uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    with pytest.raises(Regelbrudd, match=r"Vedtak føres i møtet.*må være innkalt"):
        registrer_vedtak(sak_id, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    send_innkalling(mote_id, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    with pytest.raises(Regelbrudd, match=r"Sak 31-2025 kan ikke vedtas.*tom"):
        registrer_vedtak(sak_id, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    with app.uow(skriv=False) as uow:
        sak = uow.session.get(SsuSak, sak_id)
        assert sak is not None and sak.vedtatt is None and sak.vedtak == ""
    assert tilstand(app, 1) == "foreslatt"  # the FSU's transition was rolled back with it
    del cli


def test_forfall_without_a_vara_and_attendance_are_recorded(
    helgeland: App, klokke: FixedClock
) -> None:
    app = helgeland
    mote_id = mote(app, Motetype.SSU, oslo(2025, 11, 25, 9, 0), oslo(2025, 11, 25, 15, 0))
    melding = meld_forfall(mote_id, epost="knut.ranaas@rana.kommune.example", uow=app.uow(),
                           miljo=app.miljo, brukernavn=SEKR)  # fmt: skip
    assert "Ingen vara er registrert" in melding
    # A member reports their own forfall; another member's is the sekretariat's to register.
    assert "Siri Vara er kalt inn" in meld_forfall(mote_id, uow=app.uow(), miljo=app.miljo,
                                                   brukernavn=LEDER)  # fmt: skip
    with app.uow(skriv=False) as uow:
        motet = uow.session.get(Mote, mote_id)
        assert motet is not None
        status = {d.person.navn: d.oppmote for d in motet.deltakere}
    assert status["Knut Ranaas"] == Oppmote.FORFALL and status["Leder i SSU"] == Oppmote.FORFALL


def test_the_sekretariat_is_reminded_of_late_papers_until_the_innkalling_goes_out(
    helgeland: App, klokke: FixedClock
) -> None:
    app = helgeland
    sendt = mote(app, Motetype.SSU, oslo(2025, 9, 9, 9, 0), oslo(2025, 9, 9, 15, 0))
    sent = mote(app, Motetype.DIALOG_PARTNERSKAP, oslo(2025, 9, 10, 9, 0),
                oslo(2025, 9, 10, 15, 0), sted="Mosjøen")  # fmt: skip
    sak_id = ny_sak(app, "Sak 23-2025", Sakstype.ORIENTERINGSSAK, "Orientering")
    sett_paa_saksliste(sendt, "Sak 23-2025", uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    klokke.set(oslo(2025, 8, 21, 9, 0))
    send_innkalling(sendt, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    del sak_id

    utfort = Planlegger(app.uow, app.miljo).kjor_til(oslo(2025, 8, 28, 9, 0))
    with app.uow(skriv=False) as uow:
        meldinger = uow.session.exec(
            select(OutboxMessage).where(col(OutboxMessage.jobb_id).is_not(None))
        ).all()
        meldinger = med_innhold(app.miljo.varsler, meldinger)  # issue 22: rendered at delivery
    om_motet = [(m.mal, m.til_adresse) for m in meldinger if f"MOTE-{sent}" in m.tekst]
    assert om_motet == [
        ("frister/paaminnelse", "samhandling@helgelandssykehuset.example"),
        ("frister/paaminnelse", "samhandling@helgelandssykehuset.example"),
        ("frister/eskalering", "samhandling@helgelandssykehuset.example"),
    ]  # 3 and 1 days before 27 August, then on the day: two weeks before the DP-møte
    assert not [m for m in meldinger if f"MOTE-{sendt}" in m.tekst]
    assert {u.frist for u in utfort} >= {
        "Møtepapirer sendt ut",
        "Sakspapirer til SSU-møte sendt ut",
    }


def test_the_member_register_keeps_the_rules_of_ssu(helgeland: App, klokke: FixedClock) -> None:
    app = helgeland

    def ny(navn: str, side: Side, **valg: object) -> str:
        medlem = NyttMedlem(navn, f"{navn.split()[0].lower()}@example.org", side, **valg)  # type: ignore[arg-type]
        return registrer_medlem(
            medlem, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR
        ).til.isoformat()

    # Four years to the day before; a term from 29 February ends on 28 February.
    assert ny("Gro Skudd", Side.KOMMUNE, fra=date(2024, 2, 29)) == "2028-02-28"
    # May 2025 to May 2027 the kommune side leads (config: the hospital side led first).
    periode = "Leder i perioden 4. mai 2025–3. mai 2027 skal komme fra kommunesiden"
    with pytest.raises(Regelbrudd, match=re.escape(periode)):
        ny("Ola Leder", Side.HELSEFORETAK, verv=Verv.LEDER, fra=date(2025, 9, 1))
    with pytest.raises(Regelbrudd, match=r"SSU har allerede leder .*: Leder i SSU"):
        ny("Kari Leder", Side.KOMMUNE, verv=Verv.LEDER, fra=date(2025, 9, 1))
    with pytest.raises(Regelbrudd, match="Varaen må komme fra samme side som Knut Ranaas"):
        ny("Vera Vara", Side.HELSEFORETAK, vara_for="knut.ranaas@rana.kommune.example")
    with pytest.raises(Regelbrudd, match="er allerede medlem av SSU"):
        registrer_medlem(NyttMedlem("Knut", "knut.ranaas@rana.kommune.example", Side.KOMMUNE),
                         uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)  # fmt: skip


def test_an_autumn_vedtak_moves_the_revised_avtale_and_the_fsu_together(
    app: App, klokke: FixedClock
) -> None:
    _, revisjon = sett_opp(app, klokke)  # TA5 has substantive input: it went to negotiation
    hendelse(app, revisjon, "lukk_innspill")
    hendelse(app, revisjon, "send_til_forhandling", forhandlingsutvalg="FSU Tjenesteavtaler")
    klokke.set(oslo(2025, 11, 1, 9, 0))
    mote_id = mote(app, Motetype.SSU, oslo(2025, 11, 25, 9, 0), oslo(2025, 11, 25, 15, 0))
    sak_id = ny_sak(app, "Sak 40-2025", Sakstype.BESLUTNINGSSAK,
                    "Revidert tjenesteavtale 5 og avslutning av FSU Tjenesteavtaler",
                    (f"AVT-{revisjon}:ssu_behandle", "FSU-1:avslutt"))  # fmt: skip
    sett_paa_saksliste(mote_id, "40/25", uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    send_innkalling(mote_id, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    klokke.set(oslo(2025, 11, 25, 11, 0))
    resultat = registrer_vedtak(sak_id, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    assert set(resultat.overganger) == {
        f"AVT-{revisjon}: SSU-behandling: Forhandling → SSU-behandlet",
        "FSU-1: Avslutt (SSU-vedtak): Foreslått → Avsluttet",
    }
    assert (tilstand(app, revisjon), tilstand(app, 1)) == ("ssu_behandlet", "avsluttet")
    with app.uow(skriv=False) as uow:
        fsu = uow.session.get(Fsu, 1)
        assert fsu is not None and fsu.avsluttet_vedtak == "Sak 40-2025"
