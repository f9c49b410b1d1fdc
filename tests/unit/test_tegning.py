"""The pictures drawn without Graphviz: well-formed SVG that says what the data says."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from tilskudd_flow.dokumenter import tegning
from tilskudd_flow.dokumenter.tegning import Tidspunkt, Trinn, lagdelt_diagram, tidslinje, trakt
from workflows.fsu_etablering import ARBEIDSFLYT as FSU
from workflows.rs_soknad import ARBEIDSFLYT as RS

SVG = "{http://www.w3.org/2000/svg}"


def tekster(svg: str) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text")]


@pytest.mark.parametrize("flyt", [RS, FSU], ids=lambda f: f.navn)
def test_the_fallback_diagram_draws_every_state_once_and_every_transition(flyt: object) -> None:
    maskin = flyt.maskin  # type: ignore[attr-defined]
    rot = ET.fromstring(lagdelt_diagram(maskin))
    bokser = list(rot.iter(f"{SVG}rect"))
    assert len(bokser) == len(maskin.states)
    assert sorted(tekster(lagdelt_diagram(maskin))) == sorted(
        s.name if len(s.name) <= 24 else s.name[:23] + "…" for s in maskin.states
    )
    kanter = {(s.id, o.target.id) for s in maskin.states for o in s.transitions
              if o.target is not None and o.target.id != s.id}  # fmt: skip
    assert len(list(rot.iter(f"{SVG}line"))) == sum(
        1
        for s in maskin.states
        for o in s.transitions
        if o.target is not None and o.target.id != s.id
    )
    assert kanter  # a workflow without transitions would draw nothing to check
    sluttilstander = {s.name for s in maskin.states if s.final}
    tykke = {b.get("stroke-width") for b in bokser}
    assert tykke == ({"1.5", "3"} if sluttilstander else {"1.5"})


def test_without_graphviz_the_web_gets_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.which", lambda _navn: None)
    assert tegning.arbeidsflytdiagram(RS.maskin) == lagdelt_diagram(RS.maskin)


def test_the_timeline_puts_each_deadline_in_its_month() -> None:
    svg = tidslinje(2025, [Tidspunkt(date(2025, 10, 1), "Søknadsfrist"),
                           Tidspunkt(date(2025, 6, 1), "Innspill")], "Frister i 2025")  # fmt: skip
    rot = ET.fromstring(svg)
    assert rot.find(f"{SVG}title").text == "Frister i 2025"  # type: ignore[union-attr]
    assert "1. juni 2025: Innspill" in tekster(svg)
    punkter = sorted(float(c.get("cx", 0)) for c in rot.iter(f"{SVG}circle"))
    bredde = 1000 - 60
    assert punkter[0] == pytest.approx(30 + bredde * 151 / 365, abs=1)
    assert punkter[1] == pytest.approx(30 + bredde * 273 / 365, abs=1)


def test_a_long_name_in_mid_year_starts_at_the_left_edge_and_is_not_cut_off() -> None:
    """Issue 19: entries name their project; a whole title must fit in the picture."""
    navn = ("Sluttrapport: Helgelandssykepleier – utdanning, rekruttering og stabilisering av "
            "sykepleiere på Helgeland (RS-3)")  # fmt: skip
    svg = tidslinje(2025, [Tidspunkt(date(2025, 6, 16), navn),
                           Tidspunkt(date(2025, 3, 1), "Kort")], "Frister i 2025")  # fmt: skip
    tekst = {t.text: t for t in ET.fromstring(svg).iter(f"{SVG}text")}
    lang = tekst[f"16. juni 2025: {navn}"]
    assert (lang.get("x"), lang.get("text-anchor")) == ("30", "start")
    kort = tekst["1. mars 2025: Kort"]
    assert kort.get("text-anchor") == "start" and float(kort.get("x", 0)) > 100  # by its marker


def test_the_funnel_bars_follow_the_counts_and_name_the_sums() -> None:
    svg = trakt([Trinn("Mottatt", 4, 20_000_000_00, 0), Trinn("Tildelt", 1, 3_000_000_00,
                                                              2_500_000_00)], "Runden")  # fmt: skip
    bredder = [float(r.get("width", 0)) for r in ET.fromstring(svg).iter(f"{SVG}rect")]
    assert bredder[0] == pytest.approx(4 * bredder[1])
    assert "søkt kr 3 000 000, tildelt kr 2 500 000" in tekster(svg)
    assert "Mottatt: 4" in tekster(svg)
