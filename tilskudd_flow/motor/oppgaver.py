"""«Mine oppgaver»: the cases whose state waits for one of the user's roles and the
deadlines the workflows address to them (each workflow declares both: `venter_paa`,
`frister`), then what the engine's own wings hold: failed e-mails, dates to confirm."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from urllib.parse import urlencode

from sqlalchemy import ColumnElement, and_, or_
from sqlmodel import Session, col, select

from tilskudd_flow.domain.arbeidsflyt import Arbeidsflyt, Arbeidsflytregister, Fristregel
from tilskudd_flow.domain.kodeverk import OutboxStatus
from tilskudd_flow.domain.oppgaver import (
    Oppgave,
    fristen_angaar,
    fristoppgave,
    i_rekkefolge,
    venter_paa_deg,
)
from tilskudd_flow.domain.tid import dato_i_oslo
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.frist import Frist
from tilskudd_flow.models.outbox import OutboxMessage
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.motor.tilgang import INTERNE_ROLLER, kan_se, synlige_saker

FEILET = (OutboxStatus.FEILET, OutboxStatus.DOD)
ELDSTE_AAR = 3  # deadlines of this many years back still count (a late sluttrapport)


def mine_oppgaver(
    session: Session, register: Arbeidsflytregister, aktor: Bruker, idag: date
) -> list[Oppgave]:
    """Everything that waits for the user, their own cases first, then by deadline."""
    oppgaver = list(_saksoppgaver(session, register, aktor, idag))
    if aktor.rollesett & INTERNE_ROLLER:
        oppgaver += _feilede_eposter(session, aktor)
        oppgaver += _datoer_aa_bekrefte(session, aktor, idag)
    return i_rekkefolge(oppgaver)


def _saksoppgaver(
    session: Session, register: Arbeidsflytregister, aktor: Bruker, idag: date
) -> Iterator[Oppgave]:
    saker = _aktuelle_saker(session, register, aktor)
    frister = _frister_for(session, register, aktor, idag)
    navn = _saksbehandlernavn(session, saker)
    for sak in saker:
        flyt = register.hent(sak.workflow)
        subjekt = session.get(flyt.detaljmodell, sak.id) if flyt.detaljmodell else sak
        if not kan_se(aktor, flyt, sak, subjekt):
            continue
        din = sak.saksbehandler_id is not None and sak.saksbehandler_id == aktor.id
        oppgaver = list(hva_saken_venter_paa(flyt, sak, subjekt, frister, aktor, idag))
        if not oppgaver and din and not flyt.er_avsluttet(sak.state):
            oppgaver = [("Følg saken", _neste_frist(flyt, sak, subjekt, frister, idag))]
        for hva, frist in oppgaver:
            yield Oppgave(
                hva=hva, gjelder=f"{flyt.referanse(sak.id or 0)} {sak.tittel}",
                lenke=f"/saker/{sak.id}", frist=frist.effektiv_dato if frist else None,
                fristnavn=frist.navn if frist else "",
                saksbehandler=navn.get(sak.saksbehandler_id or 0, ""), din=din,
            )  # fmt: skip


def _neste_frist(
    flyt: Arbeidsflyt,
    sak: WorkflowCase,
    subjekt: object,
    frister: Mapping[str, list[Frist]],
    idag: date,
) -> Frist | None:
    """The case's nearest deadline still ahead (a report due), for a case of one's own that
    waits for nobody now."""
    kommende = [
        f for _, f in _sakens_frister(flyt, sak, subjekt, frister) if f.effektiv_dato >= idag
    ]
    return min(kommende, key=lambda f: f.effektiv_dato, default=None)


def _sakens_frister(
    flyt: Arbeidsflyt, sak: WorkflowCase, subjekt: object, frister: Mapping[str, list[Frist]]
) -> list[tuple[Fristregel, Frist]]:
    """The deadlines the workflow's rules give this case in its state, with their rule."""
    return [
        (regel, frist)
        for regel in flyt.frister
        if sak.state in regel.tilstander
        for frist in frister.get(regel.frist, [])
        if regel.gjelder(subjekt, frist)
    ]  # fmt: skip


def hva_saken_venter_paa(
    flyt: Arbeidsflyt,
    sak: WorkflowCase,
    subjekt: object,
    frister: Mapping[str, list[Frist]],
    aktor: Bruker,
    idag: date,
) -> Iterator[tuple[str, Frist | None]]:
    """The state's task by the state's first deadline; else each deadline addressed to the
    user's roles (a report overdue, a required FSU member missing)."""
    gjeldende = _sakens_frister(flyt, sak, subjekt, frister)
    venter = flyt.venter_paa.get(sak.state)
    if venter is not None and venter_paa_deg(venter, aktor.rollesett):
        forste = min((f for _, f in gjeldende), key=lambda f: f.effektiv_dato, default=None)
        yield venter.oppgave, forste
        return
    for regel, frist in gjeldende:
        forfalt = frist.effektiv_dato < idag
        if fristen_angaar(regel, aktor.rollesett, forfalt=forfalt):
            yield fristoppgave(frist.navn, forfalt=forfalt), frist


def _aktuelle_saker(
    session: Session, register: Arbeidsflytregister, aktor: Bruker
) -> list[WorkflowCase]:
    """The user's helsefellesskap's cases in a state some declaration can make a task of,
    and the user's own cases."""
    synlig = synlige_saker(register, aktor)
    sporring = select(WorkflowCase).where(
        col(WorkflowCase.helsefellesskap_id) == aktor.helsefellesskap_id,
        or_(
            col(WorkflowCase.saksbehandler_id) == aktor.id,
            *(_i_aktuell_tilstand(flyt) for flyt in register.alle()),
        ),
        *([synlig] if synlig is not None else []),
    )
    return list(session.exec(sporring.order_by(col(WorkflowCase.id))))


def _i_aktuell_tilstand(flyt: Arbeidsflyt) -> ColumnElement[bool]:
    tilstander = set(flyt.venter_paa) | {t for regel in flyt.frister for t in regel.tilstander}
    return and_(col(WorkflowCase.workflow) == flyt.navn, col(WorkflowCase.state).in_(tilstander))


def _frister_for(
    session: Session, register: Arbeidsflytregister, aktor: Bruker, idag: date
) -> dict[str, list[Frist]]:
    """The deadlines of the kinds each workflow's rules name, by kind, as the deadline jobs
    read them: a rule's `gjelder` says which case one is for (a round's søknadsfrist, a
    report's own). Older years are left out: their deadlines are settled."""
    typer = {regel.frist for flyt in register.alle() for regel in flyt.frister}
    frister = session.exec(
        select(Frist).where(
            col(Frist.helsefellesskap_id) == aktor.helsefellesskap_id,
            col(Frist.type).in_(typer),
            col(Frist.aar) >= idag.year - ELDSTE_AAR,
        )
    )
    per_type: dict[str, list[Frist]] = {}
    for frist in frister:
        per_type.setdefault(frist.type, []).append(frist)
    return per_type


def _saksbehandlernavn(session: Session, saker: Sequence[WorkflowCase]) -> dict[int, str]:
    ider = {s.saksbehandler_id for s in saker if s.saksbehandler_id is not None}
    if not ider:
        return {}
    brukere = session.exec(select(Bruker.id, Bruker.navn).where(col(Bruker.id).in_(ider)))
    return {int(bruker_id or 0): navn for bruker_id, navn in brukere}


def _feilede_eposter(session: Session, aktor: Bruker) -> list[Oppgave]:
    """One task per e-mail template and case whose sending failed: the outbox shows which."""
    meldinger = session.exec(
        select(OutboxMessage).where(
            col(OutboxMessage.helsefellesskap_id) == aktor.helsefellesskap_id,
            col(OutboxMessage.status).in_(FEILET),
        ).order_by(col(OutboxMessage.id))
    )  # fmt: skip
    per_sending: dict[tuple[str, int | None], list[OutboxMessage]] = {}
    for melding in meldinger:
        # A row whose template would not render has no subject: its template names it.
        emne = melding.emne or f"(malen {melding.mal})"
        per_sending.setdefault((emne, melding.case_id), []).append(melding)
    return [_epostoppgave(emne, liste) for (emne, _), liste in per_sending.items()]


def _epostoppgave(emne: str, meldinger: list[OutboxMessage]) -> Oppgave:
    status = meldinger[0].status
    mottakere = ", ".join(sorted({m.til_adresse for m in meldinger}))
    return Oppgave(
        hva=f"E-posten kom ikke fram til {mottakere}: rett adressen eller send den igjen",
        gjelder=f"E-post «{emne}»",
        lenke="/utboks?" + urlencode({"status": status.value, "sok": meldinger[0].til_adresse}),
        frist=dato_i_oslo(meldinger[0].opprettet),
        fristnavn="Lagt i utboksen",
    )


def _datoer_aa_bekrefte(session: Session, aktor: Bruker, idag: date) -> list[Oppgave]:
    """Proposed dates still ahead (SSU's prioritisation meeting) not yet confirmed."""
    frister = session.exec(
        select(Frist).where(
            col(Frist.helsefellesskap_id) == aktor.helsefellesskap_id,
            col(Frist.bekreftet).is_(False),
        )
    )
    return [
        Oppgave(
            hva="Bekreft datoen eller flytt den",
            gjelder=frist.navn,
            lenke=f"/frister/{frist.id}",
            frist=frist.effektiv_dato,
            fristnavn=frist.navn,
        )
        for frist in frister
        if frist.effektiv_dato >= idag
    ]
