"""Every rule in one place: the workflow file declares it, the services ask the declaration.

Each test reads the declaration and checks that the code which acts on the rule follows it,
so a change to the declaration changes the behaviour, and a second copy of the rule fails.
"""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tilskudd_flow.config import FristRegel, UgyldigKonfigurasjon, last_innstillinger
from tilskudd_flow.domain.arbeidsflyt import FELLES_MOTTAKERE, Arbeidsflytregister, Fristregel
from tilskudd_flow.domain.feil import IkkeTillatt, Regelbrudd
from tilskudd_flow.domain.kodeverk import FsuRolle, FsuType, Rolle
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.fsu import Fsu, FsuMedlem
from tilskudd_flow.models.tenancy import Bruker, BrukerRolle, Person
from tilskudd_flow.motor.tilgang import sjekk_hendelse
from tilskudd_flow.samarbeid.fsu import _oversikt
from workflows.fsu_etablering import ARBEIDSFLYT as FSU
from workflows.fsu_etablering import PAAKREVDE_ROLLER, FsuEtablering
from workflows.mote import ARBEIDSFLYT as MOTE
from workflows.rs_soknad import ARBEIDSFLYT as RS

REPO = Path(__file__).resolve().parents[2]
KONFIG = REPO / "config.toml"
NAA = datetime(2025, 6, 23, 10, 0, tzinfo=UTC)
KILDER = sorted((REPO / "tilskudd_flow").rglob("*.py")) + sorted((REPO / "workflows").glob("*.py"))


class _Sak:
    def __init__(self, state: str) -> None:
        self.state = state
        self.helsefellesskap_id = 1


def _fsu(*roller: FsuRolle) -> Fsu:
    medlemmer = [
        FsuMedlem(person=Person(helsefellesskap_id=1, navn=r.visning, epost=f"{r.value}@x.example"),
                  rolle=r)
        for r in roller
    ]  # fmt: skip
    return Fsu(navn="FSU Digitale helsetjenester", type=FsuType.FAST, medlemmer=medlemmer)


def _bemann(fsu: Fsu) -> str:
    sak = _Sak("mandat_vedtatt")
    FsuEtablering(model=sak, state_field="state").send(
        "bemann", fsu=fsu, sak=sak, felt={}, naa=NAA, aktor=None, kommentar=""
    )
    return sak.state


# --- the FSU's required roles ------------------------------------------------------------


def test_an_fsu_with_exactly_the_declared_roles_can_be_bemannet() -> None:
    assert _bemann(_fsu(*PAAKREVDE_ROLLER)) == "bemannet"


@pytest.mark.parametrize("rolle", list(PAAKREVDE_ROLLER))
def test_the_guard_refuses_an_fsu_missing_a_declared_role_and_says_where_it_comes_from(
    rolle: FsuRolle,
) -> None:
    with pytest.raises(Regelbrudd) as feil:
        _bemann(_fsu(*(r for r in PAAKREVDE_ROLLER if r != rolle)))
    assert str(feil.value) == f"FSU-et mangler {rolle.visning.lower()} ({PAAKREVDE_ROLLER[rolle]})"


def test_the_fsu_overview_warns_of_exactly_the_declared_roles() -> None:
    sak = WorkflowCase(id=1, helsefellesskap_id=1, workflow=FSU.navn, tittel="FSU",
                       state="mandat_vedtatt", opprettet=NAA, endret=NAA)  # fmt: skip
    assert _oversikt(FSU, _fsu(), sak, {}).mangler == [r.visning for r in PAAKREVDE_ROLLER]
    assert _oversikt(FSU, _fsu(*PAAKREVDE_ROLLER), sak, {}).mangler == []


def test_only_the_workflow_file_names_the_required_roles() -> None:
    paakrevde = {r.name for r in PAAKREVDE_ROLLER}
    funnet = [
        f"{fil.relative_to(REPO)}:{node.lineno}"
        for fil in KILDER
        if fil != REPO / "workflows" / "fsu_etablering.py"
        for node in ast.walk(ast.parse(fil.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr in paakrevde
    ]
    assert funnet == [], "the required FSU roles are declared in workflows/fsu_etablering.py"


# --- who is reminded of a deadline ---------------------------------------------------------


def _regler(register: Arbeidsflytregister, frist: str) -> list[Fristregel]:
    return [r for flyt in register.alle() for r in flyt.frister if r.frist == frist]


@pytest.fixture
def register() -> Arbeidsflytregister:
    register = Arbeidsflytregister()
    register.last_pakker(last_innstillinger(KONFIG).arbeidsflyt.pakker)
    return register


def test_config_toml_cannot_say_who_is_reminded() -> None:
    assert {"mottakere", "eskalering_til"}.isdisjoint(FristRegel.model_fields)


def test_an_old_config_that_chose_recipients_per_deadline_is_refused_with_the_way_out(
    tmp_path: Path,
) -> None:
    gammel = KONFIG.read_text(encoding="utf-8").replace(
        "paaminnelser = [30, 14, 3]\n",
        'paaminnelser = [30, 14, 3]\nmottakere = ["alle_kommuner"]\n',
        1,
    )
    (tmp_path / "config.toml").write_text(gammel, encoding="utf-8")
    with pytest.raises(UgyldigKonfigurasjon) as feil:
        last_innstillinger(tmp_path / "config.toml")
    assert "frister.soknadsfrist: fjern mottakere" in str(feil.value)
    assert "arbeidsflytfilens Fristregel" in str(feil.value)


def test_every_reminder_and_escalation_config_toml_schedules_has_recipients_in_a_workflow(
    register: Arbeidsflytregister,
) -> None:
    for navn, frist in last_innstillinger(KONFIG).frister.items():
        regler = _regler(register, navn)
        paaminnes = {k for r in regler for k in r.paaminnelse_til + r.paaminnelse_om_fristen_til}
        eskaleres = {k for r in regler for k in r.eskalering_til}
        assert paaminnes or not frist.paaminnelser, f"frister.{navn}: ingen å minne på"
        assert eskaleres or not frist.eskaleringer, f"frister.{navn}: ingen å eskalere til"


def test_the_deadline_wide_recipients_are_kinds_the_engine_resolves_without_a_case(
    register: Arbeidsflytregister,
) -> None:
    for flyt in register.alle():
        for regel in flyt.frister:
            om_fristen = set(regel.paaminnelse_om_fristen_til + regel.eskalering_om_fristen_til)
            assert om_fristen <= FELLES_MOTTAKERE, f"{flyt.navn}, {regel.frist}"


# --- who may fire the events of SSU's priority list -----------------------------------------

LISTENS_HENDELSER = ["prioriter", "ikke_prioriter", "registrer_lokal_tildeling", "tildel_lokalt"]


def _bruker(rolle: Rolle) -> Bruker:
    return Bruker(helsefellesskap_id=1, brukernavn=rolle.value, navn=rolle.visning, epost="x@x.no",
                  opprettet=NAA, roller=[BrukerRolle(rolle=rolle)])  # fmt: skip


@pytest.mark.parametrize("hendelse", LISTENS_HENDELSER)
def test_an_ssu_member_moves_a_soknad_only_through_ssus_vedtak_as_the_workflow_declares(
    hendelse: str,
) -> None:
    regel = RS.regel(hendelse)
    assert regel.gjennom_vedtak == {Rolle.SSU_MEDLEM}
    medlem = _bruker(Rolle.SSU_MEDLEM)
    sjekk_hendelse(medlem, RS, regel, hendelse, None, gjennom_vedtak=True)
    with pytest.raises(IkkeTillatt, match="bare gjøre gjennom et vedtak"):
        sjekk_hendelse(medlem, RS, regel, hendelse, None)


@pytest.mark.parametrize("hendelse", LISTENS_HENDELSER)
def test_the_sekretariat_moves_a_soknad_on_its_own_and_an_applicant_never(hendelse: str) -> None:
    regel = RS.regel(hendelse)
    sjekk_hendelse(_bruker(Rolle.SEKRETARIAT), RS, regel, hendelse, None)
    with pytest.raises(IkkeTillatt, match="kan bare utføres av: sekretariat"):
        sjekk_hendelse(_bruker(Rolle.SOKER), RS, regel, hendelse, None, gjennom_vedtak=True)


def test_a_refusal_names_the_roles_that_act_only_through_a_service() -> None:
    """The innkalling has no bare-event role: the refusal still says who sends it, instead of
    «kan bare utføres av: » with nobody after it (issue 18 review)."""
    regel = MOTE.hendelser["send_innkalling"]
    with pytest.raises(IkkeTillatt, match="kan bare utføres av: sekretariat \\("):
        sjekk_hendelse(_bruker(Rolle.SSU_MEDLEM), MOTE, regel, "send_innkalling", None)
    with pytest.raises(IkkeTillatt, match="bare gjøre fra møtesiden"):
        sjekk_hendelse(_bruker(Rolle.SEKRETARIAT), MOTE, regel, "send_innkalling", None)


def test_no_feature_service_decides_to_act_as_the_system_user() -> None:
    # Only the engine acts as the system user: deadline effects, and an event a workflow
    # grants through a vedtak.
    funnet = [
        str(fil.relative_to(REPO))
        for fil in KILDER
        if "systembrukernavn" in fil.read_text(encoding="utf-8")
        and (REPO / "tilskudd_flow" / "motor") not in fil.parents
    ]
    assert funnet == []
