"""Meetings: planned with their paper deadline, a saksliste, the innkalling with papers and a
calendar invitation, forfall with the vara called in, and who came."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parseaddr
from pathlib import Path

from sqlmodel import Session, col, select

from tilskudd_flow.adapters.epostmelding import Avsender
from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.dokumenter.kalender import Moteinvitasjon, moteinvitasjon_ics
from tilskudd_flow.domain.arbeidsflyt import Adresse
from tilskudd_flow.domain.feil import IkkeFunnet, IkkeTillatt, Regelbrudd, UgyldigFelt
from tilskudd_flow.domain.kodeverk import Motetype, Oppmote, Rolle, Verv
from tilskudd_flow.domain.moter import PAPIRFRIST, tidsrom
from tilskudd_flow.domain.tekst import krev_enlinje
from tilskudd_flow.domain.tid import dato_i_oslo, norsk_dato
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.fsu import Fsu
from tilskudd_flow.models.mote import Mote, MoteDeltaker
from tilskudd_flow.models.ssu import SsuMedlem
from tilskudd_flow.models.tenancy import Bruker, Helsefellesskap
from tilskudd_flow.motor.adresser import MOTEADRESSE
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.frister import Fristfabrikk
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.overganger import Hendelseskommando, anvend_hendelse
from tilskudd_flow.motor.saker import last_sak, opprett_sak
from tilskudd_flow.motor.tilgang import INTERNE_ROLLER, hent_aktor, krev_rolle
from tilskudd_flow.motor.utboks import koe_epost, legg_ved, utboksrader
from tilskudd_flow.motor.vedlegg import skriv_varig
from tilskudd_flow.ssu.saksdokumenter import motepapirfil, saksfremleggsfil
from tilskudd_flow.ssu.ssu_medlemmer import aktive_medlemmer, ledelse
from tilskudd_flow.ssu.ssu_saker import finn_ssu_sak
from workflows import mote as moteflyt
from workflows.mote import VARA_INNKALT, er_innkalt, er_kalt_inn

ARBEIDSFLYT = moteflyt.NAVN
# Stored as the attachment's type; delivery makes a text/calendar part the iMIP body.
ICS_TYPE = "text/calendar; method=REQUEST; charset=UTF-8"
ICS_AVLYST_TYPE = "text/calendar; method=CANCEL; charset=UTF-8"


@dataclass(frozen=True)
class Motebestilling:
    type: Motetype
    start: datetime
    slutt: datetime
    sted: str = ""
    videolenke: str = ""
    tittel: str = ""
    fsu_id: int | None = None  # an FSU meeting's FSU (its case id)


def planlegg_mote(
    bestilling: Motebestilling, *, uow: UnitOfWork, miljo: Saksmiljo, brukernavn: str
) -> int:
    """A meeting with its members called, its leder and nestleder, and its paper deadline."""
    if bestilling.slutt <= bestilling.start:
        raise UgyldigFelt("slutt", "møtet må slutte etter at det begynner")
    if (bestilling.type == Motetype.FSU) != (bestilling.fsu_id is not None):
        raise UgyldigFelt("fsu", "et FSU-møte må høre til et FSU (og bare et FSU-møte)")
    krev_enlinje(tittel=bestilling.tittel, sted=bestilling.sted, videolenke=bestilling.videolenke)
    with uow:
        session = uow.session
        aktor = hent_aktor(session, brukernavn)
        krev_rolle(aktor, Rolle.SEKRETARIAT)
        hf = _hf(session, aktor)
        dag = dato_i_oslo(bestilling.start)
        domene = Avsender(miljo.innstillinger.helsefellesskap_innstillinger(hf.kode).avsender)
        mote = Mote(type=bestilling.type, start=bestilling.start, slutt=bestilling.slutt,
                    sted=bestilling.sted.strip(), videolenke=bestilling.videolenke.strip(),
                    ics_uid=f"mote-{uuid.uuid4()}@{domene.domene}")  # fmt: skip
        if bestilling.fsu_id is not None:
            _kall_inn_fsu(session, miljo, aktor, mote, bestilling.fsu_id)
        else:
            _kall_inn_ssu(session, mote, hf.id or 0, dag)
        tittel = bestilling.tittel.strip() or f"{bestilling.type.visning} {norsk_dato(dag)}"
        sak = opprett_sak(session, miljo, aktor=aktor, flyt=miljo.register.hent(ARBEIDSFLYT),
                          tittel=tittel, subjekt=mote)  # fmt: skip
        assert sak.id is not None
        mote.papirfrist = Fristfabrikk(miljo.innstillinger, hf.id or 0).relativ(
            PAPIRFRIST[bestilling.type], referanse=dag, nokkel=f"motepapirer:{sak.id}",
            objekt=(ARBEIDSFLYT, sak.id),
        )  # fmt: skip
        uow.commit()
        return sak.id


def _kall_inn_ssu(session: Session, mote: Mote, hf_id: int, dag: date) -> None:
    medlemmer = aktive_medlemmer(session, hf_id, dag)
    per_id = {m.id: m for m in medlemmer}
    for medlem in medlemmer:
        mote.deltakere.append(MoteDeltaker(person=medlem.person, rolle=_rolle(medlem, per_id),
                                           er_vara=medlem.er_vara))  # fmt: skip
    styre = ledelse(session, hf_id, dag)
    if Verv.LEDER in styre:
        mote.leder_epost = styre[Verv.LEDER].person.epost
    if Verv.NESTLEDER in styre:
        mote.nestleder_epost = styre[Verv.NESTLEDER].person.epost


def _rolle(medlem: SsuMedlem, per_id: dict[int | None, SsuMedlem]) -> str:
    if medlem.vara_for_id is not None:
        har = per_id.get(medlem.vara_for_id)
        return f"Vara for {har.person.navn}" if har else "Vara"
    return f"{medlem.verv.visning}, {medlem.side.visning.lower()}siden"


def _kall_inn_fsu(
    session: Session, miljo: Saksmiljo, aktor: Bruker, mote: Mote, fsu_id: int
) -> None:
    lastet = last_sak(session, miljo.register, aktor, fsu_id)
    if not isinstance(lastet.subjekt, Fsu):
        raise UgyldigFelt("fsu", f"sak {fsu_id} er ikke et FSU")
    mote.fsu_case_id = fsu_id
    for medlem in lastet.subjekt.medlemmer:
        mote.deltakere.append(MoteDeltaker(person=medlem.person, rolle=medlem.rolle.visning))
        if medlem.verv == Verv.LEDER:
            mote.leder_epost = medlem.person.epost
        if medlem.verv == Verv.NESTLEDER:
            mote.nestleder_epost = medlem.person.epost


def sett_paa_saksliste(
    mote_id: int, saksnummer: str, *, uow: UnitOfWork, miljo: Saksmiljo, brukernavn: str
) -> str:
    """Put the sak last on the meeting's saksliste (moving it from another open meeting)."""
    with uow:
        session = uow.session
        aktor = hent_aktor(session, brukernavn)
        krev_rolle(aktor, Rolle.SEKRETARIAT)
        sak, mote = _apent_mote(session, miljo, aktor, mote_id)
        ssu_sak = finn_ssu_sak(session, aktor.helsefellesskap_id, saksnummer)
        if ssu_sak.vedtatt is not None:
            raise Regelbrudd(f"{ssu_sak.saksnummer.vis()} har allerede et vedtak")
        if ssu_sak.mote_id == mote_id:
            raise Regelbrudd(f"{ssu_sak.saksnummer.vis()} står allerede på sakslisten")
        ssu_sak.mote_id = mote_id
        ssu_sak.rekkefolge = max((s.rekkefolge or 0 for s in mote.ssu_saker), default=0) + 1
        skriv_audit(session, helsefellesskap_id=aktor.helsefellesskap_id,
                    tidspunkt=miljo.klokke.now(), bruker=aktor, objekt_type=ARBEIDSFLYT,
                    objekt_id=mote_id, hendelse="sak_satt_paa_saksliste",
                    detaljer={"sak": ssu_sak.saksnummer.vis()})  # fmt: skip
        melding = f"{ssu_sak.saksnummer.vis()} er satt på sakslisten til {sak.tittel}."
        if sak.state == moteflyt.Tilstand.INNKALT:
            melding += " Send innkallingen på nytt så deltakerne får den nye sakslisten."
        uow.commit()
    return melding


def meld_forfall(
    mote_id: int, *, epost: str = "", uow: UnitOfWork, miljo: Saksmiljo, brukernavn: str
) -> str:
    """A member cannot come: their vara is called in (with the calendar invitation)."""
    with uow:
        session = uow.session
        aktor = hent_aktor(session, brukernavn)
        sak, mote = _apent_mote(session, miljo, aktor, mote_id)
        hvem = (epost or aktor.epost).strip().lower()
        if hvem != aktor.epost.lower():
            krev_rolle(aktor, Rolle.SEKRETARIAT)
        deltaker = _deltaker(mote, hvem)
        deltaker.oppmote = Oppmote.FORFALL
        vara = _vara(session, mote, deltaker, aktor.helsefellesskap_id)
        melding = f"Forfall registrert for {deltaker.person.navn}."
        naa = miljo.klokke.now()
        if vara is not None:
            vara.vara_for_id, vara.oppmote = deltaker.id, Oppmote.INNKALT
            melding += f" Vara {vara.person.navn} er kalt inn."
            if mote.innkalling_sendt is not None:
                _varsle_vara(session, miljo, sak, mote, vara, deltaker, naa)
        else:
            melding += " Ingen vara er registrert for medlemmet."
        skriv_audit(session, helsefellesskap_id=aktor.helsefellesskap_id, tidspunkt=naa,
                    bruker=aktor, objekt_type=ARBEIDSFLYT, objekt_id=mote_id,
                    hendelse="forfall",
                    detaljer={"forfall": deltaker.person.navn,
                              "vara": vara.person.navn if vara else ""})  # fmt: skip
        uow.commit()
    return melding


def _vara(session: Session, mote: Mote, deltaker: MoteDeltaker, hf_id: int) -> MoteDeltaker | None:
    """The vara registered for the member behind `deltaker`, as a participant."""
    dag = dato_i_oslo(mote.start)
    medlemmer = aktive_medlemmer(session, hf_id, dag)
    medlem = next((m for m in medlemmer if m.person_id == deltaker.person_id), None)
    if medlem is None:
        return None
    for kandidat in (m for m in medlemmer if m.vara_for_id == medlem.id):
        for annen in mote.deltakere:
            if annen.person_id == kandidat.person_id and annen.oppmote != Oppmote.FORFALL:
                return annen
    return None


def registrer_oppmote(
    mote_id: int, til_stede: Sequence[str], *, uow: UnitOfWork, miljo: Saksmiljo, brukernavn: str
) -> None:
    """Who came (by e-mail); the others keep their forfall or are recorded as absent."""
    with uow:
        session = uow.session
        aktor = hent_aktor(session, brukernavn)
        krev_rolle(aktor, Rolle.SEKRETARIAT)
        _, mote = hent_mote(session, miljo, aktor, mote_id)
        kom = {_deltaker(mote, e.strip().lower()).id for e in til_stede if e.strip()}
        for deltaker in mote.deltakere:
            if deltaker.id in kom:
                deltaker.oppmote = Oppmote.MOTER
            elif deltaker.oppmote == Oppmote.MOTER:
                deltaker.oppmote = Oppmote.INNKALT
        skriv_audit(session, helsefellesskap_id=aktor.helsefellesskap_id,
                    tidspunkt=miljo.klokke.now(), bruker=aktor, objekt_type=ARBEIDSFLYT,
                    objekt_id=mote_id, hendelse="oppmote_registrert",
                    detaljer={"til_stede": sorted(e.lower() for e in til_stede)})  # fmt: skip
        uow.commit()


@dataclass(frozen=True)
class Innkalling:
    mottakere: tuple[str, ...]
    vedlegg: tuple[str, ...]
    oppdatering: bool


def send_innkalling(
    mote_id: int, *, uow: UnitOfWork, miljo: Saksmiljo, brukernavn: str
) -> Innkalling:
    """The innkalling to every member called (vara only when called in): the papers as PDF
    and the calendar invitation (the iMIP body), in the same transaction as the state
    change."""
    with uow:
        session = uow.session
        aktor = hent_aktor(session, brukernavn)
        # Who may send it is the workflow's rule; asked first, before the meeting is looked up.
        regel = miljo.register.hent(ARBEIDSFLYT).regel(moteflyt.Hendelse.SEND_INNKALLING)
        krev_rolle(aktor, *regel.hvem, *regel.med_fil)
        sak, mote = _apent_mote(session, miljo, aktor, mote_id)
        if not mote.ssu_saker:
            raise Regelbrudd("Sakslisten er tom: sett saker på sakslisten før innkallingen")
        hf = _hf(session, aktor)
        oppdatering = mote.innkalling_sendt is not None
        kommando = Hendelseskommando(mote_id, moteflyt.Hendelse.SEND_INNKALLING, med_fil=True)
        overgang = anvend_hendelse(kommando, uow=uow, miljo=miljo, aktor=aktor)
        filer = _skriv_papirer(session, miljo, hf, sak, mote)
        rader = legg_ved(utboksrader(session, overgang.utboks_ider), filer)
        uow.commit()
    mottakere = tuple(r.til_adresse for r in rader)
    return Innkalling(mottakere, tuple(n for n, _, _ in filer), oppdatering)


def avlys_mote(
    mote_id: int, kommentar: str, *, uow: UnitOfWork, miljo: Saksmiljo, brukernavn: str
) -> int:
    """Cancel the meeting: the e-mail to everyone called carries METHOD:CANCEL with the
    invitation's UID and the next SEQUENCE once an invitation has gone out, so Outlook
    removes the meeting. Returns how many are told."""
    with uow:
        session = uow.session
        aktor = hent_aktor(session, brukernavn)
        regel = miljo.register.hent(ARBEIDSFLYT).regel(moteflyt.Hendelse.AVLYS)
        krev_rolle(aktor, *regel.hvem, *regel.med_fil)
        if not kommentar.strip():
            raise UgyldigFelt("kommentar", "Skriv hvorfor møtet avlyses")
        sak, mote = _apent_mote(session, miljo, aktor, mote_id)
        sendt = mote.innkalling_sendt is not None
        kommando = Hendelseskommando(mote_id, moteflyt.Hendelse.AVLYS, kommentar=kommentar,
                                     med_fil=True)  # fmt: skip
        overgang = anvend_hendelse(kommando, uow=uow, miljo=miljo, aktor=aktor)
        rader = utboksrader(session, overgang.utboks_ider)
        if sendt:
            hf = _hf(session, aktor)
            mappe = Path("moter") / str(sak.id) / f"avlysning-{uuid.uuid4().hex[:12]}"
            (miljo.innstillinger.data_dir / mappe).mkdir(parents=True)
            navn = mappe / "avlysning.ics"
            skriv_varig(miljo.innstillinger.data_dir / navn,
                        _invitasjon(miljo, hf, sak, mote, avlyst=True))  # fmt: skip
            legg_ved(rader, [("avlysning.ics", ICS_AVLYST_TYPE, str(navn))])
        uow.commit()
    return len(rader)


def _skriv_papirer(
    session: Session, miljo: Saksmiljo, hf: Helsefellesskap, sak: WorkflowCase, mote: Mote
) -> list[tuple[str, str, str]]:
    """The papers of this sending on disk: (file name, MIME type, path under the data dir).

    Each sending gets a folder of its own, written before the commit that refers to it; a
    sending whose transaction fails leaves an unreferenced folder, never a wrong file."""
    mappe = Path("moter") / str(sak.id) / f"utsending-{mote.ics_sekvens}-{uuid.uuid4().hex[:12]}"
    (miljo.innstillinger.data_dir / mappe).mkdir(parents=True)
    # In the e-mail the meeting is its subject already: the innkalling is just «Innkalling.pdf».
    innkalling = motepapirfil(session, miljo, hf, sak, mote, "innkalling", "pdf")
    fremlegg = [saksfremleggsfil(session, miljo, hf, s, "pdf") for s in mote.ssu_saker]
    filer = [("invitasjon.ics", ICS_TYPE, _invitasjon(miljo, hf, sak, mote)),
             ("Innkalling.pdf", innkalling.mediatype, innkalling.innhold),
             *((f.filnavn, f.mediatype, f.innhold) for f in fremlegg)]  # fmt: skip
    skrevet = []
    for navn, mimetype, innhold in filer:
        skriv_varig(miljo.innstillinger.data_dir / mappe / navn, innhold)
        skrevet.append((navn, mimetype, str(mappe / navn)))
    return skrevet


def _invitasjon(
    miljo: Saksmiljo, hf: Helsefellesskap, sak: WorkflowCase, mote: Mote, *, avlyst: bool = False
) -> bytes:
    innstillinger = miljo.innstillinger.helsefellesskap_innstillinger(hf.kode)
    avsender = Avsender(innstillinger.avsender)
    sted = ", ".join(s for s in (mote.sted, mote.videolenke) if s)
    saksliste = "\n".join(f"{s.saksnummer.vis()} {s.tittel}" for s in mote.ssu_saker)
    return moteinvitasjon_ics(Moteinvitasjon(
        uid=mote.ics_uid, sekvens=mote.ics_sekvens, tittel=sak.tittel,
        beskrivelse=f"Saksliste:\n{saksliste}\n\n{_lenke(miljo, sak)}", start=mote.start,
        slutt=mote.slutt, sted=sted, arrangor=(hf.navn, parseaddr(avsender.fra)[1]),
        deltakere=_deltakere(mote, avlyst=avlyst), laget=miljo.klokke.now(), avlyst=avlyst,
    ))  # fmt: skip


def _deltakere(mote: Mote, *, avlyst: bool) -> tuple[tuple[str, str], ...]:
    """The ATTENDEEs, by the workflow's rule: those called in, vara only for a forfall; a
    cancellation also reaches those who reported forfall."""
    hvem = er_kalt_inn if avlyst else er_innkalt
    return tuple((d.person.navn, d.person.epost) for d in mote.deltakere
                 if d.person.epost and hvem(d))  # fmt: skip


def _varsle_vara(
    session: Session,
    miljo: Saksmiljo,
    sak: WorkflowCase,
    mote: Mote,
    vara: MoteDeltaker,
    deltaker: MoteDeltaker,
    naa: datetime,
) -> None:
    hf = session.get(Helsefellesskap, sak.helsefellesskap_id)
    assert hf is not None
    kontekst = {**_kontekst(miljo, hf, sak, mote), "vara_for": deltaker.person.navn}
    rader = koe_epost(session, miljo, VARA_INNKALT, helsefellesskap_id=hf.id or 0,
                      kontekst=kontekst, naa=naa, til={"vara": [_adresse(vara)]},
                      case_id=sak.id)  # fmt: skip
    legg_ved(rader, _skriv_papirer(session, miljo, hf, sak, mote))


def _kontekst(
    miljo: Saksmiljo, hf: Helsefellesskap, sak: WorkflowCase, mote: Mote
) -> dict[str, object]:
    """The variables the workflow's own e-mails get, for the e-mail sent from here."""
    flyt = miljo.register.hent(ARBEIDSFLYT)
    assert flyt.malkontekst is not None and sak.id is not None
    return {
        **flyt.malkontekst(mote),
        "helsefellesskap": hf.navn,
        "sak": {"id": sak.id, "referanse": flyt.referanse(sak.id), "tittel": sak.tittel},
        "lenke": _lenke(miljo, sak),
    }


def _lenke(miljo: Saksmiljo, sak: WorkflowCase) -> str:
    return miljo.innstillinger.base_url.rstrip("/") + MOTEADRESSE.format(mote_id=sak.id)


def _adresse(deltaker: MoteDeltaker) -> Adresse:
    return Adresse(deltaker.person.epost, deltaker.person.navn)


def _deltaker(mote: Mote, epost: str) -> MoteDeltaker:
    for deltaker in mote.deltakere:
        if deltaker.person.epost.lower() == epost.lower():
            return deltaker
    raise UgyldigFelt("epost", f"{epost} er ikke kalt inn til møtet")


def _hf(session: Session, aktor: Bruker) -> Helsefellesskap:
    hf = session.get(Helsefellesskap, aktor.helsefellesskap_id)
    assert hf is not None
    return hf


def krev_moteleser(aktor: Bruker) -> None:
    """Meetings and their papers are for the sekretariat and SSU's members."""
    if not aktor.rollesett & (INTERNE_ROLLER | {Rolle.SSU_MEDLEM}):
        raise IkkeTillatt("Bare sekretariatet og SSU har tilgang til møtene")


def hent_mote(
    session: Session, miljo: Saksmiljo, aktor: Bruker, mote_id: int
) -> tuple[WorkflowCase, Mote]:
    lastet = last_sak(session, miljo.register, aktor, mote_id)
    if not isinstance(lastet.subjekt, Mote):
        raise IkkeFunnet(f"Sak {mote_id} er ikke et møte")
    return lastet.sak, lastet.subjekt


def _apent_mote(
    session: Session, miljo: Saksmiljo, aktor: Bruker, mote_id: int
) -> tuple[WorkflowCase, Mote]:
    sak, mote = hent_mote(session, miljo, aktor, mote_id)
    if sak.state not in moteflyt.APNE:
        tilstand = miljo.register.hent(ARBEIDSFLYT).tilstandsnavn(sak.state).lower()
        raise Regelbrudd(f"{sak.tittel} er {tilstand}: sakslisten og oppmøtet er låst")
    return sak, mote


@dataclass(frozen=True)
class Moterad:
    id: int
    tittel: str
    type: str
    tid: str
    sted: str
    tilstand: str
    saker: int
    papirfrist: str


def moteplan(session: Session, miljo: Saksmiljo, aktor: Bruker, *, aar: int) -> list[Moterad]:
    """The year's meetings in date order: the meeting plan."""
    if not aktor.rollesett & (INTERNE_ROLLER | {Rolle.SSU_MEDLEM}):
        raise IkkeTillatt("Bare sekretariatet og SSU kan se møteplanen")
    flyt = miljo.register.hent(ARBEIDSFLYT)
    rader = session.exec(
        select(WorkflowCase, Mote)
        .join(Mote, col(Mote.case_id) == WorkflowCase.id)
        .where(WorkflowCase.helsefellesskap_id == aktor.helsefellesskap_id)
        .order_by(col(Mote.start))
    )
    return [
        Moterad(id=sak.id or 0, tittel=sak.tittel, type=mote.type.visning,
                tid=tidsrom(mote.start, mote.slutt),
                sted=", ".join(s for s in (mote.sted, mote.videolenke) if s),
                tilstand=flyt.tilstandsnavn(sak.state), saker=len(mote.ssu_saker),
                papirfrist=norsk_dato(mote.papirfrist.effektiv_dato) if mote.papirfrist else "")
        for sak, mote in rader
        if dato_i_oslo(mote.start).year == aar
    ]  # fmt: skip
