"""A fourth workflow for the extension test: a sak reported through «meld inn sak».

It lives outside `workflows/` and is added through configuration (arbeidsflyt.pakker),
with its own template folder: the engine, the CLI and the services are not touched.
"""

from __future__ import annotations

from pathlib import Path

from statemachine import Event, State, StateMachine

from tilskudd_flow.domain import felt
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflyt, hendelse, krav, varsel
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.domain.vilkaar import vilkaar


class Innmelding(StateMachine):
    meldt_inn = State("Meldt inn", initial=True)
    satt_opp = State("Satt opp på saksliste")
    avsluttet = State("Avsluttet", final=True)

    sett_opp = Event(meldt_inn.to(satt_opp, validators=["har_sakstype"]), name="Sett opp")
    avslutt = Event(satt_opp.to(avsluttet), name="Avslutt")

    @vilkaar("Saken har en sakstype")
    @krav("En sak må ha type før den settes opp (orienteringssak, drøftingssak, beslutningssak)")
    def har_sakstype(self, felt: dict[str, str]) -> bool:
        return felt.get("type") in {"orienteringssak", "drøftingssak", "beslutningssak"}


ARBEIDSFLYT = Arbeidsflyt(
    navn="innmelding",
    tittel="Innmeldt sak",
    prefiks="INN",
    maskin=Innmelding,
    hendelser={
        "sett_opp": hendelse(
            Rolle.SEKRETARIAT,
            felt=[felt.tekst("type", "Sakstype")],
            varsler=[varsel("innmelding/satt_opp", "sekretariat", "ssu_medlemmer")],
        ),
        "avslutt": hendelse(Rolle.SEKRETARIAT),
    },
    malmappe=Path(__file__).parent / "maler",
)
