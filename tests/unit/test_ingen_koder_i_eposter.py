"""No raw code in an e-mail: what a recipient reads names events, states and deadlines as
the workflow files and the Kodeverk do, never «paaminnelse», «rs_soknad» or «send_inn».

Every template is rendered twice: with the sample data staff proofread on /epostmaler,
and, for each transition that sends it, with the variables the engine gives it.
"""

from __future__ import annotations

import re

import pytest

from tests.unit.test_varselmaler import BYGGER, REGISTER, VARSLER, bygg
from tilskudd_flow.adapters.varselmaler import Epostinnhold
from tilskudd_flow.domain import kodeverk
from tilskudd_flow.motor.maleksempler import eksempelkontekst, malnavn

_URL = re.compile(r"https?://\S+")
_SNAKE = re.compile(r"\b[a-zæøå0-9]+(?:_[a-zæøå0-9]+)+\b")


def _koder() -> set[str]:
    """Every code a workflow or the Kodeverk stores that is not also an ordinary word."""
    koder = {flyt.navn for flyt in REGISTER.alle()}
    for flyt in REGISTER.alle():
        koder |= {str(t.id) for t in flyt.maskin.states} | set(flyt.hendelser)
    for verdi in vars(kodeverk).values():
        if isinstance(verdi, type) and issubclass(verdi, kodeverk.Kodeverk):
            koder |= {m.value for m in verdi}
    koder |= {mal.rsplit("/", 1)[-1] for mal in BYGGER.alle_maler()}
    return {k for k in koder if "_" in k or "aa" in k or "oe" in k}


KODER = _koder()


def raa_koder(innhold: Epostinnhold) -> set[str]:
    """The codes in the subject and the text a person reads (links are addresses, not words)."""
    tekst = _URL.sub("", f"{innhold.emne}\n{innhold.tekst}")
    ord_ = set(re.findall(r"[\wæøå]+", tekst))
    return set(_SNAKE.findall(tekst)) | (ord_ & KODER)


def test_the_scan_knows_the_codes_that_leaked_before() -> None:
    assert {"paaminnelse", "rs_soknad", "send_inn"} <= KODER
    assert raa_koder(Epostinnhold("Påminnelse: send_inn", "rs_soknad paaminnelse", "")) == {
        "send_inn", "rs_soknad", "paaminnelse"}  # fmt: skip


@pytest.mark.parametrize("mal", BYGGER.alle_maler())
def test_no_template_with_sample_data_shows_a_code(mal: str) -> None:
    assert raa_koder(BYGGER.bygg(mal, eksempelkontekst(REGISTER, mal))) == set()


@pytest.mark.parametrize(("flyt_navn", "hendelse", "fra", "til", "mal"), VARSLER)
def test_no_email_a_transition_sends_shows_a_code(
    flyt_navn: str, hendelse: str, fra: str, til: str, mal: str
) -> None:
    assert raa_koder(bygg(flyt_navn, hendelse, fra, til, mal)) == set()


@pytest.mark.parametrize("mal", BYGGER.alle_maler())
def test_every_template_has_a_name_staff_can_read(mal: str) -> None:
    navn = malnavn(REGISTER, mal)
    assert navn != mal and not _SNAKE.search(navn) and "/" not in navn.replace(" / ", "")
