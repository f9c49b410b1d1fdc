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

from sqlmodel import Session, col, or_, select
from sqlmodel.sql.expression import SelectOfScalar

from tilskudd_flow.adapters.epostmelding import Avsender, Epostvedlegg, bygg_epost
from tilskudd_flow.adapters.smtp import Utfall
from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.config import Innstillinger
from tilskudd_flow.domain.kodeverk import OutboxStatus
from tilskudd_flow.domain.mottaker import emnefeil, mottakerfeil
from tilskudd_flow.models.outbox import OutboxMessage
from tilskudd_flow.models.tenancy import Helsefellesskap
from tilskudd_flow.motor.leveringsvarsel import Hvorfor, varsle_sekretariatet
from tilskudd_flow.motor.miljo import Saksmiljo

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


@dataclass
class Levering:
    uow: Callable[[], UnitOfWork]
    miljo: Saksmiljo
    send: Sender
    arbeider: str
    tilfeldig: random.Random = field(default_factory=random.Random)
    etter_sending: Etterkrok | None = None  # test hook: after sending, before recording

    def kjor_batch(self) -> Batchresultat:
        """One batch: claim, send over one connection, record. Empty when nothing is due."""
        batch, ugyldige = self._ta_batch()
        if not batch:
            return Batchresultat(feilet=ugyldige)
        utfall = self.send([(m.id or 0, epost) for m, epost in batch])
        if self.etter_sending is not None:
            self.etter_sending(utfall)
        resultat = self._registrer(utfall)
        return Batchresultat(resultat.sendt, resultat.utsatt, resultat.feilet + ugyldige,
                             resultat.dode)  # fmt: skip

    def tom_koen(self) -> Batchresultat:
        """Batches over one connection until nothing more is due now."""
        totalt = Batchresultat()
        try:
            while (resultat := self.kjor_batch()).antall:
                totalt = Batchresultat(*(a + b for a, b in zip(_tall(totalt), _tall(resultat),
                                                              strict=True)))  # fmt: skip
        finally:
            self.send.lukk()
        return totalt

    def _ta_batch(self) -> tuple[list[tuple[OutboxMessage, EmailMessage]], int]:
        """Claim due messages and build each; also how many could not be built."""
        naa = self.miljo.klokke.now()
        with self.uow() as uow:
            meldinger = list(uow.session.exec(_klare(naa, self.miljo.innstillinger.epost.batch)))
            laas = naa + timedelta(seconds=self.miljo.innstillinger.epost.laas_sekunder)
            for melding in meldinger:
                melding.laast_til, melding.laast_av = laas, self.arbeider
            avsendere = _avsendere(uow.session, self.miljo.innstillinger)
            batch = []
            for melding in meldinger:
                epost = self._bygg(uow.session, melding, avsendere[melding.helsefellesskap_id])
                if epost is not None:
                    batch.append((melding, epost))
            uow.commit()
        return batch, len(meldinger) - len(batch)

    def _bygg(
        self, session: Session, melding: OutboxMessage, avsender: Avsender
    ) -> EmailMessage | None:
        """The e-mail, or None: then the message is failed for good, with why, and alerted."""
        grunn = mottakerfeil(melding.til_navn, melding.til_adresse) or emnefeil(melding.emne)
        if grunn is None:
            try:
                return bygg_epost(
                    melding, avsender, _vedlegg(melding, self.miljo.innstillinger.data_dir)
                )
            except OSError as feil:  # never retried: the file will not come back by itself
                grunn = _mangler(feil)
            except (ValueError, HeaderParseError) as feil:  # UnicodeError and header defects too
                grunn = f"E-posten kan ikke lages (teknisk feil: {type(feil).__name__}: {feil})."
        logger.warning("E-post %s til %r sendes ikke: %s", melding.id, melding.til_adresse, grunn)
        melding.status, melding.sist_feil = OutboxStatus.FEILET, grunn
        melding.laast_til, melding.laast_av = None, ""
        varsle_sekretariatet(session, self.miljo, melding, self.miljo.klokke.now(), "ugyldig")
        return None

    def _registrer(self, utfall: list[Utfall]) -> Batchresultat:
        naa = self.miljo.klokke.now()
        tall = {"sendt": 0, "utsatt": 0, "feilet": 0, "dode": 0}
        with self.uow() as uow:
            ider = [u.melding_id for u in utfall]
            meldinger = {
                m.id: m
                for m in uow.session.exec(
                    select(OutboxMessage).where(col(OutboxMessage.id).in_(ider))
                )
            }
            for u in utfall:
                melding = meldinger.get(u.melding_id)
                if melding is None or melding.laast_av != self.arbeider:
                    continue  # the lease ran out and another worker has it now
                tall[self._registrer_en(uow.session, melding, u, naa)] += 1
            uow.commit()
        return Batchresultat(**tall)

    def _registrer_en(
        self, session: Session, melding: OutboxMessage, utfall: Utfall, naa: datetime
    ) -> str:
        melding.laast_til, melding.laast_av = None, ""
        if utfall.levert:
            melding.status, melding.sendt = OutboxStatus.SENDT, naa
            return "sendt"
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


def _tall(resultat: Batchresultat) -> tuple[int, int, int, int]:
    return (resultat.sendt, resultat.utsatt, resultat.feilet, resultat.dode)
