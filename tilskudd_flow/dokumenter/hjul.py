"""The årshjul as a wheel, drawn on the server as SVG: the months around, each deadline a
numbered mark at its date's angle, today as a hand, and the days to the next deadline in the
centre. 1 January is at the top and the year runs clockwise."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from datetime import date
from xml.sax.saxutils import escape

from tilskudd_flow.dokumenter.tegning import FARGE, Tidspunkt, forkort, svg_start, svg_tekst
from tilskudd_flow.domain.norsk import antall
from tilskudd_flow.domain.tid import norsk_dato

MAANEDSNAVN = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
               "september", "oktober", "november", "desember")  # fmt: skip
HJUL_SIDE, HJUL_RADIUS = 480, 170


def vinkel(dag: date) -> float:
    """Where a day sits on the wheel, in degrees clockwise from 1 January at the top."""
    start = date(dag.year, 1, 1)
    return 360 * (dag - start).days / (date(dag.year + 1, 1, 1) - start).days


def paa_hjulet(dag: date, radius: float) -> tuple[float, float]:
    """The point on the wheel for a day, at a distance from the centre."""
    grader = math.radians(vinkel(dag))
    midt = HJUL_SIDE / 2
    return midt + radius * math.sin(grader), midt - radius * math.cos(grader)


def aarshjul(idag: date, punkter: Sequence[Tidspunkt], tittel: str) -> str:
    """The year as a wheel: months around, each deadline a numbered mark at its date (numbered
    in date order, as the list beside it), today as a hand, and the days to the next deadline
    in the centre. `punkter` are the coming year's deadlines from `idag`."""
    rekke = sorted(punkter, key=lambda p: p.dato)
    midt = HJUL_SIDE / 2
    deler = [svg_start(HJUL_SIDE, HJUL_SIDE, tittel),
             f'<circle cx="{midt:.0f}" cy="{midt:.0f}" r="{HJUL_RADIUS}" fill="#f5f9fd" '
             f'stroke="{FARGE}" stroke-width="3"/>', *_maaneder(idag.year)]  # fmt: skip
    deler.extend(_viser(idag))
    deler.extend(_merker(rekke))
    deler.extend(_sentrum(idag, rekke))
    deler.append("</svg>")
    return "\n".join(deler)


def _maaneder(aar: int) -> list[str]:
    deler = []
    for nr, navn in enumerate(MAANEDSNAVN, start=1):
        (x1, y1), (x2, y2) = (paa_hjulet(date(aar, nr, 1), r) for r in (HJUL_RADIUS - 14,
                                                                        HJUL_RADIUS))  # fmt: skip
        deler.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                     f'stroke="{FARGE}" stroke-width="2"/>')  # fmt: skip
        x, y = paa_hjulet(date(aar, nr, 15), HJUL_RADIUS - 36)
        deler.append(svg_tekst(x, y + 5, navn, 14))
    return deler


def _viser(idag: date) -> list[str]:
    """Today's hand, from the edge of the centre to the ring."""
    (x1, y1), (x2, y2) = paa_hjulet(idag, 104), paa_hjulet(idag, HJUL_RADIUS - 4)
    return [f'<g><title>I dag: {escape(norsk_dato(idag))}</title>'
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#c0392b" '
            f'stroke-width="4" stroke-linecap="round"/>'
            f'<circle cx="{x2:.1f}" cy="{y2:.1f}" r="6" fill="#c0392b"/></g>']  # fmt: skip


def _merker(rekke: Sequence[Tidspunkt]) -> list[str]:
    """A numbered mark per deadline on the ring; one too close to the last moves outwards."""
    deler, forrige, radius = [], (-100.0, -100.0), float(HJUL_RADIUS)
    for nr, punkt in enumerate(rekke, start=1):
        radius = HJUL_RADIUS if _avstand(paa_hjulet(punkt.dato, HJUL_RADIUS), forrige) >= 26 \
            else (radius + 26 if radius < HJUL_RADIUS + 52 else HJUL_RADIUS)  # fmt: skip
        x, y = forrige = paa_hjulet(punkt.dato, radius)
        navn = f"{nr}. {norsk_dato(punkt.dato)}: {punkt.navn}"
        tall = svg_tekst(x, y + 5, str(nr), 13, farge="#000000", vekt="bold")
        deler.append(f"<g><title>{escape(navn)}</title>"
                     f'<circle cx="{x:.1f}" cy="{y:.1f}" r="12" fill="#e07000" stroke="white" '
                     f'stroke-width="2"/>{tall}</g>')  # fmt: skip
    return deler


def _avstand(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def _sentrum(idag: date, rekke: Sequence[Tidspunkt]) -> list[str]:
    """Days left to the next deadline, its name and date; or that none is coming."""
    midt = HJUL_SIDE / 2
    neste = next((p for p in rekke if p.dato >= idag), None)
    if neste is None:
        return [svg_tekst(midt, midt + 5, "Ingen frister det neste året", 15)]
    dager = (neste.dato - idag).days
    topp = "I dag" if dager == 0 else f"{antall(dager, 'dag', 'dager')} til"
    linjer = textwrap.wrap(neste.navn, 22)
    if len(linjer) > 3:
        linjer = [*linjer[:2], forkort(linjer[2] + " …", 22)]
    y = midt - 14 * len(linjer) - 6
    deler = [svg_tekst(midt, y, topp, 24, vekt="bold")]
    for nr, linje in enumerate(linjer):
        deler.append(svg_tekst(midt, y + 26 + 18 * nr, linje, 15))
    deler.append(
        svg_tekst(midt, y + 30 + 18 * len(linjer), norsk_dato(neste.dato), 15, vekt="bold")
    )
    return deler
