"""SSU's saker: registered by the sekretariat with the next free number of the year (or the
number the papers already gave it), a type, an owner, and the cases the sak is about.
A number used twice is refused with the sak that has it and the next free one."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflytregister
from tilskudd_flow.domain.feil import IkkeTillatt, Konflikt, Regelbrudd, UgyldigFelt
from tilskudd_flow.domain.kodeverk import Rolle, Sakstype
from tilskudd_flow.domain.saksnummer import Saksnummer, les_saksnummer
from tilskudd_flow.domain.tid import dato_i_oslo
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.ssu import SsuSak, SsuSakReferanse
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.service.audit import skriv_audit
from tilskudd_flow.service.miljo import Saksmiljo
from tilskudd_flow.service.tilgang import INTERNE_ROLLER, hent_aktor, krev_rolle

_REFERANSE = re.compile(r"^\s*([A-Za-zÆØÅæøå]+)-(\d+)\s*$")


@dataclass(frozen=True)
class SsuSakVisning:
    id: int
    saksnummer: Saksnummer
    tittel: str
    type: str
    eier: str
    gjelder: list[str]

    def som_dict(self) -> dict[str, object]:
        return {"id": self.id, "saksnummer": self.saksnummer.vis(), "aar": self.saksnummer.aar,
                "nummer": self.saksnummer.nummer, "tittel": self.tittel, "type": self.type,
                "eier": self.eier, "gjelder": self.gjelder}  # fmt: skip


def registrer_sak(
    *,
    tittel: str,
    type_: Sakstype,
    eier: str = "",
    nummer: str | None = None,
    gjelder: Sequence[str] = (),
    uow: UnitOfWork,
    miljo: Saksmiljo,
    brukernavn: str,
) -> SsuSakVisning:
    """A new sak with the given number («Sak 23-2025», «23/2025», «23/25») or the next free."""
    if not tittel.strip():
        raise UgyldigFelt("tittel", "må fylles ut")
    with uow:
        aktor = hent_aktor(uow.session, brukernavn)
        krev_rolle(aktor, Rolle.SEKRETARIAT)
        naa = miljo.klokke.now()
        saksnummer = _saksnummer(uow.session, aktor, nummer, dato_i_oslo(naa).year)
        saker = _refererte_saker(uow.session, miljo.register, aktor, gjelder)
        sak = SsuSak(helsefellesskap_id=aktor.helsefellesskap_id, aar=saksnummer.aar,
                     nummer=saksnummer.nummer, tittel=tittel.strip(), type=type_,
                     eier=eier.strip(), registrert=naa, registrert_av=aktor.brukernavn,
                     referanser=[SsuSakReferanse(case_id=s.id) for s in saker])  # fmt: skip
        try:
            with uow.session.begin_nested():  # rolled back alone, taking `sak` out again
                uow.session.add(sak)
                uow.session.flush()
        except IntegrityError:  # someone took the number at the same moment
            raise Konflikt(_brukt(uow.session, aktor, saksnummer)) from None
        assert sak.id is not None
        skriv_audit(uow.session, helsefellesskap_id=aktor.helsefellesskap_id, tidspunkt=naa,
                    bruker=aktor, objekt_type="ssu_sak", objekt_id=sak.id,
                    hendelse="ssu_sak_registrert",
                    detaljer={"saksnummer": saksnummer.vis(), "type": type_.value,
                              "gjelder": [miljo.register.hent(s.workflow).referanse(s.id or 0)
                                          for s in saker]})  # fmt: skip
        visning = _visning(sak, miljo.register, {s.id: s for s in saker})
        uow.commit()
    return visning


def list_ssu_saker(
    session: Session, register: Arbeidsflytregister, aktor: Bruker, *, aar: int | None = None
) -> list[SsuSakVisning]:
    """The saker in number order (the sekretariat, admins and SSU members may read them)."""
    if not aktor.rollesett & (INTERNE_ROLLER | {Rolle.SSU_MEDLEM}):
        raise IkkeTillatt("Bare sekretariatet og SSU kan se SSUs saker")
    sporring = select(SsuSak).where(SsuSak.helsefellesskap_id == aktor.helsefellesskap_id)
    if aar is not None:
        sporring = sporring.where(SsuSak.aar == aar)
    saker = list(session.exec(sporring.order_by(col(SsuSak.aar), col(SsuSak.nummer))))
    ider = {r.case_id for s in saker for r in s.referanser}
    refererte = {
        c.id: c for c in session.exec(select(WorkflowCase).where(col(WorkflowCase.id).in_(ider)))
    }
    return [_visning(s, register, refererte) for s in saker]


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
    if _sak_med(session, aktor, saksnummer) is not None:
        raise Regelbrudd(_brukt(session, aktor, saksnummer))
    return saksnummer


def _sak_med(session: Session, aktor: Bruker, nummer: Saksnummer) -> SsuSak | None:
    return session.exec(
        select(SsuSak).where(
            SsuSak.helsefellesskap_id == aktor.helsefellesskap_id,
            SsuSak.aar == nummer.aar,
            SsuSak.nummer == nummer.nummer,
        )
    ).first()


def _brukt(session: Session, aktor: Bruker, nummer: Saksnummer) -> str:
    har = _sak_med(session, aktor, nummer)
    hvem = f" av «{har.tittel}»" if har is not None else ""
    neste = neste_ledige(session, aktor.helsefellesskap_id, nummer.aar)
    return f"{nummer.vis()} er allerede brukt{hvem}. Neste ledige nummer er {neste.vis()}."


def _refererte_saker(
    session: Session, register: Arbeidsflytregister, aktor: Bruker, gjelder: Sequence[str]
) -> list[WorkflowCase]:
    """«RS-2», «FSU-1», «AVT-7»: each must be a case of this helsefellesskap."""
    saker = []
    for referanse in gjelder:
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
        saker.append(sak)
    return saker


def _visning(
    sak: SsuSak, register: Arbeidsflytregister, refererte: dict[int | None, WorkflowCase]
) -> SsuSakVisning:
    assert sak.id is not None
    gjelder = []
    for referanse in sak.referanser:
        case = refererte.get(referanse.case_id)
        if case is not None and case.id is not None:
            gjelder.append(f"{register.hent(case.workflow).referanse(case.id)} {case.tittel}")
    return SsuSakVisning(sak.id, Saksnummer(sak.aar, sak.nummer), sak.tittel, sak.type.visning,
                         sak.eier, gjelder)  # fmt: skip
