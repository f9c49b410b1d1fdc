"""«Meld inn sak»: anyone with a login reports a sak for SSU; the sekretariat hears of it by
e-mail, takes it up (it becomes a numbered sak) or turns it down with a reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.domain.feil import IkkeFunnet, Regelbrudd, UgyldigeFelt
from tilskudd_flow.domain.kodeverk import Rolle, Sakstype
from tilskudd_flow.domain.tekst import enlinjefeil, flerlinje
from tilskudd_flow.domain.tid import norsk_tidspunkt
from tilskudd_flow.models.ssu import SakInnmelding, SsuSak
from tilskudd_flow.models.tenancy import Bruker, Helsefellesskap
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.tilgang import hent_aktor, krev_rolle
from tilskudd_flow.motor.utboks import koe_epost
from tilskudd_flow.ssu.ssu_saker import Saksinnhold, SsuSakVisning, registrer_ssu_sak
from workflows.mote import SAK_INNMELDT


@dataclass(frozen=True)
class Innmeldingsvisning:
    id: int
    tittel: str
    beskrivelse: str
    onsket_type: str
    innmeldt_av: str
    mottatt: datetime
    mottatt_vist: str
    status: str


def meld_inn_ssu_sak(
    *,
    tittel: str,
    beskrivelse: str,
    onsket_type: Sakstype | None,
    uow: UnitOfWork,
    miljo: Saksmiljo,
    brukernavn: str,
) -> int:
    """Store the report and tell the sekretariat, in one transaction."""
    feil = {}
    if not tittel.strip():
        feil["tittel"] = "Skriv hva saken gjelder"
    elif len(tittel.strip()) > 300:
        feil["tittel"] = "Tittelen kan være høyst 300 tegn"
    elif melding := enlinjefeil(tittel):
        feil["tittel"] = melding
    if not beskrivelse.strip():
        feil["beskrivelse"] = "Beskriv saken og hva du ønsker at SSU skal gjøre"
    else:
        try:
            beskrivelse = flerlinje(beskrivelse)
        except ValueError as problem:
            feil["beskrivelse"] = str(problem)
    if feil:
        raise UgyldigeFelt(feil)
    with uow:
        session = uow.session
        aktor = hent_aktor(session, brukernavn)
        naa = miljo.klokke.now()
        innmelding = SakInnmelding(helsefellesskap_id=aktor.helsefellesskap_id,
                                   tittel=tittel.strip(), beskrivelse=beskrivelse.strip(),
                                   onsket_type=onsket_type, innmeldt_av=aktor.brukernavn,
                                   innmeldt_av_navn=aktor.navn, innmeldt_av_epost=aktor.epost,
                                   mottatt=naa)  # fmt: skip
        session.add(innmelding)
        session.flush()
        assert innmelding.id is not None
        hf = session.get(Helsefellesskap, aktor.helsefellesskap_id)
        assert hf is not None
        kontekst = {"helsefellesskap": hf.navn, "tittel": innmelding.tittel,
                    "innmeldt_av": aktor.navn, "tidspunkt": norsk_tidspunkt(naa),
                    "lenke": f"{miljo.innstillinger.base_url.rstrip('/')}/ssu-saker"}  # fmt: skip
        koe_epost(session, miljo, SAK_INNMELDT, helsefellesskap_id=hf.id or 0,
                  kontekst=kontekst, naa=naa)  # fmt: skip
        skriv_audit(session, helsefellesskap_id=hf.id or 0, tidspunkt=naa, bruker=aktor,
                    objekt_type="sak_innmelding", objekt_id=innmelding.id,
                    hendelse="sak_meldt_inn", detaljer={"tittel": innmelding.tittel})  # fmt: skip
        uow.commit()
        return innmelding.id


def list_innmeldinger(session: Session, aktor: Bruker) -> list[Innmeldingsvisning]:
    """The sekretariat sees every report; others see their own."""
    sporring = select(SakInnmelding).where(
        SakInnmelding.helsefellesskap_id == aktor.helsefellesskap_id
    )
    if not aktor.rollesett & {Rolle.SEKRETARIAT, Rolle.ADMIN}:
        sporring = sporring.where(SakInnmelding.innmeldt_av == aktor.brukernavn)
    innmeldinger = list(session.exec(sporring.order_by(col(SakInnmelding.mottatt).desc())))
    ssu_saker = {
        s.innmelding_id: s
        for s in session.exec(
            select(SsuSak).where(col(SsuSak.innmelding_id).in_([i.id for i in innmeldinger]))
        )
    }
    return [_visning(i, ssu_saker.get(i.id)) for i in innmeldinger]


def ta_opp(
    innmelding_id: int,
    *,
    type_: Sakstype,
    eier: str = "",
    nummer: str | None = None,
    uow: UnitOfWork,
    miljo: Saksmiljo,
    brukernavn: str,
) -> SsuSakVisning:
    """The report becomes a numbered sak; its description is the saksopplysninger."""
    with uow:
        aktor = hent_aktor(uow.session, brukernavn)
        krev_rolle(aktor, Rolle.SEKRETARIAT)
        innmelding = _apen(uow.session, aktor, innmelding_id)
        tittel, beskrivelse = innmelding.tittel, innmelding.beskrivelse
    innhold = Saksinnhold(saksopplysninger=f"Meldt inn av {innmelding.innmeldt_av_navn}.\n\n"
                                           f"{beskrivelse}")  # fmt: skip
    return registrer_ssu_sak(tittel=tittel, type_=type_, eier=eier, nummer=nummer,
                             innhold=innhold, innmelding_id=innmelding_id, uow=uow, miljo=miljo,
                             brukernavn=brukernavn)  # fmt: skip


def _apen(session: Session, aktor: Bruker, innmelding_id: int) -> SakInnmelding:
    innmelding = session.get(SakInnmelding, innmelding_id)
    if innmelding is None or innmelding.helsefellesskap_id != aktor.helsefellesskap_id:
        raise IkkeFunnet(f"Finner ingen innmeldt sak {innmelding_id}")
    tatt = session.exec(select(SsuSak).where(SsuSak.innmelding_id == innmelding_id)).first()
    if tatt is not None:
        raise Regelbrudd(f"Saken er allerede tatt opp som {tatt.saksnummer.vis()}")
    return innmelding


def _visning(innmelding: SakInnmelding, ssu_sak: SsuSak | None) -> Innmeldingsvisning:
    assert innmelding.id is not None
    status = f"Tatt opp som {ssu_sak.saksnummer.vis()}" if ssu_sak is not None else "Ny"
    return Innmeldingsvisning(
        id=innmelding.id, tittel=innmelding.tittel, beskrivelse=innmelding.beskrivelse,
        onsket_type=innmelding.onsket_type.visning if innmelding.onsket_type else "",
        innmeldt_av=innmelding.innmeldt_av_navn or innmelding.innmeldt_av,
        mottatt=innmelding.mottatt, mottatt_vist=norsk_tidspunkt(innmelding.mottatt),
        status=status,
    )  # fmt: skip
