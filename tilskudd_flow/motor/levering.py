"""Drain the outbox: claim a batch, send it over one connection, record how each went.

The guarantee (at least once): a message is marked sent only after the server accepted
it. A worker that dies between the server's acceptance and that mark sends the message
again once its lease on the batch has run out, with the same Message-ID; so duplicates
are at most one batch, and recognisable. Temporary failures are retried with exponential
backoff and jitter; permanent ones, and the last of `maks_forsok` attempts, stop with the
server's reply kept, visible in `tilskudd utboks liste` and re-sendable.

One message never stops the others: each is built on its own, and one that cannot be
built (a name with a line break, an address that is no address, a missing attachment) or
that the server refuses for good is marked failed with the reason, and the sekretariat is
alerted (never about an alert), while the rest of the batch goes on. The sekretariat then
corrects the address or name (which puts it back in the queue) or drops it.

What the recipient reads was fixed at the transition: the row holds the template's name and
its context frozen as JSON, and the worker renders it when it builds the message (a template
that fails then fails that row alone, with the reason), keeping what went out on the row.
A batch's delivered messages are recorded with one UPDATE … executemany.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.errors import HeaderParseError
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

import sqlalchemy as sa
from sqlmodel import Session, col, or_, select
from sqlmodel.sql.expression import SelectOfScalar

from tilskudd_flow.adapters.epostmelding import Avsender, Epostvedlegg, bygg_epost
from tilskudd_flow.adapters.smtp import Utfall
from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.adapters.varselmaler import Epostinnhold
from tilskudd_flow.config import Innstillinger
from tilskudd_flow.domain.kodeverk import OutboxStatus
from tilskudd_flow.domain.mottaker import emnefeil, mottakerfeil
from tilskudd_flow.models.outbox import OutboxMessage
from tilskudd_flow.models.tenancy import Helsefellesskap
from tilskudd_flow.motor.leveringsvarsel import Hvorfor, varsle_sekretariatet
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.utboks import MALFEIL
from tilskudd_flow.motor.utboks import innhold as utboksinnhold

logger = logging.getLogger("tilskudd_flow.levering")


class Sender(Protocol):
    def __call__(self, meldinger: Sequence[tuple[int, EmailMessage]]) -> list[Utfall]: ...

    def lukk(self) -> None:
        """Close the connection kept between batches."""


Etterkrok = Callable[[list[Utfall]], None]


@dataclass(frozen=True)
class Batchresultat:
    sendt: int = 0
    utsatt: int = 0
    feilet: int = 0
    dode: int = 0

    @property
    def antall(self) -> int:
        return self.sendt + self.utsatt + self.feilet + self.dode

    def __add__(self, annet: Batchresultat) -> Batchresultat:
        return Batchresultat(self.sendt + annet.sendt, self.utsatt + annet.utsatt,
                             self.feilet + annet.feilet, self.dode + annet.dode)  # fmt: skip


@dataclass(frozen=True)
class _Bygd:
    """One claimed message, built: what goes on the wire and what the recipient reads."""

    melding_id: int
    epost: EmailMessage
    innhold: Epostinnhold


@dataclass(frozen=True)
class _Batch:
    bygde: list[_Bygd]
    ugyldige: int  # claimed, but could not be built: failed and alerted already

    def sendes(self) -> list[tuple[int, EmailMessage]]:
        return [(b.melding_id, b.epost) for b in self.bygde]


@dataclass
class Levering:
    uow: Callable[[], UnitOfWork]
    miljo: Saksmiljo
    send: Sender
    arbeider: str
    tilfeldig: random.Random = field(default_factory=random.Random)
    etter_sending: Etterkrok | None = None  # test hook: after sending, before recording
    _avsendere: dict[int, Avsender] = field(default_factory=dict, init=False, repr=False)

    def kjor_batch(self) -> Batchresultat:
        """One batch: claim, send over one connection, record. Empty when nothing is due."""
        batch = self._ta_batch()
        ugyldige = Batchresultat(feilet=batch.ugyldige)
        if not batch.bygde:
            return ugyldige
        return self._fullfor(batch, self.send(batch.sendes())) + ugyldige

    def tom_koen(self) -> Batchresultat:
        """Batches over one connection until nothing more is due now.

        One batch at a time: claiming and building the next one in a second thread while
        this one is on the wire measured slower (bench/epost.py, issue 22), since building
        and sending both need the GIL and the machine has no idle core to overlap with."""
        totalt = Batchresultat()
        try:
            while (resultat := self.kjor_batch()).antall:
                totalt += resultat
        finally:
            self.send.lukk()
        return totalt

    def _fullfor(self, batch: _Batch, utfall: list[Utfall]) -> Batchresultat:
        if self.etter_sending is not None:
            self.etter_sending(utfall)
        return self._registrer(batch, utfall)

    def _ta_batch(self) -> _Batch:
        """Claim due messages and build each; those that cannot be built fail here."""
        naa = self.miljo.klokke.now()
        with self.uow() as uow:
            meldinger = list(uow.session.exec(_klare(naa, self.miljo.innstillinger.epost.batch)))
            laas = naa + timedelta(seconds=self.miljo.innstillinger.epost.laas_sekunder)
            for melding in meldinger:
                melding.laast_til, melding.laast_av = laas, self.arbeider
            bygde = [b for m in meldinger if (b := self._bygg(uow.session, m)) is not None]
            uow.commit()
        return _Batch(bygde, len(meldinger) - len(bygde))

    def _avsender(self, session: Session, helsefellesskap_id: int) -> Avsender:
        if helsefellesskap_id not in self._avsendere:
            self._avsendere = _avsendere(session, self.miljo.innstillinger)
        return self._avsendere[helsefellesskap_id]

    def _bygg(self, session: Session, melding: OutboxMessage) -> _Bygd | None:
        """The e-mail, or None: then the message is failed for good, with why, and alerted."""
        innhold, grunn = self._gjengi(melding)
        if innhold is not None and grunn is None:
            try:
                epost = bygg_epost(melding, self._avsender(session, melding.helsefellesskap_id),
                                   _vedlegg(melding, self.miljo.innstillinger.data_dir),
                                   innhold=innhold)  # fmt: skip
                return _Bygd(melding.id or 0, epost, innhold)
            except OSError as feil:  # never retried: the file will not come back by itself
                grunn = _mangler(feil)
            except (ValueError, HeaderParseError) as feil:  # UnicodeError and header defects too
                grunn = f"E-posten kan ikke lages (teknisk feil: {type(feil).__name__}: {feil})."
        logger.warning("E-post %s til %r sendes ikke: %s", melding.id, melding.til_adresse, grunn)
        if innhold is not None:
            _behold_innhold(melding, innhold)
        melding.status, melding.sist_feil = OutboxStatus.FEILET, grunn or ""
        melding.laast_til, melding.laast_av = None, ""
        varsle_sekretariatet(session, self.miljo, melding, self.miljo.klokke.now(), "ugyldig")
        return None

    def _gjengi(self, melding: OutboxMessage) -> tuple[Epostinnhold | None, str | None]:
        """What the recipient reads, rendered from the frozen context, or why it cannot go
        (the template, the recipient or the subject)."""
        try:
            innhold = utboksinnhold(self.miljo.varsler, melding)
        except MALFEIL as feil:
            return None, _malfeil(melding.mal, feil)
        return innhold, mottakerfeil(melding.til_navn, melding.til_adresse) or emnefeil(
            innhold.emne
        )

    def _registrer(self, batch: _Batch, utfall: list[Utfall]) -> Batchresultat:
        """Record how each went: the delivered ones with one UPDATE … executemany, only
        where this worker still holds the lease; the rest one by one (they may alert)."""
        naa = self.miljo.klokke.now()
        bygde = {b.melding_id: b for b in batch.bygde}
        levert = [bygde[u.melding_id] for u in utfall if u.levert]
        andre = [u for u in utfall if not u.levert]
        tall = {"sendt": 0, "utsatt": 0, "feilet": 0, "dode": 0}
        with self.uow() as uow:
            tall["sendt"] = self._merk_sendt(uow.session, levert, naa)
            meldinger = _rader(uow.session, [u.melding_id for u in andre])
            for u in andre:
                melding = meldinger.get(u.melding_id)
                if melding is None or melding.laast_av != self.arbeider:
                    continue  # the lease ran out and another worker has it now
                _behold_innhold(melding, bygde[u.melding_id].innhold)
                tall[self._registrer_en(uow.session, melding, u, naa)] += 1
            uow.commit()
        return Batchresultat(**tall)

    def _merk_sendt(self, session: Session, levert: list[_Bygd], naa: datetime) -> int:
        """Sent, with what went out kept on the row; how many this worker still held."""
        if not levert:
            return 0
        rader = [{"b_id": b.melding_id, "b_emne": b.innhold.emne, "b_tekst": b.innhold.tekst,
                  "b_html": b.innhold.html} for b in levert]  # fmt: skip
        resultat = session.execute(
            _SENDT.values(sendt=naa).where(_UTBOKS.c.laast_av == self.arbeider), rader
        )
        return int(resultat.rowcount)  # type: ignore[attr-defined]

    def _registrer_en(
        self, session: Session, melding: OutboxMessage, utfall: Utfall, naa: datetime
    ) -> str:
        melding.laast_til, melding.laast_av = None, ""
        melding.forsok += 1
        melding.sist_feil = utfall.svar
        if not utfall.midlertidig:
            return self._gi_opp(session, melding, OutboxStatus.FEILET, naa, "refusert")
        if melding.forsok >= self.miljo.innstillinger.epost.maks_forsok:
            return self._gi_opp(session, melding, OutboxStatus.DOD, naa, "dod")
        melding.neste_forsok = naa + self._forsinkelse(melding.forsok)
        return "utsatt"

    def _gi_opp(
        self, session: Session, melding: OutboxMessage, status: OutboxStatus, naa: datetime,
        hvorfor: Hvorfor,
    ) -> str:  # fmt: skip
        melding.status = status
        logger.warning("E-post %s til %r: %s (%s)", melding.id, melding.til_adresse,
                       status.visning.lower(), melding.sist_feil)  # fmt: skip
        varsle_sekretariatet(session, self.miljo, melding, naa, hvorfor)
        return "feilet" if status == OutboxStatus.FEILET else "dode"

    def _forsinkelse(self, forsok: int) -> timedelta:
        """Exponential backoff with jitter: between half and all of first · 2^(n-1)."""
        valg = self.miljo.innstillinger.epost
        tak = min(valg.forste_forsinkelse_sekunder * 2 ** (forsok - 1),
                  valg.lengste_forsinkelse_sekunder)  # fmt: skip
        return timedelta(seconds=tak * self.tilfeldig.uniform(0.5, 1.0))


_UTBOKS: sa.Table = OutboxMessage.__table__  # type: ignore[attr-defined]
# Delivered: one statement for the batch, each row by id, only while this worker holds it.
_SENDT = (
    sa.update(_UTBOKS)
    .where(_UTBOKS.c.id == sa.bindparam("b_id"))
    .values(status=OutboxStatus.SENDT, laast_til=None, laast_av="", emne=sa.bindparam("b_emne"),
            tekst=sa.bindparam("b_tekst"), html=sa.bindparam("b_html"))
)  # fmt: skip


def _rader(session: Session, ider: list[int]) -> dict[int | None, OutboxMessage]:
    if not ider:
        return {}
    return {
        m.id: m for m in session.exec(select(OutboxMessage).where(col(OutboxMessage.id).in_(ider)))
    }


def _behold_innhold(melding: OutboxMessage, innhold: Epostinnhold) -> None:
    """A row rendered at delivery keeps what it said, so the outbox pages and the alert show
    the subject that failed."""
    if melding.kontekst is not None and not melding.emne:
        melding.emne, melding.tekst, melding.html = innhold.emne, innhold.tekst, innhold.html


def _malfeil(mal: str, feil: Exception) -> str:
    return (
        f"E-posten kan ikke lages fra malen «{mal}» ({type(feil).__name__}: {feil}); "
        "rett malen og send e-posten på nytt."
    )


def _klare(naa: datetime, grense: int) -> SelectOfScalar[OutboxMessage]:
    # SKIP LOCKED: workers in other processes take other messages rather than wait.
    return (
        select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.KLAR)
        .where(
            or_(col(OutboxMessage.neste_forsok).is_(None), col(OutboxMessage.neste_forsok) <= naa)
        )
        .where(or_(col(OutboxMessage.laast_til).is_(None), col(OutboxMessage.laast_til) < naa))
        .order_by(col(OutboxMessage.id))
        .limit(grense)
        .with_for_update(skip_locked=True)
    )


def _vedlegg(melding: OutboxMessage, data_dir: Path) -> list[Epostvedlegg]:
    """The attachment files, read now (a missing file fails the send loudly)."""
    return [
        Epostvedlegg(v.filnavn, v.mimetype, (data_dir / v.sti).read_bytes())
        for v in melding.vedlegg
    ]


def _mangler(feil: OSError) -> str:
    return f"Vedlegget kan ikke leses ({feil.filename}: {feil.strerror}); e-posten er ikke sendt"


def _avsendere(session: Session, innstillinger: Innstillinger) -> dict[int, Avsender]:
    avsendere = {}
    for hf in session.exec(select(Helsefellesskap)):
        valg = innstillinger.helsefellesskap_innstillinger(hf.kode)
        avsendere[hf.id or 0] = Avsender(valg.avsender, valg.svar_til)
    return avsendere
