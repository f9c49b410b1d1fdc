"""SSU's vedtak on an SSU sak in a meeting. A beslutningssak's vedtak moves the cases it refers
to (FSU oppnevnt or avsluttet, avtale SSU-behandlet, the round's priority list adopted) in the
same transaction: the vedtak and every transition land together or not at all.

Here `ssu_sak` is the item on the meeting's saksliste (`SsuSak`); `sak` is a workflow case
(`WorkflowCase`) the vedtak moves, and `mote` the meeting's own workflow case."""

from __future__ import annotations

from dataclasses import dataclass

from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflytregister
from tilskudd_flow.domain.feil import IkkeTillatt, Regelbrudd, UgyldigFelt, UgyldigHendelse
from tilskudd_flow.domain.kodeverk import Rolle, Sakstype
from tilskudd_flow.domain.tekst import krev_flerlinje
from tilskudd_flow.domain.visningsnavn import overgangslinje
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.ssu import SsuSak
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.overganger import Hendelseskommando, Overgang, anvend_hendelse
from tilskudd_flow.motor.tilgang import hent_aktor, krev_rolle
from tilskudd_flow.soknader.prioritering import vedta_gjeldende_liste
from tilskudd_flow.soknader.runder import hent_runde
from tilskudd_flow.ssu.ssu_saker import velg_ssu_sak
from workflows import mote as moteflyt

# What the minutes say when SSU adopts the proposal as it stands.
STANDARDVEDTAK = {
    Sakstype.BESLUTNINGSSAK: "Forslaget vedtas.",
    Sakstype.DROFTINGSSAK: "Saken er drøftet.",
    Sakstype.ORIENTERINGSSAK: "Saken tas til orientering.",
}


@dataclass(frozen=True)
class Vedtaksresultat:
    saksnummer: str
    vedtak: str
    overganger: tuple[str, ...]


def registrer_vedtak(
    ssu_sak_ref: int | str,
    vedtak: str = "",
    *,
    uow: UnitOfWork,
    miljo: Saksmiljo,
    brukernavn: str,
) -> Vedtaksresultat:
    """Record the vedtak («Forslaget vedtas.» when none is written) on an SSU sak (by id or
    by number) on the saksliste of a meeting that has been called."""
    with uow:
        session = uow.session
        aktor = hent_aktor(session, brukernavn)
        krev_rolle(aktor, Rolle.SEKRETARIAT)
        ssu_sak = velg_ssu_sak(session, aktor, ssu_sak_ref)
        mote = session.get(WorkflowCase, ssu_sak.mote_id) if ssu_sak.mote_id is not None else None
        _sjekk_kan_vedtas(miljo, mote, ssu_sak)
        tekst = krev_flerlinje(vedtak=vedtak)["vedtak"].strip() or STANDARDVEDTAK[ssu_sak.type]
        naa = miljo.klokke.now()
        ssu_sak.vedtak, ssu_sak.vedtatt, ssu_sak.vedtatt_av = tekst, naa, aktor.brukernavn
        virkninger = _virkninger(uow, miljo, aktor, ssu_sak, tekst)
        overganger = [_vis(miljo.register, o) for o in virkninger]
        assert ssu_sak.id is not None
        skriv_audit(session, helsefellesskap_id=aktor.helsefellesskap_id, tidspunkt=naa,
                    bruker=aktor, objekt_type="ssu_sak", objekt_id=ssu_sak.id,
                    hendelse="ssu_vedtak",
                    detaljer={"saksnummer": ssu_sak.saksnummer.vis(), "vedtak": tekst,
                              "overganger": overganger})  # fmt: skip
        resultat = Vedtaksresultat(ssu_sak.saksnummer.vis(), tekst,
                                   tuple(overganger))  # fmt: skip
        uow.commit()
    return resultat


def _sjekk_kan_vedtas(miljo: Saksmiljo, mote: WorkflowCase | None, ssu_sak: SsuSak) -> None:
    if ssu_sak.vedtatt is not None:
        raise Regelbrudd(f"{ssu_sak.saksnummer.vis()} har allerede vedtaket «{ssu_sak.vedtak}»")
    if mote is None:
        raise Regelbrudd(f"{ssu_sak.saksnummer.vis()} står ikke på sakslisten til noe møte")
    if mote.state != moteflyt.Tilstand.INNKALT:
        tilstand = miljo.register.hent(mote.workflow).tilstandsnavn(mote.state).lower()
        raise Regelbrudd(f"Vedtak føres i møtet: {mote.tittel} må være innkalt (det er {tilstand})")


def _virkninger(
    uow: UnitOfWork, miljo: Saksmiljo, aktor: Bruker, ssu_sak: SsuSak, vedtak: str
) -> list[Overgang]:
    if ssu_sak.type != Sakstype.BESLUTNINGSSAK:
        return []
    nummer = ssu_sak.saksnummer.vis()
    overganger = []
    for referanse in (r for r in ssu_sak.referanser if r.hendelse and r.case_id is not None):
        assert referanse.case_id is not None
        overganger.append(
            _flytt(uow, miljo, aktor, referanse.case_id, referanse.hendelse, nummer, vedtak)
        )
    if ssu_sak.prioriteringsliste_aar is not None:
        runde = hent_runde(uow.session, aktor.helsefellesskap_id, ssu_sak.prioriteringsliste_aar)
        try:
            overganger += vedta_gjeldende_liste(uow, miljo, aktor, runde, nummer)
        except Regelbrudd as feil:
            raise Regelbrudd(f"{nummer} kan ikke vedtas: {feil}") from None
    return overganger


def _flytt(
    uow: UnitOfWork,
    miljo: Saksmiljo,
    aktor: Bruker,
    case_id: int,
    hendelse: str,
    nummer: str,
    vedtak: str,
) -> Overgang:
    sak = uow.session.get(WorkflowCase, case_id)
    assert sak is not None, "an SSU sak's reference keeps its case"
    flyt = miljo.register.hent(sak.workflow)
    # The events SSU's vedtak fire ask for the sak number as their «vedtak» field.
    felt = {f.navn: nummer for f in flyt.regel(hendelse).felt if f.navn == "vedtak"}
    kommando = Hendelseskommando(case_id, hendelse, kommentar=f"{nummer}: {vedtak}", felt=felt)
    try:
        return anvend_hendelse(kommando, uow=uow, miljo=miljo, aktor=aktor)
    except (Regelbrudd, UgyldigHendelse, IkkeTillatt) as feil:
        raise type(feil)(f"{nummer} kan ikke vedtas: {flyt.referanse(case_id)}: {feil}") from None
    except UgyldigFelt as feil:
        raise Regelbrudd(f"{nummer} kan ikke vedtas: {flyt.referanse(case_id)}: {feil}") from None


def _vis(register: Arbeidsflytregister, o: Overgang) -> str:
    return overgangslinje(register, o.referanse, o.hendelse, o.fra, o.til)
