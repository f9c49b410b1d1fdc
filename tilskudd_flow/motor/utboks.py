"""The outbox: every e-mail becomes a row here, in the transaction of what caused it.

`utboksrad` makes every row's columns: the recipient, the template's name and the template's
context frozen as JSON; nothing is rendered until the delivery worker builds the message
(`innhold`), so what the recipient reads is still fixed here. A transition's e-mails come from
its event's `varsler` (`koe_varsler`, one INSERT for them all); an e-mail outside a
transition from its `Epost` declaration (`koe_epost`, through `legg_i_utboks`). The
sekretariat resends, corrects or drops a stopped row, audited.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from jinja2 import TemplateError
from markupsafe import escape
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col

from tilskudd_flow.adapters.varselmaler import Epostinnhold, Varselbygger, frys, tin
from tilskudd_flow.domain.arbeidsflyt import FELLES_MOTTAKERE, Adresse, Arbeidsflyt, Epost, Varsel
from tilskudd_flow.domain.feil import IkkeFunnet, Regelbrudd, UgyldigFelt
from tilskudd_flow.domain.kodeverk import OutboxStatus, Rolle
from tilskudd_flow.domain.mottaker import gyldig_mottakeradresse, gyldig_mottakernavn
from tilskudd_flow.models.audit import AuditEntry
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.outbox import OutboxMessage, UtboksVedlegg
from tilskudd_flow.models.tenancy import Bruker, Helsefellesskap
from tilskudd_flow.motor.adresser import side_for
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.mottakere import Mottakerkatalog
from tilskudd_flow.motor.tilgang import krev_rolle

# A stored file an e-mail carries: (file name, media type, path under the data folder).
Vedlegg = tuple[str, str, str]


def legg_i_utboks(
    session: Session,
    til: Adresse,
    *,
    mal: str,
    kontekst: Mapping[str, Any],
    helsefellesskap_id: int,
    naa: datetime,
    case_id: int | None = None,
    audit: AuditEntry | None = None,
    jobb_id: int | None = None,
) -> OutboxMessage:
    """The one place an outbox row is made: an e-mail for one recipient, its template
    context frozen now, added to the caller's transaction (the worker renders it)."""
    audit_id = audit.id if audit else None
    rad = utboksrad(til, mal=mal, kontekst=kontekst, naa=naa, case_id=case_id, jobb_id=jobb_id,
                    helsefellesskap_id=helsefellesskap_id, audit_id=audit_id)  # fmt: skip
    melding = OutboxMessage(**rad)
    if audit is not None and audit.id is None:
        melding.audit = audit
    session.add(melding)
    return melding


def utboksrad(
    til: Adresse,
    *,
    mal: str,
    kontekst: Mapping[str, Any],
    helsefellesskap_id: int,
    naa: datetime,
    case_id: int | None,
    audit_id: int | None,
    jobb_id: int | None,
) -> dict[str, Any]:
    """The columns of one outbox row: recipient, template and frozen context (greeting
    included), and nothing rendered yet. Every insert, ORM or executemany, starts here."""
    fryst = frys({**kontekst, "mottaker": mottakerkontekst(til)})
    return {"helsefellesskap_id": helsefellesskap_id, "opprettet": naa, "mal": mal,
            "til_adresse": til.epost, "til_navn": til.navn, "emne": "", "tekst": "", "html": "",
            "kontekst": fryst, "case_id": case_id, "audit_id": audit_id, "jobb_id": jobb_id,
            "status": OutboxStatus.KLAR, "forsok": 0, "sist_feil": "", "laast_av": ""}  # fmt: skip


# What rendering a frozen context can raise: the template's own errors, and what a template
# that reads a value the wrong way raises. The worker fails that row alone; a page says so.
MALFEIL: tuple[type[Exception], ...] = (
    TemplateError,
    ValueError,
    TypeError,
    LookupError,
    AttributeError,
)


def innhold(varsler: Varselbygger, melding: OutboxMessage) -> Epostinnhold:
    """What the recipient reads: rendered from the frozen context (the worker does it when it
    builds the message; a page or a test for a row not built yet), or as stored."""
    if melding.kontekst is None or melding.emne:
        return Epostinnhold(melding.emne, melding.tekst, melding.html)
    return varsler.bygg(melding.mal, tin(melding.kontekst))


def med_innhold(varsler: Varselbygger, rader: Iterable[OutboxMessage]) -> list[OutboxMessage]:
    """The rows with `emne`, `tekst` and `html` as the recipient reads them, rendered where
    the worker has not yet; for reading only: the session does not see them as changed."""
    utfylt = list(rader)
    for rad in utfylt:
        vist = innhold(varsler, rad)
        for navn in ("emne", "tekst", "html"):
            set_committed_value(rad, navn, getattr(vist, navn))
    return utfylt


def innhold_som_vist(varsler: Varselbygger, melding: OutboxMessage) -> Epostinnhold:
    """`innhold` for a page: a template that cannot render says so instead of failing the
    page (the worker fails that row with the same reason when it comes to it)."""
    try:
        return innhold(varsler, melding)
    except MALFEIL as feil:
        grunn = f"(Malen «{melding.mal}» kan ikke lages: {type(feil).__name__}: {feil})"
        return Epostinnhold(grunn, grunn + "\n", f"<p>{escape(grunn)}</p>\n")


def mottakerkontekst(til: Adresse) -> dict[str, Any]:
    """The recipient as templates see it: the frame's greeting reads all three."""
    return {"navn": til.navn, "epost": til.epost, "organisasjon": til.organisasjon}


def koe_varsler(
    session: Session,
    miljo: Saksmiljo,
    *,
    varsler: Iterable[Varsel],
    katalog: Mottakerkatalog,
    flyt: Arbeidsflyt,
    sak: WorkflowCase,
    subjekt: Any,
    felt: Mapping[str, Any],
    kontekst: Mapping[str, Any],
    audit: AuditEntry | None,
    naa: datetime,
) -> list[int]:
    """One outbox row per (template, recipient address), its context frozen now, written in
    one INSERT; the rows' ids, for `utboksrader` where a caller attaches files."""
    if audit is not None and audit.id is None:
        session.flush()
    audit_id = audit.id if audit is not None else None
    rader: list[dict[str, Any]] = []
    for varsel in varsler:
        adresser = _unike(a for kind in varsel.til for a in katalog.finn(kind, flyt, subjekt, felt))
        egen = {**kontekst, **_side(miljo, varsel, sak)}
        rader += [utboksrad(adresse, mal=varsel.mal, kontekst=egen, naa=naa, audit_id=audit_id,
                            helsefellesskap_id=sak.helsefellesskap_id, case_id=sak.id,
                            jobb_id=None) for adresse in adresser]  # fmt: skip
    return _skriv(session, rader)


def _skriv(session: Session, rader: list[dict[str, Any]]) -> list[int]:
    """Insert the rows in one statement; their ids in the order given. A transition queues
    one row per (template, address), so RETURNING those finds each row's id: asking the
    database to return them in order instead makes SQLite insert one row at a time."""
    if not rader:
        return []
    sporring = sa.insert(OutboxMessage).returning(
        col(OutboxMessage.id), col(OutboxMessage.mal), col(OutboxMessage.til_adresse)
    )
    ider: dict[tuple[str, str], list[int]] = defaultdict(list)
    for id_, mal, adresse in session.execute(sporring, rader):
        ider[(mal, adresse)].append(id_)
    return [ider[(rad["mal"], rad["til_adresse"])].pop(0) for rad in rader]


def _side(miljo: Saksmiljo, varsel: Varsel, sak: WorkflowCase) -> dict[str, str]:
    """The link of an e-mail that leads to another page than the case page."""
    if varsel.side is None:
        return {}
    assert sak.id is not None
    return {"lenke": miljo.innstillinger.base_url.rstrip("/") + side_for(varsel.side, sak.id)}


def koe_epost(
    session: Session,
    miljo: Saksmiljo,
    epost: Epost,
    *,
    helsefellesskap_id: int,
    kontekst: Mapping[str, Any],
    naa: datetime,
    til: Mapping[str, Iterable[Adresse]] | None = None,
    case_id: int | None = None,
) -> list[OutboxMessage]:
    """A declared e-mail outside a transition, one row per recipient, its context frozen now.

    `til` gives the addresses of the recipient kinds the routine names when it sends (the
    invitee …); the engine finds its common kinds (the sekretariat …) itself."""
    rader: list[OutboxMessage] = []
    for adresse in _deklarerte_mottakere(session, miljo, epost, helsefellesskap_id, til or {}):
        rader.append(legg_i_utboks(session, adresse, mal=epost.mal, kontekst=kontekst,
                                   helsefellesskap_id=helsefellesskap_id, naa=naa,
                                   case_id=case_id))  # fmt: skip
    return rader


def _deklarerte_mottakere(
    session: Session,
    miljo: Saksmiljo,
    epost: Epost,
    helsefellesskap_id: int,
    oppgitt: Mapping[str, Iterable[Adresse]],
) -> list[Adresse]:
    if ukjente := set(oppgitt) - set(epost.til):
        raise ValueError(f"e-posten {epost.mal} går ikke til {sorted(ukjente)}")
    hf = session.get(Helsefellesskap, helsefellesskap_id)
    assert hf is not None
    innstillinger = miljo.innstillinger.helsefellesskap_innstillinger(hf.kode)
    katalog = Mottakerkatalog(session, helsefellesskap_id, innstillinger)
    adresser: list[Adresse] = []
    for kind in epost.til:
        if kind in oppgitt:
            adresser.extend(oppgitt[kind])
        elif kind in FELLES_MOTTAKERE:
            adresser.extend(katalog.felles(kind))
        else:
            raise ValueError(f"e-posten {epost.mal}: mottakeren «{kind}» er ikke oppgitt")
    return _unike(adresser)


def _unike(adresser: Iterable[Adresse]) -> list[Adresse]:
    sett: dict[str, Adresse] = {}
    for adresse in adresser:
        sett.setdefault(adresse.epost.lower(), adresse)
    return list(sett.values())


def utboksrader(session: Session, ider: Iterable[int]) -> list[OutboxMessage]:
    """The rows a transition queued (`Overgang.utboks_ider`), e.g. to attach its papers."""
    rader = [session.get(OutboxMessage, i) for i in ider]
    return [r for r in rader if r is not None]


def legg_ved(rader: Iterable[OutboxMessage], filer: Sequence[Vedlegg]) -> list[OutboxMessage]:
    """The same stored files attached to each row (each row gets rows of its own)."""
    utfylt = list(rader)
    for rad in utfylt:
        rad.vedlegg = [UtboksVedlegg(filnavn=n, mimetype=m, sti=s) for n, m, s in filer]
    return utfylt


def send_igjen(session: Session, *, aktor: Bruker, melding_id: int, naa: datetime) -> OutboxMessage:
    """Put a failed or dead message back in the queue; the audit row says who did it."""
    melding = _stoppet(session, aktor, melding_id, "sendes på nytt")
    _revider(session, aktor, melding, "send_igjen", naa, {})
    melding.status, melding.forsok, melding.neste_forsok = OutboxStatus.KLAR, 0, None
    return melding


def rett_mottaker(
    session: Session, *, aktor: Bruker, melding_id: int, adresse: str, navn: str, naa: datetime
) -> OutboxMessage:
    """Correct a stopped message's recipient and put it back in the queue, audited."""
    melding = _stoppet(session, aktor, melding_id, "rettes")
    ny_adresse = _gyldig("adresse", gyldig_mottakeradresse, adresse)
    nytt_navn = _gyldig("navn", gyldig_mottakernavn, navn)
    endring = {"adresse": [melding.til_adresse, ny_adresse], "navn": [melding.til_navn, nytt_navn],
               "sist_feil": melding.sist_feil}  # fmt: skip
    _revider(session, aktor, melding, "rett_mottaker", naa, endring)
    melding.til_adresse, melding.til_navn, melding.sist_feil = ny_adresse, nytt_navn, ""
    melding.status, melding.forsok, melding.neste_forsok = OutboxStatus.KLAR, 0, None
    return melding


def forkast(session: Session, *, aktor: Bruker, melding_id: int, naa: datetime) -> OutboxMessage:
    """Drop a stopped message for good (it is kept, marked forkastet, never sent), audited."""
    melding = _stoppet(session, aktor, melding_id, "forkastes")
    _revider(session, aktor, melding, "forkast", naa, {"sist_feil": melding.sist_feil})
    melding.status = OutboxStatus.FORKASTET
    return melding


def _stoppet(session: Session, aktor: Bruker, melding_id: int, hva: str) -> OutboxMessage:
    """A failed or dead message of the actor's helsefellesskap; only the sekretariat acts."""
    krev_rolle(aktor, Rolle.SEKRETARIAT, Rolle.ADMIN)
    melding = session.get(OutboxMessage, melding_id)
    if melding is None or melding.helsefellesskap_id != aktor.helsefellesskap_id:
        raise IkkeFunnet(f"Finner ingen e-post med id {melding_id}")
    if melding.status not in (OutboxStatus.FEILET, OutboxStatus.DOD):
        raise Regelbrudd(
            f"E-post {melding_id} er {melding.status.visning.lower()}; bare feilede og døde "
            f"e-poster {hva}"
        )
    return melding


def _revider(
    session: Session,
    aktor: Bruker,
    melding: OutboxMessage,
    hendelse: str,
    naa: datetime,
    detaljer: Mapping[str, Any],
) -> None:
    skriv_audit(
        session,
        helsefellesskap_id=melding.helsefellesskap_id,
        tidspunkt=naa,
        bruker=aktor,
        objekt_type="utboks",
        objekt_id=melding.id or 0,
        hendelse=hendelse,
        detaljer={"status": melding.status.value, "forsok": melding.forsok, **detaljer},
    )


def _gyldig(felt: str, sjekk: Callable[[str], str], verdi: str) -> str:
    try:
        return sjekk(verdi)
    except ValueError as feil:
        raise UgyldigFelt(felt, str(feil)) from None
