"""SSU saker a test's vedtak cite: a vedtak may only cite a sak the helsefellesskap has
(issue 19), so a test that records one registers its sak first, as the sekretariat would."""

from __future__ import annotations

from typing import Any

from tilskudd_flow.bootstrap import App
from tilskudd_flow.domain.kodeverk import Sakstype
from tilskudd_flow.ssu.ssu_saker import registrer_ssu_sak


def registrer_ssu_saker(app: App, *numre: str, som: str = "samhandlingssjef") -> None:
    """One beslutningssak per number («Sak 31-2025»), in the acting user's helsefellesskap."""
    for nummer in numre:
        registrer_ssu_sak(tittel=f"Beslutningssak {nummer}", type_=Sakstype.BESLUTNINGSSAK,
                          nummer=nummer, uow=app.uow(), miljo=app.miljo,
                          brukernavn=som)  # fmt: skip


def registrer_ssu_saker_cli(cli: Any, *numre: str, som: str = "samhandlingssjef") -> None:
    """The same through the command line (`tilskudd ssu-sak ny`), early in the year 2025."""
    for nummer in numre:
        cli.ok("ssu-sak", "ny", f"Beslutningssak {nummer}", "--type", "beslutningssak",
               "--nummer", nummer, som=som, naa="2025-01-02T09:00")  # fmt: skip
