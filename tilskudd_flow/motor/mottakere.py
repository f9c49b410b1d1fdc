"""Resolve recipient kinds (`sekretariat`, `alle_kommuner`, `kontaktpersoner`…) to addresses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, col, select

from tilskudd_flow.config import HelsefellesskapInnstillinger
from tilskudd_flow.domain.arbeidsflyt import Adresse, Arbeidsflyt
from tilskudd_flow.domain.kodeverk import PartType, Rolle
from tilskudd_flow.models.tenancy import Bruker, BrukerRolle, Part


class Mottakerkatalog:
    """The engine's own recipient kinds; a workflow's kinds come from its file."""

    def __init__(
        self, session: Session, helsefellesskap_id: int, innstillinger: HelsefellesskapInnstillinger
    ) -> None:
        self._session = session
        self._hf = helsefellesskap_id
        self._innstillinger = innstillinger

    def finn(
        self, kind: str, flyt: Arbeidsflyt, subjekt: Any, felt: Mapping[str, Any]
    ) -> list[Adresse]:
        if kind in flyt.mottakere:
            return flyt.mottakere[kind](subjekt, felt)
        return self.felles(kind)

    def felles(self, kind: str) -> list[Adresse]:
        """A recipient kind that needs no case: the sekretariat, all member kommuner …"""
        if kind == "alle_kommuner":
            return self._medlemskommuner()
        if kind == "ssu_medlemmer":
            return self._brukere_med_rolle(Rolle.SSU_MEDLEM)
        return [Adresse(epost) for epost in self._innstillinger.mottakere.get(kind, [])]

    def _medlemskommuner(self) -> list[Adresse]:
        kommuner = self._session.exec(
            select(Part)
            .where(Part.helsefellesskap_id == self._hf, Part.type == PartType.KOMMUNE)
            .where(col(Part.medlem))
            .order_by(col(Part.kommunenummer))
        )
        return [Adresse(k.postmottak, k.navn, organisasjon=True) for k in kommuner]

    def _brukere_med_rolle(self, rolle: Rolle) -> list[Adresse]:
        brukere = self._session.exec(
            select(Bruker)
            .join(BrukerRolle)
            .where(Bruker.helsefellesskap_id == self._hf, col(Bruker.aktiv))
            .where(BrukerRolle.rolle == rolle)
            .order_by(col(Bruker.id))
        ).unique()
        return [Adresse(b.epost, b.navn) for b in brukere]
