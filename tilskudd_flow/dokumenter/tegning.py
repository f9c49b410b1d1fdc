"""Pictures drawn on the server as SVG: workflow diagrams, the year as a wheel, the round
in kroner. Workflow diagrams use Graphviz's `dot` when it is installed (Debian's
graphviz package); without it a simpler layered drawing is made here, so nothing is ever
fetched from elsewhere. SVG attributes only (no style attributes): the pages' CSP holds.
Text is 14 px or more at the picture's natural size; pages show it unscaled in a frame that
scrolls, so a picture is never shrunk into illegibility."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from tilskudd_flow.domain.amounts import formater_kroner
from tilskudd_flow.domain.tid import norsk_dato

FARGE = "#0b5394"


def kroner(ore: int) -> str:
    """The app's one amount format («kr 1 250 000»), with no-break spaces so an amount never
    wraps inside a picture or its table."""
    return formater_kroner(ore).replace(" ", "\u00a0")


@dataclass(frozen=True)
class Boks:
    """A state as the diagram shows it: its name in the UI, and the events that leave the case
    where it is (written inside the box, not as loops)."""

    navn: str
    start: bool = False
    slutt: bool = False
    her: tuple[Pil, ...] = ()


@dataclass(frozen=True)
class Pil:
    """A transition as the diagram shows it: the event's name in the UI and its rules."""

    fra: str
    til: str
    hendelse: str
    vilkaar: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fellespil:
    """One event that leads from many states to the same one («Trekk søknaden» from six):
    drawn once, from a note naming the states, so six long arrows do not cross the picture."""

    fra: tuple[str, ...]
    til: str
    hendelse: str
    vilkaar: tuple[str, ...] = ()


# Graphviz works in points: 11 pt is 14.7 px at the SVG's natural size.
PUNKT_TEKST, PUNKT_TILSTAND = 11, 12
SKRIFT = "DejaVu Sans"


def arbeidsflytdiagram(
    tittel: str, bokser: Sequence[Boks], piler: Sequence[Pil], felles: Sequence[Fellespil] = ()
) -> str:
    """The workflow's states and transitions, by Graphviz when present."""
    if shutil.which("dot") is None:
        alle = [*piler, *(Pil(fra, f.til, f.hendelse) for f in felles for fra in f.fra)]
        return lagdelt_diagram(tittel, bokser, alle)
    kilde = diagramkilde(tittel, bokser, piler, felles)
    kjort = subprocess.run(["dot", "-Tsvg"], input=kilde.encode(),
                           capture_output=True, check=True, timeout=30)  # fmt: skip
    return kjort.stdout.decode("utf-8")


def diagramkilde(
    tittel: str, bokser: Sequence[Boks], piler: Sequence[Pil], felles: Sequence[Fellespil] = ()
) -> str:
    """The diagram in Graphviz's DOT language: nodes are named by the states' UI names, so
    the SVG's tooltips and comments say what the boxes say."""
    linjer = [f"digraph {_dot_id(tittel)} {{",
              f'  graph [rankdir=TB, fontname="{SKRIFT}", nodesep=0.4, ranksep=0.55, '
              'bgcolor="transparent"];',
              f'  node [shape=box, style="rounded,filled", fillcolor="#eaf1f8", color="{FARGE}", '
              f'fontname="{SKRIFT}", fontsize={PUNKT_TILSTAND}, margin="0.2,0.1"];',
              f'  edge [color="{FARGE}", fontname="{SKRIFT}", fontsize={PUNKT_TEKST}, '
              'fontcolor="#1a1a1a"];',
              f'  {_dot_id("Start")} [shape=circle, label="", width=0.25, style=filled, '
              f'fillcolor="{FARGE}"];']  # fmt: skip
    for boks in bokser:
        ramme = ', peripheries=2, fillcolor="#f2f2f2"' if boks.slutt else ""
        linjer.append(f"  {_dot_id(boks.navn)} [label=<{_tilstandsetikett(boks)}>{ramme}];")
        if boks.start:
            linjer.append(f"  {_dot_id('Start')} -> {_dot_id(boks.navn)};")
    for pil in piler:
        linjer.append(f"  {_dot_id(pil.fra)} -> {_dot_id(pil.til)} "
                      f"[label=<{_hendelsesetikett(pil)}>];")  # fmt: skip
    for samlet in felles:
        merknad = _dot_id(f"{samlet.hendelse}: fra flere tilstander")
        fra = "<BR/>".join(_linjer("Fra " + ", ".join(samlet.fra), 40))
        linjer.append(f'  {merknad} [shape=note, style="dashed", fillcolor="white", '
                      f"fontsize={PUNKT_TEKST}, label=<{fra}>];")  # fmt: skip
        pil = Pil("", samlet.til, samlet.hendelse, samlet.vilkaar)
        linjer.append(f"  {merknad} -> {_dot_id(samlet.til)} [label=<{_hendelsesetikett(pil)}>];")
    linjer.append("}")
    return "\n".join(linjer)


def _dot_id(tekst: str) -> str:
    return '"' + tekst.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _linjer(tekst: str, bredde: int = 28) -> list[str]:
    return [escape(linje) for linje in textwrap.wrap(tekst, bredde)] or [""]


def _hendelsesetikett(pil: Pil) -> str:
    """The event in bold, each rule below it, wrapped so an arrow's label stays narrow."""
    deler = [f"<B>{linje}</B>" for linje in _linjer(pil.hendelse)]
    for regel in pil.vilkaar:
        deler.extend(_linjer(f"• {regel}"))
    return '<BR ALIGN="LEFT"/>'.join(deler) + '<BR ALIGN="LEFT"/>'


def _tilstandsetikett(boks: Boks) -> str:
    deler = [f"<B>{linje}</B>" for linje in _linjer(boks.navn, 28)]
    for pil in boks.her:
        tekster = [f"↻ {pil.hendelse}", *(f"• {regel}" for regel in pil.vilkaar)]
        deler.extend(f'<FONT POINT-SIZE="{PUNKT_TEKST}">{linje}</FONT>'
                     for tekst in tekster for linje in _linjer(tekst, 40))  # fmt: skip
    return "<BR/>".join(deler)


def lagdelt_diagram(tittel: str, bokser: Sequence[Boks], piler: Sequence[Pil]) -> str:
    """States in layers by distance from the start, transitions as arrows (no Graphviz)."""
    lag = _lag(bokser, piler)
    bredde, hoyde, avstand_x, avstand_y = 220, 44, 250, 96
    plass: dict[str, tuple[float, float]] = {}
    for rad, tilstander in enumerate(lag):
        for kolonne, tilstand in enumerate(tilstander):
            plass[tilstand] = (20 + kolonne * avstand_x, 20 + rad * avstand_y)
    flest = max(len(t) for t in lag)
    total_b, total_h = 40 + flest * avstand_x, 40 + len(lag) * avstand_y
    deler = [svg_start(total_b, total_h, tittel),
             '<defs><marker id="pil" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
             f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
             f'fill="{FARGE}"/></marker></defs>']  # fmt: skip
    for pil in piler:
        if pil.fra == pil.til:
            continue
        fra, til = _kanter(plass[pil.fra], plass[pil.til], bredde, hoyde)
        deler.append(f'<line x1="{fra[0]:.0f}" y1="{fra[1]:.0f}" x2="{til[0]:.0f}" '
                     f'y2="{til[1]:.0f}" stroke="{FARGE}" stroke-width="1.2" '
                     'marker-end="url(#pil)"/>')  # fmt: skip
    for boks in bokser:
        x, y = plass[boks.navn]
        ramme = 3 if boks.slutt else 1.5
        deler.append(f'<rect x="{x}" y="{y}" width="{bredde}" height="{hoyde}" rx="8" '
                     f'fill="#eaf1f8" stroke="{FARGE}" stroke-width="{ramme}"/>')  # fmt: skip
        deler.append(svg_tekst(x + bredde / 2, y + hoyde / 2 + 5, forkort(boks.navn, 26), 15))
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

    @property
    def vist(self) -> str:
        return norsk_dato(self.dato)


@dataclass(frozen=True)
class Trinn:
    navn: str
    antall: int
    sokt_ore: int
    tildelt_ore: int

    @property
    def sokt(self) -> str:
        return kroner(self.sokt_ore)

    @property
    def tildelt(self) -> str:
        return kroner(self.tildelt_ore)


SOKT_FARGE, TILDELT_FARGE = "#9fc5e8", "#0b5394"


def rundebilde(trinn: Sequence[Trinn], tittel: str) -> str:
    """Per state: kroner applied for and kroner awarded, as two bars on one scale, each with
    its amount above it (narrow enough for a phone without scrolling)."""
    bredde, rad, venstre, lengst = 350, 124, 4, 340
    storst = max((max(t.sokt_ore, t.tildelt_ore) for t in trinn), default=0) or 1
    deler = [svg_start(bredde, 44 + rad * len(trinn), tittel), *_forklaring(venstre)]
    for nr, t in enumerate(trinn):
        y = 44 + nr * rad
        soknader = f"{t.antall} søknad" if t.antall == 1 else f"{t.antall} søknader"
        deler.append(svg_tekst(venstre, y + 16, f"{t.navn} ({soknader})", 15, anker="start",
                            vekt="bold"))  # fmt: skip
        stolper = (("Søkt", t.sokt_ore, SOKT_FARGE), ("Tildelt", t.tildelt_ore, TILDELT_FARGE))
        for linje, (hva, ore, farge) in enumerate(stolper):
            topp = y + 24 + linje * 46
            lengde = max(2.0, lengst * ore / storst) if ore else 0
            deler.append(svg_tekst(venstre, topp + 14, f"{hva}: {kroner(ore)}", 15, anker="start"))
            deler.append(f'<rect x="{venstre}" y="{topp + 20}" width="{lengde:.0f}" '
                         f'height="20" fill="{farge}" stroke="{TILDELT_FARGE}" '
                         'stroke-width="1"/>')  # fmt: skip
    deler.append("</svg>")
    return "\n".join(deler)


def _forklaring(x: float) -> list[str]:
    """The key: which bar is applied for and which awarded."""
    return [f'<rect x="{x}" y="8" width="18" height="18" fill="{SOKT_FARGE}" '
            f'stroke="{TILDELT_FARGE}"/>', svg_tekst(x + 26, 23, "Søkt", 15, anker="start"),
            f'<rect x="{x + 100}" y="8" width="18" height="18" fill="{TILDELT_FARGE}"/>',
            svg_tekst(x + 126, 23, "Tildelt", 15, anker="start")]  # fmt: skip


def _lag(bokser: Sequence[Boks], piler: Sequence[Pil]) -> list[list[str]]:
    """States by their shortest distance from the initial state (unreachable ones last)."""
    start = next(b.navn for b in bokser if b.start)
    avstand = {start: 0}
    ko = [start]
    while ko:
        tilstand = ko.pop(0)
        for pil in piler:
            if pil.fra == tilstand and pil.til not in avstand:
                avstand[pil.til] = avstand[tilstand] + 1
                ko.append(pil.til)
    dypest = max(avstand.values())
    lag: list[list[str]] = [[] for _ in range(dypest + 2)]
    for boks in bokser:
        lag[avstand.get(boks.navn, dypest + 1)].append(boks.navn)
    return [rad for rad in lag if rad]


def svg_start(bredde: float, hoyde: float, tittel: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {bredde:.0f} {hoyde:.0f}" '
            f'width="{bredde:.0f}" height="{hoyde:.0f}" role="img" font-family="Helvetica, Arial, '
            f'sans-serif"><title>{escape(tittel)}</title>')  # fmt: skip


def svg_tekst(
    x: float,
    y: float,
    tekst: str,
    storrelse: int,
    *,
    anker: str = "middle",
    farge: str = "#1a1a1a",
    vekt: str = "normal",
) -> str:
    return (f'<text x="{x:.0f}" y="{y:.0f}" font-size="{storrelse}" text-anchor="{anker}" '
            f'fill="{farge}" font-weight="{vekt}">{escape(tekst)}</text>')  # fmt: skip


def forkort(tekst: str, lengde: int) -> str:
    return tekst if len(tekst) <= lengde else tekst[: lengde - 1] + "…"
