"""How the årshjul names a deadline: by its declaration, its year, and its case (issue 19)."""

from __future__ import annotations

from tests.conftest import KONFIG
from tilskudd_flow.bootstrap import last_register
from tilskudd_flow.config import last_innstillinger
from tilskudd_flow.domain.frister import aarshjulnavn


def test_a_case_deadline_names_the_case_by_title_and_reference() -> None:
    navn = aarshjulnavn("Sluttrapport", aar=2028, sak=("Helgelandssykepleier", "RS-3"))
    assert navn == "Sluttrapport: Helgelandssykepleier (RS-3)"


def test_a_round_deadline_names_the_round_by_its_year() -> None:
    assert aarshjulnavn("Søknadsfrist RS-tilskudd {aar}", aar=2026) == (
        "Søknadsfrist RS-tilskudd 2026"
    )


def test_a_configured_name_with_braces_is_left_as_it_is() -> None:
    assert aarshjulnavn("Frist {ikke et felt}", aar=2026) == "Frist {ikke et felt}"


def test_every_deadline_with_no_case_names_its_year_so_two_years_differ() -> None:
    """A round's or a year's deadline has no case to tell it apart: its name carries the year."""
    innstillinger = last_innstillinger(KONFIG)
    register = last_register(innstillinger)
    uten_sak = {type_ for type_, regel in innstillinger.frister.items()
                if regel.gjelder in ("runde", "aar")}  # fmt: skip
    for flyt in register.alle():
        for regel in flyt.frister:
            if regel.frist in uten_sak:
                assert regel.aarshjulnavn and "{aar}" in regel.aarshjulnavn, (
                    flyt.navn,
                    regel.frist,
                )
