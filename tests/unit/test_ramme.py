"""The page frame: the menu grouped by role with the current page marked, the status tags'
colours from the workflow file, and who runs the service, from the configuration only."""

from __future__ import annotations

from tests.conftest import KONFIG
from tilskudd_flow.config import last_innstillinger
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.web.ramme import Menygruppe, hovedmeny, ramme, tilstandsfarge
from workflows.rs_soknad import ARBEIDSFLYT as RS_SOKNAD


def _lenker(grupper: list[Menygruppe]) -> dict[str, list[str]]:
    return {g.navn: [p.tekst for p in g.punkter] for g in grupper}


def _gjeldende(grupper: list[Menygruppe]) -> dict[str, str]:
    return {p.tekst: p.gjeldende for g in grupper for p in g.punkter if p.gjeldende}


def test_the_sekretariat_sees_three_groups_and_an_applicant_only_what_applies_to_them() -> None:
    assert _lenker(hovedmeny({Rolle.SEKRETARIAT}, "/")) == {
        "Søknader": ["Mine oppgaver", "Saker", "Ny søknad", "Årshjul", "Avtaler"],
        "SSU": ["FSU", "Prioritering", "Møter", "SSU-saker", "Meld inn sak"],
        "Administrasjon": ["Administrasjon"],
    }
    assert _lenker(hovedmeny({Rolle.SOKER}, "/")) == {
        "Søknader": ["Saker", "Ny søknad", "Årshjul", "Avtaler"],
        "SSU": ["Meld inn sak"],
    }
    assert "Administrasjon" not in _lenker(hovedmeny({Rolle.SSU_MEDLEM}, "/"))


def test_the_current_page_is_marked_page_and_its_section_true() -> None:
    sekr = {Rolle.SEKRETARIAT}
    assert _gjeldende(hovedmeny(sekr, "/saker")) == {"Saker": "page"}
    assert _gjeldende(hovedmeny(sekr, "/saker/2")) == {"Saker": "true"}
    assert _gjeldende(hovedmeny(sekr, "/soknader/2/rapporter")) == {"Saker": "true"}
    assert _gjeldende(hovedmeny(sekr, "/brukere/ny")) == {"Administrasjon": "true"}
    assert _gjeldende(hovedmeny(sekr, "/moter/3")) == {"Møter": "true"}


def test_a_page_with_a_link_of_its_own_is_not_also_part_of_another_section() -> None:
    assert _gjeldende(hovedmeny({Rolle.SOKER}, "/soknader/ny")) == {"Ny søknad": "page"}


def test_no_link_is_marked_on_a_page_outside_the_menu() -> None:
    assert _gjeldende(hovedmeny({Rolle.SEKRETARIAT}, "/personvern")) == {}
    assert _gjeldende(hovedmeny({Rolle.SEKRETARIAT}, "/sakerx")) == {}


def test_a_status_tag_is_info_while_a_case_runs_and_neutral_for_a_draft_or_closed_case() -> None:
    assert tilstandsfarge(RS_SOKNAD, "mottatt") == "info"
    assert tilstandsfarge(RS_SOKNAD, "utkast") == "neutral"
    avsluttede = [t for t in RS_SOKNAD.tilstander if RS_SOKNAD.er_avsluttet(t)]
    assert avsluttede and {tilstandsfarge(RS_SOKNAD, t) for t in avsluttede} == {"neutral"}


def test_the_frame_names_the_helsefellesskap_and_its_contact_from_the_configuration() -> None:
    innstillinger = last_innstillinger(KONFIG)
    vist = ramme(innstillinger)
    assert vist.navn == "Helsefellesskap Helgeland"
    assert vist.epost == "samhandling@helgelandssykehuset.example"
    assert vist.telefon


def test_without_a_contact_address_the_frame_falls_back_to_where_replies_go() -> None:
    innstillinger = last_innstillinger(KONFIG)
    hf = innstillinger.helsefellesskap["helgeland"]
    hf.kontakt.epost = ""
    hf.svar_til = ""
    assert ramme(innstillinger).epost == "samhandling@helgelandssykehuset.example"
