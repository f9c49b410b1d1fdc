"""A vedtak may only cite an SSU sak this helsefellesskap has: every field, form and command
where a vedtak is written asks here before anything is stored."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlmodel import Session, select

from tilskudd_flow.domain.feil import UgyldigFelt
from tilskudd_flow.domain.felt import Felt, Felttype
from tilskudd_flow.domain.saksnummer import Saksnummer, finn_saksnummer, les_saksnummer
from tilskudd_flow.models.ssu import SsuSak
from tilskudd_flow.models.tenancy import Helsefellesskap

_SITERER = (Felttype.SSU_SAK, Felttype.VEDTAK)


def krev_ssu_saker_i_felt(
    session: Session, helsefellesskap_id: int, deklarert: Iterable[Felt], felt: Mapping[str, Any]
) -> None:
    """Refuse an event whose SSU-sak or vedtak field cites a sak this helsefellesskap lacks."""
    for f in deklarert:
        if f.type in _SITERER and f.navn in felt:
            krev_ssu_saker(session, helsefellesskap_id, str(felt[f.navn]), feltnavn=f.navn,
                           bare_saksnummer=f.type == Felttype.SSU_SAK)  # fmt: skip


def krev_ssu_saker(
    session: Session,
    helsefellesskap_id: int,
    tekst: str,
    *,
    feltnavn: str = "vedtak",
    bare_saksnummer: bool = False,
) -> list[Saksnummer]:
    """The SSU saker a vedtak cites, each one of the helsefellesskap's; with `bare_saksnummer`
    the text must be a sak number. Free text without one (Helse Nord's letter) cites none."""
    try:
        sitert = [les_saksnummer(tekst)] if bare_saksnummer else finn_saksnummer(tekst)
    except ValueError as feil:
        raise UgyldigFelt(feltnavn, str(feil)) from None
    for saksnummer in sitert:
        if not _finnes(session, helsefellesskap_id, saksnummer):
            hf = session.get(Helsefellesskap, helsefellesskap_id)
            assert hf is not None
            raise UgyldigFelt(
                feltnavn, f"{saksnummer.vis()} finnes ikke i SSU-sakene til {hf.navn}"
            )
    return sitert


def _finnes(session: Session, helsefellesskap_id: int, saksnummer: Saksnummer) -> bool:
    return (
        session.exec(
            select(SsuSak.id)
            .where(SsuSak.helsefellesskap_id == helsefellesskap_id)
            .where(SsuSak.aar == saksnummer.aar, SsuSak.nummer == saksnummer.nummer)
        ).first()
        is not None
    )
