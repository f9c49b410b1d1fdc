"""Pictures drawn on the server as SVG: workflow diagrams, the year as a timeline, the
round as a funnel. Workflow diagrams use Graphviz's `dot` when it is installed (Debian's
graphviz package); without it a simpler layered drawing is made here, so nothing is ever
fetched from elsewhere. SVG attributes only (no style attributes): the pages' CSP holds."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from statemachine import StateMachine
from statemachine.contrib.diagram import DotGraphMachine

from tilskudd_flow.domain.amounts import formater_kroner
from tilskudd_flow.domain.tid import norsk_dato

FARGE = "#0b5394"
MAANEDER = ("jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des")


def arbeidsflytdiagram(maskin: type[StateMachine]) -> str:
    """The workflow's states and transitions, by Graphviz when present."""
    if shutil.which("dot") is not None:
        svg: bytes = DotGraphMachine(maskin).get_graph().create_svg()
        return svg.decode("utf-8")
    return lagdelt_diagram(maskin)


def lagdelt_diagram(maskin: type[StateMachine]) -> str:
    """States in layers by distance from the start, transitions as labelled arrows."""
    lag = _lag(maskin)
    bredde, hoyde, avstand_x, avstand_y = 170, 40, 200, 90
    plass: dict[str, tuple[float, float]] = {}
    for rad, tilstander in enumerate(lag):
        for kolonne, tilstand in enumerate(tilstander):
            plass[tilstand] = (20 + kolonne * avstand_x, 20 + rad * avstand_y)
    flest = max(len(t) for t in lag)
    total_b, total_h = 40 + flest * avstand_x, 40 + len(lag) * avstand_y
    deler = [_svg_start(total_b, total_h, f"Arbeidsflyten {maskin.name}"),
             '<defs><marker id="pil" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
             f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
             f'fill="{FARGE}"/></marker></defs>']  # fmt: skip
    for tilstand in maskin.states:
        for overgang in tilstand.transitions:
            if overgang.target is None or overgang.target.id == tilstand.id:
                continue
            fra, til = _kanter(plass[tilstand.id], plass[overgang.target.id], bredde, hoyde)
            deler.append(f'<line x1="{fra[0]:.0f}" y1="{fra[1]:.0f}" x2="{til[0]:.0f}" '
                         f'y2="{til[1]:.0f}" stroke="{FARGE}" stroke-width="1.2" '
                         'marker-end="url(#pil)"/>')  # fmt: skip
    for tilstand in maskin.states:
        x, y = plass[tilstand.id]
        ramme = 3 if tilstand.final else 1.5
        deler.append(f'<rect x="{x}" y="{y}" width="{bredde}" height="{hoyde}" rx="8" '
                     f'fill="#eaf1f8" stroke="{FARGE}" stroke-width="{ramme}"/>')  # fmt: skip
        deler.append(_tekst(x + bredde / 2, y + hoyde / 2 + 5, _kort(tilstand.name, 24), 13))
    deler.append("</svg>")
    return "\n".join(deler)


def _kanter(
    kilde: tuple[float, float], maal: tuple[float, float], bredde: float, hoyde: float
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Where an arrow leaves one box and meets the other: down, up, or sideways in a row."""
    (x1, y1), (x2, y2) = kilde, maal
    if y2 > y1:
        return (x1 + bredde / 2, y1 + hoyde), (x2 + bredde / 2, y2)
    if y2 < y1:
        return (x1 + bredde / 2, y1), (x2 + bredde / 2, y2 + hoyde)
    if x2 > x1:
        return (x1 + bredde, y1 + hoyde / 2), (x2, y2 + hoyde / 2)
    return (x1, y1 + hoyde / 2), (x2 + bredde, y2 + hoyde / 2)


@dataclass(frozen=True)
class Tidspunkt:
    dato: date
    navn: str


def tidslinje(aar: int, punkter: Sequence[Tidspunkt], tittel: str) -> str:
    """One calendar year left to right, each deadline a marker with its name below."""
    bredde, venstre, hoyre, linje_y = 1000, 30, 30, 50
    lengde = bredde - venstre - hoyre
    deler = [_svg_start(bredde, 90 + 22 * len(punkter), tittel),
             f'<line x1="{venstre}" y1="{linje_y}" x2="{bredde - hoyre}" y2="{linje_y}" '
             f'stroke="{FARGE}" stroke-width="3"/>']  # fmt: skip
    for nr, navn in enumerate(MAANEDER):
        x = venstre + lengde * nr / 12
        deler.append(f'<line x1="{x:.0f}" y1="{linje_y - 8}" x2="{x:.0f}" y2="{linje_y + 8}" '
                     f'stroke="{FARGE}"/>')  # fmt: skip
        deler.append(_tekst(x + lengde / 24, linje_y - 14, navn, 12))
    start = date(aar, 1, 1)
    dager = (date(aar + 1, 1, 1) - start).days
    for nr, punkt in enumerate(sorted(punkter, key=lambda p: p.dato)):
        x = venstre + lengde * (punkt.dato - start).days / dager
        y = 80 + 22 * nr
        deler.append(f'<circle cx="{x:.0f}" cy="{linje_y}" r="6" fill="#e07000"/>')
        deler.append(f'<line x1="{x:.0f}" y1="{linje_y + 6}" x2="{x:.0f}" y2="{y - 12}" '
                     'stroke="#8a8a8a" stroke-dasharray="2,2"/>')  # fmt: skip
        tekst = f"{norsk_dato(punkt.dato)}: {punkt.navn}"
        tekst_x, anker = _etikett(x, tekst, bredde, venstre)
        deler.append(_tekst(tekst_x, y, tekst, 12, anker=anker))
    deler.append("</svg>")
    return "\n".join(deler)


def _etikett(x: float, tekst: str, bredde: int, kant: int) -> tuple[float, str]:
    """Under its marker, running away from the nearer end of the year; a name too long for
    that side (a project's whole title) starts at the left edge instead, led by its date,
    so no name is cut off."""
    lengde = len(tekst) * 12 * 0.55  # 12 px text: about 0.55 em a letter
    if x > bredde * 0.6:
        return (x, "end") if x - lengde >= kant else (kant, "start")
    return (x, "start") if x + lengde <= bredde - kant else (kant, "start")


@dataclass(frozen=True)
class Trinn:
    navn: str
    antall: int
    sokt_ore: int
    tildelt_ore: int


def trakt(trinn: Sequence[Trinn], tittel: str) -> str:
    """The round narrowing step by step: name and count, a bar, the sums applied and awarded."""
    bredde, hoyde_rad, start_x, lengst = 900, 40, 200, 380
    storst = max((t.antall for t in trinn), default=0) or 1
    deler = [_svg_start(bredde, 10 + hoyde_rad * len(trinn), tittel)]
    for nr, t in enumerate(trinn):
        lengde = max(3.0, lengst * t.antall / storst)
        y = 5 + nr * hoyde_rad
        deler.append(_tekst(start_x - 10, y + 20, f"{t.navn}: {t.antall}", 13, anker="end"))
        deler.append(f'<rect x="{start_x}" y="{y}" width="{lengde:.0f}" height="{hoyde_rad - 12}" '
                     f'rx="4" fill="{FARGE}"/>')  # fmt: skip
        belop = f"søkt {formater_kroner(t.sokt_ore)}" + (
            f", tildelt {formater_kroner(t.tildelt_ore)}" if t.tildelt_ore else ""
        )
        deler.append(_tekst(start_x + lengde + 10, y + 20, belop, 13, anker="start"))
    deler.append("</svg>")
    return "\n".join(deler)


def _lag(maskin: type[StateMachine]) -> list[list[str]]:
    """States by their shortest distance from the initial state (unreachable ones last)."""
    start = next(s for s in maskin.states if s.initial)
    avstand = {start.id: 0}
    ko = [start]
    while ko:
        tilstand = ko.pop(0)
        for overgang in tilstand.transitions:
            maal = overgang.target
            if maal is not None and maal.id not in avstand:
                avstand[maal.id] = avstand[tilstand.id] + 1
                ko.append(maal)
    dypest = max(avstand.values())
    lag: list[list[str]] = [[] for _ in range(dypest + 2)]
    for tilstand in maskin.states:
        lag[avstand.get(tilstand.id, dypest + 1)].append(tilstand.id)
    return [rad for rad in lag if rad]


def _svg_start(bredde: float, hoyde: float, tittel: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {bredde:.0f} {hoyde:.0f}" '
            f'width="{bredde:.0f}" height="{hoyde:.0f}" role="img" font-family="Helvetica, Arial, '
            f'sans-serif"><title>{escape(tittel)}</title>')  # fmt: skip


def _tekst(
    x: float, y: float, tekst: str, storrelse: int, *, anker: str = "middle", farge: str = "#1a1a1a"
) -> str:
    return (f'<text x="{x:.0f}" y="{y:.0f}" font-size="{storrelse}" text-anchor="{anker}" '
            f'fill="{farge}">{escape(tekst)}</text>')  # fmt: skip


def _kort(tekst: str, lengde: int) -> str:
    return tekst if len(tekst) <= lengde else tekst[: lengde - 1] + "…"
