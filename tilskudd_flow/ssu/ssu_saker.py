"""SSU's saker: registered by the sekretariat with the next free number of the year (or the
number the papers already gave it), a type, an owner, and the cases the sak is about.
A number used twice is refused with the sak that has it and the next free one."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, or_, select

from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflytregister
from tilskudd_flow.domain.feil import IkkeFunnet, IkkeTillatt, Konflikt, Regelbrudd, UgyldigFelt
from tilskudd_flow.domain.kodeverk import Rolle, Sakstype
from tilskudd_flow.domain.saksnummer import Saksnummer, les_saksnummer
from tilskudd_flow.domain.tekst import krev_enlinje, krev_flerlinje
from tilskudd_flow.domain.tid import dato_i_oslo
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.ssu import SsuSak, SsuSakReferanse
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.tilgang import INTERNE_ROLLER, hent_aktor, krev_rolle

_REFERANSE = re.compile(r"^\s*([A-Za-zÆØÅæøå]+)-(\d+)\s*$")


@dataclass(frozen=True)
class Saksinnhold:
    """What the saksfremlegg says: the proposal one point per line, the facts, the
    assessment, the attachments one per line."""

    innstilling: str = ""
    saksopplysninger: str = ""
    vurdering: str = ""
    vedlegg: str = ""

    def skriv_til(self, ssu_sak: SsuSak) -> None:
        renset = krev_flerlinje(innstilling=self.innstilling, vedlegg=self.vedlegg,
                                saksopplysninger=self.saksopplysninger,
                                vurdering=self.vurdering)  # fmt: skip
        for navn, tekst in renset.items():
            setattr(ssu_sak, navn, tekst.strip())


@dataclass(frozen=True)
class SsuSakVisning:
    id: int
    saksnummer: Saksnummer
    tittel: str
    type: str
    eier: str
    gjelder: list[str]
    mote_id: int | None = None
    vedtak: str = ""

    def som_dict(self) -> dict[str, object]:
        return {"id": self.id, "saksnummer": self.saksnummer.vis(), "aar": self.saksnummer.aar,
                "nummer": self.saksnummer.nummer, "tittel": self.tittel, "type": self.type,
                "eier": self.eier, "gjelder": self.gjelder, "mote_id": self.mote_id,
                "vedtak": self.vedtak}  # fmt: skip


def registrer_ssu_sak(
    *,
    tittel: str,
    type_: Sakstype,
    eier: str = "",
    nummer: str | None = None,
    gjelder: Sequence[str] = (),
    prioriteringsliste_aar: int | None = None,
    innhold: Saksinnhold | None = None,
    innmelding_id: int | None = None,
    uow: UnitOfWork,
    miljo: Saksmiljo,
    brukernavn: str,
) -> SsuSakVisning:
    """A new sak with the given number («Sak 23-2025», «23/2025», «23/25») or the next free.

    `gjelder` names the cases it is about, each optionally with the event its vedtak fires
    («FSU-1:oppnevn»); `prioriteringsliste_aar`: its vedtak adopts that round's list.
    """
    if not tittel.strip():
        raise UgyldigFelt("tittel", "må fylles ut")
    krev_enlinje(tittel=tittel, eier=eier)
    with uow:
        aktor = hent_aktor(uow.session, brukernavn)
        krev_rolle(aktor, Rolle.SEKRETARIAT)
        naa = miljo.klokke.now()
        saksnummer = _saksnummer(uow.session, aktor, nummer, dato_i_oslo(naa).year)
        saker = _refererte_saker(uow.session, miljo.register, aktor, gjelder)
        if type_ != Sakstype.BESLUTNINGSSAK and (
            prioriteringsliste_aar is not None or any(h for _, h in saker)
        ):
            raise UgyldigFelt("type", "bare en beslutningssak kan ha et vedtak som flytter saker")
        innhold = innhold or Saksinnhold()
        ssu_sak = SsuSak(helsefellesskap_id=aktor.helsefellesskap_id, aar=saksnummer.aar,
                         nummer=saksnummer.nummer, tittel=tittel.strip(), type=type_,
                         eier=eier.strip(), registrert=naa, registrert_av=aktor.brukernavn,
                         prioriteringsliste_aar=prioriteringsliste_aar,
                         innmelding_id=innmelding_id,
                         referanser=[SsuSakReferanse(case_id=s.id, hendelse=h)
                                     for s, h in saker])  # fmt: skip
        try:
            with uow.session.begin_nested():  # rolled back alone, taking `ssu_sak` out again
                uow.session.add(ssu_sak)
                uow.session.flush()
        except IntegrityError:  # someone took the number at the same moment
            raise Konflikt(_brukt(uow.session, aktor, saksnummer)) from None
        assert ssu_sak.id is not None
        innhold.skriv_til(ssu_sak)
        skriv_audit(uow.session, helsefellesskap_id=aktor.helsefellesskap_id, tidspunkt=naa,
                    bruker=aktor, objekt_type="ssu_sak", objekt_id=ssu_sak.id,
                    hendelse="ssu_sak_registrert",
                    detaljer={"saksnummer": saksnummer.vis(), "type": type_.value,
                              "gjelder": [miljo.register.hent(s.workflow).referanse(s.id or 0)
                                          + (f":{h}" if h else "") for s, h in saker]})  # fmt: skip
        visning = _visning(ssu_sak, miljo.register, {s.id: s for s, _ in saker})
        uow.commit()
    return visning


def skriv_saksfremlegg(
    ssu_sak_ref: int | str,
    innhold: Saksinnhold,
    *,
    uow: UnitOfWork,
    miljo: Saksmiljo,
    brukernavn: str,
) -> None:
    """The sekretariat writes (or rewrites) the saksfremlegg until the sak has its vedtak;
    the sak by id or by number («Sak 23-2025»)."""
    with uow:
        aktor = hent_aktor(uow.session, brukernavn)
        krev_rolle(aktor, Rolle.SEKRETARIAT)
        ssu_sak = velg_ssu_sak(uow.session, aktor, ssu_sak_ref)
        if ssu_sak.vedtatt is not None:
            raise Regelbrudd(f"{ssu_sak.saksnummer.vis()} har vedtak: saksfremlegget er låst")
        innhold.skriv_til(ssu_sak)
        skriv_audit(uow.session, helsefellesskap_id=aktor.helsefellesskap_id,
                    tidspunkt=miljo.klokke.now(), bruker=aktor, objekt_type="ssu_sak",
                    objekt_id=ssu_sak.id or 0, hendelse="saksfremlegg_skrevet",
                    detaljer={"saksnummer": ssu_sak.saksnummer.vis()})  # fmt: skip
        uow.commit()


def hent_ssu_sak(session: Session, aktor: Bruker, ssu_sak_id: int) -> SsuSak:
    """An SSU sak of the actor's helsefellesskap, for those who may read SSU's saker."""
    _krev_leser(aktor)
    ssu_sak = session.get(SsuSak, ssu_sak_id)
    if ssu_sak is None or ssu_sak.helsefellesskap_id != aktor.helsefellesskap_id:
        raise IkkeFunnet(f"Finner ingen SSU-sak med id {ssu_sak_id}")
    return ssu_sak


def velg_ssu_sak(session: Session, aktor: Bruker, ssu_sak_ref: int | str) -> SsuSak:
    """An SSU sak by id (pages) or by its number as people write it (the command line)."""
    if isinstance(ssu_sak_ref, str):
        ssu_sak_ref = finn_ssu_sak(session, aktor.helsefellesskap_id, ssu_sak_ref).id or 0
    return hent_ssu_sak(session, aktor, ssu_sak_ref)


def finn_ssu_sak(session: Session, helsefellesskap_id: int, saksnummer: str) -> SsuSak:
    try:
        nummer = les_saksnummer(saksnummer)
    except ValueError as feil:
        raise UgyldigFelt("sak", str(feil)) from None
    ssu_sak = session.exec(
        select(SsuSak).where(
            SsuSak.helsefellesskap_id == helsefellesskap_id,
            SsuSak.aar == nummer.aar,
            SsuSak.nummer == nummer.nummer,
        )
    ).first()
    if ssu_sak is None:
        raise IkkeFunnet(f"Finner ingen {nummer.vis()}")
    return ssu_sak


def ssu_saker_uten_vedtak(
    session: Session, helsefellesskap_id: int, *, utenfor: int
) -> list[SsuSak]:
    """Saker without a vedtak that are not on meeting `utenfor`'s saksliste, by number."""
    return list(
        session.exec(
            select(SsuSak)
            .where(SsuSak.helsefellesskap_id == helsefellesskap_id)
            .where(col(SsuSak.vedtatt).is_(None))
            .where(or_(col(SsuSak.mote_id).is_(None), col(SsuSak.mote_id) != utenfor))
            .order_by(col(SsuSak.aar), col(SsuSak.nummer))
        )
    )


def list_ssu_saker(
    session: Session, register: Arbeidsflytregister, aktor: Bruker, *, aar: int | None = None
) -> list[SsuSakVisning]:
    """The saker in number order (the sekretariat, admins and SSU members may read them)."""
    _krev_leser(aktor)
    sporring = select(SsuSak).where(SsuSak.helsefellesskap_id == aktor.helsefellesskap_id)
    if aar is not None:
        sporring = sporring.where(SsuSak.aar == aar)
    ssu_saker = list(session.exec(sporring.order_by(col(SsuSak.aar), col(SsuSak.nummer))))
    ider = {r.case_id for s in ssu_saker for r in s.referanser}
    refererte = {
        c.id: c for c in session.exec(select(WorkflowCase).where(col(WorkflowCase.id).in_(ider)))
    }
    return [_visning(s, register, refererte) for s in ssu_saker]


def vis_ssu_sak(session: Session, register: Arbeidsflytregister, ssu_sak: SsuSak) -> SsuSakVisning:
    """One SSU sak as the lists show it, with the cases it refers to."""
    ider = [r.case_id for r in ssu_sak.referanser]
    refererte = {
        c.id: c for c in session.exec(select(WorkflowCase).where(col(WorkflowCase.id).in_(ider)))
    }
    return _visning(ssu_sak, register, refererte)


def _krev_leser(aktor: Bruker) -> None:
    if not aktor.rollesett & (INTERNE_ROLLER | {Rolle.SSU_MEDLEM}):
        raise IkkeTillatt("Bare sekretariatet og SSU kan se SSUs saker")


def neste_ledige(session: Session, helsefellesskap_id: int, aar: int) -> Saksnummer:
    hoyeste = session.exec(
        select(func.max(SsuSak.nummer)).where(
            SsuSak.helsefellesskap_id == helsefellesskap_id, SsuSak.aar == aar
        )
    ).one()
    return Saksnummer(aar, (hoyeste or 0) + 1)


def _saksnummer(session: Session, aktor: Bruker, nummer: str | None, i_aar: int) -> Saksnummer:
    if nummer is None or not nummer.strip():
        return neste_ledige(session, aktor.helsefellesskap_id, i_aar)
    try:
        saksnummer = les_saksnummer(nummer)
    except ValueError as feil:
        raise UgyldigFelt("nummer", str(feil)) from None
    if _ssu_sak_med(session, aktor, saksnummer) is not None:
        raise Regelbrudd(_brukt(session, aktor, saksnummer))
    return saksnummer


def _ssu_sak_med(session: Session, aktor: Bruker, nummer: Saksnummer) -> SsuSak | None:
    return session.exec(
        select(SsuSak).where(
            SsuSak.helsefellesskap_id == aktor.helsefellesskap_id,
            SsuSak.aar == nummer.aar,
            SsuSak.nummer == nummer.nummer,
        )
    ).first()


def _brukt(session: Session, aktor: Bruker, nummer: Saksnummer) -> str:
    har = _ssu_sak_med(session, aktor, nummer)
    hvem = f" av «{har.tittel}»" if har is not None else ""
    neste = neste_ledige(session, aktor.helsefellesskap_id, nummer.aar)
    return f"{nummer.vis()} er allerede brukt{hvem}. Neste ledige nummer er {neste.vis()}."


def _refererte_saker(
    session: Session, register: Arbeidsflytregister, aktor: Bruker, gjelder: Sequence[str]
) -> list[tuple[WorkflowCase, str]]:
    """«RS-2», «FSU-1:oppnevn», «AVT-7:ssu_behandle»: each a case of this helsefellesskap,
    with the event of its workflow the vedtak fires."""
    saker = []
    for oppgitt in gjelder:
        referanse, _, hendelse = oppgitt.partition(":")
        treff = _REFERANSE.match(referanse)
        flyter = [f.navn for f in register.alle()
                  if treff is not None and f.prefiks.lower() == treff[1].lower()]  # fmt: skip
        sak = session.get(WorkflowCase, int(treff[2])) if treff is not None and flyter else None
        if (
            sak is None
            or sak.workflow not in flyter
            or sak.helsefellesskap_id != aktor.helsefellesskap_id
        ):
            raise UgyldigFelt("gjelder", f"finner ingen sak «{referanse}» (skriv f.eks. «RS-2»)")
        flyt = register.hent(sak.workflow)
        if hendelse.strip() and hendelse.strip() not in flyt.hendelser:
            kjente = ", ".join(flyt.hendelser)
            raise UgyldigFelt("gjelder", f"{flyt.tittel} har ingen hendelse «{hendelse}» "
                                         f"(kjente: {kjente})")  # fmt: skip
        saker.append((sak, hendelse.strip()))
    return saker


def _visning(
    ssu_sak: SsuSak, register: Arbeidsflytregister, refererte: dict[int | None, WorkflowCase]
) -> SsuSakVisning:
    assert ssu_sak.id is not None
    gjelder = []
    for referanse in ssu_sak.referanser:
        case = refererte.get(referanse.case_id)
        if case is not None and case.id is not None:
            hendelse = f" ({referanse.hendelse})" if referanse.hendelse else ""
            flyt = register.hent(case.workflow)
            gjelder.append(f"{flyt.referanse(case.id)} {case.tittel}{hendelse}")
    return SsuSakVisning(ssu_sak.id, ssu_sak.saksnummer, ssu_sak.tittel, ssu_sak.type.visning,
                         ssu_sak.eier, gjelder, ssu_sak.mote_id, ssu_sak.vedtak)  # fmt: skip
