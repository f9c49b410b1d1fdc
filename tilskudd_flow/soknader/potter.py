"""A year's pots as the sekretariat keeps them: the frame, what was carried over, and SSU's
direct earmarks, each edit checked as a new pot is and audited with before and after."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from tilskudd_flow.domain.amounts import formater_kroner
from tilskudd_flow.domain.feil import IkkeFunnet, UgyldigeFelt, UgyldigFelt
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.models.soknad import Oremerking, Pott
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.ssu_referanser import krev_ssu_saker
from tilskudd_flow.motor.tilgang import krev_rolle

# (formål, øre, vedtak): «Prosjektkoordinator», 1 000 000 kr, «SSU 09.09.2025» or «Sak 12-2025»
Oremerkingsrad = tuple[str, int, str]


def sjekk_pott(
    session: Session,
    helsefellesskap_id: int,
    *,
    ramme_ore: int | None,
    overfort_ore: int,
    oremerkinger: tuple[Oremerkingsrad, ...],
) -> None:
    """Amounts are not negative, each earmark has a purpose and an amount, and a vedtak that
    cites an SSU sak cites one that exists; every wrong field is named at once."""
    feil: dict[str, str] = {}
    if ramme_ore is not None and ramme_ore < 0:
        feil["ramme"] = "Rammen kan ikke være negativ"
    if overfort_ore < 0:
        feil["overfort"] = "Overført beløp kan ikke være negativt"
    for nr, (formaal, ore, vedtak) in enumerate(oremerkinger):
        if not formaal.strip():
            feil[f"oremerking_{nr}_formaal"] = f"Øremerking {nr + 1}: skriv formålet"
        if ore <= 0:
            feil[f"oremerking_{nr}_belop"] = f"Øremerking {nr + 1}: beløpet må være over 0 kr"
        try:
            krev_ssu_saker(session, helsefellesskap_id, vedtak, feltnavn=f"oremerking_{nr}_vedtak")
        except UgyldigFelt as ugyldig:
            feil[ugyldig.felt] = f"Øremerking {nr + 1}: {ugyldig.melding}"
    if feil:
        raise UgyldigeFelt(feil)


def hent_pott(session: Session, helsefellesskap_id: int, pott_id: int) -> Pott:
    pott = session.get(Pott, pott_id)
    if pott is None or pott.helsefellesskap_id != helsefellesskap_id:
        raise IkkeFunnet(f"Finner ingen pott med id {pott_id}")
    return pott


def aarets_potter(session: Session, helsefellesskap_id: int, aar: int) -> list[Pott]:
    """The year's pots with their earmarks, local before regional."""
    return list(
        session.exec(
            select(Pott)
            .where(Pott.helsefellesskap_id == helsefellesskap_id, Pott.aar == aar)
            .order_by(col(Pott.ordning))
        )
    )


def endre_pott(
    session: Session,
    *,
    aktor: Bruker,
    pott_id: int,
    ramme_ore: int | None,
    overfort_ore: int,
    oremerkinger: tuple[Oremerkingsrad, ...],
    naa: datetime,
) -> Pott:
    """New frame, carry-over and earmarks for a registered pot; the audit row keeps both."""
    krev_rolle(aktor, Rolle.SEKRETARIAT)
    pott = hent_pott(session, aktor.helsefellesskap_id, pott_id)
    sjekk_pott(session, pott.helsefellesskap_id, ramme_ore=ramme_ore,
               overfort_ore=overfort_ore, oremerkinger=oremerkinger)  # fmt: skip
    for_ = _innhold(pott)
    pott.ramme_ore, pott.overfort_ore = ramme_ore, overfort_ore
    pott.oremerkinger = [Oremerking(formaal=f.strip(), ore=o, vedtak=v.strip())
                         for f, o, v in oremerkinger]  # fmt: skip
    session.add(pott)
    session.flush()
    etter = _innhold(pott)
    endret = {n: [for_[n], etter[n]] for n in for_ if for_[n] != etter[n]}
    assert pott.id is not None
    skriv_audit(
        session,
        helsefellesskap_id=pott.helsefellesskap_id,
        tidspunkt=naa,
        bruker=aktor,
        objekt_type="pott",
        objekt_id=pott.id,
        hendelse="pott_endret",
        detaljer={"ordning": pott.ordning.value, "aar": pott.aar, **endret},
    )
    return pott


def _innhold(pott: Pott) -> dict[str, object]:
    return {
        "ramme_ore": pott.ramme_ore,
        "overfort_ore": pott.overfort_ore,
        "oremerkinger": "; ".join(
            f"{o.formaal}: {formater_kroner(o.ore)}" + (f" ({o.vedtak})" if o.vedtak else "")
            for o in pott.oremerkinger
        )
        or "ingen",
    }
