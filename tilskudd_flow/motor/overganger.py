"""The transition service: the one way any case changes state, for the CLI, web and jobs.

Load the case, check role and guards, apply the event, write the audit row and queue the
e-mails, all in one transaction. A stale version is a conflict; nothing is half-written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm.attributes import flag_modified

from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.domain.amounts import Belop
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflyt, Hendelsesregel
from tilskudd_flow.domain.feil import Konflikt, UgyldigFelt, UgyldigHendelse
from tilskudd_flow.domain.felt import les_felt
from tilskudd_flow.domain.periods import Periode
from tilskudd_flow.domain.tekst import flerlinje
from tilskudd_flow.domain.tid import norsk_tidspunkt
from tilskudd_flow.models.audit import AuditEntry
from tilskudd_flow.models.tenancy import Bruker, Helsefellesskap, Part
from tilskudd_flow.motor.aarshjul import sorg_for_saken
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.frister import Fristfabrikk
from tilskudd_flow.motor.helsefellesskap import systembrukernavn
from tilskudd_flow.motor.maskiner import maskin_i
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.mottakere import Mottakerkatalog
from tilskudd_flow.motor.saker import LastetSak, last_sak, partoppslag
from tilskudd_flow.motor.ssu_referanser import krev_ssu_saker_i_felt
from tilskudd_flow.motor.tilgang import hent_aktor, sjekk_hendelse
from tilskudd_flow.motor.utboks import koe_varsler


@dataclass(frozen=True)
class Hendelseskommando:
    sak_id: int
    hendelse: str
    kommentar: str = ""
    felt: Mapping[str, str] = field(default_factory=dict)
    forventet_versjon: int | None = None
    # Set only by a service that stores the event's file in the same transaction.
    med_fil: bool = False
    # Set only by a service that records a body's vedtak moving all its cases at once.
    gjennom_vedtak: bool = False


@dataclass(frozen=True)
class Overgang:
    sak_id: int
    referanse: str
    hendelse: str
    fra: str
    til: str
    versjon: int
    audit_id: int
    utboks_ider: tuple[int, ...]


def utfor_hendelse(
    kommando: Hendelseskommando, *, uow: UnitOfWork, miljo: Saksmiljo, brukernavn: str
) -> Overgang:
    """Apply one event as the named user and commit it."""
    with uow:
        aktor = hent_aktor(uow.session, brukernavn)
        overgang = anvend_hendelse(kommando, uow=uow, miljo=miljo, aktor=aktor)
        uow.commit()
    return overgang


def anvend_hendelse(
    kommando: Hendelseskommando, *, uow: UnitOfWork, miljo: Saksmiljo, aktor: Bruker
) -> Overgang:
    """Apply one event inside an open unit of work (batch operations call this)."""
    lastet = last_sak(
        uow.session, miljo.register, aktor, kommando.sak_id, for_hendelse=kommando.hendelse
    )
    sak, flyt = lastet.sak, lastet.flyt
    regel = flyt.regel(kommando.hendelse)
    sjekk_hendelse(aktor, flyt, regel, kommando.hendelse, lastet.subjekt,
                   med_fil=kommando.med_fil, gjennom_vedtak=kommando.gjennom_vedtak)  # fmt: skip
    aktor = _utforer(uow, aktor, regel, lastet)
    _sjekk_versjon(sak.versjon, kommando.forventet_versjon)
    kommando = replace(kommando, kommentar=_les_kommentar(regel, kommando))
    felt = les_felt(
        regel.felt,
        kommando.felt,
        partoppslag(uow.session, sak.helsefellesskap_id, miljo.innstillinger),
    )
    krev_ssu_saker_i_felt(uow.session, sak.helsefellesskap_id, regel.felt, felt)
    _sjekk_lovlig_naa(flyt, kommando.hendelse, sak.state)
    naa = miljo.klokke.now()
    fra = sak.state
    frister = Fristfabrikk(miljo.innstillinger, sak.helsefellesskap_id)
    with maskin_i(flyt.maskin, sak.state) as (maskin, tilstand):
        maskin.send(
            kommando.hendelse,
            **{flyt.subjekt: lastet.subjekt},
            sak=sak,
            felt=felt,
            naa=naa,
            aktor=aktor,
            kommentar=kommando.kommentar,
            frister=frister,
        )
        # The case row gets its new state once the event has run (guards and callbacks
        # see the state it had, or, in a transition to itself, has).
        sak.state = tilstand.state
    uow.session.add_all(frister.laget)
    sak.endret = naa
    # Every event is a change to the case, even one that stays in its state (an FSU member
    # added or removed): the row is written, so its version moves and a stale form is refused.
    flag_modified(sak, "endret")
    sorg_for_saken(uow.session, miljo.innstillinger, flyt, sak, naa)
    return _registrer(uow, miljo, lastet, aktor, kommando, regel, felt, fra, naa)


def _utforer(uow: UnitOfWork, aktor: Bruker, regel: Hendelsesregel, lastet: LastetSak) -> Bruker:
    """Who the transition is recorded as: the actor, or the helsefellesskap's system user when
    only a vedtak gives the actor the event (`Hendelsesregel.gjennom_vedtak`)."""
    if aktor.rollesett & (regel.hvem | regel.med_fil):
        return aktor
    # `sjekk_hendelse` let the actor through, so only the vedtak gives them the event.
    return hent_aktor(uow.session, systembrukernavn(lastet.sak.helsefellesskap.kode))


def _registrer(
    uow: UnitOfWork,
    miljo: Saksmiljo,
    lastet: LastetSak,
    aktor: Bruker,
    kommando: Hendelseskommando,
    regel: Hendelsesregel,
    felt: Mapping[str, Any],
    fra: str,
    naa: datetime,
) -> Overgang:
    sak, flyt = lastet.sak, lastet.flyt
    assert sak.id is not None
    audit = skriv_audit(
        uow.session,
        helsefellesskap_id=sak.helsefellesskap_id,
        tidspunkt=naa,
        bruker=aktor,
        objekt_type=flyt.navn,
        objekt_id=sak.id,
        hendelse=kommando.hendelse,
        fra=fra,
        til=sak.state,
        kommentar=kommando.kommentar,
        detaljer=_vis_felt(felt),
    )
    rader: list[int] = []
    if regel.varsler:
        rader = _koe(uow, miljo, lastet, kommando, regel, felt, fra, naa, audit)
    uow.flush()
    return Overgang(
        sak_id=sak.id,
        referanse=flyt.referanse(sak.id),
        hendelse=kommando.hendelse,
        fra=fra,
        til=sak.state,
        versjon=sak.versjon,
        audit_id=audit.id or 0,
        utboks_ider=tuple(rader),
    )


def _koe(
    uow: UnitOfWork,
    miljo: Saksmiljo,
    lastet: LastetSak,
    kommando: Hendelseskommando,
    regel: Hendelsesregel,
    felt: Mapping[str, Any],
    fra: str,
    naa: datetime,
    audit: AuditEntry,
) -> list[int]:
    """The event's e-mails, as outbox ids; the template context (`malkontekst`) is built
    only for them."""
    hf = lastet.sak.helsefellesskap
    katalog = Mottakerkatalog(
        uow.session, hf.id or 0, miljo.innstillinger.helsefellesskap_innstillinger(hf.kode)
    )
    return koe_varsler(
        uow.session,
        miljo,
        varsler=regel.varsler,
        katalog=katalog,
        flyt=lastet.flyt,
        sak=lastet.sak,
        subjekt=lastet.subjekt,
        felt=felt,
        kontekst=varselkontekst(miljo, hf, lastet, kommando, fra, naa),
        audit=audit,
        naa=naa,
    )


def varselkontekst(
    miljo: Saksmiljo,
    hf: Helsefellesskap,
    lastet: LastetSak,
    kommando: Hendelseskommando,
    fra: str,
    naa: datetime,
) -> dict[str, Any]:
    """The variables every template may use, plus the workflow's own."""
    sak, flyt = lastet.sak, lastet.flyt
    assert sak.id is not None
    egne = flyt.malkontekst(lastet.subjekt) if flyt.malkontekst else {}
    return {
        "helsefellesskap": hf.navn,
        "sak": {
            "id": sak.id,
            "referanse": flyt.referanse(sak.id),
            "tittel": sak.tittel,
            "type": flyt.tittel,
        },
        "hendelse": flyt.hendelsesnavn(kommando.hendelse),
        "fra": fra,
        "til": sak.state,
        "fra_tilstand": flyt.tilstandsnavn(fra),
        "til_tilstand": flyt.tilstandsnavn(sak.state),
        "kommentar": kommando.kommentar,
        "lenke": f"{miljo.innstillinger.base_url.rstrip('/')}/saker/{sak.id}",
        "tidspunkt": norsk_tidspunkt(naa),
        **egne,
    }


def _sjekk_versjon(naverende: int, forventet: int | None) -> None:
    if forventet is not None and forventet != naverende:
        raise Konflikt(
            f"Saken er endret siden du lastet den (versjon {forventet}, nå {naverende}). "
            "Last den på nytt og prøv igjen."
        )


def _les_kommentar(regel: Hendelsesregel, kommando: Hendelseskommando) -> str:
    """The comment with line breaks as LF; required by some events, never control characters."""
    if regel.kommentar_pakrevd and not kommando.kommentar.strip():
        raise UgyldigFelt("kommentar", "denne hendelsen krever en kommentar (begrunnelse)")
    try:
        return flerlinje(kommando.kommentar)
    except ValueError as feil:
        raise UgyldigFelt("kommentar", str(feil)) from None


def _sjekk_lovlig_naa(flyt: Arbeidsflyt, hendelse: str, tilstand: str) -> None:
    lovlige = flyt.lovlige_hendelser(tilstand)
    if hendelse not in lovlige:
        tekst = ", ".join(f"{e} ({flyt.hendelsesnavn(e)})" for e in lovlige) or "ingen"
        raise UgyldigHendelse(
            f"«{flyt.hendelsesnavn(hendelse)}» er ikke mulig når saken er "
            f"«{flyt.tilstandsnavn(tilstand)}» ({tilstand}). Mulige hendelser: {tekst}"
        )


def _vis_felt(felt: Mapping[str, Any]) -> dict[str, Any]:
    return {navn: _vis(verdi) for navn, verdi in felt.items()}


def _vis(verdi: Any) -> Any:
    if isinstance(verdi, Part):
        return verdi.navn
    if isinstance(verdi, Periode):
        return verdi.tekst
    if isinstance(verdi, date):
        return verdi.isoformat()
    if isinstance(verdi, dict):
        return {str(k): _vis(v) for k, v in verdi.items()}
    if isinstance(verdi, Belop):
        return {"ore": verdi.ore, "tekst": verdi.tekst}
    return verdi
