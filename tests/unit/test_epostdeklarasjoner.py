"""Every e-mail is declared once, in a workflow file, and one function builds outbox rows."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest

from tilskudd_flow.bootstrap import bygg_varsler, last_register
from tilskudd_flow.config import last_innstillinger
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflytregister, Epost
from tilskudd_flow.domain.kodeverk import JobbArt
from tilskudd_flow.motor.fristjobber import FRISTMALER, _mal
from tilskudd_flow.motor.leveringsvarsel import LEVERINGSFEIL
from tilskudd_flow.motor.maleksempler import eksempelkontekst
from tilskudd_flow.motor.miljo import Saksmiljo
from workflows.kontoer import INVITASJON, NYTT_PASSORD

REPO = Path(__file__).resolve().parents[2]
PAKKE = REPO / "tilskudd_flow"
INNSTILLINGER = last_innstillinger(REPO / "config.toml")
REGISTER = last_register(INNSTILLINGER)
BYGGER = bygg_varsler(INNSTILLINGER, REGISTER)
# The engine's own e-mails: the delivery alert, and the general reminder and escalation for
# a deadline whose Fristregel names no template of its own.
MOTORENS = {LEVERINGSFEIL.mal: "motoren (leveringsvarsel)"} | {
    mal: f"motoren ({art.value})" for art, mal in FRISTMALER.items()
}


def _deklarert_av() -> dict[str, list[str]]:
    """Template → the declarations that send it (a workflow, or an `EPOSTER` module)."""
    hvem: dict[str, list[str]] = defaultdict(list)
    for flyt in REGISTER.alle():
        maler = {v.mal for regel in flyt.hendelser.values() for v in regel.varsler}
        fristmaler = {m for r in flyt.frister for m in (r.paaminnelse_mal, r.eskalering_mal) if m}
        for mal in maler | fristmaler | {e.mal for e in flyt.eposter}:
            hvem[mal].append(f"arbeidsflyt {flyt.navn}")
    egne = {e.mal for flyt in REGISTER.alle() for e in flyt.eposter}
    for epost in REGISTER.eposter():
        if epost.mal not in egne:
            hvem[epost.mal].append(f"e-posten «{epost.navn}»")
    for mal, motor in MOTORENS.items():
        hvem[mal].append(motor)
    return hvem


@pytest.mark.parametrize("mal", BYGGER.alle_maler())
def test_every_template_is_declared_by_exactly_one_declaration(mal: str) -> None:
    assert len(_deklarert_av()[mal]) == 1, f"{mal}: deklarert av {_deklarert_av()[mal]}"


def test_every_declared_e_mail_has_its_template() -> None:
    assert set(_deklarert_av()) <= set(BYGGER.alle_maler())


@pytest.mark.parametrize("mal", BYGGER.alle_maler())
def test_every_template_renders_with_its_example_for_proofreading(mal: str) -> None:
    innhold = BYGGER.bygg(mal, eksempelkontekst(REGISTER, mal))
    assert innhold.emne and innhold.tekst


def test_only_the_one_time_links_are_kept_from_the_outbox_view() -> None:
    fortrolige = {e.mal for e in REGISTER.eposter() if e.fortrolig}
    assert fortrolige == {INVITASJON.mal, NYTT_PASSORD.mal}
    assert not LEVERINGSFEIL.fortrolig


def test_a_declaration_file_without_a_workflow_adds_e_mails_but_no_workflow() -> None:
    assert REGISTER.epost(INVITASJON.mal) is INVITASJON
    assert "kontoer" not in {flyt.navn for flyt in REGISTER.alle()}
    assert all(flyt.maskin is not None for flyt in REGISTER.alle())


def test_the_register_refuses_a_second_declaration_of_a_template() -> None:
    register = Arbeidsflytregister()
    register.registrer_eposter([Epost("Varsel", "x/varsel", til=("sekretariat",))])
    with pytest.raises(ValueError, match="allerede deklarert"):
        register.registrer_eposter([Epost("Et annet", "x/varsel", til=("sekretariat",))])


class _Bygging(ast.NodeVisitor):
    """Where `OutboxMessage(...)` is called, as (file, enclosing function)."""

    def __init__(self, fil: str) -> None:
        self.fil, self.funksjoner, self.steder = fil, ["<modul>"], list[tuple[str, str]]()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.funksjoner.append(node.name)
        self.generic_visit(node)
        self.funksjoner.pop()

    def visit_Call(self, node: ast.Call) -> None:
        navn = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if navn == "OutboxMessage":
            self.steder.append((self.fil, self.funksjoner[-1]))
        self.generic_visit(node)


def test_only_the_outbox_builder_constructs_outbox_rows() -> None:
    steder: list[tuple[str, str]] = []
    for fil in sorted(PAKKE.rglob("*.py")):
        relativ = fil.relative_to(REPO).as_posix()
        if relativ.startswith(("tilskudd_flow/models/", "tilskudd_flow/migrations/")):
            continue
        besok = _Bygging(relativ)
        besok.visit(ast.parse(fil.read_text(encoding="utf-8")))
        steder += besok.steder
    # Issue 22: a transition's rows are written with one INSERT and no ORM object (koe_varsler),
    # the others through the ORM (legg_i_utboks); both take their columns from `utboksrad`.
    assert steder == [("tilskudd_flow/motor/utboks.py", "legg_i_utboks")]


def test_a_deadline_with_words_of_its_own_declares_its_template_in_the_workflow_file() -> None:
    """The søknadsfrist's and the innspill deadline's reminders were picked by a file-name
    convention in the engine; the workflow file names them now (issue 18)."""
    miljo = cast(Saksmiljo, SimpleNamespace(register=REGISTER))
    assert _mal(miljo, "soknadsfrist", JobbArt.PAAMINNELSE) == "frister/soknadsfrist_paaminnelse"
    assert _mal(miljo, "avtale_innspill", JobbArt.PAAMINNELSE) == (
        "frister/avtale_innspill_paaminnelse"
    )
    assert _mal(miljo, "soknadsfrist", JobbArt.ESKALERING) == FRISTMALER[JobbArt.ESKALERING]
    assert _mal(miljo, "rapport", JobbArt.PAAMINNELSE) == FRISTMALER[JobbArt.PAAMINNELSE]
