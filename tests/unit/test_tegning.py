"""The pictures: workflow diagrams in the sekretariat's words, the round in kroner, the year
as a wheel. Well-formed SVG that says what the data says."""

from __future__ import annotations

import math
import shutil
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from tilskudd_flow.dokumenter import tegning
from tilskudd_flow.dokumenter.hjul import HJUL_RADIUS, HJUL_SIDE, aarshjul, vinkel
from tilskudd_flow.dokumenter.tegning import (
    Tidspunkt,
    Trinn,
    rundebilde,
)
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflyt
from tilskudd_flow.soknader.bilder import diagram, overganger
from workflows.avtale_revisjon import ARBEIDSFLYT as AVTALE
from workflows.fsu_etablering import ARBEIDSFLYT as FSU
from workflows.mote import ARBEIDSFLYT as MOTE
from workflows.rs_soknad import ARBEIDSFLYT as RS

SVG = "{http://www.w3.org/2000/svg}"
FLYTER = [RS, FSU, MOTE, AVTALE]
INTERNT = ("on_enter", "on_exit", "entry /", "exit /", "[!", "[", "StateMachine")


def tekster(svg: str) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text")]


def alt_tekst(svg: str) -> str:
    return " ".join(ET.fromstring(svg).itertext())


# --- Workflow diagrams -------------------------------------------------------------------------


@pytest.fixture
def graphviz() -> None:
    """Graphviz is part of the test machine (scripts/systempakker.sh installs it): its absence
    is a failure with the way out, never a skipped test."""
    if shutil.which("dot") is None:
        pytest.fail("Graphviz (dot) mangler: kjør testene med `make test`, som installerer det")


@pytest.mark.usefixtures("graphviz")
@pytest.mark.parametrize("flyt", FLYTER, ids=lambda f: f.navn)
def test_the_diagram_speaks_the_sekretariats_words_and_no_code(flyt: Arbeidsflyt) -> None:
    svg = diagram(flyt)
    tekst = " ".join(alt_tekst(svg).split())  # a long name is wrapped over lines
    for rad in overganger(flyt):
        assert rad.fra in tekst and rad.hendelse in tekst and rad.til in tekst
    for kode in (*INTERNT, flyt.maskin.__name__):
        assert kode not in svg, kode
    # Ids such as «ikke_tildelt» or «send_inn» are code; «mottatt» is also the word.
    for kode in [*flyt.tilstander, *flyt.hendelser]:
        if "_" in kode:
            assert kode not in svg, kode


@pytest.mark.usefixtures("graphviz")
def test_the_diagram_shows_each_rule_as_plain_text_beside_its_event() -> None:
    tekst = alt_tekst(diagram(RS))
    for regel in ("Søknaden står på SSUs vedtatte prioriteringsliste",
                  "Søknaden har ingen tildeling fra den lokale potten",  # an unless= rule
                  "Søknadsfristen er ikke passert"):  # fmt: skip
        assert regel in " ".join(tekst.split()), regel
    assert "har_lokal_tildeling" not in tekst


@pytest.mark.usefixtures("graphviz")
@pytest.mark.parametrize("flyt", FLYTER, ids=lambda f: f.navn)
def test_the_diagram_text_is_at_least_14_px_at_its_natural_size(flyt: Arbeidsflyt) -> None:
    rot = ET.fromstring(diagram(flyt))
    bredde_pt = float(rot.get("width", "0").removesuffix("pt"))
    visning = float(rot.get("viewBox", "0 0 1 1").split()[2])
    px_per_enhet = bredde_pt * 4 / 3 / visning  # 1 pt is 4/3 px
    storrelser = [float(t.get("font-size", "0")) for t in rot.iter(f"{SVG}text")]
    assert storrelser and min(storrelser) * px_per_enhet >= 14


def test_an_event_from_many_states_is_drawn_once_from_a_note() -> None:
    kilde: list[str] = []

    def fang(tittel: str, bokser: object, piler: object, felles: object = ()) -> str:
        kilde.append(tegning.diagramkilde(tittel, bokser, piler, felles))  # type: ignore[arg-type]
        return ""

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("tilskudd_flow.soknader.bilder.arbeidsflytdiagram", fang)
        diagram(RS)
    assert kilde[0].count("<B>Trekk søknaden</B>") == 1
    assert "Fra Utkast, Mottatt" in kilde[0]


def test_the_transition_table_carries_the_rules() -> None:
    rader = {(r.fra, r.hendelse, r.til): r.vilkaar for r in overganger(RS)}
    assert rader[("Vurdert", "Prioriter i SSU", "Prioritert i SSU")] == (
        "Søknaden står på SSUs vedtatte prioriteringsliste",
    )
    assert rader[("Mottatt", "Avvis", "Avvist")] == ()


@pytest.mark.parametrize("flyt", [RS, FSU], ids=lambda f: f.navn)
def test_the_fallback_diagram_draws_every_state_once_by_its_ui_name(
    flyt: Arbeidsflyt, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("shutil.which", lambda _navn: None)
    svg = diagram(flyt)
    rot = ET.fromstring(svg)
    assert len(list(rot.iter(f"{SVG}rect"))) == len(flyt.tilstander)
    assert sorted(tekster(svg)) == sorted(
        n if len(n) <= 26 else n[:25] + "…" for n in map(flyt.tilstandsnavn, flyt.tilstander)
    )
    flytter = [r for r in overganger(flyt) if r.fra != r.til]
    assert len(list(rot.iter(f"{SVG}line"))) == len(flytter)
    sluttilstander = any(flyt.er_avsluttet(t) for t in flyt.tilstander)
    tykke = {b.get("stroke-width") for b in rot.iter(f"{SVG}rect")}
    assert tykke == ({"1.5", "3"} if sluttilstander else {"1.5"})


# --- The round in kroner ---------------------------------------------------------------------


def test_the_round_picture_measures_kroner_not_søknader() -> None:
    svg = rundebilde([Trinn("Mottatt", 4, 20_000_000_00, 0),
                      Trinn("Tildelt", 1, 3_000_000_00, 2_500_000_00)], "Runden")  # fmt: skip
    stolper = [r for r in ET.fromstring(svg).iter(f"{SVG}rect") if r.get("height") == "20"]
    bredder = [float(r.get("width", 0)) for r in stolper]
    mottatt_sokt, mottatt_tildelt, tildelt_sokt, tildelt_tildelt = bredder
    # One scale for all bars: the longest (20 mill.) is 340 px.
    assert mottatt_sokt == pytest.approx(340, abs=1)
    assert tildelt_sokt == pytest.approx(340 * 3 / 20, abs=1)
    assert tildelt_tildelt == pytest.approx(340 * 2.5 / 20, abs=1)
    assert mottatt_tildelt == 0
    alle = [" ".join(t.split()) for t in tekster(svg)]
    assert "Søkt: kr 20 000 000" in alle and "Tildelt: kr 2 500 000" in alle
    assert "Mottatt (4 søknader)" in alle and "Tildelt (1 søknad)" in alle


def test_amounts_are_written_in_norwegian_by_babel() -> None:
    trinn = Trinn("Tildelt", 1, 1_250_000_00, 1_250_050)
    assert trinn.sokt == "kr\xa01\xa0250\xa0000"
    assert trinn.tildelt == "kr\xa012\xa0500,50"


# --- The year as a wheel ---------------------------------------------------------------------


def _merke(svg: str, nr: int) -> tuple[float, float, str]:
    for gruppe in ET.fromstring(svg).iter(f"{SVG}g"):
        sirkel, tittel = gruppe.find(f"{SVG}circle"), gruppe.find(f"{SVG}title")
        if sirkel is not None and tittel is not None and (tittel.text or "").startswith(f"{nr}. "):
            return float(sirkel.get("cx", 0)), float(sirkel.get("cy", 0)), tittel.text or ""
    raise AssertionError(f"no mark {nr}")


def test_the_wheel_puts_1_october_at_its_angle_and_names_each_case() -> None:
    idag = date(2025, 9, 8)
    svg = aarshjul(idag, [Tidspunkt(date(2025, 10, 1), "Søknadsfrist RS-tilskudd 2026"),
                          Tidspunkt(date(2026, 3, 31), "Sluttrapport: Fremtidens "
                                    "helsefagarbeider (RS-4)")], "Årshjul")  # fmt: skip
    assert vinkel(date(2025, 10, 1)) == pytest.approx(360 * 273 / 365)
    x, y, navn = _merke(svg, 1)
    grader = math.radians(360 * 273 / 365)
    midt = HJUL_SIDE / 2
    assert x == pytest.approx(midt + HJUL_RADIUS * math.sin(grader), abs=0.1)
    assert y == pytest.approx(midt - HJUL_RADIUS * math.cos(grader), abs=0.1)
    assert navn == "1. 1. oktober 2025: Søknadsfrist RS-tilskudd 2026"
    assert _merke(svg, 2)[2].endswith("Sluttrapport: Fremtidens helsefagarbeider (RS-4)")
    assert date(2025, 10, 1) - idag == (date(2025, 10, 1) - idag)
    assert "23 dager til" in tekster(svg)
    assert "1. oktober 2025" in tekster(svg)


def test_the_wheel_has_twelve_months_and_todays_hand() -> None:
    svg = aarshjul(date(2026, 12, 6), [], "Årshjul")
    for maaned in ("januar", "juni", "desember"):
        assert maaned in tekster(svg)
    assert "Ingen frister det neste året" in tekster(svg)
    assert "I dag: 6. desember 2026" in alt_tekst(svg)


def test_on_the_day_itself_the_centre_says_today_and_one_day_is_singular() -> None:
    frist = [Tidspunkt(date(2026, 6, 1), "Innspill til avtalerevisjon 2026")]
    assert "I dag" in tekster(aarshjul(date(2026, 6, 1), frist, "Årshjul"))
    assert "1 dag til" in tekster(aarshjul(date(2026, 5, 31), frist, "Årshjul"))


def test_names_with_markup_characters_are_escaped() -> None:
    svg = aarshjul(date(2026, 1, 1), [Tidspunkt(date(2026, 2, 1), "Rapport: <Q&A> «x»")], "Å")
    assert "Rapport: <Q&A> «x»" in alt_tekst(svg)
