"""Create and load cases of any workflow, scoped to the acting user's helsefellesskap."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from tilskudd_flow.config import Innstillinger, UgyldigKonfigurasjon
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflyt, Arbeidsflytregister
from tilskudd_flow.domain.feil import IkkeFunnet, IkkeTillatt, UgyldigFelt
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.domain.partnavn import finn_part, navneformer, normalisert_navn
from tilskudd_flow.domain.tekst import krev_enlinje, krev_flerlinje
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.tenancy import Bruker, Helsefellesskap, Part, PartAlias
from tilskudd_flow.motor.aarshjul import sorg_for_saken
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.samlet_lasting import last_det_som_mangler, last_detalj
from tilskudd_flow.motor.tilgang import kan_se


@dataclass
class LastetSak:
    sak: WorkflowCase
    flyt: Arbeidsflyt
    subjekt: Any


def opprett_sak(
    session: Session,
    miljo: Saksmiljo,
    *,
    aktor: Bruker,
    flyt: Arbeidsflyt,
    tittel: str,
    subjekt: Any = None,
    kommentar: str = "",
) -> WorkflowCase:
    """A new case in the workflow's initial state, with its detail row and audit entry."""
    krev_enlinje(tittel=tittel)  # the subject of the case's e-mails
    kommentar = krev_flerlinje(kommentar=kommentar)["kommentar"]
    if not aktor.rollesett & flyt.oppretter:
        raise IkkeTillatt(f"{aktor.brukernavn} kan ikke opprette saker av typen {flyt.tittel}")
    naa = miljo.klokke.now()
    sak = WorkflowCase(
        helsefellesskap_id=aktor.helsefellesskap_id,
        workflow=flyt.navn,
        state=flyt.starttilstand,
        tittel=tittel,
        opprettet=naa,
        endret=naa,
    )
    session.add(sak)
    session.flush()
    assert sak.id is not None
    if subjekt is not None:
        subjekt.case_id = sak.id
        session.add(subjekt)
    skriv_audit(
        session,
        helsefellesskap_id=sak.helsefellesskap_id,
        tidspunkt=naa,
        bruker=aktor,
        objekt_type=flyt.navn,
        objekt_id=sak.id,
        hendelse="opprett",
        til=sak.state,
        kommentar=kommentar,
    )
    sorg_for_saken(session, miljo.innstillinger, flyt, sak, naa)
    return sak


def opprett_enkel_sak(
    session: Session, miljo: Saksmiljo, *, aktor: Bruker, workflow: str, tittel: str
) -> int:
    """A case of a workflow that keeps no detail row (its file declares no detaljmodell)."""
    flyt = miljo.register.hent(workflow)
    if flyt.detaljmodell is not None:
        raise UgyldigFelt("type", f"{flyt.tittel} opprettes med sin egen kommando, se --help")
    if not tittel.strip():
        raise UgyldigFelt("tittel", "saken må ha en tittel")
    sak = opprett_sak(session, miljo, aktor=aktor, flyt=flyt, tittel=tittel.strip())
    assert sak.id is not None
    return sak.id


def last_sak(
    session: Session,
    register: Arbeidsflytregister,
    aktor: Bruker,
    sak_id: int,
    *,
    for_hendelse: str | None = None,
) -> LastetSak:
    """The case with its workflow and detail row, if the actor may see it; `for_hendelse`
    also loads what a transition by that event reads (`Arbeidsflyt.laster_for`), so it
    fetches nothing lazily: the detail row and all of that in one statement
    (`motor/samlet_lasting.py`) when it is not in the session yet. That statement comes
    before the visibility check, which reads its rows; another helsefellesskap's case stops
    before it, and a refused actor is told no more than that there is no such case."""
    sak = session.get(WorkflowCase, sak_id)
    if sak is None or sak.helsefellesskap_id != aktor.helsefellesskap_id:
        raise IkkeFunnet(f"Finner ingen sak med id {sak_id}")
    flyt = register.hent(sak.workflow)
    plan = _lasteplan(flyt, aktor, for_hendelse) if for_hendelse else ()
    if flyt.detaljmodell is None:
        subjekt = None
    elif plan:
        subjekt = last_detalj(session, flyt.detaljmodell, sak_id, plan)
    else:
        subjekt = session.get(flyt.detaljmodell, sak_id)
    if not kan_se(aktor, flyt, sak, subjekt):
        raise IkkeFunnet(f"Finner ingen sak med id {sak_id}")
    if subjekt is not None and plan:
        # A detail row already in the session (a batch read it, or this transaction created
        # it) gets what it lacks now, before the transition writes anything.
        last_det_som_mangler(session, subjekt, plan)
    return LastetSak(sak, flyt, subjekt)


def _lasteplan(flyt: Arbeidsflyt, aktor: Bruker, hendelse: str) -> tuple[Any, ...]:
    return flyt.laster_for(hendelse, soker=Rolle.SOKER in aktor.rollesett)


def partoppslag(
    session: Session, helsefellesskap_id: int, innstillinger: Innstillinger
) -> Callable[[str], Part | None]:
    """A lookup of a kommune or helseforetak by kommunenummer, name (with or without
    «kommune»/«HF») or an alias configured for the helsefellesskap."""
    lastet: list[tuple[list[Part], dict[str, str]]] = []  # read at the first lookup

    def finn(tekst: str) -> Part | None:
        if not lastet:
            alle = session.exec(
                select(Part)
                .where(Part.helsefellesskap_id == helsefellesskap_id)
                .order_by(col(Part.id))
            )
            parter = list(alle)
            lastet.append((parter, partaliaser(session, helsefellesskap_id, innstillinger,
                                               parter)))  # fmt: skip
        parter, aliaser = lastet[0]
        return finn_part(tekst, parter, aliaser)

    return finn


def partaliaser(
    session: Session, helsefellesskap_id: int, innstillinger: Innstillinger, parter: list[Part]
) -> dict[str, str]:
    """Normalised alias → the party's name: those set up on the web (`part_alias`) and those
    in config.toml, whose party may be named there by a name it has since been renamed from
    (kept as a web alias)."""
    fra_databasen = databasealiaser(session, helsefellesskap_id, parter)
    hf = session.get(Helsefellesskap, helsefellesskap_id)
    oppsett = innstillinger.helsefellesskap.get(hf.kode) if hf is not None else None
    fra_config = oppsett.partaliaser() if oppsett is not None else {}
    for alias, navn in fra_config.items():
        part = finn_part(navn, parter, fra_databasen)
        fra_databasen.setdefault(alias, part.navn if part is not None else navn)
    return fra_databasen


def databasealiaser(
    session: Session, helsefellesskap_id: int, parter: list[Part]
) -> dict[str, str]:
    """Normalised alias → party name, for the aliases kept in the database."""
    navn = {p.id: p.navn for p in parter}
    rader = session.exec(
        select(PartAlias).where(PartAlias.helsefellesskap_id == helsefellesskap_id)
    )
    return {rad.normalisert: navn[rad.part_id] for rad in rader if rad.part_id in navn}


def sjekk_partaliaser(session: Session, innstillinger: Innstillinger) -> None:
    """Every configured alias names one party of its helsefellesskap; checked at start-up.
    A helsefellesskap not installed yet, or with no parties yet (before the go-live import),
    has nothing to check against and is checked at the next start."""
    for kode, oppsett in innstillinger.helsefellesskap.items():
        hf = session.exec(select(Helsefellesskap).where(Helsefellesskap.kode == kode)).first()
        if hf is None or not oppsett.aliaser:
            continue
        parter = list(session.exec(select(Part).where(Part.helsefellesskap_id == hf.id)))
        if parter:
            tidligere = databasealiaser(session, hf.id or 0, parter)
            _sjekk_mot_partene(kode, oppsett.aliaser, [p.navn for p in parter], tidligere)


def _sjekk_mot_partene(
    kode: str, aliaser: dict[str, list[str]], partnavn: list[str], webaliaser: dict[str, str]
) -> None:
    # A party renamed on the web keeps its old name as an alias, so config.toml may still
    # name it by that.
    kjente = {**webaliaser, **{form: n for n in partnavn for form in navneformer(n)}}
    for part, andre_navn in aliaser.items():
        if normalisert_navn(part) not in kjente:
            raise UgyldigKonfigurasjon(
                f"helsefellesskap.{kode}.aliaser: «{part}» er ingen part i helsefellesskapet "
                f"(partene: {', '.join(sorted(partnavn))})"
            )
        for alias in andre_navn:
            annen = kjente.get(normalisert_navn(alias))
            if annen is not None and annen != kjente[normalisert_navn(part)]:
                raise UgyldigKonfigurasjon(
                    f"helsefellesskap.{kode}.aliaser: aliaset «{alias}» for «{part}» er navnet "
                    f"på en annen part («{annen}») og peker dermed på to parter"
                )
