"""The parties of a helsefellesskap; which kommuner are members is a setting, audited."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from tilskudd_flow.config import Innstillinger
from tilskudd_flow.domain.feil import IkkeFunnet
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.models.tenancy import Bruker, Part
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.saker import partoppslag
from tilskudd_flow.motor.tilgang import krev_rolle


def list_parter(session: Session, helsefellesskap_id: int) -> list[Part]:
    return list(
        session.exec(
            select(Part)
            .where(Part.helsefellesskap_id == helsefellesskap_id)
            .order_by(col(Part.type), col(Part.kommunenummer), col(Part.navn))
        )
    )


def sett_medlemskap(
    session: Session,
    *,
    aktor: Bruker,
    part: str,
    medlem: bool,
    naa: datetime,
    innstillinger: Innstillinger,
) -> Part:
    """Mark a kommune (or the helseforetak) as member or not; the audit row keeps the change."""
    krev_rolle(aktor, Rolle.ADMIN, Rolle.SEKRETARIAT)
    funnet = partoppslag(session, aktor.helsefellesskap_id, innstillinger)(part)
    if funnet is None or funnet.id is None:
        raise IkkeFunnet(f"Finner ingen kommune eller helseforetak «{part}»")
    medlemskap(session, aktor=aktor, part=funnet, medlem=medlem, naa=naa)
    return funnet


def medlemskap(session: Session, *, aktor: Bruker, part: Part, medlem: bool, naa: datetime) -> None:
    """Set a party's membership; the audit row keeps before and after."""
    krev_rolle(aktor, Rolle.ADMIN, Rolle.SEKRETARIAT)
    assert part.id is not None
    tidligere = part.medlem
    part.medlem = medlem
    skriv_audit(
        session,
        helsefellesskap_id=aktor.helsefellesskap_id,
        tidspunkt=naa,
        bruker=aktor,
        objekt_type="part",
        objekt_id=part.id,
        hendelse="medlemskap_endret",
        detaljer={"part": part.navn, "medlem": [tidligere, medlem]},
    )
