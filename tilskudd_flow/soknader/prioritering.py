"""SSU adopts the round's priority list; every vurdert søknad moves in the same transaction.

Listed søknader are prioritert i SSU, the others ikke prioritert. Where the list gives
amounts from the local pot, the award is recorded at once: a søknad for the local pot only
is tildelt, one on both lists keeps its local award for when Helse Nord answers.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.domain.amounts import formater_kroner
from tilskudd_flow.domain.feil import Regelbrudd
from tilskudd_flow.domain.kodeverk import Prioritering, Rolle
from tilskudd_flow.domain.tekst import krev_enlinje
from tilskudd_flow.models.soknad import Prioriteringsliste, Prioritet, Soknad, Soknadsrunde
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.overganger import Hendelseskommando, Overgang, anvend_hendelse
from tilskudd_flow.motor.ssu_referanser import krev_ssu_saker
from tilskudd_flow.motor.tilgang import hent_aktor, krev_rolle
from tilskudd_flow.soknader.prioriteringsmote import (
    gjeldende_liste,
    krev_moteleder,
    lokale_belop,
    overskridelse_tekst,
    pottlinjer,
    ta_versjon,
    vurderte_soknader,
)
from tilskudd_flow.soknader.runder import hent_runde
from workflows.rs_soknad import Hendelse


def vedta_prioriteringsliste(
    plasser: Sequence[tuple[int, Prioritering]],
    *,
    aar: int,
    vedtak: str,
    uow: UnitOfWork,
    miljo: Saksmiljo,
    brukernavn: str,
) -> list[Overgang]:
    """Record SSU's list as the sekretariat enters it (in rank order, no local amounts)."""
    with uow:
        aktor = hent_aktor(uow.session, brukernavn)
        krev_rolle(aktor, Rolle.SEKRETARIAT)
        runde = hent_runde(uow.session, aktor.helsefellesskap_id, aar)
        liste = _ikke_vedtatt(uow.session, aktor, runde)
        liste.plasser.clear()
        liste.belop.clear()
        uow.session.flush()
        for plass, (sak_id, prioritering) in enumerate(plasser, start=1):
            liste.plasser.append(
                Prioritet(soknad_id=sak_id, plass=plass, prioritering=prioritering)
            )
        overganger = _vedta(uow, miljo, aktor, liste, runde, vedtak, kommentar=vedtak)
        uow.commit()
    return overganger


def vedta_moteliste(
    aar: int,
    *,
    forventet_versjon: int,
    vedtak: str,
    uow: UnitOfWork,
    miljo: Saksmiljo,
    brukernavn: str,
) -> list[Overgang]:
    """Adopt the list the meeting built, as it stood at `forventet_versjon`.

    Refused, naming the overrun in kroner, when the local amounts exceed what the local pot
    has for a year. The meeting leader need not be in the sekretariat: the workflow lets an
    SSU member move the cases through this vedtak, each with a comment naming who adopted it.
    """
    with uow:
        aktor = hent_aktor(uow.session, brukernavn)
        krev_moteleder(uow.session, miljo, aktor)
        runde = hent_runde(uow.session, aktor.helsefellesskap_id, aar)
        overganger = vedta_gjeldende_liste(
            uow, miljo, aktor, runde, vedtak, forventet_versjon=forventet_versjon
        )
        uow.commit()
    return overganger


def vedta_gjeldende_liste(
    uow: UnitOfWork,
    miljo: Saksmiljo,
    aktor: Bruker,
    runde: Soknadsrunde,
    vedtak: str,
    *,
    forventet_versjon: int | None = None,
) -> list[Overgang]:
    """Adopt the list as it stands, inside an open unit of work (an SSU vedtak calls this)."""
    liste = gjeldende_liste(uow.session, runde)
    if liste is None:
        raise Regelbrudd(f"Prioriteringslisten for {runde.aar} er tom: sett opp listen først")
    if liste.vedtatt is not None:
        raise Regelbrudd(f"SSU har allerede vedtatt prioriteringslisten for {runde.aar}")
    naa = miljo.klokke.now()
    ta_versjon(uow.session, liste, liste.versjon if forventet_versjon is None
               else forventet_versjon, aktor, naa)  # fmt: skip
    _sjekk_potten(uow.session, aktor, liste)
    kommentar = f"{vedtak.strip()}: prioriteringslisten vedtatt i SSU, registrert av {aktor.navn}"
    overganger = _vedta(uow, miljo, aktor, liste, runde, vedtak, kommentar=kommentar)
    assert liste.id is not None
    skriv_audit(uow.session, helsefellesskap_id=aktor.helsefellesskap_id, tidspunkt=naa,
                bruker=aktor, objekt_type="prioriteringsliste", objekt_id=liste.id,
                hendelse="prioriteringsliste_vedtatt",
                detaljer={"vedtak": vedtak.strip(), "versjon": liste.versjon})  # fmt: skip
    return overganger


def _ikke_vedtatt(session: Session, aktor: Bruker, runde: Soknadsrunde) -> Prioriteringsliste:
    liste = gjeldende_liste(session, runde)
    if liste is not None and liste.vedtatt is not None:
        raise Regelbrudd(f"SSU har allerede vedtatt prioriteringslisten for {runde.aar}")
    if liste is None:
        liste = Prioriteringsliste(helsefellesskap_id=aktor.helsefellesskap_id,
                                   runde_id=runde.id, vedtak="")  # fmt: skip
        session.add(liste)
    return liste


def _sjekk_potten(session: Session, aktor: Bruker, liste: Prioriteringsliste) -> None:
    linjer = pottlinjer(session, aktor.helsefellesskap_id, lokale_belop(liste))
    if any(linje.over_ore > 0 for linje in linjer):
        raise Regelbrudd(
            "Listen kan ikke vedtas: beløpene fra den lokale potten går over det som er "
            f"disponibelt for {overskridelse_tekst(linjer)}. Reduser beløpene eller flytt "
            "søknader til den regionale listen."
        )


def _vedta(
    uow: UnitOfWork,
    miljo: Saksmiljo,
    utforer: Bruker,
    liste: Prioriteringsliste,
    runde: Soknadsrunde,
    vedtak: str,
    *,
    kommentar: str,
) -> list[Overgang]:
    krev_enlinje(vedtak=vedtak)  # the ranked list's heading at Helse Nord
    vurderte = vurderte_soknader(uow.session, runde)
    _sjekk_plasser(liste, vurderte, vedtak, runde.aar)
    # SSU adopts the list in one of its saker: the number must be one of this helsefellesskap's.
    krev_ssu_saker(uow.session, utforer.helsefellesskap_id, vedtak.strip(), bare_saksnummer=True)
    liste.vedtak = vedtak.strip()
    liste.vedtatt = miljo.klokke.now()
    uow.session.flush()
    belop = lokale_belop(liste)
    overganger: list[Overgang] = []
    for plass in sorted(liste.plasser, key=lambda p: p.plass):
        assert plass.soknad_id is not None
        overganger.append(
            _hendelse(uow, miljo, utforer, plass.soknad_id, Hendelse.PRIORITER, kommentar)
        )
        lokalt = belop.get(plass.soknad_id)
        if lokalt:
            hendelse = (Hendelse.TILDEL_LOKALT if plass.prioritering == Prioritering.LOKAL
                        else Hendelse.REGISTRER_LOKAL_TILDELING)  # fmt: skip
            felt = {"belop": _som_tekst(lokalt), "vedtak": vedtak.strip()}
            overganger.append(_hendelse(uow, miljo, utforer, plass.soknad_id, hendelse, "", felt))
    listet = {p.soknad_id for p in liste.plasser}
    overganger += [
        _hendelse(uow, miljo, utforer, sak_id, Hendelse.IKKE_PRIORITER, kommentar)
        for sak_id in sorted(vurderte)
        if sak_id not in listet
    ]
    return overganger


def _sjekk_plasser(
    liste: Prioriteringsliste, vurderte: dict[int, Soknad], vedtak: str, aar: int
) -> None:
    if not vedtak.strip():
        raise Regelbrudd("Oppgi SSU-vedtaket prioriteringslisten bygger på (f.eks. «Sak 30-2025»)")
    sett: set[int] = set()
    for plass in liste.plasser:
        sak_id = plass.soknad_id
        if sak_id in sett:
            raise Regelbrudd(f"Sak {sak_id} står flere ganger på listen")
        if sak_id not in vurderte:
            raise Regelbrudd(f"Sak {sak_id} er ikke en vurdert søknad i runden for {aar}")
        sett.add(sak_id)


def _som_tekst(belop: dict[int, int]) -> str:
    return "; ".join(f"{aar}: {formater_kroner(ore)}" for aar, ore in sorted(belop.items()))


def _hendelse(
    uow: UnitOfWork,
    miljo: Saksmiljo,
    aktor: Bruker,
    sak_id: int,
    hendelse: str,
    kommentar: str = "",
    felt: dict[str, str] | None = None,
) -> Overgang:
    # Every event here is part of SSU's vedtak on the list: the workflow says who may fire it so.
    kommando = Hendelseskommando(sak_id, hendelse, kommentar=kommentar, felt=felt or {},
                                 gjennom_vedtak=True)  # fmt: skip
    return anvend_hendelse(kommando, uow=uow, miljo=miljo, aktor=aktor)
