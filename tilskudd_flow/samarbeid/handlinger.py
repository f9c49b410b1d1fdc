"""FSUs and avtaler as pages and commands call them: one call, one transaction, the acting
user loaded in it (`Handling`). The functions they wrap take an open session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tilskudd_flow.domain.kodeverk import FsuType
from tilskudd_flow.domain.tid import dato_i_oslo
from tilskudd_flow.motor.handling import Handling
from tilskudd_flow.samarbeid.avtaler import (
    Avtaleoversikt,
    PartStatus,
    avtaleoversikt,
    hent_avtale,
    list_avtaler,
    opprett_revisjon,
    tiltredelsesstatus,
)
from tilskudd_flow.samarbeid.fsu import Fsuoversikt, foreslaa_fsu, list_fsu


def fsuene(h: Handling) -> list[Fsuoversikt]:
    """Every FSU the user may see, open ones first."""
    with h.les() as t:
        return list_fsu(t.session, h.miljo, aktor=t.aktor)


def foreslaa_utvalg(
    h: Handling, *, navn: str, type_: FsuType, mandat: str, begrunnelse: str
) -> int:
    """Propose a new FSU (its case starts as proposed); the case number."""
    with h.skriv() as t:
        return foreslaa_fsu(t.session, h.miljo, aktor=t.aktor, navn=navn, type_=type_,
                            mandat=mandat, begrunnelse=begrunnelse)  # fmt: skip


def avtalene(h: Handling) -> list[Avtaleoversikt]:
    """Each avtale's newest version, the parties' accession and the open revision."""
    with h.les() as t:
        return avtaleoversikt(t.session, h.miljo, aktor=t.aktor)


@dataclass(frozen=True)
class Avtalerad:
    """An avtale as the command line lists it."""

    id: int | None
    type: str
    nummer: int | None
    tittel: str
    nyeste_versjon: int | None
    parter: int


def avtaleliste(h: Handling) -> list[Avtalerad]:
    """Every avtale of the helsefellesskap with its newest version and number of parties."""
    with h.les() as t:
        return [
            Avtalerad(a.id, a.type.value, a.nummer, a.tittel,
                      max((v.versjon for v in a.versjoner), default=None), len(a.parter))
            for a in list_avtaler(t.session, t.aktor.helsefellesskap_id)
        ]  # fmt: skip


@dataclass(frozen=True)
class Avtalestatus:
    tittel: str
    dag: date
    parter: list[PartStatus]


def avtalestatus(h: Handling, avtale_id: int, dag: date | None) -> Avtalestatus:
    """Per party, the version in force on a day (today if none) and a newer one to come."""
    with h.les() as t:
        per = dag or dato_i_oslo(h.miljo.klokke.now())
        avtale = hent_avtale(t.session, t.aktor.helsefellesskap_id, avtale_id)
        return Avtalestatus(avtale.tittel, per, tiltredelsesstatus(avtale, per))


def ny_avtalerevisjon(h: Handling, avtale_id: int, aar: int) -> int:
    """Open the year's revision case for an avtale; the case number."""
    with h.skriv() as t:
        return opprett_revisjon(t.session, h.miljo, aktor=t.aktor, avtale_id=avtale_id, aar=aar)
